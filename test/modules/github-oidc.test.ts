import { Fn, TerraformStack } from "cdktf";
import { GithubApplicationRole, GithubApplicationRoleProps, githubApplicationRolePropProblems, GithubOidc, GithubOidcProps } from "../../modules/github-oidc";
import { PermissionsBoundary } from "../../modules/permissions-boundary";
import { StateBucket } from "../../modules/state-bucket";
import { countOf, onlyResource, parseJsonAttribute, type PolicyStatement, refTo, resourceList, SynthesizedStack, synthJson, testStack, trustOf } from "../support/synth";
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


/** The managed policies attached to the role whose Terraform name starts with a prefix. */
const attachedTo = (json: SynthesizedStack, rolePrefix: string) =>
  resourceList(json, "aws_iam_role_policy_attachment")
    .filter((a) => a.role === refTo(json, "aws_iam_role", rolePrefix, "name"))
    .map((a) => a.policy_arn);
/** An inline policy by name, of the role whose Terraform name starts with `rolePrefix` (any role when not given). */
const policyOf = (json: SynthesizedStack, name: string, rolePrefix?: string) =>
  parseJsonAttribute<{ Statement: PolicyStatement[] }>(
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

const appBase: GithubApplicationRoleProps = {
  project: "acme",
  environment: "staging",
  repository: "acme/app",
  accountId: "123456789012",
  region: "us-east-1",
  providerArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
  permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/acme-staging-boundary",
};

function buildApplicationRole(overrides: Partial<GithubApplicationRoleProps> = {}): { stack: TerraformStack; app: GithubApplicationRole } {
  const stack = testStack("us-east-1");
  const app = new GithubApplicationRole(stack, "AppRole", { ...appBase, ...overrides });
  return { stack, app };
}

describe("GithubApplicationRole defaults", () => {
  const { stack, app } = buildApplicationRole();
  const json = synthJson(stack);
  const statements = () => parseJsonAttribute<{ Statement: PolicyStatement[] }>(onlyResource(json, "aws_iam_role_policy").policy).Statement;

  test("one role, one inline policy, nothing else", () => {
    expect(Object.keys(json.resource ?? {})).toEqual(["aws_iam_role", "aws_iam_role_policy"]);
    expect(countOf(json, "aws_iam_role")).toBe(1);
    expect(countOf(json, "aws_iam_role_policy")).toBe(1);
    expect(onlyResource(json, "aws_iam_role_policy")).toMatchObject({ name: "application-delivery", role: refTo(json, "aws_iam_role", "AppRole_", "id") });
  });

  test("named for the environment, one-hour sessions, under the environment's boundary", () => {
    expect(onlyResource(json, "aws_iam_role")).toMatchObject({
      name: "acme-github-app-staging",
      max_session_duration: 3600,
      permissions_boundary: "arn:aws:iam::123456789012:policy/acme-staging-boundary",
      tags: { Name: "acme-github-app-staging" },
    });
    expect(app.roleName).toBe("acme-github-app-staging");
    expect(app.environment).toBe("staging");
  });

  test("trusts only the application repository's GitHub environment of the same name, for STS tokens", () => {
    expect(trustOf(json, "acme-github-app-staging")).toEqual([
      {
        Effect: "Allow",
        Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": ["repo:acme/app:environment:staging"],
          },
        },
      },
    ]);
    expect(app.subject).toBe("repo:acme/app:environment:staging");
  });

  test("grants exactly the delivery of the one service, by exact ARNs of its region and account", () => {
    expect(statements()).toEqual([
      { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Sid: "PushAndPullServiceImages",
        Effect: "Allow",
        Action: [
          "ecr:BatchCheckLayerAvailability",
          "ecr:InitiateLayerUpload",
          "ecr:UploadLayerPart",
          "ecr:CompleteLayerUpload",
          "ecr:PutImage",
          "ecr:BatchGetImage",
          "ecr:GetDownloadUrlForLayer",
          "ecr:DescribeImages",
        ],
        Resource: "arn:aws:ecr:us-east-1:123456789012:repository/acme-staging/api",
      },
      {
        Sid: "RegisterTaskDefinitions",
        Effect: "Allow",
        Action: "ecs:RegisterTaskDefinition",
        Resource: ["arn:aws:ecs:us-east-1:123456789012:task-definition/acme-staging-api:*", "arn:aws:ecs:us-east-1:123456789012:task-definition/acme-staging-api-oneoff:*"],
      },
      { Sid: "DescribeTaskDefinitions", Effect: "Allow", Action: "ecs:DescribeTaskDefinition", Resource: "*" },
      {
        Sid: "RunOneOffTask",
        Effect: "Allow",
        Action: "ecs:RunTask",
        Resource: "arn:aws:ecs:us-east-1:123456789012:task-definition/acme-staging-api-oneoff:*",
        Condition: { ArnEquals: { "ecs:cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/acme-staging" } },
      },
      { Sid: "WatchTasks", Effect: "Allow", Action: "ecs:DescribeTasks", Resource: "arn:aws:ecs:us-east-1:123456789012:task/acme-staging/*" },
      { Sid: "ReadOneOffTaskLog", Effect: "Allow", Action: "logs:GetLogEvents", Resource: "arn:aws:logs:us-east-1:123456789012:log-group:/acme-staging/ecs/api:log-stream:oneoff/*" },
      { Sid: "DeployService", Effect: "Allow", Action: ["ecs:UpdateService", "ecs:DescribeServices"], Resource: "arn:aws:ecs:us-east-1:123456789012:service/acme-staging/acme-staging-api" },
      {
        Sid: "PassServiceRoles",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: ["arn:aws:iam::123456789012:role/acme-staging-api-execution", "arn:aws:iam::123456789012:role/acme-staging-api-task"],
        Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
      },
    ]);
  });

  test("names what it works on as the environment stack's FargateService does", () => {
    expect(app.resources).toEqual({
      clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/acme-staging",
      serviceArn: "arn:aws:ecs:us-east-1:123456789012:service/acme-staging/acme-staging-api",
      serviceFamily: "acme-staging-api",
      oneOffFamily: "acme-staging-api-oneoff",
      executionRoleArn: "arn:aws:iam::123456789012:role/acme-staging-api-execution",
      taskRoleArn: "arn:aws:iam::123456789012:role/acme-staging-api-task",
      repositoryArn: "arn:aws:ecr:us-east-1:123456789012:repository/acme-staging/api",
      logGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/acme-staging/ecs/api",
    });
  });
});

describe("GithubApplicationRole behaviour", () => {
  const statementsOf = (stack: TerraformStack) => parseJsonAttribute<{ Statement: PolicyStatement[] }>(onlyResource(synthJson(stack), "aws_iam_role_policy").policy).Statement;

  test("without pushImagesToEcr, no ECR access at all (images come from another registry)", () => {
    const statements = statementsOf(buildApplicationRole({ pushImagesToEcr: false }).stack);
    expect(statements.map((s) => s.Sid)).toEqual(["RegisterTaskDefinitions", "DescribeTaskDefinitions", "RunOneOffTask", "WatchTasks", "ReadOneOffTaskLog", "DeployService", "PassServiceRoles"]);
    expect(JSON.stringify(statements)).not.toContain("ecr:");
  });

  test("another service and another region name other resources", () => {
    const { stack, app } = buildApplicationRole({ serviceName: "web", region: "eu-west-1", environment: "production", permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/acme-production-boundary" });
    expect(app.resources).toMatchObject({
      clusterArn: "arn:aws:ecs:eu-west-1:123456789012:cluster/acme-production",
      serviceArn: "arn:aws:ecs:eu-west-1:123456789012:service/acme-production/acme-production-web",
      oneOffFamily: "acme-production-web-oneoff",
      taskRoleArn: "arn:aws:iam::123456789012:role/acme-production-web-task",
      repositoryArn: "arn:aws:ecr:eu-west-1:123456789012:repository/acme-production/web",
    });
    expect(statementsOf(stack).find((s) => s.Sid === "ReadOneOffTaskLog")!.Resource).toBe("arn:aws:logs:eu-west-1:123456789012:log-group:/acme-production/ecs/web:log-stream:oneoff/*");
    expect(onlyResource(synthJson(stack), "aws_iam_role").name).toBe("acme-github-app-production");
  });

  test("a provider ARN known at apply only (a GithubOidc that creates it) is trusted as given", () => {
    const stack = testStack("us-east-1");
    const github = new GithubOidc(stack, "GitHub", base);
    new GithubApplicationRole(stack, "AppRole", { ...appBase, providerArn: github.providerArn });
    const json = synthJson(stack);
    expect(trustOf(json, "acme-github-app-staging")[0]!.Principal).toEqual({ Federated: refTo(json, "aws_iam_openid_connect_provider", "GitHub_Provider", "arn") });
  });

  test("the prop check finds nothing wrong with valid props", () => {
    expect(githubApplicationRolePropProblems(appBase)).toEqual([]);
  });
});

describe("GithubApplicationRole README example", () => {
  test("compiles and synthesizes", () => {
    const stack = testStack("us-east-1");
    const state = new StateBucket(stack, "StateBucket", { bucketName: "acme-terraform-state-123456789012" });
    const boundary = new PermissionsBoundary(stack, "Boundary-staging", { project: "acme", environment: "staging", accountId: "123456789012", region: "us-east-1" });
    const github = new GithubOidc(stack, "GitHub", {
      name: "acme",
      repository: "acme/infrastructure",
      accountId: "123456789012",
      region: "us-east-1",
      stateBucket: state,
      deployEnvironments: [{ name: "staging", permissionsBoundaryArn: boundary.policyArn }],
    });
    // The same code as the application role's usage example in modules/github-oidc/README.md.
    const app = new GithubApplicationRole(stack, "GitHubApplicationRole-staging", {
      project: "acme",
      environment: "staging",
      repository: "acme/app",
      accountId: "123456789012",
      region: "us-east-1",
      providerArn: github.providerArn,
      permissionsBoundaryArn: boundary.policyArn,
    });
    expect(app.subject).toBe("repo:acme/app:environment:staging");
    expect(resourceList(synthJson(stack), "aws_iam_role").map((r) => r.name)).toContain("acme-github-app-staging");
  });
});

describe("GithubApplicationRole refuses bad input, naming it", () => {
  testRefusedProps<GithubApplicationRoleProps>(
    [
      ["an environment known only at apply", { environment: Fn.lower("STAGING") }, /environment must be a literal value known at synth, not a reference resolved at apply/],
      ["a bad project", { project: "Acme" }, /project must be 2 to 32 lowercase letters/],
      ["a wildcard environment", { environment: "prod*" }, /environment must be a lowercase environment name that, after "acme-", is 2 to 32/],
      ["a repository with a wildcard", { repository: "acme/*" }, /repository must be "owner\/name" of a GitHub repository, without wildcards/],
      ["an owner only", { repository: "acme" }, /repository must be "owner\/name"/],
      ["a bad account", { accountId: "1" }, /accountId must be a 12-digit AWS account id/],
      ["a region that does not exist", { region: "us-east-9" }, /region "us-east-9" is not an AWS region/],
      ["a service name that is not the FargateService's", { serviceName: "API_1" }, /serviceName must be the FargateService's serviceName: a DNS label/],
      ["a provider of another issuer", { providerArn: "arn:aws:iam::123456789012:oidc-provider/example.com" }, /providerArn must be the ARN of the account's GitHub OIDC provider/],
      ["a provider of another account", { providerArn: "arn:aws:iam::210987654321:oidc-provider/token.actions.githubusercontent.com" }, /providerArn must be a provider of account 123456789012 \(accountId\)/],
      ["a boundary that is not a policy ARN", { permissionsBoundaryArn: "acme-staging-boundary" }, /permissionsBoundaryArn must be the ARN of a customer managed policy/],
      ["a boundary of another account", { permissionsBoundaryArn: "arn:aws:iam::210987654321:policy/acme-staging-boundary" }, /permissionsBoundaryArn must be a policy of account 123456789012 \(accountId\)/],
    ],
    { build: (overrides) => buildApplicationRole(overrides), check: (overrides) => githubApplicationRolePropProblems({ ...appBase, ...overrides }) },
  );

  test("names every problem at once", () => {
    expect(githubApplicationRolePropProblems({ ...appBase, repository: "acme", accountId: "1", serviceName: "_" }).map((p) => p.prop)).toEqual(["repository", "accountId", "serviceName"]);
  });
});
