import { isExpression } from "../../json";
import { fail, pass, Rule } from "../../types";
import { DATABASES, engineFamily } from "./_shared";

export const rdsLogsExported: Rule = {
  id: "rds-logs-exported",
  checkov: "CKV_AWS_129",
  level: "error",
  resourceTypes: DATABASES,
  summary: "RDS database exporting no logs to CloudWatch",
  why: "Without exported logs, errors, failed logins and slow queries stay on the instance, out of reach of alarms and gone with it.",
  check(db) {
    const exports = db.values.enabled_cloudwatch_logs_exports;
    const postgres = engineFamily(db.values.engine) === "postgres";
    if (isExpression(exports)) {
      return postgres ? fail(`enabled_cloudwatch_logs_exports is ${String(exports)}: the pack cannot tell whether it includes "postgresql"`) : pass();
    }
    if (exports !== undefined && !Array.isArray(exports)) return fail(`enabled_cloudwatch_logs_exports is ${JSON.stringify(exports)}, not a list`);
    if (exports === undefined || exports.length === 0) return fail("enabled_cloudwatch_logs_exports is empty");
    if (postgres && !exports.includes("postgresql")) return fail(`enabled_cloudwatch_logs_exports is ${JSON.stringify(exports)}, without "postgresql"`);
    return pass();
  },
};
