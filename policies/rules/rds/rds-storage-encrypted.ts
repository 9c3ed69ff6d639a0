import { expectFlag } from "../../json";
import { pass, Rule } from "../../types";
import { DATABASES } from "./_shared";

export const rdsStorageEncrypted: Rule = {
  id: "rds-storage-encrypted",
  checkov: "CKV_AWS_16",
  trivy: "AVD-AWS-0080",
  level: "error",
  resourceTypes: DATABASES,
  summary: "RDS instance or Aurora cluster with unencrypted storage",
  why: "Unencrypted storage leaves the data, its snapshots and its backups readable to anyone who gets the volumes; encryption cannot be turned on later without a restore.",
  check(db) {
    if (db.type === "aws_rds_cluster" && db.values.engine_mode === "serverless" && db.values.storage_encrypted === undefined) return pass();
    return expectFlag(db, "storage_encrypted", true, false);
  },
};
