/** Customer-managed KMS keys for the buckets, log groups, ECR repository and pipeline artifacts. */
import { blocks, referencedName, stringOf } from "../../../inspect";
import { ASSUMPTIONS } from "../assumptions";
import { bucketRole } from "../buckets";
import type { Component, Context } from "../context";
import { joinAnd } from "../format";
import type { ControlLine } from "../types";
import { controlLine, controlNote, unitPrice } from "./lines";

/** The buckets the pipelines keep their artifacts in. */
function artifactBucketNames(ctx: Context): Set<string> {
  const names = new Set<string>();
  for (const [, pipeline] of ctx.of("aws_codepipeline")) {
    for (const store of blocks(pipeline.artifact_store)) {
      const name = referencedName(store.location, "aws_s3_bucket");
      if (name !== undefined) names.add(name);
    }
  }
  return names;
}

function bucketUsesKms(ctx: Context, name: string): boolean {
  return ctx.of("aws_s3_bucket_server_side_encryption_configuration").some(
    ([, sse]) =>
      referencedName(sse.bucket, "aws_s3_bucket") === name &&
      blocks(sse.rule).some((rule) => blocks(rule.apply_server_side_encryption_by_default).some((d) => stringOf(d.sse_algorithm)?.startsWith("aws:kms") === true)),
  );
}

export function kmsControl(ctx: Context): ControlLine {
  const control = "Customer-managed KMS keys";
  const artifacts = artifactBucketNames(ctx);
  const buckets = ctx.of("aws_s3_bucket").filter(([name]) => !artifacts.has(name));
  const artifactBuckets = ctx.of("aws_s3_bucket").filter(([name]) => artifacts.has(name));
  const logGroups = ctx.of("aws_cloudwatch_log_group");
  const repositories = ctx.of("aws_ecr_repository");
  const pipelines = ctx.of("aws_codepipeline");
  const kinds = [
    { kind: "buckets", present: buckets.length > 0, inUse: buckets.length > 0 && buckets.every(([name]) => bucketUsesKms(ctx, name)) },
    { kind: "log groups", present: logGroups.length > 0, inUse: logGroups.length > 0 && logGroups.every(([, g]) => stringOf(g.kms_key_id) !== undefined) },
    {
      kind: "ECR repository",
      present: repositories.length > 0,
      inUse: repositories.length > 0 && repositories.every(([, r]) => blocks(r.encryption_configuration).some((c) => c.encryption_type === "KMS" && stringOf(c.kms_key) !== undefined)),
    },
    {
      kind: "pipeline artifacts",
      present: pipelines.length > 0,
      inUse: pipelines.length > 0 && pipelines.every(([, p]) => blocks(p.artifact_store).every((s) => blocks(s.encryption_key).length > 0)),
    },
  ];
  const wanted = kinds.filter((k) => k.present && !k.inUse);
  if (wanted.length === 0) {
    return kinds.some((k) => k.present)
      ? controlNote(control, "in use", "buckets, log groups, the ECR repository and the pipeline artifacts already use customer-managed keys; npm run cost prices them")
      : controlNote(control, "not applicable", "the stack has no buckets, log groups, ECR repository or pipeline");
  }
  const wants = (kind: string) => wanted.some((k) => k.kind === kind);
  // One KMS request per S3 object read or write without an S3 Bucket Key (an upper bound):
  // the CloudFront cache misses and the PUT/LIST requests the cost estimate assumes per bucket.
  const requestBuckets = [...(wants("buckets") ? buckets : []), ...(wants("pipeline artifacts") ? artifactBuckets : [])];
  const servesSite = requestBuckets.some(([name]) => bucketRole(ctx, name) !== "other");
  const requests = (servesSite ? ctx.usage.siteRequestsPerMonth * ASSUMPTIONS.siteCacheMissRatio : 0) + ASSUMPTIONS.putRequestsPerBucketPerMonth * requestBuckets.length;
  const unestimated = [...(wants("log groups") ? ["the log groups"] : []), ...(wants("ECR repository") ? ["the ECR repository"] : []), ...(wants("pipeline artifacts") ? ["the pipeline's artifact reads"] : [])];
  const components: Component[] = [{ key: "kms-key-month", quantity: wanted.length, what: "key-months" }];
  if (requests > 0) components.push({ key: "kms-10k-requests", quantity: requests / 1e4, what: "× 10,000 requests" });
  const plus = [
    ...(unestimated.length > 0 ? [`requests of ${joinAnd(unestimated)} (${unitPrice(ctx, "kms-10k-requests", "10,000 requests")}; no volume in the usage settings)`] : []),
    `with automatic rotation, ${unitPrice(ctx, "kms-key-month", "key-month")} more after each yearly rotation, twice at most`,
  ];
  return controlLine(
    ctx,
    control,
    `one key per kind (${wanted.map((k) => k.kind).join(", ")}); requests: one per S3 GET or PUT of those buckets with no S3 Bucket Key, an upper bound (CloudFront cache misses of usage.siteRequestsPerMonth and ASSUMPTIONS.putRequestsPerBucketPerMonth per bucket)`,
    components,
    plus,
  );
}
