/** Controls on the application buckets (by purpose: the site's and the media bucket): access logs and cross-region replication. */
import { referencedName } from "../../../inspect";
import { ASSUMPTIONS, CONTROL_ASSUMPTIONS } from "../assumptions";
import { bucketRole, bucketStorage } from "../buckets";
import type { Component, Context } from "../context";
import { formatQuantity, joinAnd } from "../format";
import type { ControlLine } from "../types";
import { controlLine, controlNote, unitPrice } from "./lines";

/** The names of the site and media buckets. */
function applicationBuckets(ctx: Context): string[] {
  return ctx.of("aws_s3_bucket").map(([name]) => name).filter((name) => bucketRole(ctx, name) !== "other");
}

/** The buckets `type` (`aws_s3_bucket_logging`, ...) configures. */
function configured(ctx: Context, type: string): Set<string | undefined> {
  return new Set(ctx.of(type).map(([, r]) => referencedName(r.bucket, "aws_s3_bucket")));
}

export function accessLogsControl(ctx: Context, logRetentionDays: number): ControlLine {
  const control = "S3 server access logs on the application buckets";
  const buckets = applicationBuckets(ctx);
  if (buckets.length === 0) return controlNote(control, "not applicable", "the stack has no site or media bucket");
  const logged = configured(ctx, "aws_s3_bucket_logging");
  const wanted = buckets.filter((name) => !logged.has(name));
  if (wanted.length === 0) return controlNote(control, "in use", "the site and media buckets already log to a bucket (aws_s3_bucket_logging); npm run cost prices the storage");
  const roles = wanted.map((name) => bucketRole(ctx, name));
  const gets = ctx.usage.siteRequestsPerMonth * ASSUMPTIONS.siteCacheMissRatio;
  const requests = gets + ASSUMPTIONS.putRequestsPerBucketPerMonth * wanted.length;
  const gbPerMonth = (requests * CONTROL_ASSUMPTIONS.s3AccessLogBytesPerRecord) / 1e9;
  const months = logRetentionDays / (365 / 12);
  return controlLine(
    ctx,
    control,
    `the ${joinAnd(roles)} bucket(s); log delivery is free, the log objects are stored: one ${CONTROL_ASSUMPTIONS.s3AccessLogBytesPerRecord}-byte record per request, so the volume follows the requests (${formatQuantity(requests)} a month: the CloudFront cache misses of usage.siteRequestsPerMonth and ASSUMPTIONS.putRequestsPerBucketPerMonth per bucket = ${formatQuantity(gbPerMonth)} GB a month), kept ${logRetentionDays} days (logRetentionDays)`,
    [{ key: "s3-standard-gb-month", quantity: gbPerMonth * months, what: "GB-month" }],
    [`${unitPrice(ctx, "s3-standard-gb-month", "GB-month")} for every further GB of logs`],
  );
}

/** A second copy of the named buckets in another region: its storage, the replication PUTs, and the transfer per GB written. */
export function replicaComponents(ctx: Context, buckets: readonly string[]): { components: Component[]; plus: string[]; storage: string } {
  const storages = buckets.map((name) => bucketStorage(ctx, bucketRole(ctx, name)));
  return {
    storage: storages.map((s) => s.source).join(" + "),
    components: [
      { key: "s3-standard-gb-month", quantity: storages.reduce((sum, s) => sum + s.gib, 0), what: "GB-month second copy (at this region's S3 Standard rate)" },
      { key: "s3-1k-put-requests", quantity: (ASSUMPTIONS.putRequestsPerBucketPerMonth * buckets.length) / 1000, what: "× 1,000 replication PUTs" },
    ],
    plus: [`${unitPrice(ctx, "data-transfer-inter-region-gb", "GB replicated")} (the objects written each month, a volume the usage settings do not give; existing objects replicate only with S3 Batch Replication)`],
  };
}

export function replicationControl(ctx: Context): ControlLine {
  const control = "Cross-region replication of the media and site buckets";
  const buckets = applicationBuckets(ctx);
  if (buckets.length === 0) return controlNote(control, "not applicable", "the stack has no site or media bucket");
  const replicated = configured(ctx, "aws_s3_bucket_replication_configuration");
  const wanted = buckets.filter((name) => !replicated.has(name));
  if (wanted.length === 0) return controlNote(control, "in use", "the site and media buckets already replicate (aws_s3_bucket_replication_configuration)");
  const versioned = configured(ctx, "aws_s3_bucket_versioning");
  const versioning = wanted.every((name) => versioned.has(name)) ? "versioning, which replication needs, is already on" : "replication needs versioning on both buckets";
  const replica = replicaComponents(ctx, wanted);
  return controlLine(ctx, control, `a replica bucket in a second region for the ${joinAnd(wanted.map((name) => bucketRole(ctx, name)))} bucket(s) (${replica.storage}; ${versioning})`, replica.components, replica.plus);
}
