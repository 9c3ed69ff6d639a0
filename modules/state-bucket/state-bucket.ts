import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Construct } from "constructs";
import { ACCOUNT_ID_PATTERN } from "../shared/arn";
import { PropsValidator } from "../shared/errors";
import { PrivateBucket } from "../_internal/private-bucket";
import { bucketNameProblem } from "../shared/s3-names";
import { markPurpose } from "../shared/purpose";

export interface StateBucketProps {
  /** Globally unique S3 bucket name for Terraform state (e.g. `acme-terraform-state-123456789012`). */
  readonly bucketName: string;

  /**
   * Days an overwritten or deleted state version is kept before S3 expires it. Old versions are
   * how you recover from a state file damaged by a bad apply.
   * @default 90
   */
  readonly noncurrentVersionRetentionDays?: number;

  /**
   * Terraform `prevent_destroy` on the bucket: a plan that would delete or replace it fails.
   * Turn it off only to tear down the whole account's setup on purpose.
   * @default true
   */
  readonly preventDestroy?: boolean;

  /**
   * A second bucket that receives the state bucket's S3 server access logs: who read or wrote
   * which state object, and when. SSE-S3 (S3 requires it of a log target), versioned, private,
   * with `prevent_destroy` like the state bucket; only S3's logging service may write into it,
   * for this state bucket only.
   * @default - no access logs
   */
  readonly accessLogBucketName?: string;

  /**
   * Days the access logs are kept.
   * @default 365
   */
  readonly accessLogRetentionDays?: number;

  /**
   * The account the state bucket belongs to: the log bucket accepts logs from its buckets only
   * (`aws:SourceAccount`). Needed with `accessLogBucketName`.
   * @default - none
   */
  readonly accountId?: string;
}

/**
 * The S3 bucket that holds every environment's Terraform state: private, versioned, encrypted,
 * TLS only, ACLs disabled, old versions expired after a while, and protected from `destroy`.
 * Locking uses S3-native lock files (`use_lockfile`), so no DynamoDB table is needed.
 */
export class StateBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;
  /** The access-log bucket (only with `accessLogBucketName`). */
  readonly accessLogs?: PrivateBucket;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const retentionDays = props.noncurrentVersionRetentionDays ?? 90;
    const v = new PropsValidator(this, "StateBucket");
    const nameProblem = bucketNameProblem(props.bucketName);
    v.check(nameProblem === undefined, "bucketName", `${nameProblem ?? ""} (S3 bucket naming rules)`, props.bucketName);
    v.check(
      Number.isInteger(retentionDays) && retentionDays >= 1,
      "noncurrentVersionRetentionDays",
      "must be a whole number of days, at least 1",
      retentionDays,
    );
    const accessLogRetentionDays = props.accessLogRetentionDays ?? 365;
    if (props.accessLogBucketName !== undefined) {
      const logNameProblem = bucketNameProblem(props.accessLogBucketName);
      v.check(logNameProblem === undefined, "accessLogBucketName", `${logNameProblem ?? ""} (S3 bucket naming rules)`, props.accessLogBucketName);
      v.check(props.accessLogBucketName !== props.bucketName, "accessLogBucketName", "must differ from bucketName: a bucket logging into itself logs its own log writes forever", props.accessLogBucketName);
      v.check(props.accountId !== undefined && ACCOUNT_ID_PATTERN.test(props.accountId), "accountId", "must be the 12-digit account id of the state bucket when accessLogBucketName is set", props.accountId);
      v.checkWholeNumber("accessLogRetentionDays", accessLogRetentionDays, 1, 3650, { unit: "days" });
    }
    v.throwIfInvalid();

    if (props.accessLogBucketName !== undefined) {
      this.accessLogs = new PrivateBucket(this, "AccessLogs", {
        bucketName: props.accessLogBucketName,
        encryption: "sse-s3",
        versioned: true,
        preventDestroy: props.preventDestroy ?? true,
        serverAccessLogTarget: { sourceAccountId: props.accountId!, prefix: "state-access/", expireAfterDays: accessLogRetentionDays },
        lifecycleRules: [
          { id: "abort-incomplete-uploads", status: "Enabled", filter: [{ prefix: "" }], abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }] },
        ],
      });
    }

    const privateBucket = new PrivateBucket(this, "State", {
      bucketName: props.bucketName,
      // Terraform's S3 backend (encrypt = true) asks for AES256 on every write, whatever the
      // bucket's default: make the default the same, so every object is encrypted alike.
      encryption: "sse-s3",
      versioned: true,
      preventDestroy: props.preventDestroy ?? true,
      lifecycleRules: [
        {
          id: "expire-old-state-versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: retentionDays }],
          // Each released use_lockfile lock leaves a delete marker behind; clear those out.
          expiration: [{ expiredObjectDeleteMarker: true }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
      ...(this.accessLogs === undefined ? {} : { serverAccessLogging: { targetBucket: this.accessLogs, prefix: "state-access/" } }),
    });
    this.bucket = markPurpose(privateBucket.bucket, "terraform-state");
    this.bucketName = privateBucket.bucketName;
    this.bucketArn = privateBucket.bucketArn;
  }
}
