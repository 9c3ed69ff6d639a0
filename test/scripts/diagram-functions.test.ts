import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { CodebuildProject } from "@cdktf/provider-aws/lib/codebuild-project";
import { Codepipeline, CodepipelineStage } from "@cdktf/provider-aws/lib/codepipeline";
import { CodestarconnectionsConnection } from "@cdktf/provider-aws/lib/codestarconnections-connection";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { LambdaAlias } from "@cdktf/provider-aws/lib/lambda-alias";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaFunctionRecursionConfig } from "@cdktf/provider-aws/lib/lambda-function-recursion-config";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { markPurpose } from "../../modules/shared/purpose";
import { architectureDocument, c4ModelOf, checkC4, diagramOf, SynthesizedStackJson } from "../../scripts/diagram/index";
import { testApp } from "../support/synth";

/** A Mermaid `Rel(from, to, "label", "technology")` line, read back. */
interface Rel {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly technology: string;
}

function relsOf(diagram: string): Rel[] {
  return [...diagram.matchAll(/^Rel\((\w+), (\w+), "([^"]*)", "([^"]*)"\)$/gm)].map((m) => ({ from: m[1]!, to: m[2]!, label: m[3]!, technology: m[4]! }));
}

function relOf(diagram: string, from: string, to: string): Rel {
  const rel = relsOf(diagram).find((r) => r.from === from && r.to === to);
  if (rel === undefined) throw new Error(`no arrow ${from} -> ${to} in:\n${diagram}`);
  return rel;
}

const doc = (...statements: Record<string, unknown>[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const trust = (service: string): string => doc({ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" });

interface StackOptions {
  /** Where the function's failure queue lives: in its own module (as lambda-function makes it) or in a module of its own. */
  readonly queueModule?: "function" | "own";
  /** Whether the function is placed in the VPC. */
  readonly inVpc?: boolean;
  /** The integration's URI: the alias's ARN, or the function's ARN qualified by the alias's name (as http-api's LambdaIntegration writes it). */
  readonly uri?: "alias-arn" | "qualified-arn";
}

/**
 * A function stack as the environments will compose it, one construct per module: the network,
 * the database, the function (with its alias, log group, role, failure queue, recursion config,
 * security group and an alarm on its queue), the HTTP API with its Lambda integration, the media
 * and site buckets, the delivery pipeline (build, migrate in the VPC, deploy) and the monitoring.
 */
function functionStack(options: StackOptions = {}): SynthesizedStackJson {
  const stack = new TerraformStack(testApp(), "demo");
  new AwsProvider(stack, "Aws", { region: "us-east-1", defaultTags: [{ tags: { Project: "shop" } }] });

  const network = new Construct(stack, "Network");
  const vpc = new Vpc(network, "Vpc", { cidrBlock: "10.30.0.0/16" });
  const igw = new InternetGateway(network, "Igw", { vpcId: vpc.id });
  const publicSubnet = new Subnet(network, "Public", { vpcId: vpc.id, cidrBlock: "10.30.0.0/24", availabilityZone: "us-east-1a" });
  const publicRoutes = new RouteTable(network, "PublicRoutes", { vpcId: vpc.id, route: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }] });
  new RouteTableAssociation(network, "PublicAssociation", { subnetId: publicSubnet.id, routeTableId: publicRoutes.id });
  const natIp = new Eip(network, "NatIp", { domain: "vpc" });
  const nat = new NatGateway(network, "Nat", { allocationId: natIp.id, subnetId: publicSubnet.id });
  const privateRoutes = new RouteTable(network, "PrivateRoutes", { vpcId: vpc.id, route: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }] });
  const privateSubnets = ["us-east-1a", "us-east-1b"].map((az, i) => {
    const subnet = new Subnet(network, `Private${i}`, { vpcId: vpc.id, cidrBlock: `10.30.${10 + i}.0/24`, availabilityZone: az });
    new RouteTableAssociation(network, `PrivateAssociation${i}`, { subnetId: subnet.id, routeTableId: privateRoutes.id });
    return subnet;
  });

  const monitoring = new Construct(stack, "Monitoring");
  const topic = new SnsTopic(monitoring, "Alarms", { name: "shop-demo-alarms", kmsMasterKeyId: "alias/shop-alarms" });
  new SnsTopicSubscription(monitoring, "Email", { topicArn: topic.arn, protocol: "email", endpoint: "ops@example.com" });

  const database = new Construct(stack, "Database");
  const dbGroup = new SecurityGroup(database, "Group", { vpcId: vpc.id, description: "database" });
  new DbInstance(database, "Instance", {
    identifier: "shop-demo-postgres",
    engine: "postgres",
    engineVersion: "17",
    instanceClass: "db.t4g.micro",
    allocatedStorage: 20,
    storageType: "gp3",
    storageEncrypted: true,
    vpcSecurityGroupIds: [dbGroup.id],
  });

  const media = new Construct(stack, "Media");
  const mediaBucket = markPurpose(new S3Bucket(media, "Bucket", { bucket: "shop-demo-media" }), "media");
  const site = new Construct(stack, "Site");
  const siteBucket = markPurpose(new S3Bucket(site, "Bucket", { bucket: "shop-demo-site" }), "site-content");

  const api = new Construct(stack, "ApiFunction");
  const queueScope = options.queueModule === "own" ? new Construct(stack, "Failures") : api;
  const queue = new SqsQueue(queueScope, "Queue", { name: "shop-demo-api-failures", sqsManagedSseEnabled: true, messageRetentionSeconds: 1_209_600 });
  new SqsQueuePolicy(queueScope, "QueuePolicy", { queueUrl: queue.url, policy: doc({ Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: queue.arn }) });
  const fnGroup = new SecurityGroup(api, "Group", { vpcId: vpc.id, description: "function" });
  new VpcSecurityGroupEgressRule(api, "EgressDatabase", { securityGroupId: fnGroup.id, referencedSecurityGroupId: dbGroup.id, ipProtocol: "tcp", fromPort: 5432, toPort: 5432 });
  new VpcSecurityGroupEgressRule(api, "EgressHttps", { securityGroupId: fnGroup.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 443, toPort: 443, description: "HTTPS: AWS APIs" });
  new VpcSecurityGroupIngressRule(database, "IngressApiFunction", { securityGroupId: dbGroup.id, referencedSecurityGroupId: fnGroup.id, ipProtocol: "tcp", fromPort: 5432, toPort: 5432 });
  const logs = new CloudwatchLogGroup(api, "Logs", { name: "/aws/lambda/shop-demo-api", retentionInDays: 14 });
  const role = new IamRole(api, "Role", { name: "shop-demo-api", assumeRolePolicy: trust("lambda.amazonaws.com") });
  new IamRolePolicy(api, "RolePolicy", {
    role: role.id,
    policy: doc(
      { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `${mediaBucket.arn}/*` },
      { Effect: "Allow", Action: "sqs:SendMessage", Resource: queue.arn },
      { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logs.arn}:*` },
    ),
  });
  const fn = new LambdaFunction(api, "Function", {
    functionName: "shop-demo-api",
    role: role.arn,
    architectures: ["arm64"],
    memorySize: 512,
    timeout: 30,
    runtime: "python3.12",
    handler: "app.handler",
    publish: true,
    filename: "dist/api.zip",
    tracingConfig: { mode: "Active" },
    loggingConfig: { logFormat: "JSON", logGroup: logs.name },
    ...(options.inVpc === false ? {} : { vpcConfig: { subnetIds: privateSubnets.map((s) => s.id), securityGroupIds: [fnGroup.id] } }),
    dependsOn: [logs],
  });
  const alias = new LambdaAlias(api, "Live", { functionName: fn.functionName, functionVersion: fn.version, name: "live" });
  new LambdaFunctionEventInvokeConfig(api, "Async", {
    functionName: fn.functionName,
    qualifier: alias.name,
    maximumRetryAttempts: 0,
    maximumEventAgeInSeconds: 3600,
    destinationConfig: { onFailure: { destination: queue.arn } },
  });
  new LambdaFunctionRecursionConfig(api, "Recursion", { functionName: fn.functionName, recursiveLoop: "Terminate" });
  new CloudwatchMetricAlarm(api, "FailedEvents", {
    alarmName: "shop-demo-api-failed-events",
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: queue.name },
    statistic: "Maximum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    alarmActions: [topic.arn],
  });
  new CloudwatchMetricAlarm(monitoring, "ApiErrors", {
    alarmName: "shop-demo-api-errors",
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: "shop-demo-api" },
    statistic: "Sum",
    period: 60,
    evaluationPeriods: 1,
    threshold: 5,
    comparisonOperator: "GreaterThanThreshold",
    alarmActions: [topic.arn],
  });

  const http = new Construct(stack, "HttpApi");
  const httpApi = new Apigatewayv2Api(http, "Api", { name: "shop-demo-http-api", protocolType: "HTTP" });
  const integration = new Apigatewayv2Integration(http, "Integration", {
    apiId: httpApi.id,
    integrationType: "AWS_PROXY",
    integrationUri: options.uri === "qualified-arn" ? `${fn.arn}:${alias.name}` : alias.arn,
    payloadFormatVersion: "2.0",
  });
  new Apigatewayv2Route(http, "Proxy", { apiId: httpApi.id, routeKey: "ANY /{proxy+}", target: `integrations/${integration.id}` });
  new LambdaPermission(http, "InvokeFunction", {
    action: "lambda:InvokeFunction",
    functionName: fn.functionName,
    qualifier: alias.name,
    principal: "apigateway.amazonaws.com",
    sourceArn: `${httpApi.executionArn}/*/*`,
  });

  const delivery = new Construct(stack, "Delivery");
  const connection = new CodestarconnectionsConnection(delivery, "Connection", { name: "shop-demo-delivery", providerType: "GitHub" });
  const buildRole = new IamRole(delivery, "DeployRole", { name: "shop-demo-deploy", assumeRolePolicy: trust("codebuild.amazonaws.com") });
  new IamRolePolicy(delivery, "DeployPolicy", {
    role: buildRole.id,
    policy: doc(
      { Effect: "Allow", Action: ["lambda:UpdateFunctionCode", "lambda:PublishVersion", "lambda:GetFunction"], Resource: fn.arn },
      { Effect: "Allow", Action: "lambda:UpdateAlias", Resource: alias.arn },
      { Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: `${siteBucket.arn}/*` },
      { Effect: "Allow", Action: "s3:ListBucket", Resource: siteBucket.arn },
    ),
  });
  const migrateGroup = new SecurityGroup(delivery, "MigrateGroup", { vpcId: vpc.id, description: "migrations" });
  new VpcSecurityGroupEgressRule(delivery, "EgressDatabase", { securityGroupId: migrateGroup.id, referencedSecurityGroupId: dbGroup.id, ipProtocol: "tcp", fromPort: 5432, toPort: 5432 });
  new VpcSecurityGroupIngressRule(database, "IngressDelivery", { securityGroupId: dbGroup.id, referencedSecurityGroupId: migrateGroup.id, ipProtocol: "tcp", fromPort: 5432, toPort: 5432 });
  const project = (id: string, vpcConfig?: boolean) =>
    new CodebuildProject(delivery, id, {
      name: `shop-demo-${id.toLowerCase()}`,
      serviceRole: buildRole.arn,
      artifacts: { type: "CODEPIPELINE" },
      source: { type: "CODEPIPELINE" },
      environment: { computeType: "BUILD_GENERAL1_SMALL", image: "aws/codebuild/amazonlinux-aarch64-standard:3.0", type: "ARM_CONTAINER" },
      ...(vpcConfig === true ? { vpcConfig: { vpcId: vpc.id, subnets: privateSubnets.map((s) => s.id), securityGroupIds: [migrateGroup.id] } } : {}),
    });
  const stage = (name: string, p: CodebuildProject): CodepipelineStage => ({
    name,
    action: [{ name, category: "Build", owner: "AWS", provider: "CodeBuild", version: "1", inputArtifacts: ["source"], configuration: { ProjectName: p.name } }],
  });
  new Codepipeline(delivery, "Pipeline", {
    name: "shop-demo-delivery",
    pipelineType: "V2",
    roleArn: "arn:aws:iam::123456789012:role/shop-demo-pipeline",
    artifactStore: [{ location: "shop-demo-artifacts", type: "S3" }],
    stage: [
      {
        name: "Source",
        action: [
          {
            name: "Source",
            category: "Source",
            owner: "AWS",
            provider: "CodeStarSourceConnection",
            version: "1",
            outputArtifacts: ["source"],
            configuration: { ConnectionArn: connection.arn, FullRepositoryId: "acme/shop", BranchName: "main" },
          },
        ],
      },
      stage("Build", project("Build")),
      stage("Migrate", project("Migrate", true)),
      stage("Deploy", project("Deploy")),
    ],
  });
  return stack.toTerraform() as SynthesizedStackJson;
}

const STACK = functionStack();
const DIAGRAM = diagramOf(STACK, "demo");
const boxOf = (diagram: string, module: string): string => {
  const line = diagram.split("\n").find((l) => l.trimStart().startsWith(`Container(${module},`) || l.trimStart().startsWith(`ContainerDb(${module},`));
  if (line === undefined) throw new Error(`no box ${module} in:\n${diagram}`);
  return line.trim();
};

describe("a function stack's diagram", () => {
  test("is valid Mermaid C4", () => {
    expect(checkC4(DIAGRAM)).toEqual([]);
  });

  test("draws the function as a container with its runtime, architecture and memory, its failure queue inside, in the VPC", () => {
    expect(boxOf(DIAGRAM, "ApiFunction")).toBe(
      'Container(ApiFunction, "ApiFunction", "Lambda, SQS, CloudWatch alarms", "function shop-demo-api (python3.12, arm64, 512 MB), X-Ray tracing, failure queue shop-demo-api-failures (messages kept 14 days), 1 alarm")',
    );
    const model = c4ModelOf(STACK, "demo");
    expect(model.containers.find((c) => c.module === "ApiFunction")?.inVpc).toBe(true);
    const inside = DIAGRAM.slice(DIAGRAM.indexOf("Container_Boundary(vpc"), DIAGRAM.indexOf("  }\n", DIAGRAM.indexOf("Container_Boundary(vpc")));
    expect(inside).toContain("Container(ApiFunction,");
  });

  test("says when the function is not in a VPC, and draws it outside the boundary", () => {
    const outside = diagramOf(functionStack({ inVpc: false }), "demo");
    expect(boxOf(outside, "ApiFunction")).toContain('"function shop-demo-api (python3.12, arm64, 512 MB), no VPC, X-Ray tracing,');
    const inside = outside.slice(outside.indexOf("Container_Boundary(vpc"));
    expect(inside).not.toContain("Container(ApiFunction,");
    // Without the VPC, no egress through the NAT gateway.
    expect(relsOf(outside).some((r) => r.from === "ApiFunction" && r.to === "Network")).toBe(false);
  });

  test("follows the HTTP API's integration URI through the alias to the function", () => {
    expect(relOf(DIAGRAM, "HttpApi", "ApiFunction")).toEqual({ from: "HttpApi", to: "ApiFunction", label: "Forwards requests", technology: "Lambda" });
    const document = architectureDocument(STACK, "demo");
    expect(document).toContain(
      "| HttpApi | ApiFunction | Forwards every request to Lambda function shop-demo-api (alias live) | AWS proxy integration, invoke permission for the API | `HttpApi/Integration`, `HttpApi/InvokeFunction` |",
    );
    expect(relOf(DIAGRAM, "user", "HttpApi").label).toBe("Calls the API");
  });

  test("follows a URI that is the function's ARN qualified by the alias, as http-api's LambdaIntegration writes it", () => {
    const qualified = functionStack({ uri: "qualified-arn" });
    expect(relOf(diagramOf(qualified, "demo"), "HttpApi", "ApiFunction")).toEqual({ from: "HttpApi", to: "ApiFunction", label: "Forwards requests", technology: "Lambda" });
    expect(architectureDocument(qualified, "demo")).toContain("| HttpApi | ApiFunction | Forwards every request to Lambda function shop-demo-api (alias live) |");
  });

  test("connects the function to the database by its security group rules, to the media bucket by its grants, out through NAT", () => {
    expect(relOf(DIAGRAM, "ApiFunction", "Database")).toMatchObject({ label: "PostgreSQL", technology: "TCP 5432" });
    expect(relOf(DIAGRAM, "ApiFunction", "Media")).toMatchObject({ label: "Reads/writes objects", technology: "IAM" });
    expect(relOf(DIAGRAM, "ApiFunction", "Network")).toMatchObject({ label: "HTTPS out", technology: "NAT gateway" });
  });

  test("draws the delivery pipeline deploying the function and writing the site, migrating in the VPC, fetching its repository", () => {
    expect(relOf(DIAGRAM, "Delivery", "ApiFunction")).toEqual({ from: "Delivery", to: "ApiFunction", label: "Deploys the code", technology: "IAM" });
    const document = architectureDocument(STACK, "demo");
    expect(document).toContain("Deploys new code to function shop-demo-api and points alias live at the new version");
    expect(relOf(DIAGRAM, "Delivery", "Site")).toMatchObject({ label: "Writes objects", technology: "IAM" });
    expect(relOf(DIAGRAM, "Delivery", "Database")).toMatchObject({ label: "PostgreSQL", technology: "TCP 5432" });
    expect(relOf(DIAGRAM, "Delivery", "source")).toMatchObject({ label: "Fetches acme/shop@main", technology: "CodeStar connection" });
    expect(boxOf(DIAGRAM, "Delivery")).toContain("pipeline Source → Build → Migrate → Deploy");
  });

  test("connects the function to the alarm topic as the other modules are, and the monitoring to the function", () => {
    expect(relOf(DIAGRAM, "ApiFunction", "Monitoring")).toMatchObject({ label: "Alarm state changes", technology: "SNS" });
    // An alarm on the function's literal name (FunctionName) watches the function's module.
    expect(relOf(DIAGRAM, "Monitoring", "ApiFunction")).toMatchObject({ label: "Watches", technology: "1 alarm" });
    expect(relOf(DIAGRAM, "Monitoring", "email")).toMatchObject({ label: "Alarms", technology: "SNS email" });
  });

  test("draws a failure queue of its own module as a box, with an arrow for the failed events", () => {
    const separate = functionStack({ queueModule: "own" });
    const text = diagramOf(separate, "demo");
    expect(boxOf(text, "Failures")).toBe('ContainerDb(Failures, "Failures", "SQS", "failure queue shop-demo-api-failures (messages kept 14 days)")');
    // The failed events, the role's grant on the queue, and the function module's alarm on the queue's depth.
    expect(relOf(text, "ApiFunction", "Failures")).toMatchObject({ label: "Sends messages, sends failed events, Watches", technology: "IAM, Lambda destination, 1 alarm" });
    expect(architectureDocument(separate, "demo")).toContain(
      "Sends the asynchronous events of function shop-demo-api that still fail (after 0 retries, up to 1 hour) to queue shop-demo-api-failures",
    );
    expect(checkC4(text)).toEqual([]);
  });
});
