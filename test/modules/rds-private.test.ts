import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Lazy, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { PropsError } from "../../modules/shared/errors";
import { Grantee, GranteeRole } from "../../modules/shared/grants";
import { FargateService } from "../../modules/fargate-service";
import { DEFAULT_ALARM_THRESHOLDS } from "../../modules/monitoring";
import { estimatedMaxConnections, instanceClassMemoryGiB, RdsPrivate, RdsPrivateProps, rdsPrivatePropProblems } from "../../modules/rds-private";
import { Vpc2Az } from "../../modules/vpc-2az";
import { IamModel, resolveDocument, StackJson } from "../support/iam-simulator";
import { PropsCase, testRefusedProps } from "../support/refuses-props";
import {
  addressOf,
  countOf,
  onlyResource,
  parseJsonAttribute,
  refTo,
  resourceCounts,
  resourceList,
  SynthesizedStack,
  synthJson,
  testStack,
} from "../support/synth";

/** A VPC, the database in it, and an API service that can be its client. */
function databaseAndService(dbProps: Partial<RdsPrivateProps> = {}) {
  const stack = testStack();
  const vpc = new Vpc2Az(stack, "Network", {
    name: "acme-test",
    region: "eu-west-1",
    cidr: "10.0.0.0/16",
    availabilityZones: ["eu-west-1a", "eu-west-1b"],
  });
  const db = new RdsPrivate(stack, "Database", { name: "acme-test", network: vpc, ...dbProps });
  const service = new FargateService(stack, "Api", {
    name: "acme-test",
    serviceName: "api",
    region: "eu-west-1",
    accountId: "123456789012",
    network: vpc,
    imageTag: "1.0.0",
    containerPort: 8000,
  });
  return { stack, db, service };
}


const network = {
  vpcId: "vpc-0123456789abcdef0",
  privateSubnetIds: ["subnet-private-a", "subnet-private-b"],
};

/** A network as a config check has it before any construct exists: ids known only at apply. */
const unbuiltNetwork = {
  vpcId: Lazy.stringValue({ produce: () => "vpc-0123456789abcdef0" }),
  privateSubnetIds: Lazy.listValue({ produce: () => ["subnet-private-a", "subnet-private-b"] }),
};

/** Code that runs as a role of its own, as a Lambda function does: a grantee. */
class Worker extends Construct implements Grantee {
  readonly role: IamRole;
  readonly grantRole: GranteeRole;
  constructor(scope: Construct, id: string, roleName: string) {
    super(scope, id);
    this.role = new IamRole(this, "Role", {
      name: roleName,
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    this.grantRole = this.role;
  }
}

/** The database in an account the IAM model can evaluate, and a worker to grant to. */
function databaseAndWorker(dbProps: Partial<RdsPrivateProps> = {}) {
  const stack = testStack("eu-west-1", "123456789012");
  const db = new RdsPrivate(stack, "Database", { name: "acme-test", network, region: "eu-west-1", accountId: "123456789012", ...dbProps });
  const worker = new Worker(stack, "Worker", "acme-test-worker");
  return { stack, db, worker };
}

/** The ARN a Terraform reference will have, as the IAM model derives it. */
function resolved(json: SynthesizedStack, reference: string): string {
  const document = resolveDocument(json as StackJson, JSON.stringify({ Version: "2012-10-17", Statement: [{ Resource: reference }] }));
  return document.Statement[0]!.Resource as string;
}

const base: RdsPrivateProps = { name: "acme-test", network };

/** The final snapshot's name: the identifier and the instance's creation time, filled in by Terraform. */
const FINAL_SNAPSHOT_IDENTIFIER = 'acme-test-postgres-final-${formatdate("YYYYMMDDhhmmss", timestamp())}';

function build(overrides: Partial<RdsPrivateProps> = {}): { stack: TerraformStack; db: RdsPrivate } {
  const stack = testStack();
  const db = new RdsPrivate(stack, "Database", { ...base, ...overrides });
  return { stack, db };
}

function synthWith(overrides: Partial<RdsPrivateProps> = {}): SynthesizedStack {
  return synthJson(build(overrides).stack);
}

describe("RdsPrivate defaults", () => {
  const json = synthWith();
  const synthesized = JSON.stringify(json);
  const instance = onlyResource(json, "aws_db_instance");

  test("creates the instance, its subnet group, security group, parameter group, log groups and five parameters", () => {
    expect(resourceCounts(json)).toEqual({
      aws_db_subnet_group: 1,
      aws_security_group: 1,
      aws_db_parameter_group: 1,
      aws_cloudwatch_log_group: 2,
      aws_db_instance: 1,
      aws_ssm_parameter: 5,
    });
  });

  test("PostgreSQL 17 on db.t4g.micro, not public, encrypted gp3 storage that grows to 100 GiB", () => {
    expect(synthesized).toHaveResourceWithProperties(DbInstance, {
      identifier: "acme-test-postgres",
      engine: "postgres",
      engine_version: "17",
      instance_class: "db.t4g.micro",
      publicly_accessible: false,
      storage_encrypted: true,
      storage_type: "gp3",
      allocated_storage: 20,
      max_allocated_storage: 100,
      multi_az: false,
    });
  });

  test("lives in the private subnets behind its own security group", () => {
    expect(onlyResource(json, "aws_db_subnet_group").subnet_ids).toEqual(["subnet-private-a", "subnet-private-b"]);
    expect(instance).toMatchObject({
      db_subnet_group_name: refTo(json, "aws_db_subnet_group", "Database_SubnetGroup", "name"),
      vpc_security_group_ids: [refTo(json, "aws_security_group", "Database_SecurityGroup", "id")],
    });
  });

  test("the security group admits nothing until a client is allowed, and never a CIDR", () => {
    expect(countOf(json, "aws_vpc_security_group_ingress_rule")).toBe(0);
    expect(onlyResource(json, "aws_security_group").ingress).toBeUndefined();
  });

  test("the security group can be replaced while the instance uses it: a name prefix, created before the old one goes", () => {
    const group = onlyResource(json, "aws_security_group");
    expect(group).toMatchObject({
      name_prefix: "acme-test-db-",
      tags: { Name: "acme-test-db" },
      lifecycle: { create_before_destroy: true },
    });
    expect(group.name).toBeUndefined();
  });

  test("IAM database authentication is on, for the application user", () => {
    expect(instance.iam_database_authentication_enabled).toBe(true);
  });

  test("the password is generated and kept by RDS; none is in the configuration", () => {
    expect(instance.manage_master_user_password).toBe(true);
    expect(instance.password).toBeUndefined();
    expect(instance.username).toBe("dbadmin");
    expect(instance.db_name).toBe("app");
  });

  test("the parameter group forces TLS and logs slow statements, DDL and lock waits", () => {
    const group = onlyResource(json, "aws_db_parameter_group");
    expect(group).toMatchObject({ family: "postgres17", lifecycle: { create_before_destroy: true } });
    expect(group.parameter).toEqual([
      { name: "rds.force_ssl", value: "1", apply_method: "pending-reboot" },
      { name: "log_min_duration_statement", value: "1000" },
      { name: "log_lock_waits", value: "1" },
      { name: "log_statement", value: "ddl" },
    ]);
    expect(instance.parameter_group_name).toBe(refTo(json, "aws_db_parameter_group", "Database_ParameterGroup", "name"));
  });

  test("backups, windows, minor upgrades, current CA, tags on snapshots, automated backups kept", () => {
    expect(instance).toMatchObject({
      backup_retention_period: 7,
      backup_window: "03:00-04:00",
      maintenance_window: "sun:04:30-sun:05:30",
      auto_minor_version_upgrade: true,
      allow_major_version_upgrade: false,
      ca_cert_identifier: "rds-ca-rsa2048-g1",
      copy_tags_to_snapshot: true,
      delete_automated_backups: false,
    });
  });

  test("deletion protection and a final snapshot named after the creation time by default, but no prevent_destroy", () => {
    expect(instance).toMatchObject({
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: FINAL_SNAPSHOT_IDENTIFIER,
    });
    // Fixed in state at creation: timestamp() would otherwise change it on every plan.
    expect(instance.lifecycle).toEqual({ ignore_changes: ["final_snapshot_identifier"] });
  });

  test("the final snapshot identifier, once Terraform fills in the time, is one RDS accepts", () => {
    const filled = (instance.final_snapshot_identifier as string).replace(/\$\{[^}]*\}/, "20270314092653");
    expect(filled).toBe("acme-test-postgres-final-20270314092653");
    // 1 to 255 letters, digits and hyphens; a letter first; no trailing or double hyphen.
    expect(filled).toMatch(/^[A-Za-z][A-Za-z0-9-]{0,254}$/);
    expect(filled).not.toMatch(/--|-$/);
  });

  test("logs go to CloudWatch groups with retention, created before the instance", () => {
    expect(instance.enabled_cloudwatch_logs_exports).toEqual(["postgresql", "upgrade"]);
    expect(resourceList(json, "aws_cloudwatch_log_group").map((g) => [g.name, g.retention_in_days])).toEqual([
      ["/aws/rds/instance/acme-test-postgres/postgresql", 30],
      ["/aws/rds/instance/acme-test-postgres/upgrade", 30],
    ]);
    expect([...(instance.depends_on as string[])].sort()).toEqual(
      [
        addressOf(json, "aws_cloudwatch_log_group", "Database_LogGroupPostgresql"),
        addressOf(json, "aws_cloudwatch_log_group", "Database_LogGroupUpgrade"),
      ].sort(),
    );
  });

  test("Performance Insights on its 7-day free tier, on db.t4g.micro too", () => {
    expect(instance).toMatchObject({ performance_insights_enabled: true, performance_insights_retention_period: 7 });
  });

  test("publishes the connection settings in Parameter Store, plain strings, never the password", () => {
    const parameters: Record<string, Record<string, unknown>> = Object.fromEntries(
      resourceList(json, "aws_ssm_parameter").map((p) => [p.name as string, p]),
    );
    expect(Object.keys(parameters).sort()).toEqual([
      "/acme-test/database/database",
      "/acme-test/database/host",
      "/acme-test/database/port",
      "/acme-test/database/secret-arn",
      "/acme-test/database/username",
    ]);
    for (const parameter of Object.values(parameters)) expect(parameter.type).toBe("String");
    const db = addressOf(json, "aws_db_instance", "Database_Instance");
    expect(parameters["/acme-test/database/host"]!.value).toBe(`\${${db}.address}`);
    expect(parameters["/acme-test/database/port"]!.value).toBe(`\${tostring(${db}.port)}`);
    expect(parameters["/acme-test/database/database"]!.value).toBe("app");
    expect(parameters["/acme-test/database/username"]!.value).toBe("dbadmin");
    expect(parameters["/acme-test/database/secret-arn"]!.value).toBe(`\${${db}.master_user_secret[0].secret_arn}`);
  });

  test("exposes typed outputs", () => {
    const { db } = build();
    expect(db.port).toBe(5432);
    expect(db.identifier).toBe("acme-test-postgres");
    expect(db.performanceInsightsEnabled).toBe(true);
    for (const value of [db.endpointAddress, db.securityGroupId, db.masterSecretArn, db.connection.parameterNames.host]) {
      expect(typeof value).toBe("string");
    }
  });
});

describe("RdsPrivate options", () => {
  test("protected: Multi-AZ, deletion protection, final snapshot and prevent_destroy", () => {
    const instance = onlyResource(
      synthWith({ multiAz: true, preventDestroy: true, instanceClass: "db.m7g.large", backupRetentionDays: 14 }),
      "aws_db_instance",
    );
    expect(instance).toMatchObject({
      multi_az: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: FINAL_SNAPSHOT_IDENTIFIER,
      backup_retention_period: 14,
    });
    expect(instance.lifecycle).toEqual({ ignore_changes: ["final_snapshot_identifier"], prevent_destroy: true });
  });

  test("Performance Insights can be turned off", () => {
    const instance = onlyResource(synthWith({ performanceInsights: false }), "aws_db_instance");
    expect(instance.performance_insights_enabled).toBe(false);
    expect(instance.performance_insights_retention_period).toBeUndefined();
  });

  test("no final snapshot and no deletion protection when asked", () => {
    const instance = onlyResource(synthWith({ finalSnapshot: false, deletionProtection: false }), "aws_db_instance");
    expect(instance).toMatchObject({ skip_final_snapshot: true, deletion_protection: false });
    expect(instance.final_snapshot_identifier).toBeUndefined();
    expect(instance.lifecycle).toBeUndefined();
  });

  test("storage autoscaling off when the ceiling equals the allocation", () => {
    expect(onlyResource(synthWith({ allocatedStorageGiB: 50, maxAllocatedStorageGiB: 50 }), "aws_db_instance")).toMatchObject({
      allocated_storage: 50,
      max_allocated_storage: 0,
    });
  });

  test("another major version takes its own parameter family", () => {
    const json = synthWith({ engineVersion: "16" });
    expect(onlyResource(json, "aws_db_instance").engine_version).toBe("16");
    expect(onlyResource(json, "aws_db_parameter_group").family).toBe("postgres16");
  });

  test("allowFrom admits a client's group on 5432 and opens the client's egress to the database", () => {
    const { stack, db, service } = databaseAndService();
    const rule = db.allowFrom("Api", service, "API tasks");
    const json = synthJson(stack);
    const dbGroup = refTo(json, "aws_security_group", "Database_SecurityGroup", "id");
    const apiGroup = refTo(json, "aws_security_group", "Api_SecurityGroup", "id");
    const ingress = resourceList(json, "aws_vpc_security_group_ingress_rule").filter((r) => r.security_group_id === dbGroup);
    expect(ingress).toEqual([
      expect.objectContaining({ ip_protocol: "tcp", from_port: 5432, to_port: 5432, referenced_security_group_id: apiGroup }),
    ]);
    expect(ingress[0]!.cidr_ipv4).toBeUndefined();
    expect(resourceList(json, "aws_vpc_security_group_egress_rule")).toContainEqual(
      expect.objectContaining({ security_group_id: apiGroup, from_port: 5432, to_port: 5432, referenced_security_group_id: dbGroup }),
    );
    expect(rule.node.id).toBe("IngressApi");
  });

  test("grantConnect lets a grantee's role connect as the application user, and nothing else", () => {
    const { stack, db, worker } = databaseAndWorker();
    const grant = db.grantConnect(worker);
    expect(grant).toBeInstanceOf(IamRolePolicy);
    expect(grant.node.path).toBe("test/Database/ConnectWorker");
    const json = synthJson(stack);
    const policy = resourceList(json, "aws_iam_role_policy").find((p) => p.name === "acme-test-postgres-connect");
    expect(policy?.role).toBe(refTo(json, "aws_iam_role", "Worker_Role", "name"));
    const resourceId = refTo(json, "aws_db_instance", "Database_Instance", "resource_id");
    expect(parseJsonAttribute<{ Statement: unknown[] }>(policy?.policy).Statement).toEqual([
      {
        Sid: "ConnectAsApplicationUser",
        Effect: "Allow",
        Action: "rds-db:connect",
        Resource: `arn:aws:rds-db:eu-west-1:123456789012:dbuser:${resourceId}/app_user`,
      },
    ]);
    expect(db.connection.applicationUsername).toBe("app_user");
  });

  test("grantConnect, simulated: the grantee connects to this instance as the application user, as no other user and to no other instance", async () => {
    const { stack, db, worker } = databaseAndWorker();
    db.grantConnect(worker);
    const json = synthJson(stack);
    const role = new IamModel(json as StackJson).role("acme-test-worker");
    const resourceId = resolved(json, refTo(json, "aws_db_instance", "Database_Instance", "resource_id"));
    expect(resourceId).toMatch(/^db-[A-Z0-9]+$/);
    const user = (name: string, id = resourceId) => `arn:aws:rds-db:eu-west-1:123456789012:dbuser:${id}/${name}`;
    expect(await role.decide({ action: "rds-db:connect", resource: user("app_user") })).toBe("Allowed");
    expect(await role.decide({ action: "rds-db:connect", resource: user("dbadmin") })).toBe("ImplicitlyDenied");
    expect(await role.decide({ action: "rds-db:connect", resource: user("app_user", "db-ANOTHERINSTANCE0") })).toBe("ImplicitlyDenied");
    expect(await role.decide({ action: "ssm:GetParameter", resource: "arn:aws:ssm:eu-west-1:123456789012:parameter/acme-test/database/host" })).toBe(
      "ImplicitlyDenied",
    );
  });

  test("grantConnect names the application user given, in the region's partition", () => {
    const { stack, db } = build({ region: "cn-north-1", accountId: "123456789012", applicationUsername: "web" });
    db.grantConnect(new Worker(stack, "Worker", "acme-test-worker-task"));
    const json = synthJson(stack);
    const policy = onlyResource(json, "aws_iam_role_policy");
    expect(policy.role).toBe(refTo(json, "aws_iam_role", "Worker_Role", "name"));
    const resourceId = refTo(json, "aws_db_instance", "Database_Instance", "resource_id");
    expect(parseJsonAttribute<{ Statement: { Resource: string }[] }>(policy.policy).Statement[0]!.Resource).toBe(
      `arn:aws-cn:rds-db:cn-north-1:123456789012:dbuser:${resourceId}/web`,
    );
  });

  test("grantConnect without region and accountId fails, naming both props", () => {
    const { stack, db } = build();
    const grantee = new Worker(stack, "Api", "role");
    expect(() => db.grantConnect(grantee)).toThrow(PropsError);
    expect(() => db.grantConnect(grantee)).toThrow(
      /region is needed by grantConnect, whose rds-db:connect ARN names it; pass the provider's region .*; got nothing/,
    );
    expect(() => db.grantConnect(grantee)).toThrow(/accountId is needed by grantConnect/);
  });

  test("grantReadConnection: an inline policy on the grantee's role, in the database, reading the host, port and database parameters", () => {
    const { stack, db, worker } = databaseAndWorker();
    const grant = db.grantReadConnection(worker);
    expect(grant).toBeInstanceOf(IamRolePolicy);
    expect(grant.node.path).toBe("test/Database/ReadConnectionWorker");
    const json = synthJson(stack);
    const policy = onlyResource(json, "aws_iam_role_policy");
    expect(policy).toMatchObject({ name: "acme-test-postgres-read-connection", role: refTo(json, "aws_iam_role", "Worker_Role", "name") });
    expect(parseJsonAttribute<{ Statement: unknown[] }>(policy.policy).Statement).toEqual([
      {
        Sid: "ReadConnectionSettings",
        Effect: "Allow",
        Action: ["ssm:GetParameter", "ssm:GetParameters"],
        Resource: [
          refTo(json, "aws_ssm_parameter", "Database_ParameterHost", "arn"),
          refTo(json, "aws_ssm_parameter", "Database_ParameterPort", "arn"),
          refTo(json, "aws_ssm_parameter", "Database_ParameterDatabase", "arn"),
        ],
      },
    ]);
  });

  test("grantReadConnection, simulated: reads exactly the connection parameters, not the master user's, the secret's or another path", async () => {
    const { stack, db, worker } = databaseAndWorker({ parameterPrefix: "/acme-test/orders-db" });
    db.grantReadConnection(worker);
    const json = synthJson(stack);
    const role = new IamModel(json as StackJson).role("acme-test-worker");
    const parameter = (path: string) => `arn:aws:ssm:eu-west-1:123456789012:parameter/${path}`;
    expect(resolved(json, refTo(json, "aws_ssm_parameter", "Database_ParameterHost", "arn"))).toBe(parameter("acme-test/orders-db/host"));
    for (const name of ["host", "port", "database"]) {
      for (const action of ["ssm:GetParameter", "ssm:GetParameters"]) {
        expect({ name, action, decision: await role.decide({ action, resource: parameter(`acme-test/orders-db/${name}`) }) }).toEqual({
          name,
          action,
          decision: "Allowed",
        });
      }
    }
    for (const resource of [
      parameter("acme-test/orders-db/username"),
      parameter("acme-test/orders-db/secret-arn"),
      parameter("acme-test/database/host"),
      parameter("acme-test/orders-db/host-other"),
    ]) {
      expect({ resource, decision: await role.decide({ action: "ssm:GetParameter", resource }) }).toEqual({ resource, decision: "ImplicitlyDenied" });
    }
    expect(await role.decide({ action: "ssm:PutParameter", resource: parameter("acme-test/orders-db/host") })).toBe("ImplicitlyDenied");
    expect(await role.decide({ action: "ssm:GetParametersByPath", resource: parameter("acme-test/orders-db") })).toBe("ImplicitlyDenied");
    const secret = resolved(json, `\${${addressOf(json, "aws_db_instance", "Database_Instance")}.master_user_secret[0].secret_arn}`);
    expect(await role.decide({ action: "secretsmanager:GetSecretValue", resource: secret })).toBe("ImplicitlyDenied");
  });

  test("grantReadConnection needs neither region nor accountId (the parameters' ARNs come from Terraform)", () => {
    const { stack, db } = build();
    expect(() => db.grantReadConnection(new Worker(stack, "Worker", "acme-test-worker"))).not.toThrow();
  });
});

describe("RdsPrivate is a monitorable", () => {
  const spec = (props: Partial<RdsPrivateProps> = {}) => build(props).db.monitoringSpec(DEFAULT_ALARM_THRESHOLDS);

  test("four alarms, ids after the database's construct id, on its identifier", () => {
    const { title, graphs, alarms } = spec();
    expect(title).toBe("Database (Database)");
    expect(alarms.map((a) => [a.id, a.name, a.metricName, a.comparison])).toEqual([
      ["DatabaseCpuHigh", "database-cpu-high", "CPUUtilization", "GreaterThanThreshold"],
      ["DatabaseFreeStorageLow", "database-free-storage-low", "FreeStorageSpace", "LessThanThreshold"],
      ["DatabaseFreeMemoryLow", "database-free-memory-low", "FreeableMemory", "LessThanThreshold"],
      ["DatabaseConnectionsHigh", "database-connections-high", "DatabaseConnections", "GreaterThanThreshold"],
    ]);
    for (const alarm of alarms) expect(alarm.dimensions).toEqual({ DBInstanceIdentifier: "acme-test-postgres" });
    expect(graphs.map((g) => g.title)).toEqual(["CPU (%)", "Connections", "Free storage (bytes)", "Freeable memory (bytes)"]);
  });

  test("thresholds worked out from the class and the storage at creation", () => {
    const byId = (props: Partial<RdsPrivateProps>) => Object.fromEntries(spec(props).alarms.map((a) => [a.id, a.threshold]));
    // db.t4g.micro: 1 GiB, so max_connections about 0.75 GiB / 9531392 = 84; 80% of that.
    expect(byId({})).toEqual({
      DatabaseCpuHigh: 80,
      DatabaseFreeStorageLow: Math.round(0.05 * 20 * 1024 ** 3),
      DatabaseFreeMemoryLow: Math.round(0.1 * 1024 ** 3),
      DatabaseConnectionsHigh: 67,
    });
    // db.r6g.xlarge: 32 GiB.
    expect(byId({ instanceClass: "db.r6g.xlarge", allocatedStorageGiB: 200 })).toMatchObject({
      DatabaseFreeStorageLow: Math.round(0.05 * 200 * 1024 ** 3),
      DatabaseFreeMemoryLow: Math.round(0.1 * 32 * 1024 ** 3),
      DatabaseConnectionsHigh: Math.floor(0.8 * estimatedMaxConnections(32)),
    });
    expect(estimatedMaxConnections(1)).toBe(84);
    expect(estimatedMaxConnections(1024)).toBe(5000);
  });

  test("a class whose memory is unknown is refused, naming instanceClass", () => {
    expect(() => spec({ instanceClass: "db.x2g.large" })).toThrow(PropsError);
    expect(() => spec({ instanceClass: "db.x2g.large" })).toThrow(
      /RdsPrivate "test\/Database": instanceClass must be a class whose memory the monitoring spec knows \(db\.t\*, db\.m\*, db\.r\* sizes micro to 48xlarge\) to set the memory and connection alarms' thresholds; got "db\.x2g\.large"/,
    );
  });

  test.each([
    ["db.t4g.micro", 1],
    ["db.t3.small", 2],
    ["db.t4g.2xlarge", 32],
    ["db.m5.large", 8],
    ["db.m6g.4xlarge", 64],
    ["db.r6g.xlarge", 32],
    ["db.r7g.16xlarge", 512],
    ["db.m5.metal", undefined],
    ["db.m5.small", undefined],
    ["db.x2g.large", undefined],
  ])("%s has %p GiB of memory", (instanceClass, gib) => {
    expect(instanceClassMemoryGiB(instanceClass)).toBe(gib);
  });
});

describe("RdsPrivate README example", () => {
  test("compiles and synthesizes", () => {
    // The same code as the usage example in modules/rds-private/README.md.
    const stack = testStack("eu-west-1");
    const network = new Vpc2Az(stack, "Network", {
      name: "acme-staging",
      region: "eu-west-1",
      cidr: "10.10.0.0/16",
      availabilityZones: ["eu-west-1a", "eu-west-1b"],
      egress: "nat-instance",
    });
    const database = new RdsPrivate(stack, "Database", {
      name: "acme-staging",
      region: "eu-west-1",
      accountId: "123456789012",
      network,
      instanceClass: "db.t4g.micro",
      backupRetentionDays: 3,
      deletionProtection: false,
    });
    expect(database.connection.parameterNames.host).toBeDefined();
    expect(countOf(synthJson(stack), "aws_db_instance")).toBe(1);
  });
});

describe("RdsPrivate README check example", () => {
  test("reports the problem without building anything", () => {
    // The same code as the prop-check example in modules/rds-private/README.md.
    const problems = rdsPrivatePropProblems({
      name: "acme-staging",
      network: { vpcId: Lazy.stringValue({ produce: () => "vpc" }), privateSubnetIds: Lazy.listValue({ produce: () => [] }) },
      backupRetentionDays: 0,
    });
    expect(problems).toEqual([{ prop: "backupRetentionDays", expected: "must be a whole number of days from 1 to 35 (0 would turn backups off)", given: 0 }]);
  });
});

describe("RdsPrivate refuses bad props, naming the prop", () => {
  const cases: PropsCase<RdsPrivateProps>[] = [
    ["an unknown instance class family", { instanceClass: "db.z9.large" }, /instanceClass must be an RDS instance class of a family PostgreSQL runs on .*; got "db\.z9\.large"/],
    ["an instance class that is not one", { instanceClass: "t4g.micro" }, /instanceClass must be an RDS instance class/],
    ["zero backup retention", { backupRetentionDays: 0 }, /backupRetentionDays must be a whole number of days from 1 to 35 \(0 would turn backups off\); got 0/],
    ["36 days of backups", { backupRetentionDays: 36 }, /backupRetentionDays must be a whole number of days from 1 to 35/],
    ["protected without deletion protection", { preventDestroy: true, deletionProtection: false }, /deletionProtection must be true for a protected database \(preventDestroy\); got false/],
    ["protected without a final snapshot", { preventDestroy: true, finalSnapshot: false }, /finalSnapshot must be true for a protected database/],
    ["an engine version RDS does not run", { engineVersion: "9.6" }, /engineVersion must be a PostgreSQL major version RDS supports/],
    ["a pinned minor version", { engineVersion: "17.4" }, /engineVersion must be a PostgreSQL major version RDS supports, 13 to 18, without a minor/],
    ["a reserved master user name", { masterUsername: "rdsadmin" }, /masterUsername must not be a name PostgreSQL or RDS reserves/],
    ["a database name with a hyphen", { databaseName: "my-app" }, /databaseName must be 1 to 63 letters, digits and _/],
    ["a ceiling under the allocation", { allocatedStorageGiB: 50, maxAllocatedStorageGiB: 40 }, /maxAllocatedStorageGiB must be a whole number of GiB from 50 to 65536/],
    ["storage under 20 GiB", { allocatedStorageGiB: 10 }, /allocatedStorageGiB must be a whole number of GiB from 20/],
    ["a backup window of 15 minutes", { backupWindow: "03:00-03:15" }, /backupWindow must last at least 30 minutes/],
    ["a malformed maintenance window", { maintenanceWindow: "sunday 04:00" }, /maintenanceWindow must be a weekly UTC window/],
    ["overlapping windows", { backupWindow: "04:00-05:00", maintenanceWindow: "tue:04:30-tue:05:30" }, /maintenanceWindow must not overlap backupWindow 04:00-05:00/],
    ["overlapping windows across midnight", { backupWindow: "23:30-00:30", maintenanceWindow: "mon:00:00-mon:01:00" }, /must not overlap/],
    ["one private subnet", { network: { ...unbuiltNetwork, privateSubnetIds: ["subnet-a"] } }, /network\.privateSubnetIds must list at least two subnets/],
    ["a parameter path with a trailing slash", { parameterPrefix: "/acme/db/" }, /parameterPrefix must be a Parameter Store path/],
    [
      "the application user being the master user",
      { masterUsername: "app_user" },
      /applicationUsername must differ from masterUsername \("app_user"\): the application logs in as a user that owns nothing/,
    ],
    ["the application user being the master user in other case", { masterUsername: "Admin", applicationUsername: "admin" }, /applicationUsername must differ from masterUsername/],
    ["a reserved application user name", { applicationUsername: "rds_superuser" }, /applicationUsername must not be a name PostgreSQL or RDS reserves/],
    ["a region that does not exist", { region: "eu-west-9" }, /region "eu-west-9" is not an AWS region/],
    ["a malformed account id", { accountId: "1234" }, /accountId must be a 12-digit AWS account id/],
  ];

  testRefusedProps(cases, {
    build: (overrides) => build(overrides),
    check: (overrides) => rdsPrivatePropProblems({ ...base, network: unbuiltNetwork, ...overrides }),
  });

  test("windows that only touch are fine", () => {
    expect(() => build({ backupWindow: "03:00-04:00", maintenanceWindow: "sun:04:00-sun:05:00" })).not.toThrow();
  });
});

describe("rdsPrivatePropProblems: the check, before any construct exists", () => {
  test("nothing wrong with good props whose network ids are known only at apply", () => {
    expect(rdsPrivatePropProblems({ ...base, network: unbuiltNetwork, region: "eu-west-1", accountId: "123456789012" })).toEqual([]);
  });

  test("every problem at once, as the constructor would name them", () => {
    const problems = rdsPrivatePropProblems({ ...base, network: unbuiltNetwork, backupRetentionDays: 0, masterUsername: "rdsadmin" });
    expect(problems.map((p) => p.prop)).toEqual(["masterUsername", "backupRetentionDays"]);
    expect(() => build({ backupRetentionDays: 0, masterUsername: "rdsadmin" })).toThrow(/2 invalid props/);
  });

  test("a literal the database computes with, given as a token, is reported rather than checked", () => {
    expect(rdsPrivatePropProblems({ ...base, network: unbuiltNetwork, instanceClass: Lazy.stringValue({ produce: () => "db.t4g.micro" }) })).toEqual([
      { prop: "instanceClass", expected: "must be a literal value known at synth, not a reference resolved at apply", given: "an unresolved token" },
    ]);
  });
});
