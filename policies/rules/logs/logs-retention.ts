import { fail, pass, Rule } from "../../types";

/**
 * A log group sets `retention_in_days` above 0. Missing or 0 means the logs are kept forever.
 * A Terraform reference counts as set.
 */
export const logsRetention: Rule = {
  id: "logs-retention",
  checkov: "CKV_AWS_66",
  level: "error",
  resourceTypes: ["aws_cloudwatch_log_group"],
  summary: "CloudWatch log group keeps its logs forever",
  why: "Logs kept forever cost storage every month and keep personal data and secrets that slipped into them longer than any retention rule allows.",
  check(group) {
    const days = group.values.retention_in_days;
    if (days === undefined || days === null) return fail("retention_in_days is not set (logs are kept forever)");
    if (typeof days === "string" && days.startsWith("${")) return pass();
    return Number(days) > 0 ? pass() : fail(`retention_in_days is ${String(days)} (logs are kept forever)`);
  },
};
