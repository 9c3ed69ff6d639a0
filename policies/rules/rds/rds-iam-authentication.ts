import { expectFlag } from "../../json";
import { notApplicable, Rule } from "../../types";
import { DATABASES, engineFamily } from "./_shared";

export const rdsIamAuthentication: Rule = {
  id: "rds-iam-authentication",
  checkov: "CKV_AWS_161",
  trivy: "AVD-AWS-0176",
  level: "error",
  resourceTypes: DATABASES,
  summary: "RDS database without IAM database authentication",
  why: "Without it every client logs in with a long-lived password, usually the master user's; with it the application connects as its own user with a 15-minute token from its IAM role, and the master secret stays with the migrations.",
  check(db) {
    // RDS offers IAM authentication for PostgreSQL and MySQL-compatible engines only.
    if (engineFamily(db.values.engine) === "other") return notApplicable(`engine ${String(db.values.engine)} has no IAM database authentication`);
    return expectFlag(db, "iam_database_authentication_enabled", true, false);
  },
};
