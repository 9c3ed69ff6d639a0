import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { applyPolicyPack, errorsOf, evaluate, StackJson as PolicyStackJson } from "../../policies";
import { HttpApi, LambdaIntegration } from "../../modules/http-api";
import { LambdaFunction } from "../../modules/lambda-function";
import { DEFAULT_ALARM_THRESHOLDS, Monitoring } from "../../modules/monitoring";
import {
  ASSETS_CONTENT_SECURITY_POLICY,
  THUMBNAIL_PREFIX,
  UPLOAD_PREFIX,
  UploadPipeline,
  uploadPipelinePropProblems,
  UploadPipelineProps,
} from "../../modules/upload-pipeline";
import { PropsCase, testRefusedProps } from "../support/refuses-props";
import { addressOf, countOf, onlyResource, parseJsonAttribute, refTo, resourceCounts, resourceList, resourcesOf, SynthesizedStack, synthJson, testStack } from "../support/synth";

const PRESIGN_FOLDER = "examples/fargate-cognito-uploads/functions/presign-upload";
const THUMBNAIL_FOLDER = "examples/fargate-cognito-uploads/functions/thumbnail";
const CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666";

const base: UploadPipelineProps = {
  name: "acme-test",
  region: "eu-west-1",
  accountId: "123456789012",
  logRetentionDays: 14,
  allowedOrigins: ["https://www.example.com"],
  presignFunction: { folder: PRESIGN_FOLDER, handler: "index.handler", runtime: "nodejs22.x" },
  thumbnailFunction: { folder: THUMBNAIL_FOLDER, handler: "index.handler", runtime: "nodejs22.x" },
};

function build(overrides: Partial<UploadPipelineProps> = {}): { stack: TerraformStack; uploads: UploadPipeline } {
  const stack = testStack();
  const uploads = new UploadPipeline(stack, "Uploads", { ...base, ...overrides });
  return { stack, uploads };
}

function synthWith(overrides: Partial<UploadPipelineProps> = {}): SynthesizedStack {
  return synthJson(build(overrides).stack);
}

interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

function bucketPolicy(json: SynthesizedStack, bucketPrefix: string): Statement[] {
  const bucket = refTo(json, "aws_s3_bucket", bucketPrefix, "id");
  const policy = resourceList(json, "aws_s3_bucket_policy").find((p) => p.bucket === bucket);
  return parseJsonAttribute<{ Statement: Statement[] }>(policy?.policy).Statement;
}

function rolePolicy(json: SynthesizedStack, name: string): Statement[] {
  const policy = resourceList(json, "aws_iam_role_policy").find((p) => p.name === name);
  return parseJsonAttribute<{ Statement: Statement[] }>(policy?.policy).Statement;
}

function functionNamed(json: SynthesizedStack, name: string): Record<string, unknown> {
  const fn = resourceList(json, "aws_lambda_function").find((f) => f.function_name === name);
  if (fn === undefined) throw new Error(`no function ${name}`);
  return fn;
}

const variablesOf = (fn: Record<string, unknown>) => (fn.environment as { variables: Record<string, string> }).variables;

describe("UploadPipeline defaults", () => {
  const json = synthWith();
  const buckets = resourcesOf(json, "aws_s3_bucket");
  const raw = Object.entries(buckets).find(([k]) => k.startsWith("Uploads_Raw_Bucket"))![1];
  const processed = Object.entries(buckets).find(([k]) => k.startsWith("Uploads_Processed_Bucket"))![1];

  test("the resources, counted", () => {
    expect(resourceCounts(json)).toEqual({
      aws_cloudfront_distribution: 1,
      aws_cloudfront_origin_access_control: 1,
      aws_cloudfront_response_headers_policy: 1,
      aws_cloudwatch_log_group: 2,
      aws_iam_role: 2,
      aws_iam_role_policy: 4,
      aws_lambda_alias: 2,
      aws_lambda_function: 2,
      aws_lambda_function_event_invoke_config: 2,
      aws_lambda_function_recursion_config: 2,
      aws_lambda_permission: 1,
      aws_s3_bucket: 2,
      aws_s3_bucket_cors_configuration: 1,
      aws_s3_bucket_lifecycle_configuration: 2,
      aws_s3_bucket_notification: 1,
      aws_s3_bucket_ownership_controls: 2,
      aws_s3_bucket_policy: 2,
      aws_s3_bucket_public_access_block: 2,
      aws_s3_bucket_server_side_encryption_configuration: 2,
      aws_s3_bucket_versioning: 1,
      aws_sqs_queue: 2,
      aws_sqs_queue_policy: 2,
    });
    expect(UPLOAD_PREFIX).toBe("uploads/");
  });

  test("the buckets: default names, SSE-S3, private; the raw one emptied on destroy, the processed one not", () => {
    expect(raw).toMatchObject({ bucket: "acme-test-uploads-123456789012", force_destroy: true });
    expect(raw.lifecycle).toBeUndefined();
    expect(processed).toMatchObject({ bucket: "acme-test-assets-123456789012", force_destroy: false });
    expect(processed.lifecycle).toBeUndefined();
    for (const encryption of resourceList(json, "aws_s3_bucket_server_side_encryption_configuration")) {
      expect(encryption.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
    }
    for (const block of resourceList(json, "aws_s3_bucket_public_access_block")) {
      expect(block).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    }
  });

  test("only the processed bucket is versioned", () => {
    expect(onlyResource(json, "aws_s3_bucket_versioning")).toMatchObject({
      bucket: refTo(json, "aws_s3_bucket", "Uploads_Processed_Bucket", "id"),
      versioning_configuration: { status: "Enabled" },
    });
  });

  test("raw uploads expire after a day, unfinished multipart uploads after a day; old thumbnail versions after 30 days", () => {
    const lifecycles = resourceList(json, "aws_s3_bucket_lifecycle_configuration");
    const rawLifecycle = lifecycles.find((l) => l.bucket === refTo(json, "aws_s3_bucket", "Uploads_Raw_Bucket", "id"));
    expect(rawLifecycle?.rule).toEqual([
      { id: "expire-unprocessed-uploads", status: "Enabled", filter: [{ prefix: "uploads/" }], expiration: [{ days: 1 }] },
      { id: "abort-incomplete-uploads", status: "Enabled", filter: [{ prefix: "" }], abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }] },
    ]);
    const processedLifecycle = lifecycles.find((l) => l.bucket === refTo(json, "aws_s3_bucket", "Uploads_Processed_Bucket", "id"));
    expect(processedLifecycle?.rule).toEqual([
      {
        id: "old-versions-and-unfinished-uploads",
        status: "Enabled",
        filter: [{ prefix: "" }],
        noncurrent_version_expiration: [{ noncurrent_days: 30 }],
        expiration: [{ expired_object_delete_marker: true }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }],
      },
    ]);
  });

  test("CORS on the raw bucket: POST only, from the site's origins, few headers", () => {
    expect(onlyResource(json, "aws_s3_bucket_cors_configuration")).toEqual({
      bucket: refTo(json, "aws_s3_bucket", "Uploads_Raw_Bucket", "id"),
      cors_rule: [
        {
          id: "browser-uploads",
          allowed_origins: ["https://www.example.com"],
          allowed_methods: ["POST"],
          allowed_headers: ["content-type"],
          expose_headers: ["ETag", "Location"],
          max_age_seconds: 3000,
        },
      ],
    });
  });

  test("the functions: arm64, traced, their log retention, their sizes, the variables their code reads", () => {
    const presign = functionNamed(json, "acme-test-presign");
    expect(presign).toMatchObject({
      architectures: ["arm64"],
      runtime: "nodejs22.x",
      handler: "index.handler",
      memory_size: 256,
      timeout: 10,
      tracing_config: { mode: "Active" },
    });
    expect(variablesOf(presign)).toEqual({
      UPLOAD_BUCKET: "acme-test-uploads-123456789012",
      UPLOAD_PREFIX: "uploads/",
      MAX_UPLOAD_BYTES: "5242880",
      ALLOWED_CONTENT_TYPES: "image/jpeg,image/png,image/webp",
      EXPIRES_SECONDS: "300",
    });
    const thumbnail = functionNamed(json, "acme-test-thumbnail");
    expect(thumbnail).toMatchObject({ architectures: ["arm64"], memory_size: 1024, timeout: 60, tracing_config: { mode: "Active" } });
    expect(variablesOf(thumbnail)).toEqual({
      PROCESSED_BUCKET: "acme-test-assets-123456789012",
      UPLOAD_PREFIX: "uploads/",
      THUMBNAIL_PREFIX: "thumbnails/",
      THUMBNAIL_SIZES: JSON.stringify([
        { name: "thumb", width: 256 },
        { name: "large", width: 1024 },
      ]),
    });
    expect(resourceList(json, "aws_cloudwatch_log_group").map((g) => [g.name, g.retention_in_days])).toEqual([
      ["/aws/lambda/acme-test-presign", 14],
      ["/aws/lambda/acme-test-thumbnail", 14],
    ]);
    for (const config of resourceList(json, "aws_lambda_function_recursion_config")) expect(config.recursive_loop).toBe("Terminate");
  });

  test("the thumbnail function's failed events go to its failure queue (S3 invokes asynchronously, through the alias)", () => {
    const config = resourceList(json, "aws_lambda_function_event_invoke_config").find(
      (c) => c.function_name === refTo(json, "aws_lambda_function", "Uploads_Thumbnail_Function", "function_name"),
    );
    expect(config).toMatchObject({
      qualifier: refTo(json, "aws_lambda_alias", "Uploads_Thumbnail_Alias", "name"),
      destination_config: { on_failure: { destination: refTo(json, "aws_sqs_queue", "Uploads_Thumbnail_FailureQueue", "arn") } },
    });
  });

  test("the presign role may put objects under uploads/ of the raw bucket, and nothing else of S3", () => {
    expect(rolePolicy(json, "sign-uploads")).toEqual([
      { Sid: "PutUploads", Effect: "Allow", Action: "s3:PutObject", Resource: `${refTo(json, "aws_s3_bucket", "Uploads_Raw_Bucket", "arn")}/uploads/*` },
    ]);
  });

  test("the thumbnail role reads uploads/ of the raw bucket and writes the processed bucket, and nothing else of S3", () => {
    expect(rolePolicy(json, "make-thumbnails")).toEqual([
      { Sid: "ReadUploads", Effect: "Allow", Action: "s3:GetObject", Resource: `${refTo(json, "aws_s3_bucket", "Uploads_Raw_Bucket", "arn")}/uploads/*` },
      { Sid: "WriteThumbnails", Effect: "Allow", Action: "s3:PutObject", Resource: `${refTo(json, "aws_s3_bucket", "Uploads_Processed_Bucket", "arn")}/*` },
    ]);
    const s3Actions = resourceList(json, "aws_iam_role_policy")
      .filter((p) => p.name === "run-function")
      .flatMap((p) => parseJsonAttribute<{ Statement: Statement[] }>(p.policy).Statement.flatMap((st) => [st.Action].flat()))
      .filter((a) => a.startsWith("s3:"));
    expect(s3Actions).toEqual([]);
  });

  test("the raw bucket's policy: writes by the presign role only, reads by the thumbnail role only, TLS only", () => {
    const statements = bucketPolicy(json, "Uploads_Raw_Bucket");
    const objects = `${refTo(json, "aws_s3_bucket", "Uploads_Raw_Bucket", "arn")}/*`;
    expect(statements.map((st) => st.Sid)).toEqual(["DenyInsecureTransport", "DenyOutdatedTls", "DenyObjectWritesButPresign", "DenyObjectReadsButThumbnail"]);
    expect(statements[2]).toEqual({
      Sid: "DenyObjectWritesButPresign",
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:PutObject*", "s3:RestoreObject", "s3:ReplicateObject", "s3:ReplicateTags", "s3:ReplicateDelete"],
      Resource: objects,
      Condition: { ArnNotEquals: { "aws:PrincipalArn": refTo(json, "aws_iam_role", "Uploads_Presign_Role", "arn") } },
    });
    expect(statements[3]).toEqual({
      Sid: "DenyObjectReadsButThumbnail",
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:GetObject*", "s3:ListMultipartUploadParts"],
      Resource: objects,
      Condition: { ArnNotEquals: { "aws:PrincipalArn": refTo(json, "aws_iam_role", "Uploads_Thumbnail_Role", "arn") } },
    });
  });

  test("the processed bucket's policy: the distribution reads, the thumbnail role writes, no one else", () => {
    const statements = bucketPolicy(json, "Uploads_Processed_Bucket");
    const objects = `${refTo(json, "aws_s3_bucket", "Uploads_Processed_Bucket", "arn")}/*`;
    const distribution = refTo(json, "aws_cloudfront_distribution", "Uploads_Distribution", "arn");
    expect(statements.map((st) => st.Sid)).toEqual([
      "DenyInsecureTransport",
      "DenyOutdatedTls",
      "CloudFrontReadsAssets",
      "DenyObjectWritesButThumbnail",
      "DenyObjectReadsButDistribution",
    ]);
    expect(statements[2]).toEqual({
      Sid: "CloudFrontReadsAssets",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
      Resource: objects,
      Condition: { StringEquals: { "AWS:SourceArn": distribution } },
    });
    expect(statements[3]?.Condition).toEqual({ ArnNotEquals: { "aws:PrincipalArn": refTo(json, "aws_iam_role", "Uploads_Thumbnail_Role", "arn") } });
    expect(statements[4]?.Condition).toEqual({ ArnNotEquals: { "aws:SourceArn": distribution } });
  });

  test("S3 may invoke the thumbnail alias, for the raw bucket of this account only", () => {
    expect(onlyResource(json, "aws_lambda_permission")).toEqual({
      statement_id: "AllowS3FromRawBucket",
      action: "lambda:InvokeFunction",
      function_name: refTo(json, "aws_lambda_function", "Uploads_Thumbnail_Function", "function_name"),
      qualifier: refTo(json, "aws_lambda_alias", "Uploads_Thumbnail_Alias", "name"),
      principal: "s3.amazonaws.com",
      source_arn: refTo(json, "aws_s3_bucket", "Uploads_Raw_Bucket", "arn"),
      source_account: "123456789012",
    });
  });

  test("one notification on the raw bucket: objects created under uploads/ invoke the alias, once the permission exists", () => {
    expect(onlyResource(json, "aws_s3_bucket_notification")).toEqual({
      bucket: refTo(json, "aws_s3_bucket", "Uploads_Raw_Bucket", "id"),
      lambda_function: [
        {
          id: "make-thumbnails",
          lambda_function_arn: refTo(json, "aws_lambda_alias", "Uploads_Thumbnail_Alias", "arn"),
          events: ["s3:ObjectCreated:*"],
          filter_prefix: "uploads/",
        },
      ],
      depends_on: [addressOf(json, "aws_lambda_permission", "Uploads_S3InvokesThumbnail")],
    });
  });

  test("the distribution: the processed bucket through OAC, GET/HEAD, HTTPS, CachingOptimized, PriceClass_100, the default certificate", () => {
    expect(onlyResource(json, "aws_cloudfront_origin_access_control")).toMatchObject({
      name: "acme-test-assets",
      origin_access_control_origin_type: "s3",
      signing_behavior: "always",
      signing_protocol: "sigv4",
    });
    const distribution = onlyResource(json, "aws_cloudfront_distribution");
    expect(distribution).toMatchObject({
      enabled: true,
      is_ipv6_enabled: true,
      http_version: "http2and3",
      price_class: "PriceClass_100",
      viewer_certificate: { cloudfront_default_certificate: true },
      origin: [
        {
          origin_id: "assets",
          domain_name: refTo(json, "aws_s3_bucket", "Uploads_Processed_Bucket", "bucket_regional_domain_name"),
          origin_access_control_id: refTo(json, "aws_cloudfront_origin_access_control", "Uploads_OriginAccessControl", "id"),
        },
      ],
      default_cache_behavior: {
        target_origin_id: "assets",
        viewer_protocol_policy: "redirect-to-https",
        allowed_methods: ["GET", "HEAD"],
        cached_methods: ["GET", "HEAD"],
        compress: true,
        cache_policy_id: "658327ea-f89d-4fab-a63d-7e88639e58f6",
        response_headers_policy_id: refTo(json, "aws_cloudfront_response_headers_policy", "Uploads_SecurityHeaders", "id"),
      },
    });
    expect(distribution.aliases).toBeUndefined();
    expect(distribution.logging_config).toBeUndefined();
  });

  test("the headers: HSTS, nosniff, no framing, and a CSP that forbids script", () => {
    expect(ASSETS_CONTENT_SECURITY_POLICY).toBe("default-src 'none'; img-src 'self'; sandbox");
    expect(onlyResource(json, "aws_cloudfront_response_headers_policy")).toMatchObject({
      name: "acme-test-assets-headers",
      security_headers_config: {
        strict_transport_security: { access_control_max_age_sec: 63072000, include_subdomains: true, override: true },
        content_type_options: { override: true },
        frame_options: { frame_option: "DENY", override: true },
        content_security_policy: { content_security_policy: "default-src 'none'; img-src 'self'; sandbox", override: true },
      },
    });
  });

  test("the fields: buckets, distribution, the assets URL and the alias target, the functions", () => {
    const { stack, uploads } = build();
    // Outputs of the test's own, to see what each field resolves to.
    const fields = {
      rawBucketName: uploads.rawBucketName,
      rawBucketArn: uploads.rawBucketArn,
      processedBucketName: uploads.processedBucketName,
      distributionDomainName: uploads.distributionDomainName,
      assetsUrl: uploads.assetsUrl,
      domainTargetName: uploads.domainTarget.dnsName,
      thumbnailFunctionName: uploads.thumbnailFunction.functionName,
    };
    for (const [key, value] of Object.entries(fields)) new TerraformOutput(stack, key, { value });
    const synthesized = synthJson(stack);
    const domainName = refTo(synthesized, "aws_cloudfront_distribution", "Uploads_Distribution", "domain_name");
    expect(Object.fromEntries(Object.entries(synthesized.output ?? {}).map(([key, output]) => [key, output.value]))).toEqual({
      rawBucketName: refTo(synthesized, "aws_s3_bucket", "Uploads_Raw_Bucket", "bucket"),
      rawBucketArn: refTo(synthesized, "aws_s3_bucket", "Uploads_Raw_Bucket", "arn"),
      processedBucketName: refTo(synthesized, "aws_s3_bucket", "Uploads_Processed_Bucket", "bucket"),
      distributionDomainName: domainName,
      assetsUrl: `https://${domainName}`,
      domainTargetName: domainName,
      thumbnailFunctionName: refTo(synthesized, "aws_lambda_function", "Uploads_Thumbnail_Function", "function_name"),
    });
    expect(uploads.domainTarget.zoneId).toBe("Z2FDTNDATAQYW2");
    expect(uploads.presignFunction).toBeInstanceOf(LambdaFunction);
    expect(uploads.settings).toMatchObject({ maxUploadBytes: 5242880, presignExpirySeconds: 300, unprocessedExpiryDays: 1, priceClass: "PriceClass_100" });
  });
});

describe("UploadPipeline options", () => {
  test("bucket names, limits, content types, expiry and sizes reach the buckets and the functions", () => {
    const json = synthWith({
      rawBucketName: "acme-raw-uploads",
      processedBucketName: "acme-thumbnails",
      maxUploadBytes: 10485760,
      allowedContentTypes: ["image/png", "image/avif"],
      presignExpirySeconds: 60,
      unprocessedExpiryDays: 3,
      thumbnailSizes: [{ name: "small", width: 128 }],
      thumbnailFunction: { folder: THUMBNAIL_FOLDER, handler: "index.handler", runtime: "nodejs22.x", memoryMiB: 2048, timeoutSeconds: 120 },
      allowedOrigins: ["https://www.example.com", "http://localhost:5173"],
    });
    expect(resourceList(json, "aws_s3_bucket").map((b) => b.bucket).sort()).toEqual(["acme-raw-uploads", "acme-thumbnails"]);
    expect(variablesOf(functionNamed(json, "acme-test-presign"))).toEqual({
      UPLOAD_BUCKET: "acme-raw-uploads",
      UPLOAD_PREFIX: "uploads/",
      MAX_UPLOAD_BYTES: "10485760",
      ALLOWED_CONTENT_TYPES: "image/png,image/avif",
      EXPIRES_SECONDS: "60",
    });
    const thumbnail = functionNamed(json, "acme-test-thumbnail");
    expect(thumbnail).toMatchObject({ memory_size: 2048, timeout: 120 });
    expect(variablesOf(thumbnail)).toMatchObject({ PROCESSED_BUCKET: "acme-thumbnails", THUMBNAIL_SIZES: '[{"name":"small","width":128}]' });
    const rawLifecycle = resourceList(json, "aws_s3_bucket_lifecycle_configuration").find((l) => l.bucket === refTo(json, "aws_s3_bucket", "Uploads_Raw_Bucket", "id"));
    expect((rawLifecycle?.rule as { expiration?: unknown }[])[0]?.expiration).toEqual([{ days: 3 }]);
    expect((onlyResource(json, "aws_s3_bucket_cors_configuration").cors_rule as { allowed_origins: string[] }[])[0]?.allowed_origins).toEqual([
      "https://www.example.com",
      "http://localhost:5173",
    ]);
  });

  test("a custom domain: aliases, the us-east-1 certificate at TLSv1.2_2021 by SNI, the price class, the URL", () => {
    const { stack, uploads } = build({ assets: { aliases: ["assets.example.com"], certificateArn: CERTIFICATE, priceClass: "PriceClass_200" } });
    const distribution = onlyResource(synthJson(stack), "aws_cloudfront_distribution");
    expect(distribution).toMatchObject({
      aliases: ["assets.example.com"],
      price_class: "PriceClass_200",
      viewer_certificate: { acm_certificate_arn: CERTIFICATE, ssl_support_method: "sni-only", minimum_protocol_version: "TLSv1.2_2021" },
    });
    expect(uploads.assetsUrl).toBe("https://assets.example.com");
  });

  test("access logging: a log bucket kept 90 days, the distribution's standard logs to it", () => {
    const json = synthWith({ accessLogging: true });
    const logs = resourceList(json, "aws_s3_bucket").find((b) => b.bucket === "acme-test-assets-logs-123456789012");
    expect(logs).toBeDefined();
    expect(onlyResource(json, "aws_cloudfront_distribution").logging_config).toEqual({
      bucket: refTo(json, "aws_s3_bucket", "Uploads_Logs_Bucket", "bucket_domain_name"),
      prefix: "cloudfront/",
      include_cookies: false,
    });
    expect(countOf(json, "aws_s3_bucket")).toBe(3);
  });

  test("preventDestroy protects the processed bucket and the failure queues, never the raw bucket", () => {
    const json = synthWith({ preventDestroy: true });
    const bucket = (prefix: string) => resourcesOf(json, "aws_s3_bucket")[addressName(json, "aws_s3_bucket", prefix)]!;
    expect(bucket("Uploads_Processed_Bucket")).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(bucket("Uploads_Raw_Bucket")).toMatchObject({ force_destroy: true });
    expect(bucket("Uploads_Raw_Bucket").lifecycle).toBeUndefined();
    for (const queue of resourceList(json, "aws_sqs_queue")) expect(queue.lifecycle).toEqual({ prevent_destroy: true });
  });
});

function addressName(json: SynthesizedStack, type: string, prefix: string): string {
  return Object.keys(resourcesOf(json, type)).find((k) => k.startsWith(prefix))!;
}

describe("UploadPipeline monitoring", () => {
  test("both functions' alarms, the thumbnail's failure queue among them, and their graphs", () => {
    const { uploads } = build();
    const spec = uploads.monitoringSpec(DEFAULT_ALARM_THRESHOLDS);
    expect(spec.title).toBe("Uploads (Uploads)");
    expect(spec.alarms.map((a) => a.name)).toEqual([
      "presign-errors",
      "presign-throttles",
      "presign-duration-p99",
      "presign-failed-events",
      "thumbnail-errors",
      "thumbnail-throttles",
      "thumbnail-duration-p99",
      "thumbnail-failed-events",
    ]);
    const failed = spec.alarms.find((a) => a.name === "thumbnail-failed-events");
    expect(failed).toMatchObject({ namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", threshold: 0 });
    expect(failed?.dimensions).toEqual({ QueueName: uploads.thumbnailFunction.failureQueueName });
    expect(spec.graphs.map((g) => g.title)).toContain("Thumbnail: Invocations");
    expect(spec.graphs).toHaveLength(6);
  });

  test("Monitoring watches it: one alarm per spec, named with the environment's prefix", () => {
    const { stack, uploads } = build();
    const alarms = new Monitoring(stack, "Monitoring", { name: "acme-test", region: "eu-west-1", accountId: "123456789012" }).watch(uploads);
    expect(alarms).toHaveLength(8);
    const names = resourceList(synthJson(stack), "aws_cloudwatch_metric_alarm").map((a) => a.alarm_name);
    expect(names).toContain("acme-test-thumbnail-failed-events");
  });
});

describe("UploadPipeline README example", () => {
  test("compiles and synthesizes, and the presign function is served by the API's route", () => {
    // The same code as the usage example in modules/upload-pipeline/README.md.
    const stack = testStack("eu-west-1");
    const uploads = new UploadPipeline(stack, "Uploads", {
      name: "acme-staging",
      region: "eu-west-1",
      accountId: "123456789012",
      logRetentionDays: 14,
      allowedOrigins: ["https://www.example.com"],
      presignFunction: { folder: "examples/fargate-cognito-uploads/functions/presign-upload", handler: "index.handler", runtime: "nodejs22.x" },
      thumbnailFunction: { folder: "examples/fargate-cognito-uploads/functions/thumbnail", handler: "index.handler", runtime: "nodejs22.x" },
      assets: { aliases: ["assets.example.com"], certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666" },
    });
    // The second README block: the route.
    const api = new HttpApi(stack, "HttpApi", {
      name: "acme-staging",
      integrations: { uploads: new LambdaIntegration(uploads.presignFunction) },
      routes: [{ routeKey: "POST /uploads", integration: "uploads" }],
      jwtIssuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI",
      jwtAudience: ["1example23456789"],
      corsAllowOrigins: ["https://www.example.com"],
    });
    expect(uploads.assetsUrl).toBe("https://assets.example.com");
    const json = synthJson(stack);
    const route = resourceList(json, "aws_apigatewayv2_route").find((r) => r.route_key === "POST /uploads");
    expect(route).toMatchObject({ authorization_type: "JWT" });
    // The integration invokes the presign function's alias.
    const presignAlias = `${refTo(json, "aws_lambda_function", "Uploads_Presign_Function", "arn")}:${refTo(json, "aws_lambda_alias", "Uploads_Presign_Alias", "name")}`;
    const integration = Object.entries(resourcesOf(json, "aws_apigatewayv2_integration")).find(([, i]) => i.integration_uri === presignAlias);
    expect(integration).toBeDefined();
    expect(route?.target).toBe(`integrations/\${aws_apigatewayv2_integration.${integration![0]}.id}`);
    expect(api.apiEndpoint).toBeDefined();
  });
});

describe("UploadPipeline refuses bad props", () => {
  const cases: PropsCase<UploadPipelineProps>[] = [
    ["a bad name", { name: "Acme_Test" }, /name must be 2 to 32 lowercase letters/],
    ["an unknown region", { region: "eu-west-9" }, /region /],
    ["a bad account", { accountId: "1234" }, /accountId must be a 12-digit AWS account id/],
    ["a log retention CloudWatch does not offer", { logRetentionDays: 10 }, /logRetentionDays /],
    ["a raw bucket name S3 refuses", { rawBucketName: "Acme_Uploads" }, /rawBucketName may hold only lowercase letters.*S3 bucket naming rules/],
    ["a processed bucket name S3 refuses", { processedBucketName: "ab" }, /processedBucketName must be 3 to 63 characters long/],
    ["the same bucket twice", { rawBucketName: "acme-files", processedBucketName: "acme-files" }, /processedBucketName must differ from rawBucketName/],
    ["no origins", { allowedOrigins: [] }, /allowedOrigins must list at least one origin/],
    ["origin *", { allowedOrigins: ["*"] }, /allowedOrigins\[0\] must be an origin such as .*never "\*"; got "\*"/],
    ["an origin with a path", { allowedOrigins: ["https://www.example.com/app"] }, /allowedOrigins\[0\] must be an origin/],
    ["a plain-http origin", { allowedOrigins: ["http://www.example.com"] }, /allowedOrigins\[0\] must be an origin/],
    ["no upload size", { maxUploadBytes: 0 }, /maxUploadBytes must be a whole number of bytes from 1 to 5368709120/],
    ["an upload size over 5 GiB", { maxUploadBytes: 5368709121 }, /maxUploadBytes must be a whole number of bytes from 1 to 5368709120/],
    ["no content types", { allowedContentTypes: [] }, /allowedContentTypes must list at least one content type/],
    ["*/*", { allowedContentTypes: ["*/*"] }, /allowedContentTypes\[0\] must be one exact content type, not a pattern/],
    ["image/*", { allowedContentTypes: ["image/png", "image/*"] }, /allowedContentTypes\[1\] must be one exact content type/],
    ["text/html", { allowedContentTypes: ["text/html"] }, /allowedContentTypes\[0\] must not be a type browsers run script from/],
    ["image/svg+xml", { allowedContentTypes: ["image/svg+xml"] }, /allowedContentTypes\[0\] must not be a type browsers run script from.*got "image\/svg\+xml"/],
    ["a type the thumbnail function cannot read", { allowedContentTypes: ["application/pdf"] }, /allowedContentTypes\[0\] must be an image type the thumbnail function reads/],
    ["a content type twice", { allowedContentTypes: ["image/png", "image/png"] }, /allowedContentTypes\[1\] must be listed once/],
    ["a zero expiry", { presignExpirySeconds: 0 }, /presignExpirySeconds must be a whole number of seconds from 1 to 3600/],
    ["an expiry over an hour", { presignExpirySeconds: 3601 }, /presignExpirySeconds must be a whole number of seconds from 1 to 3600/],
    ["unprocessed uploads kept for ever", { unprocessedExpiryDays: 366 }, /unprocessedExpiryDays must be a whole number of days from 1 to 365/],
    ["no thumbnail sizes", { thumbnailSizes: [] }, /thumbnailSizes must list 1 to 10 sizes/],
    ["a thumbnail name that is no key segment", { thumbnailSizes: [{ name: "Big/One", width: 512 }] }, /thumbnailSizes\[0\]\.name must be 1 to 32 lowercase letters/],
    ["a thumbnail name twice", { thumbnailSizes: [{ name: "a", width: 100 }, { name: "a", width: 200 }] }, /thumbnailSizes\[1\]\.name must be unique/],
    ["a thumbnail too narrow", { thumbnailSizes: [{ name: "tiny", width: 8 }] }, /thumbnailSizes\[0\]\.width must be a whole number of pixels from 16 to 4096/],
    ["an alias that is no domain", { assets: { aliases: ["*.example.com"], certificateArn: CERTIFICATE } }, /assets\.aliases\[0\] must be a lowercase domain name/],
    ["aliases without a certificate", { assets: { aliases: ["assets.example.com"] } }, /assets\.aliases need assets\.certificateArn/],
    ["a certificate without aliases", { assets: { certificateArn: CERTIFICATE } }, /assets\.certificateArn applies only with aliases/],
    [
      "a certificate outside us-east-1",
      { assets: { aliases: ["assets.example.com"], certificateArn: CERTIFICATE.replace("us-east-1", "eu-west-1") } },
      /assets\.certificateArn must be in us-east-1/,
    ],
    ["a certificate that is no ACM ARN", { assets: { aliases: ["assets.example.com"], certificateArn: "certificate" } }, /assets\.certificateArn must be an ACM certificate ARN/],
    ["a price class CloudFront does not have", { assets: { priceClass: "PriceClass_50" as never } }, /assets\.priceClass must be one of PriceClass_100/],
    ["a presign folder that is not there", { presignFunction: { folder: "examples/nowhere", handler: "index.handler", runtime: "nodejs22.x" } }, /presignFunction\.folder must be an existing folder/],
    [
      "a thumbnail handler the folder does not hold",
      { thumbnailFunction: { folder: THUMBNAIL_FOLDER, handler: "main.handler", runtime: "nodejs22.x" } },
      /thumbnailFunction\.handler names a module the folder .* does not hold/,
    ],
    ["a deprecated runtime", { presignFunction: { folder: PRESIGN_FOLDER, handler: "index.handler", runtime: "nodejs20.x" as never } }, /presignFunction\.runtime was deprecated by AWS/],
    [
      "thumbnail memory Lambda does not offer",
      { thumbnailFunction: { folder: THUMBNAIL_FOLDER, handler: "index.handler", runtime: "nodejs22.x", memoryMiB: 64 } },
      /thumbnailFunction\.memoryMiB must be a whole number of MiB from 128 to 10240/,
    ],
    [
      "a thumbnail timeout over Lambda's limit",
      { thumbnailFunction: { folder: THUMBNAIL_FOLDER, handler: "index.handler", runtime: "nodejs22.x", timeoutSeconds: 901 } },
      /thumbnailFunction\.timeoutSeconds must be a whole number of seconds from 1 to 900/,
    ],
  ];
  testRefusedProps(cases, { build: (overrides) => build(overrides), check: (overrides) => uploadPipelinePropProblems({ ...base, ...overrides }) });

  test("every problem is reported at once", () => {
    const problems = uploadPipelinePropProblems({ ...base, maxUploadBytes: 0, presignExpirySeconds: 0, allowedOrigins: ["*"] });
    expect(problems.map((p) => p.prop)).toEqual(["allowedOrigins[0]", "maxUploadBytes", "presignExpirySeconds"]);
    expect(uploadPipelinePropProblems(base)).toEqual([]);
  });
});

describe("UploadPipeline and the policy pack", () => {
  const errorsIn = (stack: TerraformStack, isProtected: boolean) => errorsOf(evaluate(stack.toTerraform() as PolicyStackJson, { protected: isProtected }));

  test("defaults, and a custom domain with access logs, pass with no errors; the deliberate exceptions are suppressed with reasons", () => {
    expect(errorsIn(build().stack, false)).toEqual([]);
    const { stack } = build({ accessLogging: true, assets: { aliases: ["assets.example.com"], certificateArn: CERTIFICATE } });
    expect(errorsIn(stack, false)).toEqual([]);
    const report = evaluate(stack.toTerraform() as PolicyStackJson, { protected: false });
    const suppressed = report.results.filter((r) => r.status === "suppressed").map((r) => `${r.rule.id} ${r.subject.path}`);
    expect(suppressed).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^s3-bucket-versioning .*Uploads\/Raw\/Bucket$/),
        expect.stringMatching(/^cloudfront-default-root-object .*Uploads\/Distribution$/),
      ]),
    );
    // The processed bucket complies: versioned, not suppressed.
    expect(report.results.find((r) => r.rule.id === "s3-bucket-versioning" && r.subject.path.endsWith("Uploads/Processed/Bucket"))?.status).toBe("pass");
    applyPolicyPack(stack, { protected: false, onWarning: () => undefined });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test("in a protected environment, with preventDestroy: the raw bucket's force_destroy and missing prevent_destroy are the exceptions", () => {
    const { stack } = build({ preventDestroy: true, accessLogging: true });
    expect(errorsIn(stack, true)).toEqual([]);
    const report = evaluate(stack.toTerraform() as PolicyStackJson, { protected: true });
    for (const rule of ["s3-bucket-no-force-destroy", "data-prevent-destroy"]) {
      const results = report.results.filter((r) => r.rule.id === rule && r.subject.path.endsWith("/Bucket")).map((r) => [r.subject.path.replace(/^.*Uploads\//, ""), r.status]);
      expect({ rule, results }).toEqual({ rule, results: expect.arrayContaining([["Raw/Bucket", "suppressed"], ["Processed/Bucket", "pass"]]) });
    }
  });
});

describe("UploadPipeline thumbnails", () => {
  test("land under thumbnails/", () => {
    expect(THUMBNAIL_PREFIX).toBe("thumbnails/");
  });
});
