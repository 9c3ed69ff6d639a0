import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  S3BucketLifecycleConfiguration,
  S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { denyInsecureTransport, policyDocument, PolicyStatement } from "./policy";

export interface PrivateBucketOptions {
  /** The bucket's globally unique name. */
  readonly bucketName: string;
  /**
   * Default encryption at rest: `sse-s3` (S3-managed keys, free) or `sse-kms` (the AWS-managed
   * `aws/s3` KMS key, with an S3 bucket key to keep KMS requests down). A writer that names its
   * own encryption on each request (Terraform's S3 backend sends AES256) overrides the default.
   */
  readonly encryption: "sse-s3" | "sse-kms";
  /** Keep every version of every object. */
  readonly versioned: boolean;
  /** Terraform `prevent_destroy`: a plan that would delete or replace the bucket fails. */
  readonly preventDestroy: boolean;
  /**
   * Let Terraform empty the bucket when destroying it. Only for buckets whose objects can be
   * made again (build artifacts), never for data; ignored when `preventDestroy` is on (a
   * protected bucket is never emptied by Terraform).
   * @default false
   */
  readonly forceDestroy?: boolean;
  /** Lifecycle rules; none when empty. */
  readonly lifecycleRules: readonly S3BucketLifecycleConfigurationRule[];
  /** Statements added to the bucket policy after the TLS-only deny (more with `addPolicyStatements`). */
  readonly extraPolicyStatements?: (bucketArn: string) => readonly PolicyStatement[];
  /**
   * Object ownership. `BucketOwnerEnforced` disables ACLs; only a bucket that receives CloudFront
   * standard logs needs `BucketOwnerPreferred` (that service still writes with an ACL).
   * @default "BucketOwnerEnforced"
   */
  readonly objectOwnership?: "BucketOwnerEnforced" | "BucketOwnerPreferred";
}

/**
 * The private bucket every module builds on: all public access blocked, ACLs disabled
 * (bucket owner enforced), encrypted at rest, and a policy that refuses plain HTTP.
 */
export class PrivateBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly policy: S3BucketPolicy;
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  readonly ownershipControls: S3BucketOwnershipControls;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, options: PrivateBucketOptions) {
    super(scope, id);
    this.bucket = new S3Bucket(this, "Bucket", {
      bucket: options.bucketName,
      forceDestroy: (options.forceDestroy ?? false) && !options.preventDestroy,
      lifecycle: options.preventDestroy ? { preventDestroy: true } : undefined,
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;

    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    this.ownershipControls = new S3BucketOwnershipControls(this, "OwnershipControls", {
      bucket: this.bucket.id,
      rule: { objectOwnership: options.objectOwnership ?? "BucketOwnerEnforced" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket: this.bucket.id,
      rule: [
        options.encryption === "sse-kms"
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });
    const versioning = options.versioned
      ? new S3BucketVersioningA(this, "Versioning", {
          bucket: this.bucket.id,
          versioningConfiguration: { status: "Enabled" },
        })
      : undefined;
    if (options.lifecycleRules.length > 0) {
      new S3BucketLifecycleConfiguration(this, "Lifecycle", {
        bucket: this.bucket.id,
        rule: [...options.lifecycleRules],
        // Rules on noncurrent versions need versioning to be configured first.
        dependsOn: versioning ? [versioning] : undefined,
      });
    }
    this.statements.push(denyInsecureTransport(this.bucket.arn), ...(options.extraPolicyStatements?.(this.bucket.arn) ?? []));
    this.policy = new S3BucketPolicy(this, "Policy", {
      bucket: this.bucket.id,
      // Rendered at synth, so statements added later (a CloudFront reader) are included.
      policy: Lazy.stringValue({ produce: () => policyDocument(this.statements) }),
      // Put the policy on only once public policies are blocked.
      dependsOn: [this.publicAccessBlock],
    });
  }

  /** Adds statements to the bucket policy (it is rendered at synth). */
  addPolicyStatements(...statements: PolicyStatement[]): void {
    this.statements.push(...statements);
  }
}
