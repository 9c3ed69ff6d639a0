import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CodebuildProject } from "@cdktf/provider-aws/lib/codebuild-project";
import { Codepipeline, CodepipelineStage } from "@cdktf/provider-aws/lib/codepipeline";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbProxy } from "@cdktf/provider-aws/lib/db-proxy";
import { DbProxyDefaultTargetGroup } from "@cdktf/provider-aws/lib/db-proxy-default-target-group";
import { DbProxyTarget } from "@cdktf/provider-aws/lib/db-proxy-target";
import { LambdaAlias } from "@cdktf/provider-aws/lib/lambda-alias";
import { LambdaFunction, LambdaFunctionConfig } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaFunctionRecursionConfig } from "@cdktf/provider-aws/lib/lambda-function-recursion-config";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { TerraformStack } from "cdktf";
import { ASSUMPTIONS, CostEstimate, CostLine, DEFAULT_PRICES, estimateCost, parsePriceData, PriceData, SynthesizedStack, unpricedResourceTypes, Usage } from "../../scripts/cost/estimate";
import { instanceClassVcpus } from "../../scripts/cost/services/database";
import { testApp } from "../support/synth";

/** Fixed prices, so the arithmetic below does not move when prices.json is updated. */
const PRICES: PriceData = parsePriceData({
  currency: "USD",
  hoursPerMonth: 730,
  prices: [
    ["lambda-million-requests", 0.2],
    ["lambda-gb-second-arm", 0.0000133334],
    ["lambda-gb-second-x86", 0.0000166667],
    ["apigw-http-million-requests", 1.0],
    ["logs-ingest-gb", 0.5],
    ["logs-storage-gb-month", 0.03],
    ["codebuild-arm1.small-minute", 0.0034],
    ["codebuild-general1.small-minute", 0.005],
    ["codepipeline-v2-action-minute", 0.002],
    ["rds-proxy-vcpu-hour", 0.015],
    ["rds-postgres-db.t4g.micro-single-az-hour", 0.016],
    ["rds-gp3-gb-month", 0.115],
    ["alb-hour", 0.0225],
    ["alb-lcu-hour", 0.008],
    ["public-ipv4-hour", 0.005],
    ["nat-gateway-hour", 0.045],
    ["nat-gateway-gb", 0.045],
    ["data-transfer-out-gb", 0.09],
  ].map(([key, usd]) => ({ key, region: "us-east-1", usd, unit: "unit", source: "https://example.com/prices", read: "2026-12-02" })),
});

const USAGE: Usage = {
  apiRequestsPerMonth: 2_000_000,
  siteRequestsPerMonth: 0,
  siteDataOutGiBPerMonth: 0,
  apiDataOutGiBPerMonth: 0,
  natDataGiBPerMonth: 0,
  logIngestGiBPerMonth: 0,
  buildMinutesPerMonth: 60,
  mediaStorageGiB: 0,
  siteStorageGiB: 0,
  imageStorageGiB: 0,
  extraTasksAverage: 0,
  functionAverageDurationMs: 200,
  deliveryRunsPerMonth: 30,
};

/** A stack of provider resources, synthesized. */
function synthesized(build: (stack: TerraformStack) => void): SynthesizedStack {
  const stack = new TerraformStack(testApp(), "cost-functions");
  new AwsProvider(stack, "Aws", { region: "us-east-1" });
  build(stack);
  return stack.toTerraform() as SynthesizedStack;
}

const estimate = (stack: SynthesizedStack, usage: Partial<Usage> = {}): CostEstimate => estimateCost(stack, { ...USAGE, ...usage }, "us-east-1", PRICES);

function lineOf(lines: readonly CostLine[], resource: string, descriptionPart = ""): CostLine {
  const found = lines.filter((l) => l.resource === resource && l.description.includes(descriptionPart));
  if (found.length !== 1) throw new Error(`expected one line for ${resource} "${descriptionPart}", got ${found.length}: ${JSON.stringify(lines.map((l) => l.resource))}`);
  return found[0]!;
}

interface FunctionOptions {
  readonly function?: Partial<LambdaFunctionConfig>;
  /** How the HTTP API reaches the function: through its alias (the module's way), the function's own invoke ARN, or not at all. */
  readonly via?: "alias" | "qualified" | "function" | "none";
  readonly vpc?: boolean;
}

/** The shapes of a function behind an HTTP API, as the lambda-function module and the HTTP API write them. */
function functionStack(options: FunctionOptions = {}) {
  return synthesized((s) => {
    const api = new Apigatewayv2Api(s, "HttpApi", { name: "app-http-api", protocolType: "HTTP" });
    const logs = new CloudwatchLogGroup(s, "ApiLogs", { name: "/aws/lambda/app-api", retentionInDays: 30 });
    new CloudwatchLogGroup(s, "AccessLogs", { name: "/app/http-api", retentionInDays: 30 });
    const queue = new SqsQueue(s, "Failures", { name: "app-api-failures", sqsManagedSseEnabled: true });
    new SqsQueuePolicy(s, "FailuresPolicy", { queueUrl: queue.url, policy: "{}" });
    let subnets: string[] = [];
    if (options.vpc === true) {
      const vpc = new Vpc(s, "Vpc", { cidrBlock: "10.0.0.0/16" });
      subnets = ["us-east-1a", "us-east-1b"].map((az, i) => new Subnet(s, `Private${i}`, { vpcId: vpc.id, cidrBlock: `10.0.${i}.0/24`, availabilityZone: az }).id);
    }
    const fn = new LambdaFunction(s, "Api", {
      functionName: "app-api",
      role: "arn:aws:iam::123456789012:role/app-api",
      architectures: ["arm64"],
      memorySize: 512,
      runtime: "python3.12",
      handler: "app.handler",
      publish: true,
      filename: "dist/api.zip",
      loggingConfig: { logFormat: "JSON", logGroup: logs.name },
      ...(subnets.length > 0 ? { vpcConfig: { subnetIds: subnets, securityGroupIds: ["sg-0123456789abcdef0"] } } : {}),
      ...options.function,
    });
    const alias = new LambdaAlias(s, "Live", { functionName: fn.functionName, functionVersion: fn.version, name: "live" });
    new LambdaFunctionEventInvokeConfig(s, "Async", {
      functionName: fn.functionName,
      qualifier: alias.name,
      maximumRetryAttempts: 0,
      maximumEventAgeInSeconds: 3600,
      destinationConfig: { onFailure: { destination: queue.arn } },
    });
    new LambdaFunctionRecursionConfig(s, "Recursion", { functionName: fn.functionName, recursiveLoop: "Terminate" });
    new LambdaPermission(s, "FromHttpApi", {
      action: "lambda:InvokeFunction",
      functionName: fn.functionName,
      qualifier: alias.name,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${api.executionArn}/*/*`,
    });
    const via = options.via ?? "alias";
    if (via !== "none") {
      new Apigatewayv2Integration(s, "Integration", {
        apiId: api.id,
        integrationType: "AWS_PROXY",
        integrationUri: via === "alias" ? alias.arn : via === "qualified" ? `${fn.arn}:${alias.name}` : fn.invokeArn,
        payloadFormatVersion: "2.0",
      });
    }
  });
}

describe("a Lambda function behind the HTTP API", () => {
  test("is invoked once per API request, for the usage's duration, at its memory and the arm64 rate", () => {
    const result = estimate(functionStack());
    const line = lineOf(result.lines, "aws_lambda_function.Api");
    // 2,000,000 requests × $0.20 a million = $0.40; 2,000,000 × 0.2 s × 0.5 GB = 200,000 GB-s × $0.0000133334 = $2.66668.
    expect(line.status).toBe("priced");
    expect(line.monthly).toBeCloseTo(0.4 + 200_000 * 0.0000133334, 8);
    expect(line.description).toContain("Lambda arm64, 512 MB: 2,000,000 invocations (usage.apiRequestsPerMonth, through the HTTP API) of 200 ms (usage.functionAverageDurationMs)");
    expect(line.description).toContain("2 million requests × $0.2 + 200,000 GB-s ×");
  });

  test("states the free tier on the line but prices before it, as the estimate does everywhere", () => {
    const line = lineOf(estimate(functionStack()).lines, "aws_lambda_function.Api");
    expect(line.description).toContain("before the free tier of 1M requests and 400,000 GB-s a month, shared by the account");
    expect(line.monthly).toBeGreaterThan(0);
  });

  test("follows the integration to the function through the alias's ARN, the ARN qualified by the alias, or the function's own ARN", () => {
    const viaAlias = lineOf(estimate(functionStack()).lines, "aws_lambda_function.Api");
    expect(viaAlias.status).toBe("priced");
    for (const via of ["qualified", "function"] as const) {
      expect(lineOf(estimate(functionStack({ via })).lines, "aws_lambda_function.Api")).toEqual(viaAlias);
    }
  });

  test("prices x86_64 (no architectures) at the x86 rate, and 128 MB when memory_size is not set", () => {
    const line = lineOf(estimate(functionStack({ function: { architectures: undefined, memorySize: undefined } })).lines, "aws_lambda_function.Api");
    // 2,000,000 × 0.2 s × 0.125 GB = 50,000 GB-s × $0.0000166667.
    expect(line.monthly).toBeCloseTo(0.4 + 50_000 * 0.0000166667, 8);
    expect(line.description).toContain("Lambda x86_64, 128 MB");
  });

  test("moves with usage.functionAverageDurationMs and usage.apiRequestsPerMonth", () => {
    const base = lineOf(estimate(functionStack()).lines, "aws_lambda_function.Api").monthly;
    const slower = lineOf(estimate(functionStack(), { functionAverageDurationMs: 400 }).lines, "aws_lambda_function.Api").monthly;
    expect(slower - base).toBeCloseTo(200_000 * 0.0000133334, 8);
    expect(lineOf(estimate(functionStack(), { apiRequestsPerMonth: 0 }).lines, "aws_lambda_function.Api").monthly).toBe(0);
  });

  test("a function no API reaches is not priced, and says why", () => {
    const result = estimate(functionStack({ via: "none" }));
    expect(lineOf(result.lines, "aws_lambda_function.Api")).toMatchObject({
      status: "not priced",
      monthly: 0,
      description: expect.stringContaining("Lambda function no HTTP API integration reaches: no usage setting gives its invocations"),
    });
  });

  test("ephemeral storage above the included 512 MB is reported as not priced", () => {
    const result = estimate(functionStack({ function: { ephemeralStorage: { size: 2048 } } }));
    expect(lineOf(result.lines, "aws_lambda_function.Api", "ephemeral")).toMatchObject({ status: "not priced" });
    expect(lineOf(result.lines, "aws_lambda_function.Api", "Lambda arm64").status).toBe("priced");
  });

  test("its log group is counted in the log groups line with the stack's other groups", () => {
    const result = estimate(functionStack(), { logIngestGiBPerMonth: 4 });
    // Both groups keep 30 days: 4 GB × $0.5 + 4 GB × (30 / (365 / 12)) months × $0.03.
    const line = lineOf(result.lines, "2 log groups");
    expect(line.monthly).toBeCloseTo(2 + 4 * (30 / (365 / 12)) * 0.03, 8);
  });

  test("its failure queue is free, saying why; every other resource of the function is free or priced", () => {
    const json = functionStack();
    const result = estimate(json);
    expect(lineOf(result.lines, "aws_sqs_queue.Failures")).toMatchObject({
      status: "free",
      description: expect.stringContaining("SQS failure queue of aws_lambda_function.Api: free at this volume"),
    });
    expect(lineOf(result.lines, "aws_sqs_queue.Failures").description).toContain("the first million requests a month");
    expect(result.lines.filter((l) => l.status === "not priced")).toEqual([]);
    expect(unpricedResourceTypes(json)).toEqual([]);
    for (const type of ["aws_lambda_alias", "aws_lambda_permission", "aws_lambda_function_event_invoke_config", "aws_lambda_function_recursion_config", "aws_sqs_queue_policy"]) {
      expect(lineOf(result.lines, `1 × ${type}`).status).toBe("free");
    }
  });

  test("a queue that is nobody's failure queue is still not priced: its volume is unknown", () => {
    const json = synthesized((s) => {
      new SqsQueue(s, "Jobs", { name: "jobs", sqsManagedSseEnabled: true });
    });
    expect(lineOf(estimate(json).lines, "aws_sqs_queue.Jobs")).toMatchObject({ status: "not priced", description: "aws_sqs_queue: no price rule and not declared free" });
    expect(unpricedResourceTypes(json)).toEqual(["aws_sqs_queue"]);
  });

  test("the same function's dead_letter_config makes its queue a failure queue too", () => {
    const json = synthesized((s) => {
      const queue = new SqsQueue(s, "Dlq", { name: "dlq", sqsManagedSseEnabled: true });
      new LambdaFunction(s, "Worker", { functionName: "worker", role: "arn:aws:iam::123456789012:role/w", filename: "w.zip", deadLetterConfig: { targetArn: queue.arn } });
    });
    expect(lineOf(estimate(json).lines, "aws_sqs_queue.Dlq").status).toBe("free");
  });
});

describe("the default-architecture comparison of a function stack", () => {
  test("puts the same function behind a load balancer instead of the HTTP API, with NAT gateways for its VPC", () => {
    const result = estimate(functionStack({ vpc: true }), { apiDataOutGiBPerMonth: 10 });
    const comparison = result.defaultArchitecture;
    expect(comparison.description).toBe("the function behind an Application Load Balancer instead of the HTTP API, and one NAT gateway per AZ (2) for the VPC");
    // LCUs: 2,000,000 requests / (730 × 3600 s) / 25 = 0.0304 against 10 GB / 730 h / 0.4 GB (Lambda targets) = 0.0342: the bytes win.
    const lcu = Math.max(2_000_000 / (730 * 3600) / 25, 10 / 730 / 0.4);
    expect(lineOf(comparison.lines, "Application Load Balancer").monthly).toBeCloseTo(730 * 0.0225 + lcu * 730 * 0.008, 8);
    expect(lineOf(comparison.lines, "Application Load Balancer").description).toContain("the function as its target");
    expect(lineOf(comparison.lines, "2 NAT gateways").monthly).toBeCloseTo(2 * 730 * 0.045, 8);
    expect(lineOf(comparison.lines, "NAT gateway IPv4").monthly).toBeCloseTo(2 * 730 * 0.005, 8);
    // Kept: the function's compute and the data out; the HTTP API's requests are what the load balancer replaces.
    const fn = lineOf(result.lines, "aws_lambda_function.Api").monthly;
    expect(lineOf(comparison.lines, "the rest of this stack").monthly).toBeCloseTo(fn + 10 * 0.09, 8);
    expect(lineOf(comparison.lines, "the rest of this stack").description).toContain("the function's compute");
    expect(comparison.difference).toBeCloseTo(comparison.total - result.total, 8);
  });

  test("adds no NAT gateway for a function stack without a VPC", () => {
    const comparison = estimate(functionStack()).defaultArchitecture;
    expect(comparison.description).toBe("the function behind an Application Load Balancer instead of the HTTP API");
    expect(comparison.lines.map((l) => l.resource).sort()).toEqual(["Application Load Balancer", "Load balancer IPv4", "the rest of this stack"]);
  });
});

/** A CodeBuild project as the delivery and migrations modules write them. */
function project(s: TerraformStack, id: string, arm: boolean): CodebuildProject {
  return new CodebuildProject(s, id, {
    name: `app-${id.toLowerCase()}`,
    serviceRole: "arn:aws:iam::123456789012:role/build",
    artifacts: { type: "CODEPIPELINE" },
    source: { type: "CODEPIPELINE" },
    environment: { computeType: "BUILD_GENERAL1_SMALL", image: "aws/codebuild/amazonlinux-aarch64-standard:3.0", type: arm ? "ARM_CONTAINER" : "LINUX_CONTAINER" },
  });
}

const source: CodepipelineStage = {
  name: "Source",
  action: [
    {
      name: "Source",
      category: "Source",
      owner: "AWS",
      provider: "CodeStarSourceConnection",
      version: "1",
      outputArtifacts: ["source"],
      configuration: { ConnectionArn: "arn:aws:codestar-connections:us-east-1:123456789012:connection/x", FullRepositoryId: "acme/app", BranchName: "main" },
    },
  ],
};
const buildStage = (name: string, p: CodebuildProject): CodepipelineStage => ({
  name,
  action: [{ name, category: "Build", owner: "AWS", provider: "CodeBuild", version: "1", inputArtifacts: ["source"], configuration: { ProjectName: p.name } }],
});

/** The delivery pipeline (build, migrate in the VPC, deploy), and optionally the migrations pipeline beside it. */
function pipelinesStack(options: { migrations?: boolean; approval?: boolean } = {}) {
  return synthesized((s) => {
    const build = project(s, "Build", true);
    const migrate = project(s, "Migrate", true);
    const deploy = project(s, "Deploy", false);
    const approval: CodepipelineStage = { name: "Approve", action: [{ name: "Approve", category: "Approval", owner: "AWS", provider: "Manual", version: "1" }] };
    new Codepipeline(s, "Delivery", {
      name: "app-delivery",
      pipelineType: "V2",
      roleArn: "arn:aws:iam::123456789012:role/pipeline",
      artifactStore: [{ location: "app-artifacts", type: "S3" }],
      stage: [source, buildStage("Build", build), buildStage("Migrate", migrate), ...(options.approval === true ? [approval] : []), buildStage("Deploy", deploy)],
    });
    if (options.migrations === true) {
      const liquibase = project(s, "Liquibase", true);
      new Codepipeline(s, "Migrations", {
        name: "app-db-migrations",
        pipelineType: "V2",
        roleArn: "arn:aws:iam::123456789012:role/pipeline",
        artifactStore: [{ location: "app-artifacts", type: "S3" }],
        stage: [source, buildStage("Migrate", liquibase)],
      });
    }
  });
}

describe("the delivery pipeline", () => {
  test("each CodeBuild project runs once per delivery run, for the assumed minutes, at its compute type and architecture", () => {
    const result = estimate(pipelinesStack());
    const minutes = 30 * ASSUMPTIONS.deliveryMinutesPerAction;
    expect(ASSUMPTIONS.deliveryMinutesPerAction).toBe(3);
    expect(lineOf(result.lines, "aws_codebuild_project.Build").monthly).toBeCloseTo(minutes * 0.0034, 8);
    expect(lineOf(result.lines, "aws_codebuild_project.Migrate").monthly).toBeCloseTo(minutes * 0.0034, 8);
    expect(lineOf(result.lines, "aws_codebuild_project.Deploy").monthly).toBeCloseTo(minutes * 0.005, 8);
    expect(lineOf(result.lines, "aws_codebuild_project.Deploy").description).toBe(
      "CodeBuild general1.small, an action of the delivery pipeline: 30 runs (usage.deliveryRunsPerMonth) × 3 min (ASSUMPTIONS.deliveryMinutesPerAction): 90 build minutes × $0.005",
    );
  });

  test("CodePipeline V2 bills each run's CodeBuild minutes and a minute for its source action, not the manual approval", () => {
    for (const approval of [false, true]) {
      const line = lineOf(estimate(pipelinesStack({ approval })).lines, "aws_codepipeline.Delivery");
      // 30 runs × (3 CodeBuild actions × 3 min + 1 source action-minute) = 300 action minutes × $0.002.
      expect(line.monthly).toBeCloseTo(300 * 0.002, 8);
      expect(line.description).toContain("CodePipeline V2 delivery: 30 runs (usage.deliveryRunsPerMonth) × (3 CodeBuild actions × 3 min + 1 other action-minute)");
      expect(line.description).toContain("before the 100 free action minutes a month, shared by the account");
    }
  });

  test("moves with usage.deliveryRunsPerMonth and leaves usage.buildMinutesPerMonth to the other pipelines", () => {
    const base = estimate(pipelinesStack()).total;
    expect(estimate(pipelinesStack(), { deliveryRunsPerMonth: 60 }).total).toBeCloseTo(2 * base, 8);
    expect(estimate(pipelinesStack(), { buildMinutesPerMonth: 6000 }).total).toBeCloseTo(base, 8);
  });

  test("beside it, the migrations pipeline and its project are priced exactly as without it", () => {
    const both = estimate(pipelinesStack({ migrations: true }));
    const migrationsOnly = estimate(
      synthesized((s) => {
        const liquibase = project(s, "Liquibase", true);
        new Codepipeline(s, "Migrations", {
          name: "app-db-migrations",
          pipelineType: "V2",
          roleArn: "arn:aws:iam::123456789012:role/pipeline",
          artifactStore: [{ location: "app-artifacts", type: "S3" }],
          stage: [source, buildStage("Migrate", liquibase)],
        });
      }),
    );
    for (const resource of ["aws_codebuild_project.Liquibase", "aws_codepipeline.Migrations"]) {
      expect(lineOf(both.lines, resource)).toEqual(lineOf(migrationsOnly.lines, resource));
    }
    // 60 build minutes × $0.0034; 60 + 60 / 5 action minutes × $0.002.
    expect(lineOf(both.lines, "aws_codebuild_project.Liquibase").monthly).toBeCloseTo(60 * 0.0034, 8);
    expect(lineOf(both.lines, "aws_codepipeline.Migrations").monthly).toBeCloseTo(72 * 0.002, 8);
  });
});

describe("RDS Proxy", () => {
  function proxyStack(instanceClass: string, target: "instance" | "cluster" | "none" = "instance") {
    return synthesized((s) => {
      const db = new DbInstance(s, "Db", { identifier: "app-db", engine: "postgres", instanceClass, allocatedStorage: 20, storageType: "gp3" });
      const proxy = new DbProxy(s, "Proxy", {
        name: "app-db-proxy",
        engineFamily: "POSTGRESQL",
        roleArn: "arn:aws:iam::123456789012:role/proxy",
        vpcSubnetIds: ["subnet-a", "subnet-b"],
        auth: [{ authScheme: "SECRETS", iamAuth: "REQUIRED", secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db" }],
      });
      const group = new DbProxyDefaultTargetGroup(s, "ProxyTargets", { dbProxyName: proxy.name });
      if (target === "instance") new DbProxyTarget(s, "ProxyTarget", { dbProxyName: proxy.name, targetGroupName: group.name, dbInstanceIdentifier: db.identifier });
      if (target === "cluster") new DbProxyTarget(s, "ProxyTarget", { dbProxyName: proxy.name, targetGroupName: group.name, dbClusterIdentifier: "app-aurora" });
    });
  }

  test("is billed per vCPU-hour of its target instance, 2 vCPUs at least", () => {
    const result = estimate(proxyStack("db.t4g.micro"));
    // db.t4g.micro has 2 vCPUs: 2 × 730 h × $0.015.
    expect(lineOf(result.lines, "aws_db_proxy.Proxy")).toMatchObject({ status: "priced", description: expect.stringContaining("RDS Proxy in front of db.t4g.micro (2 vCPUs)") });
    expect(lineOf(result.lines, "aws_db_proxy.Proxy").monthly).toBeCloseTo(2 * 730 * 0.015, 8);
    expect(unpricedResourceTypes(proxyStack("db.t4g.micro"))).toEqual([]);
  });

  test("counts the vCPUs of a larger class", () => {
    const line = lineOf(estimate(proxyStack("db.r6g.2xlarge")).lines, "aws_db_proxy.Proxy");
    // No price for the instance here, but the proxy's: 8 vCPUs × 730 h × $0.015.
    expect(line.monthly).toBeCloseTo(8 * 730 * 0.015, 8);
    expect([["db.t3.micro", 2], ["db.m7g.large", 2], ["db.r6g.xlarge", 4], ["db.r6g.16xlarge", 64], ["db.m5.metal", undefined]].map(([c]) => [c, instanceClassVcpus(c as string)])).toEqual([
      ["db.t3.micro", 2],
      ["db.m7g.large", 2],
      ["db.r6g.xlarge", 4],
      ["db.r6g.16xlarge", 64],
      ["db.m5.metal", undefined],
    ]);
  });

  test("is not priced without a target instance, or in front of an Aurora cluster, and says why", () => {
    expect(lineOf(estimate(proxyStack("db.t4g.micro", "none")).lines, "aws_db_proxy.Proxy")).toMatchObject({
      status: "not priced",
      description: expect.stringContaining("no aws_db_proxy_target in the stack names its DB instance"),
    });
    expect(lineOf(estimate(proxyStack("db.t4g.micro", "cluster")).lines, "aws_db_proxy.Proxy").description).toContain("in front of an Aurora cluster");
  });
});

describe("the shipped prices", () => {
  test("us-east-1 has the Lambda, CodePipeline V2, CodeBuild and RDS Proxy prices these lines use, each with its source", () => {
    for (const key of ["lambda-million-requests", "lambda-gb-second-arm", "lambda-gb-second-x86", "rds-proxy-vcpu-hour", "codepipeline-v2-action-minute", "codebuild-arm1.small-minute", "codebuild-general1.small-minute"]) {
      const entry = DEFAULT_PRICES.prices.find((p) => p.key === key && (p.region === "us-east-1" || p.region === "global"));
      expect({ key, found: entry !== undefined && /^https:\/\//.test(entry.source) }).toEqual({ key, found: true });
    }
    const usd = (key: string) => DEFAULT_PRICES.prices.find((p) => p.key === key)!.usd;
    expect([usd("lambda-million-requests"), usd("lambda-gb-second-arm"), usd("lambda-gb-second-x86"), usd("rds-proxy-vcpu-hour")]).toEqual([0.2, 0.0000133334, 0.0000166667, 0.015]);
  });

  test("price a function stack in us-east-1 with nothing left out", () => {
    const result = estimateCost(functionStack({ vpc: true }), USAGE, "us-east-1");
    expect(result.lines.filter((l) => l.status === "not priced")).toEqual([]);
    expect(lineOf(result.lines, "aws_lambda_function.Api").monthly).toBeCloseTo(0.4 + 200_000 * 0.0000133334, 8);
  });
});
