import { block, blocks, hasText, parseReference } from "../../json";
import { notApplicable, Rule, verdictOf } from "../../types";

const S3_DOMAIN = /\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/i;
const S3_WEBSITE = /\.s3-website[.-]/i;

/** An origin served by the S3 REST endpoint (not a website endpoint, which OAC cannot sign for). */
function isS3Origin(origin: Record<string, unknown>): boolean {
  if (block(origin.s3_origin_config) !== undefined) return true;
  const reference = parseReference(origin.domain_name);
  if (reference !== undefined) return /^(data\.)?aws_s3_bucket$/.test(reference.type) && /^bucket_(regional_)?domain_name$/.test(reference.attribute);
  const domain = typeof origin.domain_name === "string" ? origin.domain_name.trim() : "";
  return S3_DOMAIN.test(domain) && !S3_WEBSITE.test(domain);
}

/** Every S3 origin is read through an origin access control that signs requests. */
export const cloudfrontS3OriginAccessControl: Rule = {
  id: "cloudfront-s3-origin-access-control",
  level: "error",
  resourceTypes: ["aws_cloudfront_distribution"],
  summary: "CloudFront S3 origin not read through an origin access control",
  why: "Without an origin access control CloudFront reads the bucket unsigned, so the bucket must be open to the public (or to the legacy origin access identity, which lacks SSE-KMS and newer regions).",
  check(distribution, context) {
    const origins = blocks(distribution.values.origin).filter(isS3Origin);
    if (origins.length === 0) return notApplicable("the distribution has no S3 origin");
    const problems = origins.flatMap((origin) => {
      const label = `origin ${JSON.stringify(origin.origin_id ?? origin.domain_name)}`;
      if (!hasText(origin.origin_access_control_id)) {
        return hasText(block(origin.s3_origin_config)?.origin_access_identity)
          ? [`${label} uses the legacy s3_origin_config.origin_access_identity; set origin_access_control_id to an origin access control instead`]
          : [`${label} has no origin_access_control_id, so CloudFront reads the bucket unsigned`];
      }
      const control = context.resolve(origin.origin_access_control_id);
      if (control?.type === "aws_cloudfront_origin_access_control" && control.values.signing_behavior === "never") {
        return [`${label} uses ${control.address}, whose signing_behavior is "never"`];
      }
      return [];
    });
    return verdictOf(problems);
  },
};
