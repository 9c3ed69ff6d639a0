import type { CloudfrontDistributionConfig, CloudfrontDistributionDefaultCacheBehavior } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { suppress } from "../../policies/suppressions";
import { PropsValidator } from "../shared/errors";
import { markPurpose } from "../shared/purpose";
import { PolicyStatement } from "./policy";
import { PrivateBucket } from "./private-bucket";

/**
 * What a CloudFront distribution in front of a private S3 bucket shares, whatever it serves (a
 * site's build, processed uploads): an origin access control signing with SigV4, a security
 * headers policy, the bucket-policy statement that lets the one distribution read, the
 * distribution's common settings (HTTPS, HTTP/2 and 3, IPv6, TLS 1.2_2021 with a certificate,
 * standard logs), its access log bucket, and the checks of its aliases and certificate.
 */

/** CloudFront price classes: which edge locations serve. `PriceClass_100` (North America and Europe) is cheapest. */
export type PriceClass = "PriceClass_100" | "PriceClass_200" | "PriceClass_All";

export const PRICE_CLASSES: readonly PriceClass[] = ["PriceClass_100", "PriceClass_200", "PriceClass_All"];

/** AWS's managed cache policy "CachingOptimized": long TTLs, gzip and brotli, no cookies or query strings. */
export const CACHING_OPTIMIZED_POLICY_ID = "658327ea-f89d-4fab-a63d-7e88639e58f6";

/**
 * The hosted zone id of every CloudFront distribution, the `zone_id` of an alias record to one
 * (the domain module's `CLOUDFRONT_HOSTED_ZONE_ID`, the same in every account and region).
 */
export const CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";

/** HSTS max-age of the security headers: two years. */
const HSTS_MAX_AGE_SECONDS = 63072000;

/** An origin access control for S3 that signs every request with SigV4. */
export function originAccessControl(scope: Construct, id: string, name: string, description: string): CloudfrontOriginAccessControl {
  return new CloudfrontOriginAccessControl(scope, id, {
    name,
    description,
    originAccessControlOriginType: "s3",
    signingBehavior: "always",
    signingProtocol: "sigv4",
  });
}

export interface SecurityHeadersOptions {
  readonly name: string;
  readonly comment: string;
  /** A Content-Security-Policy header value; none when undefined. */
  readonly contentSecurityPolicy?: string;
}

/**
 * A response headers policy: HSTS (two years, subdomains), `X-Content-Type-Options: nosniff`,
 * `X-Frame-Options: DENY`, `Referrer-Policy: strict-origin-when-cross-origin`, and the CSP when
 * given, each overriding what the origin sends.
 */
export function securityHeadersPolicy(scope: Construct, id: string, options: SecurityHeadersOptions): CloudfrontResponseHeadersPolicy {
  return new CloudfrontResponseHeadersPolicy(scope, id, {
    name: options.name,
    comment: options.comment,
    securityHeadersConfig: {
      strictTransportSecurity: { accessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, includeSubdomains: true, preload: false, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: "DENY", override: true },
      referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
      ...(options.contentSecurityPolicy === undefined
        ? {}
        : { contentSecurityPolicy: { contentSecurityPolicy: options.contentSecurityPolicy, override: true } }),
    },
  });
}

/**
 * The bucket-policy statement that lets one distribution (through its origin access control,
 * `AWS:SourceArn`) read objects: `resource` is the objects' ARN pattern (`<bucket ARN>/*`).
 */
export function cloudFrontReadStatement(sid: string, resource: string, distributionArn: string): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { Service: "cloudfront.amazonaws.com" },
    Action: "s3:GetObject",
    Resource: resource,
    Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
  };
}

/** The settings every cache behavior of these distributions has: HTTP redirected to HTTPS, GET/HEAD cached, compressed, CachingOptimized. */
export const CACHE_BEHAVIOR_DEFAULTS: Pick<CloudfrontDistributionDefaultCacheBehavior, "viewerProtocolPolicy" | "cachedMethods" | "compress" | "cachePolicyId"> = {
  // HTTP requests are redirected; content is only ever served over HTTPS.
  viewerProtocolPolicy: "redirect-to-https",
  cachedMethods: ["GET", "HEAD"],
  compress: true,
  cachePolicyId: CACHING_OPTIMIZED_POLICY_ID,
};

export interface DistributionSettingsOptions {
  /** The distribution's comment and Name tag. */
  readonly name: string;
  readonly priceClass: PriceClass;
  /** Custom domain names; none when empty. */
  readonly aliases: readonly string[];
  /** An ACM certificate in us-east-1; the cloudfront.net certificate when undefined. */
  readonly certificateArn?: string;
  /** The bucket CloudFront standard logs go to (under `cloudfront/`), from {@link cloudFrontLogBucket}. */
  readonly logBucket?: PrivateBucket;
}

/**
 * The settings of the distribution itself that do not depend on what it serves: enabled, IPv6,
 * HTTP/2 and HTTP/3, no geo restriction, the certificate (SNI, TLSv1.2_2021 at least) or the
 * cloudfront.net one, the standard logs, the Name tag. The caller adds origins and behaviors.
 */
export function distributionSettings(
  options: DistributionSettingsOptions,
): Pick<
  CloudfrontDistributionConfig,
  "enabled" | "comment" | "isIpv6Enabled" | "httpVersion" | "priceClass" | "aliases" | "restrictions" | "viewerCertificate" | "loggingConfig" | "dependsOn" | "tags"
> {
  return {
    enabled: true,
    comment: options.name,
    isIpv6Enabled: true,
    httpVersion: "http2and3",
    priceClass: options.priceClass,
    aliases: options.aliases.length > 0 ? [...options.aliases] : undefined,
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate:
      options.certificateArn === undefined
        ? { cloudfrontDefaultCertificate: true }
        : { acmCertificateArn: options.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
    loggingConfig: options.logBucket ? { bucket: options.logBucket.bucket.bucketDomainName, prefix: "cloudfront/", includeCookies: false } : undefined,
    // CloudFront checks it may write the log bucket's ACL when logging is turned on.
    dependsOn: options.logBucket ? [options.logBucket.ownershipControls] : undefined,
    tags: { Name: options.name },
  };
}

/**
 * A bucket for a distribution's CloudFront standard logs, kept 90 days. It keeps ACLs
 * (`BucketOwnerPreferred`: standard logging writes with one) and no versions, both suppressed in
 * the policy pack with their reasons; Terraform may empty it on destroy unless `preventDestroy`.
 */
export function cloudFrontLogBucket(scope: Construct, id: string, options: { readonly bucketName: string; readonly preventDestroy: boolean }): PrivateBucket {
  const logs = new PrivateBucket(scope, id, {
    bucketName: options.bucketName,
    encryption: "sse-s3",
    versioned: false,
    preventDestroy: options.preventDestroy,
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
  markPurpose(logs.bucket, "access-logs");
  suppress(logs.bucket, [
    {
      id: "s3-bucket-ownership-enforced",
      reason: "CloudFront standard logging delivers log files with an ACL, so this bucket keeps ACLs on (BucketOwnerPreferred); it holds only access logs.",
    },
    {
      id: "s3-bucket-versioning",
      reason: "Access logs are written once by CloudFront, never overwritten, and expire after 90 days: versions would only add storage.",
    },
  ]);
  return logs;
}

/** A CloudFront alias: lowercase labels and a top-level domain of letters; no wildcard. */
const DOMAIN = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/;

export interface DistributionDomainProps {
  readonly aliases: readonly string[];
  readonly certificateArn?: string;
  readonly priceClass: PriceClass;
}

/**
 * Checks a distribution's price class, aliases and certificate: each alias a domain name
 * (`aliasRule` says what else an alias is), aliases only with a certificate and a certificate
 * only with aliases, the certificate an ACM ARN in us-east-1. `prefix` is put before each prop's
 * name (`"assets."`, or `""` for top-level props).
 */
export function checkDistributionDomain(v: PropsValidator, prefix: string, props: DistributionDomainProps, aliasRule: string): void {
  v.check(PRICE_CLASSES.includes(props.priceClass), `${prefix}priceClass`, `must be one of ${PRICE_CLASSES.join(", ")}`, props.priceClass);
  props.aliases.forEach((alias, i) => {
    v.check(DOMAIN.test(alias), `${prefix}aliases[${i}]`, aliasRule, alias);
  });
  if (props.aliases.length > 0 && props.certificateArn === undefined) {
    v.fail(`${prefix}aliases`, `need ${prefix}certificateArn (an ACM certificate in us-east-1 covering them)`, props.aliases);
  }
  if (props.certificateArn !== undefined && !Token.isUnresolved(props.certificateArn)) {
    const match = ACM_CERTIFICATE_ARN.exec(props.certificateArn);
    if (!match) {
      v.fail(`${prefix}certificateArn`, "must be an ACM certificate ARN (arn:aws:acm:us-east-1:<account>:certificate/<id>)", props.certificateArn);
    } else {
      v.check(
        match[1] === "us-east-1",
        `${prefix}certificateArn`,
        `must be in us-east-1, where CloudFront reads certificates; this one is in ${match[1]}`,
        props.certificateArn,
      );
    }
    if (props.aliases.length === 0) v.fail(`${prefix}certificateArn`, "applies only with aliases; add the domain names it covers", props.certificateArn);
  }
}
