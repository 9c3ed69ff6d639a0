import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CognitoUserPool, CognitoUserPoolConfig } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { CognitoUserPoolDomain } from "@cdktf/provider-aws/lib/cognito-user-pool-domain";
import { DynamodbTable, DynamodbTableConfig } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketCorsConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-cors-configuration";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { TerraformStack } from "cdktf";
import { markPurpose } from "../../modules/shared/purpose";
import { USAGE_DEFAULTS } from "../../scripts/cost/assumptions";
import { ASSUMPTIONS, CostEstimate, CostLine, DEFAULT_PRICES, estimateCost, FREE_RESOURCE_TYPES, parsePriceData, PriceData, SynthesizedStack, unpricedResourceTypes, Usage } from "../../scripts/cost/estimate";
import { testApp } from "../support/synth";

/** Fixed prices, so the arithmetic below does not move when prices.json is updated. */
const PRICES: PriceData = parsePriceData({
  currency: "USD",
  hoursPerMonth: 730,
  prices: [
    ["cognito-lite-mau", 0.0055],
    ["cognito-essentials-mau", 0.015],
    ["cognito-plus-mau", 0.02],
    ["dynamodb-million-read-request-units", 0.125],
    ["dynamodb-million-write-request-units", 0.625],
    ["dynamodb-standard-gb-month", 0.25],
    ["dynamodb-pitr-gb-month", 0.2],
    ["lambda-million-requests", 0.2],
    ["lambda-gb-second-arm", 0.0000133334],
    ["lambda-gb-second-x86", 0.0000166667],
    ["apigw-http-million-requests", 1.0],
    ["s3-standard-gb-month", 0.023],
    ["s3-1k-get-requests", 0.0004],
    ["s3-1k-put-requests", 0.005],
    ["cloudfront-gb-out", 0.085],
    ["cloudfront-10k-https-requests", 0.01],
    ["kms-key-month", 1],
    ["data-transfer-out-gb", 0.09],
  ].map(([key, usd]) => ({ key, region: "us-east-1", usd, unit: "unit", source: "https://example.com/prices", read: "2026-12-02" })),
});

const USAGE: Usage = {
  apiRequestsPerMonth: 1_000_000,
  siteRequestsPerMonth: 2_000_000,
  siteDataOutGiBPerMonth: 20,
  apiDataOutGiBPerMonth: 0,
  natDataGiBPerMonth: 0,
  logIngestGiBPerMonth: 0,
  buildMinutesPerMonth: 0,
  mediaStorageGiB: 0,
  siteStorageGiB: 1,
  imageStorageGiB: 0,
  extraTasksAverage: 0,
  functionAverageDurationMs: 100,
  deliveryRunsPerMonth: 0,
  monthlyActiveUsers: 4_000,
  signUpsPerMonth: 500,
  dynamodbReadsPerMonth: 8_000_000,
  dynamodbWritesPerMonth: 2_000_000,
  dynamodbStorageGiB: 10,
  uploadsPerMonth: 20_000,
  uploadStorageGiB: 3,
  assetsStorageGiB: 40,
  assetsRequestsPerMonth: 500_000,
  assetsDataOutGiBPerMonth: 30,
};

function synthesized(build: (stack: TerraformStack) => void): SynthesizedStack {
  const stack = new TerraformStack(testApp(), "cost-auth-tables");
  new AwsProvider(stack, "Aws", { region: "us-east-1" });
  build(stack);
  return stack.toTerraform() as SynthesizedStack;
}

const estimate = (stack: SynthesizedStack, usage: Partial<Usage> = {}): CostEstimate => estimateCost(stack, { ...USAGE, ...usage }, "us-east-1", PRICES);

function lineOf(lines: readonly CostLine[], resource: string, descriptionPart = ""): CostLine {
  const found = lines.filter((l) => l.resource === resource && l.description.includes(descriptionPart));
  if (found.length !== 1) throw new Error(`expected one line for ${resource} "${descriptionPart}", got ${found.length}: ${JSON.stringify(lines.map((l) => [l.resource, l.description]))}`);
  return found[0]!;
}

const fnProps = (name: string, memorySize: number) => ({
  functionName: name,
  role: `arn:aws:iam::123456789012:role/${name}`,
  architectures: ["arm64"],
  memorySize,
  runtime: "python3.12",
  handler: "app.handler",
  filename: `dist/${name}.zip`,
});

function distribution(s: TerraformStack, id: string, bucket: S3Bucket, rootObject?: string): CloudfrontDistribution {
  return new CloudfrontDistribution(s, id, {
    enabled: true,
    priceClass: "PriceClass_100",
    defaultRootObject: rootObject,
    origin: [{ domainName: bucket.bucketRegionalDomainName, originId: "s3" }],
    defaultCacheBehavior: { targetOriginId: "s3", allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], viewerProtocolPolicy: "redirect-to-https" },
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { cloudfrontDefaultCertificate: true },
  });
}

interface SystemOptions {
  readonly pool?: Partial<CognitoUserPoolConfig>;
  readonly table?: Partial<DynamodbTableConfig>;
  /**
   * How the upload buckets are marked: not at all (read from their notification and origin), both
   * `media` (as upload-pipeline marks them now), or `uploads` and `processed-assets`.
   */
  readonly uploadMarks?: "none" | "media" | "purposes";
  /** A media bucket (media-bucket's) served by the site's distribution beside the upload pipeline. */
  readonly media?: boolean;
  /** Whether the presign function's role may put objects in the uploads bucket (as upload-pipeline's does: it signs the uploads). */
  readonly presignGrant?: boolean;
}

/**
 * A stack with every resource type the cognito-auth, dynamodb-table and upload-pipeline modules
 * add, as they write them: the user pool (its post-confirmation trigger, client and custom
 * domain), the table (on demand, PITR, TTL, a stream to a consumer, a customer managed key),
 * the uploads bucket (CORS for browser PUTs, a notification to the thumbnail function), the
 * processed bucket behind its own distribution, the presign function behind the HTTP API, the
 * site's bucket and distribution, and the VPC's S3 and DynamoDB gateway endpoints.
 */
function system(options: SystemOptions = {}): SynthesizedStack {
  return synthesized((s) => {
    const postConfirmation = new LambdaFunction(s, "PostConfirmation", fnProps("post-confirmation", 256));
    const pool = new CognitoUserPool(s, "Pool", { name: "app-users", usernameAttributes: ["email"], lambdaConfig: { postConfirmation: postConfirmation.arn }, ...options.pool });
    new LambdaPermission(s, "CognitoInvokes", { action: "lambda:InvokeFunction", functionName: postConfirmation.functionName, principal: "cognito-idp.amazonaws.com", sourceArn: pool.arn });
    new CognitoUserPoolClient(s, "Client", { name: "web", userPoolId: pool.id, allowedOauthFlows: ["code"] });
    new CognitoUserPoolDomain(s, "Domain", { domain: "auth.example.com", userPoolId: pool.id, certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" });

    const key = new KmsKey(s, "TableKey", { enableKeyRotation: true });
    const table = new DynamodbTable(s, "Table", {
      name: "app-items",
      billingMode: "PAY_PER_REQUEST",
      hashKey: "pk",
      attribute: [{ name: "pk", type: "S" }],
      pointInTimeRecovery: { enabled: true },
      ttl: { enabled: true, attributeName: "expiresAt" },
      streamEnabled: true,
      streamViewType: "NEW_AND_OLD_IMAGES",
      serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
      ...options.table,
    });
    const consumer = new LambdaFunction(s, "StreamConsumer", fnProps("stream-consumer", 128));
    new LambdaEventSourceMapping(s, "FromStream", { eventSourceArn: table.streamArn, functionName: consumer.arn, startingPosition: "LATEST", batchSize: 10 });

    const raw = new S3Bucket(s, "Raw", { bucket: "app-uploads" });
    const processed = new S3Bucket(s, "Processed", { bucket: "app-assets" });
    if (options.uploadMarks === "media") {
      markPurpose(raw, "media");
      markPurpose(processed, "media");
    } else if (options.uploadMarks === "purposes") {
      raw.addOverride("//.purpose", "uploads");
      processed.addOverride("//.purpose", "processed-assets");
    }
    new S3BucketCorsConfiguration(s, "RawCors", { bucket: raw.id, corsRule: [{ allowedMethods: ["PUT"], allowedOrigins: ["https://app.example.com"], allowedHeaders: ["*"] }] });
    const thumbnails = new LambdaFunction(s, "Thumbnails", fnProps("thumbnails", 1024));
    new LambdaPermission(s, "S3Invokes", { action: "lambda:InvokeFunction", functionName: thumbnails.functionName, principal: "s3.amazonaws.com", sourceArn: raw.arn });
    new S3BucketNotification(s, "RawNotification", { bucket: raw.id, lambdaFunction: [{ lambdaFunctionArn: thumbnails.arn, events: ["s3:ObjectCreated:*"], filterPrefix: "uploads/" }] });
    distribution(s, "AssetsCdn", processed);

    const site = markPurpose(new S3Bucket(s, "Site", { bucket: "app-site" }), "site-content");
    const siteCdn = distribution(s, "SiteCdn", site, "index.html");
    if (options.media === true) {
      const media = markPurpose(new S3Bucket(s, "Media", { bucket: "app-media" }), "media");
      siteCdn.addOverride("origin", [
        { domain_name: site.bucketRegionalDomainName, origin_id: "s3" },
        { domain_name: media.bucketRegionalDomainName, origin_id: "media" },
      ]);
    }

    const api = new Apigatewayv2Api(s, "HttpApi", { name: "app-http-api", protocolType: "HTTP" });
    const presignRole = new IamRole(s, "PresignRole", { name: "presign", assumeRolePolicy: "{}" });
    const presign = new LambdaFunction(s, "Presign", { ...fnProps("presign", 256), role: presignRole.arn });
    if (options.presignGrant === true) {
      new IamRolePolicy(s, "PresignPolicy", {
        role: presignRole.id,
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: `${raw.arn}/uploads/*` }] }),
      });
    }
    new Apigatewayv2Integration(s, "PresignIntegration", { apiId: api.id, integrationType: "AWS_PROXY", integrationUri: presign.invokeArn, payloadFormatVersion: "2.0" });

    const vpc = new Vpc(s, "Vpc", { cidrBlock: "10.0.0.0/16" });
    new VpcEndpoint(s, "S3Endpoint", { vpcId: vpc.id, serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway" });
    new VpcEndpoint(s, "DynamodbEndpoint", { vpcId: vpc.id, serviceName: "com.amazonaws.us-east-1.dynamodb", vpcEndpointType: "Gateway" });
  });
}

const SYSTEM = system();

describe("a Cognito user pool", () => {
  test("is priced by monthly active users at its plan, Essentials when user_pool_tier is not set, before the per-account free tier", () => {
    const line = lineOf(estimate(SYSTEM).lines, "aws_cognito_user_pool.Pool");
    // 4,000 MAU × $0.015 (Essentials).
    expect(line).toMatchObject({ status: "priced", monthly: expect.closeTo(4_000 * 0.015, 8) });
    expect(line.description).toContain("Cognito user pool, ESSENTIALS plan (user_pool_tier not set: Essentials, the default for new user pools): 4,000 monthly active users (usage.monthlyActiveUsers)");
    expect(line.description).toContain("before the 10,000 MAU free a month on Lite and Essentials, which AWS applies per account");
  });

  test("LITE and PLUS have their own rates; Plus has no free tier", () => {
    const lite = lineOf(estimate(system({ pool: { userPoolTier: "LITE" } })).lines, "aws_cognito_user_pool.Pool");
    expect(lite.monthly).toBeCloseTo(4_000 * 0.0055, 8);
    const plus = lineOf(estimate(system({ pool: { userPoolTier: "PLUS" } })).lines, "aws_cognito_user_pool.Pool");
    expect(plus.monthly).toBeCloseTo(4_000 * 0.02, 8);
    expect(plus.description).toContain("Plus has no free tier");
    expect(lineOf(estimate(system({ pool: { userPoolTier: "BASIC" } })).lines, "aws_cognito_user_pool.Pool")).toMatchObject({ status: "not priced", description: expect.stringContaining("only LITE, ESSENTIALS and PLUS are priced") });
  });

  test("without usage.monthlyActiveUsers, prices the documented default and says so", () => {
    const { monthlyActiveUsers: _mau, ...usage } = USAGE;
    const line = lineOf(estimateCost(SYSTEM, usage, "us-east-1", PRICES).lines, "aws_cognito_user_pool.Pool");
    expect(USAGE_DEFAULTS.monthlyActiveUsers).toBe(1_000);
    expect(line.monthly).toBeCloseTo(1_000 * 0.015, 8);
    expect(line.description).toContain("(usage.monthlyActiveUsers, unset: default 1,000)");
  });

  test("advanced security outside the Plus plan is reported as not priced", () => {
    const result = estimate(system({ pool: { userPoolTier: "ESSENTIALS", userPoolAddOns: { advancedSecurityMode: "ENFORCED" } } }));
    expect(lineOf(result.lines, "aws_cognito_user_pool.Pool", "advanced security")).toMatchObject({ status: "not priced" });
  });

  test("its post-confirmation trigger is invoked once per sign-up, for the assumed duration", () => {
    const line = lineOf(estimate(SYSTEM).lines, "aws_lambda_function.PostConfirmation");
    // 500 invocations × $0.20 a million + 500 × 0.2 s × 0.25 GB × the arm64 rate.
    expect(ASSUMPTIONS.eventFunctionDurationMs.cognito).toBe(200);
    expect(line.monthly).toBeCloseTo((500 / 1e6) * 0.2 + 500 * 0.2 * 0.25 * 0.0000133334, 10);
    expect(line.description).toContain("500 invocations (the post_confirmation trigger of aws_cognito_user_pool.Pool, once per sign-up (usage.signUpsPerMonth)) of 200 ms (ASSUMPTIONS.eventFunctionDurationMs.cognito)");
  });

  test("a trigger no usage setting counts leaves its function not priced, saying why", () => {
    const json = synthesized((s) => {
      const fn = new LambdaFunction(s, "TokenHook", fnProps("token-hook", 128));
      new CognitoUserPool(s, "Pool", { name: "users", lambdaConfig: { preTokenGeneration: fn.arn } });
    });
    expect(lineOf(estimate(json).lines, "aws_lambda_function.TokenHook")).toMatchObject({
      status: "not priced",
      description: expect.stringContaining("the pre_token_generation trigger of aws_cognito_user_pool.Pool: not priced, it runs per sign-in, token or message"),
    });
  });
});

describe("a DynamoDB table on demand", () => {
  test("reads, writes, storage and point-in-time recovery from the usage settings", () => {
    const line = lineOf(estimate(SYSTEM).lines, "aws_dynamodb_table.Table", "DynamoDB on demand");
    // 8M RRU × $0.125 + 2M WRU × $0.625 + 10 GB × $0.25 + 10 GB of PITR × $0.20.
    expect(line.monthly).toBeCloseTo(8 * 0.125 + 2 * 0.625 + 10 * 0.25 + 10 * 0.2, 8);
    expect(line.description).toContain("point-in-time recovery on");
    expect(line.description).toContain("before the 25 GB of storage free a month, shared by the account's tables in the region");
    expect(line.description).toContain("expired items deleted by TTL for free");
  });

  test("without point-in-time recovery, no backup storage; each global secondary index writes again", () => {
    const table: Partial<DynamodbTableConfig> = {
      pointInTimeRecovery: { enabled: false },
      attribute: [
        { name: "pk", type: "S" },
        { name: "owner", type: "S" },
      ],
      globalSecondaryIndex: [{ name: "byOwner", hashKey: "owner", projectionType: "ALL" }],
    };
    const line = lineOf(estimate(system({ table })).lines, "aws_dynamodb_table.Table", "DynamoDB on demand");
    expect(line.monthly).toBeCloseTo(8 * 0.125 + 2 * 2 * 0.625 + 10 * 0.25, 8);
    expect(line.description).toContain("each write also written to 1 global secondary index");
  });

  test("the usage is shared by the stack's tables", () => {
    const json = synthesized((s) => {
      for (const id of ["A", "B"]) new DynamodbTable(s, id, { name: id, billingMode: "PAY_PER_REQUEST", hashKey: "pk", attribute: [{ name: "pk", type: "S" }] });
    });
    const result = estimate(json);
    for (const id of ["A", "B"]) expect(lineOf(result.lines, `aws_dynamodb_table.${id}`).monthly).toBeCloseTo((8 * 0.125 + 2 * 0.625 + 10 * 0.25) / 2, 8);
    expect(lineOf(result.lines, "aws_dynamodb_table.A").description).toContain("shared by 2 tables");
  });

  test("its customer managed key is priced once, by the KMS rule, and named on the table's line", () => {
    const result = estimate(SYSTEM);
    expect(lineOf(result.lines, "aws_kms_key.TableKey").monthly).toBe(1);
    expect(lineOf(result.lines, "aws_dynamodb_table.Table", "DynamoDB on demand").description).toContain("customer managed key aws_kms_key.TableKey (priced on its own line)");
  });

  test("its stream is free: Lambda triggers' GetRecords calls are not charged", () => {
    expect(lineOf(estimate(SYSTEM).lines, "aws_dynamodb_table.Table", "stream")).toMatchObject({
      status: "free",
      monthly: 0,
      description: expect.stringContaining("read by a Lambda trigger (aws_lambda_event_source_mapping.FromStream): free (GetRecords calls by Lambda triggers are not charged"),
    });
  });

  test("the stream's consumer is invoked once per write to the table, an upper bound", () => {
    const line = lineOf(estimate(SYSTEM).lines, "aws_lambda_function.StreamConsumer");
    // 2,000,000 invocations × $0.20 a million + 2,000,000 × 0.2 s × 0.125 GB × the arm64 rate.
    expect(line.monthly).toBeCloseTo(2 * 0.2 + 2_000_000 * 0.2 * 0.125 * 0.0000133334, 8);
    expect(line.description).toContain("the stream of aws_dynamodb_table.Table, one batch per write (usage.dynamodbWritesPerMonth; an upper bound)");
  });

  test("provisioned capacity is not priced, and says so", () => {
    const line = lineOf(estimate(system({ table: { billingMode: "PROVISIONED", readCapacity: 5, writeCapacity: 5 } })).lines, "aws_dynamodb_table.Table", "capacity");
    expect(line).toMatchObject({ status: "not priced", description: expect.stringContaining("provisioned read and write capacity is not priced") });
  });
});

describe("the upload pipeline", () => {
  test("the thumbnail function runs once per upload to the uploads bucket, for the assumed duration", () => {
    const line = lineOf(estimate(SYSTEM).lines, "aws_lambda_function.Thumbnails");
    // 20,000 × $0.20 a million + 20,000 × 1 s × 1 GB × the arm64 rate.
    expect(ASSUMPTIONS.eventFunctionDurationMs.s3).toBe(1_000);
    expect(line.monthly).toBeCloseTo(0.02 * 0.2 + 20_000 * 1 * 0.0000133334, 10);
    expect(line.description).toContain("20,000 invocations (s3:ObjectCreated:* notifications of aws_s3_bucket.Raw (usage.uploadsPerMonth)) of 1,000 ms (ASSUMPTIONS.eventFunctionDurationMs.s3)");
  });

  test("the uploads bucket: its storage, a PUT and a GET per upload", () => {
    const line = lineOf(estimate(SYSTEM).lines, "aws_s3_bucket.Raw");
    expect(line.monthly).toBeCloseTo(3 * 0.023 + 20 * 0.005 + 20 * 0.0004, 8);
    expect(line.description).toMatch(/^S3 Standard, uploads bucket, storage from usage\.uploadStorageGiB; a PUT and a GET per upload \(usage\.uploadsPerMonth\)/);
  });

  test("the processed bucket: its storage, a PUT per upload, and the assets distribution's cache misses", () => {
    const line = lineOf(estimate(SYSTEM).lines, "aws_s3_bucket.Processed");
    // 40 GB × $0.023 + 20 × 1,000 PUT × $0.005 + 500,000 × 10% / 1,000 GET × $0.0004.
    expect(line.monthly).toBeCloseTo(40 * 0.023 + 20 * 0.005 + 50 * 0.0004, 8);
    expect(line.description).toContain("processed-assets bucket, storage from usage.assetsStorageGiB");
  });

  test("the buckets read the same marked media (as upload-pipeline marks them), marked with their own purposes, or unmarked", () => {
    const read = estimate(SYSTEM);
    for (const uploadMarks of ["media", "purposes"] as const) {
      const marked = estimate(system({ uploadMarks }));
      for (const resource of ["aws_s3_bucket.Raw", "aws_s3_bucket.Processed", "aws_cloudfront_distribution.AssetsCdn", "aws_lambda_function.Thumbnails"]) {
        expect({ uploadMarks, line: lineOf(marked.lines, resource) }).toEqual({ uploadMarks, line: lineOf(read.lines, resource) });
      }
    }
  });

  test("a media bucket the site's distribution serves stays the media bucket beside the upload pipeline", () => {
    const result = estimate(system({ uploadMarks: "media", media: true }), { mediaStorageGiB: 7 });
    expect(lineOf(result.lines, "aws_s3_bucket.Media").description).toMatch(/^S3 Standard, media bucket, storage from usage\.mediaStorageGiB: 7 GB-month/);
    expect(lineOf(result.lines, "aws_s3_bucket.Processed").description).toContain("processed-assets bucket");
    expect(lineOf(result.lines, "aws_cloudfront_distribution.SiteCdn").description).toContain("usage.siteRequestsPerMonth");
  });

  test("each distribution has its own line: the assets' from the assets usage, the site's from the site's, none counted twice", () => {
    const result = estimate(SYSTEM);
    const assets = lineOf(result.lines, "aws_cloudfront_distribution.AssetsCdn");
    expect(assets.monthly).toBeCloseTo(50 * 0.01 + 30 * 0.085, 8);
    expect(assets.description).toContain("CloudFront serving the processed assets (PriceClass_100; usage.assetsRequestsPerMonth; usage.assetsDataOutGiBPerMonth");
    // The site's distribution keeps the whole of the site's usage, as when it is the only one.
    const site = lineOf(result.lines, "aws_cloudfront_distribution.SiteCdn");
    expect(site.monthly).toBeCloseTo(200 * 0.01 + 20 * 0.085, 8);
    expect(lineOf(result.lines, "aws_s3_bucket.Site").monthly).toBeCloseTo(1 * 0.023 + 1 * 0.005 + 200 * 0.0004, 8);
  });

  test("a notification on other events, or on a bucket that is not an uploads bucket, leaves the function not priced", () => {
    const json = synthesized((s) => {
      const bucket = new S3Bucket(s, "Logs", { bucket: "logs" });
      const fn = new LambdaFunction(s, "Cleaner", fnProps("cleaner", 128));
      new S3BucketNotification(s, "OnDelete", { bucket: bucket.id, lambdaFunction: [{ lambdaFunctionArn: fn.arn, events: ["s3:ObjectRemoved:*"] }] });
    });
    expect(lineOf(estimate(json).lines, "aws_lambda_function.Cleaner")).toMatchObject({
      status: "not priced",
      description: expect.stringContaining("s3:ObjectRemoved:* notifications of aws_s3_bucket.Logs: not priced, only object creation in an uploads bucket is counted"),
    });
  });

  test("a queue's consumer has no usage setting: not priced, and says why", () => {
    const json = synthesized((s) => {
      const queue = new SqsQueue(s, "Jobs", { name: "jobs" });
      const fn = new LambdaFunction(s, "Worker", fnProps("worker", 128));
      new LambdaEventSourceMapping(s, "FromQueue", { eventSourceArn: queue.arn, functionName: fn.functionName });
    });
    expect(lineOf(estimate(json).lines, "aws_lambda_function.Worker").description).toContain("an event source mapping from aws_sqs_queue.Jobs: not priced, no usage setting gives the records of a queue");
  });

  test("the presign function behind the HTTP API is called once per upload, for the API function's duration, when it signs the uploads", () => {
    const line = lineOf(estimate(system({ presignGrant: true })).lines, "aws_lambda_function.Presign");
    // 20,000 × $0.20 a million + 20,000 × 0.1 s × 0.25 GB × the arm64 rate: not the API's 1,000,000 requests.
    expect(line.monthly).toBeCloseTo(0.02 * 0.2 + 20_000 * 0.1 * 0.25 * 0.0000133334, 10);
    expect(line.description).toContain("20,000 invocations (through the HTTP API, once per upload: it signs the uploads to aws_s3_bucket.Raw (usage.uploadsPerMonth)) of 100 ms (usage.functionAverageDurationMs)");
  });

  test("a function behind the HTTP API that signs no uploads takes the API's requests, as before", () => {
    const line = lineOf(estimate(SYSTEM).lines, "aws_lambda_function.Presign");
    expect(line.monthly).toBeCloseTo(0.2 + 1_000_000 * 0.1 * 0.25 * 0.0000133334, 8);
    expect(line.description).toContain("usage.apiRequestsPerMonth, through the HTTP API");
  });
});

describe("the new resource types", () => {
  test("the trigger, notification, CORS, app client and domain types are free, each with a reason", () => {
    const result = estimate(SYSTEM);
    for (const type of ["aws_lambda_event_source_mapping", "aws_s3_bucket_notification", "aws_s3_bucket_cors_configuration", "aws_cognito_user_pool_client", "aws_cognito_user_pool_domain"]) {
      expect({ type, reason: FREE_RESOURCE_TYPES[type] !== undefined }).toEqual({ type, reason: true });
      expect(lineOf(result.lines, `1 × ${type}`)).toMatchObject({ status: "free", description: `free: ${FREE_RESOURCE_TYPES[type]}` });
    }
    expect(FREE_RESOURCE_TYPES.aws_lambda_event_source_mapping).toContain("GetRecords calls by Lambda are not charged");
  });

  test("the DynamoDB gateway endpoint is free like the S3 one, saying why", () => {
    const result = estimate(SYSTEM);
    for (const [name, service] of [
      ["DynamodbEndpoint", "dynamodb"],
      ["S3Endpoint", "s3"],
    ]) {
      expect(lineOf(result.lines, `aws_vpc_endpoint.${name}`)).toMatchObject({
        status: "free",
        description: `gateway endpoint (com.amazonaws.us-east-1.${service}): free (gateway endpoints, for S3 and DynamoDB, have no hourly or data processing charge)`,
      });
    }
  });

  test("a stack with every new type has no unpriced type, and prices every line with the shipped prices", () => {
    expect(unpricedResourceTypes(SYSTEM)).toEqual([]);
    expect(unpricedResourceTypes(system({ presignGrant: true, uploadMarks: "media", media: true }))).toEqual([]);
    const shipped = estimateCost(SYSTEM, USAGE, "us-east-1", DEFAULT_PRICES);
    expect(shipped.lines.filter((l) => l.status === "not priced")).toEqual([]);
    expect(estimate(SYSTEM).lines.filter((l) => l.status === "not priced")).toEqual([]);
  });
});

describe("the shipped prices", () => {
  test("us-east-1 has the Cognito and DynamoDB prices these lines use, each with its source", () => {
    const usd = (key: string) => DEFAULT_PRICES.prices.find((p) => p.key === key && (p.region === "us-east-1" || p.region === "global"));
    const keys = ["cognito-lite-mau", "cognito-essentials-mau", "cognito-plus-mau", "dynamodb-million-read-request-units", "dynamodb-million-write-request-units", "dynamodb-standard-gb-month", "dynamodb-pitr-gb-month"];
    expect(keys.map((k) => [k, usd(k)?.usd, /^https:\/\//.test(usd(k)?.source ?? "")])).toEqual([
      ["cognito-lite-mau", 0.0055, true],
      ["cognito-essentials-mau", 0.015, true],
      ["cognito-plus-mau", 0.02, true],
      ["dynamodb-million-read-request-units", 0.125, true],
      ["dynamodb-million-write-request-units", 0.625, true],
      ["dynamodb-standard-gb-month", 0.25, true],
      ["dynamodb-pitr-gb-month", 0.2, true],
    ]);
  });
});
