import { expectFlag } from "../../json";
import { Rule } from "../../types";
import { DATABASES } from "./_shared";

export const rdsDeletionProtection: Rule = {
  id: "rds-deletion-protection",
  checkov: "CKV_AWS_293",
  trivy: "AVD-AWS-0177",
  level: "error",
  resourceTypes: DATABASES,
  attributes: ["deletion_protection"],
  protectedOnly: true,
  summary: "RDS database without deletion protection",
  why: "Without it one API call or an unlucky plan deletes the production database; with it RDS refuses until the flag is turned off on purpose.",
  check(db) {
    return expectFlag(db, "deletion_protection", true, false);
  },
};
