import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { ACCOUNT_ID_PATTERN, partitionOf } from "../shared/arn";
import { PropProblem, propProblems, PropsValidator } from "../shared/errors";
import type { Grantee } from "../shared/grants";
import type { AlarmThresholds, Monitorable, MonitoringSpec } from "../shared/monitorable";
import { applicationRoleSql, quoteIdentifier } from "../_internal/database-roles";
import { isValidNamePrefix, NAME_PREFIX_RULE, resourceName } from "../_internal/naming";
import { policyDocument } from "../_internal/policy";
import { isKnownRegion, regionProblem } from "../shared/regions";
import { replaceableSecurityGroup, tcpIngressFromGroup } from "../_internal/security-group";
import { databaseMonitoringSpec } from "./monitoring";

/**
 * What the database needs of the network. `Vpc2Az` has it; a plain object with unresolved ids
 * (`Lazy.stringValue`, `Lazy.listValue`) will do for {@link rdsPrivatePropProblems}.
 */
export interface DatabaseNetwork {
  readonly vpcId: string;
  readonly privateSubnetIds: readonly string[];
}

/**
 * Something that connects to the database: its security group, and (optionally) a way to open
 * its own egress to the database. `FargateService` and `CodebuildMigrations` are clients.
 */
export interface DatabaseClient {
  /** The client's security group; undefined for one outside the VPC (a Lambda function without network), which `allowFrom` refuses. */
  readonly securityGroupId: string | undefined;
  allowTo?(id: string, peer: { readonly securityGroupId: string }, port: number, description: string): unknown;
}

/**
 * Where clients find the database: Parameter Store names and ARNs, the master secret (for the
 * migrations only) and the application's own user name.
 */
export interface DatabaseConnection {
  /** Parameter Store names of the connection settings (plain strings, not secrets). */
  readonly parameterNames: {
    readonly host: string;
    readonly port: string;
    readonly database: string;
    readonly username: string;
    readonly secretArn: string;
  };
  /** The ARNs of those parameters, for IAM policies and ECS `secrets`. */
  readonly parameterArns: {
    readonly host: string;
    readonly port: string;
    readonly database: string;
    readonly username: string;
    readonly secretArn: string;
  };
  /**
   * The Secrets Manager secret RDS manages for the master user (JSON with `username` and
   * `password`). For the migrations only: the application connects as `applicationUsername`
   * with IAM authentication and never reads it.
   */
  readonly secretArn: string;
  /**
   * The application's own login role: not the owner of anything, no password (IAM database
   * authentication). The migrations create it and grant it the application's rights.
   */
  readonly applicationUsername: string;
}

/** The PostgreSQL port. */
export const POSTGRES_PORT = 5432;
/** The CA the instance presents: RSA 2048, valid to 2061. */
export const CA_CERTIFICATE = "rds-ca-rsa2048-g1";

/** The application's database user unless `applicationUsername` says otherwise. */
export const DEFAULT_APPLICATION_USERNAME = "app_user";

/**
 * Instance families RDS offers for PostgreSQL that this module knows. All of them support
 * Performance Insights for PostgreSQL, micro and small burstable sizes included (for MySQL and
 * MariaDB those lack it); db.t2, the one PostgreSQL family without it, is not offered here.
 */
export const INSTANCE_FAMILIES = [
  "t3",
  "t4g",
  "m5",
  "m5d",
  "m6g",
  "m6gd",
  "m6i",
  "m6id",
  "m7g",
  "m7i",
  "m8g",
  "r5",
  "r5b",
  "r5d",
  "r6g",
  "r6gd",
  "r6i",
  "r6id",
  "r7g",
  "r7i",
  "r8g",
  "x2g",
] as const;

export interface RdsPrivateProps {
  /** Prefix of every resource name, `${project}-${environment}` (e.g. `acme-staging`). */
  readonly name: string;

  /** The VPC and its private subnets; a `Vpc2Az` fits. */
  readonly network: DatabaseNetwork;

  /**
   * PostgreSQL major version, 13 to 18. RDS picks the default minor and keeps it current
   * (automatic minor upgrades); a pinned minor would make Terraform try to downgrade after the
   * first upgrade, so only a major is accepted.
   * @default "17"
   */
  readonly engineVersion?: string;

  /**
   * The instance class. Burstable Graviton classes are cheapest; see the README.
   * @default "db.t4g.micro" - about $12 a month single-AZ in us-east-1
   */
  readonly instanceClass?: string;

  /**
   * The database created on the instance.
   * @default "app"
   */
  readonly databaseName?: string;

  /**
   * The master user. Its password is generated and kept by RDS in Secrets Manager.
   * @default "dbadmin"
   */
  readonly masterUsername?: string;

  /**
   * Storage at creation, in GiB (gp3).
   * @default 20
   */
  readonly allocatedStorageGiB?: number;

  /**
   * Storage autoscaling ceiling, in GiB. Equal to `allocatedStorageGiB` turns autoscaling off.
   * @default 100
   */
  readonly maxAllocatedStorageGiB?: number;

  /**
   * A standby in the second AZ, with automatic failover. Doubles the instance cost.
   * @default false
   */
  readonly multiAz?: boolean;

  /**
   * Days of automated backups (point-in-time recovery), 1 to 35.
   * @default 7
   */
  readonly backupRetentionDays?: number;

  /**
   * Daily backup window, UTC, `HH:MM-HH:MM`, at least 30 minutes, not overlapping maintenance.
   * @default "03:00-04:00"
   */
  readonly backupWindow?: string;

  /**
   * Weekly maintenance window, UTC, `ddd:HH:MM-ddd:HH:MM`.
   * @default "sun:04:30-sun:05:30"
   */
  readonly maintenanceWindow?: string;

  /**
   * RDS refuses to delete the instance while this is on.
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * Take a final snapshot when the instance is deleted, named
   * `<identifier>-final-<YYYYMMDDhhmmss>` after the instance's creation time, so a second
   * deletion (after a replacement) never collides with the first one's snapshot. The name is
   * fixed in state at creation and ignored afterwards (`ignore_changes`): plans never show it.
   * @default true
   */
  readonly finalSnapshot?: boolean;

  /**
   * Terraform `prevent_destroy`: any plan that would delete or replace the instance fails.
   * Needs `deletionProtection` and `finalSnapshot`.
   * @default false
   */
  readonly preventDestroy?: boolean;

  /**
   * Performance Insights (Database Insights standard mode) on its free tier: 7 days of history.
   * @default true
   */
  readonly performanceInsights?: boolean;

  /**
   * Apply changes now rather than in the next maintenance window (some cause a restart).
   * @default false
   */
  readonly applyImmediately?: boolean;

  /**
   * Retention of the exported PostgreSQL logs, in days.
   * @default 30
   */
  readonly logRetentionDays?: number;

  /**
   * Statements slower than this are logged, in milliseconds; 0 logs every statement.
   * @default 1000
   */
  readonly slowQueryThresholdMs?: number;

  /**
   * The PostgreSQL role the application logs in as, with IAM database authentication (no
   * password). The migrations create it; it owns nothing and holds only the data rights.
   * @default "app_user"
   */
  readonly applicationUsername?: string;

  /**
   * The AWS region the provider deploys to (e.g. `us-east-1`). Needed by `grantConnect`, whose
   * `rds-db:connect` ARN names it.
   * @default - none; `grantConnect` then refuses to run, naming this prop
   */
  readonly region?: string;

  /**
   * The AWS account the database is in (12 digits). Needed by `grantConnect`, whose
   * `rds-db:connect` ARN names it.
   * @default - none; `grantConnect` then refuses to run, naming this prop
   */
  readonly accountId?: string;

  /**
   * Security groups whose members may connect on 5432. More with `allowFrom`.
   * @default []
   */
  readonly allowedSecurityGroupIds?: readonly string[];

  /**
   * Parameter Store path under which the connection settings are published.
   * @default `/${name}/database`
   */
  readonly parameterPrefix?: string;
}

/**
 * PostgreSQL on RDS in the private subnets: encrypted, TLS only, reachable on 5432 from named
 * security groups only, with the master password kept by RDS in Secrets Manager (for the
 * migrations), IAM database authentication for the application's own user (`grantConnect`),
 * and the connection settings published in Parameter Store (`grantReadConnection`). A
 * {@link Monitorable}: `monitoring.watch(database)` adds its alarms and dashboard row.
 */
export class RdsPrivate extends Construct implements Monitorable {
  readonly instance: DbInstance;
  /** The instance identifier (`<name>-postgres`). */
  readonly identifier: string;
  readonly endpointAddress: string;
  readonly port: number;
  /** The database the instance creates (`databaseName`). */
  readonly databaseName: string;
  readonly securityGroup: SecurityGroup;
  readonly securityGroupId: string;
  readonly parameterGroup: DbParameterGroup;
  readonly subnetGroup: DbSubnetGroup;
  /** The master user's secret, managed (and rotated) by RDS. */
  readonly masterSecretArn: string;
  readonly connection: DatabaseConnection;
  /** Whether Performance Insights is on. */
  readonly performanceInsightsEnabled: boolean;
  readonly logGroups: readonly CloudwatchLogGroup[];
  /** The role the application logs in as with IAM authentication (`connection.applicationUsername`). */
  readonly applicationUsername: string;
  private readonly region?: string;
  private readonly accountId?: string;
  /** The class and the storage at creation, which the alarm thresholds are worked out from. */
  private readonly instanceClass: string;
  private readonly allocatedStorageGiB: number;

  constructor(scope: Construct, id: string, props: RdsPrivateProps) {
    super(scope, id);
    const s = validate(this, props);
    this.region = props.region;
    this.accountId = props.accountId;
    this.applicationUsername = s.applicationUsername;
    this.identifier = resourceName(props.name, "postgres");
    this.port = POSTGRES_PORT;
    this.databaseName = s.databaseName;
    this.performanceInsightsEnabled = s.performanceInsights;
    this.instanceClass = s.instanceClass;
    this.allocatedStorageGiB = s.allocatedStorageGiB;

    this.subnetGroup = new DbSubnetGroup(this, "SubnetGroup", {
      name: resourceName(props.name, "db"),
      description: `Private subnets of ${props.name}`,
      subnetIds: [...props.network.privateSubnetIds],
      tags: { Name: resourceName(props.name, "db") },
    });

    this.securityGroup = replaceableSecurityGroup(this, "SecurityGroup", {
      name: resourceName(props.name, "db"),
      description: `PostgreSQL of ${props.name}: 5432 from named security groups only`,
      vpcId: props.network.vpcId,
    });
    this.securityGroupId = this.securityGroup.id;
    (props.allowedSecurityGroupIds ?? []).forEach((groupId, i) => {
      this.allowFrom(`AllowedGroup${i}`, { securityGroupId: groupId }, "Allowed by the database's props");
    });

    this.parameterGroup = new DbParameterGroup(this, "ParameterGroup", {
      namePrefix: `${resourceName(props.name, `postgres${s.majorVersion}`)}-`,
      family: `postgres${s.majorVersion}`,
      description: `TLS only and slow-query logging for ${this.identifier}`,
      parameter: [
        // Already RDS's default from PostgreSQL 15, pinned here for older majors. AWS reports an
        // unmodified parameter as pending-reboot; saying the same keeps plans free of a diff.
        { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
        { name: "log_min_duration_statement", value: String(s.slowQueryThresholdMs) },
        { name: "log_lock_waits", value: "1" },
        { name: "log_statement", value: "ddl" },
      ],
      // The family follows the major version, so a major upgrade needs a new group: it is created
      // before the old one is removed. See the README for the upgrade procedure.
      lifecycle: { createBeforeDestroy: true },
      tags: { Name: this.identifier },
    });

    // RDS writes its logs into these groups; creating them first sets their retention.
    this.logGroups = ["postgresql", "upgrade"].map(
      (log) =>
        new CloudwatchLogGroup(this, `LogGroup${log === "postgresql" ? "Postgresql" : "Upgrade"}`, {
          name: `/aws/rds/instance/${this.identifier}/${log}`,
          retentionInDays: s.logRetentionDays,
          tags: { Name: this.identifier },
        }),
    );

    this.instance = new DbInstance(this, "Instance", {
      identifier: this.identifier,
      engine: "postgres",
      engineVersion: s.engineVersion,
      instanceClass: s.instanceClass,
      dbName: s.databaseName,
      username: s.masterUsername,
      // RDS generates the password and keeps it in Secrets Manager: it never reaches Terraform.
      manageMasterUserPassword: true,
      port: POSTGRES_PORT,
      dbSubnetGroupName: this.subnetGroup.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      publiclyAccessible: false,
      multiAz: s.multiAz,
      storageType: "gp3",
      allocatedStorage: s.allocatedStorageGiB,
      maxAllocatedStorage: s.maxAllocatedStorageGiB > s.allocatedStorageGiB ? s.maxAllocatedStorageGiB : 0,
      storageEncrypted: true,
      parameterGroupName: this.parameterGroup.name,
      caCertIdentifier: CA_CERTIFICATE,
      backupRetentionPeriod: s.backupRetentionDays,
      backupWindow: s.backupWindow,
      maintenanceWindow: s.maintenanceWindow,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      applyImmediately: s.applyImmediately,
      copyTagsToSnapshot: true,
      deletionProtection: s.deletionProtection,
      // The application logs in as its own user with a token from its IAM role (grantConnect).
      iamDatabaseAuthenticationEnabled: true,
      skipFinalSnapshot: !s.finalSnapshot,
      // Dated at creation, so the final snapshot of a replaced or recreated instance never
      // collides with an earlier one's. timestamp() changes on every run, so the name is
      // ignored after creation (below): state keeps the first value, and plans show no diff.
      finalSnapshotIdentifier: s.finalSnapshot ? finalSnapshotIdentifierOf(this.identifier) : undefined,
      // Keep the automated backups for their retention period even after the instance is deleted.
      deleteAutomatedBackups: false,
      enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
      performanceInsightsEnabled: s.performanceInsights,
      performanceInsightsRetentionPeriod: s.performanceInsights ? 7 : undefined,
      lifecycle:
        s.finalSnapshot || s.preventDestroy
          ? {
              ...(s.finalSnapshot ? { ignoreChanges: ["final_snapshot_identifier"] } : {}),
              ...(s.preventDestroy ? { preventDestroy: true } : {}),
            }
          : undefined,
      dependsOn: [...this.logGroups],
      tags: { Name: this.identifier },
    });
    this.endpointAddress = this.instance.address;
    this.masterSecretArn = this.instance.masterUserSecret.get(0).secretArn;

    const prefix = s.parameterPrefix;
    const publish = (key: keyof DatabaseConnection["parameterNames"], value: string, description: string): SsmParameter =>
      new SsmParameter(this, `Parameter${key.charAt(0).toUpperCase()}${key.slice(1)}`, {
        name: `${prefix}/${kebab(key)}`,
        type: "String",
        tier: "Standard",
        value,
        description,
        tags: { Name: `${prefix}/${kebab(key)}` },
      });
    const parameters = {
      host: publish("host", this.instance.address, "PostgreSQL host name"),
      port: publish("port", Fn.tostring(this.instance.port), "PostgreSQL port"),
      database: publish("database", s.databaseName, "Database name"),
      username: publish("username", s.masterUsername, "Master user name"),
      secretArn: publish("secretArn", this.masterSecretArn, "ARN of the Secrets Manager secret with the master password"),
    };
    this.connection = {
      parameterNames: {
        host: parameters.host.name,
        port: parameters.port.name,
        database: parameters.database.name,
        username: parameters.username.name,
        secretArn: parameters.secretArn.name,
      },
      parameterArns: {
        host: parameters.host.arn,
        port: parameters.port.arn,
        database: parameters.database.arn,
        username: parameters.username.arn,
        secretArn: parameters.secretArn.arn,
      },
      secretArn: this.masterSecretArn,
      applicationUsername: s.applicationUsername,
    };
  }

  /**
   * Lets a client connect on 5432: an ingress rule on the database's group and, when the client
   * can open its own egress (`allowTo`), the matching egress rule on the client's. Returns the
   * ingress rule.
   */
  allowFrom(id: string, client: DatabaseClient, description: string): VpcSecurityGroupIngressRule {
    const peerSecurityGroupId = client.securityGroupId;
    if (peerSecurityGroupId === undefined) {
      new PropsValidator(this, "RdsPrivate")
        .fail("allowFrom", "needs a client inside the VPC: this one has no security group (a Lambda function without network); give it the database's network", id)
        .throwIfInvalid();
      throw new Error("unreachable");
    }
    client.allowTo?.(`${id}Database`, { securityGroupId: this.securityGroup.id }, POSTGRES_PORT, `PostgreSQL of ${this.identifier}`);
    return tcpIngressFromGroup(this, `Ingress${id}`, {
      securityGroupId: this.securityGroup.id,
      peerSecurityGroupId,
      port: POSTGRES_PORT,
      description,
    });
  }

  /**
   * The SQL, to run as the master user after every migration, that gives `applicationUsername`
   * its login (IAM authentication through `rds_iam`, no password) and the data rights in
   * `public`, and nothing more: one idempotent PL/pgSQL block. `readOnlyTables` are tables of
   * `public` the application may read but not change (a migration tool's record, such as
   * Django's `django_migrations`).
   */
  applicationRoleSql(options: { readonly readOnlyTables?: readonly string[] } = {}): string {
    const role = quoteIdentifier(this.applicationUsername);
    const closing = (options.readOnlyTables ?? []).flatMap((table) => [
      `  -- ${table} records what the migrations ran: the application may read it, never change it.`,
      `  REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON TABLE public.${quoteIdentifier(table)} FROM ${role};`,
    ]);
    return applicationRoleSql(this.applicationUsername, closing);
  }

  /**
   * Lets a grantee's role log in as the application user with IAM database authentication: an
   * inline policy (`<identifier>-connect`, construct id `Connect<grantee's id>` in the database)
   * allowing only `rds-db:connect` on
   * `arn:<partition>:rds-db:<region>:<account>:dbuser:<instance resource id>/<applicationUsername>`.
   * Network access is separate (`allowFrom`), and so is the role inside PostgreSQL: the
   * migrations create `applicationUsername` and `GRANT rds_iam` to it. Needs the `region` and
   * `accountId` props. Returns the policy.
   */
  grantConnect(grantee: Grantee): IamRolePolicy {
    const v = new PropsValidator(this, "RdsPrivate");
    const hint = "is needed by grantConnect, whose rds-db:connect ARN names it; pass the provider's";
    v.check(this.region !== undefined, "region", `${hint} region (e.g. "us-east-1")`, this.region);
    v.check(this.accountId !== undefined, "accountId", `${hint} account id (12 digits)`, this.accountId);
    v.throwIfInvalid();
    const region = this.region!;
    const dbUserArn = `arn:${partitionOf(region)}:rds-db:${region}:${this.accountId!}:dbuser:${this.instance.resourceId}/${this.applicationUsername}`;
    return new IamRolePolicy(this, `Connect${grantee.node.id}`, {
      name: `${this.identifier}-connect`,
      role: grantee.grantRole.name,
      policy: policyDocument([{ Sid: "ConnectAsApplicationUser", Effect: "Allow", Action: "rds-db:connect", Resource: dbUserArn }]),
    });
  }

  /**
   * Lets a grantee's role read the connection settings from Parameter Store at run time (a
   * Lambda function that looks them up when it starts, rather than receiving them in its
   * environment): `ssm:GetParameter` and `ssm:GetParameters` on exactly the `host`, `port` and
   * `database` parameters. Not the `username` parameter, which names the master user (the
   * migrations'), nor the secret's: the application logs in as `applicationUsername`, known at
   * synth, so pass that in the environment and pair this with `grantConnect`. The policy
   * (`<identifier>-read-connection`) is an inline policy on the grantee's role, with the
   * construct id `ReadConnection<grantee's id>` in the database, like `grantConnect`'s. The
   * parameters are plain strings: no KMS permission is needed. Returns the policy.
   */
  grantReadConnection(grantee: Grantee): IamRolePolicy {
    const arns = this.connection.parameterArns;
    return new IamRolePolicy(this, `ReadConnection${grantee.node.id}`, {
      name: `${this.identifier}-read-connection`,
      role: grantee.grantRole.name,
      policy: policyDocument([
        {
          Sid: "ReadConnectionSettings",
          Effect: "Allow",
          Action: ["ssm:GetParameter", "ssm:GetParameters"],
          Resource: [arns.host, arns.port, arns.database],
        },
      ]),
    });
  }

  /**
   * What `Monitoring.watch` creates for the database, with the environment's thresholds: CPU
   * high for ten minutes, free storage and freeable memory low, connections near the class's
   * `max_connections`, worked out from `allocatedStorageGiB` and `instanceClass`, and a row of
   * four graphs. Throws a `PropsError` naming `instanceClass` for a class whose memory
   * `instanceClassMemoryGiB` does not know (metal, x2g).
   */
  monitoringSpec(thresholds: AlarmThresholds): MonitoringSpec {
    return databaseMonitoringSpec(
      this,
      { identifier: this.identifier, instanceClass: this.instanceClass, allocatedStorageGiB: this.allocatedStorageGiB },
      thresholds,
    );
  }
}

/**
 * `<identifier>-final-<YYYYMMDDhhmmss>`, the time the instance is created (UTC). Unknown until
 * apply, and different on every run: the instance ignores later changes to it.
 */
function finalSnapshotIdentifierOf(identifier: string): string {
  return `${identifier}-final-${Fn.formatdate("YYYYMMDDhhmmss", Fn.timestamp())}`;
}

function kebab(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
}

interface Settings {
  readonly engineVersion: string;
  readonly majorVersion: number;
  readonly instanceClass: string;
  readonly databaseName: string;
  readonly masterUsername: string;
  readonly applicationUsername: string;
  readonly allocatedStorageGiB: number;
  readonly maxAllocatedStorageGiB: number;
  readonly multiAz: boolean;
  readonly backupRetentionDays: number;
  readonly backupWindow: string;
  readonly maintenanceWindow: string;
  readonly deletionProtection: boolean;
  readonly finalSnapshot: boolean;
  readonly preventDestroy: boolean;
  readonly performanceInsights: boolean;
  readonly applyImmediately: boolean;
  readonly logRetentionDays: number;
  readonly slowQueryThresholdMs: number;
  readonly parameterPrefix: string;
}

const INSTANCE_CLASS = /^db\.([a-z0-9]+)\.(micro|small|medium|large|xlarge|\d{1,2}xlarge|metal)$/;
const IDENTIFIER = /^[a-zA-Z][a-zA-Z0-9_]{0,62}$/;
const RESERVED_NAMES = ["postgres", "template0", "template1", "rdsadmin", "rds_superuser", "public", "user"];
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const BACKUP_WINDOW = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;
const MAINTENANCE_WINDOW = /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** Whether the weekly arcs [aStart, aStart + aLength) and [bStart, bStart + bLength) share a minute. */
function arcsOverlap(aStart: number, aLength: number, bStart: number, bLength: number): boolean {
  const within = (x: number, start: number, length: number) => (((x - start) % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK < length;
  return within(aStart, bStart, bLength) || within(bStart, aStart, aLength);
}

/** Whether the daily backup window overlaps the weekly maintenance window on any day. */
function windowsOverlap(backup: RegExpExecArray, maintenance: RegExpExecArray): boolean {
  const minute = (day: number, hours: string | undefined, minutes: string | undefined) =>
    day * MINUTES_PER_DAY + Number(hours) * 60 + Number(minutes);
  const backupStart = minute(0, backup[1], backup[2]);
  const backupLength = (minute(0, backup[3], backup[4]) - backupStart + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const maintenanceStart = minute(DAYS.indexOf(maintenance[1]!), maintenance[2], maintenance[3]);
  const maintenanceLength =
    (minute(DAYS.indexOf(maintenance[4]!), maintenance[5], maintenance[6]) - maintenanceStart + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  return DAYS.some((_, day) => arcsOverlap(backupStart + day * MINUTES_PER_DAY, backupLength, maintenanceStart, maintenanceLength));
}

/**
 * Every problem with the props, without building anything (none when they hold): what the
 * constructor would refuse. `network` may be a plain object whose ids are unresolved tokens.
 */
export function rdsPrivatePropProblems(props: RdsPrivateProps): readonly PropProblem[] {
  return propProblems(() => validate(undefined, props));
}

function validate(scope: Construct | undefined, props: RdsPrivateProps): Settings {
  const v = new PropsValidator(scope, "RdsPrivate");
  v.requireLiterals(props, ["name", "engineVersion", "instanceClass", "preventDestroy", "performanceInsights"]);

  v.check(isValidNamePrefix(props.name), "name", NAME_PREFIX_RULE, props.name);
  v.check(
    Token.isUnresolved(props.network.privateSubnetIds) || props.network.privateSubnetIds.length >= 2,
    "network.privateSubnetIds",
    "must list at least two subnets in different availability zones (RDS requires it, even single-AZ)",
    props.network.privateSubnetIds,
  );

  const engineVersion = props.engineVersion ?? "17";
  const majorVersion = /^\d{2}$/.test(engineVersion) ? Number(engineVersion) : 0;
  v.check(
    majorVersion >= 13 && majorVersion <= 18,
    "engineVersion",
    'must be a PostgreSQL major version RDS supports, 13 to 18, without a minor ("17"): minor versions follow automatic upgrades',
    engineVersion,
  );

  const instanceClass = props.instanceClass ?? "db.t4g.micro";
  const classMatch = INSTANCE_CLASS.exec(instanceClass);
  v.check(
    classMatch !== null && (INSTANCE_FAMILIES as readonly string[]).includes(classMatch[1]!),
    "instanceClass",
    `must be an RDS instance class of a family PostgreSQL runs on (db.<family>.<size>, family one of ${INSTANCE_FAMILIES.join(", ")})`,
    instanceClass,
  );

  const databaseName = props.databaseName ?? "app";
  const masterUsername = props.masterUsername ?? "dbadmin";
  const applicationUsername = props.applicationUsername ?? DEFAULT_APPLICATION_USERNAME;
  for (const [prop, value] of [
    ["databaseName", databaseName],
    ["masterUsername", masterUsername],
    ["applicationUsername", applicationUsername],
  ] as const) {
    v.check(IDENTIFIER.test(value), prop, "must be 1 to 63 letters, digits and _, starting with a letter", value);
    v.check(!RESERVED_NAMES.includes(value.toLowerCase()), prop, `must not be a name PostgreSQL or RDS reserves (${RESERVED_NAMES.join(", ")})`, value);
  }
  v.check(
    applicationUsername.toLowerCase() !== masterUsername.toLowerCase(),
    "applicationUsername",
    `must differ from masterUsername ("${masterUsername}"): the application logs in as a user that owns nothing, never as the master user`,
    applicationUsername,
  );

  const allocatedStorageGiB = props.allocatedStorageGiB ?? 20;
  const maxAllocatedStorageGiB = props.maxAllocatedStorageGiB ?? Math.max(100, allocatedStorageGiB);
  v.checkWholeNumber("allocatedStorageGiB", allocatedStorageGiB, 20, 65536, { unit: "GiB", why: "gp3 on RDS" });
  v.checkWholeNumber("maxAllocatedStorageGiB", maxAllocatedStorageGiB, allocatedStorageGiB, 65536, {
    unit: "GiB",
    why: "at least allocatedStorageGiB",
  });

  const backupRetentionDays = props.backupRetentionDays ?? 7;
  v.checkWholeNumber("backupRetentionDays", backupRetentionDays, 1, 35, { unit: "days", why: "0 would turn backups off" });

  const backupWindow = props.backupWindow ?? "03:00-04:00";
  const maintenanceWindow = props.maintenanceWindow ?? "sun:04:30-sun:05:30";
  const backup = BACKUP_WINDOW.exec(backupWindow);
  const maintenance = MAINTENANCE_WINDOW.exec(maintenanceWindow);
  v.check(backup !== null, "backupWindow", 'must be a daily UTC window "HH:MM-HH:MM" (e.g. "03:00-04:00")', backupWindow);
  v.check(maintenance !== null, "maintenanceWindow", 'must be a weekly UTC window "ddd:HH:MM-ddd:HH:MM" (e.g. "sun:04:30-sun:05:30")', maintenanceWindow);
  if (backup) {
    const length = (Number(backup[3]) * 60 + Number(backup[4]) - (Number(backup[1]) * 60 + Number(backup[2])) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
    v.check(length >= 30, "backupWindow", "must last at least 30 minutes", backupWindow);
  }
  if (maintenance) {
    const start = DAYS.indexOf(maintenance[1]!) * MINUTES_PER_DAY + Number(maintenance[2]) * 60 + Number(maintenance[3]);
    const end = DAYS.indexOf(maintenance[4]!) * MINUTES_PER_DAY + Number(maintenance[5]) * 60 + Number(maintenance[6]);
    v.check((end - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK >= 30, "maintenanceWindow", "must last at least 30 minutes", maintenanceWindow);
  }
  if (backup && maintenance) {
    v.check(!windowsOverlap(backup, maintenance), "maintenanceWindow", `must not overlap backupWindow ${backupWindow}`, maintenanceWindow);
  }

  const deletionProtection = props.deletionProtection ?? true;
  const finalSnapshot = props.finalSnapshot ?? true;
  const preventDestroy = props.preventDestroy ?? false;
  if (preventDestroy) {
    v.check(deletionProtection, "deletionProtection", "must be true for a protected database (preventDestroy)", deletionProtection);
    v.check(finalSnapshot, "finalSnapshot", "must be true for a protected database (preventDestroy)", finalSnapshot);
  }

  const performanceInsights = props.performanceInsights ?? true;

  if (props.region !== undefined) {
    v.check(isKnownRegion(props.region), "region", regionProblem(props.region) ?? "", props.region);
  }
  if (props.accountId !== undefined) {
    v.check(ACCOUNT_ID_PATTERN.test(props.accountId), "accountId", 'must be a 12-digit AWS account id (e.g. "123456789012")', props.accountId);
  }

  const logRetentionDays = props.logRetentionDays ?? 30;
  v.checkLogRetention("logRetentionDays", logRetentionDays);
  const slowQueryThresholdMs = props.slowQueryThresholdMs ?? 1000;
  v.checkWholeNumber("slowQueryThresholdMs", slowQueryThresholdMs, 0, 600000, { unit: "milliseconds" });

  const parameterPrefix = props.parameterPrefix ?? `/${props.name}/database`;
  v.check(
    /^(\/[A-Za-z0-9_.-]+)+$/.test(parameterPrefix),
    "parameterPrefix",
    'must be a Parameter Store path such as "/acme-staging/database" (no trailing slash)',
    parameterPrefix,
  );

  v.throwIfInvalid();
  return {
    engineVersion,
    majorVersion,
    instanceClass,
    databaseName,
    masterUsername,
    applicationUsername,
    allocatedStorageGiB,
    maxAllocatedStorageGiB,
    multiAz: props.multiAz ?? false,
    backupRetentionDays,
    backupWindow,
    maintenanceWindow,
    deletionProtection,
    finalSnapshot,
    preventDestroy,
    performanceInsights,
    applyImmediately: props.applyImmediately ?? false,
    logRetentionDays,
    slowQueryThresholdMs,
    parameterPrefix,
  };
}
