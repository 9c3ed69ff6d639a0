import { TerraformStack } from "cdktf";
import { PropsError } from "../../modules/_internal/errors";
import { GithubOidc, GithubOidcProps } from "../../modules/github-oidc";
import { StateBucket } from "../../modules/state-bucket";
import { countOf, onlyResource, parseJsonAttribute, refTo, resourceList, SynthesizedStack, synthJson, testStack } from "../support/synth";

const stateBucket = { bucketName: "acme-state", bucketArn: "arn:aws:s3:::acme-state" };
const base: GithubOidcProps = {
  name: "acme",
  repository: "acme/infrastructure",
  accountId: "123456789012",
  region: "us-east-1",
  stateBucket,
  deployEnvironments: ["staging", "production"],
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
  Action: string | string[];
  Resource?: string | string[];
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
const policyOf = (json: SynthesizedStack, name: string) =>
  parseJsonAttribute<{ Statement: Statement[] }>(resourceList(json, "aws_iam_role_policy").find((p) => p.name === name)?.policy).Statement;

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

  test("the deploy role trusts only jobs in this repository's deployment environments", () => {
    const [statement] = trustOf(json, "acme-github-deploy");
    expect(statement!.Condition).toEqual({
      StringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": ["repo:acme/infrastructure:environment:staging", "repo:acme/infrastructure:environment:production"],
      },
    });
    // StringEquals, not StringLike: no wildcard can widen the trust to other branches or repositories.
    expect(JSON.stringify(statement)).not.toContain("*");
  });

  test("the plan role reads everything, the state included, and writes nothing", () => {
    expect(attachedTo(json, "GitHub_PlanRole")).toEqual(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    expect(policyOf(json, "read-state")).toEqual([
      { Sid: "ListState", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::acme-state", Condition: { StringLike: { "s3:prefix": ["acme/*"] } } },
      { Sid: "ReadState", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-state/acme/*" },
    ]);
  });

  test("the deploy role manages every service but IAM, and IAM only for the project's own roles and policies", () => {
    expect(attachedTo(json, "GitHub_DeployRole")).toEqual(["arn:aws:iam::aws:policy/PowerUserAccess"]);
    const statements = policyOf(json, "deploy");
    expect(statements.find((s) => s.Sid === "WriteState")).toMatchObject({ Resource: "arn:aws:s3:::acme-state/acme/*" });
    const roleActions = [
      "iam:CreateRole",
      "iam:DeleteRole",
      "iam:GetRole",
      "iam:UpdateRole",
      "iam:UpdateRoleDescription",
      "iam:UpdateAssumeRolePolicy",
      "iam:TagRole",
      "iam:UntagRole",
      "iam:ListRoleTags",
      "iam:PutRolePolicy",
      "iam:GetRolePolicy",
      "iam:DeleteRolePolicy",
      "iam:ListRolePolicies",
      "iam:ListAttachedRolePolicies",
      "iam:ListInstanceProfilesForRole",
      "iam:PassRole",
    ];
    expect(statements.find((s) => s.Sid === "ManageProjectRoles")).toEqual({
      Sid: "ManageProjectRoles",
      Effect: "Allow",
      Resource: "arn:aws:iam::123456789012:role/acme-*",
      Action: roleActions,
    });
    expect(statements.find((s) => s.Sid === "ManageProjectPolicies")).toEqual({
      Sid: "ManageProjectPolicies",
      Effect: "Allow",
      Resource: "arn:aws:iam::123456789012:policy/acme-*",
      Action: [
        "iam:CreatePolicy",
        "iam:DeletePolicy",
        "iam:GetPolicy",
        "iam:GetPolicyVersion",
        "iam:ListPolicyVersions",
        "iam:CreatePolicyVersion",
        "iam:DeletePolicyVersion",
        "iam:TagPolicy",
        "iam:UntagPolicy",
        "iam:ListPolicyTags",
      ],
    });
    // Attaching AdministratorAccess (or any AWS policy) to a project role would make it an admin.
    expect(statements.find((s) => s.Sid === "AttachProjectPolicies")).toEqual({
      Sid: "AttachProjectPolicies",
      Effect: "Allow",
      Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
      Resource: "arn:aws:iam::123456789012:role/acme-*",
      Condition: { ArnLike: { "iam:PolicyARN": "arn:aws:iam::123456789012:policy/acme-*" } },
    });
    // acme-github-deploy matches acme-*: without this it could grant itself anything.
    expect(statements.find((s) => s.Sid === "LeaveGithubRolesAlone")).toEqual({
      Sid: "LeaveGithubRolesAlone",
      Effect: "Deny",
      Action: [...roleActions, "iam:AttachRolePolicy", "iam:DetachRolePolicy"],
      Resource: "arn:aws:iam::123456789012:role/acme-github-*",
    });
    for (const s of statements) {
      for (const action of [s.Action].flat()) expect(action).not.toMatch(/\*/);
      expect(s.Resource).not.toBe("*");
    }
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
      deployEnvironments: ["staging", "production"],
    });
    expect(github.deploySubjects).toHaveLength(2);
    expect(countOf(synthJson(stack), "aws_iam_role")).toBe(2);
  });
});

describe("GithubOidc refuses bad input, naming it", () => {
  test.each([
    ["a repository with a wildcard", { repository: "acme/*" }, /repository must be "owner\/name" of a GitHub repository, without wildcards/],
    ["an owner only", { repository: "acme" }, /repository must be "owner\/name"/],
    ["no deploy environment", { deployEnvironments: [] }, /deployEnvironments must name at least one GitHub environment/],
    ["a wildcard environment", { deployEnvironments: ["prod*"] }, /deployEnvironments\[0\] must be a GitHub environment name/],
    ["a wildcard branch", { defaultBranch: "release/*" }, /defaultBranch must be a branch name, without wildcards/],
    ["a provider ARN of another issuer", { providerArn: "arn:aws:iam::123456789012:oidc-provider/example.com" }, /providerArn must be the ARN of the account's GitHub OIDC provider/],
    ["a bad account", { accountId: "1" }, /accountId must be a 12-digit AWS account id/],
    ["a region that does not exist", { region: "us-east-9" }, /region "us-east-9" is not an AWS region/],
  ] as [string, Partial<GithubOidcProps>, RegExp][])("fails on %s", (_label, overrides, message) => {
    expect(() => build(overrides)).toThrow(PropsError);
    expect(() => build(overrides)).toThrow(message);
  });
});
