import { TerraformStack } from "cdktf";
import { PropsError } from "../../modules/_internal/errors";
import { FargateService } from "../../modules/fargate-service";
import { MediaBucket, MediaBucketProps } from "../../modules/media-bucket";
import { countOf, onlyResource, parseJsonAttribute, refTo, resourceList, SynthesizedStack, synthJson, testStack } from "../support/synth";

const base: MediaBucketProps = { name: "acme-test", accountId: "123456789012" };

function build(overrides: Partial<MediaBucketProps> = {}): { stack: TerraformStack; media: MediaBucket } {
  const stack = testStack();
  const media = new MediaBucket(stack, "Media", { ...base, ...overrides });
  return { stack, media };
}

function synthWith(overrides: Partial<MediaBucketProps> = {}): SynthesizedStack {
  return synthJson(build(overrides).stack);
}

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: string | string[];
}

describe("MediaBucket defaults", () => {
  const json = synthWith();

  test("private, ACLs off, encrypted, versioned, TLS only", () => {
    expect(onlyResource(json, "aws_s3_bucket")).toMatchObject({ bucket: "acme-test-media-123456789012", force_destroy: false });
    expect(onlyResource(json, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(onlyResource(json, "aws_s3_bucket_ownership_controls").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    expect(onlyResource(json, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
    expect(onlyResource(json, "aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(onlyResource(json, "aws_s3_bucket_policy").policy).toContain('"aws:SecureTransport":"false"');
  });

  test("old versions move to Standard-IA after 30 days and go after a year; unfinished uploads are aborted", () => {
    expect(onlyResource(json, "aws_s3_bucket_lifecycle_configuration").rule).toEqual([
      expect.objectContaining({
        status: "Enabled",
        noncurrent_version_transition: [{ noncurrent_days: 30, storage_class: "STANDARD_IA" }],
        noncurrent_version_expiration: [{ noncurrent_days: 365 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      }),
    ]);
  });

  test("no CORS until browser uploads are allowed", () => {
    expect(countOf(json, "aws_s3_bucket_cors_configuration")).toBe(0);
  });
});

describe("MediaBucket behaviour", () => {
  test("browser uploads from the named origins only", () => {
    const { stack, media } = build();
    media.allowBrowserUploadsFrom(["https://www.example.com"]);
    expect(onlyResource(synthJson(stack), "aws_s3_bucket_cors_configuration").cors_rule).toEqual([
      {
        id: "browser-uploads",
        allowed_origins: ["https://www.example.com"],
        allowed_methods: ["GET", "HEAD", "PUT", "POST"],
        allowed_headers: ["content-type", "content-md5", "x-amz-*"],
        expose_headers: ["ETag"],
        max_age_seconds: 3000,
      },
    ]);
  });

  test("the task role may read and write the bucket's objects, and nothing else in S3", () => {
    const stack = testStack();
    const media = new MediaBucket(stack, "Media", base);
    const service = new FargateService(stack, "Api", {
      name: "acme-test",
      serviceName: "api",
      region: "eu-west-1",
      accountId: "123456789012",
      network: { vpcId: "vpc-1", publicSubnetIds: ["subnet-a"], privateSubnetIds: ["subnet-b"], egress: "none" },
      imageTag: "1.0.0",
      containerPort: 8000,
    });
    const grant = media.grantReadWrite(service);
    const json = synthJson(stack);
    const bucketArn = refTo(json, "aws_s3_bucket", "Media_Bucket", "arn");
    const taskRole = refTo(json, "aws_iam_role", "Api_TaskRole", "id");
    const s3Statements = resourceList(json, "aws_iam_role_policy")
      .filter((p) => p.role === taskRole)
      .flatMap((p) => parseJsonAttribute<{ Statement: Statement[] }>(p.policy).Statement)
      .filter((st) => [st.Action].flat().some((a) => a.startsWith("s3:")));
    expect(s3Statements).toEqual([
      expect.objectContaining({ Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], Resource: `${bucketArn}/*` }),
      expect.objectContaining({ Action: "s3:ListBucket", Resource: bucketArn }),
    ]);
    expect(grant.node.id).toBe("GrantMediaBucket");
  });

  test("preventDestroy protects the bucket", () => {
    expect(onlyResource(synthWith({ preventDestroy: true }), "aws_s3_bucket").lifecycle).toEqual({ prevent_destroy: true });
  });
});

describe("MediaBucket README example", () => {
  test("compiles and synthesizes", () => {
    // The same code as the usage example in modules/media-bucket/README.md.
    const stack = testStack("eu-west-1");
    const media = new MediaBucket(stack, "Media", {
      name: "acme-staging",
      accountId: "123456789012",
    });
    media.allowBrowserUploadsFrom(["https://staging.example.com"]);
    expect(media.bucketName).toBeDefined();
    expect(countOf(synthJson(stack), "aws_s3_bucket_cors_configuration")).toBe(1);
  });
});

describe("MediaBucket refuses bad input, naming it", () => {
  test.each([
    ["a bad account id", { accountId: "1" }, /accountId must be a 12-digit AWS account id/],
    ["a transition before 30 days", { noncurrentVersionTransitionDays: 10 }, /noncurrentVersionTransitionDays must be a whole number of days from 30/],
    ["an expiration before the transition", { noncurrentVersionExpirationDays: 20 }, /noncurrentVersionExpirationDays must be a whole number of days from 31/],
    ["a bucket name S3 refuses", { bucketName: "Media" }, /bucketName may hold only lowercase letters/],
  ] as [string, Partial<MediaBucketProps>, RegExp][])("fails on %s", (_label, overrides, message) => {
    expect(() => build(overrides)).toThrow(PropsError);
    expect(() => build(overrides)).toThrow(message);
  });

  test.each([
    ["an origin that is not https", ["http://www.example.com"], /allowBrowserUploadsFrom\[0\] must be an origin such as "https:\/\/www\.example\.com"/],
    ["any origin", ["*"], /never "\*"/],
    ["no origin", [], /needs at least one origin/],
  ])("browser uploads: fails on %s", (_label, origins, message) => {
    const { media } = build();
    expect(() => media.allowBrowserUploadsFrom(origins)).toThrow(message);
  });

  test("browser uploads are allowed once", () => {
    const { media } = build();
    media.allowBrowserUploadsFrom(["https://a.example.com"]);
    expect(() => media.allowBrowserUploadsFrom(["https://b.example.com"])).toThrow(/may be called once/);
  });
});
