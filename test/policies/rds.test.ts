import type { Rule } from "../../policies";
import { RDS_RULES } from "../../policies/rules/rds";
import { rdsAutoMinorVersionUpgrade } from "../../policies/rules/rds/rds-auto-minor-version-upgrade";
import { rdsBackupRetention } from "../../policies/rules/rds/rds-backup-retention";
import { rdsCurrentCa } from "../../policies/rules/rds/rds-current-ca";
import { rdsDeletionProtection } from "../../policies/rules/rds/rds-deletion-protection";
import { rdsFinalSnapshot } from "../../policies/rules/rds/rds-final-snapshot";
import { rdsIamAuthentication } from "../../policies/rules/rds/rds-iam-authentication";
import { rdsKeepAutomatedBackups } from "../../policies/rules/rds/rds-keep-automated-backups";
import { rdsLogsExported } from "../../policies/rules/rds/rds-logs-exported";
import { rdsMultiAz } from "../../policies/rules/rds/rds-multi-az";
import { rdsNotPublic } from "../../policies/rules/rds/rds-not-public";
import { rdsStorageAutoscaling } from "../../policies/rules/rds/rds-storage-autoscaling";
import { rdsStorageEncrypted } from "../../policies/rules/rds/rds-storage-encrypted";
import { rdsTlsForced } from "../../policies/rules/rds/rds-tls-forced";
import { expectFlagged, expectPass, Fixture, resultFor } from "./harness";

const DB = "aws_db_instance.db";
const CLUSTER = "aws_rds_cluster.c";
const CLUSTER_INSTANCE = "aws_rds_cluster_instance.ci";
const PROTECTED = { protected: true };

const compliantInstance: Record<string, unknown> = {
  engine: "postgres",
  instance_class: "db.t4g.small",
  allocated_storage: 20,
  max_allocated_storage: 100,
  storage_encrypted: true,
  publicly_accessible: false,
  backup_retention_period: 14,
  deletion_protection: true,
  multi_az: true,
  parameter_group_name: "${aws_db_parameter_group.pg.name}",
  auto_minor_version_upgrade: true,
  enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"],
  ca_cert_identifier: "rds-ca-rsa2048-g1",
  skip_final_snapshot: false,
  final_snapshot_identifier: "db-final",
  delete_automated_backups: false,
  iam_database_authentication_enabled: true,
};

const compliantCluster: Record<string, unknown> = {
  engine: "aurora-postgresql",
  storage_encrypted: true,
  backup_retention_period: 7,
  deletion_protection: true,
  enabled_cloudwatch_logs_exports: ["postgresql"],
  skip_final_snapshot: false,
  final_snapshot_identifier: "cluster-final",
  delete_automated_backups: false,
  iam_database_authentication_enabled: true,
};

function omit(values: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => !keys.includes(k)));
}

const parameterGroup = (parameter: Record<string, unknown>[], extra: Record<string, unknown> = {}): Fixture => ({
  type: "aws_db_parameter_group",
  name: "pg",
  values: { family: "postgres17", parameter, ...extra },
});
const forceSsl = parameterGroup([{ name: "log_statement", value: "ddl" }, { apply_method: "pending-reboot", name: "rds.force_ssl", value: "1" }]);

/** An instance with the given changes, beside a parameter group that forces TLS. */
const instance = (changes: Record<string, unknown> = {}, base = compliantInstance): Fixture[] => [
  forceSsl,
  { type: "aws_db_instance", name: "db", values: { ...base, ...changes } },
];
const cluster = (changes: Record<string, unknown> = {}, base = compliantCluster): Fixture[] => [
  { type: "aws_rds_cluster", name: "c", values: { ...base, ...changes } },
];
const clusterInstance = (values: Record<string, unknown>): Fixture[] => [
  { type: "aws_rds_cluster_instance", name: "ci", values: { cluster_identifier: "${aws_rds_cluster.c.id}", instance_class: "db.r6g.large", engine: "aurora-postgresql", ...values } },
];

function expectNotApplicableUnprotected(rule: Rule, fixtures: Fixture[], address: string): void {
  expect(resultFor(rule, fixtures, address, { protected: false }).status).toBe("not-applicable");
}

describe("the rds group", () => {
  it.each(RDS_RULES.map((rule) => [rule.id, rule] as const))("%s passes a compliant instance in a protected environment", (_id, rule) => {
    expectPass(rule, instance(), DB, PROTECTED);
  });

  it.each(RDS_RULES.filter((rule) => rule.resourceTypes.includes("aws_rds_cluster")).map((rule) => [rule.id, rule] as const))(
    "%s passes a compliant Aurora cluster in a protected environment",
    (_id, rule) => {
      expectPass(rule, cluster(), CLUSTER, PROTECTED);
    },
  );
});

describe("rds-storage-encrypted", () => {
  it("passes an Aurora Serverless v1 cluster, which is always encrypted", () => {
    expectPass(rdsStorageEncrypted, cluster({ engine_mode: "serverless" }, omit(compliantCluster, "storage_encrypted")), CLUSTER);
  });

  it("fails synth for an instance that leaves it to the provider default", () => {
    const message = expectFlagged(rdsStorageEncrypted, instance({}, omit(compliantInstance, "storage_encrypted")), DB);
    expect(message).toContain("storage_encrypted not set (provider default false)");
  });

  it("fails synth for an instance with storage_encrypted false", () => {
    expect(expectFlagged(rdsStorageEncrypted, instance({ storage_encrypted: false }), DB)).toContain("storage_encrypted is false");
  });

  it("fails synth for a provisioned Aurora cluster that is not encrypted", () => {
    expect(expectFlagged(rdsStorageEncrypted, cluster({}, omit(compliantCluster, "storage_encrypted")), CLUSTER)).toContain("storage_encrypted not set");
  });

  it("fails synth for a value it cannot read", () => {
    expect(expectFlagged(rdsStorageEncrypted, instance({ storage_encrypted: "${var.encrypted}" }), DB)).toContain("cannot read at synth");
  });
});

describe("rds-not-public", () => {
  it("passes an instance that leaves it to the provider default (private)", () => {
    expectPass(rdsNotPublic, instance({}, omit(compliantInstance, "publicly_accessible")), DB);
  });

  it("passes a private Aurora cluster instance", () => {
    expectPass(rdsNotPublic, clusterInstance({ publicly_accessible: false }), CLUSTER_INSTANCE);
  });

  it("fails synth for a publicly accessible instance", () => {
    expect(expectFlagged(rdsNotPublic, instance({ publicly_accessible: true }), DB)).toContain("publicly_accessible is true");
  });

  it("fails synth for a publicly accessible Aurora cluster instance written as a string", () => {
    expect(expectFlagged(rdsNotPublic, clusterInstance({ publicly_accessible: "true" }), CLUSTER_INSTANCE)).toContain("publicly_accessible is true");
  });

  it("fails synth for a value it cannot read", () => {
    expect(expectFlagged(rdsNotPublic, instance({ publicly_accessible: "${var.public}" }), DB)).toContain("cannot read at synth");
  });
});

describe("rds-backup-retention", () => {
  it("passes exactly seven days, also written as a string", () => {
    expectPass(rdsBackupRetention, instance({ backup_retention_period: "7" }), DB, PROTECTED);
  });

  it("fails synth when it is not set, naming the AWS default", () => {
    const message = expectFlagged(rdsBackupRetention, instance({}, omit(compliantInstance, "backup_retention_period")), DB, PROTECTED);
    expect(message).toContain("backup_retention_period not set (AWS default 1 day)");
  });

  it("fails synth for fewer than seven days", () => {
    expect(expectFlagged(rdsBackupRetention, instance({ backup_retention_period: 6 }), DB, PROTECTED)).toContain("backup_retention_period is 6");
  });

  it("fails synth when automated backups are off", () => {
    expect(expectFlagged(rdsBackupRetention, instance({ backup_retention_period: 0 }), DB, PROTECTED)).toContain("automated backups are off");
  });

  it.each(["${var.days}", "14 days"])("fails synth for %s, which it cannot read", (days) => {
    expect(expectFlagged(rdsBackupRetention, instance({ backup_retention_period: days }), DB, PROTECTED)).toContain("cannot read at synth");
  });

  it("fails synth for an Aurora cluster with the default retention", () => {
    const message = expectFlagged(rdsBackupRetention, cluster({}, omit(compliantCluster, "backup_retention_period")), CLUSTER, PROTECTED);
    expect(message).toContain("not set (AWS default 1 day)");
  });

  it("does not apply outside protected environments", () => {
    expectNotApplicableUnprotected(rdsBackupRetention, instance({ backup_retention_period: 1 }), DB);
  });
});

describe("rds-deletion-protection", () => {
  it("passes an instance with deletion_protection true", () => {
    expectPass(rdsDeletionProtection, instance({ deletion_protection: true }), DB, PROTECTED);
  });

  it("fails synth for an instance that leaves it to the provider default", () => {
    const message = expectFlagged(rdsDeletionProtection, instance({}, omit(compliantInstance, "deletion_protection")), DB, PROTECTED);
    expect(message).toContain("deletion_protection not set (provider default false)");
  });

  it("fails synth for an Aurora cluster with deletion_protection false", () => {
    expect(expectFlagged(rdsDeletionProtection, cluster({ deletion_protection: false }), CLUSTER, PROTECTED)).toContain("deletion_protection is false");
  });

  it("does not apply outside protected environments", () => {
    expectNotApplicableUnprotected(rdsDeletionProtection, instance({ deletion_protection: false }), DB);
  });
});

describe("rds-multi-az", () => {
  it("passes an instance with multi_az true", () => {
    expectPass(rdsMultiAz, instance({ multi_az: true }), DB, PROTECTED);
  });

  it("fails synth for a single-AZ instance by default", () => {
    expect(expectFlagged(rdsMultiAz, instance({}, omit(compliantInstance, "multi_az")), DB, PROTECTED)).toContain("multi_az not set (provider default false)");
  });

  it("fails synth for multi_az false", () => {
    expect(expectFlagged(rdsMultiAz, instance({ multi_az: false }), DB, PROTECTED)).toContain("multi_az is false");
  });

  it("does not apply outside protected environments", () => {
    expectNotApplicableUnprotected(rdsMultiAz, instance({ multi_az: false }), DB);
  });
});

describe("rds-tls-forced", () => {
  it.each(["ON", "on", "1"])("passes a MySQL instance whose group sets require_secure_transport to %s", (value) => {
    const fixtures = [parameterGroup([{ name: "require_secure_transport", value }], { family: "mysql8.0" }), ...instance({ engine: "mysql" }).slice(1)];
    expectPass(rdsTlsForced, fixtures, DB);
  });

  it("passes a MariaDB instance whose group sets require_secure_transport to 1", () => {
    const fixtures = [parameterGroup([{ name: "require_secure_transport", value: "1" }], { family: "mariadb10.11" }), ...instance({ engine: "mariadb" }).slice(1)];
    expectPass(rdsTlsForced, fixtures, DB);
  });

  it("passes a group named literally that is in the stack", () => {
    const fixtures = [parameterGroup([{ name: "rds.force_ssl", value: "1" }], { name: "app-pg" }), ...instance({ parameter_group_name: "app-pg" }).slice(1)];
    expectPass(rdsTlsForced, fixtures, DB);
  });

  it("passes a replica without engine whose group forces TLS", () => {
    expectPass(rdsTlsForced, instance({ replicate_source_db: "${aws_db_instance.primary.identifier}" }, omit(compliantInstance, "engine")), DB);
  });

  it("does not apply to engines other than PostgreSQL, MySQL and MariaDB", () => {
    expect(resultFor(rdsTlsForced, instance({ engine: "oracle-ee" }), DB).status).toBe("not-applicable");
  });

  it("fails synth for an instance on the default parameter group", () => {
    const message = expectFlagged(rdsTlsForced, instance({}, omit(compliantInstance, "parameter_group_name")), DB);
    expect(message).toContain("no parameter_group_name");
  });

  it("fails synth for an instance naming a default group", () => {
    expect(expectFlagged(rdsTlsForced, instance({ parameter_group_name: "default.postgres17" }), DB)).toContain("default group default.postgres17");
  });

  it("fails synth for a group that is not in the stack", () => {
    expect(expectFlagged(rdsTlsForced, instance({ parameter_group_name: "elsewhere" }), DB)).toContain("is not an aws_db_parameter_group of the stack");
  });

  it("fails synth for a group that does not set rds.force_ssl", () => {
    const fixtures = [parameterGroup([{ name: "log_statement", value: "ddl" }]), ...instance().slice(1)];
    expect(expectFlagged(rdsTlsForced, fixtures, DB)).toContain("aws_db_parameter_group.pg does not set rds.force_ssl");
  });

  it("fails synth for a group that sets rds.force_ssl to 0", () => {
    const fixtures = [parameterGroup([{ name: "rds.force_ssl", value: "0" }]), ...instance().slice(1)];
    expect(expectFlagged(rdsTlsForced, fixtures, DB)).toContain('sets rds.force_ssl to "0"');
  });

  it("fails synth for a MySQL instance whose group only sets the PostgreSQL parameter", () => {
    expect(expectFlagged(rdsTlsForced, instance({ engine: "mysql" }), DB)).toContain("does not set require_secure_transport");
  });
});

describe("rds-auto-minor-version-upgrade", () => {
  it("passes an instance that leaves it to the provider default (on)", () => {
    expectPass(rdsAutoMinorVersionUpgrade, instance({}, omit(compliantInstance, "auto_minor_version_upgrade")), DB);
  });

  it("fails synth for an instance with it turned off", () => {
    expect(expectFlagged(rdsAutoMinorVersionUpgrade, instance({ auto_minor_version_upgrade: false }), DB)).toContain("auto_minor_version_upgrade is false");
  });

  it("fails synth for an Aurora cluster instance with it turned off", () => {
    const message = expectFlagged(rdsAutoMinorVersionUpgrade, clusterInstance({ auto_minor_version_upgrade: false }), CLUSTER_INSTANCE);
    expect(message).toContain("auto_minor_version_upgrade is false");
  });
});

describe("rds-logs-exported", () => {
  it("passes a MySQL instance exporting its error log", () => {
    expectPass(rdsLogsExported, instance({ engine: "mysql", enabled_cloudwatch_logs_exports: ["error"] }), DB);
  });

  it("passes a MySQL instance whose exports are a reference", () => {
    expectPass(rdsLogsExported, instance({ engine: "mysql", enabled_cloudwatch_logs_exports: "${var.log_exports}" }), DB);
  });

  it("fails synth for an instance exporting nothing", () => {
    const message = expectFlagged(rdsLogsExported, instance({}, omit(compliantInstance, "enabled_cloudwatch_logs_exports")), DB);
    expect(message).toContain("enabled_cloudwatch_logs_exports is empty");
  });

  it("fails synth for an empty list", () => {
    expect(expectFlagged(rdsLogsExported, instance({ enabled_cloudwatch_logs_exports: [] }), DB)).toContain("enabled_cloudwatch_logs_exports is empty");
  });

  it("fails synth for PostgreSQL exporting only the upgrade log", () => {
    expect(expectFlagged(rdsLogsExported, instance({ enabled_cloudwatch_logs_exports: ["upgrade"] }), DB)).toContain('without "postgresql"');
  });

  it("fails synth for Aurora PostgreSQL without the postgresql log", () => {
    expect(expectFlagged(rdsLogsExported, cluster({ enabled_cloudwatch_logs_exports: ["instance"] }), CLUSTER)).toContain('without "postgresql"');
  });

  it("fails synth for PostgreSQL exports it cannot read", () => {
    const message = expectFlagged(rdsLogsExported, instance({ enabled_cloudwatch_logs_exports: "${var.log_exports}" }), DB);
    expect(message).toContain('cannot tell whether it includes "postgresql"');
  });
});

describe("rds-current-ca", () => {
  it.each(["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"])("passes %s", (ca) => {
    expectPass(rdsCurrentCa, instance({ ca_cert_identifier: ca }), DB);
  });

  it("fails synth when no CA is pinned, saying why", () => {
    const message = expectFlagged(rdsCurrentCa, instance({}, omit(compliantInstance, "ca_cert_identifier")), DB);
    expect(message).toContain("ca_cert_identifier not set: pin a current CA so the instance does not keep an expiring one");
  });

  it("fails synth for rds-ca-2019", () => {
    expect(expectFlagged(rdsCurrentCa, instance({ ca_cert_identifier: "rds-ca-2019" }), DB)).toContain('ca_cert_identifier is "rds-ca-2019"');
  });

  it("fails synth for an Aurora cluster instance on an old CA", () => {
    const message = expectFlagged(rdsCurrentCa, clusterInstance({ ca_cert_identifier: "rds-ca-2015" }), CLUSTER_INSTANCE);
    expect(message).toContain('ca_cert_identifier is "rds-ca-2015"');
  });
});

describe("rds-final-snapshot", () => {
  it("passes an instance that leaves skip_final_snapshot to the provider default (false) and names the snapshot", () => {
    expectPass(rdsFinalSnapshot, instance({}, omit(compliantInstance, "skip_final_snapshot")), DB, PROTECTED);
  });

  it("fails synth for skip_final_snapshot true", () => {
    expect(expectFlagged(rdsFinalSnapshot, instance({ skip_final_snapshot: true }), DB, PROTECTED)).toContain("skip_final_snapshot is true");
  });

  it("fails synth without final_snapshot_identifier", () => {
    const message = expectFlagged(rdsFinalSnapshot, instance({}, omit(compliantInstance, "final_snapshot_identifier")), DB, PROTECTED);
    expect(message).toContain("final_snapshot_identifier not set");
    expect(message).not.toContain("skip_final_snapshot is true");
  });

  it("fails synth for an Aurora cluster skipping it, naming both problems", () => {
    const message = expectFlagged(rdsFinalSnapshot, cluster({ skip_final_snapshot: true }, omit(compliantCluster, "final_snapshot_identifier")), CLUSTER, PROTECTED);
    expect(message).toContain("skip_final_snapshot is true; final_snapshot_identifier not set");
  });

  it("fails synth for a skip_final_snapshot it cannot read", () => {
    expect(expectFlagged(rdsFinalSnapshot, instance({ skip_final_snapshot: "${var.skip}" }), DB, PROTECTED)).toContain("cannot read at synth");
  });

  it("does not apply outside protected environments", () => {
    expectNotApplicableUnprotected(rdsFinalSnapshot, instance({ skip_final_snapshot: true }), DB);
  });
});

describe("rds-keep-automated-backups", () => {
  it("passes an instance with delete_automated_backups false", () => {
    expectPass(rdsKeepAutomatedBackups, instance({ delete_automated_backups: false }), DB, PROTECTED);
  });

  it("fails synth for an instance that leaves it to the provider default (delete)", () => {
    const message = expectFlagged(rdsKeepAutomatedBackups, instance({}, omit(compliantInstance, "delete_automated_backups")), DB, PROTECTED);
    expect(message).toContain("delete_automated_backups not set (provider default true)");
  });

  it("fails synth for an Aurora cluster deleting them", () => {
    expect(expectFlagged(rdsKeepAutomatedBackups, cluster({ delete_automated_backups: true }), CLUSTER, PROTECTED)).toContain("delete_automated_backups is true");
  });

  it("does not apply outside protected environments", () => {
    expectNotApplicableUnprotected(rdsKeepAutomatedBackups, instance({ delete_automated_backups: true }), DB);
  });
});

describe("rds-storage-autoscaling", () => {
  it("passes a maximum given as a reference", () => {
    expectPass(rdsStorageAutoscaling, instance({ max_allocated_storage: "${var.max_storage}" }), DB, PROTECTED);
  });

  it("fails synth without max_allocated_storage", () => {
    const message = expectFlagged(rdsStorageAutoscaling, instance({}, omit(compliantInstance, "max_allocated_storage")), DB, PROTECTED);
    expect(message).toContain("max_allocated_storage not set: storage autoscaling is off");
  });

  it("fails synth for max_allocated_storage 0 (autoscaling off)", () => {
    expect(expectFlagged(rdsStorageAutoscaling, instance({ max_allocated_storage: 0 }), DB, PROTECTED)).toContain("storage autoscaling is off");
  });

  it("fails synth for a maximum equal to the allocated storage", () => {
    const message = expectFlagged(rdsStorageAutoscaling, instance({ max_allocated_storage: 20 }), DB, PROTECTED);
    expect(message).toContain("max_allocated_storage is 20, not above allocated_storage 20");
  });

  it("fails synth for a maximum it cannot read", () => {
    expect(expectFlagged(rdsStorageAutoscaling, instance({ max_allocated_storage: "lots" }), DB, PROTECTED)).toContain("cannot read at synth");
  });

  it("does not apply outside protected environments", () => {
    expectNotApplicableUnprotected(rdsStorageAutoscaling, instance({ max_allocated_storage: 0 }), DB);
  });
});

describe("rds-iam-authentication", () => {
  it("passes a PostgreSQL instance with IAM database authentication on", () => {
    expectPass(rdsIamAuthentication, instance(), DB);
  });

  it("passes a MySQL instance and an Aurora cluster with it on", () => {
    expectPass(rdsIamAuthentication, instance({ engine: "mysql" }), DB);
    expectPass(rdsIamAuthentication, cluster(), CLUSTER);
  });

  it("fails synth for an instance that leaves it to the provider default (off)", () => {
    const message = expectFlagged(rdsIamAuthentication, instance({}, omit(compliantInstance, "iam_database_authentication_enabled")), DB);
    expect(message).toContain("iam_database_authentication_enabled not set (provider default false)");
  });

  it("fails synth for an instance or a cluster with it turned off", () => {
    expect(expectFlagged(rdsIamAuthentication, instance({ iam_database_authentication_enabled: false }), DB)).toContain(
      "iam_database_authentication_enabled is false",
    );
    expect(expectFlagged(rdsIamAuthentication, cluster({ iam_database_authentication_enabled: false }), CLUSTER)).toContain(
      "iam_database_authentication_enabled is false",
    );
  });

  it("fails synth for a value it cannot read", () => {
    expect(expectFlagged(rdsIamAuthentication, instance({ iam_database_authentication_enabled: "${var.iam_auth}" }), DB)).toContain(
      "cannot read at synth",
    );
  });

  it("does not apply to an engine without IAM authentication (SQL Server)", () => {
    expect(resultFor(rdsIamAuthentication, instance({ engine: "sqlserver-ex", iam_database_authentication_enabled: false }), DB).status).toBe(
      "not-applicable",
    );
  });
});
