import { block, blocks } from "../../json";
import { fail, pass, Rule } from "../../types";
import { settingsOf } from "./_shared";

const ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];

/** Default encryption configured on the bucket (the separate resource or the legacy inline block). */
export const s3BucketEncryption: Rule = {
  id: "s3-bucket-encryption",
  checkov: "CKV_AWS_19",
  trivy: "AVD-AWS-0088",
  level: "error",
  resourceTypes: ["aws_s3_bucket"],
  summary: "S3 bucket without a server-side encryption configuration",
  why: "An explicit default encryption (SSE-S3 or SSE-KMS) states how objects are encrypted at rest and keeps it so if the account or bucket defaults change.",
  check(bucket, context) {
    const sources = settingsOf("aws_s3_bucket_server_side_encryption_configuration", bucket, context).map((c) => ({ what: c.address, rules: blocks(c.values.rule) }));
    const inline = block(bucket.values.server_side_encryption_configuration);
    if (inline !== undefined) sources.push({ what: "inline server_side_encryption_configuration", rules: blocks(inline.rule) });
    if (sources.length === 0) return fail("no aws_s3_bucket_server_side_encryption_configuration refers to the bucket");
    const problems: string[] = [];
    for (const { what, rules } of sources) {
      if (rules.length === 0) problems.push(`${what} has no rule`);
      for (const rule of rules) {
        const algorithm = block(rule.apply_server_side_encryption_by_default)?.sse_algorithm;
        if (typeof algorithm === "string" && ALGORITHMS.includes(algorithm)) return pass();
        problems.push(
          algorithm === undefined
            ? `${what} has a rule without apply_server_side_encryption_by_default.sse_algorithm`
            : `${what} sse_algorithm is ${JSON.stringify(algorithm)}, not one of ${ALGORITHMS.join(", ")}`,
        );
      }
    }
    return fail(problems.join("; "));
  },
};
