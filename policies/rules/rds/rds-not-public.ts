import { expectFlag } from "../../json";
import { Rule } from "../../types";

export const rdsNotPublic: Rule = {
  id: "rds-not-public",
  checkov: "CKV_AWS_17",
  trivy: "AVD-AWS-0180",
  level: "error",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance"],
  summary: "RDS instance publicly accessible",
  why: "A publicly accessible instance gets a public address, so one loose security-group rule exposes the database to the internet.",
  check(instance) {
    return expectFlag(instance, "publicly_accessible", false, false);
  },
};
