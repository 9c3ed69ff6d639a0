/** Prices of the site and its files: CloudFront, and S3 storage and requests by bucket purpose. */
import { stringOf } from "../../../inspect";
import { ASSUMPTIONS } from "../assumptions";
import { bucketRole, bucketStorage } from "../buckets";
import { address, Component, PriceRule } from "../context";

export const SITE_RULES: Readonly<Record<string, PriceRule>> = {
  aws_cloudfront_distribution: (ctx, name, distribution) => {
    const share = 1 / ctx.of("aws_cloudfront_distribution").length;
    const priceClass = stringOf(distribution.price_class) ?? "PriceClass_All";
    return [
      ctx.line(address("aws_cloudfront_distribution", name), "aws_cloudfront_distribution", `CloudFront (${priceClass}; usage.siteRequestsPerMonth, usage.siteDataOutGiBPerMonth; North America and Europe rates)`, [
        { key: "cloudfront-10k-https-requests", quantity: (ctx.usage.siteRequestsPerMonth * share) / 1e4, what: "× 10,000 HTTPS requests" },
        { key: "cloudfront-gb-out", quantity: ctx.usage.siteDataOutGiBPerMonth * share, what: "GB out" },
      ]),
    ];
  },

  aws_s3_bucket: (ctx, name) => {
    const role = bucketRole(ctx, name);
    const storage = bucketStorage(ctx, role);
    const components: Component[] = [
      { key: "s3-standard-gb-month", quantity: storage.gib, what: "GB-month" },
      { key: "s3-1k-put-requests", quantity: ASSUMPTIONS.putRequestsPerBucketPerMonth / 1000, what: "× 1,000 PUT/LIST" },
    ];
    if (role === "site") {
      components.push({ key: "s3-1k-get-requests", quantity: (ctx.usage.siteRequestsPerMonth * ASSUMPTIONS.siteCacheMissRatio) / 1000, what: "× 1,000 GET (CloudFront cache misses)" });
    }
    return [ctx.line(address("aws_s3_bucket", name), "aws_s3_bucket", `S3 Standard, ${role === "other" ? "" : `${role} bucket, `}storage from ${storage.source}`, components)];
  },
};
