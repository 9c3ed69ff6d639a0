import { block, readFlag } from "../../json";
import { fail, pass, Rule } from "../../types";

/**
 * Every table sets `point_in_time_recovery { enabled = true }`: missing, the block and the flag
 * both mean off. Unprotected environments too: a staging table is restored the same way, and the
 * cost follows the table's size.
 */
export const dynamodbPitr: Rule = {
  id: "dynamodb-pitr",
  checkov: "CKV_AWS_28",
  trivy: "AVD-AWS-0024",
  level: "error",
  resourceTypes: ["aws_dynamodb_table"],
  attributes: ["point_in_time_recovery"],
  summary: "DynamoDB table without point-in-time recovery",
  why: "Without it a bad deploy, a script that overwrites items or a deleted table cannot be undone: DynamoDB keeps no earlier state unless point-in-time recovery, which restores the table to any second of the last 35 days, is on.",
  check(table) {
    const recovery = block(table.values.point_in_time_recovery);
    if (recovery === undefined) return fail("point_in_time_recovery is not set (off): set point_in_time_recovery { enabled = true }");
    const enabled = readFlag(recovery.enabled, "point_in_time_recovery.enabled", false);
    if (!enabled.ok) return fail(enabled.detail);
    return enabled.value ? pass() : fail("point_in_time_recovery.enabled is false: set it to true");
  },
};
