import { numberOf, unreadable } from "../../json";
import { fail, pass, Rule } from "../../types";

/**
 * A log group sets `retention_in_days` above 0. Missing or 0 means the logs are kept forever. An
 * expression the pack cannot read at synth fails: it could be 0.
 */
export const logsRetention: Rule = {
  id: "logs-retention",
  checkov: "CKV_AWS_66",
  level: "error",
  resourceTypes: ["aws_cloudwatch_log_group"],
  attributes: ["retention_in_days"],
  summary: "CloudWatch log group keeps its logs forever",
  why: "Logs kept forever cost storage every month and keep personal data and secrets that slipped into them longer than any retention rule allows.",
  check(group) {
    const days = numberOf(group.values.retention_in_days);
    if (days === "missing") return fail("retention_in_days is not set (logs are kept forever)");
    if (days === "unreadable") return fail(unreadable("retention_in_days", group.values.retention_in_days));
    return days > 0 ? pass() : fail(`retention_in_days is ${days} (logs are kept forever)`);
  },
};
