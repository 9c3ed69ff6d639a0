/**
 * What a bucket holds, from the purpose its module marked it with (`modules/shared/purpose.ts`,
 * read under `//` through the inspection layer): the site's build, the media, or something
 * else (pipeline artifacts, access logs, Terraform state, an unmarked bucket).
 */
import { textMark } from "../../inspect";
import { type Purpose, PURPOSE_MARK } from "../../modules/shared/purpose";
import { ASSUMPTIONS } from "./assumptions";
import type { Context } from "./context";

/** The buckets the usage settings size: the site's and the media bucket; `other` for the rest. */
export type BucketRole = "site" | "media" | "other";

const ROLES: Readonly<Partial<Record<Purpose, BucketRole>>> = { "site-content": "site", media: "media" };

/** A bucket's role, from its purpose mark: `site-content` is the site's, `media` the media bucket. */
export function bucketRole(ctx: Context, name: string): BucketRole {
  const bucket = ctx.resource("aws_s3_bucket", name);
  const purpose = bucket === undefined ? undefined : textMark(bucket.marks, PURPOSE_MARK);
  return (purpose === undefined ? undefined : ROLES[purpose as Purpose]) ?? "other";
}

/** The storage a bucket of a role is assumed to hold, in GiB, and the setting that says so. */
export function bucketStorage(ctx: Context, role: BucketRole): { gib: number; source: string } {
  if (role === "site") return { gib: ctx.usage.siteStorageGiB, source: "usage.siteStorageGiB" };
  if (role === "media") return { gib: ctx.usage.mediaStorageGiB, source: "usage.mediaStorageGiB" };
  return { gib: ASSUMPTIONS.otherBucketStorageGiB, source: "ASSUMPTIONS.otherBucketStorageGiB" };
}
