import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  S3BucketLifecycleConfiguration,
  S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { ITerraformDependable, Lazy } from "cdktf";
import { Construct } from "constructs";
import { ACCOUNT_ID_PATTERN } from "../shared/arn";
import { PropsValidator } from "../shared/errors";
import { markPurpose } from "../shared/purpose";
import { allowServerAccessLogDelivery, denyInsecureTransport, denyOutdatedTls, policyDocument, PolicyStatement } from "./policy";

/**
 * Makes a bucket a target of S3 server access logs: S3's logging service
 * (`logging.s3.amazonaws.com`) may put objects under `prefix`, for the source buckets that log
 * here ({@link PrivateBucket.allowServerAccessLogsFrom}) in one account, and the logs expire.
 */
export interface ServerAccessLogTargetOptions {
  /** The AWS account (12 digits) of the buckets that log here: the delivery's `aws:SourceAccount`. */
  readonly sourceAccountId: string;
  /**
   * The key prefix the logging service may write under, ending in `/` (e.g. `s3-access/`). Each
   * source logs under a prefix that starts with it.
   */
  readonly prefix: string;
  /** Days before a log object under `prefix` expires (1 to 3650). */
  readonly expireAfterDays: number;
}

/** A bucket that receives server access logs: a {@link PrivateBucket} made with `serverAccessLogTarget`. */
export interface ServerAccessLogTarget {
  readonly bucketName: string;
  /** The prefix the logging service may write under; undefined when the bucket is not a log target. */
  readonly serverAccessLogPrefix?: string;
  /** Lets the logging service deliver the logs of this source bucket. Returns the resource that carries the permission. */
  allowServerAccessLogsFrom(sourceBucketArn: string): ITerraformDependable;
}

/** Logs a bucket's server access (`aws_s3_bucket_logging`) to a log target bucket. */
export interface ServerAccessLoggingOptions {
  /** Where the logs go: a bucket made with `serverAccessLogTarget`, in the same account and region. */
  readonly targetBucket: ServerAccessLogTarget;
  /**
   * The key prefix of this bucket's logs, ending in `/`, under the target's prefix (e.g.
   * `s3-access/acme-terraform-state/`).
   */
  readonly prefix: string;
}

/** A log key prefix: no leading `/`, no wildcards, ending in `/`. */
const LOG_PREFIX = /^[A-Za-z0-9!_.'()-][A-Za-z0-9!_.'()/-]*\/$/;
const LOG_PREFIX_RULE = 'must be a key prefix ending in "/" (letters, digits, !_.\'()-/, no leading "/", no wildcards), e.g. "s3-access/"';

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
  /** Statements added to the bucket policy after the two TLS denies (more with `addPolicyStatements`). */
  readonly extraPolicyStatements?: (bucketArn: string) => readonly PolicyStatement[];
  /**
   * Object ownership. `BucketOwnerEnforced` disables ACLs; only a bucket that receives CloudFront
   * standard logs needs `BucketOwnerPreferred` (that service still writes with an ACL).
   * @default "BucketOwnerEnforced"
   */
  readonly objectOwnership?: "BucketOwnerEnforced" | "BucketOwnerPreferred";
  /**
   * Log this bucket's server access to a log target bucket, under a prefix.
   * @default - no server access logging
   */
  readonly serverAccessLogging?: ServerAccessLoggingOptions;
  /**
   * Make this bucket a target of server access logs: S3's logging service may put objects under
   * the prefix for the sources added with `allowServerAccessLogsFrom`, and they expire. Needs
   * `encryption: "sse-s3"` (S3 delivers logs only to SSE-S3 targets) and ACLs disabled.
   * @default - not a log target
   */
  readonly serverAccessLogTarget?: ServerAccessLogTargetOptions;
}

/**
 * The private bucket every module builds on: all public access blocked, ACLs disabled
 * (bucket owner enforced), encrypted at rest, and a policy that refuses plain HTTP and TLS
 * older than 1.2. Optionally it logs its server access to a log target, or is one.
 */
export class PrivateBucket extends Construct implements ServerAccessLogTarget {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly policy: S3BucketPolicy;
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  readonly ownershipControls: S3BucketOwnershipControls;
  /** The server access logging of this bucket (only with `serverAccessLogging`). */
  readonly logging?: S3BucketLoggingA;
  /** The prefix S3's logging service may write under (only with `serverAccessLogTarget`). */
  readonly serverAccessLogPrefix?: string;
  /** The source buckets whose server access logs may be delivered here. */
  private readonly logSourceArns: string[] = [];
  private readonly statements: (PolicyStatement | (() => readonly PolicyStatement[]))[] = [];

  constructor(scope: Construct, id: string, options: PrivateBucketOptions) {
    super(scope, id);
    validate(this, options);
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
    const target = options.serverAccessLogTarget;
    const lifecycleRules = [...options.lifecycleRules, ...(target ? logExpiryRules(target, options.versioned) : [])];
    if (lifecycleRules.length > 0) {
      new S3BucketLifecycleConfiguration(this, "Lifecycle", {
        bucket: this.bucket.id,
        rule: lifecycleRules,
        // Rules on noncurrent versions need versioning to be configured first.
        dependsOn: versioning ? [versioning] : undefined,
      });
    }
    this.statements.push(
      denyInsecureTransport(this.bucket.arn),
      denyOutdatedTls(this.bucket.arn),
      ...(options.extraPolicyStatements?.(this.bucket.arn) ?? []),
    );
    if (target) {
      this.serverAccessLogPrefix = target.prefix;
      markPurpose(this.bucket, "access-logs");
      // Without a source the statement would have an empty ArnLike: leave it out until there is one.
      this.statements.push(() =>
        this.logSourceArns.length === 0 ? [] : [allowServerAccessLogDelivery(this.bucket.arn, target.prefix, target.sourceAccountId, this.logSourceArns)],
      );
    }
    this.policy = new S3BucketPolicy(this, "Policy", {
      bucket: this.bucket.id,
      // Rendered at synth, so statements added later (a CloudFront reader) are included.
      policy: Lazy.stringValue({ produce: () => policyDocument(this.statements.flatMap((s) => (typeof s === "function" ? s() : [s]))) }),
      // Put the policy on only once public policies are blocked.
      dependsOn: [this.publicAccessBlock],
    });

    const logging = options.serverAccessLogging;
    if (logging) {
      const permission = logging.targetBucket.allowServerAccessLogsFrom(this.bucket.arn);
      this.logging = new S3BucketLoggingA(this, "Logging", {
        bucket: this.bucket.id,
        targetBucket: logging.targetBucket.bucketName,
        targetPrefix: logging.prefix,
        // Turn logging on once the target lets the logging service write.
        dependsOn: [permission],
      });
    }
  }

  /** Adds statements to the bucket policy (it is rendered at synth). */
  addPolicyStatements(...statements: PolicyStatement[]): void {
    this.statements.push(...statements);
  }

  /**
   * Adds statements that are produced when the policy is rendered at synth, in this place of
   * the policy: for statements that depend on calls made after this one (grants to roles).
   */
  addPolicyStatementsAtSynth(produce: () => readonly PolicyStatement[]): void {
    this.statements.push(produce);
  }

  /**
   * Lets S3's logging service put the server access logs of a source bucket under this bucket's
   * log prefix (`aws:SourceArn` of the source, `aws:SourceAccount` of the target options).
   * Only for a bucket made with `serverAccessLogTarget`. Returns the bucket policy that carries
   * the permission.
   */
  allowServerAccessLogsFrom(sourceBucketArn: string): S3BucketPolicy {
    if (this.serverAccessLogPrefix === undefined) {
      new PropsValidator(this, "PrivateBucket")
        .fail("serverAccessLogTarget", "must be set on a bucket that receives server access logs (allowServerAccessLogsFrom)", undefined)
        .throwIfInvalid();
    }
    if (!this.logSourceArns.includes(sourceBucketArn)) this.logSourceArns.push(sourceBucketArn);
    return this.policy;
  }
}

/** The lifecycle rules of a log target: logs under the prefix expire (and, when versioned, their old versions and markers go). */
function logExpiryRules(target: ServerAccessLogTargetOptions, versioned: boolean): S3BucketLifecycleConfigurationRule[] {
  const filter = [{ prefix: target.prefix }];
  const rules: S3BucketLifecycleConfigurationRule[] = [
    {
      id: "expire-server-access-logs",
      status: "Enabled",
      filter,
      expiration: [{ days: target.expireAfterDays }],
      ...(versioned ? { noncurrentVersionExpiration: [{ noncurrentDays: 1 }] } : {}),
    },
  ];
  if (versioned) {
    rules.push({ id: "expire-server-access-log-delete-markers", status: "Enabled", filter, expiration: [{ expiredObjectDeleteMarker: true }] });
  }
  return rules;
}

function validate(scope: Construct, options: PrivateBucketOptions): void {
  const v = new PropsValidator(scope, "PrivateBucket");
  const target = options.serverAccessLogTarget;
  if (target) {
    v.check(
      options.encryption === "sse-s3",
      "encryption",
      'must be "sse-s3" on a server access log target (S3 delivers server access logs only to buckets encrypted with SSE-S3)',
      options.encryption,
    );
    v.check(
      (options.objectOwnership ?? "BucketOwnerEnforced") === "BucketOwnerEnforced",
      "objectOwnership",
      'must be "BucketOwnerEnforced" on a server access log target (the bucket policy grants delivery; ACLs stay off)',
      options.objectOwnership,
    );
    v.check(LOG_PREFIX.test(target.prefix), "serverAccessLogTarget.prefix", LOG_PREFIX_RULE, target.prefix);
    v.check(ACCOUNT_ID_PATTERN.test(target.sourceAccountId), "serverAccessLogTarget.sourceAccountId", 'must be a 12-digit AWS account id (e.g. "123456789012")', target.sourceAccountId);
    v.checkWholeNumber("serverAccessLogTarget.expireAfterDays", target.expireAfterDays, 1, 3650, { unit: "days" });
  }
  const logging = options.serverAccessLogging;
  if (logging) {
    const targetPrefix = logging.targetBucket.serverAccessLogPrefix;
    v.check(
      targetPrefix !== undefined,
      "serverAccessLogging.targetBucket",
      "must be a bucket made with serverAccessLogTarget (its policy lets S3's logging service write)",
      // The bucket's name is a token, which the validator would skip: describe it instead.
      "a bucket that is not a log target",
    );
    v.check(
      target === undefined,
      "serverAccessLogging",
      "cannot be set on a server access log target: its own access log would be mostly log deliveries (and logs about them, without end if it logged to itself); leave it off",
      logging.prefix,
    );
    v.check(LOG_PREFIX.test(logging.prefix), "serverAccessLogging.prefix", LOG_PREFIX_RULE, logging.prefix);
    if (targetPrefix !== undefined && LOG_PREFIX.test(logging.prefix)) {
      v.check(
        logging.prefix.startsWith(targetPrefix),
        "serverAccessLogging.prefix",
        `must start with the target's prefix "${targetPrefix}", the only keys the logging service may write`,
        logging.prefix,
      );
    }
  }
  v.throwIfInvalid();
}
