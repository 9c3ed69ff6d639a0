import { fail, Rule, verdictOf } from "../../types";
import { DATABASES, flagOf } from "./_shared";

export const rdsFinalSnapshot: Rule = {
  id: "rds-final-snapshot",
  level: "error",
  resourceTypes: DATABASES,
  protectedOnly: true,
  summary: "RDS database deleted without a final snapshot",
  why: "Automated backups can go with the database; the final snapshot is what is left after a deletion, deliberate or not.",
  check(db) {
    const skip = flagOf(db.values.skip_final_snapshot);
    if (skip === "unreadable") return fail(`skip_final_snapshot is ${JSON.stringify(db.values.skip_final_snapshot)}, which the pack cannot read at synth`);
    const identifier = db.values.final_snapshot_identifier;
    const problems: string[] = [];
    if (skip === true) problems.push("skip_final_snapshot is true");
    if (typeof identifier !== "string" || identifier.trim() === "") problems.push("final_snapshot_identifier not set");
    return verdictOf(problems);
  },
};
