import { expectFlag } from "../../json";
import { Rule } from "../../types";

/**
 * In a protected environment a table sets `deletion_protection_enabled = true`. data-prevent-destroy
 * asks for `lifecycle.prevent_destroy` as well: that stops Terraform, this stops everyone else.
 */
export const dynamodbDeletionProtection: Rule = {
  id: "dynamodb-deletion-protection",
  level: "error",
  resourceTypes: ["aws_dynamodb_table"],
  attributes: ["deletion_protection_enabled"],
  protectedOnly: true,
  summary: "DynamoDB table without deletion protection",
  why: "Without it one API call, a console click or another stack's destroy deletes the production table and its items; with it DynamoDB refuses until the flag is turned off on purpose.",
  check(table) {
    return expectFlag(table, "deletion_protection_enabled", true, false);
  },
};
