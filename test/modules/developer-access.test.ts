import { TerraformStack } from "cdktf";
import {
  ACCESS_REQUEST_MFA_SECONDS,
  DEFAULT_ACCESS_REQUEST_ACTIONS,
  DEFAULT_PREVIEW_ACTIONS,
  DeveloperAccess,
  developerAccessPropProblems,
  DeveloperAccessProps,
} from "../../modules/developer-access";
import { errorsOf, evaluate, StackJson, warningsOf } from "../../policies";
import { testRefusedProps } from "../support/refuses-props";
import { countOf, parseJsonAttribute, type PolicyStatement, resourceList, roleNamed, SynthesizedStack, synthJson, testStack, trustOf } from "../support/synth";

const props = (overrides: Partial<DeveloperAccessProps> = {}): DeveloperAccessProps => ({
  project: "woocom",
  accountId: "123456789012",
  region: "us-east-1",
  stateBucket: { bucketName: "woocom-terraform-state-123456789012", bucketArn: "arn:aws:s3:::woocom-terraform-state-123456789012" },
  previewBoundaryArn: "arn:aws:iam::123456789012:policy/woocom-pv-boundary",
  developers: [
    { name: "sameer", principalArn: "arn:aws:iam::123456789012:user/sameer", canRequestAccess: true },
    { name: "dana", principalArn: "arn:aws:iam::123456789012:user/dana" },
  ],
  environments: ["staging", "production"],
  protectedEnvironments: ["production"],
  ...overrides,
});


function build(overrides: Partial<DeveloperAccessProps> = {}): { stack: TerraformStack; access: DeveloperAccess; json: SynthesizedStack } {
  const stack = testStack("us-east-1", "123456789012");
  const access = new DeveloperAccess(stack, "Developers", props(overrides));
  return { stack, access, json: synthJson(stack) };
}

const managedPolicy = (json: SynthesizedStack, name: string) =>
  parseJsonAttribute<{ Statement: PolicyStatement[] }>(resourceList(json, "aws_iam_policy").find((p) => p.name === name)?.policy).Statement;
/** The policy ARNs attached to a role, by its name (references to the module's policies shown as their names). */
const attachedTo = (json: SynthesizedStack, roleName: string) => {
  const [address] = Object.entries(json.resource?.aws_iam_role ?? {}).find(([, r]) => r.name === roleName) ?? [];
  const policies = json.resource?.aws_iam_policy ?? {};
  return resourceList(json, "aws_iam_role_policy_attachment")
    .filter((a) => a.role === `\${aws_iam_role.${address}.name}`)
    .map((a) => String(a.policy_arn).replace(/^\$\{aws_iam_policy\.([^.]+)\.arn\}$/, (_, key: string) => String(policies[key]?.name)))
    .sort();
};

describe("DeveloperAccess", () => {
  test("the README's example: a role per developer, the access request role for those who may ask", () => {
    const stack = testStack("us-east-1", "123456789012");
    const access = new DeveloperAccess(stack, "Developers", {
      project: "woocom",
      accountId: "123456789012",
      region: "us-east-1",
      stateBucket: { bucketName: "woocom-terraform-state-123456789012", bucketArn: "arn:aws:s3:::woocom-terraform-state-123456789012" },
      previewBoundaryArn: "arn:aws:iam::123456789012:policy/woocom-pv-boundary",
      developers: [
        { name: "sameer", principalArn: "arn:aws:iam::123456789012:user/sameer", canRequestAccess: true },
        { name: "dana", principalArn: "arn:aws:iam::123456789012:user/dana" },
      ],
      environments: ["staging", "production"],
      protectedEnvironments: ["production"],
    });
    expect(access.developerRoles.map((d) => [d.roleName, d.canRequestAccess])).toEqual([
      ["woocom-developer-sameer", true],
      ["woocom-developer-dana", false],
    ]);
    expect(access.accessRequestRole?.roleName).toBe("woocom-access-request");
    expect(access.accessRequestRole?.developers).toEqual(["sameer"]);
    const json = synthJson(stack);
    expect(resourceList(json, "aws_iam_role").map((r) => r.name).sort()).toEqual(["woocom-access-request", "woocom-developer-dana", "woocom-developer-sameer"]);
    // Eight customer managed policies, shared by the developer roles; no inline policy on them.
    expect(countOf(json, "aws_iam_policy")).toBe(8);
    // Nine attachments per developer (ViewOnlyAccess and the eight, within IAM's default quota of ten), two on the access request role.
    expect(countOf(json, "aws_iam_role_policy_attachment")).toBe(20);
    // The access request role's repairs and its denial of production: inline.
    expect(resourceList(json, "aws_iam_role_policy").map((p) => p.name).sort()).toEqual(["protected-environments", "repairs"]);
  });

  test("defaults: one-hour sessions, ViewOnlyAccess and the eight policies on each developer role, ViewOnlyAccess and the guards on the access request role", () => {
    const { json } = build();
    expect(roleNamed(json, "woocom-developer-dana")).toMatchObject({ max_session_duration: 3600, tags: { Name: "woocom-developer-dana", Developer: "dana" } });
    expect(roleNamed(json, "woocom-access-request")).toMatchObject({ max_session_duration: 3600 });
    expect(attachedTo(json, "woocom-developer-dana")).toEqual([
      "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
      "woocom-access-guards",
      "woocom-developer-environments-by-tag",
      "woocom-developer-environments-changes-by-name",
      "woocom-developer-environments-data-by-name",
      "woocom-developer-preview-creates",
      "woocom-developer-preview-iam",
      "woocom-developer-previews-by-name",
      "woocom-developer-previews-by-tag",
    ]);
    expect(attachedTo(json, "woocom-access-request")).toEqual(["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", "woocom-access-guards"]);
  });

  test("trust: the developer's own principal, with MFA, and their name as the source identity", () => {
    const { json } = build();
    expect(trustOf(json, "woocom-developer-dana")).toEqual([
      {
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::123456789012:user/dana" },
        Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
        Condition: {
          Bool: { "aws:MultiFactorAuthPresent": "true" },
          NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
          StringEquals: { "sts:SourceIdentity": "dana" },
        },
      },
    ]);
    // Only the flagged developer, with an MFA sign-in of the last 15 minutes.
    expect(trustOf(json, "woocom-access-request")).toEqual([
      {
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::123456789012:user/sameer" },
        Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
        Condition: {
          Bool: { "aws:MultiFactorAuthPresent": "true" },
          NumericLessThan: { "aws:MultiFactorAuthAge": String(ACCESS_REQUEST_MFA_SECONDS) },
          StringEquals: { "sts:SourceIdentity": "sameer" },
        },
      },
    ]);
  });

  test("previews by name and tag, roles only under the boundary, the previews' state keys", () => {
    const { json } = build();
    expect(managedPolicy(json, "woocom-developer-previews-by-name")).toEqual([
      {
        Sid: "PreviewResourcesByName",
        Effect: "Allow",
        Action: [...DEFAULT_PREVIEW_ACTIONS],
        // The resource type is literal in each (IAM matches no wildcard there), for the services of the preview actions.
        Resource: [
          "arn:aws:lambda:*:123456789012:function:woocom-pv-*",
          "arn:aws:dynamodb:*:123456789012:table/woocom-pv-*",
          "arn:aws:logs:*:123456789012:log-group:*/woocom-pv-*",
          "arn:aws:sqs:*:123456789012:woocom-pv-*",
          "arn:aws:sns:*:123456789012:woocom-pv-*",
          "arn:aws:ssm:*:123456789012:parameter/woocom-pv-*",
          "arn:aws:secretsmanager:*:123456789012:secret:woocom-pv-*",
          "arn:aws:cloudwatch:*:123456789012:alarm:woocom-pv-*",
          "arn:aws:events:*:123456789012:rule/woocom-pv-*",
          "arn:aws:kms:*:123456789012:alias/woocom-pv-*",
          "arn:aws:s3:::woocom-pv-*",
          "arn:aws:secretsmanager:*:123456789012:secret:woocom/pv-*",
          "arn:aws:ssm:*:123456789012:parameter/woocom/pv-*",
        ],
      },
    ]);
    expect(managedPolicy(json, "woocom-developer-previews-by-tag")[0]?.Condition).toEqual({ StringLike: { "aws:ResourceTag/Environment": "pv-*" } });
    const iam = managedPolicy(json, "woocom-developer-preview-iam");
    expect(iam.find((s) => s.Sid === "PreviewRolesUnderBoundary")).toMatchObject({
      Resource: "arn:aws:iam::123456789012:role/woocom-pv-*",
      Condition: { StringEquals: { "iam:PermissionsBoundary": "arn:aws:iam::123456789012:policy/woocom-pv-boundary" } },
    });
    expect(iam.find((s) => s.Sid === "WritePreviewState")).toEqual({
      Sid: "WritePreviewState",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: "arn:aws:s3:::woocom-terraform-state-123456789012/woocom/pv-*",
    });
  });

  test("the denials: the environments' changes, data and state, other environments' tags, the CI and access roles", () => {
    const { json } = build();
    const byTag = managedPolicy(json, "woocom-developer-environments-by-tag");
    const byName = managedPolicy(json, "woocom-developer-environments-changes-by-name");
    const dataByName = managedPolicy(json, "woocom-developer-environments-data-by-name");
    for (const policy of [byTag, byName, dataByName]) expect(policy.every((s) => s.Effect === "Deny")).toBe(true);
    expect(byTag.map((s) => s.Sid)).toEqual(["DenyEnvironmentsChanges", "DenyEnvironmentsData", "DenyOtherEnvironmentsTags"]);
    expect(byTag[2]!.Condition).toEqual({ StringNotLike: { "aws:RequestTag/Environment": "pv-*" }, Null: { "aws:RequestTag/Environment": "false" } });
    const scope = managedPolicy(json, "woocom-developer-preview-iam").filter((s) => s.Effect === "Deny");
    expect(scope.map((s) => s.Sid)).toEqual(["DenyRolesWithoutPreviewBoundary", "DenyEnvironmentsState", "DenyOtherStateListing"]);
    // Read-only, not invisible: the describe, list and get calls stay.
    const changes = [byTag[0]!.Action].flat();
    expect(changes).toEqual(expect.arrayContaining(["lambda:Update*", "lambda:Delete*", "dynamodb:Put*", "s3:Put*", "apigateway:PATCH", "ec2:CreateSecurityGroup"]));
    expect(changes.filter((a) => /:(Describe|List|Get)/.test(String(a)))).toEqual([]);
    expect(byTag[0]!.Condition).toEqual({ StringEquals: { "aws:ResourceTag/Environment": ["staging", "production"] } });
    expect(byName[0]!.Resource).toEqual(
      expect.arrayContaining(["arn:aws:lambda:*:123456789012:function:woocom-staging-*", "arn:aws:s3:::woocom-production-*", "arn:aws:ssm:*:123456789012:parameter/woocom-production/*"]),
    );
    // Data by name: only the services that hold data.
    expect(dataByName[0]!.Resource).toContain("arn:aws:ssm:*:123456789012:parameter/woocom/production/*");
    expect(dataByName[0]!.Resource).not.toContain("arn:aws:lambda:*:123456789012:function:woocom-staging-*");
    expect([byTag[1]!.Action].flat()).toEqual(expect.arrayContaining(["dynamodb:Query", "logs:GetLogEvents", "s3:GetObject", "ssm:GetParameter", "secretsmanager:GetSecretValue", "kms:Decrypt"]));
    expect(scope.find((s) => s.Sid === "DenyEnvironmentsState")?.Resource).toEqual([
      "arn:aws:s3:::woocom-terraform-state-123456789012/woocom/staging/*",
      "arn:aws:s3:::woocom-terraform-state-123456789012/woocom/production/*",
    ]);
    const guards = managedPolicy(json, "woocom-access-guards");
    expect(guards.every((s) => s.Effect === "Deny")).toBe(true);
    expect(guards.find((s) => s.Sid === "DenyGithubRoles")).toMatchObject({ Resource: "arn:aws:iam::123456789012:role/woocom-github-*" });
    expect(guards.find((s) => s.Sid === "DenyAccessRoles")).toMatchObject({
      Resource: ["arn:aws:iam::123456789012:role/woocom-developer-*", "arn:aws:iam::123456789012:role/woocom-access-request"],
    });
  });

  test("the access request role: the repair actions on the project's names, production denied by name and tag", () => {
    const { access, json } = build();
    expect(access.accessRequestRole?.policies).toHaveLength(2);
    const inline = (name: string) => parseJsonAttribute<{ Statement: PolicyStatement[] }>(resourceList(json, "aws_iam_role_policy").find((p) => p.name === name)?.policy).Statement;
    expect(inline("repairs")).toEqual([
      {
        Sid: "Repairs",
        Effect: "Allow",
        Action: [...DEFAULT_ACCESS_REQUEST_ACTIONS],
        // Only the services of the actions: the project's functions.
        Resource: ["arn:aws:lambda:*:123456789012:function:woocom-*"],
      },
    ]);
    expect(DEFAULT_ACCESS_REQUEST_ACTIONS).toEqual(expect.arrayContaining(["lambda:DeleteFunction", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:PutFunctionConcurrency"]));
    const denied = inline("protected-environments");
    expect(denied.find((s) => s.Sid === "DenyProtectedEnvironmentsResources")?.Condition).toEqual({ StringEquals: { "aws:ResourceTag/Environment": ["production"] } });
    expect(denied.find((s) => s.Sid === "DenyProtectedEnvironmentsByName")?.Resource).toContain("arn:aws:lambda:*:123456789012:function:woocom-production-*");
  });

  test("options: no access request role when nobody may ask for it; sessions, MFA age and actions as given", () => {
    const { access, json } = build({
      developers: [{ name: "dana", principalArn: "arn:aws:iam::123456789012:role/team/dana" }],
      sessionDurationSeconds: 7200,
      mfaMaxAgeSeconds: 600,
      previewActions: ["lambda:UpdateFunctionCode", "lambda:GetFunction"],
    });
    expect(access.accessRequestRole).toBeUndefined();
    expect(countOf(json, "aws_iam_role")).toBe(1);
    expect(countOf(json, "aws_iam_role_policy")).toBe(0);
    expect(roleNamed(json, "woocom-developer-dana")).toMatchObject({ max_session_duration: 7200 });
    expect(trustOf(json, "woocom-developer-dana")[0]).toMatchObject({
      Principal: { AWS: "arn:aws:iam::123456789012:role/team/dana" },
      Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "600" } },
    });
    expect(managedPolicy(json, "woocom-developer-previews-by-tag")[0]?.Action).toEqual(["lambda:UpdateFunctionCode", "lambda:GetFunction"]);
    // The get call stays readable on the environments' resources; the update does not.
    expect(managedPolicy(json, "woocom-developer-environments-by-tag")[0]?.Action).toEqual(["lambda:UpdateFunctionCode", "apigateway:POST", "cognito-idp:CreateUserPool", "ec2:CreateSecurityGroup"]);
  });

  test("a shorter MFA age than the access request role's own applies to it too", () => {
    const { json } = build({ mfaMaxAgeSeconds: 300 });
    expect(trustOf(json, "woocom-access-request")[0]?.Condition?.NumericLessThan).toEqual({ "aws:MultiFactorAuthAge": "300" });
  });

  test("the policy pack passes the module's policies and roles (one deliberate suppression, on the create policy)", () => {
    const { stack } = build();
    const report = evaluate(stack.toTerraform() as StackJson, { protected: true });
    expect(errorsOf(report)).toEqual([]);
    expect(warningsOf(report)).toEqual([]);
    const suppressed = report.results.filter((r) => r.status === "suppressed").map((r) => `${r.rule.id} ${String(r.subject.values.name)}`);
    expect(suppressed).toEqual(["iam-no-wildcard-resource woocom-developer-preview-creates"]);
  });

  test("every managed policy fits IAM's 6,144 characters with four environments, and the trust policy 2,048", () => {
    const { json } = build({ developers: props().developers.map((d) => ({ ...d, canRequestAccess: true })), environments: ["staging", "production", "qa", "demo"] });
    for (const policy of resourceList(json, "aws_iam_policy")) expect({ name: policy.name, fits: String(policy.policy).length <= 6144 }).toEqual({ name: policy.name, fits: true });
    expect(String(roleNamed(json, "woocom-access-request").assume_role_policy).length).toBeLessThanOrEqual(2048);
  });

  const many = Array.from({ length: 9 }, (_, i) => ({ name: `developer${i}`, principalArn: `arn:aws:iam::123456789012:user/developer-number-${i}`, canRequestAccess: true }));
  testRefusedProps<DeveloperAccessProps>(
    [
      ["no developer", { developers: [] }, /developers must name at least one developer/],
      ["a developer name that is no slug", { developers: [{ name: "Dana!", principalArn: "arn:aws:iam::123456789012:user/dana" }] }, /developers\[0\]\.name must be a slug/],
      ["a one-letter name (a source identity has 2 or more)", { developers: [{ name: "d", principalArn: "arn:aws:iam::123456789012:user/dana" }] }, /developers\[0\]\.name must be a slug/],
      [
        "a name that makes the role name longer than IAM's 64 characters",
        { developers: [{ name: "a".repeat(50), principalArn: "arn:aws:iam::123456789012:user/dana" }] },
        /developers\[0\]\.name must keep the role name woocom-developer-<name> within IAM's 64 characters \(at most 47/,
      ],
      [
        "two developers of one name",
        {
          developers: [
            { name: "dana", principalArn: "arn:aws:iam::123456789012:user/dana" },
            { name: "dana", principalArn: "arn:aws:iam::123456789012:user/d2" },
          ],
        },
        /developers\[1\]\.name must be unique/,
      ],
      [
        "two developers of one principal",
        {
          developers: [
            { name: "dana", principalArn: "arn:aws:iam::123456789012:user/dana" },
            { name: "dee", principalArn: "arn:aws:iam::123456789012:user/dana" },
          ],
        },
        /developers\[1\]\.principalArn must be unique/,
      ],
      ["a principal that is an account", { developers: [{ name: "dana", principalArn: "arn:aws:iam::123456789012:root" }] }, /developers\[0\]\.principalArn must be the ARN of one IAM user or role/],
      ["a principal with a wildcard", { developers: [{ name: "dana", principalArn: "arn:aws:iam::123456789012:user/*" }] }, /developers\[0\]\.principalArn must be the ARN of one IAM user or role/],
      ["a principal of another partition", { developers: [{ name: "dana", principalArn: "arn:aws-cn:iam::123456789012:user/dana" }] }, /developers\[0\]\.principalArn must be in the region's partition \(arn:aws:/],
      ["too many developers who may request access for the trust policy", { developers: many }, /developers must keep the trust policy of woocom-access-request .* within IAM's 2048 characters/],
      ["a project that is no name prefix", { project: "Woo Com" }, /project must be 2 to 32 lowercase letters/],
      ["an account that is not 12 digits", { accountId: "1234" }, /accountId must be a 12-digit AWS account id/],
      ["an unknown region", { region: "eu-north-9" }, /region /],
      ["a boundary that is no policy ARN", { previewBoundaryArn: "woocom-pv-boundary" }, /previewBoundaryArn must be the ARN of a customer managed policy/],
      ["a boundary of another account", { previewBoundaryArn: "arn:aws:iam::210987654321:policy/woocom-pv-boundary" }, /previewBoundaryArn must be a policy of the account 123456789012/],
      ["a state bucket ARN that is no bucket", { stateBucket: { bucketName: "x", bucketArn: "woocom-terraform-state" } }, /stateBucket\.bucketArn must be a bucket ARN/],
      ["no environments", { environments: [] }, /environments must name the project's environments/],
      ["a preview among the environments", { environments: ["staging", "pv-x"] }, /environments\[1\] must not be a preview/],
      ["no protected environment", { protectedEnvironments: [] }, /protectedEnvironments must name at least one environment/],
      ["a protected environment that is not one of them", { protectedEnvironments: ["prod"] }, /protectedEnvironments\[0\] must be one of environments/],
      ["a whole service among the repair actions", { accessRequestActions: ["lambda:*"] }, /accessRequestActions\[0\] must not grant every action of a service/],
      ["every action among the repair actions", { accessRequestActions: ["*"] }, /accessRequestActions\[0\] must be "service:Action"/],
      ["STS among the repair actions", { accessRequestActions: ["sts:AssumeRole"] }, /accessRequestActions\[0\] must not be an action of sts/],
      ["IAM among the preview actions", { previewActions: ["iam:CreateRole"] }, /previewActions\[0\] must not be an action of iam/],
      ["no preview action", { previewActions: [] }, /previewActions must name at least one action/],
      ["an action twice", { previewCreateActions: ["ec2:CreateSecurityGroup", "ec2:CreateSecurityGroup"] }, /previewCreateActions must not name an action twice/],
      [
        "preview actions that overflow a managed policy",
        { previewActions: Array.from({ length: 300 }, (_, i) => `lambda:GetFunctionNumber${i}`) },
        /previewActions must keep the managed policy woocom-developer-previews-by-name within IAM's 6144 characters/,
      ],
      [
        "more environments than the denials' managed policy holds",
        { environments: ["staging", "production", "qa", "demo", "perf"] },
        /environments must keep the managed policy woocom-developer-environments-changes-by-name within IAM's 6144 characters; it would have \d+ \(name fewer environments/,
      ],
      ["a session shorter than IAM allows", { sessionDurationSeconds: 600 }, /sessionDurationSeconds must be a whole number of seconds from 3600 to 43200/],
      ["an MFA age of a day", { mfaMaxAgeSeconds: 86400 }, /mfaMaxAgeSeconds must be a whole number of seconds from 300 to 43200/],
    ],
    { build: (overrides) => new DeveloperAccess(testStack("us-east-1", "123456789012"), "Developers", props(overrides)), check: (overrides) => developerAccessPropProblems(props(overrides)) },
  );
});
