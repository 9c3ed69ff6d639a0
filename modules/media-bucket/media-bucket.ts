import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketCorsConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-cors-configuration";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ACCOUNT_ID_PATTERN } from "../shared/arn";
import { PropProblem, PropsValidator, propProblems } from "../shared/errors";
import { Grantee } from "../shared/grants";
import { isValidNamePrefix, NAME_PREFIX_RULE, resourceName } from "../_internal/naming";
import { inlinePolicy } from "../_internal/iam";
import { PolicyStatement } from "../_internal/policy";
import { PrivateBucket } from "../_internal/private-bucket";
import { bucketNameProblem } from "../shared/s3-names";
import { markPurpose } from "../shared/purpose";

/**
 * Every problem with a `MediaBucket`'s props, found before anything is built (none when they
 * hold): what the constructor would refuse.
 */
export function mediaBucketPropProblems(props: MediaBucketProps): readonly PropProblem[] {
  return propProblems(() => validate(undefined, props));
}

function validate(scope: Construct | undefined, props: MediaBucketProps): { bucketName: string; transitionDays: number; expirationDays: number } {
  const v = new PropsValidator(scope, "MediaBucket");
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
  return { bucketName, transitionDays, expirationDays };
}

/** The key prefix under which objects are served through CloudFront at `/media/*`. */
export const MEDIA_PREFIX = "media/";

/**
 * Object data reads the bucket policy denies to everyone but the granted roles (and, for
 * `media/*` served through the site, the site's distribution).
 */
export const MEDIA_READ_ACTIONS: readonly string[] = ["s3:GetObject*", "s3:ListMultipartUploadParts"];

/**
 * Object data writes the bucket policy denies to everyone but the granted roles. Bucket
 * configuration (`s3:PutBucket*`, `s3:GetBucket*`, `s3:ListBucket`) is left to IAM, so a deploy
 * role can still manage the bucket.
 */
export const MEDIA_WRITE_ACTIONS: readonly string[] = [
  "s3:PutObject*",
  "s3:DeleteObject*",
  "s3:AbortMultipartUpload",
  "s3:RestoreObject",
  "s3:ReplicateObject",
  "s3:ReplicateDelete",
  "s3:ReplicateTags",
];

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
  /** The role ARNs granted with `grantReadWrite`: the only principals that read and write objects. */
  private readonly granteeRoleArns: string[] = [];
  /** The distributions that may read `media/*` (`grantCloudFrontRead`). */
  private readonly readerDistributionArns: string[] = [];

  constructor(scope: Construct, id: string, props: MediaBucketProps) {
    super(scope, id);
    const { bucketName, transitionDays, expirationDays } = validate(this, props);

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
    this.bucket = markPurpose(this.privateBucket.bucket, "media");
    this.bucketName = this.privateBucket.bucketName;
    this.bucketArn = this.privateBucket.bucketArn;
    this.bucketRegionalDomainName = this.bucket.bucketRegionalDomainName;
    // Grants come after the bucket is made: the statements are written when the policy is rendered.
    this.privateBucket.addPolicyStatementsAtSynth(() => this.dataAccessStatements());
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

  /**
   * Gives a grantee's role (a Fargate task's, a function's) read, write and delete on the
   * objects, and listing, and excepts it from the bucket policy's deny on object data. The
   * inline policy `media-bucket` goes on the grantee (`<grantee>/GrantMediaBucket`). Returns it.
   */
  grantReadWrite(grantee: Grantee): IamRolePolicy {
    if (!this.granteeRoleArns.includes(grantee.grantRole.arn)) this.granteeRoleArns.push(grantee.grantRole.arn);
    return inlinePolicy(grantee, "GrantMediaBucket", grantee.grantRole, "media-bucket", [
      {
        Sid: "MediaObjects",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
        Resource: `${this.bucketArn}/*`,
      },
      { Sid: "MediaList", Effect: "Allow", Action: "s3:ListBucket", Resource: this.bucketArn },
    ]);
  }

  /**
   * Lets one CloudFront distribution (through its origin access control) read `media/*`, and
   * excepts it, for those reads only, from the bucket policy's deny on object data.
   */
  grantCloudFrontRead(distributionArn: string): void {
    if (!this.readerDistributionArns.includes(distributionArn)) this.readerDistributionArns.push(distributionArn);
  }

  /**
   * The bucket policy's data statements, from the grants made so far: CloudFront's read of
   * `media/*`, and the denies that keep object reads and writes to the granted roles (and
   * `media/*` reads to the granted distributions).
   */
  private dataAccessStatements(): PolicyStatement[] {
    const objects = `${this.bucketArn}/*`;
    const media = `${this.bucketArn}/${MEDIA_PREFIX}*`;
    const roles = [...this.granteeRoleArns];
    const distributions = [...this.readerDistributionArns];
    // ArnNotEquals on an absent key is true: a service principal has no aws:PrincipalArn, a role no aws:SourceArn.
    const except = (keys: Record<string, readonly string[]>): Pick<PolicyStatement, "Condition"> => {
      const given = Object.entries(keys).filter(([, values]) => values.length > 0);
      return given.length === 0 ? {} : { Condition: { ArnNotEquals: Object.fromEntries(given) } };
    };
    const statements: PolicyStatement[] = [];
    if (distributions.length > 0) {
      statements.push({
        Sid: "CloudFrontReadsMedia",
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
        Resource: media,
        Condition: { StringEquals: { "AWS:SourceArn": distributions.length === 1 ? distributions[0] : distributions } },
      });
    }
    statements.push({
      Sid: "DenyObjectWritesButGrantees",
      Effect: "Deny",
      Principal: "*",
      Action: [...MEDIA_WRITE_ACTIONS],
      Resource: objects,
      ...except({ "aws:PrincipalArn": roles }),
    });
    if (distributions.length === 0) {
      statements.push({
        Sid: "DenyObjectReadsButGrantees",
        Effect: "Deny",
        Principal: "*",
        Action: [...MEDIA_READ_ACTIONS],
        Resource: objects,
        ...except({ "aws:PrincipalArn": roles }),
      });
    } else {
      statements.push(
        {
          Sid: "DenyObjectReadsButGrantees",
          Effect: "Deny",
          Principal: "*",
          Action: [...MEDIA_READ_ACTIONS],
          NotResource: media,
          ...except({ "aws:PrincipalArn": roles }),
        },
        {
          Sid: "DenyMediaReadsButGranteesAndSite",
          Effect: "Deny",
          Principal: "*",
          Action: [...MEDIA_READ_ACTIONS],
          Resource: media,
          ...except({ "aws:PrincipalArn": roles, "aws:SourceArn": distributions }),
        },
      );
    }
    return statements;
  }
}
