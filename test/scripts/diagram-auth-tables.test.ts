import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CognitoUserPool } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { CognitoUserPoolDomain } from "@cdktf/provider-aws/lib/cognito-user-pool-domain";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketCorsConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-cors-configuration";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
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

const boxOf = (diagram: string, module: string): string => {
  const line = diagram.split("\n").find((l) => l.trimStart().startsWith(`Container(${module},`) || l.trimStart().startsWith(`ContainerDb(${module},`));
  if (line === undefined) throw new Error(`no box ${module} in:\n${diagram}`);
  return line.trim();
};

const doc = (...statements: Record<string, unknown>[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const trust = doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" });

/** A function with its role, in a module; optionally a policy on the role. */
function fn(scope: Construct, name: string, memorySize: number, statements: Record<string, unknown>[] = []): LambdaFunction {
  const role = new IamRole(scope, "Role", { name, assumeRolePolicy: trust });
  if (statements.length > 0) new IamRolePolicy(scope, "Policy", { role: role.id, policy: doc(...statements) });
  return new LambdaFunction(scope, "Function", { functionName: name, role: role.arn, architectures: ["arm64"], memorySize, runtime: "python3.12", handler: "app.handler", filename: `dist/${name}.zip` });
}

function distribution(scope: Construct, bucket: S3Bucket, rootObject?: string, aliases?: string[]): CloudfrontDistribution {
  return new CloudfrontDistribution(scope, "Distribution", {
    enabled: true,
    aliases,
    defaultRootObject: rootObject,
    origin: [{ domainName: bucket.bucketRegionalDomainName, originId: "s3", originAccessControlId: "oac-123" }],
    defaultCacheBehavior: { targetOriginId: "s3", allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], viewerProtocolPolicy: "redirect-to-https" },
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { cloudfrontDefaultCertificate: true },
  });
}

interface StackOptions {
  /** Where the upload pipeline's parts live: a module each (as a composition of small modules would), or one module. */
  readonly uploads?: "modules" | "one-module";
}

/**
 * The sign-in, table and upload parts of planning document 002, one construct per module: the
 * user pool (client, custom domain, post-confirmation trigger in the Accounts module), the table
 * (stream to the Activity module's function), the uploads bucket (CORS for browser PUTs, a
 * notification to the Thumbnails function), the processed bucket behind the Assets distribution,
 * the presign function behind the HTTP API, and the network's S3 and DynamoDB gateway endpoints.
 */
function uploadSystem(options: StackOptions = {}): SynthesizedStackJson {
  const stack = new TerraformStack(testApp(), "demo");
  new AwsProvider(stack, "Aws", { region: "us-east-1", defaultTags: [{ tags: { Project: "crud" } }] });

  const network = new Construct(stack, "Network");
  const vpc = new Vpc(network, "Vpc", { cidrBlock: "10.40.0.0/16" });
  new VpcEndpoint(network, "S3Endpoint", { vpcId: vpc.id, serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway" });
  new VpcEndpoint(network, "DynamodbEndpoint", { vpcId: vpc.id, serviceName: "com.amazonaws.us-east-1.dynamodb", vpcEndpointType: "Gateway" });

  const accounts = fn(new Construct(stack, "Accounts"), "crud-post-confirmation", 256);
  const auth = new Construct(stack, "Auth");
  const pool = new CognitoUserPool(auth, "Pool", {
    name: "crud-users",
    userPoolTier: "ESSENTIALS",
    usernameAttributes: ["email"],
    mfaConfiguration: "OPTIONAL",
    deletionProtection: "ACTIVE",
    lambdaConfig: { postConfirmation: accounts.arn },
  });
  new CognitoUserPoolClient(auth, "Client", { name: "crud-web", userPoolId: pool.id, allowedOauthFlows: ["code"] });
  new CognitoUserPoolDomain(auth, "Domain", { domain: "auth.crud.example.com", userPoolId: pool.id, certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" });

  const data = new Construct(stack, "Table");
  const key = new KmsKey(data, "Key", { enableKeyRotation: true });
  const table = new DynamodbTable(data, "Table", {
    name: "crud-messages",
    billingMode: "PAY_PER_REQUEST",
    hashKey: "pk",
    attribute: [{ name: "pk", type: "S" }],
    pointInTimeRecovery: { enabled: true },
    ttl: { enabled: true, attributeName: "expiresAt" },
    streamEnabled: true,
    streamViewType: "NEW_AND_OLD_IMAGES",
    serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
  });
  const activityScope = new Construct(stack, "Activity");
  const activity = fn(activityScope, "crud-activity", 128, [
    { Effect: "Allow", Action: ["dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream"], Resource: table.streamArn },
  ]);
  new LambdaEventSourceMapping(activityScope, "FromStream", { eventSourceArn: table.streamArn, functionName: activity.arn, startingPosition: "LATEST", batchSize: 10 });

  const one = options.uploads === "one-module" ? new Construct(stack, "UploadPipeline") : undefined;
  const scope = (id: string): Construct => (one !== undefined ? new Construct(one, id) : new Construct(stack, id));
  const uploads = scope("Uploads");
  const raw = new S3Bucket(uploads, "Bucket", { bucket: "crud-uploads" });
  new S3BucketCorsConfiguration(uploads, "Cors", { bucket: raw.id, corsRule: [{ allowedMethods: ["PUT"], allowedOrigins: ["https://crud.example.com"], allowedHeaders: ["*"] }] });
  const assets = scope("Assets");
  const processed = new S3Bucket(assets, "Bucket", { bucket: "crud-assets" });
  const thumbnails = fn(scope("Thumbnails"), "crud-thumbnails", 1024, [
    { Effect: "Allow", Action: "s3:GetObject", Resource: `${raw.arn}/*` },
    { Effect: "Allow", Action: "s3:PutObject", Resource: `${processed.arn}/*` },
  ]);
  new S3BucketNotification(uploads, "Notification", { bucket: raw.id, lambdaFunction: [{ lambdaFunctionArn: thumbnails.arn, events: ["s3:ObjectCreated:*"], filterPrefix: "uploads/" }] });
  distribution(scope("AssetsCdn"), processed, undefined, ["assets.crud.example.com"]);
  const presign = fn(scope("Presign"), "crud-presign", 256, [{ Effect: "Allow", Action: "s3:PutObject", Resource: `${raw.arn}/*` }]);

  const site = new Construct(stack, "Site");
  distribution(site, markPurpose(new S3Bucket(site, "Bucket", { bucket: "crud-site" }), "site-content"), "index.html");

  const http = new Construct(stack, "HttpApi");
  const api = new Apigatewayv2Api(http, "Api", { name: "crud-http-api", protocolType: "HTTP" });
  const integration = new Apigatewayv2Integration(http, "Presign", { apiId: api.id, integrationType: "AWS_PROXY", integrationUri: presign.invokeArn, payloadFormatVersion: "2.0" });
  new Apigatewayv2Route(http, "Uploads", { apiId: api.id, routeKey: "POST /uploads", target: `integrations/${integration.id}` });
  return stack.toTerraform() as SynthesizedStackJson;
}

const STACK = uploadSystem();
const DIAGRAM = diagramOf(STACK, "demo");
const DOCUMENT = architectureDocument(STACK, "demo");

describe("the diagram of sign-in, a table and uploads", () => {
  test("is valid Mermaid C4", () => {
    expect(checkC4(DIAGRAM)).toEqual([]);
    expect(checkC4(diagramOf(uploadSystem({ uploads: "one-module" }), "demo"))).toEqual([]);
  });

  // Mermaid's own parser reads the fargate-cognito-uploads example's generated diagrams (every
  // kind drawn here, from the real stacks) in test/scripts/diagram.test.ts, in the one process
  // that loads Mermaid for the suite.

  test("draws the user pool as a Cognito user pool with its plan, sign-in, domain, client and trigger", () => {
    expect(boxOf(DIAGRAM, "Auth")).toBe(
      'Container(Auth, "Auth", "Cognito user pool", "user pool crud-users (Essentials plan), sign-in with email, optional MFA, custom domain auth.crud.example.com, 1 app client, post-confirmation trigger, deletion protection")',
    );
  });

  test("draws the table with its capacity mode, recovery, stream, TTL and key", () => {
    expect(boxOf(DIAGRAM, "Table")).toBe(
      'ContainerDb(Table, "Table", "DynamoDB", "table crud-messages (on demand, point-in-time recovery, stream NEW_AND_OLD_IMAGES, TTL on expiresAt, customer managed KMS key)")',
    );
  });

  test("names the upload buckets from what the stack does with them: raw uploads and processed assets", () => {
    expect(boxOf(DIAGRAM, "Uploads")).toBe('ContainerDb(Uploads, "Uploads", "S3", "raw uploads bucket with CORS for browser uploads")');
    expect(boxOf(DIAGRAM, "Assets")).toBe('ContainerDb(Assets, "Assets", "S3", "processed assets bucket")');
  });

  test("the browser signs in at the user pool, through its custom domain and app client", () => {
    expect(relOf(DIAGRAM, "user", "Auth")).toEqual({ from: "user", to: "Auth", label: "Signs in", technology: "HTTPS, Cognito hosted sign-in" });
    expect(DOCUMENT).toContain("| Browser user | Auth | Signs up and signs in to user pool crud-users at auth.crud.example.com | app client crud-web, OAuth code | `Auth/Client`, `Auth/Domain`, `Auth/Pool` |");
  });

  test("the user pool calls the post-confirmation function, read from lambda_config", () => {
    expect(relOf(DIAGRAM, "Auth", "Accounts")).toEqual({ from: "Auth", to: "Accounts", label: "Calls the post-confirmation trigger", technology: "Cognito trigger" });
    expect(DOCUMENT).toContain("| Auth | Accounts | Invokes function crud-post-confirmation after each confirmed sign-up | lambda_config.post_confirmation of user pool crud-users | `Auth/Pool` |");
  });

  test("the table's stream feeds the consumer through its event source mapping; the consumer's grant on the stream reads as such", () => {
    expect(relOf(DIAGRAM, "Table", "Activity")).toEqual({ from: "Table", to: "Activity", label: "Streams item changes", technology: "DynamoDB Streams, Lambda" });
    expect(DOCUMENT).toContain(
      "| Table | Activity | Sends the changes to the items of table crud-messages (NEW_AND_OLD_IMAGES) to function crud-activity, up to 10 records a batch | event source mapping, from LATEST | `Activity/FromStream` |",
    );
    expect(relOf(DIAGRAM, "Activity", "Table")).toMatchObject({ label: "Reads the stream", technology: "IAM" });
  });

  test("the raw uploads bucket notifies the thumbnail function, which writes to the processed bucket", () => {
    expect(relOf(DIAGRAM, "Uploads", "Thumbnails")).toEqual({ from: "Uploads", to: "Thumbnails", label: "New objects", technology: "S3 event notification" });
    expect(DOCUMENT).toContain("| Uploads | Thumbnails | Invokes function crud-thumbnails on s3:ObjectCreated:* in the raw uploads bucket (keys uploads/) | bucket notification of crud-uploads | `Uploads/Notification` |");
    expect(relOf(DIAGRAM, "Thumbnails", "Assets")).toMatchObject({ label: "Writes objects", technology: "IAM" });
    expect(DOCUMENT).toContain("Writes objects in the processed assets bucket");
    expect(relOf(DIAGRAM, "Thumbnails", "Uploads")).toMatchObject({ label: "Reads objects", technology: "IAM" });
  });

  test("the browser loads the processed assets from their distribution, which serves the processed bucket", () => {
    expect(relOf(DIAGRAM, "user", "AssetsCdn")).toEqual({ from: "user", to: "AssetsCdn", label: "Loads the processed assets", technology: "HTTPS" });
    expect(DOCUMENT).toContain("| Browser user | AssetsCdn | Loads the processed assets from assets.crud.example.com |");
    expect(relOf(DIAGRAM, "AssetsCdn", "Assets")).toMatchObject({ label: "Serves /*", technology: "CloudFront, OAC" });
    expect(DOCUMENT).toContain("Serves /* from the processed assets bucket");
    // The site's distribution is still the web app.
    expect(relOf(DIAGRAM, "user", "Site").label).toBe("Loads the web app");
  });

  test("the API forwards to the presign function, and the browser uploads with presigned URLs", () => {
    expect(relOf(DIAGRAM, "HttpApi", "Presign")).toEqual({ from: "HttpApi", to: "Presign", label: "Forwards requests", technology: "Lambda" });
    expect(relOf(DIAGRAM, "Presign", "Uploads")).toMatchObject({ label: "Writes objects", technology: "IAM" });
    expect(relOf(DIAGRAM, "user", "Uploads")).toMatchObject({ label: "Uploads files", technology: "presigned URLs" });
    expect(DOCUMENT).toContain("Uploads files to the raw uploads bucket with presigned URLs");
  });

  test("the network lists the DynamoDB gateway endpoint beside the S3 one", () => {
    const box = boxOf(DIAGRAM, "Network");
    expect(box).toContain("DynamoDB gateway endpoint");
    expect(box).toContain("S3 gateway endpoint");
  });

  test("marked media (as upload-pipeline marks them) or with their own purposes, the buckets read the same", () => {
    for (const [raw, processed] of [
      ["media", "media"],
      ["uploads", "processed-assets"],
    ]) {
      const marked = JSON.parse(JSON.stringify(STACK)) as { resource: Record<string, Record<string, Record<string, unknown>>> };
      const buckets = marked.resource.aws_s3_bucket!;
      const byName = (bucket: string) => Object.values(buckets).find((b) => b.bucket === bucket)!;
      // Construct ids that say nothing: only the marks and the stack say what the buckets hold.
      byName("crud-uploads")["//"] = { metadata: { path: "demo/Uploads/Store/Bucket" }, purpose: raw };
      byName("crud-assets")["//"] = { metadata: { path: "demo/Assets/Store/Bucket" }, purpose: processed };
      const text = diagramOf(marked as SynthesizedStackJson, "demo");
      expect({ raw, box: boxOf(text, "Uploads") }).toEqual({ raw, box: 'ContainerDb(Uploads, "Uploads", "S3", "raw uploads bucket with CORS for browser uploads")' });
      expect({ processed, box: boxOf(text, "Assets") }).toEqual({ processed, box: 'ContainerDb(Assets, "Assets", "S3", "processed assets bucket")' });
    }
  });

  test("in one module, the pipeline's inner flows are in its box, not arrows to itself", () => {
    const text = diagramOf(uploadSystem({ uploads: "one-module" }), "demo");
    const box = boxOf(text, "UploadPipeline");
    // (The box names "no VPC" once, for both functions.)
    expect(box).toContain("function crud-thumbnails (python3.12, arm64, 1024 MB), run on new objects in the raw uploads bucket");
    expect(box).toContain("raw uploads bucket with CORS for browser uploads");
    expect(box).toContain("processed assets bucket");
    expect(relsOf(text).filter((r) => r.from === "UploadPipeline" && r.to === "UploadPipeline")).toEqual([]);
    // The ways in from the browser and the API still reach the module.
    expect(relOf(text, "user", "UploadPipeline").label).toContain("Uploads files");
    expect(relOf(text, "HttpApi", "UploadPipeline").label).toBe("Forwards requests");
    const model = c4ModelOf(uploadSystem({ uploads: "one-module" }), "demo");
    expect(model.containers.find((c) => c.module === "UploadPipeline")?.technology).toBe("CloudFront, Lambda, S3");
  });
});
