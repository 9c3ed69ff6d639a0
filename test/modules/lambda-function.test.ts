import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LambdaFunction as LambdaFunctionResource } from "@cdktf/provider-aws/lib/lambda-function";
import { Lazy, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { applyPolicyPack, errorsOf, evaluate, StackJson as PolicyStackJson } from "../../policies";
import { HttpApi, LambdaIntegration } from "../../modules/http-api";
import {
  FAILURE_QUEUE_RETENTION_SECONDS,
  LambdaCode,
  LambdaFunction,
  LambdaFunctionProps,
  lambdaFunctionPropProblems,
  LambdaNetwork,
  LambdaRuntime,
  MAX_UNZIPPED_BYTES,
  MAX_ZIP_BYTES,
  packageFolder,
  packageSizeProblems,
  RESERVED_ENVIRONMENT_VARIABLES,
  zipFolder,
} from "../../modules/lambda-function";
import { DEFAULT_ALARM_THRESHOLDS, Monitoring } from "../../modules/monitoring";
import { RdsPrivate } from "../../modules/rds-private";
import { PropsError } from "../../modules/shared/errors";
import { Grantee } from "../../modules/shared/grants";
import { Monitorable } from "../../modules/shared/monitorable";
import { Vpc2Az } from "../../modules/vpc-2az";
import { PropsCase, testRefusedProps } from "../support/refuses-props";
import { testOutdir } from "../support/outdir";
import {
  addressOf,
  countOf,
  onlyResource,
  parseJsonAttribute,
  refTo,
  resourceCounts,
  resourceList,
  SynthesizedStack,
  synthJson,
  testStack,
} from "../support/synth";

const PYTHON_FIXTURE = "test/fixtures/lambda/python";
const NODE_FIXTURE = "test/fixtures/lambda/node";
const IMAGE = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/api@sha256:${"a".repeat(64)}`;
const PARAMETER = "arn:aws:ssm:eu-west-1:123456789012:parameter/acme/test/django-secret-key";
const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/test/stripe-AbCdEf";

const base: LambdaFunctionProps = {
  name: "acme-test",
  functionName: "api",
  region: "eu-west-1",
  accountId: "123456789012",
  code: { folder: PYTHON_FIXTURE },
  runtime: "python3.13",
  handler: "app.handler",
  logRetentionDays: 14,
};

const privateNetwork: LambdaNetwork = {
  vpcId: "vpc-0123456789abcdef0",
  privateSubnetIds: ["subnet-private-a", "subnet-private-b"],
  egress: "none",
  interfaceEndpointServices: [],
};

function build(overrides: Partial<LambdaFunctionProps> = {}, stack: TerraformStack = testStack()): { stack: TerraformStack; fn: LambdaFunction } {
  const fn = new LambdaFunction(stack, "Api", { ...base, ...overrides });
  return { stack, fn };
}

function synthWith(overrides: Partial<LambdaFunctionProps> = {}): SynthesizedStack {
  return synthJson(build(overrides).stack);
}

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** The statements of the role's inline policy of that name. */
function statementsOf(json: SynthesizedStack, policyName: string): Statement[] {
  const policy = resourceList(json, "aws_iam_role_policy").find((p) => p.name === policyName);
  if (policy === undefined) throw new Error(`no inline policy ${policyName}`);
  return parseJsonAttribute<{ Statement: Statement[] }>(policy.policy).Statement;
}

/** The stack with an output per value (the test's own: modules create none), to read what the values resolve to. */
function withOutputs(stack: TerraformStack, values: Record<string, string>): TerraformStack {
  for (const [name, value] of Object.entries(values)) new TerraformOutput(stack, name, { value });
  return stack;
}

function outputValues(json: SynthesizedStack): Record<string, unknown> {
  return Object.fromEntries(Object.entries(json.output ?? {}).map(([name, output]) => [name, output.value]));
}

const sids = (json: SynthesizedStack, policyName = "run-function") => statementsOf(json, policyName).map((s) => s.Sid);

describe("LambdaFunction README example", () => {
  test("compiles and synthesizes", () => {
    // The same code as the usage example in modules/lambda-function/README.md.
    const stack = testStack("eu-west-1");
    const fn = new LambdaFunction(stack, "ApiFunction", {
      name: "acme-staging",
      functionName: "api",
      region: "eu-west-1",
      accountId: "123456789012",
      code: { folder: "test/fixtures/lambda/python" },
      runtime: "python3.13",
      handler: "app.handler",
      logRetentionDays: 30,
      environment: { SITE_URL: "https://staging.example.com" },
      secrets: { DJANGO_SECRET_KEY: "arn:aws:ssm:eu-west-1:123456789012:parameter/acme/staging/django-secret-key" },
    });
    const api = new HttpApi(stack, "HttpApi", {
      name: "acme-staging",
      integrations: { app: new LambdaIntegration(fn) },
    });
    const json = synthJson(stack);
    expect(api.apiId).toBeDefined();
    expect(onlyResource(json, "aws_lambda_function")).toMatchObject({
      function_name: "acme-staging-api",
      environment: { variables: { SITE_URL: "https://staging.example.com", DJANGO_SECRET_KEY_ARN: "arn:aws:ssm:eu-west-1:123456789012:parameter/acme/staging/django-secret-key" } },
    });
    expect(onlyResource(json, "aws_apigatewayv2_integration").integration_uri).toBe(
      `${refTo(json, "aws_lambda_function", "ApiFunction_", "arn")}:${refTo(json, "aws_lambda_alias", "ApiFunction_Alias", "name")}`,
    );
  });
});

describe("LambdaFunction defaults", () => {
  const { stack, fn } = build();
  const json = synthJson(stack);
  const lambda = onlyResource(json, "aws_lambda_function");

  test("creates the function, its role and policy, log group, alias, failure queue and its policy, async and recursion configs, and nothing else", () => {
    expect(resourceCounts(json)).toEqual({
      aws_cloudwatch_log_group: 1,
      aws_iam_role: 1,
      aws_iam_role_policy: 1,
      aws_lambda_alias: 1,
      aws_lambda_function: 1,
      aws_lambda_function_event_invoke_config: 1,
      aws_lambda_function_recursion_config: 1,
      aws_sqs_queue: 1,
      aws_sqs_queue_policy: 1,
    });
  });

  test("the function: arm64, 512 MiB, 30 s, published, the folder's package, no VPC, no reserved concurrency, no variables", () => {
    expect(Testing.synth(stack)).toHaveResourceWithProperties(LambdaFunctionResource, {
      function_name: "acme-test-api",
      role: refTo(json, "aws_iam_role", "Api_Role", "arn"),
      architectures: ["arm64"],
      memory_size: 512,
      timeout: 30,
      publish: true,
      package_type: "Zip",
      runtime: "python3.13",
      handler: "app.handler",
    });
    expect(lambda.vpc_config).toBeUndefined();
    expect(lambda.reserved_concurrent_executions).toBeUndefined();
    expect(lambda.environment).toBeUndefined();
    expect(lambda.image_uri).toBeUndefined();
    expect(lambda.replace_security_groups_on_destroy).toBeUndefined();
    expect(lambda.lifecycle).toBeUndefined();
  });

  test("JSON logs to its own log group, which exists first with the retention given; X-Ray active tracing", () => {
    expect(onlyResource(json, "aws_cloudwatch_log_group")).toMatchObject({ name: "/aws/lambda/acme-test-api", retention_in_days: 14 });
    expect(lambda.logging_config).toEqual({
      log_format: "JSON",
      log_group: refTo(json, "aws_cloudwatch_log_group", "Api_LogGroup", "name"),
      application_log_level: "INFO",
      system_log_level: "WARN",
    });
    expect(lambda.depends_on).toEqual(expect.arrayContaining([addressOf(json, "aws_cloudwatch_log_group", "Api_LogGroup")]));
    expect(lambda.tracing_config).toEqual({ mode: "Active" });
  });

  test("an alias on the published version, which integrations invoke", () => {
    expect(onlyResource(json, "aws_lambda_alias")).toMatchObject({
      name: "live",
      function_name: refTo(json, "aws_lambda_function", "Api_Function", "function_name"),
      function_version: refTo(json, "aws_lambda_function", "Api_Function", "version"),
    });
    expect(onlyResource(json, "aws_lambda_alias").lifecycle).toBeUndefined();
  });

  test("asynchronous invocations of the alias: two retries, an hour, then the encrypted failure queue, kept 14 days, TLS only", () => {
    expect(onlyResource(json, "aws_lambda_function_event_invoke_config")).toMatchObject({
      function_name: refTo(json, "aws_lambda_function", "Api_Function", "function_name"),
      qualifier: refTo(json, "aws_lambda_alias", "Api_Alias", "name"),
      maximum_retry_attempts: 2,
      maximum_event_age_in_seconds: 3600,
      destination_config: { on_failure: { destination: refTo(json, "aws_sqs_queue", "Api_FailureQueue", "arn") } },
    });
    const queue = onlyResource(json, "aws_sqs_queue");
    expect(queue).toMatchObject({ name: "acme-test-api-failed", sqs_managed_sse_enabled: true, message_retention_seconds: 1209600 });
    expect(FAILURE_QUEUE_RETENTION_SECONDS).toBe(14 * 86400);
    expect(queue.lifecycle).toBeUndefined();
    const queuePolicy = onlyResource(json, "aws_sqs_queue_policy");
    expect(queuePolicy.queue_url).toBe(refTo(json, "aws_sqs_queue", "Api_FailureQueue", "url"));
    expect(parseJsonAttribute(queuePolicy.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "sqs:*",
          Resource: refTo(json, "aws_sqs_queue", "Api_FailureQueue", "arn"),
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ],
    });
  });

  test("recursive loops are terminated", () => {
    expect(onlyResource(json, "aws_lambda_function_recursion_config")).toEqual({
      function_name: refTo(json, "aws_lambda_function", "Api_Function", "function_name"),
      recursive_loop: "Terminate",
    });
  });

  test("the role: Lambda may assume it; it writes its logs, sends to its queue and writes traces", () => {
    expect(parseJsonAttribute(onlyResource(json, "aws_iam_role").assume_role_policy)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
    expect(onlyResource(json, "aws_iam_role").name).toBe("acme-test-api");
    expect(statementsOf(json, "run-function")).toEqual([
      {
        Sid: "WriteLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${refTo(json, "aws_cloudwatch_log_group", "Api_LogGroup", "arn")}:*`,
      },
      { Sid: "SendFailedEvents", Effect: "Allow", Action: "sqs:SendMessage", Resource: refTo(json, "aws_sqs_queue", "Api_FailureQueue", "arn") },
      { Sid: "WriteTraces", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
    ]);
    expect(lambda.depends_on).toEqual(expect.arrayContaining([addressOf(json, "aws_iam_role_policy", "Api_RolePolicy")]));
  });

  test("its fields", () => {
    const { stack: probe, fn: probed } = build();
    const fields = {
      functionName: probed.functionName,
      functionArn: probed.functionArn,
      aliasName: probed.aliasName,
      qualifier: probed.qualifier,
      aliasArn: probed.aliasArn,
      invokeArn: probed.invokeArn,
      failureQueueArn: probed.failureQueueArn,
      failureQueueName: probed.failureQueueName,
    };
    const probedJson = synthJson(withOutputs(probe, fields));
    const ref = (type: string, prefix: string, attribute: string) => refTo(probedJson, type, prefix, attribute);
    expect(outputValues(probedJson)).toEqual({
      functionName: ref("aws_lambda_function", "Api_Function", "function_name"),
      functionArn: ref("aws_lambda_function", "Api_Function", "arn"),
      aliasName: ref("aws_lambda_alias", "Api_Alias", "name"),
      qualifier: ref("aws_lambda_alias", "Api_Alias", "name"),
      aliasArn: ref("aws_lambda_alias", "Api_Alias", "arn"),
      invokeArn: ref("aws_lambda_alias", "Api_Alias", "invoke_arn"),
      failureQueueArn: ref("aws_sqs_queue", "Api_FailureQueue", "arn"),
      failureQueueName: ref("aws_sqs_queue", "Api_FailureQueue", "name"),
    });
    expect(fn.grantRole).toBe(fn.role);
    expect(fn.securityGroup).toBeUndefined();
    expect(fn.securityGroupId).toBeUndefined();
    expect({ architecture: fn.architecture, runtime: fn.runtime, memoryMiB: fn.memoryMiB, timeoutSeconds: fn.timeoutSeconds, reservedConcurrency: fn.reservedConcurrency }).toEqual({
      architecture: "arm64",
      runtime: "python3.13",
      memoryMiB: 512,
      timeoutSeconds: 30,
      reservedConcurrency: undefined,
    });
    const grantee: Grantee = fn;
    const monitorable: Monitorable = fn;
    expect([grantee.grantRole, monitorable.node.id]).toEqual([fn.role, "Api"]);
  });
});

describe("LambdaFunction options", () => {
  test("x86_64, memory and timeout", () => {
    const { stack, fn } = build({ architecture: "x86_64", memoryMiB: 1769, timeoutSeconds: 120 });
    expect(onlyResource(synthJson(stack), "aws_lambda_function")).toMatchObject({ architectures: ["x86_64"], memory_size: 1769, timeout: 120 });
    expect([fn.architecture, fn.memoryMiB, fn.timeoutSeconds]).toEqual(["x86_64", 1769, 120]);
  });

  test("environment, and each secret as <NAME>_ARN holding the ARN, read by exactly these statements", () => {
    const json = synthWith({ environment: { SITE_URL: "https://example.com", DEBUG: "0" }, secrets: { DJANGO_SECRET_KEY: PARAMETER, STRIPE: SECRET } });
    expect(onlyResource(json, "aws_lambda_function").environment).toEqual({
      variables: { SITE_URL: "https://example.com", DEBUG: "0", DJANGO_SECRET_KEY_ARN: PARAMETER, STRIPE_ARN: SECRET },
    });
    const statements = statementsOf(json, "run-function");
    expect(statements.find((s) => s.Sid === "ReadParameters")).toEqual({ Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameter", Resource: [PARAMETER] });
    expect(statements.find((s) => s.Sid === "ReadSecrets")).toEqual({ Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [SECRET] });
    expect(statements.find((s) => s.Sid === "DecryptThroughSecretServices")).toEqual({
      Sid: "DecryptThroughSecretServices",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: ["arn:aws:kms:eu-west-1:123456789012:key/*"],
      Condition: { StringEquals: { "kms:ViaService": ["secretsmanager.eu-west-1.amazonaws.com", "ssm.eu-west-1.amazonaws.com"] } },
    });
    // No secret's value is anywhere in the stack: only ARNs.
    expect(JSON.stringify(json)).not.toMatch(/"value"/);
  });

  test("a parameter of another region is decrypted through that region's Parameter Store", () => {
    const other = "arn:aws:ssm:us-east-1:123456789012:parameter/acme/shared";
    const decrypt = statementsOf(synthWith({ secrets: { SHARED: other } }), "run-function").find((s) => s.Sid === "DecryptThroughSecretServices");
    expect(decrypt).toMatchObject({ Resource: ["arn:aws:kms:us-east-1:123456789012:key/*"], Condition: { StringEquals: { "kms:ViaService": ["ssm.us-east-1.amazonaws.com"] } } });
  });

  test("log levels", () => {
    const json = synthWith({ applicationLogLevel: "DEBUG", systemLogLevel: "INFO" });
    expect(onlyResource(json, "aws_lambda_function").logging_config).toMatchObject({ application_log_level: "DEBUG", system_log_level: "INFO" });
  });

  test("tracing off: pass-through, and no X-Ray permission", () => {
    const json = synthWith({ tracing: false });
    expect(onlyResource(json, "aws_lambda_function").tracing_config).toEqual({ mode: "PassThrough" });
    expect(sids(json)).not.toContain("WriteTraces");
  });

  test("reserved concurrency", () => {
    const { stack, fn } = build({ reservedConcurrency: 20 });
    expect(onlyResource(synthJson(stack), "aws_lambda_function").reserved_concurrent_executions).toBe(20);
    expect(fn.reservedConcurrency).toBe(20);
  });

  test("asynchronous retries and event age", () => {
    const json = synthWith({ asyncRetryAttempts: 0, asyncMaxEventAgeSeconds: 60 });
    expect(onlyResource(json, "aws_lambda_function_event_invoke_config")).toMatchObject({ maximum_retry_attempts: 0, maximum_event_age_in_seconds: 60 });
  });

  test("another alias name", () => {
    const json = synthWith({ aliasName: "prod" });
    expect(onlyResource(json, "aws_lambda_alias").name).toBe("prod");
  });

  test("preventDestroy keeps the failure queue", () => {
    expect(onlyResource(synthWith({ preventDestroy: true }), "aws_sqs_queue").lifecycle).toEqual({ prevent_destroy: true });
  });

  test("a Node.js folder", () => {
    const { stack, fn } = build({ code: { folder: NODE_FIXTURE }, runtime: "nodejs22.x", handler: "dist/handler.main" });
    expect(onlyResource(synthJson(stack), "aws_lambda_function")).toMatchObject({ runtime: "nodejs22.x", handler: "dist/handler.main", package_type: "Zip" });
    expect(fn.runtime).toBe("nodejs22.x");
  });

  test("an ECR image by digest: no runtime, handler or package file", () => {
    const { stack, fn } = build({ code: { imageUri: IMAGE }, runtime: undefined, handler: undefined });
    const lambda = onlyResource(synthJson(stack), "aws_lambda_function");
    expect(lambda).toMatchObject({ package_type: "Image", image_uri: IMAGE });
    for (const key of ["runtime", "handler", "filename", "source_code_hash"]) expect({ key, value: lambda[key] }).toEqual({ key, value: undefined });
    expect(fn.runtime).toBeUndefined();
  });
});

describe("LambdaFunction codeUpdates", () => {
  test('"pipeline": Terraform ignores the code and the alias\'s version after the first deploy', () => {
    const json = synthWith({ codeUpdates: "pipeline" });
    expect(onlyResource(json, "aws_lambda_function").lifecycle).toEqual({ ignore_changes: ["filename", "source_code_hash"] });
    expect(onlyResource(json, "aws_lambda_alias").lifecycle).toEqual({ ignore_changes: ["function_version"] });
    expect(onlyResource(json, "aws_lambda_function").publish).toBe(true);
  });

  test('"pipeline" with an image: the image is ignored', () => {
    const json = synthWith({ codeUpdates: "pipeline", code: { imageUri: IMAGE }, runtime: undefined, handler: undefined });
    expect(onlyResource(json, "aws_lambda_function").lifecycle).toEqual({ ignore_changes: ["image_uri"] });
    expect(onlyResource(json, "aws_lambda_alias").lifecycle).toEqual({ ignore_changes: ["function_version"] });
  });

  test('"terraform" (the default) ignores nothing', () => {
    const json = synthWith({ codeUpdates: "terraform" });
    expect(onlyResource(json, "aws_lambda_function").lifecycle).toBeUndefined();
    expect(onlyResource(json, "aws_lambda_alias").lifecycle).toBeUndefined();
  });
});

describe("LambdaFunction in a VPC", () => {
  test("its own security group with no ingress, the private subnets, and a VPC policy of its own that the function waits for", () => {
    const { stack, fn } = build({ network: privateNetwork });
    const json = synthJson(stack);
    const lambda = onlyResource(json, "aws_lambda_function");
    expect(lambda.vpc_config).toEqual({
      subnet_ids: ["subnet-private-a", "subnet-private-b"],
      security_group_ids: [refTo(json, "aws_security_group", "Api_SecurityGroup", "id")],
    });
    expect(lambda.replace_security_groups_on_destroy).toBeUndefined();
    expect(onlyResource(json, "aws_security_group")).toMatchObject({ name_prefix: "acme-test-api-", vpc_id: "vpc-0123456789abcdef0", lifecycle: { create_before_destroy: true } });
    expect(countOf(json, "aws_vpc_security_group_ingress_rule")).toBe(0);
    expect(onlyResource(json, "aws_security_group").ingress).toBeUndefined();
    expect(lambda.depends_on).toEqual(expect.arrayContaining([addressOf(json, "aws_iam_role_policy", "Api_VpcPolicy")]));
    expect(statementsOf(json, "run-in-vpc")).toEqual([
      {
        Sid: "VpcNetworkInterfaces",
        Effect: "Allow",
        Action: [
          "ec2:AssignPrivateIpAddresses",
          "ec2:CreateNetworkInterface",
          "ec2:DeleteNetworkInterface",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeSubnets",
          "ec2:UnassignPrivateIpAddresses",
        ],
        Resource: "*",
      },
    ]);
    // The suppressions live in the resources' "//" metadata, which only the full JSON keeps.
    const suppressionsOf = (policyName: string) =>
      (resourceList(stack.toTerraform() as SynthesizedStack, "aws_iam_role_policy").find((p) => p.name === policyName)!["//"] as { policy_suppressions?: { id: string }[] } | undefined)
        ?.policy_suppressions;
    expect(suppressionsOf("run-in-vpc")?.map((s) => s.id)).toEqual(["iam-no-wildcard-resource"]);
    expect(suppressionsOf("run-function")).toBeUndefined();
    expect(sids(json)).not.toContain("VpcNetworkInterfaces");
    expect(outputValues(synthJson(withOutputs(stack, { securityGroupId: fn.securityGroupId! })))).toEqual({
      securityGroupId: refTo(json, "aws_security_group", "Api_SecurityGroup", "id"),
    });
  });

  test("egress: none without AWS services or NAT, HTTPS with services, HTTPS with NAT", () => {
    const egress = (overrides: Partial<LambdaFunctionProps>) =>
      resourceList(synthWith(overrides), "aws_vpc_security_group_egress_rule").map((r) => [r.ip_protocol, r.from_port, r.to_port, r.cidr_ipv4]);
    expect(egress({ network: privateNetwork })).toEqual([]);
    expect(egress({ network: privateNetwork, awsServices: ["s3"] })).toEqual([["tcp", 443, 443, "0.0.0.0/0"]]);
    expect(egress({ network: { ...privateNetwork, interfaceEndpointServices: ["ssm"] }, secrets: { KEY: PARAMETER } })).toEqual([["tcp", 443, 443, "0.0.0.0/0"]]);
    expect(egress({ network: { ...privateNetwork, egress: "nat-instance" } })).toEqual([["tcp", 443, 443, "0.0.0.0/0"]]);
  });

  test("allowTo adds TCP egress to a peer group; the database's allowFrom uses it", () => {
    const stack = testStack();
    const vpc = new Vpc2Az(stack, "Network", { name: "acme-test", region: "eu-west-1", cidr: "10.0.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"] });
    const database = new RdsPrivate(stack, "Database", { name: "acme-test", network: vpc, region: "eu-west-1", accountId: "123456789012" });
    const fn = new LambdaFunction(stack, "Api", { ...base, network: vpc });
    database.allowFrom("Api", fn, "The API function");
    const rule = fn.allowTo("Cache", { securityGroupId: "sg-cache" }, 6379, "Redis");
    database.grantConnect(fn);
    const json = synthJson(stack);
    const fnGroup = refTo(json, "aws_security_group", "Api_SecurityGroup", "id");
    const dbGroup = refTo(json, "aws_security_group", "Database_SecurityGroup", "id");
    const egress = resourceList(json, "aws_vpc_security_group_egress_rule").filter((r) => r.security_group_id === fnGroup);
    expect(egress.map((r) => [r.from_port, r.referenced_security_group_id, r.description]).sort()).toEqual([
      [5432, dbGroup, "PostgreSQL of acme-test-postgres"],
      [6379, "sg-cache", "Redis"],
    ]);
    const ingress = resourceList(json, "aws_vpc_security_group_ingress_rule").filter((r) => r.security_group_id === dbGroup);
    expect(ingress.map((r) => [r.from_port, r.referenced_security_group_id])).toEqual([[5432, fnGroup]]);
    expect(resourceList(json, "aws_vpc_security_group_ingress_rule").filter((r) => r.security_group_id === fnGroup)).toEqual([]);
    expect(rule.node.id).toBe("EgressCache");
    expect(resourceList(json, "aws_iam_role_policy").find((p) => p.name === "acme-test-postgres-connect")?.role).toBe(refTo(json, "aws_iam_role", "Api_Role", "name"));
  });

  test("a database refuses to let in a function outside the VPC, naming the fix", () => {
    const stack = testStack();
    const vpc = new Vpc2Az(stack, "Network", { name: "acme-test", region: "eu-west-1", cidr: "10.0.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"] });
    const database = new RdsPrivate(stack, "Database", { name: "acme-test", network: vpc, region: "eu-west-1", accountId: "123456789012" });
    const fn = new LambdaFunction(stack, "Api", base);
    expect(() => database.allowFrom("Api", fn, "The API function")).toThrow(
      /RdsPrivate "test\/Database": allowFrom needs a client inside the VPC: this one has no security group .*give it the database's network; got "Api"/,
    );
  });

  test("allowTo without a network is refused, naming the prop", () => {
    const { fn } = build();
    expect(() => fn.allowTo("Database", { securityGroupId: "sg-db" }, 5432, "PostgreSQL")).toThrow(PropsError);
    expect(() => fn.allowTo("Database", { securityGroupId: "sg-db" }, 5432, "PostgreSQL")).toThrow(
      /LambdaFunction "test\/Api": network is needed by allowTo\("Database", \.\.\.\): a function outside a VPC has no security group/,
    );
  });

  test("without a network, awsServices are accepted and nothing checks them", () => {
    expect(() => build({ awsServices: ["sqs", "dynamodb"] })).not.toThrow();
  });
});

const tooLongRole = "a".repeat(55);
const folderFile = `${PYTHON_FIXTURE}/app.py`;
const reserved = (name: string): PropsCase<LambdaFunctionProps> => [`the reserved variable ${name}`, { environment: { [name]: "x" } }, new RegExp(`environment\\.${name} is a name Lambda reserves`)];
const runtimeCase = (runtime: string, message: RegExp): PropsCase<LambdaFunctionProps> => [`runtime ${runtime}`, { runtime: runtime as LambdaRuntime }, message];
const image = { code: { imageUri: IMAGE }, runtime: undefined, handler: undefined };

describe("LambdaFunction refuses bad props, naming them", () => {
  const cases: PropsCase<LambdaFunctionProps>[] = [
    ["a bad name", { name: "Acme" }, /name must be 2 to 32 lowercase letters/],
    ["a bad functionName", { functionName: "Api" }, /functionName must be lowercase letters, digits and hyphens/],
    ["a functionName known only at apply", { functionName: Lazy.stringValue({ produce: () => "api" }) }, /functionName must be a literal value known at synth/],
    ["a function name over 64 characters", { functionName: tooLongRole }, /functionName makes the function name "acme-test-a+" 65 characters long; Lambda allows 64/],
    ["a bad region", { region: "europe" }, /region "europe" is not an AWS region/],
    ["a bad account", { accountId: "12" }, /accountId must be a 12-digit AWS account id/],
    ["code with neither", { code: {} as LambdaCode }, /code must be \{ folder \} \(a folder of the repository, zipped at synth\), \{ entry \} \(a TypeScript handler bundled at synth\) or \{ imageUri \}/],
    ["code with both", { code: { folder: PYTHON_FIXTURE, imageUri: IMAGE } as unknown as LambdaCode }, /code must be \{ folder \}.*exactly one/],
    ["a folder that does not exist", { code: { folder: "test/fixtures/lambda/missing" } }, /code\.folder must be an existing folder .*; nothing is there; got "test\/fixtures\/lambda\/missing"/],
    ["a file for a folder", { code: { folder: folderFile } }, /code\.folder must be an existing folder .*; this is a file/],
    ["a folder known only at apply", { code: { folder: Lazy.stringValue({ produce: () => PYTHON_FIXTURE }) } }, /code\.folder must be a literal path known at synth/],
    ["an image by tag", { ...image, code: { imageUri: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/api:1.4.2" } }, /code\.imageUri must name the image by digest .*not by tag: tags move/],
    ["an image outside ECR", { ...image, code: { imageUri: `docker.io/acme/api@sha256:${"a".repeat(64)}` } }, /code\.imageUri must be an ECR image by digest/],
    ["an image of another region", { ...image, code: { imageUri: IMAGE.replace("eu-west-1", "us-east-1") } }, /code\.imageUri must be in the function's region \(eu-west-1\)/],
    ["a runtime with an image", { ...image, runtime: "python3.13" }, /runtime applies only to code\.folder: an image brings its own runtime/],
    ["a handler with an image", { ...image, handler: "app.handler" }, /handler applies only to code\.folder/],
    ["a folder without a runtime", { runtime: undefined }, /runtime is required with code\.folder: one of python3\.12, python3\.13, nodejs22\.x/],
    ["a folder without a handler", { handler: undefined }, /handler is required with code\.folder/],
    runtimeCase("python3.11", /runtime was deprecated by AWS on 2026-06-30; use python3\.13 .*; got "python3\.11"/),
    runtimeCase("python3.10", /runtime was deprecated by AWS on 2026-06-30; use python3\.13/),
    runtimeCase("python3.9", /runtime was deprecated by AWS on 2025-12-15; use python3\.13/),
    runtimeCase("nodejs20.x", /runtime was deprecated by AWS on 2026-04-30; use nodejs22\.x/),
    runtimeCase("nodejs18.x", /runtime was deprecated by AWS on 2025-09-01; use nodejs22\.x/),
    runtimeCase("python3.14", /runtime is supported by AWS but not by the pinned provider hashicorp\/aws 5\.100\.0 \(its validation rejects it\); use python3\.13/),
    runtimeCase("nodejs24.x", /runtime is supported by AWS but not by the pinned provider hashicorp\/aws 5\.100\.0 .*; use nodejs22\.x/),
    runtimeCase("ruby3.3", /runtime is not a Lambda Python or Node\.js runtime this module supports; use one of python3\.12, python3\.13, nodejs22\.x/),
    ["a Python handler without a function", { handler: "app" }, /handler must be module\.function for Python/],
    ["a Python handler with a colon", { handler: "app:handler" }, /handler must be module\.function for Python/],
    ["a Node.js handler without an export", { code: { folder: NODE_FIXTURE }, runtime: "nodejs22.x", handler: "dist/handler" }, /handler must be file\.export for Node\.js/],
    ["a Python module the folder lacks", { handler: "missing.handler" }, /handler names a module the folder test\/fixtures\/lambda\/python does not hold: expected missing\.py or missing\/__init__\.py in it/],
    ["a Node.js file the folder lacks", { code: { folder: NODE_FIXTURE }, runtime: "nodejs22.x", handler: "index.handler" }, /handler names a module the folder .* does not hold: expected index\.js or index\.mjs or index\.cjs/],
    ["an unknown architecture", { architecture: "arm" as LambdaFunctionProps["architecture"] }, /architecture must be "arm64" or "x86_64"/],
    ["too little memory", { memoryMiB: 100 }, /memoryMiB must be a whole number of MiB from 128 to 10240/],
    ["too much memory", { memoryMiB: 10241 }, /memoryMiB must be a whole number of MiB from 128 to 10240/],
    ["a timeout over 15 minutes", { timeoutSeconds: 901 }, /timeoutSeconds must be a whole number of seconds from 1 to 900 \(Lambda's limit; behind an HTTP API, API Gateway stops waiting at 30\)/],
    ["a zero timeout", { timeoutSeconds: 0 }, /timeoutSeconds must be a whole number of seconds from 1 to 900/],
    ["a bad variable name", { environment: { "1X": "a" } }, /environment\.1X must be a variable name/],
    ["a secret-looking variable", { environment: { DB_PASSWORD: "hunter2" } }, /environment\.DB_PASSWORD looks like a secret; pass it through secrets .*; got "a plain value \(not shown\)"/],
    ["a variable also in secrets", { environment: { KEY: "a" }, secrets: { KEY: PARAMETER } }, /environment\.KEY is also in secrets/],
    ...["AWS_REGION", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_SOMETHING_NEW", "_HANDLER", "LAMBDA_TASK_ROOT", "TZ"].map(reserved),
    ["variables over 4 KB", { environment: { BIG: "x".repeat(4090) } }, /environment must fit in Lambda's 4096 bytes for all variables, secrets' <NAME>_ARN included .*; got "4100 bytes"/],
    [
      "literal variables over 4 KB beside one known only at apply",
      { environment: { BIG: "x".repeat(4090), HOST: Lazy.stringValue({ produce: () => "db.internal" }) } },
      /environment must fit in Lambda's 4096 bytes .*values known only at apply counted as empty.*; got "4110 bytes"/,
    ],
    ["a bad secret name", { secrets: { "my-key": PARAMETER } }, /secrets\.my-key must be a variable name/],
    ["a secret that is not an ARN", { secrets: { KEY: "hunter2" } }, /secrets\.KEY must be the ARN of an SSM parameter .*; got "a value that is not such an ARN \(not shown: it may be the secret\)"/],
    ["a Secrets Manager ARN without its suffix", { secrets: { KEY: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/stripe" } }, /secrets\.KEY must be the ARN of an SSM parameter .* with the 6-character suffix/],
    ["a secret known only at apply", { secrets: { KEY: Lazy.stringValue({ produce: () => PARAMETER }) } }, /secrets\.KEY must be a literal ARN known at synth/],
    ["a secret whose ARN variable environment sets", { environment: { DB_ARN: "x" }, secrets: { DB: PARAMETER } }, /secrets\.DB gives the function the variable DB_ARN \(the secret's ARN\), which environment sets too/],
    ["a secret whose ARN variable Lambda reserves", { secrets: { AWS_LAMBDA_KEY: PARAMETER } }, /secrets\.AWS_LAMBDA_KEY gives the function the variable AWS_LAMBDA_KEY_ARN \(the secret's ARN\), a name Lambda reserves/],
    ["a retention CloudWatch does not offer", { logRetentionDays: 13 }, /logRetentionDays must be one of the retention periods CloudWatch Logs accepts/],
    ["an unknown application log level", { applicationLogLevel: "VERBOSE" as LambdaFunctionProps["applicationLogLevel"] }, /applicationLogLevel must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL/],
    ["a system log level Lambda does not have", { systemLogLevel: "ERROR" as LambdaFunctionProps["systemLogLevel"] }, /systemLogLevel must be one of DEBUG, INFO, WARN/],
    ["a bad AWS service name", { awsServices: ["S3"] }, /awsServices\[0\] must be an AWS endpoint service name in lowercase/],
    ["a network without subnets", { network: { ...privateNetwork, privateSubnetIds: [] } }, /network\.privateSubnetIds must list at least one subnet/],
    ["an unknown egress", { network: { ...privateNetwork, egress: "igw" as LambdaNetwork["egress"] } }, /network\.egress must be one of "none", "nat-instance", "nat-gateway"/],
    [
      "a VPC without a route to the services the code calls",
      { network: privateNetwork, awsServices: ["s3", "sqs", "kinesis"] },
      /network gives the function no route to the AWS services its code calls: egress is "none" and there are no interface endpoints for kinesis, sqs\. Give the VPC NAT egress \(egress "nat-instance", about \$7 a month, or "nat-gateway", about \$37 a month each\) or interface endpoints for kinesis, sqs \(about \$15 a month each, in two AZs\)/,
    ],
    [
      "a VPC without a route to the secrets",
      { network: { ...privateNetwork, interfaceEndpointServices: ["ssm"] }, secrets: { KEY: PARAMETER, STRIPE: SECRET } },
      /network gives the function no route to the AWS services its code calls \(ssm and secretsmanager come with secrets\): .*no interface endpoints for secretsmanager\./,
    ],
    ["no reserved concurrency at all", { reservedConcurrency: 0 }, /reservedConcurrency must be a whole number from 1 to 1000/],
    ["too much reserved concurrency", { reservedConcurrency: 1001 }, /reservedConcurrency must be a whole number from 1 to 1000/],
    ["three retries", { asyncRetryAttempts: 3 }, /asyncRetryAttempts must be a whole number from 0 to 2 \(Lambda's limit\)/],
    ["an event age under a minute", { asyncMaxEventAgeSeconds: 59 }, /asyncMaxEventAgeSeconds must be a whole number of seconds from 60 to 21600/],
    ["an event age over six hours", { asyncMaxEventAgeSeconds: 21601 }, /asyncMaxEventAgeSeconds must be a whole number of seconds from 60 to 21600/],
    ["an unknown codeUpdates", { codeUpdates: "manual" as LambdaFunctionProps["codeUpdates"] }, /codeUpdates must be "terraform" or "pipeline"/],
    ["an alias that is a version number", { aliasName: "12" }, /aliasName must be 1 to 128 letters, digits, - and _, and not only digits/],
    ["an alias with a bad character", { aliasName: "live!" }, /aliasName must be 1 to 128 letters/],
  ];

  testRefusedProps(cases, { build: (overrides) => build(overrides), check: (overrides) => lambdaFunctionPropProblems({ ...base, ...overrides }) });

  test("the exported check finds nothing wrong with good props, and every problem at once with bad ones", () => {
    expect(lambdaFunctionPropProblems(base)).toEqual([]);
    expect(lambdaFunctionPropProblems({ ...base, accountId: "12", memoryMiB: 64, aliasName: "1" }).map((p) => p.prop)).toEqual(["accountId", "memoryMiB", "aliasName"]);
  });

  test("the check takes a network whose ids are known only at apply", () => {
    const network: LambdaNetwork = {
      vpcId: Lazy.stringValue({ produce: () => "vpc-1" }),
      privateSubnetIds: Lazy.listValue({ produce: () => ["subnet-1"] }),
      egress: "none",
      interfaceEndpointServices: [],
    };
    expect(lambdaFunctionPropProblems({ ...base, network, awsServices: ["s3"] })).toEqual([]);
    expect(lambdaFunctionPropProblems({ ...base, network, awsServices: ["sqs"] }).map((p) => p.prop)).toEqual(["network"]);
  });

  test("every documented reserved name is refused, and AWS_LAMBDA_EXEC_WRAPPER is not", () => {
    for (const name of RESERVED_ENVIRONMENT_VARIABLES) {
      const reasons = lambdaFunctionPropProblems({ ...base, environment: { [name]: "x" } }).map((p) => `${p.prop} ${p.expected}`);
      expect({ name, reserved: reasons.some((r) => r.startsWith(`environment.${name} is a name Lambda reserves`)) }).toEqual({ name, reserved: true });
    }
    expect(lambdaFunctionPropProblems({ ...base, environment: { AWS_LAMBDA_EXEC_WRAPPER: "/opt/wrapper" } })).toEqual([]);
  });

  test("4 KB counts the secrets' ARN variables, measured as JSON", () => {
    // 4096 bytes exactly is accepted; the ARN variable pushes it over.
    const fits = "x".repeat(4096 - JSON.stringify({ BIG: "" }).length);
    expect(lambdaFunctionPropProblems({ ...base, environment: { BIG: fits } })).toEqual([]);
    expect(lambdaFunctionPropProblems({ ...base, environment: { BIG: fits }, secrets: { KEY: PARAMETER } }).map((p) => p.prop)).toEqual(["environment"]);
  });

  test("a package over Lambda's size limits is refused under code.folder", () => {
    const fits = { zip: Buffer.alloc(0), unzippedBytes: MAX_UNZIPPED_BYTES };
    expect(packageSizeProblems("app", fits)).toEqual([]);
    const problems = packageSizeProblems("app", { zip: { length: MAX_ZIP_BYTES + 1 } as Buffer, unzippedBytes: MAX_UNZIPPED_BYTES + 1 });
    expect(problems.map((p) => [p.prop, p.expected, p.given])).toEqual([
      ["code.folder", expect.stringMatching(/^must zip to at most 50 MB, what Lambda takes uploaded directly/), "app (50.0 MB zipped)"],
      ["code.folder", expect.stringMatching(/^must hold at most 250 MB of files, Lambda's limit for unzipped code/), "app (250.0 MB unzipped)"],
    ]);
  });
});

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of a fixture in a folder of its own (removed after the tests), to change without touching the fixture. */
function copyOf(fixture: string): string {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-package-"));
  copies.push(parent);
  const dir = path.join(parent, "code");
  fs.cpSync(fixture, dir, { recursive: true });
  return dir;
}

const hasUnzip = spawnSync("unzip", ["-v"]).status === 0;

describe("LambdaFunction packaging", () => {
  test("the machine has unzip, which these tests read the packages with", () => {
    expect(hasUnzip).toBe(true);
  });

  test("the same folder twice: the same bytes and hash", () => {
    const a = zipFolder(PYTHON_FIXTURE);
    const b = zipFolder(path.resolve(PYTHON_FIXTURE));
    expect(b.zip.equals(a.zip)).toBe(true);
    expect(b.sha256Hex).toBe(a.sha256Hex);
    expect(a.sha256Base64).toBe(createHash("sha256").update(a.zip).digest("base64"));
  });

  test("touching a file changes nothing; renaming one changes the hash", () => {
    const dir = copyOf(PYTHON_FIXTURE);
    const before = zipFolder(dir);
    const later = new Date(Date.now() + 86_400_000);
    fs.utimesSync(path.join(dir, "app.py"), later, later);
    expect(zipFolder(dir).sha256Hex).toBe(before.sha256Hex);
    fs.renameSync(path.join(dir, "helpers", "text.py"), path.join(dir, "helpers", "words.py"));
    const renamed = zipFolder(dir);
    expect(renamed.sha256Hex).not.toBe(before.sha256Hex);
    expect(renamed.entries).toEqual(["app.py", "helpers/__init__.py", "helpers/words.py"]);
  });

  test("it unzips to exactly the folder's files, byte for byte, dated 1980-01-01 00:00, 0644 or 0755, without caches and dotfiles", () => {
    const dir = copyOf(PYTHON_FIXTURE);
    fs.mkdirSync(path.join(dir, "__pycache__"));
    fs.writeFileSync(path.join(dir, "__pycache__", "app.cpython-313.pyc"), "bytecode");
    fs.writeFileSync(path.join(dir, "helpers", "old.pyc"), "bytecode");
    fs.writeFileSync(path.join(dir, ".DS_Store"), "finder");
    fs.writeFileSync(path.join(dir, ".env"), "SECRET=1");
    fs.mkdirSync(path.join(dir, ".venv", "lib"), { recursive: true });
    fs.writeFileSync(path.join(dir, ".venv", "lib", "x.py"), "x = 1");
    fs.mkdirSync(path.join(dir, "node_modules", ".cache"), { recursive: true });
    fs.writeFileSync(path.join(dir, "node_modules", ".cache", "c.json"), "{}");
    fs.writeFileSync(path.join(dir, "node_modules", "dep.js"), "module.exports = 1;\n");
    fs.writeFileSync(path.join(dir, "run.sh"), "#!/bin/sh\necho run\n", { mode: 0o755 });
    fs.chmodSync(path.join(dir, "run.sh"), 0o755);
    const zipFile = path.join(dir, "..", `${path.basename(dir)}.zip`);
    fs.writeFileSync(zipFile, zipFolder(dir).zip);

    const test = spawnSync("unzip", ["-t", zipFile], { encoding: "utf8" });
    expect(test.stdout).toContain("No errors detected");
    const listing = spawnSync("zipinfo", [zipFile], { encoding: "utf8" }).stdout.split("\n").filter((line) => /^[-d]r/.test(line));
    expect(listing.map((line) => line.split(/\s+/)[8])).toEqual(["app.py", "helpers/__init__.py", "helpers/text.py", "node_modules/dep.js", "run.sh"]);
    expect(listing.map((line) => line.split(/\s+/)[0])).toEqual(["-rw-r--r--", "-rw-r--r--", "-rw-r--r--", "-rw-r--r--", "-rwxr-xr-x"]);
    expect(new Set(listing.map((line) => line.split(/\s+/).slice(6, 8).join(" ")))).toEqual(new Set(["80-Jan-01 00:00"]));
    for (const name of ["app.py", "helpers/text.py", "run.sh"]) {
      const content = spawnSync("unzip", ["-p", zipFile, name]).stdout as Buffer;
      expect({ name, same: content.equals(fs.readFileSync(path.join(dir, name))) }).toEqual({ name, same: true });
    }
  });

  test("the function gets the content-addressed file, through a cdktf file asset, and Lambda's CodeSha256 as source_code_hash", () => {
    const { stack } = build();
    const json = synthJson(stack);
    const pkg = packageFolder(PYTHON_FIXTURE);
    const file = path.join(testOutdir(), ".packages", `${pkg.sha256Hex}.zip`);
    expect(fs.readFileSync(file).equals(pkg.zip)).toBe(true);
    const lambda = onlyResource(json, "aws_lambda_function");
    expect(lambda.filename).toMatch(new RegExp(`^assets/Api_Code_[0-9A-F]{8}/${pkg.sha256Hex.slice(0, 32)}/${pkg.sha256Hex}\\.zip$`));
    expect(lambda.source_code_hash).toBe(createHash("sha256").update(fs.readFileSync(file)).digest("base64"));
  });

  test("two stacks with the same folder: zipped once, one file, never rewritten", () => {
    const first = packageFolder(PYTHON_FIXTURE);
    expect(packageFolder(`./${PYTHON_FIXTURE}`)).toBe(first);
    build({}, testStack());
    const file = path.join(testOutdir(), ".packages", `${first.sha256Hex}.zip`);
    const written = fs.statSync(file);
    build({ functionName: "worker" }, testStack());
    const again = fs.statSync(file);
    expect([again.ino, again.mtimeMs]).toEqual([written.ino, written.mtimeMs]);
    expect(fs.readdirSync(path.join(testOutdir(), ".packages")).filter((f) => f.startsWith(first.sha256Hex))).toEqual([`${first.sha256Hex}.zip`]);
  });
});

describe("LambdaFunction monitoring spec", () => {
  test("errors, throttles, p99 duration against the timeout and failed events; no concurrency alarm without a reservation", () => {
    const { fn } = build({ timeoutSeconds: 20 });
    const spec = fn.monitoringSpec(DEFAULT_ALARM_THRESHOLDS);
    expect(spec.title).toBe("Function (Api)");
    expect(spec.alarms.map((a) => [a.id, a.name, a.namespace, a.metricName, a.statistic ?? a.extendedStatistic, a.periodSeconds, a.evaluationPeriods, a.threshold, a.comparison])).toEqual([
      ["ApiErrors", "api-errors", "AWS/Lambda", "Errors", "Sum", 60, 1, 5, "GreaterThanThreshold"],
      ["ApiThrottles", "api-throttles", "AWS/Lambda", "Throttles", "Sum", 60, 1, 1, "GreaterThanThreshold"],
      ["ApiDurationP99", "api-duration-p99", "AWS/Lambda", "Duration", "p99", 60, 5, 16000, "GreaterThanThreshold"],
      ["ApiFailedEvents", "api-failed-events", "AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", 300, 1, 0, "GreaterThanThreshold"],
    ]);
    expect(spec.alarms[0]!.dimensions).toEqual({ FunctionName: fn.functionName });
    expect(spec.alarms[3]!.dimensions).toEqual({ QueueName: fn.failureQueueName });
    expect(spec.alarms.every((a) => a.treatMissingData === "notBreaching")).toBe(true);
    expect(spec.graphs.map((g) => [g.title, g.metrics.map((m) => `${m[1] as string}:${(m.at(-1) as { stat: string }).stat}`)])).toEqual([
      ["Invocations", ["Invocations:Sum", "Errors:Sum", "Throttles:Sum"]],
      ["Duration (ms)", ["Duration:p50", "Duration:p99"]],
      ["Concurrent executions", ["ConcurrentExecutions:Maximum"]],
    ]);
  });

  test("with reserved concurrency, an alarm at the threshold's share of it", () => {
    const { fn } = build({ reservedConcurrency: 10 });
    const concurrency = fn.monitoringSpec({ ...DEFAULT_ALARM_THRESHOLDS, functionConcurrencyPercent: 80 }).alarms.find((a) => a.id === "ApiConcurrencyHigh");
    expect(concurrency).toMatchObject({ metricName: "ConcurrentExecutions", statistic: "Maximum", evaluationPeriods: 5, threshold: 8, comparison: "GreaterThanThreshold" });
  });

  test("the defaults Monitoring gives, and thresholds from its props, reach the alarms", () => {
    expect(DEFAULT_ALARM_THRESHOLDS).toMatchObject({ functionErrorsPerMinute: 5, functionThrottlesPerMinute: 1, functionDurationP99Percent: 80, functionConcurrencyPercent: 80 });
    const stack = testStack();
    const { fn } = build({ reservedConcurrency: 50 }, stack);
    const monitoring = new Monitoring(stack, "Monitoring", {
      name: "acme-test",
      region: "eu-west-1",
      accountId: "123456789012",
      functionErrorsPerMinute: 2,
      functionThrottlesPerMinute: 0,
      functionDurationP99Percent: 50,
      functionConcurrencyPercent: 90,
    });
    expect(monitoring.watch(fn)).toHaveLength(5);
    const thresholds = Object.fromEntries(resourceList(synthJson(stack), "aws_cloudwatch_metric_alarm").map((a) => [a.alarm_name, a.threshold]));
    expect(thresholds).toEqual({
      "acme-test-api-errors": 2,
      "acme-test-api-throttles": 0,
      "acme-test-api-duration-p99": 15000,
      "acme-test-api-concurrency-high": 45,
      "acme-test-api-failed-events": 0,
    });
  });
});

describe("LambdaFunction and the policy pack", () => {
  const errorsIn = (stack: TerraformStack, isProtected: boolean) => errorsOf(evaluate(stack.toTerraform() as PolicyStackJson, { protected: isProtected }));

  test("a function with defaults, and one in a VPC with secrets and a database, pass with no errors", () => {
    expect(errorsIn(build().stack, false)).toEqual([]);
    const stack = testStack();
    const vpc = new Vpc2Az(stack, "Network", {
      name: "acme-test",
      region: "eu-west-1",
      cidr: "10.0.0.0/16",
      availabilityZones: ["eu-west-1a", "eu-west-1b"],
      interfaceEndpoints: ["ssm", "secretsmanager"],
    });
    const database = new RdsPrivate(stack, "Database", { name: "acme-test", network: vpc });
    const fn = new LambdaFunction(stack, "Api", { ...base, network: vpc, secrets: { KEY: PARAMETER, STRIPE: SECRET }, reservedConcurrency: 10, preventDestroy: true });
    database.allowFrom("Api", fn, "The API function");
    expect(errorsIn(stack, false)).toEqual([]);
    const report = evaluate(stack.toTerraform() as PolicyStackJson, { protected: false });
    const vpcPolicy = report.results.find((r) => r.rule.id === "iam-no-wildcard-resource" && r.subject.path.endsWith("Api/VpcPolicy"));
    expect(vpcPolicy?.status).toBe("suppressed");
    // Synth with the pack applied fails on any error.
    applyPolicyPack(stack, { protected: false, onWarning: () => undefined });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test("in a protected environment, with preventDestroy", () => {
    expect(errorsIn(build({ preventDestroy: true }).stack, true)).toEqual([]);
  });
});
