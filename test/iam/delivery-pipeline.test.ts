/**
 * The delivery pipeline's four roles, evaluated as AWS would (policy simulator): each stage may
 * do its own work and nothing else. Requests name the ARNs the resources will have, as the IAM
 * model derives them from the synthesized stack.
 */
import { DeliveryPipeline } from "../../modules/delivery-pipeline";
import { RdsPrivate } from "../../modules/rds-private";
import { StaticSite } from "../../modules/static-site";
import { Vpc2Az } from "../../modules/vpc-2az";
import { Decision, IamModel, IamRequest, StackJson } from "../support/iam-simulator";
import { synthJson, testStack } from "../support/synth";

const account = "123456789012";
const region = "eu-west-1";
const functionArn = `arn:aws:lambda:${region}:${account}:function:acme-test-api`;
const otherFunctionArn = `arn:aws:lambda:${region}:${account}:function:acme-test-worker`;

let model: IamModel;
let stackJson: StackJson;

beforeAll(() => {
  const stack = testStack(region, account);
  const network = new Vpc2Az(stack, "Network", {
    name: "acme-test",
    region,
    cidr: "10.0.0.0/16",
    availabilityZones: ["eu-west-1a", "eu-west-1b"],
    egress: "nat-instance",
  });
  const database = new RdsPrivate(stack, "Database", { name: "acme-test", network });
  const site = new StaticSite(stack, "Site", { name: "acme-test", accountId: account });
  new DeliveryPipeline(stack, "Delivery", {
    name: "acme-test",
    region,
    accountId: account,
    repository: "acme/app",
    site,
    function: { functionName: "acme-test-api", functionArn, aliasName: "live", architecture: "arm64", runtime: "python3.13" },
    migrations: { network, database },
  });
  stackJson = synthJson(stack) as StackJson;
  model = new IamModel(stackJson);
});

/** An ARN the stack's policies give a resource, found in the policies of one of its roles. */
function arnIn(roleName: string, pattern: RegExp): string {
  const found = JSON.stringify(model.role(roleName).identityPolicies).match(pattern);
  if (found === null) throw new Error(`no ${pattern} in the policies of ${roleName}`);
  return found[0];
}

const role = (stage: "pipeline" | "build" | "migrate" | "deploy") => `acme-test-delivery-${stage}`;
const siteBucket = `acme-test-site-${account}`;
const artifactBucket = `acme-test-delivery-${account}`;
const otherBucket = `acme-test-media-${account}`;
const project = (stage: string) => `arn:aws:codebuild:${region}:${account}:project/acme-test-delivery-${stage}`;
const logStream = (stage: string) => `arn:aws:logs:${region}:${account}:log-group:/acme-test/codebuild/delivery-${stage}:log-stream:abc`;

/** A request, with the bucket's own policy when it is one of the stack's buckets (the resource policy AWS evaluates too). */
async function decide(roleName: string, request: IamRequest): Promise<Decision> {
  const bucket = /^arn:aws:s3:::([^/]+)/.exec(request.resource)?.[1];
  const policy = bucket === siteBucket || bucket === artifactBucket ? model.bucketPolicy(bucket) : undefined;
  return model.role(roleName).decide(request, policy);
}

type Case = readonly [action: string, resource: () => string];

/** The decisions on each request, as `action resource: decision` lines (readable when one differs). */
async function decisions(roleName: string, cases: readonly Case[]): Promise<string[]> {
  return Promise.all(cases.map(async ([action, resource]) => `${action} ${resource()}: ${await decide(roleName, { action, resource: resource() })}`));
}

const allowed = (cases: readonly Case[]) => cases.map(([action, resource]) => `${action} ${resource()}: Allowed`);
const denied = (cases: readonly Case[]) => cases.map(([action, resource]) => `${action} ${resource()}: ImplicitlyDenied`);

const masterSecret = () => arnIn(role("migrate"), /arn:aws:secretsmanager:[^"]+/);
const distribution = () => arnIn(role("deploy"), /arn:aws:cloudfront::\d{12}:distribution\/[A-Z0-9]+/);
const connection = () => arnIn(role("pipeline"), /arn:aws:codestar-connections:[^"]+/);

/** What no stage may do. */
const NOBODY: readonly Case[] = [
  ["iam:PassRole", () => `arn:aws:iam::${account}:role/acme-test-delivery-deploy`],
  ["iam:CreateRole", () => `arn:aws:iam::${account}:role/anything`],
  ["iam:PutRolePolicy", () => `arn:aws:iam::${account}:role/acme-test-delivery-build`],
  ["lambda:UpdateFunctionCode", () => otherFunctionArn],
  ["lambda:UpdateFunctionConfiguration", () => functionArn],
  ["lambda:AddPermission", () => functionArn],
  ["s3:PutObject", () => `arn:aws:s3:::${otherBucket}/index.html`],
  ["s3:GetObject", () => `arn:aws:s3:::${otherBucket}/media/photo.jpg`],
  ["s3:PutBucketPolicy", () => `arn:aws:s3:::${siteBucket}`],
  ["s3:DeleteBucket", () => `arn:aws:s3:::${artifactBucket}`],
  ["codebuild:StartBuild", () => `arn:aws:codebuild:${region}:${account}:project/acme-test-db-migrations`],
];

describe("the pipeline role", () => {
  const can: readonly Case[] = [
    ["s3:GetObject", () => `arn:aws:s3:::${artifactBucket}/acme-test-delivery/source/abc.zip`],
    ["s3:PutObject", () => `arn:aws:s3:::${artifactBucket}/acme-test-delivery/source/abc.zip`],
    ["s3:GetBucketVersioning", () => `arn:aws:s3:::${artifactBucket}`],
    ["codestar-connections:UseConnection", connection],
    ["codebuild:StartBuild", () => project("build")],
    ["codebuild:StartBuild", () => project("migrate")],
    ["codebuild:StartBuild", () => project("deploy")],
    ["codebuild:BatchGetBuilds", () => project("deploy")],
  ];
  const cannot: readonly Case[] = [
    ...NOBODY,
    ["secretsmanager:GetSecretValue", masterSecret],
    ["lambda:UpdateFunctionCode", () => functionArn],
    ["lambda:UpdateAlias", () => `${functionArn}:live`],
    ["s3:PutObject", () => `arn:aws:s3:::${siteBucket}/index.html`],
    ["cloudfront:CreateInvalidation", distribution],
    ["codebuild:StartBuild", () => `arn:aws:codebuild:${region}:${account}:project/someone-else`],
  ];

  test("reads and writes the artifacts, uses the connection, starts its own three projects", async () => {
    expect(await decisions(role("pipeline"), can)).toEqual(allowed(can));
  });

  test("and nothing else: no secret, no function, no site, no other project, no IAM", async () => {
    expect(await decisions(role("pipeline"), cannot)).toEqual(denied(cannot));
  });
});

describe("the build role", () => {
  const can: readonly Case[] = [
    ["logs:CreateLogStream", () => logStream("build")],
    ["logs:PutLogEvents", () => logStream("build")],
    ["s3:GetObject", () => `arn:aws:s3:::${artifactBucket}/acme-test-delivery/source/abc.zip`],
    ["s3:PutObject", () => `arn:aws:s3:::${artifactBucket}/acme-test-delivery/function/def.zip`],
  ];
  const cannot: readonly Case[] = [
    ...NOBODY,
    ["logs:PutLogEvents", () => logStream("deploy")],
    ["s3:DeleteObject", () => `arn:aws:s3:::${artifactBucket}/acme-test-delivery/source/abc.zip`],
    ["s3:PutObject", () => `arn:aws:s3:::${siteBucket}/index.html`],
    ["secretsmanager:GetSecretValue", masterSecret],
    ["ssm:GetParameters", () => `arn:aws:ssm:${region}:${account}:parameter/acme-test/database/host`],
    ["lambda:UpdateFunctionCode", () => functionArn],
    ["cloudfront:CreateInvalidation", distribution],
    ["codebuild:StartBuild", () => project("deploy")],
    ["ec2:CreateNetworkInterface", () => "*"],
  ];

  test("writes its own logs, reads and writes the artifacts", async () => {
    expect(await decisions(role("build"), can)).toEqual(allowed(can));
  });

  test("and nothing else: the build runs third-party code (npm, pip), so it holds no deploy right", async () => {
    expect(await decisions(role("build"), cannot)).toEqual(denied(cannot));
  });
});

describe("the migrate role", () => {
  const parameter = (name: string) => `arn:aws:ssm:${region}:${account}:parameter/acme-test/database/${name}`;
  const can: readonly Case[] = [
    ["logs:PutLogEvents", () => logStream("migrate")],
    ["s3:GetObject", () => `arn:aws:s3:::${artifactBucket}/acme-test-delivery/function/def.zip`],
    ["ssm:GetParameters", () => parameter("host")],
    ["ssm:GetParameters", () => parameter("port")],
    ["ssm:GetParameters", () => parameter("database")],
    ["ssm:GetParameters", () => parameter("username")],
    ["secretsmanager:GetSecretValue", masterSecret],
    ["ec2:CreateNetworkInterface", () => "*"],
    ["ec2:DescribeSubnets", () => "*"],
  ];
  const cannot: readonly Case[] = [
    ...NOBODY,
    ["s3:PutObject", () => `arn:aws:s3:::${artifactBucket}/acme-test-delivery/function/def.zip`],
    ["ssm:GetParameters", () => parameter("secret-arn")],
    ["ssm:GetParameter", () => parameter("host")],
    ["secretsmanager:GetSecretValue", () => `arn:aws:secretsmanager:${region}:${account}:secret:acme-test/other-AbCdEf`],
    ["lambda:UpdateFunctionCode", () => functionArn],
    ["s3:PutObject", () => `arn:aws:s3:::${siteBucket}/index.html`],
    ["rds-db:connect", () => `arn:aws:rds-db:${region}:${account}:dbuser:db-ABC/app_user`],
  ];

  test("reads the package, the four connection settings and the master secret; builds in the VPC", async () => {
    const found = JSON.stringify(model.role(role("migrate")).identityPolicies).match(/arn:aws:ssm:[^"]+/g) ?? [];
    expect(found.map((arn) => arn.replace(/^.*parameter\//, "")).sort()).toEqual(["acme-test/database/database", "acme-test/database/host", "acme-test/database/port", "acme-test/database/username"]);
    expect(await decisions(role("migrate"), can)).toEqual(allowed(can));
  });

  test("and nothing else: no writes, no other secret or parameter, no deploy", async () => {
    expect(await decisions(role("migrate"), cannot)).toEqual(denied(cannot));
  });
});

describe("the deploy role", () => {
  const can: readonly Case[] = [
    ["logs:PutLogEvents", () => logStream("deploy")],
    ["s3:GetObject", () => `arn:aws:s3:::${artifactBucket}/acme-test-delivery/site/ghi.zip`],
    ["s3:ListBucket", () => `arn:aws:s3:::${siteBucket}`],
    ["s3:PutObject", () => `arn:aws:s3:::${siteBucket}/assets/index-4f3a2b.js`],
    ["s3:DeleteObject", () => `arn:aws:s3:::${siteBucket}/old.html`],
    ["s3:GetObject", () => `arn:aws:s3:::${siteBucket}/index.html`],
    ["cloudfront:CreateInvalidation", distribution],
    ["cloudfront:GetInvalidation", distribution],
    ["lambda:UpdateFunctionCode", () => functionArn],
    ["lambda:PublishVersion", () => functionArn],
    ["lambda:GetFunction", () => functionArn],
    ["lambda:GetFunction", () => `${functionArn}:7`],
    ["lambda:GetFunctionConfiguration", () => `${functionArn}:7`],
    ["lambda:GetAlias", () => `${functionArn}:live`],
    ["lambda:UpdateAlias", () => `${functionArn}:live`],
  ];
  const cannot: readonly Case[] = [
    ...NOBODY,
    ["secretsmanager:GetSecretValue", masterSecret],
    ["s3:PutObject", () => `arn:aws:s3:::${artifactBucket}/acme-test-delivery/site/ghi.zip`],
    ["s3:ListBucket", () => `arn:aws:s3:::${otherBucket}`],
    ["cloudfront:CreateInvalidation", () => `arn:aws:cloudfront::${account}:distribution/EOTHER1234567`],
    ["cloudfront:UpdateDistribution", distribution],
    ["lambda:UpdateAlias", () => `${otherFunctionArn}:live`],
    ["lambda:DeleteFunction", () => functionArn],
    ["lambda:DeleteAlias", () => `${functionArn}:live`],
    ["lambda:InvokeFunction", () => functionArn],
    ["ssm:GetParameters", () => `arn:aws:ssm:${region}:${account}:parameter/acme-test/database/host`],
  ];

  test("syncs the site's objects, invalidates its distribution, publishes the function and moves its alias", async () => {
    expect(await decisions(role("deploy"), can)).toEqual(allowed(can));
  });

  test("and nothing else: no other function, bucket or distribution, no configuration, no secret, no IAM", async () => {
    expect(await decisions(role("deploy"), cannot)).toEqual(denied(cannot));
  });
});

describe("the master secret", () => {
  test("only the migrate role reads it", async () => {
    const read = { action: "secretsmanager:GetSecretValue", resource: masterSecret() };
    const byRole = await Promise.all((["pipeline", "build", "migrate", "deploy"] as const).map(async (stage) => [stage, await decide(role(stage), read)]));
    expect(Object.fromEntries(byRole)).toEqual({ pipeline: "ImplicitlyDenied", build: "ImplicitlyDenied", migrate: "Allowed", deploy: "ImplicitlyDenied" });
  });

  test("the four roles are the stack's only delivery roles", () => {
    expect(model.roleNames().filter((name) => name.startsWith("acme-test-delivery")).sort()).toEqual(
      ["build", "deploy", "migrate", "pipeline"].map((stage) => `acme-test-delivery-${stage}`),
    );
    expect(stackJson.resource?.aws_iam_role_policy_attachment).toBeUndefined();
  });
});

describe("a container service's delivery", () => {
  const repository = `arn:aws:ecr:${region}:${account}:repository/acme-test/api`;
  const cluster = `arn:aws:ecs:${region}:${account}:cluster/acme-test`;
  const service = `arn:aws:ecs:${region}:${account}:service/acme-test/acme-test-api`;
  const executionRole = `arn:aws:iam::${account}:role/acme-test-api-execution`;
  const taskRole = `arn:aws:iam::${account}:role/acme-test-api-task`;
  const taskDefinition = (family: string, revision = 8) => `arn:aws:ecs:${region}:${account}:task-definition/${family}:${revision}`;
  let serviceModel: IamModel;

  beforeAll(() => {
    const stack = testStack(region, account);
    const site = new StaticSite(stack, "Site", { name: "acme-test", accountId: account });
    new DeliveryPipeline(stack, "Delivery", {
      name: "acme-test",
      region,
      accountId: account,
      repository: "acme/flask-api",
      site,
      service: {
        clusterName: "acme-test",
        clusterArn: cluster,
        serviceName: "acme-test-api",
        containerName: "app",
        family: "acme-test-api",
        repositoryUrl: `${account}.dkr.ecr.${region}.amazonaws.com/acme-test/api`,
        repositoryArn: repository,
        executionRoleArn: executionRole,
        taskRoleArn: taskRole,
        architecture: "arm64",
      },
    });
    serviceModel = new IamModel(synthJson(stack) as StackJson);
  });

  type ContextCase = readonly [label: string, request: IamRequest, expected: Decision];
  /** `label: decision` lines, so a differing case reads at once. */
  async function judge(roleName: string, cases: readonly ContextCase[]): Promise<{ got: string[]; want: string[] }> {
    const got = await Promise.all(cases.map(async ([label, request]) => `${label}: ${await serviceModel.role(roleName).decide(request)}`));
    return { got, want: cases.map(([label, , expected]) => `${label}: ${expected}`) };
  }

  test("the image build role pushes to its repository and nowhere else, and deploys nothing", async () => {
    const cases: ContextCase[] = [
      ["log in to the registry", { action: "ecr:GetAuthorizationToken", resource: "*" }, "Allowed"],
      ["upload a layer", { action: "ecr:InitiateLayerUpload", resource: repository }, "Allowed"],
      ["finish a layer", { action: "ecr:CompleteLayerUpload", resource: repository }, "Allowed"],
      ["put the image", { action: "ecr:PutImage", resource: repository }, "Allowed"],
      ["read it back", { action: "ecr:BatchGetImage", resource: repository }, "Allowed"],
      ["write its log", { action: "logs:PutLogEvents", resource: `arn:aws:logs:${region}:${account}:log-group:/acme-test/codebuild/delivery-image:log-stream:abc` }, "Allowed"],
      ["push to another repository", { action: "ecr:PutImage", resource: `arn:aws:ecr:${region}:${account}:repository/acme-test/worker` }, "ImplicitlyDenied"],
      ["delete images", { action: "ecr:BatchDeleteImage", resource: repository }, "ImplicitlyDenied"],
      ["change the repository's policy", { action: "ecr:SetRepositoryPolicy", resource: repository }, "ImplicitlyDenied"],
      ["update the service", { action: "ecs:UpdateService", resource: service }, "ImplicitlyDenied"],
      ["register a task definition", { action: "ecs:RegisterTaskDefinition", resource: taskDefinition("acme-test-api") }, "ImplicitlyDenied"],
      ["pass the task role", { action: "iam:PassRole", resource: taskRole, context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } }, "ImplicitlyDenied"],
      ["write another stage's log", { action: "logs:PutLogEvents", resource: logStream("deploy") }, "ImplicitlyDenied"],
    ];
    const { got, want } = await judge("acme-test-delivery-image", cases);
    expect(got).toEqual(want);
  });

  test("the pipeline role updates its service, registers its family, passes its two roles to ECS tasks: nothing else", async () => {
    const toTasks = { "iam:PassedToService": "ecs-tasks.amazonaws.com" };
    const cases: ContextCase[] = [
      ["update the service", { action: "ecs:UpdateService", resource: service }, "Allowed"],
      ["describe the service", { action: "ecs:DescribeServices", resource: service }, "Allowed"],
      ["register the family's next revision", { action: "ecs:RegisterTaskDefinition", resource: taskDefinition("acme-test-api") }, "Allowed"],
      ["tag it as it is registered", { action: "ecs:TagResource", resource: taskDefinition("acme-test-api"), context: { "ecs:CreateAction": "RegisterTaskDefinition" } }, "Allowed"],
      ["read the running revision", { action: "ecs:DescribeTaskDefinition", resource: "*" }, "Allowed"],
      ["follow the service's tasks", { action: "ecs:DescribeTasks", resource: `arn:aws:ecs:${region}:${account}:task/acme-test/0123abcd` }, "Allowed"],
      ["list the cluster's tasks", { action: "ecs:ListTasks", resource: "*", context: { "ecs:cluster": cluster } }, "Allowed"],
      ["pass the execution role to ECS tasks", { action: "iam:PassRole", resource: executionRole, context: toTasks }, "Allowed"],
      ["pass the task role to ECS tasks", { action: "iam:PassRole", resource: taskRole, context: toTasks }, "Allowed"],
      ["start its image build", { action: "codebuild:StartBuild", resource: project("image") }, "Allowed"],
      ["update another service of the cluster", { action: "ecs:UpdateService", resource: `arn:aws:ecs:${region}:${account}:service/acme-test/acme-test-worker` }, "ImplicitlyDenied"],
      ["update a same-named service in another cluster", { action: "ecs:UpdateService", resource: `arn:aws:ecs:${region}:${account}:service/acme-prod/acme-test-api` }, "ImplicitlyDenied"],
      ["delete the service", { action: "ecs:DeleteService", resource: service }, "ImplicitlyDenied"],
      ["create a service", { action: "ecs:CreateService", resource: `arn:aws:ecs:${region}:${account}:service/acme-test/backdoor` }, "ImplicitlyDenied"],
      ["register another family", { action: "ecs:RegisterTaskDefinition", resource: taskDefinition("acme-test-worker") }, "ImplicitlyDenied"],
      ["retag an existing revision", { action: "ecs:TagResource", resource: taskDefinition("acme-test-api") }, "ImplicitlyDenied"],
      ["run a task", { action: "ecs:RunTask", resource: taskDefinition("acme-test-api") }, "ImplicitlyDenied"],
      ["list another cluster's tasks", { action: "ecs:ListTasks", resource: "*", context: { "ecs:cluster": `arn:aws:ecs:${region}:${account}:cluster/acme-prod` } }, "ImplicitlyDenied"],
      ["pass the task role to Lambda", { action: "iam:PassRole", resource: taskRole, context: { "iam:PassedToService": "lambda.amazonaws.com" } }, "ImplicitlyDenied"],
      ["pass another role to ECS tasks", { action: "iam:PassRole", resource: `arn:aws:iam::${account}:role/acme-test-admin`, context: toTasks }, "ImplicitlyDenied"],
      ["pass its own build role", { action: "iam:PassRole", resource: `arn:aws:iam::${account}:role/acme-test-delivery-image`, context: toTasks }, "ImplicitlyDenied"],
      ["push an image itself", { action: "ecr:PutImage", resource: repository }, "ImplicitlyDenied"],
    ];
    const { got, want } = await judge(role("pipeline"), cases);
    expect(got).toEqual(want);
  });

  test("only the pipeline role may pass the service's roles; the roles are the pipeline's, the image build's and the site deploy's", async () => {
    const pass = { action: "iam:PassRole", resource: taskRole, context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } };
    const names = ["pipeline", "build", "image", "deploy"].map((stage) => `acme-test-delivery-${stage}`);
    expect(serviceModel.roleNames().filter((name) => name.startsWith("acme-test-delivery")).sort()).toEqual([...names].sort());
    const byRole = await Promise.all(names.map(async (name) => [name, await serviceModel.role(name).decide(pass)]));
    expect(Object.fromEntries(byRole)).toEqual({
      "acme-test-delivery-pipeline": "Allowed",
      "acme-test-delivery-build": "ImplicitlyDenied",
      "acme-test-delivery-image": "ImplicitlyDenied",
      "acme-test-delivery-deploy": "ImplicitlyDenied",
    });
  });
});
