import { TerraformStack } from "cdktf";
import { GithubOidc, GithubOidcProps } from "../../modules/github-oidc";
import { PermissionsBoundary } from "../../modules/permissions-boundary";
import { StateBucket } from "../../modules/state-bucket";
import { countOf, onlyResource, parseJsonAttribute, refTo, resourceList, SynthesizedStack, synthJson, testStack } from "../support/synth";
import { testRefusedProps } from "../support/refuses-props";

const stateBucket = { bucketName: "acme-state", bucketArn: "arn:aws:s3:::acme-state" };
const base: GithubOidcProps = {
  name: "acme",
  repository: "acme/infrastructure",
  accountId: "123456789012",
  region: "us-east-1",
  stateBucket,
  deployEnvironments: [
    { name: "staging", permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/acme-staging-boundary" },
    { name: "production", permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/acme-production-boundary" },
  ],
};

function build(overrides: Partial<GithubOidcProps> = {}): { stack: TerraformStack; github: GithubOidc } {
  const stack = testStack();
  const github = new GithubOidc(stack, "GitHub", { ...base, ...overrides });
  return { stack, github };
}

interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: Record<string, string>;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const roleNamed = (json: SynthesizedStack, name: string) => {
  const role = resourceList(json, "aws_iam_role").find((r) => r.name === name);
  if (role === undefined) throw new Error(`no role ${name}`);
  return role;
};
/** The managed policies attached to the role whose Terraform name starts with a prefix. */
const attachedTo = (json: SynthesizedStack, rolePrefix: string) =>
  resourceList(json, "aws_iam_role_policy_attachment")
    .filter((a) => a.role === refTo(json, "aws_iam_role", rolePrefix, "name"))
    .map((a) => a.policy_arn);
const trustOf = (json: SynthesizedStack, name: string) => parseJsonAttribute<{ Statement: Statement[] }>(roleNamed(json, name).assume_role_policy).Statement;
/** An inline policy by name, of the role whose Terraform name starts with `rolePrefix` (any role when not given). */
const policyOf = (json: SynthesizedStack, name: string, rolePrefix?: string) =>
  parseJsonAttribute<{ Statement: Statement[] }>(
    resourceList(json, "aws_iam_role_policy").find((p) => p.name === name && (rolePrefix === undefined || p.role === refTo(json, "aws_iam_role", rolePrefix, "id")))?.policy,
  ).Statement;

describe("GithubOidc defaults", () => {
  const json = synthJson(build().stack);
  const providerArn = refTo(json, "aws_iam_openid_connect_provider", "GitHub_Provider", "arn");

  test("the account's GitHub OIDC provider, for tokens meant for AWS STS", () => {
    expect(onlyResource(json, "aws_iam_openid_connect_provider")).toMatchObject({
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
  });

  test("the plan role trusts only this repository's pull requests and its default branch", () => {
    expect(trustOf(json, "acme-github-plan")).toEqual([
      {
        Effect: "Allow",
        Principal: { Federated: providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": ["repo:acme/infrastructure:pull_request", "repo:acme/infrastructure:ref:refs/heads/main"],
          },
        },
      },
    ]);
  });

  test("each deploy role trusts only jobs in its own GitHub environment", () => {
    for (const env of ["staging", "production"]) {
      const [statement] = trustOf(json, `acme-github-deploy-${env}`);
      expect(statement!.Condition).toEqual({
        StringEquals: {
          "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
          "token.actions.githubusercontent.com:sub": [`repo:acme/infrastructure:environment:${env}`],
        },
      });
      // StringEquals, not StringLike: no wildcard can widen the trust to other branches or repositories.
      expect(JSON.stringify(statement)).not.toContain("*");
    }
  });

  test("the plan role has no managed policy: it reads the state, configuration by listed actions, and denies data reads", () => {
    expect(attachedTo(json, "GitHub_PlanRole")).toEqual([]);
    expect(policyOf(json, "read-state")).toEqual([
      { Sid: "ListState", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::acme-state", Condition: { StringLike: { "s3:prefix": ["acme/*"] } } },
      { Sid: "ReadState", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-state/acme/*" },
    ]);
    const read = policyOf(json, "read-configuration");
    const configuration = read.find((s) => s.Sid === "ReadConfiguration")!;
    // Listed one by one: no wildcard can pick up a data read AWS adds later.
    for (const action of [configuration.Action].flat()) expect(action).not.toMatch(/[*?]/);
    expect(configuration.Condition).toEqual({ StringEqualsIfExists: { "aws:ResourceTag/Project": "acme" } });
    const denies = policyOf(json, "deny-data-reads");
    expect(denies.every((s) => s.Effect === "Deny")).toBe(true);
    expect(denies.map((s) => s.Sid)).toEqual(["DenyDataReads", "DenyOtherParameterValues", "DenyObjectReads", "DenyStateChanges", "DenyApiKeys", "DenyAssumingRoles"]);
  });

  test("a deploy role per environment: the services, IAM only under the boundary, its own state, and the guards", () => {
    expect(attachedTo(json, "GitHub_DeployRole-staging")).toEqual(["arn:aws:iam::aws:policy/PowerUserAccess"]);
    expect(policyOf(json, "state", "GitHub_DeployRole-staging").find((s) => s.Sid === "WriteState")).toMatchObject({ Resource: "arn:aws:s3:::acme-state/acme/staging/*" });
    const iam = policyOf(json, "environment-iam", "GitHub_DeployRole-staging");
    expect(iam.find((s) => s.Sid === "RolesUnderBoundary")).toEqual({
      Sid: "RolesUnderBoundary",
      Effect: "Allow",
      Action: [
        "iam:CreateRole",
        "iam:PutRolePermissionsBoundary",
        "iam:PutRolePolicy",
        "iam:DeleteRolePolicy",
        "iam:UpdateAssumeRolePolicy",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
        "iam:DeleteRole",
      ],
      Resource: "arn:aws:iam::123456789012:role/acme-staging-*",
      Condition: { StringEquals: { "iam:PermissionsBoundary": "arn:aws:iam::123456789012:policy/acme-staging-boundary" } },
    });
    for (const statement of iam) {
      expect(statement.Effect).toBe("Allow");
      expect([statement.Resource].flat().every((r) => /^arn:aws:iam::123456789012:(role|policy)\/acme-staging-\*$/.test(String(r)))).toBe(true);
    }
    const guards = policyOf(json, "guards", "GitHub_DeployRole-staging");
    expect(guards.every((s) => s.Effect === "Deny")).toBe(true);
    expect(guards.map((s) => s.Sid)).toEqual([
      "DenyBoundaryRemovalOrChange",
      "DenyBoundaryPolicyChanges",
      "DenyIdentitiesAndProviders",
      "DenyGithubRoles",
      "DenyAssumingRoles",
      "DenyStateChanges",
      "DenyOtherEnvironmentsResources",
      "DenyOtherEnvironmentsTags",
      "DenyOtherBuckets",
      "DenyOtherParameters",
      "DenyOtherSecrets",
      "DenyOtherDatabasesSecrets",
      "DenyDataReads",
      "DenyOtherParameterValues",
      "DenyObjectReads",
    ]);
    expect(guards.find((s) => s.Sid === "DenyOtherBuckets")).toMatchObject({
      NotResource: ["arn:aws:s3:::acme-staging-*", "arn:aws:s3:::acme-state", "arn:aws:s3:::acme-state/acme/staging/*"],
    });
  });

  test("sessions last an hour at most", () => {
    for (const role of resourceList(json, "aws_iam_role")) expect(role.max_session_duration).toBe(3600);
  });
});

describe("GithubOidc behaviour", () => {
  test("an existing provider is used, not created", () => {
    const providerArn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    const json = synthJson(build({ providerArn }).stack);
    expect(countOf(json, "aws_iam_openid_connect_provider")).toBe(0);
    expect(trustOf(json, "acme-github-plan")[0]!.Principal).toEqual({ Federated: providerArn });
  });

  test("another default branch", () => {
    const { github } = build({ defaultBranch: "trunk" });
    expect(github.planSubjects).toEqual(["repo:acme/infrastructure:pull_request", "repo:acme/infrastructure:ref:refs/heads/trunk"]);
  });
});

describe("GithubOidc README example", () => {
  test("compiles and synthesizes", () => {
    const stack = testStack("us-east-1");
    const state = new StateBucket(stack, "StateBucket", { bucketName: "acme-terraform-state-123456789012" });
    // The same code as the usage example in modules/github-oidc/README.md.
    const github = new GithubOidc(stack, "GitHub", {
      name: "acme",
      repository: "acme/infrastructure",
      accountId: "123456789012",
      region: "us-east-1",
      stateBucket: state,
      deployEnvironments: ["staging", "production"].map((environment) => ({
        name: environment,
        permissionsBoundaryArn: new PermissionsBoundary(stack, `Boundary-${environment}`, {
          project: "acme",
          environment,
          accountId: "123456789012",
          region: "us-east-1",
        }).policyArn,
      })),
    });
    expect(github.deployRoles.map((d) => d.subject)).toEqual([
      "repo:acme/infrastructure:environment:staging",
      "repo:acme/infrastructure:environment:production",
    ]);
    expect(countOf(synthJson(stack), "aws_iam_role")).toBe(3);
  });
});

describe("GithubOidc refuses bad input, naming it", () => {
  testRefusedProps<GithubOidcProps>([
    ["a repository with a wildcard", { repository: "acme/*" }, /repository must be "owner\/name" of a GitHub repository, without wildcards/],
    ["an owner only", { repository: "acme" }, /repository must be "owner\/name"/],
    ["no deploy environment", { deployEnvironments: [] }, /deployEnvironments must name at least one GitHub environment/],
    ["a wildcard environment", { deployEnvironments: [{ name: "prod*", permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/b" }] }, /deployEnvironments\[0\]\.name must be a lowercase environment name/],
    [
      "an environment under another's prefix",
      {
        deployEnvironments: [
          { name: "staging", permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/a" },
          { name: "staging-eu", permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/b" },
        ],
      },
      /deployEnvironments\[1\]\.name must not start with another environment's name and a hyphen \("staging-"\)/,
    ],
    ["a boundary that is not a policy ARN", { deployEnvironments: [{ name: "staging", permissionsBoundaryArn: "acme-staging-boundary" }] }, /deployEnvironments\[0\]\.permissionsBoundaryArn must be the ARN of a customer managed policy/],
    ["a wildcard branch", { defaultBranch: "release/*" }, /defaultBranch must be a branch name, without wildcards/],
    ["a provider ARN of another issuer", { providerArn: "arn:aws:iam::123456789012:oidc-provider/example.com" }, /providerArn must be the ARN of the account's GitHub OIDC provider/],
    ["a bad account", { accountId: "1" }, /accountId must be a 12-digit AWS account id/],
    ["a region that does not exist", { region: "us-east-9" }, /region "us-east-9" is not an AWS region/],
  ], { build: (overrides) => build(overrides) });
});
