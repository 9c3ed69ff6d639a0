/**
 * The GitHub roles of the bootstrap stack, evaluated as AWS would (policy simulator): what a
 * pull request's code can read with the plan role, and what a deploy job of one environment can
 * and cannot do with its deploy role.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { bootstrap } from "../../environments/bootstrap";
import { stateKey } from "../../environments";
import { EXAMPLES, exampleStackName } from "../../examples";
import { COMPOSITIONS } from "../support/compositions";
import { sharedProjectStacks } from "../support/offline";
import { Decision, IamModel, IamRequest, SimulatedRole, StackJson } from "../support/iam-simulator";

const account = bootstrap.accountId;
const region = bootstrap.region;
const project = bootstrap.project;
const state = `arn:aws:s3:::${bootstrap.stateBucket}`;

let model: IamModel;
let plan: SimulatedRole;
let deployStaging: SimulatedRole;
let deployProduction: SimulatedRole;
let stacks: Map<string, StackJson>;
/** The other stacks the suite plans (example systems, compositions, network variants): the plan role must be able to refresh them too. */
let otherStacks: Map<string, StackJson>;
const OTHER_APPS = ["vpc-variants", "compositions", ...EXAMPLES.map((example) => example.system)];

beforeAll(async () => {
  stacks = (await sharedProjectStacks()) as unknown as Map<string, StackJson>;
  otherStacks = (await sharedProjectStacks(OTHER_APPS)) as unknown as Map<string, StackJson>;
  model = new IamModel(...stacks.values());
  plan = model.role(`${project}-github-plan`);
  deployStaging = model.role(`${project}-github-deploy-staging`);
  deployProduction = model.role(`${project}-github-deploy-production`);
});

/** The ARN a resource of a stack will have, from the stack's own policies (e.g. the RDS-managed secret). */
function masterSecretArn(stackName: string): string {
  const role = model.role(`${project}-${stackName}-db-migrations`);
  const found = JSON.stringify(role.identityPolicies).match(/arn:aws:secretsmanager:[^"]+/);
  if (found === null) throw new Error(`no master secret ARN in the ${stackName} migrations role`);
  return found[0];
}

const param = (name: string) => `arn:aws:ssm:${region}:${account}:parameter/${name}`;
const logGroup = (name: string) => `arn:aws:logs:${region}:${account}:log-group:${name}:*`;
const bucket = (name: string) => `arn:aws:s3:::${project}-${name}-${account}`;
const boundary = (environment: string) => `arn:aws:iam::${account}:policy/${project}-${environment}-boundary`;
const role = (name: string) => `arn:aws:iam::${account}:role/${name}`;
const tagged = (environment: string): Record<string, string> => ({ "aws:ResourceTag/Environment": environment, "aws:ResourceTag/Project": project });

type Row = [string, IamRequest, Decision];

async function expectDecisions(role: () => SimulatedRole, rows: readonly Row[]): Promise<void> {
  const actual = await Promise.all(rows.map(async ([what, request]) => [what, await role().decide(request)] as const));
  expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(rows.map(([what, , decision]) => [what, decision])));
}

describe("plan role: configuration and state, no data", () => {
  test("reads the state of every environment, and writes none", async () => {
    await expectDecisions(() => plan, [
      ["state read", { action: "s3:GetObject", resource: `${state}/${stateKey({ project, name: "production" })}` }, "Allowed"],
      ["state list", { action: "s3:ListBucket", resource: state, context: { "s3:prefix": `${project}/staging/terraform.tfstate` } }, "Allowed"],
      ["state write", { action: "s3:PutObject", resource: `${state}/${stateKey({ project, name: "staging" })}` }, "ExplicitlyDenied"],
      ["state version delete", { action: "s3:DeleteObjectVersion", resource: `${state}/${stateKey({ project, name: "staging" })}` }, "ExplicitlyDenied"],
      ["state bucket policy", { action: "s3:PutBucketPolicy", resource: state }, "ExplicitlyDenied"],
      ["another project's state", { action: "s3:GetObject", resource: `${state}/other/production/terraform.tfstate` }, "ExplicitlyDenied"],
    ]);
  });

  test("is denied every data read a pull request could use", async () => {
    await expectDecisions(() => plan, [
      ["master secret", { action: "secretsmanager:GetSecretValue", resource: masterSecretArn("production") }, "ExplicitlyDenied"],
      ["application secret key (SecureString)", { action: "ssm:GetParameter", resource: param(`${project}/production/secret-key`) }, "ExplicitlyDenied"],
      ["parameters by path", { action: "ssm:GetParametersByPath", resource: param(`${project}/production`) }, "ExplicitlyDenied"],
      ["decrypt", { action: "kms:Decrypt", resource: `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab` }, "ExplicitlyDenied"],
      ["media object", { action: "s3:GetObject", resource: `${bucket("production-media")}/media/photo.jpg` }, "ExplicitlyDenied"],
      ["site object", { action: "s3:GetObject", resource: `${bucket("production-site")}/index.html` }, "ExplicitlyDenied"],
      ["migration artifacts", { action: "s3:GetObjectVersion", resource: `${bucket("production-migrations")}/source.zip` }, "ExplicitlyDenied"],
      ["log events", { action: "logs:GetLogEvents", resource: `arn:aws:logs:${region}:${account}:log-group:/ecs/${project}-production-api:log-stream:app/1` }, "ExplicitlyDenied"],
      ["log search", { action: "logs:FilterLogEvents", resource: logGroup(`/ecs/${project}-production-api`) }, "ExplicitlyDenied"],
      ["log query", { action: "logs:StartQuery", resource: logGroup(`/ecs/${project}-production-api`) }, "ExplicitlyDenied"],
      ["table items", { action: "dynamodb:Query", resource: `arn:aws:dynamodb:${region}:${account}:table/${project}-production-items` }, "ExplicitlyDenied"],
      ["table scan", { action: "dynamodb:Scan", resource: `arn:aws:dynamodb:${region}:${account}:table/${project}-production-items` }, "ExplicitlyDenied"],
      ["queue messages", { action: "sqs:ReceiveMessage", resource: `arn:aws:sqs:${region}:${account}:${project}-production-jobs` }, "ExplicitlyDenied"],
      ["database log files", { action: "rds:DownloadDBLogFilePortion", resource: `arn:aws:rds:${region}:${account}:db:${project}-production-postgres` }, "ExplicitlyDenied"],
      ["image layers", { action: "ecr:GetDownloadUrlForLayer", resource: `arn:aws:ecr:${region}:${account}:repository/${project}-production-api` }, "ExplicitlyDenied"],
      ["API keys with their values", { action: "apigateway:GET", resource: `arn:aws:apigateway:${region}::/apikeys/abc123` }, "ExplicitlyDenied"],
      ["instance console", { action: "ec2:GetConsoleOutput", resource: `arn:aws:ec2:${region}:${account}:instance/i-0123456789abcdef0` }, "ExplicitlyDenied"],
    ]);
  });

  test("reads the stacks' own plain-string parameters and changes nothing", async () => {
    await expectDecisions(() => plan, [
      ["database host parameter", { action: "ssm:GetParameter", resource: param(`${project}-production/database/host`) }, "Allowed"],
      ["put parameter", { action: "ssm:PutParameter", resource: param(`${project}-production/database/host`) }, "ImplicitlyDenied"],
      ["update service", { action: "ecs:UpdateService", resource: `arn:aws:ecs:${region}:${account}:service/${project}-production/api`, context: tagged("production") }, "ImplicitlyDenied"],
      ["assume another role", { action: "sts:AssumeRole", resource: `arn:aws:iam::${account}:role/${project}-production-api-task` }, "ExplicitlyDenied"],
    ]);
  });

  test("may not read the configuration of another project's tagged resources", async () => {
    await expectDecisions(() => plan, [
      ["own project's bucket policy", { action: "s3:GetBucketPolicy", resource: bucket("production-media"), context: { "aws:ResourceTag/Project": project } }, "Allowed"],
      // S3 evaluates no resource tags on these reads: the project's buckets are named instead.
      ["another project's bucket policy", { action: "s3:GetBucketPolicy", resource: "arn:aws:s3:::other-bucket" }, "ImplicitlyDenied"],
      ["own project's database", { action: "rds:DescribeDBInstances", resource: `arn:aws:rds:${region}:${account}:db:${project}-production-postgres`, context: { "aws:ResourceTag/Project": project } }, "Allowed"],
      ["another project's database", { action: "rds:DescribeDBInstances", resource: `arn:aws:rds:${region}:${account}:db:other-postgres`, context: { "aws:ResourceTag/Project": "other" } }, "ImplicitlyDenied"],
    ]);
  });
});

describe("plan role: every read call of a plan, per resource type (test/fixtures/provider-read-calls.json)", () => {
  const fixture = JSON.parse(readFileSync(path.join(__dirname, "..", "fixtures", "provider-read-calls.json"), "utf8")) as {
    provider: string;
    resources: Record<string, { actions: string[]; source: string }>;
  };
  /** Read calls the provider makes only for settings no module uses, and that are data reads: denied on purpose. */
  const DENIED_ON_PURPOSE: Record<string, string> = { "ec2:GetPasswordData": "only with get_password_data = true; returns an instance's password" };

  test("the fixture is the provider the stacks are planned with", () => {
    expect(fixture.provider).toMatch(/^hashicorp\/aws 5\.100\.0\b/);
  });

  test("lists every resource type the stacks contain", () => {
    const types = new Set([...stacks.values()].flatMap((stack) => Object.keys(stack.resource ?? {})));
    expect([...types].filter((type) => fixture.resources[type] === undefined).sort()).toEqual([]);
  });

  test("checks every example system's environments and every composition, not only the project's stacks", () => {
    const expected = [...EXAMPLES.flatMap((example) => example.environments.map((env) => exampleStackName(example, String(env.name)))), ...Object.keys(COMPOSITIONS)];
    expect(expected.filter((name) => !otherStacks.has(name))).toEqual([]);
    // Types the project's own stacks do not have (load balancer, zone, certificates, Lambda, ...), so the check below is not the one above again.
    const own = new Set([...stacks.values()].flatMap((stack) => Object.keys(stack.resource ?? {})));
    expect([...otherStacks.values()].flatMap((stack) => Object.keys(stack.resource ?? {})).filter((type) => !own.has(type)).length).toBeGreaterThan(0);
  });

  test("lists every resource type of the example systems, the compositions and the network variants", () => {
    const missing = [...otherStacks].flatMap(([name, stack]) =>
      Object.keys(stack.resource ?? {})
        .filter((type) => fixture.resources[type] === undefined)
        .map((type) => `${name}: ${type}`),
    );
    expect(missing.sort()).toEqual([]);
  });

  test("the plan role may make each of those calls, for every stack's resource types", async () => {
    const planned = new Set([...stacks.values(), ...otherStacks.values()].flatMap((stack) => Object.keys(stack.resource ?? {})));
    expect([...planned].filter((type) => fixture.resources[type] === undefined)).toEqual([]);
    const refused: string[] = [];
    for (const [type, { actions }] of Object.entries(fixture.resources)) {
      for (const action of actions) {
        if (DENIED_ON_PURPOSE[action] !== undefined) continue;
        // The stacks' own parameters, for the one call scoped by name; "*" for the rest, tagged as the provider tags them.
        const resource =
          action === "ssm:GetParameter" ? param(`${project}-staging/database/host`) : action.startsWith("s3:") ? bucket("staging-media") : "*";
        const decision = await plan.decide({ action, resource, context: { "aws:ResourceTag/Project": project } });
        if (decision !== "Allowed") refused.push(`${type}: ${action} ${decision}`);
      }
    }
    expect(refused).toEqual([]);
  });

  test("the calls denied on purpose are denied", async () => {
    for (const action of Object.keys(DENIED_ON_PURPOSE)) {
      expect(await plan.decide({ action, resource: `arn:aws:ec2:${region}:${account}:instance/i-0123456789abcdef0` })).toBe("ExplicitlyDenied");
    }
  });

  test("each GitHub role's inline policies fit IAM's 10,240 characters per role", () => {
    const bootstrapStack = stacks.get("bootstrap")!;
    const roles = bootstrapStack.resource?.aws_iam_role ?? {};
    for (const [address, r] of Object.entries(roles)) {
      const total = Object.values(bootstrapStack.resource?.aws_iam_role_policy ?? {})
        .filter((p) => p.role === `\${aws_iam_role.${address}.id}`)
        .reduce((sum, p) => sum + String(p.policy).replace(/\s/g, "").length, 0);
      expect({ role: r.name, fits: total > 0 && total <= 10240 }).toEqual({ role: r.name, fits: true });
    }
  });
});

describe("deploy roles: one environment each, no way to administrator", () => {
  test("manage their environment's roles only with its boundary attached", async () => {
    await expectDecisions(() => deployStaging, [
      ["create role with the boundary", { action: "iam:CreateRole", resource: role(`${project}-staging-worker`), context: { "iam:PermissionsBoundary": boundary("staging"), "aws:RequestTag/Environment": "staging" } }, "Allowed"],
      ["create role without a boundary", { action: "iam:CreateRole", resource: role(`${project}-staging-worker`) }, "ImplicitlyDenied"],
      ["create role with production's boundary", { action: "iam:CreateRole", resource: role(`${project}-staging-worker`), context: { "iam:PermissionsBoundary": boundary("production") } }, "ImplicitlyDenied"],
      ["put a policy on a bounded role", { action: "iam:PutRolePolicy", resource: role(`${project}-staging-api-task`), context: { "iam:PermissionsBoundary": boundary("staging") } }, "Allowed"],
      ["put a policy on an unbounded role", { action: "iam:PutRolePolicy", resource: role(`${project}-staging-api-task`) }, "ImplicitlyDenied"],
      ["attach AdministratorAccess", { action: "iam:AttachRolePolicy", resource: role(`${project}-staging-api-task`), context: { "iam:PermissionsBoundary": boundary("staging"), "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" } }, "ImplicitlyDenied"],
      ["remove the boundary", { action: "iam:DeleteRolePermissionsBoundary", resource: role(`${project}-staging-api-task`) }, "ExplicitlyDenied"],
      ["rewrite the boundary", { action: "iam:CreatePolicyVersion", resource: boundary("staging") }, "ExplicitlyDenied"],
      ["delete the boundary", { action: "iam:DeletePolicy", resource: boundary("staging") }, "ExplicitlyDenied"],
      ["pass an environment role", { action: "iam:PassRole", resource: role(`${project}-staging-api-task`) }, "Allowed"],
      ["pass a production role", { action: "iam:PassRole", resource: role(`${project}-production-api-task`) }, "ImplicitlyDenied"],
    ]);
  });

  test.each(["staging", "production"])("%s: no escalation path: no role without the boundary, no policy on itself, no boundary removed, no provider, no role assumed", async (env) => {
    const deploy = env === "staging" ? deployStaging : deployProduction;
    await expectDecisions(() => deploy, [
      ["create role without a boundary", { action: "iam:CreateRole", resource: role(`${project}-${env}-worker`) }, "ImplicitlyDenied"],
      ["a policy on itself", { action: "iam:PutRolePolicy", resource: role(`${project}-github-deploy-${env}`), context: { "iam:PermissionsBoundary": boundary(env) } }, "ExplicitlyDenied"],
      ["remove a boundary", { action: "iam:DeleteRolePermissionsBoundary", resource: role(`${project}-${env}-api-task`) }, "ExplicitlyDenied"],
      ["create an OIDC provider", { action: "iam:CreateOpenIDConnectProvider", resource: `arn:aws:iam::${account}:oidc-provider/example.com` }, "ExplicitlyDenied"],
      ["retrust an unbounded role of its names", { action: "iam:UpdateAssumeRolePolicy", resource: role(`${project}-${env}-made-by-hand`) }, "ImplicitlyDenied"],
      ["retrust a bounded role", { action: "iam:UpdateAssumeRolePolicy", resource: role(`${project}-${env}-api-task`), context: { "iam:PermissionsBoundary": boundary(env) } }, "Allowed"],
      ["assume the task role", { action: "sts:AssumeRole", resource: role(`${project}-${env}-api-task`) }, "ExplicitlyDenied"],
      ["overwrite the other environment's secret key", { action: "ssm:PutParameter", resource: param(`${project}/${env === "staging" ? "production" : "staging"}/secret-key`) }, "ExplicitlyDenied"],
    ]);
  });

  test("cannot change themselves, the other GitHub roles, users, keys or identity providers", async () => {
    await expectDecisions(() => deployStaging, [
      ["a policy on itself", { action: "iam:PutRolePolicy", resource: role(`${project}-github-deploy-staging`), context: { "iam:PermissionsBoundary": boundary("staging") } }, "ExplicitlyDenied"],
      ["attach to itself", { action: "iam:AttachRolePolicy", resource: role(`${project}-github-deploy-staging`), context: { "iam:PolicyARN": `arn:aws:iam::${account}:policy/${project}-staging-site-deploy` } }, "ExplicitlyDenied"],
      ["widen the production role's trust", { action: "iam:UpdateAssumeRolePolicy", resource: role(`${project}-github-deploy-production`) }, "ExplicitlyDenied"],
      ["assume the production role", { action: "sts:AssumeRole", resource: role(`${project}-github-deploy-production`) }, "ExplicitlyDenied"],
      ["create an OIDC provider", { action: "iam:CreateOpenIDConnectProvider", resource: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com` }, "ExplicitlyDenied"],
      ["create a SAML provider", { action: "iam:CreateSAMLProvider", resource: `arn:aws:iam::${account}:saml-provider/corp` }, "ExplicitlyDenied"],
      ["create a user", { action: "iam:CreateUser", resource: `arn:aws:iam::${account}:user/${project}-staging-ci` }, "ExplicitlyDenied"],
      ["create an access key", { action: "iam:CreateAccessKey", resource: `arn:aws:iam::${account}:user/someone` }, "ExplicitlyDenied"],
    ]);
  });

  test("a staging job cannot change production", async () => {
    await expectDecisions(() => deployStaging, [
      ["update the staging service", { action: "ecs:UpdateService", resource: `arn:aws:ecs:${region}:${account}:service/${project}-staging/api`, context: tagged("staging") }, "Allowed"],
      ["update the production service", { action: "ecs:UpdateService", resource: `arn:aws:ecs:${region}:${account}:service/${project}-production/api`, context: tagged("production") }, "ExplicitlyDenied"],
      ["delete the production database", { action: "rds:DeleteDBInstance", resource: `arn:aws:rds:${region}:${account}:db:${project}-production-postgres`, context: tagged("production") }, "ExplicitlyDenied"],
      ["open a production security group", { action: "ec2:AuthorizeSecurityGroupIngress", resource: `arn:aws:ec2:${region}:${account}:security-group/sg-0123456789abcdef0`, context: tagged("production") }, "ExplicitlyDenied"],
      ["create a resource tagged production", { action: "ec2:CreateVpc", resource: `arn:aws:ec2:${region}:${account}:vpc/*`, context: { "aws:RequestTag/Environment": "production" } }, "ExplicitlyDenied"],
      ["retag a staging resource as production", { action: "ec2:CreateTags", resource: `arn:aws:ec2:${region}:${account}:vpc/vpc-0123456789abcdef0`, context: { ...tagged("staging"), "aws:RequestTag/Environment": "production" } }, "ExplicitlyDenied"],
      ["a production bucket", { action: "s3:PutBucketPolicy", resource: bucket("production-media") }, "ExplicitlyDenied"],
      ["a production object", { action: "s3:PutObject", resource: `${bucket("production-site")}/index.html` }, "ExplicitlyDenied"],
      ["a staging bucket", { action: "s3:PutBucketPolicy", resource: bucket("staging-media") }, "Allowed"],
      ["the staging site", { action: "s3:PutObject", resource: `${bucket("staging-site")}/index.html` }, "Allowed"],
      ["a production role", { action: "iam:PutRolePolicy", resource: role(`${project}-production-api-task`), context: { "iam:PermissionsBoundary": boundary("production") } }, "ImplicitlyDenied"],
      ["the bootstrap stack's resources", { action: "iam:DeletePolicy", resource: boundary("production"), context: { "aws:ResourceTag/Environment": "bootstrap" } }, "ExplicitlyDenied"],
    ]);
  });

  test("write their own environment's state only, and never delete its history", async () => {
    const key = (environment: string) => `${state}/${stateKey({ project, name: environment })}`;
    await expectDecisions(() => deployStaging, [
      ["own state", { action: "s3:PutObject", resource: key("staging") }, "Allowed"],
      ["own lock file", { action: "s3:DeleteObject", resource: `${key("staging")}.tflock` }, "Allowed"],
      ["production's state", { action: "s3:PutObject", resource: key("production") }, "ExplicitlyDenied"],
      ["read production's state", { action: "s3:GetObject", resource: key("production") }, "ExplicitlyDenied"],
      ["delete a state version", { action: "s3:DeleteObjectVersion", resource: key("staging") }, "ExplicitlyDenied"],
      ["change the bucket policy", { action: "s3:PutBucketPolicy", resource: state }, "ExplicitlyDenied"],
      ["delete the bucket policy", { action: "s3:DeleteBucketPolicy", resource: state }, "ExplicitlyDenied"],
      ["suspend versioning", { action: "s3:PutBucketVersioning", resource: state }, "ExplicitlyDenied"],
      ["read the data of its environment", { action: "secretsmanager:GetSecretValue", resource: masterSecretArn("staging") }, "ExplicitlyDenied"],
    ]);
    await expectDecisions(() => deployProduction, [
      ["production's own state", { action: "s3:PutObject", resource: key("production") }, "Allowed"],
      ["staging's state", { action: "s3:PutObject", resource: key("staging") }, "ExplicitlyDenied"],
      ["a staging service", { action: "ecs:UpdateService", resource: `arn:aws:ecs:${region}:${account}:service/${project}-staging/api`, context: tagged("staging") }, "ExplicitlyDenied"],
    ]);
  });
});

describe("the environments' roles carry their boundary", () => {
  test("every role of an environment stack has that environment's boundary", () => {
    for (const name of ["staging", "production"]) {
      const roles = Object.values(stacks.get(name)?.resource?.aws_iam_role ?? {});
      expect(roles.length).toBeGreaterThan(0);
      for (const r of roles) expect(r.permissions_boundary).toBe(`arn:aws:iam::${account}:policy/${project}-${name}-boundary`);
    }
  });

  test("under the boundary even an administrator policy cannot change IAM, pass other roles or reach the other environment", async () => {
    const task = model.role(`${project}-staging-api-task`);
    const admin = task.withIdentityPolicies([{ name: "admin", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }]);
    await expectDecisions(() => admin, [
      ["its own environment", { action: "ecs:UpdateService", resource: `arn:aws:ecs:${region}:${account}:service/${project}-staging/api`, context: tagged("staging") }, "Allowed"],
      ["create a role", { action: "iam:CreateRole", resource: role(`${project}-staging-x`) }, "ExplicitlyDenied"],
      ["put a policy on itself", { action: "iam:PutRolePolicy", resource: role(`${project}-staging-api-task`) }, "ExplicitlyDenied"],
      ["pass a production role", { action: "iam:PassRole", resource: role(`${project}-production-api-task`) }, "ExplicitlyDenied"],
      ["production's service", { action: "ecs:UpdateService", resource: `arn:aws:ecs:${region}:${account}:service/${project}-production/api`, context: tagged("production") }, "ExplicitlyDenied"],
      // Where tags do not reach: buckets, the state, parameters and secrets made by hand, by name.
      ["its own bucket", { action: "s3:GetObject", resource: `${bucket("staging-media")}/media/a.jpg` }, "Allowed"],
      ["production's state", { action: "s3:PutObject", resource: `${state}/${project}/production/terraform.tfstate` }, "ExplicitlyDenied"],
      ["the state bucket's policy", { action: "s3:PutBucketPolicy", resource: state }, "ExplicitlyDenied"],
      ["production's site", { action: "s3:PutObject", resource: `${bucket("production-site")}/index.html` }, "ExplicitlyDenied"],
      ["its own secret key", { action: "ssm:GetParameter", resource: param(`${project}/staging/secret-key`) }, "Allowed"],
      ["production's secret key", { action: "ssm:GetParameter", resource: param(`${project}/production/secret-key`) }, "ExplicitlyDenied"],
      ["overwrite production's secret key", { action: "ssm:PutParameter", resource: param(`${project}/production/secret-key`) }, "ExplicitlyDenied"],
      [
        "production's database secret",
        {
          action: "secretsmanager:GetSecretValue",
          resource: `arn:aws:secretsmanager:${region}:${account}:secret:rds!db-0123-AbCdEf`,
          context: { "aws:ResourceTag/aws:rds:primaryDBInstanceArn": `arn:aws:rds:${region}:${account}:db:${project}-production-postgres` },
        },
        "ExplicitlyDenied",
      ],
      [
        "its own database secret",
        {
          action: "secretsmanager:GetSecretValue",
          resource: `arn:aws:secretsmanager:${region}:${account}:secret:rds!db-4567-AbCdEf`,
          context: { "aws:ResourceTag/aws:rds:primaryDBInstanceArn": `arn:aws:rds:${region}:${account}:db:${project}-staging-postgres` },
        },
        "Allowed",
      ],
      ["another secret made by hand", { action: "secretsmanager:GetSecretValue", resource: `arn:aws:secretsmanager:${region}:${account}:secret:shared/api-token-AbCdEf` }, "ExplicitlyDenied"],
      ["assume a role", { action: "sts:AssumeRole", resource: role(`${project}-staging-api-task`) }, "ExplicitlyDenied"],
    ]);
  });
});
