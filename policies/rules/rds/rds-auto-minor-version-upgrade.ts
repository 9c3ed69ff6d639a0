import { expectFlag } from "../../json";
import { Rule } from "../../types";

export const rdsAutoMinorVersionUpgrade: Rule = {
  id: "rds-auto-minor-version-upgrade",
  checkov: "CKV_AWS_226",
  level: "error",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance"],
  summary: "RDS instance with automatic minor version upgrades turned off",
  why: "Minor versions carry the engine's security fixes; turned off, the instance keeps known vulnerabilities until someone upgrades it by hand.",
  check(instance) {
    return expectFlag(instance, "auto_minor_version_upgrade", true, true);
  },
};
