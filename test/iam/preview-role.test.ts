/**
 * The previews' GitHub role (`<project>-github-preview`) and the roles of a preview stack,
 * evaluated as AWS would: a preview job may create, change and destroy previews (named `pv-*`,
 * tagged `Environment=pv-*`, state under `<project>/pv-*`) and nothing of staging, production,
 * the CI roles or the other environments' state.
 */
import { bootstrap } from "../../environments/bootstrap";
import { stateKey } from "../../environments";
import { Decision, IamModel, IamRequest, SimulatedRole, StackJson } from "../support/iam-simulator";
import { sharedProjectStacks } from "../support/offline";
import { samplePreviewStackName } from "../support/offline-targets";

const account = bootstrap.accountId;
const region = bootstrap.region;
const project = bootstrap.project;
const state = `arn:aws:s3:::${bootstrap.stateBucket}`;
const previewName = samplePreviewStackName();

let stacks: Map<string, StackJson>;
let model: IamModel;
let preview: SimulatedRole;

beforeAll(async () => {
  stacks = (await sharedProjectStacks(["project", "preview-project"])) as unknown as Map<string, StackJson>;
  model = new IamModel(...stacks.values());
  preview = model.role(`${project}-github-preview`);
});

const role = (name: string) => `arn:aws:iam::${account}:role/${name}`;
const boundary = (environment: string) => `arn:aws:iam::${account}:policy/${project}-${environment}-boundary`;
const bucket = (name: string) => `arn:aws:s3:::${project}-${name}-${account}`;
const tagged = (environment: string): Record<string, string> => ({ "aws:ResourceTag/Environment": environment, "aws:ResourceTag/Project": project });
const key = (environment: string) => `${state}/${stateKey({ project, name: environment })}`;

type Row = [string, IamRequest, Decision];

async function expectDecisions(rows: readonly Row[]): Promise<void> {
  const actual = await Promise.all(rows.map(async ([what, request]) => [what, await preview.decide(request)] as const));
  expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(rows.map(([what, , decision]) => [what, decision])));
}

describe("the preview role's trust", () => {
  test("only jobs of the preview GitHub environment of the repository may assume it", () => {
    const roles = Object.values(stacks.get("bootstrap")?.resource?.aws_iam_role ?? {});
    const trust = String(roles.find((r) => r.name === `${project}-github-preview`)?.assume_role_policy);
    expect(trust).toContain(`"repo:${bootstrap.github!.repository}:environment:preview"`);
    expect(trust).not.toContain("pull_request");
    expect(trust).not.toContain("environment:staging");
    expect(trust).not.toContain("environment:production");
    expect(trust).not.toContain("*");
  });

  test("the bootstrap stack outputs its ARN for the workflow", () => {
    const json = stacks.get("bootstrap") as { output?: Record<string, unknown> };
    expect(Object.keys(json.output ?? {})).toContain("github_preview_role_arn");
  });
});

describe("the preview role: previews only", () => {
  test("creates and changes resources named and tagged as previews", async () => {
    await expectDecisions([
      ["create a preview's role under the previews' boundary", { action: "iam:CreateRole", resource: role(`${project}-${previewName}-api-task`), context: { "iam:PermissionsBoundary": boundary("pv"), "aws:RequestTag/Environment": previewName } }, "Allowed"],
      ["pass a preview's role", { action: "iam:PassRole", resource: role(`${project}-${previewName}-api-task`) }, "Allowed"],
      ["update a preview's service", { action: "ecs:UpdateService", resource: `arn:aws:ecs:${region}:${account}:service/${project}-${previewName}/api`, context: tagged(previewName) }, "Allowed"],
      ["create a VPC tagged for a preview", { action: "ec2:CreateVpc", resource: `arn:aws:ec2:${region}:${account}:vpc/*`, context: { "aws:RequestTag/Environment": previewName } }, "Allowed"],
      ["delete a preview's database", { action: "rds:DeleteDBInstance", resource: `arn:aws:rds:${region}:${account}:db:${project}-${previewName}-postgres`, context: tagged(previewName) }, "Allowed"],
      ["a preview's bucket", { action: "s3:PutBucketPolicy", resource: bucket(`${previewName}-media`) }, "Allowed"],
      ["a preview's site", { action: "s3:PutObject", resource: `${bucket(`${previewName}-site`)}/index.html` }, "Allowed"],
      ["a preview's state", { action: "s3:PutObject", resource: key(previewName) }, "Allowed"],
      ["a preview's lock file", { action: "s3:DeleteObject", resource: `${key(previewName)}.tflock` }, "Allowed"],
      // The scheduled clean-up lists them to find the expired ones.
      ["list the previews' states", { action: "s3:ListBucket", resource: state, context: { "s3:prefix": `${project}/pv-` } }, "Allowed"],
      ["list one preview's state", { action: "s3:ListBucket", resource: state, context: { "s3:prefix": `${project}/${previewName}/` } }, "Allowed"],
    ]);
  });

  test("is denied staging's and production's resources, by tag and by name", async () => {
    await expectDecisions([
      ["update the staging service", { action: "ecs:UpdateService", resource: `arn:aws:ecs:${region}:${account}:service/${project}-staging/api`, context: tagged("staging") }, "ExplicitlyDenied"],
      ["delete the production database", { action: "rds:DeleteDBInstance", resource: `arn:aws:rds:${region}:${account}:db:${project}-production-postgres`, context: tagged("production") }, "ExplicitlyDenied"],
      ["create a resource tagged staging", { action: "ec2:CreateVpc", resource: `arn:aws:ec2:${region}:${account}:vpc/*`, context: { "aws:RequestTag/Environment": "staging" } }, "ExplicitlyDenied"],
      ["retag a preview's resource as production", { action: "ec2:CreateTags", resource: `arn:aws:ec2:${region}:${account}:vpc/vpc-0123456789abcdef0`, context: { ...tagged(previewName), "aws:RequestTag/Environment": "production" } }, "ExplicitlyDenied"],
      ["the staging bucket", { action: "s3:PutBucketPolicy", resource: bucket("staging-media") }, "ExplicitlyDenied"],
      ["the production site", { action: "s3:PutObject", resource: `${bucket("production-site")}/index.html` }, "ExplicitlyDenied"],
      ["a staging role", { action: "iam:PutRolePolicy", resource: role(`${project}-staging-api-task`), context: { "iam:PermissionsBoundary": boundary("staging") } }, "ImplicitlyDenied"],
      ["pass a production role", { action: "iam:PassRole", resource: role(`${project}-production-api-task`) }, "ImplicitlyDenied"],
      ["staging's secret key", { action: "ssm:PutParameter", resource: `arn:aws:ssm:${region}:${account}:parameter/${project}/staging/secret-key` }, "ExplicitlyDenied"],
      ["the bootstrap stack's resources", { action: "iam:DeletePolicy", resource: boundary("production"), context: { "aws:ResourceTag/Environment": "bootstrap" } }, "ExplicitlyDenied"],
    ]);
  });

  test("never touches the CI roles, the boundaries or identities", async () => {
    await expectDecisions([
      ["a policy on itself", { action: "iam:PutRolePolicy", resource: role(`${project}-github-preview`), context: { "iam:PermissionsBoundary": boundary("pv") } }, "ExplicitlyDenied"],
      ["widen the production deploy role's trust", { action: "iam:UpdateAssumeRolePolicy", resource: role(`${project}-github-deploy-production`) }, "ExplicitlyDenied"],
      ["assume the staging deploy role", { action: "sts:AssumeRole", resource: role(`${project}-github-deploy-staging`) }, "ExplicitlyDenied"],
      ["pass the plan role", { action: "iam:PassRole", resource: role(`${project}-github-plan`) }, "ExplicitlyDenied"],
      ["create a role without the boundary", { action: "iam:CreateRole", resource: role(`${project}-${previewName}-worker`) }, "ImplicitlyDenied"],
      ["create a role with staging's boundary", { action: "iam:CreateRole", resource: role(`${project}-${previewName}-worker`), context: { "iam:PermissionsBoundary": boundary("staging") } }, "ImplicitlyDenied"],
      ["remove a boundary", { action: "iam:DeleteRolePermissionsBoundary", resource: role(`${project}-${previewName}-api-task`) }, "ExplicitlyDenied"],
      ["rewrite the previews' boundary", { action: "iam:CreatePolicyVersion", resource: boundary("pv") }, "ExplicitlyDenied"],
      ["create a user", { action: "iam:CreateUser", resource: `arn:aws:iam::${account}:user/${project}-pv-ci` }, "ExplicitlyDenied"],
      ["create an access key", { action: "iam:CreateAccessKey", resource: `arn:aws:iam::${account}:user/someone` }, "ExplicitlyDenied"],
    ]);
  });

  test("writes the previews' state only", async () => {
    await expectDecisions([
      ["staging's state", { action: "s3:PutObject", resource: key("staging") }, "ExplicitlyDenied"],
      ["read production's state", { action: "s3:GetObject", resource: key("production") }, "ExplicitlyDenied"],
      ["delete production's state", { action: "s3:DeleteObject", resource: key("production") }, "ExplicitlyDenied"],
      ["delete a state version", { action: "s3:DeleteObjectVersion", resource: key(previewName) }, "ExplicitlyDenied"],
      ["change the state bucket's policy", { action: "s3:PutBucketPolicy", resource: state }, "ExplicitlyDenied"],
      ["read a preview's data", { action: "kms:Decrypt", resource: `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab` }, "ExplicitlyDenied"],
    ]);
  });
});

describe("a preview stack's roles", () => {
  test("carry the previews' boundary, which keeps them inside previews", async () => {
    const json = stacks.get(previewName);
    const roles = Object.values(json?.resource?.aws_iam_role ?? {});
    expect(roles.length).toBeGreaterThan(0);
    for (const r of roles) expect(r.permissions_boundary).toBe(boundary("pv"));
    const task = model.role(`${project}-${previewName}-api-task`);
    // Even a task role given everything cannot leave the previews.
    const unbounded = task.withIdentityPolicies([{ name: "everything", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }]);
    const decide = (request: IamRequest) => unbounded.decide(request);
    await expect(decide({ action: "s3:GetObject", resource: `${bucket(`${previewName}-media`)}/media/a.jpg` })).resolves.toBe("Allowed");
    await expect(decide({ action: "s3:GetObject", resource: `${bucket("staging-media")}/media/a.jpg` })).resolves.toBe("ExplicitlyDenied");
    await expect(decide({ action: "ecs:UpdateService", resource: `arn:aws:ecs:${region}:${account}:service/${project}-staging/api`, context: tagged("staging") })).resolves.toBe("ExplicitlyDenied");
    await expect(decide({ action: "iam:CreateRole", resource: role(`${project}-${previewName}-x`) })).resolves.toBe("ExplicitlyDenied");
    await expect(decide({ action: "s3:GetObject", resource: key("staging") })).resolves.toBe("ExplicitlyDenied");
  });
});
