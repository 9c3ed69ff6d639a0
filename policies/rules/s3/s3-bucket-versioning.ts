import { block, isTrue } from "../../json";
import { fail, pass, Rule } from "../../types";
import { settingsOf } from "./_shared";

/** Versioning enabled on the bucket (the separate resource or the legacy inline block). */
export const s3BucketVersioning: Rule = {
  id: "s3-bucket-versioning",
  checkov: "CKV_AWS_21",
  trivy: "AVD-AWS-0090",
  level: "error",
  resourceTypes: ["aws_s3_bucket"],
  summary: "S3 bucket without versioning enabled",
  why: "Without versioning an overwrite or delete, by mistake or by an attacker, destroys the only copy of the object.",
  check(bucket, context) {
    const configs = settingsOf("aws_s3_bucket_versioning", bucket, context);
    const inline = block(bucket.values.versioning);
    const statuses = configs.map((c) => ({ what: c.address, status: block(c.values.versioning_configuration)?.status }));
    if (statuses.some((s) => s.status === "Enabled") || isTrue(inline?.enabled)) return pass();
    const problems = statuses.map((s) => `${s.what} versioning_configuration.status is ${s.status === undefined ? "missing" : JSON.stringify(s.status)}`);
    if (inline !== undefined) problems.push(`inline versioning.enabled is ${JSON.stringify(inline.enabled ?? false)}`);
    return fail(problems.length === 0 ? "no aws_s3_bucket_versioning refers to the bucket" : problems.join("; "));
  },
};
