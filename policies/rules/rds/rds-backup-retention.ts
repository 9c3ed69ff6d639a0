import { numberOf, unreadable } from "../../json";
import { fail, pass, Rule } from "../../types";
import { DATABASES } from "./_shared";

const MINIMUM_DAYS = 7;

export const rdsBackupRetention: Rule = {
  id: "rds-backup-retention",
  checkov: "CKV_AWS_133",
  trivy: "AVD-AWS-0077",
  level: "error",
  resourceTypes: DATABASES,
  attributes: ["backup_retention_period"],
  protectedOnly: true,
  summary: `RDS database keeping automated backups for less than ${MINIMUM_DAYS} days`,
  why: "Point-in-time recovery only reaches back as far as the retention period: a corruption noticed after a weekend cannot be undone with a day or two of backups.",
  check(db) {
    const days = numberOf(db.values.backup_retention_period);
    if (days === "missing") return fail("backup_retention_period not set (AWS default 1 day)");
    if (days === "unreadable") return fail(unreadable("backup_retention_period", db.values.backup_retention_period));
    if (days === 0) return fail("backup_retention_period is 0: automated backups are off");
    return days >= MINIMUM_DAYS ? pass() : fail(`backup_retention_period is ${days} (at least ${MINIMUM_DAYS} days)`);
  },
};
