import { Construct } from "constructs";
import { PrivateBucket } from "../_internal/private-bucket";
import { PolicyStatement } from "../_internal/policy";
import { suppress } from "../../policies/suppressions";
import { markPurpose } from "../shared/purpose";
import { ElbLogDeliveryPrincipal } from "../shared/regions";

/**
 * The key prefix the load balancer writes its logs under (`access_logs.prefix`): ELB adds
 * `/AWSLogs/<account>/elasticloadbalancing/<region>/...` after it. No leading or trailing `/`,
 * and no `AWSLogs` in it (ELB refuses both).
 */
export const ACCESS_LOG_PREFIX = "alb";

export interface AccessLogBucketOptions {
  readonly bucketName: string;
  readonly accountId: string;
  readonly retentionDays: number;
  /** Who delivers the logs in the region: the regional ELB account or the log delivery service. */
  readonly principal: ElbLogDeliveryPrincipal;
  /** `prevent_destroy` and no `force_destroy`: the environment is protected. */
  readonly keep: boolean;
}

/**
 * The statement that lets Elastic Load Balancing put access log objects into the bucket, under
 * `<prefix>/AWSLogs/<account>/` only: the account's load balancers, nowhere else in the bucket.
 */
export function allowElbLogDelivery(bucketArn: string, accountId: string, principal: ElbLogDeliveryPrincipal): PolicyStatement {
  return {
    Sid: "ElbAccessLogDelivery",
    Effect: "Allow",
    Principal: principal,
    Action: "s3:PutObject",
    Resource: `${bucketArn}/${ACCESS_LOG_PREFIX}/AWSLogs/${accountId}/*`,
  };
}

/**
 * The access-log bucket: a {@link PrivateBucket} (public access blocked, ACLs off, TLS 1.2+ only)
 * encrypted with SSE-S3, the only default encryption ELB log delivery writes to, whose policy
 * lets ELB deliver, and whose objects expire.
 */
export function accessLogBucket(scope: Construct, id: string, options: AccessLogBucketOptions): PrivateBucket {
  const bucket = new PrivateBucket(scope, id, {
    bucketName: options.bucketName,
    encryption: "sse-s3",
    versioned: false,
    preventDestroy: options.keep,
    // Only logs live here: an unprotected environment's destroy may take them.
    forceDestroy: !options.keep,
    lifecycleRules: [
      {
        id: "expire-access-logs",
        status: "Enabled",
        filter: [{ prefix: "" }],
        expiration: [{ days: options.retentionDays }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
      },
    ],
    extraPolicyStatements: (bucketArn) => [allowElbLogDelivery(bucketArn, options.accountId, options.principal)],
  });
  markPurpose(bucket.bucket, "access-logs");
  suppress(bucket.bucket, [
    {
      id: "s3-bucket-versioning",
      reason: "Access logs are written once by Elastic Load Balancing, never overwritten, and expire: versions would only add storage.",
    },
  ]);
  return bucket;
}
