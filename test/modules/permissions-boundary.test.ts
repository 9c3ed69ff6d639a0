import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Aspects } from "cdktf";
import {
  applyPermissionsBoundary,
  PermissionsBoundary,
  PermissionsBoundaryAspect,
  PermissionsBoundaryProps,
  permissionsBoundaryArn,
  permissionsBoundaryName,
} from "../../modules/permissions-boundary";
import { Decision, IamModel, StackJson } from "../support/iam-simulator";
import { onlyResource, parseJsonAttribute, resourceList, synthJson, testStack } from "../support/synth";
import { testRefusedProps } from "../support/refuses-props";

const base: PermissionsBoundaryProps = { project: "acme", environment: "staging", accountId: "123456789012", region: "us-east-1" };

describe("PermissionsBoundary defaults", () => {
  const stack = testStack("us-east-1", "123456789012");
  const boundary = new PermissionsBoundary(stack, "Boundary", base);
  const json = synthJson(stack);

  test("one managed policy, named and addressed without a look-up", () => {
    expect(boundary.policyName).toBe("acme-staging-boundary");
    expect(boundary.policyArn).toBe("arn:aws:iam::123456789012:policy/acme-staging-boundary");
    expect(permissionsBoundaryName(base)).toBe(boundary.policyName);
    expect(permissionsBoundaryArn({ ...base, region: "cn-north-1" })).toBe("arn:aws-cn:iam::123456789012:policy/acme-staging-boundary");
    expect(onlyResource(json, "aws_iam_policy")).toMatchObject({ name: "acme-staging-boundary" });
  });

  test("a ceiling with the denies that matter", () => {
    const statements = parseJsonAttribute<{ Statement: { Sid: string; Effect: string }[] }>(onlyResource(json, "aws_iam_policy").policy).Statement;
    expect(statements.map((s) => [s.Sid, s.Effect])).toEqual([
      ["Ceiling", "Allow"],
      ["DenyIamChanges", "Deny"],
      ["DenyOrganizationAndAccount", "Deny"],
      ["DenyPassingOtherRoles", "Deny"],
      ["DenyAssumingRoles", "Deny"],
      ["DenyOtherEnvironmentsResources", "Deny"],
      ["DenyOtherEnvironmentsTags", "Deny"],
      ["DenyOtherBuckets", "Deny"],
      ["DenyOtherParameters", "Deny"],
      ["DenyOtherSecrets", "Deny"],
      ["DenyOtherDatabasesSecrets", "Deny"],
    ]);
  });

  test("under it, even a role allowed everything stays in its environment and cannot change IAM", async () => {
    // A role in the same stack, bounded, with an administrator policy: the boundary decides.
    new IamRole(stack, "Admin", {
      name: "acme-staging-admin",
      assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
      permissionsBoundary: boundary.policyArn,
    });
    const model = new IamModel(synthJson(stack) as unknown as StackJson);
    const admin = model
      .role("acme-staging-admin")
      .withIdentityPolicies([{ name: "admin", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }]);
    const decide = (action: string, resource: string, context: Record<string, string> = {}): Promise<Decision> => admin.decide({ action, resource, context });
    const task = "arn:aws:ecs:us-east-1:123456789012:service/acme-staging/api";
    expect(await decide("ecs:UpdateService", task, { "aws:ResourceTag/Environment": "staging" })).toBe("Allowed");
    expect(await decide("ecs:UpdateService", task, { "aws:ResourceTag/Environment": "production" })).toBe("ExplicitlyDenied");
    expect(await decide("ec2:CreateVpc", "arn:aws:ec2:us-east-1:123456789012:vpc/*", { "aws:RequestTag/Environment": "production" })).toBe("ExplicitlyDenied");
    expect(await decide("iam:CreateRole", "arn:aws:iam::123456789012:role/acme-staging-x")).toBe("ExplicitlyDenied");
    expect(await decide("iam:AttachRolePolicy", "arn:aws:iam::123456789012:role/acme-staging-admin")).toBe("ExplicitlyDenied");
    expect(await decide("iam:CreateAccessKey", "arn:aws:iam::123456789012:user/someone")).toBe("ExplicitlyDenied");
    expect(await decide("iam:PassRole", "arn:aws:iam::123456789012:role/acme-staging-api-task")).toBe("Allowed");
    expect(await decide("iam:PassRole", "arn:aws:iam::123456789012:role/acme-production-api-task")).toBe("ExplicitlyDenied");
    expect(await decide("organizations:LeaveOrganization", "*")).toBe("ExplicitlyDenied");
  });
});

describe("PermissionsBoundaryAspect", () => {
  test("sets the boundary on every role under the scope", () => {
    const stack = testStack("us-east-1");
    const trust = JSON.stringify({ Version: "2012-10-17", Statement: [] });
    new IamRole(stack, "A", { name: "acme-staging-a", assumeRolePolicy: trust });
    new IamRole(stack, "B", { name: "acme-staging-b", assumeRolePolicy: trust, permissionsBoundary: "arn:aws:iam::123456789012:policy/other" });
    Aspects.of(stack).add(new PermissionsBoundaryAspect("arn:aws:iam::123456789012:policy/acme-staging-boundary"));
    expect(resourceList(synthJson(stack), "aws_iam_role").map((r) => r.permissions_boundary)).toEqual([
      "arn:aws:iam::123456789012:policy/acme-staging-boundary",
      "arn:aws:iam::123456789012:policy/acme-staging-boundary",
    ]);
  });
});

describe("applyPermissionsBoundary", () => {
  test("sets the boundary on the roles there now, before any synth, and on roles added later", () => {
    const stack = testStack("us-east-1");
    const trust = JSON.stringify({ Version: "2012-10-17", Statement: [] });
    new IamRole(stack, "Before", { name: "acme-staging-before", assumeRolePolicy: trust });
    applyPermissionsBoundary(stack, "arn:aws:iam::123456789012:policy/acme-staging-boundary");
    // Readers of toTerraform() (the policy command) see it without a synth.
    const unsynthesized = stack.toTerraform() as { resource: { aws_iam_role: Record<string, { permissions_boundary?: string }> } };
    expect(Object.values(unsynthesized.resource.aws_iam_role).map((r) => r.permissions_boundary)).toEqual([
      "arn:aws:iam::123456789012:policy/acme-staging-boundary",
    ]);
    new IamRole(stack, "After", { name: "acme-staging-after", assumeRolePolicy: trust });
    expect(resourceList(synthJson(stack), "aws_iam_role").map((r) => r.permissions_boundary)).toEqual([
      "arn:aws:iam::123456789012:policy/acme-staging-boundary",
      "arn:aws:iam::123456789012:policy/acme-staging-boundary",
    ]);
  });
});

describe("PermissionsBoundary README example", () => {
  test("compiles and synthesizes", () => {
    const stack = testStack("us-east-1");
    // The same code as the usage example in modules/permissions-boundary/README.md.
    const boundary = new PermissionsBoundary(stack, "Boundary-staging", {
      project: "acme",
      environment: "staging",
      accountId: "123456789012",
      region: "us-east-1",
    });
    // In the environment's stack (another stack, no look-up): every role gets it.
    Aspects.of(stack).add(new PermissionsBoundaryAspect(permissionsBoundaryArn({ project: "acme", environment: "staging", accountId: "123456789012", region: "us-east-1" })));
    expect(boundary.policyArn).toBe("arn:aws:iam::123456789012:policy/acme-staging-boundary");
  });
});

describe("PermissionsBoundary refuses bad input, naming it", () => {
  testRefusedProps<PermissionsBoundaryProps>([
    ["a bad project", { project: "Acme" }, /project must be 2 to 32 lowercase letters/],
    ["a bad environment", { environment: "Staging!" }, /environment with the project, must be 2 to 32 lowercase letters/],
    ["a bad account", { accountId: "12" }, /accountId must be a 12-digit AWS account id/],
    ["an unknown region", { region: "us-east-9" }, /region "us-east-9" is not an AWS region/],
  ], { build: (overrides) => new PermissionsBoundary(testStack(), "Boundary", { ...base, ...overrides }) });
});
