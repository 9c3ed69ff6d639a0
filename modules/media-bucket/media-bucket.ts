import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketCorsConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-cors-configuration";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ACCOUNT_ID_PATTERN } from "../_internal/arn";
import { PropsValidator } from "../_internal/errors";
import { isValidNamePrefix, NAME_PREFIX_RULE, resourceName } from "../_internal/naming";
import { PolicyStatement } from "../_internal/policy";
import { PrivateBucket } from "../_internal/private-bucket";
import { bucketNameProblem } from "../_internal/s3-names";

/** Something whose application role can be granted access: `FargateService` is one. */
export interface MediaGrantee {
  grantTaskRole(id: string, statements: readonly PolicyStatement[]): IamRolePolicy;
}

/** The key prefix under which objects are served through CloudFront at `/media/*`. */
export const MEDIA_PREFIX = "media/";

export interface MediaBucketProps {
  /** Prefix of every resource name, `${project}-${environment}` (e.g. `acme-staging`). */
  readonly name: string;

  /** The AWS account (12 digits): it makes the default bucket name unique. */
  readonly accountId: string;

  /**
   * The bucket's name.
   * @default `${name}-media-${accountId}`
   */
  readonly bucketName?: string;

  /**
   * Days before an overwritten or deleted version moves to Standard-IA storage (about 45%
   * cheaper; at least 30).
   * @default 30
   */
  readonly noncurrentVersionTransitionDays?: number;

  /**
   * Days before an overwritten or deleted version is removed for good.
   * @default 365
   */
  readonly noncurrentVersionExpirationDays?: number;

  /**
   * Terraform `prevent_destroy` on the bucket: a plan that would delete or replace it fails.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/**
 * The bucket for uploaded files: private, encrypted, versioned, TLS only, old versions moved to
 * cheaper storage and unfinished uploads cleaned away. Browsers upload with presigned URLs from
 * the site's origin (`allowBrowserUploadsFrom`); the application reads and writes through its
 * role (`grantReadWrite`); CloudFront may serve `media/*` (`grantCloudFrontRead`).
 */
export class MediaBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;
  /** The bucket's regional domain name, for a CloudFront origin. */
  readonly bucketRegionalDomainName: string;
  private readonly privateBucket: PrivateBucket;
  private cors?: S3BucketCorsConfiguration;

  constructor(scope: Construct, id: string, props: MediaBucketProps) {
    super(scope, id);
    const v = new PropsValidator(this, "MediaBucket");
    v.check(isValidNamePrefix(props.name), "name", NAME_PREFIX_RULE, props.name);
    v.check(ACCOUNT_ID_PATTERN.test(props.accountId), "accountId", 'must be a 12-digit AWS account id (e.g. "123456789012")', props.accountId);
    const bucketName = props.bucketName ?? `${resourceName(props.name, "media")}-${props.accountId}`;
    const nameProblem = bucketNameProblem(bucketName);
    v.check(nameProblem === undefined, "bucketName", `${nameProblem ?? ""} (S3 bucket naming rules)`, bucketName);
    const transitionDays = props.noncurrentVersionTransitionDays ?? 30;
    const expirationDays = props.noncurrentVersionExpirationDays ?? 365;
    v.checkWholeNumber("noncurrentVersionTransitionDays", transitionDays, 30, 3650, { unit: "days", why: "Standard-IA takes objects after 30 days" });
    v.checkWholeNumber("noncurrentVersionExpirationDays", expirationDays, transitionDays + 1, 36500, {
      unit: "days",
      why: "after the transition",
    });
    v.throwIfInvalid();

    this.privateBucket = new PrivateBucket(this, "Media", {
      bucketName,
      encryption: "sse-s3",
      versioned: true,
      preventDestroy: props.preventDestroy ?? false,
      lifecycleRules: [
        {
          id: "old-versions-and-unfinished-uploads",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionTransition: [{ noncurrentDays: transitionDays, storageClass: "STANDARD_IA" }],
          noncurrentVersionExpiration: [{ noncurrentDays: expirationDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          expiration: [{ expiredObjectDeleteMarker: true }],
        },
      ],
    });
    this.bucket = this.privateBucket.bucket;
    this.bucketName = this.privateBucket.bucketName;
    this.bucketArn = this.privateBucket.bucketArn;
    this.bucketRegionalDomainName = this.bucket.bucketRegionalDomainName;
  }

  /**
   * Lets browsers on these origins upload (PUT, POST) and read with presigned URLs. Call once;
   * the origins are checked (https, or http://localhost for development). Returns the CORS
   * configuration.
   */
  allowBrowserUploadsFrom(origins: readonly string[]): S3BucketCorsConfiguration {
    const v = new PropsValidator(this, "MediaBucket");
    if (this.cors) v.fail("allowBrowserUploadsFrom", "may be called once; pass every origin in one call", origins);
    v.check(origins.length > 0, "allowBrowserUploadsFrom", "needs at least one origin", origins);
    origins.forEach((origin, i) => {
      v.check(
        Token.isUnresolved(origin) || /^(https:\/\/[a-z0-9.-]+|http:\/\/localhost)(:\d{1,5})?$/.test(origin),
        `allowBrowserUploadsFrom[${i}]`,
        'must be an origin such as "https://www.example.com" (https, no path; http only for localhost), never "*"',
        origin,
      );
    });
    v.throwIfInvalid();
    this.cors = new S3BucketCorsConfiguration(this, "Cors", {
      bucket: this.bucket.id,
      corsRule: [
        {
          id: "browser-uploads",
          allowedOrigins: [...origins],
          allowedMethods: ["GET", "HEAD", "PUT", "POST"],
          allowedHeaders: ["content-type", "content-md5", "x-amz-*"],
          // Multipart uploads read each part's ETag.
          exposeHeaders: ["ETag"],
          maxAgeSeconds: 3000,
        },
      ],
    });
    return this.cors;
  }

  /** Gives the application's role read, write and delete on the objects, and listing. Returns the policy. */
  grantReadWrite(grantee: MediaGrantee): IamRolePolicy {
    return grantee.grantTaskRole("MediaBucket", [
      {
        Sid: "MediaObjects",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
        Resource: `${this.bucketArn}/*`,
      },
      { Sid: "MediaList", Effect: "Allow", Action: "s3:ListBucket", Resource: this.bucketArn },
    ]);
  }

  /** Lets one CloudFront distribution (through its origin access control) read `media/*`. */
  grantCloudFrontRead(distributionArn: string): void {
    this.privateBucket.addPolicyStatements({
      Sid: "CloudFrontReadsMedia",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
      Resource: `${this.bucketArn}/${MEDIA_PREFIX}*`,
      Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
    });
  }
}
