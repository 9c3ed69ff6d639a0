/**
 * What a bucket holds, from the purpose its module marked it with (`modules/shared/purpose.ts`,
 * read under `//` through the inspection layer): the site's build, the media, the raw uploads of
 * an upload pipeline, its processed assets, or something else (pipeline artifacts, access logs,
 * Terraform state). A bucket without a mark, or marked `media` (user files of any kind), is also
 * read from what the stack does with it: one whose notification invokes a function on each new
 * object holds uploads; one a CloudFront distribution serves without the site, beside such a
 * bucket, holds the processed assets. Construct ids play no part.
 */
import { blocks, referencedName, strings, textMark } from "../../inspect";
import { type Purpose, PURPOSE_MARK } from "../../modules/shared/purpose";
import { ASSUMPTIONS, usageSetting } from "./assumptions";
import type { Context } from "./context";

/** The buckets the usage settings size: the site's, the media, the uploads and the processed assets; `other` for the rest. */
export type BucketRole = "site" | "media" | "uploads" | "assets" | "other";

/**
 * The roles of the purposes. A bucket without a mark, or marked `media`, is also read from what
 * the stack does with it (its notifications and origins), as a stack built by hand may be.
 */
const ROLES: Readonly<Partial<Record<Purpose, BucketRole>>> = {
  "site-content": "site",
  media: "media",
  uploads: "uploads",
  "processed-assets": "assets",
};

/** Whether a bucket's notifications invoke a Lambda function when an object is created in it. */
export function notifiesFunctionOnCreate(ctx: Context, name: string): boolean {
  return ctx
    .of("aws_s3_bucket_notification")
    .some(([, n]) => referencedName(n.bucket, "aws_s3_bucket") === name && blocks(n.lambda_function).some((f) => createsObjects(strings(f.events))));
}

/** Whether S3 event types include object creation (`s3:ObjectCreated:*`, `s3:ObjectCreated:Put`, ...). */
export function createsObjects(events: readonly string[]): boolean {
  return events.some((e) => e.startsWith("s3:ObjectCreated:"));
}

/** The buckets a CloudFront distribution serves (its origins' domain names refer to them). */
export function originBuckets(distribution: Readonly<Record<string, unknown>>): string[] {
  return blocks(distribution.origin)
    .map((o) => referencedName(o.domain_name, "aws_s3_bucket"))
    .filter((b): b is string => b !== undefined);
}

function markedRole(ctx: Context, name: string): BucketRole | undefined {
  const bucket = ctx.resource("aws_s3_bucket", name);
  const purpose = bucket === undefined ? undefined : textMark(bucket.marks, PURPOSE_MARK);
  return purpose === undefined ? undefined : ROLES[purpose as Purpose];
}

/** Whether a bucket holds uploads by its mark, or, unmarked or marked `media`, by a notification that invokes a function on each new object. */
function isUploads(ctx: Context, name: string): boolean {
  const marked = markedRole(ctx, name);
  return marked === "uploads" || ((marked === undefined || marked === "media") && notifiesFunctionOnCreate(ctx, name));
}

/**
 * A bucket's role: its purpose mark's; for a bucket without a mark or marked `media`, `uploads` or
 * `assets` where the stack says so (see above); else the mark's role, or `other`.
 */
export function bucketRole(ctx: Context, name: string): BucketRole {
  const marked = markedRole(ctx, name);
  const hasMark = textMark(ctx.resource("aws_s3_bucket", name)?.marks ?? {}, PURPOSE_MARK) !== undefined;
  if (hasMark && marked !== "media") return marked ?? "other";
  if (isUploads(ctx, name)) return "uploads";
  const uploadsInStack = ctx.of("aws_s3_bucket").some(([other]) => other !== name && isUploads(ctx, other));
  // Served by a distribution that does not serve the site (the site's may serve the media too).
  const served = ctx.of("aws_cloudfront_distribution").some(([, d]) => {
    const origins = originBuckets(d);
    return origins.includes(name) && !origins.some((o) => markedRole(ctx, o) === "site");
  });
  return uploadsInStack && served ? "assets" : (marked ?? "other");
}

/** The buckets of a role, by name. */
export function bucketsOfRole(ctx: Context, role: BucketRole): string[] {
  return ctx
    .of("aws_s3_bucket")
    .map(([name]) => name)
    .filter((name) => bucketRole(ctx, name) === role);
}

/** The storage a bucket of a role is assumed to hold, in GiB, and the setting that says so (shared by the buckets of an upload role). */
export function bucketStorage(ctx: Context, role: BucketRole): { gib: number; source: string } {
  if (role === "site") return { gib: ctx.usage.siteStorageGiB, source: "usage.siteStorageGiB" };
  if (role === "media") return { gib: ctx.usage.mediaStorageGiB, source: "usage.mediaStorageGiB" };
  if (role === "uploads" || role === "assets") {
    const setting = usageSetting(ctx.usage, role === "uploads" ? "uploadStorageGiB" : "assetsStorageGiB");
    const buckets = Math.max(bucketsOfRole(ctx, role).length, 1);
    return { gib: setting.value / buckets, source: buckets > 1 ? `${setting.source}, shared by ${buckets} buckets` : setting.source };
  }
  return { gib: ASSUMPTIONS.otherBucketStorageGiB, source: "ASSUMPTIONS.otherBucketStorageGiB" };
}
