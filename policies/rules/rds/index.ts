import type { Rule } from "../../types";
import { rdsAutoMinorVersionUpgrade } from "./rds-auto-minor-version-upgrade";
import { rdsBackupRetention } from "./rds-backup-retention";
import { rdsCurrentCa } from "./rds-current-ca";
import { rdsDeletionProtection } from "./rds-deletion-protection";
import { rdsFinalSnapshot } from "./rds-final-snapshot";
import { rdsIamAuthentication } from "./rds-iam-authentication";
import { rdsKeepAutomatedBackups } from "./rds-keep-automated-backups";
import { rdsLogsExported } from "./rds-logs-exported";
import { rdsMultiAz } from "./rds-multi-az";
import { rdsNotPublic } from "./rds-not-public";
import { rdsStorageAutoscaling } from "./rds-storage-autoscaling";
import { rdsStorageEncrypted } from "./rds-storage-encrypted";
import { rdsTlsForced } from "./rds-tls-forced";

export const RDS_RULES: readonly Rule[] = [
  rdsStorageEncrypted,
  rdsNotPublic,
  rdsBackupRetention,
  rdsDeletionProtection,
  rdsMultiAz,
  rdsTlsForced,
  rdsAutoMinorVersionUpgrade,
  rdsLogsExported,
  rdsCurrentCa,
  rdsFinalSnapshot,
  rdsKeepAutomatedBackups,
  rdsStorageAutoscaling,
  rdsIamAuthentication,
];
