import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketCorsConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-cors-configuration";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { Construct } from "constructs";
import { suppress } from "../../policies/suppressions";
import { LambdaFunction } from "../lambda-function/lambda-function";
import type { AlarmThresholds, Monitorable, MonitoringSpec } from "../shared/monitorable";
import { markPurpose } from "../shared/purpose";
import {
  CACHE_BEHAVIOR_DEFAULTS,
  CLOUDFRONT_ZONE_ID,
  cloudFrontLogBucket,
  cloudFrontReadStatement,
  distributionSettings,
  originAccessControl,
  securityHeadersPolicy,
} from "../_internal/cloudfront-bucket";
import { inlinePolicy } from "../_internal/iam";
import { resourceName } from "../_internal/naming";
import { PrivateBucket } from "../_internal/private-bucket";
import { uploadPipelineMonitoringSpec } from "./monitoring";
import { THUMBNAIL_PREFIX, UPLOAD_PREFIX, UploadPipelineProps } from "./props";
import { functionProps, PRESIGN_SIZE, Settings, validate } from "./validate";

/** The CSP of every asset: nothing loads but images of the assets' own origin, and nothing runs (a sandbox). */
export const ASSETS_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; sandbox";

/**
 * Object writes the raw bucket's policy denies to everyone but the presign function's role (whose
 * signature authorizes the browser's POST). Deletes are left to IAM, so Terraform can empty the
 * bucket on destroy; S3's own lifecycle expiry is not subject to the policy.
 */
export const RAW_WRITE_ACTIONS: readonly string[] = ["s3:PutObject*", "s3:RestoreObject", "s3:ReplicateObject", "s3:ReplicateTags", "s3:ReplicateDelete"];

/** Object reads a bucket policy here denies to everyone but the one reader (the thumbnail role; the distribution). */
export const OBJECT_READ_ACTIONS: readonly string[] = ["s3:GetObject*", "s3:ListMultipartUploadParts"];

/** Object writes the processed bucket's policy denies to everyone but the thumbnail function's role. */
export const PROCESSED_WRITE_ACTIONS: readonly string[] = RAW_WRITE_ACTIONS;

/** Where an alias record for the assets domain points: the distribution's name and CloudFront's zone. */
export interface AssetsDomainTarget {
  readonly dnsName: string;
  readonly zoneId: string;
}

/**
 * Browser uploads of images, straight to S3, and thumbnails served by CloudFront:
 *
 * - a raw bucket browsers POST to with a form a function signs (presigned POST, so S3 enforces
 *   the size and the content type), CORS for the site's origins, objects expiring in a day;
 * - the presign function (served by a route the caller adds to its HTTP API), whose role may put
 *   objects under `uploads/` and nothing else;
 * - the thumbnail function, invoked by S3 for every new object under `uploads/`, which reads the
 *   raw bucket and writes WebP thumbnails to the processed bucket; failed events land in its
 *   failure queue;
 * - the processed bucket (versioned), read only by a CloudFront distribution with origin access
 *   control and headers that forbid script.
 */
export class UploadPipeline extends Construct implements Monitorable {
  /** The bucket browsers upload to. */
  readonly rawBucket: S3Bucket;
  readonly rawBucketName: string;
  readonly rawBucketArn: string;
  /** The bucket the thumbnails go to, served by the distribution. */
  readonly processedBucket: S3Bucket;
  readonly processedBucketName: string;
  readonly processedBucketArn: string;
  /** The raw bucket's CORS: POST from `allowedOrigins`. */
  readonly cors: S3BucketCorsConfiguration;
  /**
   * The raw bucket's notification configuration: new objects under `uploads/` invoke the
   * thumbnail function. S3 keeps one configuration per bucket and this resource replaces it
   * whole, so the construct owns it: never add another `aws_s3_bucket_notification` on the raw
   * bucket (the two would overwrite each other); extend this one instead.
   */
  readonly notification: S3BucketNotification;
  /** S3's permission to invoke the thumbnail function's alias, for the raw bucket of this account only. */
  readonly invokePermission: LambdaPermission;
  /** Signs upload forms; the caller routes to it (`new LambdaIntegration(presignFunction)`, with JWT authorization). */
  readonly presignFunction: LambdaFunction;
  /** Makes the thumbnails. */
  readonly thumbnailFunction: LambdaFunction;
  /** The presign role's S3 permission: `s3:PutObject` on `<raw>/uploads/*`. */
  readonly presignPolicy: IamRolePolicy;
  /** The thumbnail role's S3 permissions: read `<raw>/uploads/*`, put `<processed>/*`. */
  readonly thumbnailPolicy: IamRolePolicy;
  readonly distribution: CloudfrontDistribution;
  readonly distributionArn: string;
  readonly distributionDomainName: string;
  readonly originAccessControl: CloudfrontOriginAccessControl;
  readonly responseHeadersPolicy: CloudfrontResponseHeadersPolicy;
  /** Where the assets are served: `https://<first alias>`, or `https://<distribution domain>`. */
  readonly assetsUrl: string;
  /** The alias target of the assets domain (`{ dnsName, zoneId }`), for the domain module's `aliasRecord`. */
  readonly domainTarget: AssetsDomainTarget;
  /** The access log bucket of the distribution (only with `accessLogging`). */
  readonly logBucket?: PrivateBucket;
  /** The defaults filled in: the limits the presign function enforces, the sizes made. */
  readonly settings: Settings;

  constructor(scope: Construct, id: string, props: UploadPipelineProps) {
    super(scope, id);
    const s = validate(this, props);
    this.settings = s;
    const assetsName = resourceName(props.name, "assets");

    // Only uploads waiting for their thumbnails, each under a fresh random key and expiring within
    // days: versions would restore nothing (no key is overwritten) and keep every upload past its
    // expiry; nothing here needs protection, and Terraform may empty it on destroy.
    const raw = new PrivateBucket(this, "Raw", {
      bucketName: s.rawBucketName,
      encryption: "sse-s3",
      versioned: false,
      preventDestroy: false,
      forceDestroy: true,
      lifecycleRules: [
        {
          id: "expire-unprocessed-uploads",
          status: "Enabled",
          filter: [{ prefix: UPLOAD_PREFIX }],
          expiration: [{ days: s.unprocessedExpiryDays }],
        },
        {
          id: "abort-incomplete-uploads",
          status: "Enabled",
          filter: [{ prefix: "" }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });
    markPurpose(raw.bucket, "uploads");
    suppress(raw.bucket, [
      {
        id: "s3-bucket-versioning",
        reason:
          "The raw bucket holds only uploads waiting for their thumbnails, each under a fresh random key and expiring within days: there is nothing to restore, and versions would keep every upload past its expiry.",
      },
      {
        id: "data-prevent-destroy",
        reason:
          "The raw bucket holds only uploads waiting for their thumbnails, which expire within days: replacing or destroying it loses no kept data, and prevent_destroy would only block a rename.",
      },
      {
        id: "s3-bucket-no-force-destroy",
        reason:
          "The raw bucket holds only unprocessed uploads that expire within days (the thumbnails are in the processed bucket, which is protected): emptying it on destroy loses nothing that is kept.",
      },
    ]);
    this.rawBucket = raw.bucket;
    this.rawBucketName = raw.bucketName;
    this.rawBucketArn = raw.bucketArn;

    const processed = new PrivateBucket(this, "Processed", {
      bucketName: s.processedBucketName,
      encryption: "sse-s3",
      versioned: true,
      preventDestroy: s.preventDestroy,
      lifecycleRules: [
        {
          id: "old-versions-and-unfinished-uploads",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
          expiration: [{ expiredObjectDeleteMarker: true }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });
    markPurpose(processed.bucket, "processed-assets");
    this.processedBucket = processed.bucket;
    this.processedBucketName = processed.bucketName;
    this.processedBucketArn = processed.bucketArn;

    // The functions get the buckets' literal names, known at synth (the ARNs come from the buckets).
    this.presignFunction = new LambdaFunction(this, "Presign", {
      ...functionProps(props, "presign", props.presignFunction, PRESIGN_SIZE),
      environment: {
        UPLOAD_BUCKET: s.rawBucketName,
        UPLOAD_PREFIX,
        MAX_UPLOAD_BYTES: String(s.maxUploadBytes),
        ALLOWED_CONTENT_TYPES: s.allowedContentTypes.join(","),
        EXPIRES_SECONDS: String(s.presignExpirySeconds),
      },
    });
    this.thumbnailFunction = new LambdaFunction(this, "Thumbnail", {
      ...functionProps(props, "thumbnail", props.thumbnailFunction, { memoryMiB: s.thumbnailMemoryMiB, timeoutSeconds: s.thumbnailTimeoutSeconds }),
      environment: {
        PROCESSED_BUCKET: s.processedBucketName,
        UPLOAD_PREFIX,
        THUMBNAIL_PREFIX,
        THUMBNAIL_SIZES: JSON.stringify(s.thumbnailSizes.map((size) => ({ name: size.name, width: size.width }))),
      },
    });

    this.presignPolicy = inlinePolicy(this, "PresignPolicy", this.presignFunction.role, "sign-uploads", [
      // The browser's POST is authorized as this role: it may create objects under uploads/ only (no ACLs, no tags, no reads).
      { Sid: "PutUploads", Effect: "Allow", Action: "s3:PutObject", Resource: `${raw.bucketArn}/${UPLOAD_PREFIX}*` },
    ]);
    this.thumbnailPolicy = inlinePolicy(this, "ThumbnailPolicy", this.thumbnailFunction.role, "make-thumbnails", [
      { Sid: "ReadUploads", Effect: "Allow", Action: "s3:GetObject", Resource: `${raw.bucketArn}/${UPLOAD_PREFIX}*` },
      // Never the raw bucket: the function cannot trigger itself.
      { Sid: "WriteThumbnails", Effect: "Allow", Action: "s3:PutObject", Resource: `${processed.bucketArn}/*` },
    ]);

    raw.addPolicyStatements(
      {
        Sid: "DenyObjectWritesButPresign",
        Effect: "Deny",
        Principal: "*",
        Action: [...RAW_WRITE_ACTIONS],
        Resource: `${raw.bucketArn}/*`,
        Condition: { ArnNotEquals: { "aws:PrincipalArn": this.presignFunction.role.arn } },
      },
      {
        Sid: "DenyObjectReadsButThumbnail",
        Effect: "Deny",
        Principal: "*",
        Action: [...OBJECT_READ_ACTIONS],
        Resource: `${raw.bucketArn}/*`,
        Condition: { ArnNotEquals: { "aws:PrincipalArn": this.thumbnailFunction.role.arn } },
      },
    );

    // A presigned POST: the only presigned form whose signed policy S3 checks the body's size
    // against (content-length-range). Form posts send no custom headers, so few are allowed.
    this.cors = new S3BucketCorsConfiguration(this, "RawCors", {
      bucket: raw.bucket.id,
      corsRule: [
        {
          id: "browser-uploads",
          allowedOrigins: [...props.allowedOrigins],
          allowedMethods: ["POST"],
          allowedHeaders: ["content-type"],
          exposeHeaders: ["ETag", "Location"],
          maxAgeSeconds: 3000,
        },
      ],
    });

    // S3 invokes the alias, asynchronously: failed events go to the function's failure queue.
    this.invokePermission = new LambdaPermission(this, "S3InvokesThumbnail", {
      statementId: "AllowS3FromRawBucket",
      action: "lambda:InvokeFunction",
      functionName: this.thumbnailFunction.functionName,
      qualifier: this.thumbnailFunction.qualifier,
      principal: "s3.amazonaws.com",
      sourceArn: raw.bucketArn,
      sourceAccount: props.accountId,
    });
    // S3 keeps one notification configuration per bucket: this construct owns the raw bucket's.
    this.notification = new S3BucketNotification(this, "RawNotification", {
      bucket: raw.bucket.id,
      lambdaFunction: [
        {
          id: "make-thumbnails",
          lambdaFunctionArn: this.thumbnailFunction.aliasArn,
          events: ["s3:ObjectCreated:*"],
          filterPrefix: UPLOAD_PREFIX,
        },
      ],
      // S3 checks that it may invoke the function when the configuration is put.
      dependsOn: [this.invokePermission],
    });

    if (props.accessLogging) {
      this.logBucket = cloudFrontLogBucket(this, "Logs", {
        bucketName: `${resourceName(props.name, "assets-logs")}-${props.accountId}`,
        preventDestroy: s.preventDestroy,
      });
    }
    this.originAccessControl = originAccessControl(this, "OriginAccessControl", assetsName, `CloudFront reads ${assetsName} with signed requests`);
    this.responseHeadersPolicy = securityHeadersPolicy(this, "SecurityHeaders", {
      name: `${assetsName}-headers`,
      comment: "Uploaded images: HSTS, no sniffing, no framing, no script",
      contentSecurityPolicy: ASSETS_CONTENT_SECURITY_POLICY,
    });
    this.distribution = new CloudfrontDistribution(this, "Distribution", {
      ...distributionSettings({ name: assetsName, priceClass: s.priceClass, aliases: s.aliases, certificateArn: s.certificateArn, logBucket: this.logBucket }),
      origin: [{ originId: "assets", domainName: processed.bucket.bucketRegionalDomainName, originAccessControlId: this.originAccessControl.id }],
      defaultCacheBehavior: {
        targetOriginId: "assets",
        ...CACHE_BEHAVIOR_DEFAULTS,
        allowedMethods: ["GET", "HEAD"],
        responseHeadersPolicyId: this.responseHeadersPolicy.id,
      },
    });
    suppress(this.distribution, [
      {
        id: "cloudfront-default-root-object",
        reason:
          "The assets distribution serves thumbnails by key and has no index page; a request for / reaches S3 as a bucket listing, which the distribution may not do (it may only s3:GetObject), so S3 answers 403.",
      },
    ]);
    this.distributionArn = this.distribution.arn;
    this.distributionDomainName = this.distribution.domainName;
    this.assetsUrl = `https://${s.aliases[0] ?? this.distribution.domainName}`;
    this.domainTarget = { dnsName: this.distributionDomainName, zoneId: CLOUDFRONT_ZONE_ID };

    processed.addPolicyStatements(
      cloudFrontReadStatement("CloudFrontReadsAssets", `${processed.bucketArn}/*`, this.distribution.arn),
      {
        Sid: "DenyObjectWritesButThumbnail",
        Effect: "Deny",
        Principal: "*",
        Action: [...PROCESSED_WRITE_ACTIONS],
        Resource: `${processed.bucketArn}/*`,
        Condition: { ArnNotEquals: { "aws:PrincipalArn": this.thumbnailFunction.role.arn } },
      },
      {
        // A role has no aws:SourceArn, so ArnNotEquals holds for it: only the distribution reads.
        Sid: "DenyObjectReadsButDistribution",
        Effect: "Deny",
        Principal: "*",
        Action: [...OBJECT_READ_ACTIONS],
        Resource: `${processed.bucketArn}/*`,
        Condition: { ArnNotEquals: { "aws:SourceArn": this.distribution.arn } },
      },
    );
  }

  /** Both functions' alarms and graphs (the thumbnail function's include its failure queue's waiting events). */
  monitoringSpec(thresholds: AlarmThresholds): MonitoringSpec {
    return uploadPipelineMonitoringSpec(this, thresholds);
  }
}
