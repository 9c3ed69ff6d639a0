/**
 * The application repository's GitHub roles of the bootstrap stack (applicationDelivery),
 * evaluated as AWS would (policy simulator): who may assume them, what a delivery job of one
 * environment can do with its role, and what it cannot. And the infrastructure's deploy roles
 * still cannot change or assume them.
 */
import { bootstrap } from "../../environments/bootstrap";
import { BootstrapStack } from "../../environments/bootstrap-stack";
import { parseBootstrapConfig } from "../../environments/config";
import { Decision, decideForService, IamModel, IamRequest, resolveDocument, SimulatedRole, StackJson } from "../support/iam-simulator";
import { synthJson, testApp } from "../support/synth";

const account = bootstrap.accountId;
const region = bootstrap.region;
const project = bootstrap.project;
const repository = "acme/app";

const stackWith = (pushImagesToEcr?: boolean) =>
  synthJson(new BootstrapStack(testApp(), parseBootstrapConfig({ ...bootstrap, applicationDelivery: { repository, pushImagesToEcr } }))) as unknown as StackJson;

let stack: StackJson;
let model: IamModel;
let staging: SimulatedRole;
let production: SimulatedRole;

beforeAll(() => {
  stack = stackWith();
  model = new IamModel(stack);
  staging = model.role(`${project}-github-app-staging`);
  production = model.role(`${project}-github-app-production`);
});

const ecs = (resource: string) => `arn:aws:ecs:${region}:${account}:${resource}`;
const cluster = (env: string) => ecs(`cluster/${project}-${env}`);
const service = (env: string, name = "api") => ecs(`service/${project}-${env}/${project}-${env}-${name}`);
const taskDefinition = (family: string, revision = 7) => ecs(`task-definition/${family}:${revision}`);
const task = (env: string) => ecs(`task/${project}-${env}/0123456789abcdef0123456789abcdef`);
const repositoryArn = (env: string, name = "api") => `arn:aws:ecr:${region}:${account}:repository/${project}-${env}/${name}`;
const stream = (env: string, name: string) => `arn:aws:logs:${region}:${account}:log-group:/${project}-${env}/ecs/api:log-stream:${name}`;
const role = (name: string) => `arn:aws:iam::${account}:role/${name}`;
const tagged = (env: string): Record<string, string> => ({ "aws:ResourceTag/Environment": env, "aws:ResourceTag/Project": project });
const toEcsTasks = { "iam:PassedToService": "ecs-tasks.amazonaws.com" };
const state = `arn:aws:s3:::${bootstrap.stateBucket}`;

type Row = [string, IamRequest, Decision];

async function expectDecisions(who: () => SimulatedRole, rows: readonly Row[]): Promise<void> {
  const actual = await Promise.all(rows.map(async ([what, request]) => [what, await who().decide(request)] as const));
  expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(rows.map(([what, , decision]) => [what, decision])));
}

describe("trust: only the application repository's GitHub environment of the same name", () => {
  const ISSUER = "token.actions.githubusercontent.com";
  // The catalogue the simulator uses lists GitHub's extra claims for AssumeRoleWithWebIdentity but
  // not the standard aud and sub, and the simulator drops context keys it does not know (every
  // condition on them would then fail). The test renames the two keys, in the trust policy and
  // in the request alike, to two string claims of the same issuer the catalogue lists: the
  // operators and values are evaluated by the simulator unchanged.
  const STAND_IN = { [`${ISSUER}:sub`]: `${ISSUER}:job_workflow_ref`, [`${ISSUER}:aud`]: `${ISSUER}:workflow` };
  const provider = `arn:aws:iam::${account}:oidc-provider/${ISSUER}`;

  async function assume(roleName: string, claims: { sub: string; aud?: string }, principal = provider): Promise<Decision> {
    const address = Object.entries(stack.resource?.aws_iam_role ?? {}).find(([, r]) => r.name === roleName)![0];
    let trust = String(stack.resource!.aws_iam_role![address]!.assume_role_policy);
    for (const [key, standIn] of Object.entries(STAND_IN)) trust = trust.split(key).join(standIn);
    const context = { [STAND_IN[`${ISSUER}:sub`]!]: claims.sub, [STAND_IN[`${ISSUER}:aud`]!]: claims.aud ?? "sts.amazonaws.com" };
    return decideForService(principal, account, { action: "sts:AssumeRoleWithWebIdentity", resource: role(roleName), context }, resolveDocument(stack, trust));
  }

  test("the trust policy names the two claims the test stands in for, and no other condition", () => {
    const trust = JSON.parse(String(Object.values(stack.resource!.aws_iam_role!).find((r) => r.name === `${project}-github-app-staging`)!.assume_role_policy)) as {
      Statement: { Condition: Record<string, Record<string, unknown>> }[];
    };
    expect(trust.Statement.map((s) => Object.entries(s.Condition).map(([op, keys]) => [op, Object.keys(keys).sort()]))).toEqual([
      [["StringEquals", [`${ISSUER}:aud`, `${ISSUER}:sub`]]],
    ]);
  });

  test.each(["staging", "production"])("%s: allowed for jobs of its own GitHub environment only", async (env) => {
    const name = `${project}-github-app-${env}`;
    const other = env === "staging" ? "production" : "staging";
    const rows: [string, Promise<Decision>, Decision][] = [
      ["its environment", assume(name, { sub: `repo:${repository}:environment:${env}` }), "Allowed"],
      ["another repository's environment of that name", assume(name, { sub: `repo:acme/other:environment:${env}` }), "ImplicitlyDenied"],
      ["the infrastructure repository's environment", assume(name, { sub: `repo:${bootstrap.github!.repository}:environment:${env}` }), "ImplicitlyDenied"],
      ["the other environment", assume(name, { sub: `repo:${repository}:environment:${other}` }), "ImplicitlyDenied"],
      ["a branch", assume(name, { sub: `repo:${repository}:ref:refs/heads/main` }), "ImplicitlyDenied"],
      ["a pull request", assume(name, { sub: `repo:${repository}:pull_request` }), "ImplicitlyDenied"],
      ["a token for another audience", assume(name, { sub: `repo:${repository}:environment:${env}`, aud: "https://github.com/acme" }), "ImplicitlyDenied"],
      ["another identity provider", assume(name, { sub: `repo:${repository}:environment:${env}` }, `arn:aws:iam::${account}:oidc-provider/example.com`), "ImplicitlyDenied"],
    ];
    const decided = await Promise.all(rows.map(async ([what, decision]) => [what, await decision] as const));
    expect(Object.fromEntries(decided)).toEqual(Object.fromEntries(rows.map(([what, , expected]) => [what, expected])));
  });
});

describe("what a delivery job may do: the one service of its environment", () => {
  test("push and pull the service's images", async () => {
    await expectDecisions(() => staging, [
      ["log in to the registry", { action: "ecr:GetAuthorizationToken", resource: "*" }, "Allowed"],
      ...[
        "ecr:BatchCheckLayerAvailability",
        "ecr:InitiateLayerUpload",
        "ecr:UploadLayerPart",
        "ecr:CompleteLayerUpload",
        "ecr:PutImage",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
        "ecr:DescribeImages",
      ].map((action): Row => [action, { action, resource: repositoryArn("staging"), context: tagged("staging") }, "Allowed"]),
    ]);
  });

  test("register and describe the service's and the one-off task's task definitions", async () => {
    await expectDecisions(() => staging, [
      ["register the service's", { action: "ecs:RegisterTaskDefinition", resource: taskDefinition(`${project}-staging-api`), context: { "aws:RequestTag/Environment": "staging" } }, "Allowed"],
      ["register the one-off task's", { action: "ecs:RegisterTaskDefinition", resource: taskDefinition(`${project}-staging-api-oneoff`, 3) }, "Allowed"],
      ["describe", { action: "ecs:DescribeTaskDefinition", resource: "*" }, "Allowed"],
    ]);
  });

  test("run the one-off task in the environment's cluster, watch it, stop it and read its output", async () => {
    await expectDecisions(() => staging, [
      ["run the one-off task", { action: "ecs:RunTask", resource: taskDefinition(`${project}-staging-api-oneoff`, 3), context: { "ecs:cluster": cluster("staging"), ...tagged("staging") } }, "Allowed"],
      ["describe its task", { action: "ecs:DescribeTasks", resource: task("staging"), context: tagged("staging") }, "Allowed"],
      ["read its log", { action: "logs:GetLogEvents", resource: stream("staging", "oneoff/app/0123456789abcdef0123456789abcdef") }, "Allowed"],
    ]);
  });

  test("update and describe the one service, passing it the service's two roles", async () => {
    await expectDecisions(() => staging, [
      ["update the service", { action: "ecs:UpdateService", resource: service("staging"), context: tagged("staging") }, "Allowed"],
      ["describe the service", { action: "ecs:DescribeServices", resource: service("staging"), context: tagged("staging") }, "Allowed"],
      ["pass the execution role to ECS tasks", { action: "iam:PassRole", resource: role(`${project}-staging-api-execution`), context: toEcsTasks }, "Allowed"],
      ["pass the task role to ECS tasks", { action: "iam:PassRole", resource: role(`${project}-staging-api-task`), context: toEcsTasks }, "Allowed"],
    ]);
  });

  test("production's role does the same in production", async () => {
    await expectDecisions(() => production, [
      ["push an image", { action: "ecr:PutImage", resource: repositoryArn("production"), context: tagged("production") }, "Allowed"],
      ["run the one-off task", { action: "ecs:RunTask", resource: taskDefinition(`${project}-production-api-oneoff`), context: { "ecs:cluster": cluster("production"), ...tagged("production") } }, "Allowed"],
      ["update the service", { action: "ecs:UpdateService", resource: service("production"), context: tagged("production") }, "Allowed"],
      ["pass the task role", { action: "iam:PassRole", resource: role(`${project}-production-api-task`), context: toEcsTasks }, "Allowed"],
    ]);
  });
});

describe("what a delivery job may not do", () => {
  test("another service, cluster or task definition family", async () => {
    await expectDecisions(() => staging, [
      ["update another service", { action: "ecs:UpdateService", resource: service("staging", "worker"), context: tagged("staging") }, "ImplicitlyDenied"],
      ["update a service of another cluster", { action: "ecs:UpdateService", resource: ecs(`service/other/${project}-staging-api`) }, "ImplicitlyDenied"],
      ["delete the service", { action: "ecs:DeleteService", resource: service("staging"), context: tagged("staging") }, "ImplicitlyDenied"],
      ["create a service", { action: "ecs:CreateService", resource: service("staging", "shell"), context: { "aws:RequestTag/Environment": "staging" } }, "ImplicitlyDenied"],
      ["run the service's family as a task", { action: "ecs:RunTask", resource: taskDefinition(`${project}-staging-api`), context: { "ecs:cluster": cluster("staging") } }, "ImplicitlyDenied"],
      ["run the one-off task in another cluster", { action: "ecs:RunTask", resource: taskDefinition(`${project}-staging-api-oneoff`), context: { "ecs:cluster": ecs("cluster/other") } }, "ImplicitlyDenied"],
      ["run another family", { action: "ecs:RunTask", resource: taskDefinition(`${project}-staging-worker-oneoff`), context: { "ecs:cluster": cluster("staging") } }, "ImplicitlyDenied"],
      ["register another family", { action: "ecs:RegisterTaskDefinition", resource: taskDefinition(`${project}-staging-worker`) }, "ImplicitlyDenied"],
      ["stop a task of another cluster", { action: "ecs:StopTask", resource: ecs("task/other/0123456789abcdef0123456789abcdef") }, "ImplicitlyDenied"],
      ["stop a task of its own cluster (the service's, say)", { action: "ecs:StopTask", resource: task("staging"), context: tagged("staging") }, "ImplicitlyDenied"],
      ["open a shell in a task", { action: "ecs:ExecuteCommand", resource: task("staging"), context: tagged("staging") }, "ImplicitlyDenied"],
      ["read the service's own log", { action: "logs:GetLogEvents", resource: stream("staging", "app/app/0123456789abcdef0123456789abcdef") }, "ImplicitlyDenied"],
      ["search the log group", { action: "logs:FilterLogEvents", resource: `arn:aws:logs:${region}:${account}:log-group:/${project}-staging/ecs/api` }, "ImplicitlyDenied"],
    ]);
  });

  test("the roles of another service or environment, or roles passed to another service", async () => {
    await expectDecisions(() => staging, [
      ["another service's execution role", { action: "iam:PassRole", resource: role(`${project}-staging-worker-execution`), context: toEcsTasks }, "ImplicitlyDenied"],
      ["production's execution role", { action: "iam:PassRole", resource: role(`${project}-production-api-execution`), context: toEcsTasks }, "ExplicitlyDenied"],
      ["the migrations role", { action: "iam:PassRole", resource: role(`${project}-staging-db-migrations`), context: toEcsTasks }, "ImplicitlyDenied"],
      ["the task role to Lambda", { action: "iam:PassRole", resource: role(`${project}-staging-api-task`), context: { "iam:PassedToService": "lambda.amazonaws.com" } }, "ImplicitlyDenied"],
      ["a GitHub role", { action: "iam:PassRole", resource: role(`${project}-github-deploy-staging`), context: toEcsTasks }, "ExplicitlyDenied"],
    ]);
  });

  test("another ECR repository, and changing the repository", async () => {
    await expectDecisions(() => staging, [
      ["push to another service's repository", { action: "ecr:PutImage", resource: repositoryArn("staging", "worker") }, "ImplicitlyDenied"],
      ["push to production's repository", { action: "ecr:PutImage", resource: repositoryArn("production"), context: tagged("production") }, "ExplicitlyDenied"],
      ["pull from another project's repository", { action: "ecr:BatchGetImage", resource: `arn:aws:ecr:${region}:${account}:repository/other/api` }, "ImplicitlyDenied"],
      ["delete images", { action: "ecr:BatchDeleteImage", resource: repositoryArn("staging"), context: tagged("staging") }, "ImplicitlyDenied"],
      ["change the repository's policy", { action: "ecr:SetRepositoryPolicy", resource: repositoryArn("staging"), context: tagged("staging") }, "ImplicitlyDenied"],
    ]);
  });

  test("the state bucket, IAM, and the GitHub roles", async () => {
    await expectDecisions(() => staging, [
      ["read the state", { action: "s3:GetObject", resource: `${state}/${project}/staging/terraform.tfstate` }, "ExplicitlyDenied"],
      ["write the state", { action: "s3:PutObject", resource: `${state}/${project}/staging/terraform.tfstate` }, "ExplicitlyDenied"],
      ["list the state", { action: "s3:ListBucket", resource: state }, "ExplicitlyDenied"],
      ["create a role", { action: "iam:CreateRole", resource: role(`${project}-staging-api-admin`) }, "ExplicitlyDenied"],
      ["put a policy on the task role", { action: "iam:PutRolePolicy", resource: role(`${project}-staging-api-task`) }, "ExplicitlyDenied"],
      ["assume the deploy role", { action: "sts:AssumeRole", resource: role(`${project}-github-deploy-staging`) }, "ExplicitlyDenied"],
      ["assume the plan role", { action: "sts:AssumeRole", resource: role(`${project}-github-plan`) }, "ExplicitlyDenied"],
      ["assume production's application role", { action: "sts:AssumeRole", resource: role(`${project}-github-app-production`) }, "ExplicitlyDenied"],
      ["assume the task role", { action: "sts:AssumeRole", resource: role(`${project}-staging-api-task`) }, "ExplicitlyDenied"],
      ["read a secret", { action: "secretsmanager:GetSecretValue", resource: `arn:aws:secretsmanager:${region}:${account}:secret:${project}/staging/django-AbCdEf` }, "ImplicitlyDenied"],
    ]);
  });

  test("the other environment's resources", async () => {
    await expectDecisions(() => staging, [
      ["production's service", { action: "ecs:UpdateService", resource: service("production"), context: tagged("production") }, "ExplicitlyDenied"],
      ["production's service, were it untagged", { action: "ecs:UpdateService", resource: service("production") }, "ImplicitlyDenied"],
      ["production's one-off task", { action: "ecs:RunTask", resource: taskDefinition(`${project}-production-api-oneoff`), context: { "ecs:cluster": cluster("production") } }, "ImplicitlyDenied"],
      ["production's task definitions", { action: "ecs:RegisterTaskDefinition", resource: taskDefinition(`${project}-production-api`) }, "ImplicitlyDenied"],
      ["production's tasks", { action: "ecs:StopTask", resource: task("production") }, "ImplicitlyDenied"],
      ["production's one-off log", { action: "logs:GetLogEvents", resource: stream("production", "oneoff/app/0123456789abcdef0123456789abcdef") }, "ImplicitlyDenied"],
      ["production's task role", { action: "iam:PassRole", resource: role(`${project}-production-api-task`), context: toEcsTasks }, "ExplicitlyDenied"],
    ]);
    await expectDecisions(() => production, [
      ["staging's service", { action: "ecs:UpdateService", resource: service("staging"), context: tagged("staging") }, "ExplicitlyDenied"],
      ["staging's image repository", { action: "ecr:PutImage", resource: repositoryArn("staging") }, "ImplicitlyDenied"],
      ["staging's one-off task", { action: "ecs:RunTask", resource: taskDefinition(`${project}-staging-api-oneoff`), context: { "ecs:cluster": cluster("staging") } }, "ImplicitlyDenied"],
    ]);
  });

  test("without pushImagesToEcr, no registry access at all", async () => {
    const noEcr = new IamModel(stackWith(false)).role(`${project}-github-app-staging`);
    await expectDecisions(() => noEcr, [
      ["log in to the registry", { action: "ecr:GetAuthorizationToken", resource: "*" }, "ImplicitlyDenied"],
      ["push an image", { action: "ecr:PutImage", resource: repositoryArn("staging"), context: tagged("staging") }, "ImplicitlyDenied"],
      ["still update the service", { action: "ecs:UpdateService", resource: service("staging"), context: tagged("staging") }, "Allowed"],
    ]);
  });
});

describe("the deploy roles cannot change or assume the application roles", () => {
  test.each(["staging", "production"])("%s's deploy role", async (env) => {
    const deploy = model.role(`${project}-github-deploy-${env}`);
    const boundary = `arn:aws:iam::${account}:policy/${project}-${env}-boundary`;
    for (const target of ["staging", "production"]) {
      const app = role(`${project}-github-app-${target}`);
      await expectDecisions(() => deploy, [
        [`widen the ${target} role's trust`, { action: "iam:UpdateAssumeRolePolicy", resource: app, context: { "iam:PermissionsBoundary": boundary } }, "ExplicitlyDenied"],
        [`put a policy on the ${target} role`, { action: "iam:PutRolePolicy", resource: app, context: { "iam:PermissionsBoundary": boundary } }, "ExplicitlyDenied"],
        [`attach a policy to the ${target} role`, { action: "iam:AttachRolePolicy", resource: app, context: { "iam:PolicyARN": `arn:aws:iam::${account}:policy/${project}-${env}-site-deploy` } }, "ExplicitlyDenied"],
        [`remove the ${target} role's boundary`, { action: "iam:DeleteRolePermissionsBoundary", resource: app }, "ExplicitlyDenied"],
        [`delete the ${target} role`, { action: "iam:DeleteRole", resource: app }, "ExplicitlyDenied"],
        [`assume the ${target} role`, { action: "sts:AssumeRole", resource: app }, "ExplicitlyDenied"],
      ]);
    }
  });
});
