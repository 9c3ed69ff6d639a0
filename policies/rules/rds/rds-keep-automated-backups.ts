import { expectFlag } from "../../json";
import { Rule } from "../../types";
import { DATABASES } from "./_shared";

export const rdsKeepAutomatedBackups: Rule = {
  id: "rds-keep-automated-backups",
  level: "error",
  resourceTypes: DATABASES,
  protectedOnly: true,
  summary: "RDS database whose automated backups are deleted with it",
  why: "By default deleting the database deletes its automated backups too, so the point-in-time history is lost with the instance.",
  check(db) {
    return expectFlag(db, "delete_automated_backups", false, true);
  },
};
