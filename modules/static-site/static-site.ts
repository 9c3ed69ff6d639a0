import { CloudfrontDistribution, CloudfrontDistributionOrderedCacheBehavior, CloudfrontDistributionOrigin } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { suppress } from "../../policies/suppressions";
import { ACCOUNT_ID_PATTERN } from "../shared/arn";
import { PropProblem, PropsValidator, propProblems } from "../shared/errors";
import { isValidNamePrefix, NAME_PREFIX_RULE, resourceName } from "../_internal/naming";
import { policyDocument } from "../_internal/policy";
import { PrivateBucket } from "../_internal/private-bucket";
import { bucketNameProblem } from "../shared/s3-names";
import { markPurpose } from "../shared/purpose";

/** CloudFront price classes: which edge locations serve the site. `PriceClass_100` (North America and Europe) is cheapest. */
export type PriceClass = "PriceClass_100" | "PriceClass_200" | "PriceClass_All";

/** A bucket the distribution serves under `/media/*`: `MediaBucket` is one. */
export interface SiteMediaOrigin {
  readonly bucketRegionalDomainName: string;
  /** Lets this distribution (and, in the bucket policy, no other) read the `media/` objects. */
  grantCloudFrontRead(distributionArn: string): void;
}

/** AWS's managed cache policy "CachingOptimized": long TTLs, gzip and brotli, no cookies or query strings. */
export const CACHING_OPTIMIZED_POLICY_ID = "658327ea-f89d-4fab-a63d-7e88639e58f6";
/** The CSP of `/media/*`: nothing loads, nothing runs, as if in a sandboxed frame. */
export const MEDIA_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox";
const PRICE_CLASSES: readonly PriceClass[] = ["PriceClass_100", "PriceClass_200", "PriceClass_All"];

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
      this.logBucket = new PrivateBucket(this, "Logs", {
        bucketName: `${resourceName(props.name, "site-logs")}-${props.accountId}`,
        encryption: "sse-s3",
        versioned: false,
        preventDestroy: props.preventDestroy ?? false,
        forceDestroy: true,
        // CloudFront standard logging still writes with an ACL.
        objectOwnership: "BucketOwnerPreferred",
        lifecycleRules: [
          {
            id: "expire-logs",
            status: "Enabled",
            filter: [{ prefix: "" }],
            expiration: [{ days: 90 }],
            abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          },
        ],
      });
      markPurpose(this.logBucket.bucket, "access-logs");
      suppress(this.logBucket.bucket, [
        {
          id: "s3-bucket-ownership-enforced",
          reason: "CloudFront standard logging delivers log files with an ACL, so this bucket keeps ACLs on (BucketOwnerPreferred); it holds only access logs.",
        },
        {
          id: "s3-bucket-versioning",
          reason: "Access logs are written once by CloudFront, never overwritten, and expire after 90 days: versions would only add storage.",
        },
      ]);
    }

    this.originAccessControl = new CloudfrontOriginAccessControl(this, "OriginAccessControl", {
      name: prefix,
      description: `CloudFront reads ${prefix} with signed requests`,
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });

    this.responseHeadersPolicy = new CloudfrontResponseHeadersPolicy(this, "SecurityHeaders", {
      name: `${prefix}-security-headers`,
      comment: "HSTS, no sniffing, no framing, strict referrer",
      securityHeadersConfig: {
        strictTransportSecurity: { accessControlMaxAgeSec: 63072000, includeSubdomains: true, preload: false, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: "DENY", override: true },
        referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
        ...(props.contentSecurityPolicy === undefined
          ? {}
          : { contentSecurityPolicy: { contentSecurityPolicy: props.contentSecurityPolicy, override: true } }),
      },
    });

    const origins: CloudfrontDistributionOrigin[] = [
      { originId: "site", domainName: this.bucket.bucketRegionalDomainName, originAccessControlId: this.originAccessControl.id },
    ];
    const orderedCacheBehavior: CloudfrontDistributionOrderedCacheBehavior[] = [];
    if (props.media) {
      // Uploaded files are served from the site's own origin: whatever one holds must never run
      // as part of the site. A sandboxing CSP keeps an HTML or SVG upload from running script.
      this.mediaHeadersPolicy = new CloudfrontResponseHeadersPolicy(this, "MediaSecurityHeaders", {
        name: `${prefix}-media-headers`,
        comment: "Uploaded media: no script, no framing, no sniffing",
        securityHeadersConfig: {
          strictTransportSecurity: { accessControlMaxAgeSec: 63072000, includeSubdomains: true, preload: false, override: true },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: "DENY", override: true },
          referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
          contentSecurityPolicy: { contentSecurityPolicy: MEDIA_CONTENT_SECURITY_POLICY, override: true },
        },
      });
      const mediaAccess = new CloudfrontOriginAccessControl(this, "MediaOriginAccessControl", {
        name: `${prefix}-media`,
        description: `CloudFront reads the media of ${props.name} with signed requests`,
        originAccessControlOriginType: "s3",
        signingBehavior: "always",
        signingProtocol: "sigv4",
      });
      origins.push({ originId: "media", domainName: props.media.bucketRegionalDomainName, originAccessControlId: mediaAccess.id });
      orderedCacheBehavior.push({
        pathPattern: "/media/*",
        targetOriginId: "media",
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD"],
        cachedMethods: ["GET", "HEAD"],
        compress: true,
        cachePolicyId: CACHING_OPTIMIZED_POLICY_ID,
        responseHeadersPolicyId: this.mediaHeadersPolicy.id,
      });
    }

    this.distribution = new CloudfrontDistribution(this, "Distribution", {
      enabled: true,
      comment: prefix,
      isIpv6Enabled: true,
      httpVersion: "http2and3",
      priceClass: s.priceClass,
      defaultRootObject: "index.html",
      aliases: s.aliases.length > 0 ? [...s.aliases] : undefined,
      origin: origins,
      defaultCacheBehavior: {
        targetOriginId: "site",
        // HTTP requests are redirected; content is only ever served over HTTPS.
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD", "OPTIONS"],
        cachedMethods: ["GET", "HEAD"],
        compress: true,
        cachePolicyId: CACHING_OPTIMIZED_POLICY_ID,
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
      restrictions: { geoRestriction: { restrictionType: "none" } },
      viewerCertificate:
        props.certificateArn === undefined
          ? { cloudfrontDefaultCertificate: true }
          : { acmCertificateArn: props.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
      loggingConfig: this.logBucket
        ? { bucket: this.logBucket.bucket.bucketDomainName, prefix: "cloudfront/", includeCookies: false }
        : undefined,
      dependsOn: this.logBucket ? [this.logBucket.ownershipControls] : undefined,
      tags: { Name: prefix },
    });
    this.distributionId = this.distribution.id;
    this.distributionArn = this.distribution.arn;
    this.distributionDomainName = this.distribution.domainName;
    this.siteOrigins = s.aliases.length > 0 ? s.aliases.map((alias) => `https://${alias}`) : [`https://${this.distribution.domainName}`];
    this.siteOrigin = this.siteOrigins[0]!;

    // The only reader of the bucket: this distribution, through its origin access control.
    site.addPolicyStatements({
      Sid: "CloudFrontReadsSite",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
      Resource: `${this.bucketArn}/*`,
      Condition: { StringEquals: { "AWS:SourceArn": this.distribution.arn } },
    });
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

const DOMAIN = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/;

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
  v.check(PRICE_CLASSES.includes(priceClass), "priceClass", `must be one of ${PRICE_CLASSES.join(", ")}`, priceClass);

  const aliases = props.aliases ?? [];
  aliases.forEach((alias, i) => {
    v.check(
      DOMAIN.test(alias),
      `aliases[${i}]`,
      'must be a lowercase domain name such as "www.example.com" (no wildcard: each is also a CORS origin)',
      alias,
    );
  });
  if (aliases.length > 0 && props.certificateArn === undefined) {
    v.fail("aliases", "need certificateArn (an ACM certificate in us-east-1 covering them)", aliases);
  }
  if (props.certificateArn !== undefined && !Token.isUnresolved(props.certificateArn)) {
    const match = ACM_CERTIFICATE_ARN.exec(props.certificateArn);
    if (!match) {
      v.fail("certificateArn", "must be an ACM certificate ARN (arn:aws:acm:us-east-1:<account>:certificate/<id>)", props.certificateArn);
    } else {
      v.check(
        match[1] === "us-east-1",
        "certificateArn",
        `must be in us-east-1, where CloudFront reads certificates; this one is in ${match[1]}`,
        props.certificateArn,
      );
    }
    if (aliases.length === 0) v.fail("certificateArn", "applies only with aliases; add the domain names it covers", props.certificateArn);
  }
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
