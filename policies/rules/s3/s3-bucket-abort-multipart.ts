import { block, blocks, isTrue } from "../../json";
import { fail, pass, Rule } from "../../types";
import { settingsOf } from "./_shared";

const isEmpty = (v: unknown): boolean =>
  v === undefined || v === null || v === "" || (Array.isArray(v) ? v.every(isEmpty) : typeof v === "object" && Object.values(v).every(isEmpty));

const isSetDays = (v: unknown): boolean => (typeof v === "number" && v > 0) || (typeof v === "string" && v.trim() !== "" && v !== "0");

/** Why a lifecycle configuration rule does not abort incomplete uploads for the whole bucket, or undefined when it does. */
function ruleProblem(rule: Record<string, unknown>): string | undefined {
  if (rule.status !== "Enabled") return rule.status === undefined ? "status is missing" : `status is ${JSON.stringify(rule.status)}`;
  if (!isSetDays(block(rule.abort_incomplete_multipart_upload)?.days_after_initiation)) return "no abort_incomplete_multipart_upload.days_after_initiation";
  if (!isEmpty(rule.prefix) || !isEmpty(rule.filter)) return "its filter or prefix limits it to part of the bucket";
  return undefined;
}

/** Why a legacy inline `lifecycle_rule` does not abort incomplete uploads for the whole bucket, or undefined when it does. */
function inlineRuleProblem(rule: Record<string, unknown>): string | undefined {
  if (!isTrue(rule.enabled)) return "enabled is not true";
  if (!isSetDays(rule.abort_incomplete_multipart_upload_days)) return "no abort_incomplete_multipart_upload_days";
  if (!isEmpty(rule.prefix) || !isEmpty(rule.tags)) return "its prefix or tags limit it to part of the bucket";
  return undefined;
}

/** An enabled whole-bucket lifecycle rule that aborts incomplete multipart uploads. */
export const s3BucketAbortMultipart: Rule = {
  id: "s3-bucket-abort-multipart",
  checkov: "CKV_AWS_300",
  level: "warning",
  resourceTypes: ["aws_s3_bucket"],
  summary: "S3 bucket without a lifecycle rule that aborts incomplete multipart uploads",
  why: "The parts of an upload that never completes stay in the bucket, unlisted and billed, until a lifecycle rule aborts the upload.",
  check(bucket, context) {
    const labelled = [
      ...settingsOf("aws_s3_bucket_lifecycle_configuration", bucket, context).flatMap((c) =>
        blocks(c.values.rule).map((r, i) => ({ label: `${c.address} rule ${JSON.stringify(r.id ?? i)}`, problem: ruleProblem(r) })),
      ),
      ...blocks(bucket.values.lifecycle_rule).map((r, i) => ({ label: `inline lifecycle_rule ${JSON.stringify(r.id ?? i)}`, problem: inlineRuleProblem(r) })),
    ];
    if (labelled.some((r) => r.problem === undefined)) return pass();
    if (labelled.length === 0) return fail("no aws_s3_bucket_lifecycle_configuration with a rule refers to the bucket");
    return fail(`no enabled whole-bucket rule aborts incomplete multipart uploads: ${labelled.map((r) => `${r.label}: ${r.problem}`).join("; ")}`);
  },
};
