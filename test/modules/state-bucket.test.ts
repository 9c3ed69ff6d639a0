import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { StateBucket, StateBucketProps } from "../../modules/state-bucket";
import { decideForService, IamModel, StackJson } from "../support/iam-simulator";
import { addressOf, onlyResource, parseJsonAttribute, refTo, resourceCounts, resourceList, synthJson, testStack } from "../support/synth";
import { testRefusedProps } from "../support/refuses-props";

function synthWith(overrides: Partial<StateBucketProps> = {}) {
  const stack = testStack();
  new StateBucket(stack, "StateBucket", { bucketName: "acme-terraform-state-123456789012", ...overrides });
  return synthJson(stack);
}

describe("StateBucket defaults", () => {
  const json = synthWith();
  const synthesized = JSON.stringify(json);

  test("creates the bucket and its guards, nothing else", () => {
    expect(resourceCounts(json)).toEqual({
      aws_s3_bucket: 1,
      aws_s3_bucket_public_access_block: 1,
      aws_s3_bucket_ownership_controls: 1,
      aws_s3_bucket_server_side_encryption_configuration: 1,
      aws_s3_bucket_versioning: 1,
      aws_s3_bucket_lifecycle_configuration: 1,
      aws_s3_bucket_policy: 1,
    });
  });

  test("the bucket survives a mistaken destroy and is never force-emptied", () => {
    expect(onlyResource(json, "aws_s3_bucket")).toMatchObject({
      bucket: "acme-terraform-state-123456789012",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  test("all public access is blocked and ACLs are disabled", () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(synthesized).toHaveResourceWithProperties(S3BucketOwnershipControls, {
      rule: { object_ownership: "BucketOwnerEnforced" },
    });
  });

  test("versioned, and encrypted by default with AES256, as the S3 backend writes state", () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: "Enabled" } });
    expect(onlyResource(json, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
  });

  test("old state versions expire after 90 days, after versioning is on", () => {
    const lifecycle = onlyResource(json, "aws_s3_bucket_lifecycle_configuration");
    expect(lifecycle.rule).toEqual([
      expect.objectContaining({
        status: "Enabled",
        noncurrent_version_expiration: [{ noncurrent_days: 90 }],
        expiration: [{ expired_object_delete_marker: true }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      }),
    ]);
    expect(lifecycle.depends_on).toEqual([addressOf(json, "aws_s3_bucket_versioning", "StateBucket_State_Versioning")]);
  });

  test("the policy denies every request that is not over TLS 1.2 or later, on the bucket and its objects", () => {
    const policy = parseJsonAttribute<{ Statement: Record<string, unknown>[] }>(onlyResource(json, "aws_s3_bucket_policy").policy);
    const bucketArn = refTo(json, "aws_s3_bucket", "StateBucket_State_Bucket", "arn");
    expect(policy.Statement).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "DenyOutdatedTls",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
      },
    ]);
  });

  test("the policy goes on only after public policies are blocked", () => {
    expect(onlyResource(json, "aws_s3_bucket_policy").depends_on).toEqual([
      addressOf(json, "aws_s3_bucket_public_access_block", "StateBucket_State_PublicAccessBlock"),
    ]);
  });
});

describe("StateBucket options", () => {
  test("retention of old versions is configurable", () => {
    const json = synthWith({ noncurrentVersionRetentionDays: 30 });
    expect(onlyResource(json, "aws_s3_bucket_lifecycle_configuration").rule).toEqual([
      expect.objectContaining({ noncurrent_version_expiration: [{ noncurrent_days: 30 }] }),
    ]);
  });

  test("access logs: who read or wrote state goes to a second bucket only S3's logging service writes", async () => {
    const stack = testStack("us-east-1", "123456789012");
    const state = new StateBucket(stack, "StateBucket", {
      bucketName: "acme-state",
      accessLogBucketName: "acme-state-logs",
      accessLogRetentionDays: 400,
      accountId: "123456789012",
    });
    const json = synthJson(stack);
    expect(resourceList(json, "aws_s3_bucket").map((b) => [b.bucket, (b.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy])).toEqual([
      ["acme-state-logs", true],
      ["acme-state", true],
    ]);
    expect(onlyResource(json, "aws_s3_bucket_logging")).toMatchObject({
      bucket: refTo(json, "aws_s3_bucket", "StateBucket_State_Bucket", "id"),
      target_bucket: refTo(json, "aws_s3_bucket", "StateBucket_AccessLogs_Bucket", "bucket"),
      target_prefix: "state-access/",
    });
    const logRules = resourceList(json, "aws_s3_bucket_lifecycle_configuration").flatMap((l) => l.rule as { id: string; expiration?: { days?: number }[] }[]);
    expect(logRules.find((r) => r.id === "expire-server-access-logs")?.expiration).toEqual([{ days: 400 }]);
    const model = new IamModel(json as unknown as StackJson);
    const delivery = { action: "s3:PutObject", resource: "arn:aws:s3:::acme-state-logs/state-access/2026-12-02-00-00-00-ABC" };
    const policy = model.bucketPolicy("acme-state-logs");
    expect(
      await decideForService("logging.s3.amazonaws.com", "123456789012", { ...delivery, context: { "aws:SourceAccount": "123456789012", "aws:SourceArn": "arn:aws:s3:::acme-state" } }, policy),
    ).toBe("Allowed");
    expect(
      await decideForService("logging.s3.amazonaws.com", "123456789012", { ...delivery, context: { "aws:SourceAccount": "123456789012", "aws:SourceArn": "arn:aws:s3:::other" } }, policy),
    ).not.toBe("Allowed");
    expect(state.accessLogs?.bucketName).toBeDefined();
  });

  test("preventDestroy: false lifts the destroy guard", () => {
    expect(onlyResource(synthWith({ preventDestroy: false }), "aws_s3_bucket").lifecycle).toBeUndefined();
  });
});

describe("StateBucket README example", () => {
  test("compiles and synthesizes", () => {
    // The same code as the usage example in modules/state-bucket/README.md.
    const stack = testStack();
    const state = new StateBucket(stack, "StateBucket", {
      bucketName: "acme-terraform-state-123456789012",
    });
    expect(state.bucketName).toMatch(/^\$\{TfToken/);
    expect(onlyResource(synthJson(stack), "aws_s3_bucket")).toMatchObject({ bucket: "acme-terraform-state-123456789012" });
  });
});

describe("StateBucket refuses bad props", () => {
  testRefusedProps<StateBucketProps>([
    ["a bucket name with capitals", { bucketName: "Acme-State" }, /bucketName may hold only lowercase letters.*; got "Acme-State"/],
    ["a bucket name too short", { bucketName: "ab" }, /bucketName must be 3 to 63 characters long/],
    ["zero retention days", { noncurrentVersionRetentionDays: 0 }, /noncurrentVersionRetentionDays must be a whole number of days, at least 1; got 0/],
    ["access logs into the state bucket itself", { bucketName: "acme-state", accessLogBucketName: "acme-state", accountId: "123456789012" }, /accessLogBucketName must differ from bucketName/],
    ["access logs without the account", { accessLogBucketName: "acme-state-logs" }, /accountId must be the 12-digit account id of the state bucket when accessLogBucketName is set/],
  ], { build: (overrides) => synthWith(overrides) });
});
