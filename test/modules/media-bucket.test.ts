import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { FargateService } from "../../modules/fargate-service";
import { MEDIA_READ_ACTIONS, MEDIA_WRITE_ACTIONS, MediaBucket, MediaBucketProps, mediaBucketPropProblems } from "../../modules/media-bucket";
import type { Grantee } from "../../modules/shared/grants";
import { StaticSite } from "../../modules/static-site";
import { decideForService, IamModel, resolveDocument, StackJson } from "../support/iam-simulator";
import { countOf, onlyResource, parseJsonAttribute, refTo, resourceList, SynthesizedStack, synthJson, testApp, testStack } from "../support/synth";
import { testRefusedProps } from "../support/refuses-props";

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
    expect(onlyResource(json, "aws_s3_bucket_policy").policy).toContain('"NumericLessThan":{"s3:TlsVersion":"1.2"}');
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

  test("any construct with a role is a grantee: a function's role gets the same policy and the bucket policy's exception", () => {
    const stack = testStack();
    const media = new MediaBucket(stack, "Media", base);
    /** A stand-in for a Lambda function: a construct and the role its code runs as. */
    class Worker extends Construct implements Grantee {
      readonly grantRole: IamRole;
      constructor(scope: Construct, id: string) {
        super(scope, id);
        this.grantRole = new IamRole(this, "Role", {
          name: "acme-test-worker",
          assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
        });
      }
    }
    const worker = new Worker(stack, "Worker");
    const grant = media.grantReadWrite(worker);
    const json = synthJson(stack);
    expect(grant.node.path).toBe("test/Worker/GrantMediaBucket");
    expect(onlyResource(json, "aws_iam_role_policy")).toMatchObject({ name: "media-bucket", role: refTo(json, "aws_iam_role", "Worker_Role", "id") });
    expect(onlyResource(json, "aws_s3_bucket_policy").policy as string).toContain(refTo(json, "aws_iam_role", "Worker_Role", "arn"));
  });

  test("the task role may read and write the bucket's objects, and nothing else in S3", () => {
    const stack = testStack();
    const media = new MediaBucket(stack, "Media", base);
    const service = apiService(stack);
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

const ACCOUNT = "123456789012";
const BUCKET = "arn:aws:s3:::acme-test-media-123456789012";

function apiService(stack: TerraformStack, serviceName = "api"): FargateService {
  return new FargateService(stack, serviceName === "api" ? "Api" : "Worker", {
    name: "acme-test",
    serviceName,
    region: "eu-west-1",
    accountId: ACCOUNT,
    network: { vpcId: "vpc-1", publicSubnetIds: ["subnet-a"], privateSubnetIds: ["subnet-b"], egress: "none" },
    imageTag: "1.0.0",
    containerPort: 8000,
  });
}

/** A stack the IAM simulator can read (its provider names the account), with a media bucket. */
function simulationStack(): { stack: TerraformStack; media: MediaBucket } {
  const stack = new TerraformStack(testApp(), "test");
  new AwsProvider(stack, "Aws", { region: "eu-west-1", allowedAccountIds: [ACCOUNT] });
  return { stack, media: new MediaBucket(stack, "Media", base) };
}

/** A second role of the account, whose own policy allows every S3 action on everything (a deploy or admin role). */
function s3AdminRole(stack: TerraformStack): void {
  const role = new IamRole(stack, "Admin", {
    name: "acme-test-admin",
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" }] }),
  });
  new IamRolePolicy(stack, "AdminS3", {
    role: role.id,
    name: "s3-everything",
    policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
  });
}

function modelOf(stack: TerraformStack): { json: StackJson; model: IamModel } {
  const json = JSON.parse(Testing.synth(stack)) as StackJson;
  return { json, model: new IamModel(json) };
}

/** The ARN the site's distribution will have, as the simulator resolves it in the bucket policy. */
function siteDistributionArn(json: StackJson): string {
  const reference = refTo(json as SynthesizedStack, "aws_cloudfront_distribution", "Site_Distribution", "arn");
  return String(resolveDocument(json, JSON.stringify({ Version: "2012-10-17", Statement: [{ Resource: reference }] })).Statement[0]!.Resource);
}

const cloudFront = (action: string, key: string, sourceArn: string, policy: Parameters<typeof decideForService>[3]) =>
  decideForService("cloudfront.amazonaws.com", ACCOUNT, { action, resource: `${BUCKET}/${key}`, context: { "aws:SourceArn": sourceArn } }, policy);

describe("MediaBucket: object data only for the granted roles and the site, evaluated", () => {
  // As the environments wire it: the site first (it asks to read media/*), the grant after.
  const { stack, media } = simulationStack();
  new StaticSite(stack, "Site", { name: "acme-test", accountId: ACCOUNT, media });
  media.grantReadWrite(apiService(stack));
  s3AdminRole(stack);
  const { json, model } = modelOf(stack);
  const policy = model.bucketPolicy("acme-test-media-123456789012");
  const task = model.role("acme-test-api-task");
  const admin = model.role("acme-test-admin");
  const siteDistribution = siteDistributionArn(json);
  const otherDistribution = `arn:aws:cloudfront::${ACCOUNT}:distribution/EOTHERDISTRIB1`;

  test.each(["media/photo.jpg", "uploads/raw.png"])("the granted task role may get and put %s", async (key) => {
    expect(await task.decide({ action: "s3:GetObject", resource: `${BUCKET}/${key}` }, policy)).toBe("Allowed");
    expect(await task.decide({ action: "s3:PutObject", resource: `${BUCKET}/${key}` }, policy)).toBe("Allowed");
    expect(await task.decide({ action: "s3:DeleteObject", resource: `${BUCKET}/${key}` }, policy)).toBe("Allowed");
  });

  test("a presigned upload is the task role's request, over TLS 1.2 or later only", async () => {
    const upload = { action: "s3:PutObject", resource: `${BUCKET}/uploads/raw.png` };
    expect(await task.decide({ ...upload, context: { "s3:TlsVersion": "1.3" } }, policy)).toBe("Allowed");
    expect(await task.decide({ ...upload, context: { "s3:TlsVersion": "1.1" } }, policy)).toBe("ExplicitlyDenied");
  });

  test.each([
    ["s3:GetObject", "media/photo.jpg"],
    ["s3:PutObject", "media/photo.jpg"],
    ["s3:GetObject", "uploads/raw.png"],
    ["s3:PutObject", "uploads/raw.png"],
    ["s3:DeleteObject", "uploads/raw.png"],
    ["s3:GetObjectVersion", "uploads/raw.png"],
    ["s3:PutObjectAcl", "media/photo.jpg"],
    ["s3:RestoreObject", "media/photo.jpg"],
  ])("another role of the account, allowed s3:* by its own policy, is denied %s on %s", async (action, key) => {
    expect(await admin.decide({ action, resource: `${BUCKET}/${key}` }, policy)).toBe("ExplicitlyDenied");
    // Without the bucket policy its own policy would allow it: the deny is what refuses it.
    expect(await admin.decide({ action, resource: `${BUCKET}/${key}` })).toBe("Allowed");
  });

  test.each(["s3:PutBucketPolicy", "s3:GetBucketPolicy", "s3:PutLifecycleConfiguration", "s3:ListBucket"])(
    "that role may still %s: bucket configuration stays with IAM",
    async (action) => {
      expect(await admin.decide({ action, resource: BUCKET }, policy)).toBe("Allowed");
    },
  );

  test("CloudFront reads media/* for the site's distribution only, and nothing else", async () => {
    expect(await cloudFront("s3:GetObject", "media/photo.jpg", siteDistribution, policy)).toBe("Allowed");
    expect(await cloudFront("s3:GetObject", "uploads/raw.png", siteDistribution, policy)).toBe("ExplicitlyDenied");
    expect(await cloudFront("s3:PutObject", "media/photo.jpg", siteDistribution, policy)).toBe("ExplicitlyDenied");
    expect(await cloudFront("s3:GetObject", "media/photo.jpg", otherDistribution, policy)).toBe("ExplicitlyDenied");
  });

  test("the deny names the data actions, and leaves bucket configuration out", () => {
    expect(MEDIA_READ_ACTIONS).toContain("s3:GetObject*");
    expect(MEDIA_WRITE_ACTIONS).toEqual(expect.arrayContaining(["s3:PutObject*", "s3:DeleteObject*", "s3:RestoreObject", "s3:ReplicateObject"]));
    // Every one acts on objects (or their uploads and replicas); none on the bucket's configuration.
    for (const action of [...MEDIA_READ_ACTIONS, ...MEDIA_WRITE_ACTIONS]) expect(action).toMatch(/^s3:[A-Za-z]*(Object|Multipart|Replicate)[A-Za-z]*\*?$/);
  });
});

describe("MediaBucket data access, by how it is wired", () => {
  test("a grant made before the site, and a second service: both roles are excepted, the site still reads media/*", async () => {
    const { stack, media } = simulationStack();
    media.grantReadWrite(apiService(stack));
    media.grantReadWrite(apiService(stack, "worker"));
    new StaticSite(stack, "Site", { name: "acme-test", accountId: ACCOUNT, media });
    const { json, model } = modelOf(stack);
    const policy = model.bucketPolicy("acme-test-media-123456789012");
    for (const role of ["acme-test-api-task", "acme-test-worker-task"]) {
      expect(await model.role(role).decide({ action: "s3:PutObject", resource: `${BUCKET}/uploads/x` }, policy)).toBe("Allowed");
    }
    expect(await cloudFront("s3:GetObject", "media/x", siteDistributionArn(json), policy)).toBe("Allowed");
  });

  test("media not served through a site: no CloudFront reader at all", async () => {
    const { stack, media } = simulationStack();
    media.grantReadWrite(apiService(stack));
    const { model } = modelOf(stack);
    const policy = model.bucketPolicy("acme-test-media-123456789012");
    expect(policy.Statement.map((st) => st.Sid)).toEqual(["DenyInsecureTransport", "DenyOutdatedTls", "DenyObjectWritesButGrantees", "DenyObjectReadsButGrantees"]);
    expect(await cloudFront("s3:GetObject", "media/x", `arn:aws:cloudfront::${ACCOUNT}:distribution/EANYDISTRIB12`, policy)).toBe("ExplicitlyDenied");
    expect(await model.role("acme-test-api-task").decide({ action: "s3:GetObject", resource: `${BUCKET}/media/x` }, policy)).toBe("Allowed");
  });

  test("no grant yet: object data is denied to everyone, configuration is not", async () => {
    const { stack } = simulationStack();
    s3AdminRole(stack);
    const { model } = modelOf(stack);
    const policy = model.bucketPolicy("acme-test-media-123456789012");
    const admin = model.role("acme-test-admin");
    expect(await admin.decide({ action: "s3:GetObject", resource: `${BUCKET}/media/x` }, policy)).toBe("ExplicitlyDenied");
    expect(await admin.decide({ action: "s3:PutObject", resource: `${BUCKET}/uploads/x` }, policy)).toBe("ExplicitlyDenied");
    expect(await admin.decide({ action: "s3:PutBucketPolicy", resource: BUCKET }, policy)).toBe("Allowed");
  });

  test("the role is excepted by aws:PrincipalArn, the distribution by aws:SourceArn", () => {
    const stack = testStack();
    const media = new MediaBucket(stack, "Media", base);
    new StaticSite(stack, "Site", { name: "acme-test", accountId: ACCOUNT, media });
    media.grantReadWrite(apiService(stack));
    const json = synthJson(stack);
    const mediaBucket = refTo(json, "aws_s3_bucket", "Media_Bucket", "id");
    const policy = resourceList(json, "aws_s3_bucket_policy").find((p) => p.bucket === mediaBucket);
    const statements = parseJsonAttribute<{ Statement: Record<string, unknown>[] }>(policy?.policy).Statement;
    const bucketArn = refTo(json, "aws_s3_bucket", "Media_Bucket", "arn");
    const role = refTo(json, "aws_iam_role", "Api_TaskRole", "arn");
    const distribution = refTo(json, "aws_cloudfront_distribution", "Site_Distribution", "arn");
    expect(statements.filter((st) => st.Effect === "Deny").slice(2)).toEqual([
      {
        Sid: "DenyObjectWritesButGrantees",
        Effect: "Deny",
        Principal: "*",
        Action: [...MEDIA_WRITE_ACTIONS],
        Resource: `${bucketArn}/*`,
        Condition: { ArnNotEquals: { "aws:PrincipalArn": [role] } },
      },
      {
        Sid: "DenyObjectReadsButGrantees",
        Effect: "Deny",
        Principal: "*",
        Action: [...MEDIA_READ_ACTIONS],
        NotResource: `${bucketArn}/media/*`,
        Condition: { ArnNotEquals: { "aws:PrincipalArn": [role] } },
      },
      {
        Sid: "DenyMediaReadsButGranteesAndSite",
        Effect: "Deny",
        Principal: "*",
        Action: [...MEDIA_READ_ACTIONS],
        Resource: `${bucketArn}/media/*`,
        Condition: { ArnNotEquals: { "aws:PrincipalArn": [role], "aws:SourceArn": [distribution] } },
      },
    ]);
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
  testRefusedProps<MediaBucketProps>([
    ["a bad account id", { accountId: "1" }, /accountId must be a 12-digit AWS account id/],
    ["a transition before 30 days", { noncurrentVersionTransitionDays: 10 }, /noncurrentVersionTransitionDays must be a whole number of days from 30/],
    ["an expiration before the transition", { noncurrentVersionExpirationDays: 20 }, /noncurrentVersionExpirationDays must be a whole number of days from 31/],
    ["a bucket name S3 refuses", { bucketName: "Media" }, /bucketName may hold only lowercase letters/],
  ], { build: (overrides) => build(overrides), check: (overrides) => mediaBucketPropProblems({ ...base, ...overrides }) });

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
