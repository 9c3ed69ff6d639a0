import { CloudfrontDistribution, CloudfrontDistributionOrderedCacheBehavior, CloudfrontDistributionOrigin } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Construct } from "constructs";
import { ACCOUNT_ID_PATTERN } from "../shared/arn";
import { PropProblem, PropsValidator, propProblems } from "../shared/errors";
import {
  CACHE_BEHAVIOR_DEFAULTS,
  checkDistributionDomain,
  cloudFrontLogBucket,
  cloudFrontReadStatement,
  distributionSettings,
  originAccessControl,
  type PriceClass,
  securityHeadersPolicy,
} from "../_internal/cloudfront-bucket";
import { isValidNamePrefix, NAME_PREFIX_RULE, resourceName } from "../_internal/naming";
import { policyDocument } from "../_internal/policy";
import { PrivateBucket } from "../_internal/private-bucket";
import { bucketNameProblem } from "../shared/s3-names";
import { markPurpose } from "../shared/purpose";

/** CloudFront price classes: which edge locations serve the site. `PriceClass_100` (North America and Europe) is cheapest. */
export type { PriceClass } from "../_internal/cloudfront-bucket";
/** AWS's managed cache policy "CachingOptimized": long TTLs, gzip and brotli, no cookies or query strings. */
export { CACHING_OPTIMIZED_POLICY_ID } from "../_internal/cloudfront-bucket";

/** A bucket the distribution serves under `/media/*`: `MediaBucket` is one. */
export interface SiteMediaOrigin {
  readonly bucketRegionalDomainName: string;
  /** Lets this distribution (and, in the bucket policy, no other) read the `media/` objects. */
  grantCloudFrontRead(distributionArn: string): void;
}

/** The CSP of `/media/*`: nothing loads, nothing runs, as if in a sandboxed frame. */
export const MEDIA_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox";

export interface StaticSiteProps {
  /** Prefix of every resource name, `${project}-${environment}` (e.g. `acme-staging`). */
  readonly name: string;

  /** The AWS account (12 digits): it makes the default bucket name unique. */
  readonly accountId: string;

  /**
   * The site bucket's name.
   * @default `${name}-site-${accountId}`
   */
  readonly bucketName?: string;

  /**
   * Keep old versions of deployed files for 30 days (to roll a deploy back by hand).
   * @default true
   */
  readonly versioned?: boolean;

  /**
   * Which edge locations serve the site.
   * @default "PriceClass_100" - North America and Europe, the cheapest
   */
  readonly priceClass?: PriceClass;

  /**
   * Custom domain names (e.g. `["www.example.com"]`). Need `certificateArn`.
   * @default [] - the site is served at the distribution's cloudfront.net name
   */
  readonly aliases?: readonly string[];

  /**
   * An ACM certificate in us-east-1 (CloudFront's region) covering every alias.
   * @default - the cloudfront.net certificate
   */
  readonly certificateArn?: string;

  /**
   * Answer every path the site does not have with `/index.html` and 200, so client-side routes
   * work (with origin access control S3 answers 403 for a missing key, so both 403 and 404 map).
   * @default true
   */
  readonly spaFallback?: boolean;

  /**
   * A Content-Security-Policy header value for every response.
   * @default - none (set one when you know the site's sources)
   */
  readonly contentSecurityPolicy?: string;

  /**
   * CloudFront standard access logs to a bucket of their own (`${name}-site-logs-${accountId}`), kept 90 days.
   * @default false
   */
  readonly accessLogging?: boolean;

  /**
   * A bucket to serve under `/media/*` (objects under `media/`), with its own origin access control.
   * @default - no media behaviour
   */
  readonly media?: SiteMediaOrigin;

  /**
   * For a protected environment: Terraform refuses any plan that deletes or replaces the
   * module's buckets and keys (`prevent_destroy`), and never empties a bucket on destroy.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/**
 * A static site (a Vite or React build) in a private S3 bucket behind CloudFront: origin
 * access control, HTTPS only, HTTP/2 and HTTP/3, IPv6, security headers, SPA fallback, the
 * cheapest price class by default, an optional custom domain, and a deploy policy for CI.
 */
export class StaticSite extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly distribution: CloudfrontDistribution;
  readonly distributionId: string;
  readonly distributionArn: string;
  readonly distributionDomainName: string;
  /** The origin browsers load the site from: `https://<first alias>`, or the cloudfront.net name. */
  readonly siteOrigin: string;
  /** Every origin the site is served from: one per alias, or the cloudfront.net name (for CORS elsewhere). */
  readonly siteOrigins: readonly string[];
  /** The locked-down headers of `/media/*` (only with `media`). */
  readonly mediaHeadersPolicy?: CloudfrontResponseHeadersPolicy;
  readonly responseHeadersPolicy: CloudfrontResponseHeadersPolicy;
  readonly originAccessControl: CloudfrontOriginAccessControl;
  /** Exactly what a CI deploy needs: list, put and delete objects, and invalidate the distribution. */
  readonly deployPolicy: IamPolicy;
  /** The access log bucket (only with `accessLogging`). */
  readonly logBucket?: PrivateBucket;

  constructor(scope: Construct, id: string, props: StaticSiteProps) {
    super(scope, id);
    const s = validate(this, props);
    const prefix = resourceName(props.name, "site");

    const site = new PrivateBucket(this, "Site", {
      bucketName: s.bucketName,
      encryption: "sse-s3",
      versioned: s.versioned,
      preventDestroy: props.preventDestroy ?? false,
      // Only the build lives here, and the next deploy puts it back.
      forceDestroy: true,
      lifecycleRules: s.versioned
        ? [
            {
              id: "expire-old-deploys",
              status: "Enabled",
              filter: [{ prefix: "" }],
              noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
              expiration: [{ expiredObjectDeleteMarker: true }],
              abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
            },
          ]
        : [],
    });
    markPurpose(site.bucket, "site-content");
    this.bucket = site.bucket;
    this.bucketName = site.bucketName;
    this.bucketArn = site.bucketArn;

    if (props.accessLogging) {
      this.logBucket = cloudFrontLogBucket(this, "Logs", {
        bucketName: `${resourceName(props.name, "site-logs")}-${props.accountId}`,
        preventDestroy: props.preventDestroy ?? false,
      });
    }

    this.originAccessControl = originAccessControl(this, "OriginAccessControl", prefix, `CloudFront reads ${prefix} with signed requests`);

    this.responseHeadersPolicy = securityHeadersPolicy(this, "SecurityHeaders", {
      name: `${prefix}-security-headers`,
      comment: "HSTS, no sniffing, no framing, strict referrer",
      contentSecurityPolicy: props.contentSecurityPolicy,
    });

    const origins: CloudfrontDistributionOrigin[] = [
      { originId: "site", domainName: this.bucket.bucketRegionalDomainName, originAccessControlId: this.originAccessControl.id },
    ];
    const orderedCacheBehavior: CloudfrontDistributionOrderedCacheBehavior[] = [];
    if (props.media) {
      // Uploaded files are served from the site's own origin: whatever one holds must never run
      // as part of the site. A sandboxing CSP keeps an HTML or SVG upload from running script.
      this.mediaHeadersPolicy = securityHeadersPolicy(this, "MediaSecurityHeaders", {
        name: `${prefix}-media-headers`,
        comment: "Uploaded media: no script, no framing, no sniffing",
        contentSecurityPolicy: MEDIA_CONTENT_SECURITY_POLICY,
      });
      const mediaAccess = originAccessControl(this, "MediaOriginAccessControl", `${prefix}-media`, `CloudFront reads the media of ${props.name} with signed requests`);
      origins.push({ originId: "media", domainName: props.media.bucketRegionalDomainName, originAccessControlId: mediaAccess.id });
      orderedCacheBehavior.push({
        pathPattern: "/media/*",
        targetOriginId: "media",
        ...CACHE_BEHAVIOR_DEFAULTS,
        allowedMethods: ["GET", "HEAD"],
        responseHeadersPolicyId: this.mediaHeadersPolicy.id,
      });
    }

    this.distribution = new CloudfrontDistribution(this, "Distribution", {
      ...distributionSettings({ name: prefix, priceClass: s.priceClass, aliases: s.aliases, certificateArn: props.certificateArn, logBucket: this.logBucket }),
      defaultRootObject: "index.html",
      origin: origins,
      defaultCacheBehavior: {
        targetOriginId: "site",
        ...CACHE_BEHAVIOR_DEFAULTS,
        allowedMethods: ["GET", "HEAD", "OPTIONS"],
        responseHeadersPolicyId: this.responseHeadersPolicy.id,
      },
      orderedCacheBehavior: orderedCacheBehavior.length > 0 ? orderedCacheBehavior : undefined,
      customErrorResponse: s.spaFallback
        ? [403, 404].map((errorCode) => ({
            errorCode,
            responseCode: 200,
            responsePagePath: "/index.html",
            errorCachingMinTtl: 10,
          }))
        : undefined,
    });
    this.distributionId = this.distribution.id;
    this.distributionArn = this.distribution.arn;
    this.distributionDomainName = this.distribution.domainName;
    this.siteOrigins = s.aliases.length > 0 ? s.aliases.map((alias) => `https://${alias}`) : [`https://${this.distribution.domainName}`];
    this.siteOrigin = this.siteOrigins[0]!;

    // The only reader of the bucket: this distribution, through its origin access control.
    site.addPolicyStatements(cloudFrontReadStatement("CloudFrontReadsSite", `${this.bucketArn}/*`, this.distribution.arn));
    props.media?.grantCloudFrontRead(this.distribution.arn);

    this.deployPolicy = new IamPolicy(this, "DeployPolicy", {
      name: `${prefix}-deploy`,
      description: `Deploy ${prefix}: sync the bucket, invalidate the distribution`,
      policy: policyDocument([
        { Sid: "ListSite", Effect: "Allow", Action: "s3:ListBucket", Resource: this.bucketArn },
        { Sid: "WriteSite", Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: `${this.bucketArn}/*` },
        { Sid: "Invalidate", Effect: "Allow", Action: "cloudfront:CreateInvalidation", Resource: this.distribution.arn },
      ]),
      tags: { Name: `${prefix}-deploy` },
    });
  }

  /** Attaches the deploy policy to a role (a CI role, say). Returns the attachment. */
  attachDeployPolicy(id: string, roleName: string): IamRolePolicyAttachment {
    return new IamRolePolicyAttachment(this, `DeployPolicy${id}`, { role: roleName, policyArn: this.deployPolicy.arn });
  }
}

interface Settings {
  readonly bucketName: string;
  readonly versioned: boolean;
  readonly priceClass: PriceClass;
  readonly aliases: readonly string[];
  readonly spaFallback: boolean;
}

/**
 * Every problem with a `StaticSite`'s props, found before anything is built (none when they
 * hold): what the constructor would refuse.
 */
export function staticSitePropProblems(props: StaticSiteProps): readonly PropProblem[] {
  return propProblems(() => validate(undefined, props));
}

function validate(scope: Construct | undefined, props: StaticSiteProps): Settings {
  const v = new PropsValidator(scope, "StaticSite");
  v.check(isValidNamePrefix(props.name), "name", NAME_PREFIX_RULE, props.name);
  v.check(ACCOUNT_ID_PATTERN.test(props.accountId), "accountId", 'must be a 12-digit AWS account id (e.g. "123456789012")', props.accountId);
  const bucketName = props.bucketName ?? `${resourceName(props.name, "site")}-${props.accountId}`;
  const nameProblem = bucketNameProblem(bucketName);
  v.check(nameProblem === undefined, "bucketName", `${nameProblem ?? ""} (S3 bucket naming rules)`, bucketName);

  const priceClass = props.priceClass ?? "PriceClass_100";
  const aliases = props.aliases ?? [];
  checkDistributionDomain(
    v,
    "",
    { priceClass, aliases, certificateArn: props.certificateArn },
    'must be a lowercase domain name such as "www.example.com" (no wildcard: each is also a CORS origin)',
  );
  if (props.contentSecurityPolicy !== undefined) {
    v.check(props.contentSecurityPolicy.trim().length > 0, "contentSecurityPolicy", "must not be empty", props.contentSecurityPolicy);
  }

  v.throwIfInvalid();
  return {
    bucketName,
    versioned: props.versioned ?? true,
    priceClass,
    aliases,
    spaFallback: props.spaFallback ?? true,
  };
}
