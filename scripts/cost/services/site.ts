/**
 * Prices of the site and its files: CloudFront, and S3 storage and requests by bucket purpose.
 *
 * A distribution that serves an upload pipeline's processed-assets bucket is priced from the
 * assets' usage (`usage.assetsRequestsPerMonth`, `usage.assetsDataOutGiBPerMonth`); the others
 * share the site's (`usage.siteRequestsPerMonth`, `usage.siteDataOutGiBPerMonth`). Each
 * distribution has its own line, and no request is counted on two.
 */
import { stringOf } from "../../../inspect";
import { ASSUMPTIONS, usageSetting } from "../assumptions";
import { bucketRole, bucketsOfRole, bucketStorage, originBuckets } from "../buckets";
import { address, Component, Context, PriceRule } from "../context";
import type { TerraformResource } from "../types";

/** Whether a distribution serves the processed assets (one of its origins is a bucket of that role). */
function servesAssets(ctx: Context, distribution: TerraformResource): boolean {
  return originBuckets(distribution).some((bucket) => bucketRole(ctx, bucket) === "assets");
}

/** Uploads a month to each bucket of an upload role (`usage.uploadsPerMonth`, shared by the buckets of the role). */
function uploadsPerBucket(ctx: Context, role: "uploads" | "assets"): { count: number; source: string } {
  const uploads = usageSetting(ctx.usage, "uploadsPerMonth");
  const buckets = Math.max(bucketsOfRole(ctx, role).length, 1);
  return { count: uploads.value / buckets, source: buckets > 1 ? `${uploads.source}, shared by ${buckets} buckets` : uploads.source };
}

export const SITE_RULES: Readonly<Record<string, PriceRule>> = {
  aws_cloudfront_distribution: (ctx, name, distribution) => {
    const priceClass = stringOf(distribution.price_class) ?? "PriceClass_All";
    const at = address("aws_cloudfront_distribution", name);
    if (servesAssets(ctx, distribution)) {
      const share = 1 / ctx.of("aws_cloudfront_distribution").filter(([, d]) => servesAssets(ctx, d)).length;
      const requests = usageSetting(ctx.usage, "assetsRequestsPerMonth");
      const out = usageSetting(ctx.usage, "assetsDataOutGiBPerMonth");
      return [
        ctx.line(at, "aws_cloudfront_distribution", `CloudFront serving the processed assets (${priceClass}; ${requests.source}; ${out.source}; North America and Europe rates)`, [
          { key: "cloudfront-10k-https-requests", quantity: (requests.value * share) / 1e4, what: "× 10,000 HTTPS requests" },
          { key: "cloudfront-gb-out", quantity: out.value * share, what: "GB out" },
        ]),
      ];
    }
    const share = 1 / ctx.of("aws_cloudfront_distribution").filter(([, d]) => !servesAssets(ctx, d)).length;
    return [
      ctx.line(at, "aws_cloudfront_distribution", `CloudFront (${priceClass}; usage.siteRequestsPerMonth, usage.siteDataOutGiBPerMonth; North America and Europe rates)`, [
        { key: "cloudfront-10k-https-requests", quantity: (ctx.usage.siteRequestsPerMonth * share) / 1e4, what: "× 10,000 HTTPS requests" },
        { key: "cloudfront-gb-out", quantity: ctx.usage.siteDataOutGiBPerMonth * share, what: "GB out" },
      ]),
    ];
  },

  aws_s3_bucket: (ctx, name) => {
    const role = bucketRole(ctx, name);
    const storage = bucketStorage(ctx, role);
    const at = address("aws_s3_bucket", name);
    const stored: Component = { key: "s3-standard-gb-month", quantity: storage.gib, what: "GB-month" };
    if (role === "uploads") {
      // The browser's presigned PUT of each upload, and the triggered function's GET of it.
      const uploads = uploadsPerBucket(ctx, role);
      return [
        ctx.line(at, "aws_s3_bucket", `S3 Standard, uploads bucket, storage from ${storage.source}; a PUT and a GET per upload (${uploads.source})`, [
          stored,
          { key: "s3-1k-put-requests", quantity: uploads.count / 1000, what: "× 1,000 PUT (uploads)" },
          { key: "s3-1k-get-requests", quantity: uploads.count / 1000, what: "× 1,000 GET (the function reading each upload)" },
        ]),
      ];
    }
    if (role === "assets") {
      // The function's PUT of each processed file, and the assets distribution's cache misses.
      const uploads = uploadsPerBucket(ctx, role);
      const requests = usageSetting(ctx.usage, "assetsRequestsPerMonth");
      const buckets = Math.max(bucketsOfRole(ctx, role).length, 1);
      return [
        ctx.line(at, "aws_s3_bucket", `S3 Standard, processed-assets bucket, storage from ${storage.source}; a PUT per upload (${uploads.source}); GETs for the CloudFront cache misses of ${requests.source}`, [
          stored,
          { key: "s3-1k-put-requests", quantity: uploads.count / 1000, what: "× 1,000 PUT (processed files)" },
          { key: "s3-1k-get-requests", quantity: (requests.value * ASSUMPTIONS.siteCacheMissRatio) / buckets / 1000, what: "× 1,000 GET (CloudFront cache misses)" },
        ]),
      ];
    }
    const components: Component[] = [stored, { key: "s3-1k-put-requests", quantity: ASSUMPTIONS.putRequestsPerBucketPerMonth / 1000, what: "× 1,000 PUT/LIST" }];
    if (role === "site") {
      components.push({ key: "s3-1k-get-requests", quantity: (ctx.usage.siteRequestsPerMonth * ASSUMPTIONS.siteCacheMissRatio) / 1000, what: "× 1,000 GET (CloudFront cache misses)" });
    }
    return [ctx.line(at, "aws_s3_bucket", `S3 Standard, ${role === "other" ? "" : `${role} bucket, `}storage from ${storage.source}`, components)];
  },
};
