import { hasText, readFlag } from "../../json";
import { fail, Rule, verdictOf } from "../../types";
import { DATABASES } from "./_shared";

export const rdsFinalSnapshot: Rule = {
  id: "rds-final-snapshot",
  level: "error",
  resourceTypes: DATABASES,
  attributes: ["skip_final_snapshot", "final_snapshot_identifier"],
  protectedOnly: true,
  summary: "RDS database deleted without a final snapshot",
  why: "Automated backups can go with the database; the final snapshot is what is left after a deletion, deliberate or not.",
  check(db) {
    const skip = readFlag(db.values.skip_final_snapshot, "skip_final_snapshot", false);
    if (!skip.ok) return fail(skip.detail);
    const problems: string[] = [];
    if (skip.value) problems.push("skip_final_snapshot is true");
    if (!hasText(db.values.final_snapshot_identifier)) problems.push("final_snapshot_identifier not set");
    return verdictOf(problems);
  },
};
