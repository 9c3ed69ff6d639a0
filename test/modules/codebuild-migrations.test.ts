import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Lazy, TerraformStack } from "cdktf";
import { resourcesOfType, textMark } from "../../inspect";
import { PropsError } from "../../modules/shared/errors";
import { Grantee } from "../../modules/shared/grants";
import { Monitorable } from "../../modules/shared/monitorable";
import { PURPOSE_MARK } from "../../modules/shared/purpose";
import {
  CodebuildMigrations,
  CodebuildMigrationsProps,
  codebuildMigrationsPropProblems,
  CodebuildMigrationsPropsToCheck,
  DEFAULT_LIQUIBASE_SHA256,
  DEFAULT_LIQUIBASE_VERSION,
  MigrationDatabase,
  MigrationNetwork,
} from "../../modules/codebuild-migrations";
import { FargateService } from "../../modules/fargate-service";
import { RdsPrivate } from "../../modules/rds-private";
import { Vpc2Az } from "../../modules/vpc-2az";
import { IamModel, StackJson } from "../support/iam-simulator";
import { PropsCase, testRefusedProps } from "../support/refuses-props";
import {
  addressOf,
  countOf,
  onlyResource,
  parseJsonAttribute,
  refTo,
  resourceList,
  SynthesizedStack,
  synthJson,
  testStack,
} from "../support/synth";

const natNetwork: MigrationNetwork = {
  vpcId: "vpc-0123456789abcdef0",
  privateSubnetIds: ["subnet-private-a", "subnet-private-b"],
  egress: "nat-instance",
  interfaceEndpointServices: [],
};

type Overrides = Partial<Omit<CodebuildMigrationsProps, "database">>;

/**
 * The props as a config check has them before anything is built: the network's ids and nothing
 * of the database but its application user's name, known at synth.
 */
const unbuilt: CodebuildMigrationsPropsToCheck = {
  name: "acme-test",
  region: "eu-west-1",
  accountId: "123456789012",
  network: {
    vpcId: Lazy.stringValue({ produce: () => "vpc-0123456789abcdef0" }),
    privateSubnetIds: Lazy.listValue({ produce: () => ["subnet-private-a", "subnet-private-b"] }),
    egress: "nat-instance",
    interfaceEndpointServices: [],
  },
  database: { connection: { applicationUsername: "app_user" } },
  sourceRepository: "acme/app",
};

/** The exported check on the same overrides as `build`, a network override keeping its ids unresolved. */
function check(overrides: Overrides) {
  const network = overrides.network === undefined ? unbuilt.network : { ...overrides.network, vpcId: unbuilt.network.vpcId, privateSubnetIds: unbuilt.network.privateSubnetIds };
  return codebuildMigrationsPropProblems({ ...unbuilt, ...overrides, network });
}

/** A real database beside the build, so the wiring between the two is what the tests see. */
function build(overrides: Overrides = {}): { stack: TerraformStack; migrations: CodebuildMigrations; db: RdsPrivate } {
  const stack = testStack();
  const db = new RdsPrivate(stack, "Database", {
    name: "acme-test",
    network: { vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-private-a", "subnet-private-b"] },
  });
  const migrations = new CodebuildMigrations(stack, "Migrations", {
    name: "acme-test",
    region: "eu-west-1",
    accountId: "123456789012",
    network: natNetwork,
    database: db,
    sourceRepository: "acme/app",
    ...overrides,
  });
  return { stack, migrations, db };
}

function synthWith(overrides: Overrides = {}): SynthesizedStack {
  return synthJson(build(overrides).stack);
}

interface Buildspec {
  version: string;
  env: { variables: Record<string, string>; "parameter-store": Record<string, string>; "secrets-manager": Record<string, string> };
  phases: Record<string, { commands: string[] }>;
}

function buildspecOf(json: SynthesizedStack): Buildspec {
  const project = onlyResource(json, "aws_codebuild_project");
  return parseJsonAttribute<Buildspec>((project.source as { buildspec: string }).buildspec);
}

/** One bash word holding `value` as it is. */
const shellWord = (value: string): string => `'${value.replace(/'/g, "'\\''")}'`;

interface CommandsRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The folder standing in for `/` of the build: `/tmp/x` ran as `<dir>/tmp/x`. */
  readonly dir: string;
  /** What a fake tool wrote to its log (`curl`, `tar`), or undefined if it never ran. */
  readonly log: (tool: "curl" | "tar") => string | undefined;
}

/**
 * Runs buildspec commands in bash as CodeBuild does: one shell, the spec's variables exported,
 * stopping at the first command that fails. Paths under /tmp and /opt move into a temporary
 * folder. `curl` is a fake first on PATH that logs its URL and writes `download` to its `-o`
 * file; `tar` is a fake that logs that it ran (a real one would refuse the fake download).
 * sha256sum, mkdir, printf and the rest are the real ones.
 */
function runLikeCodeBuild(commands: readonly string[], variables: Record<string, string>, download = "not a Liquibase release\n"): CommandsRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "buildspec-run-"));
  const bin = path.join(dir, "bin");
  for (const folder of [bin, path.join(dir, "tmp"), path.join(dir, "opt")]) fs.mkdirSync(folder);
  fs.writeFileSync(path.join(dir, "download"), download);
  fs.writeFileSync(
    path.join(bin, "curl"),
    [
      "#!/usr/bin/env bash",
      'out=""; url=""',
      'while [ "$#" -gt 0 ]; do case "$1" in -o) out="$2"; shift 2 ;; *) url="$1"; shift ;; esac; done',
      `echo "$url" >> ${shellWord(path.join(dir, "curl.log"))}`,
      `cp ${shellWord(path.join(dir, "download"))} "$out"`,
    ].join("\n"),
    { mode: 0o755 },
  );
  fs.writeFileSync(path.join(bin, "tar"), `#!/usr/bin/env bash\necho "tar $*" >> ${shellWord(path.join(dir, "tar.log"))}\n`, { mode: 0o755 });
  const moved = commands.map((command) => command.replace(/\/tmp\/|\/opt\//g, (root) => `${dir}${root}`));
  const script = [
    ...Object.entries(variables).map(([name, value]) => `export ${name}=${shellWord(value)}`),
    `export PATH=${shellWord(bin)}:"$PATH"`,
    ...moved.flatMap((command) => [command, 'rc=$?; if [ "$rc" -ne 0 ]; then exit "$rc"; fi']),
  ].join("\n");
  const run = spawnSync("bash", ["--noprofile", "--norc", "-c", script], {
    cwd: dir,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir },
  });
  const log = (tool: "curl" | "tar") => {
    const file = path.join(dir, `${tool}.log`);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  };
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, dir, log };
}

/** The changelog the buildspec writes for the application's role, as the build's bash writes it. */
function applicationRoleSql(spec: Buildspec): string {
  const writes = spec.phases.pre_build!.commands.filter((c) => c.includes("> /tmp/codebuild-migrations/application-role.sql"));
  expect(writes).toHaveLength(1);
  const run = runLikeCodeBuild(writes, {});
  try {
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    return fs.readFileSync(path.join(run.dir, "tmp/codebuild-migrations/application-role.sql"), "utf8");
  } finally {
    fs.rmSync(run.dir, { recursive: true, force: true });
  }
}

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: unknown;
}

function statementsOf(json: SynthesizedStack, policyName: string): Statement[] {
  const policy = resourceList(json, "aws_iam_role_policy").find((p) => p.name === policyName);
  if (!policy) throw new Error(`no policy ${policyName}`);
  return parseJsonAttribute<{ Statement: Statement[] }>(policy.policy).Statement;
}

interface Stage {
  name: string;
  action: { name: string; provider: string; configuration: Record<string, string>; input_artifacts?: string[] }[];
}

describe("CodebuildMigrations defaults", () => {
  const json = synthWith();

  test("a small ARM Amazon Linux build in the private subnets, one at a time, with a timeout", () => {
    expect(onlyResource(json, "aws_codebuild_project")).toMatchObject({
      name: "acme-test-db-migrations",
      concurrent_build_limit: 1,
      build_timeout: 30,
      environment: {
        compute_type: "BUILD_GENERAL1_SMALL",
        image: "aws/codebuild/amazonlinux2-aarch64-standard:3.0",
        type: "ARM_CONTAINER",
        privileged_mode: false,
      },
      vpc_config: {
        vpc_id: "vpc-0123456789abcdef0",
        subnets: ["subnet-private-a", "subnet-private-b"],
        security_group_ids: [refTo(json, "aws_security_group", "Migrations_SecurityGroup", "id")],
      },
    });
    expect(onlyResource(json, "aws_codebuild_project").logs_config).toMatchObject({
      cloudwatch_logs: { group_name: refTo(json, "aws_cloudwatch_log_group", "Migrations_LogGroup", "name"), status: "ENABLED" },
    });
  });

  test("the build can reach the database on 5432, and the database admits only the build (and nothing by CIDR)", () => {
    const buildGroup = refTo(json, "aws_security_group", "Migrations_SecurityGroup", "id");
    const dbGroup = refTo(json, "aws_security_group", "Database_SecurityGroup", "id");
    expect(resourceList(json, "aws_vpc_security_group_ingress_rule")).toEqual([
      expect.objectContaining({ security_group_id: dbGroup, from_port: 5432, to_port: 5432, referenced_security_group_id: buildGroup }),
    ]);
    const egress = resourceList(json, "aws_vpc_security_group_egress_rule").filter((r) => r.security_group_id === buildGroup);
    expect(egress).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from_port: 5432, to_port: 5432, referenced_security_group_id: dbGroup }),
        expect.objectContaining({ from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" }),
      ]),
    );
    expect(egress).toHaveLength(2);
  });

  test("the buildspec reads the connection from Parameter Store and the password from Secrets Manager at build time", () => {
    const spec = buildspecOf(json);
    expect(spec.version).toBe("0.2");
    const db = addressOf(json, "aws_db_instance", "Database_Instance");
    expect(spec.env["secrets-manager"]).toEqual({ DB_PASSWORD: `\${${db}.master_user_secret[0].secret_arn}:password` });
    expect(Object.keys(spec.env["parameter-store"]).sort()).toEqual(["DB_HOST", "DB_NAME", "DB_PORT", "DB_USER"]);
    for (const [variable, parameter] of [
      ["DB_HOST", "Database_ParameterHost"],
      ["DB_PORT", "Database_ParameterPort"],
      ["DB_NAME", "Database_ParameterDatabase"],
      ["DB_USER", "Database_ParameterUsername"],
    ] as const) {
      expect(spec.env["parameter-store"][variable]).toBe(refTo(json, "aws_ssm_parameter", parameter, "name"));
    }
  });

  test("the buildspec shows the pending changes, then runs Liquibase update over TLS that verifies the server", () => {
    const spec = buildspecOf(json);
    const preBuild = spec.phases.pre_build!.commands;
    expect(preBuild.indexOf("liquibase status --verbose")).toBeGreaterThanOrEqual(0);
    expect(preBuild.indexOf("liquibase update-sql")).toBeGreaterThan(preBuild.indexOf("liquibase status --verbose"));
    expect(spec.phases.build!.commands).toEqual([
      "liquibase update",
      "liquibase --search-path=/tmp/codebuild-migrations update --changelog-file=application-role.sql",
    ]);
    expect(spec.phases.install!.commands.join("\n")).toContain("liquibase-$LIQUIBASE_VERSION.tar.gz");
    expect(spec.phases.install!.commands).toContain('export DB_SSL="sslmode=verify-full&sslrootcert=/tmp/rds-ca.pem"');
    expect((spec.phases.install as unknown as { "runtime-versions": unknown })["runtime-versions"]).toEqual({ java: "corretto21" });
    expect(preBuild).toEqual(
      expect.arrayContaining([
        'export LIQUIBASE_COMMAND_URL="jdbc:postgresql://$DB_HOST:$DB_PORT/$DB_NAME?$DB_SSL"',
        'export LIQUIBASE_COMMAND_USERNAME="$DB_USER"',
        'export LIQUIBASE_COMMAND_PASSWORD="$DB_PASSWORD"',
        'export LIQUIBASE_COMMAND_CHANGELOG_FILE="$CHANGELOG_FILE"',
      ]),
    );
    expect(spec.env.variables).toMatchObject({
      CHANGELOG_FILE: "db/changelog/db.changelog-master.yaml",
      LIQUIBASE_VERSION: "4.31.1",
      LIQUIBASE_ANALYTICS_ENABLED: "false",
    });
    // Terraform would read "${" in the buildspec as an interpolation of its own.
    const raw = (onlyResource(json, "aws_codebuild_project").source as { buildspec: string }).buildspec;
    expect(raw.replace(/\$\{(aws_[a-z0-9_]+\.[A-Za-z0-9_]+\.[a-z_]+(\[0\]\.[a-z_]+)?)\}/g, "")).not.toContain("${");
    // Nor a template directive.
    expect(raw).not.toContain("%{");
  });

  test("the build role reads exactly the connection parameters and the secret, and writes only its logs and artifacts", () => {
    const statements = statementsOf(json, "run-migrations");
    const bySid = Object.fromEntries(statements.map((st) => [st.Sid, st]));
    expect(bySid.ReadConnectionSettings).toMatchObject({
      Action: "ssm:GetParameters",
      Resource: [
        refTo(json, "aws_ssm_parameter", "Database_ParameterHost", "arn"),
        refTo(json, "aws_ssm_parameter", "Database_ParameterPort", "arn"),
        refTo(json, "aws_ssm_parameter", "Database_ParameterDatabase", "arn"),
        refTo(json, "aws_ssm_parameter", "Database_ParameterUsername", "arn"),
      ],
    });
    expect(bySid.ReadDatabasePassword).toMatchObject({
      Action: "secretsmanager:GetSecretValue",
      Resource: `\${${addressOf(json, "aws_db_instance", "Database_Instance")}.master_user_secret[0].secret_arn}`,
    });
    expect(bySid.WriteLogs?.Resource).toBe(`${refTo(json, "aws_cloudwatch_log_group", "Migrations_LogGroup", "arn")}:*`);
    expect(bySid.ReadArtifacts).toMatchObject({
      Action: ["s3:GetObject", "s3:GetObjectVersion"],
      Resource: `${refTo(json, "aws_s3_bucket", "Migrations_Artifacts_Bucket", "arn")}/*`,
    });
    expect(Object.keys(bySid)).toEqual(["WriteLogs", "ReadArtifacts", "ReadConnectionSettings", "ReadDatabasePassword"]);
  });

  test("the network interfaces of VPC builds are granted in a policy of their own, the one the policy pack's exception covers", () => {
    const bySid = Object.fromEntries(statementsOf(json, "build-in-vpc").map((st) => [st.Sid, st]));
    expect(Object.keys(bySid)).toEqual(["VpcNetworkInterfaces", "VpcNetworkInterfacePermission"]);
    expect(bySid.VpcNetworkInterfaces?.Action).toEqual(
      expect.arrayContaining(["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces"]),
    );
    expect(bySid.VpcNetworkInterfacePermission).toMatchObject({
      Action: "ec2:CreateNetworkInterfacePermission",
      Resource: "arn:aws:ec2:eu-west-1:123456789012:network-interface/*",
      Condition: {
        StringEquals: { "ec2:AuthorizedService": "codebuild.amazonaws.com" },
        ArnEquals: {
          "ec2:Subnet": [
            "arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-private-a",
            "arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-private-b",
          ],
        },
      },
    });
  });

  test("the pipeline (V2, one run at a time) takes the source, then runs the migration stage", () => {
    const pipeline = onlyResource(json, "aws_codepipeline");
    expect(pipeline).toMatchObject({ name: "acme-test-db-migrations", pipeline_type: "V2", execution_mode: "QUEUED" });
    const stages = pipeline.stage as Stage[];
    expect(stages.map((st) => st.name)).toEqual(["Source", "Migrate"]);
    expect(stages[0]!.action[0]).toMatchObject({
      provider: "CodeStarSourceConnection",
      configuration: {
        ConnectionArn: refTo(json, "aws_codestarconnections_connection", "Migrations_Connection", "arn"),
        FullRepositoryId: "acme/app",
        BranchName: "main",
      },
    });
    expect((stages[0]!.action[0] as unknown as { output_artifacts: string[] }).output_artifacts).toEqual(["source"]);
    expect(stages[1]!.action[0]).toMatchObject({
      provider: "CodeBuild",
      configuration: { ProjectName: refTo(json, "aws_codebuild_project", "Migrations_Project", "name") },
      input_artifacts: ["source"],
    });
    expect(pipeline.artifact_store).toEqual([
      { location: refTo(json, "aws_s3_bucket", "Migrations_Artifacts_Bucket", "bucket"), type: "S3" },
    ]);
    const artifactsArn = refTo(json, "aws_s3_bucket", "Migrations_Artifacts_Bucket", "arn");
    const bySid = Object.fromEntries(statementsOf(json, "run-pipeline").map((st) => [st.Sid, st]));
    expect(bySid.Artifacts).toMatchObject({
      Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:GetBucketVersioning"],
      Resource: [artifactsArn, `${artifactsArn}/*`],
    });
    expect(bySid.RunMigrations).toEqual({
      Sid: "RunMigrations",
      Effect: "Allow",
      Action: ["codebuild:StartBuild", "codebuild:BatchGetBuilds"],
      Resource: refTo(json, "aws_codebuild_project", "Migrations_Project", "arn"),
    });
  });

  test("the artifact bucket is private, encrypted, versioned and TLS-only", () => {
    expect(onlyResource(json, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(onlyResource(json, "aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(countOf(json, "aws_s3_bucket_server_side_encryption_configuration")).toBe(1);
    expect(onlyResource(json, "aws_s3_bucket_policy").policy).toContain("aws:SecureTransport");
    expect(onlyResource(json, "aws_s3_bucket").bucket).toBe("acme-test-migrations-123456789012");
  });

  test("the artifact bucket is marked as the pipeline's artifacts, for the cost estimate and the diagram", () => {
    // The mark lives under the resource's "//", which only the full JSON keeps (Testing.synth drops it).
    const full = build().stack.toTerraform() as Parameters<typeof resourcesOfType>[0];
    const buckets = resourcesOfType(full, "aws_s3_bucket");
    expect(buckets.map((b) => [b.path, textMark(b.marks, PURPOSE_MARK)])).toEqual([["test/Migrations/Artifacts/Bucket", "pipeline-artifacts"]]);
  });

  test("a failed or stopped build is announced on an encrypted topic that only that rule may publish to", () => {
    const rule = onlyResource(json, "aws_cloudwatch_event_rule");
    expect(JSON.parse(rule.event_pattern as string)).toEqual({
      source: ["aws.codebuild"],
      "detail-type": ["CodeBuild Build State Change"],
      detail: { "build-status": ["FAILED", "STOPPED"], "project-name": ["acme-test-db-migrations"] },
    });
    expect(onlyResource(json, "aws_cloudwatch_event_target").arn).toBe(refTo(json, "aws_sns_topic", "Migrations_NotificationTopic", "arn"));
    expect(onlyResource(json, "aws_sns_topic").kms_master_key_id).toBe(refTo(json, "aws_kms_key", "Migrations_NotificationKey", "arn"));
    const key = onlyResource(json, "aws_kms_key");
    expect(key.enable_key_rotation).toBe(true);
    expect(parseJsonAttribute<{ Statement: Record<string, unknown>[] }>(key.policy).Statement).toContainEqual({
      Sid: "PublishersEncrypt",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
    });
    expect(onlyResource(json, "aws_cloudwatch_event_target").input_transformer).toMatchObject({
      input_paths: { project: "$.detail.project-name", status: "$.detail.build-status", build: "$.detail.build-id" },
    });
    expect(resourceList(json, "aws_cloudwatch_log_group").find((g) => g.name === "/acme-test/codebuild/db-migrations")).toMatchObject({
      retention_in_days: 30,
    });
    const policy = parseJsonAttribute<{ Statement: Record<string, unknown>[] }>(onlyResource(json, "aws_sns_topic_policy").policy);
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: "events.amazonaws.com" },
        Action: "sns:Publish",
        Condition: {
          StringEquals: { "aws:SourceAccount": "123456789012" },
          ArnLike: { "aws:SourceArn": [refTo(json, "aws_cloudwatch_event_rule", "Migrations_FailedBuildRule", "arn")] },
        },
      }),
    );
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({ Sid: "DenyInsecureTransport", Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
    expect(countOf(json, "aws_sns_topic_subscription")).toBe(0);
  });

  test("both roles trust only their service in the given account", () => {
    for (const role of resourceList(json, "aws_iam_role")) {
      const trust = parseJsonAttribute<{ Statement: { Condition: unknown }[] }>(role.assume_role_policy);
      expect(trust.Statement[0]!.Condition).toEqual({ StringEquals: { "aws:SourceAccount": "123456789012" } });
    }
  });

  test("exposes the project and pipeline names", () => {
    const { migrations } = build();
    expect(typeof migrations.projectName).toBe("string");
    expect(typeof migrations.pipelineName).toBe("string");
    expect(migrations.connection).toBeDefined();
  });
});

describe("CodebuildMigrations options", () => {
  test("an existing connection: none created, the pipeline uses it", () => {
    const arn = "arn:aws:codestar-connections:eu-west-1:123456789012:connection/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab";
    const json = synthWith({ sourceConnectionArn: arn, sourceBranch: "release" });
    expect(countOf(json, "aws_codestarconnections_connection")).toBe(0);
    const stages = onlyResource(json, "aws_codepipeline").stage as Stage[];
    expect(stages[0]!.action[0]!.configuration).toMatchObject({ ConnectionArn: arn, BranchName: "release" });
    expect(statementsOf(json, "run-pipeline")).toContainEqual(expect.objectContaining({ Sid: "UseConnection", Resource: arn }));
  });

  test("an S3 source instead of a repository", () => {
    const json = synthWith({ sourceRepository: undefined, sourceS3Bucket: "acme-migrations-source", sourceS3Key: "db.zip" });
    const stages = onlyResource(json, "aws_codepipeline").stage as Stage[];
    expect(stages[0]!.action[0]).toMatchObject({
      provider: "S3",
      configuration: { S3Bucket: "acme-migrations-source", S3ObjectKey: "db.zip" },
    });
    expect(countOf(json, "aws_codestarconnections_connection")).toBe(0);
    expect(statementsOf(json, "run-pipeline")).toContainEqual(
      expect.objectContaining({
        Sid: "ReadSource",
        Resource: ["arn:aws:s3:::acme-migrations-source", "arn:aws:s3:::acme-migrations-source/db.zip"],
      }),
    );
  });

  test("a deploy stage updates the ECS service after the migrations, passing only its roles", () => {
    const stack = testStack();
    const vpc = new Vpc2Az(stack, "Network", {
      name: "acme-test",
      region: "eu-west-1",
      cidr: "10.0.0.0/16",
      availabilityZones: ["eu-west-1a", "eu-west-1b"],
      egress: "nat-gateway",
    });
    const db = new RdsPrivate(stack, "Database", { name: "acme-test", network: vpc });
    const service = new FargateService(stack, "Api", {
      name: "acme-test",
      serviceName: "api",
      region: "eu-west-1",
      accountId: "123456789012",
      network: vpc,
      imageTag: "1.0.0",
      containerPort: 8000,
    });
    new CodebuildMigrations(stack, "Migrations", {
      name: "acme-test",
      region: "eu-west-1",
      accountId: "123456789012",
      network: vpc,
      database: db,
      sourceRepository: "acme/app",
      deployService: service,
    });
    const json = synthJson(stack);
    const stages = onlyResource(json, "aws_codepipeline").stage as Stage[];
    expect(stages.map((st) => st.name)).toEqual(["Source", "Migrate", "Deploy"]);
    expect(stages[2]!.action[0]).toMatchObject({
      provider: "ECS",
      configuration: { ClusterName: refTo(json, "aws_ecs_cluster", "Api_Cluster", "name"), FileName: "imagedefinitions.json" },
    });
    expect(statementsOf(json, "run-pipeline")).toContainEqual({
      Sid: "PassTaskRoles",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: [refTo(json, "aws_iam_role", "Api_TaskRole", "arn"), refTo(json, "aws_iam_role", "Api_ExecutionRole", "arn")],
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    });
    expect(statementsOf(json, "run-pipeline")).toContainEqual(
      expect.objectContaining({ Sid: "DeployService", Action: expect.arrayContaining(["ecs:UpdateService", "ecs:RegisterTaskDefinition"]) }),
    );
  });

  test("interface endpoints and a Liquibase from the source: a build with no NAT at all", () => {
    const json = synthWith({
      network: { ...natNetwork, egress: "none", interfaceEndpointServices: ["logs", "secretsmanager", "ssm"] },
      liquibaseSource: "source",
    });
    const install = buildspecOf(json).phases.install!.commands;
    expect(install.join("\n")).not.toContain("curl");
    expect(install).toContain('export PATH="$CODEBUILD_SRC_DIR/$LIQUIBASE_DIRECTORY:$PATH"');
    // Still verifies the server, with the certificate bundle from the source.
    expect(install).toContain('export DB_SSL="sslmode=verify-full&sslrootcert=$CODEBUILD_SRC_DIR/$LIQUIBASE_DIRECTORY/rds-ca.pem"');
    expect(install.some((c) => c.startsWith('test -f "$CODEBUILD_SRC_DIR/$LIQUIBASE_DIRECTORY/rds-ca.pem"'))).toBe(true);
  });

  test("by default the download is checked against the published SHA-256 of Liquibase 4.31.1", () => {
    expect(DEFAULT_LIQUIBASE_VERSION).toBe("4.31.1");
    expect(DEFAULT_LIQUIBASE_SHA256).toBe("0555808b59941d497f0c1114c3f2225698afde11c60d191c88e449506a60a3ea");
    expect(buildspecOf(synthWith()).env.variables).toMatchObject({ LIQUIBASE_VERSION: "4.31.1", LIQUIBASE_SHA256: DEFAULT_LIQUIBASE_SHA256 });
  });

  test("a download that does not match the checksum fails the build before anything is extracted", () => {
    const spec = buildspecOf(synthWith());
    const run = runLikeCodeBuild(spec.phases.install!.commands, spec.env.variables);
    try {
      expect(run.log("curl")).toContain("https://github.com/liquibase/liquibase/releases/download/v4.31.1/liquibase-4.31.1.tar.gz");
      expect(run.status).not.toBe(0);
      // sha256sum itself said so: the check ran, not merely the message.
      expect(run.stdout).toContain("/tmp/liquibase.tar.gz: FAILED");
      expect(run.stderr).toContain("computed checksum did NOT match");
      expect(run.stderr).toContain("liquibase-4.31.1.tar.gz does not match LIQUIBASE_SHA256: not extracting it");
      expect(run.log("tar")).toBeUndefined();
      expect(fs.existsSync(path.join(run.dir, "opt/liquibase"))).toBe(false);
    } finally {
      fs.rmSync(run.dir, { recursive: true, force: true });
    }
  });

  test("a download that matches the checksum given for another release is extracted and the install goes on", () => {
    const download = "the 4.99.0 release, as published\n";
    const sha = createHash("sha256").update(download).digest("hex");
    const spec = buildspecOf(synthWith({ liquibaseVersion: "4.99.0", liquibaseSha256: sha }));
    expect(spec.env.variables.LIQUIBASE_SHA256).toBe(sha);
    const run = runLikeCodeBuild(spec.phases.install!.commands, spec.env.variables, download);
    try {
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
      expect(run.stdout).toContain(": OK");
      expect(run.log("curl")).toContain("https://github.com/liquibase/liquibase/releases/download/v4.99.0/liquibase-4.99.0.tar.gz");
      expect(run.log("tar")).toBe(`tar -xzf ${run.dir}/tmp/liquibase.tar.gz -C ${run.dir}/opt/liquibase\n`);
    } finally {
      fs.rmSync(run.dir, { recursive: true, force: true });
    }
  });

  test("a Liquibase from the source needs no checksum, and the build has none to check", () => {
    const json = synthWith({
      network: { ...natNetwork, egress: "none", interfaceEndpointServices: ["logs", "secretsmanager", "ssm"] },
      liquibaseSource: "source",
      liquibaseVersion: "4.99.0",
    });
    const spec = buildspecOf(json);
    expect(spec.env.variables.LIQUIBASE_SHA256).toBeUndefined();
    expect(spec.phases.install!.commands.join("\n")).not.toContain("sha256sum");
  });

  test("x86 builds and email subscriptions", () => {
    const json = synthWith({ architecture: "X86_64", computeType: "BUILD_GENERAL1_MEDIUM", notificationEmails: ["ops@example.com"] });
    expect(onlyResource(json, "aws_codebuild_project").environment).toMatchObject({
      image: "aws/codebuild/amazonlinux2-x86_64-standard:5.0",
      type: "LINUX_CONTAINER",
      compute_type: "BUILD_GENERAL1_MEDIUM",
    });
    expect(onlyResource(json, "aws_sns_topic_subscription")).toMatchObject({ protocol: "email", endpoint: "ops@example.com" });
  });
});

describe("CodebuildMigrations: the application's database role", () => {
  const forbidden = [/PASSWORD/i, /\bSUPERUSER\b/i, /\bCREATEROLE\b/i, /\bCREATEDB\b/i, /OWNER\s+TO/i, /\bBYPASSRLS\b/i, /\bREPLICATION\b/i];

  test("the build writes a formatted-SQL changelog that creates the role with LOGIN and no password, and grants rds_iam and the data rights", () => {
    const sql = applicationRoleSql(buildspecOf(synthWith()));
    const lines = sql.split("\n");
    expect(lines[0]).toBe("--liquibase formatted sql");
    expect(lines).toContain("--changeset codebuild-migrations:application-role runAlways:true runOnChange:true splitStatements:false");
    // Created only when missing, with nothing but LOGIN.
    expect(sql).toContain("IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = app) THEN\n    CREATE ROLE \"app_user\" LOGIN;");
    expect(sql.match(/CREATE ROLE [^;]*;/g)).toEqual(['CREATE ROLE "app_user" LOGIN;']);
    expect(sql).toContain("  app CONSTANT name := 'app_user';");
    for (const grant of [
      'GRANT rds_iam TO "app_user";',
      "EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), app);",
      'GRANT USAGE ON SCHEMA public TO "app_user";',
      'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "app_user";',
      'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO "app_user";',
      'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "app_user";',
      'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO "app_user";',
      'REVOKE ALL ON TABLE public.databasechangelog, public.databasechangeloglock FROM "app_user";',
    ]) {
      expect(lines).toContain(`  ${grant}`);
    }
    // Every GRANT names one of exactly these rights: no CREATE on the schema, no ALL, no ownership.
    const granted = [...sql.matchAll(/GRANT ([A-Za-z_, ]+?) (ON|TO) /g)].map((m) => m[1]);
    expect(new Set(granted)).toEqual(new Set(["rds_iam", "CONNECT", "USAGE", "SELECT, INSERT, UPDATE, DELETE", "USAGE, SELECT, UPDATE"]));
    for (const pattern of forbidden) expect({ pattern: String(pattern), found: pattern.test(sql) }).toEqual({ pattern: String(pattern), found: false });
    // One DO block: it applies whole or not at all.
    expect(sql.match(/\$do\$/g)).toHaveLength(2);
    expect(sql.trimEnd().endsWith("$do$;")).toBe(true);
  });

  test("the build stops rather than grant to the migrating user or to a role that holds more than data rights", () => {
    const sql = applicationRoleSql(buildspecOf(synthWith()));
    expect(sql).toContain("  IF app = current_user THEN\n    RAISE EXCEPTION");
    expect(sql).toMatch(/ELSIF EXISTS \(SELECT 1 FROM pg_catalog\.pg_roles WHERE rolname = app AND \(rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls\)\) THEN\n\s+RAISE EXCEPTION/);
  });

  test("the grants run after the changelog, every time, and the build prints the SQL first", () => {
    const spec = buildspecOf(synthWith());
    expect(spec.phases.build!.commands).toEqual([
      "liquibase update",
      "liquibase --search-path=/tmp/codebuild-migrations update --changelog-file=application-role.sql",
    ]);
    const preBuild = spec.phases.pre_build!.commands;
    const write = preBuild.findIndex((c) => c.includes("> /tmp/codebuild-migrations/application-role.sql"));
    expect(write).toBe(0);
    expect(preBuild[1]).toBe("cat /tmp/codebuild-migrations/application-role.sql");
  });

  test("the password reaches Liquibase only through the masked Secrets Manager variable, and nothing traces the shell", () => {
    const json = synthWith();
    const spec = buildspecOf(json);
    const raw = (onlyResource(json, "aws_codebuild_project").source as { buildspec: string }).buildspec;
    expect(raw).not.toContain("PASSWORD '");
    expect(raw).not.toMatch(/set\s+-[a-z]*x|xtrace/);
    const commands = Object.values(spec.phases).flatMap((phase) => phase.commands);
    expect(commands.filter((c) => /PASSWORD/i.test(c))).toEqual(['export LIQUIBASE_COMMAND_PASSWORD="$DB_PASSWORD"']);
    expect(Object.keys(spec.env["secrets-manager"])).toEqual(["DB_PASSWORD"]);
    expect(Object.keys(spec.env.variables).filter((name) => /PASSWORD/i.test(name))).toEqual([]);
  });

  test("another role name from the database is quoted as an identifier and as a literal", () => {
    const stack = testStack();
    const db = new RdsPrivate(stack, "Database", {
      name: "acme-test",
      network: { vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-private-a", "subnet-private-b"] },
      applicationUsername: "Orders_App",
    });
    new CodebuildMigrations(stack, "Migrations", {
      name: "acme-test",
      region: "eu-west-1",
      accountId: "123456789012",
      network: natNetwork,
      database: db,
      sourceRepository: "acme/app",
    });
    const sql = applicationRoleSql(buildspecOf(synthJson(stack)));
    expect(sql).toContain('CREATE ROLE "Orders_App" LOGIN;');
    expect(sql).toContain("app CONSTANT name := 'Orders_App';");
    expect(sql).toContain('GRANT rds_iam TO "Orders_App";');
    expect(sql).not.toContain("app_user");
  });

  /** A database whose connection names the given role, as another implementation of MigrationDatabase might. */
  function buildWithRole(applicationUsername: string): CodebuildMigrations {
    const stack = testStack();
    const db = new RdsPrivate(stack, "Database", {
      name: "acme-test",
      network: { vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-private-a", "subnet-private-b"] },
    });
    const database: MigrationDatabase = { connection: { ...db.connection, applicationUsername }, allowFrom: db.allowFrom.bind(db) };
    return new CodebuildMigrations(stack, "Migrations", {
      name: "acme-test",
      region: "eu-west-1",
      accountId: "123456789012",
      network: natNetwork,
      database,
      sourceRepository: "acme/app",
    });
  }

  test.each([
    ['app"; DROP TABLE accounts; --', /database\.connection\.applicationUsername must be 1 to 63 letters, digits and _, starting with a letter/],
    ["app'user", /database\.connection\.applicationUsername must be 1 to 63 letters/],
    ["", /database\.connection\.applicationUsername must be 1 to 63 letters/],
    ["a".repeat(64), /database\.connection\.applicationUsername must be 1 to 63 letters/],
    ["postgres", /database\.connection\.applicationUsername must not be a role PostgreSQL or RDS keeps/],
    ["PUBLIC", /database\.connection\.applicationUsername must not be a role PostgreSQL or RDS keeps/],
    ["rds_iam", /database\.connection\.applicationUsername must not be a role PostgreSQL or RDS keeps/],
    ["pg_monitor", /database\.connection\.applicationUsername must not be a role PostgreSQL or RDS keeps/],
  ])("refuses the role name %j", (name, message) => {
    expect(() => buildWithRole(name)).toThrow(PropsError);
    expect(() => buildWithRole(name)).toThrow(message);
    const problems = codebuildMigrationsPropProblems({ ...unbuilt, database: { connection: { applicationUsername: name } } });
    expect(problems.map((p) => `${p.prop} ${p.expected}`)).toContainEqual(expect.stringMatching(message));
  });

  test("a role name known only at apply is refused: the migrations write it into SQL", () => {
    const problems = codebuildMigrationsPropProblems({ ...unbuilt, database: { connection: { applicationUsername: Lazy.stringValue({ produce: () => "app_user" }) } } });
    expect(problems).toEqual([
      { prop: "database.connection.applicationUsername", expected: "must be a role name known at synth: the migrations write it into SQL", given: "an unresolved token" },
    ]);
  });
});

describe("CodebuildMigrations README example", () => {
  test("compiles and synthesizes", () => {
    // The same code as the usage example in modules/codebuild-migrations/README.md.
    const stack = testStack("eu-west-1");
    const network = new Vpc2Az(stack, "Network", {
      name: "acme-staging",
      region: "eu-west-1",
      cidr: "10.10.0.0/16",
      availabilityZones: ["eu-west-1a", "eu-west-1b"],
      egress: "nat-instance",
    });
    const database = new RdsPrivate(stack, "Database", { name: "acme-staging", network });
    const migrations = new CodebuildMigrations(stack, "Migrations", {
      name: "acme-staging",
      region: "eu-west-1",
      accountId: "123456789012",
      network,
      database,
      sourceRepository: "acme/app",
      sourceBranch: "main",
      notificationEmails: ["dev-team@example.com"],
    });
    expect(migrations.pipelineName).toBeDefined();
    expect(countOf(synthJson(stack), "aws_codepipeline")).toBe(1);
  });
});

describe("CodebuildMigrations README check example", () => {
  test("reports the problem without building anything", () => {
    // The same code as the prop-check example in modules/codebuild-migrations/README.md.
    const problems = codebuildMigrationsPropProblems({
      name: "acme-staging",
      region: "eu-west-1",
      accountId: "123456789012",
      network: {
        vpcId: Lazy.stringValue({ produce: () => "vpc" }),
        privateSubnetIds: Lazy.listValue({ produce: () => [] }),
        egress: "none",
        interfaceEndpointServices: ["logs", "secretsmanager", "ssm"],
      },
      database: { connection: { applicationUsername: "app_user" } },
      sourceRepository: "acme/app",
    });
    expect(problems).toEqual([
      {
        prop: "liquibaseSource",
        expected: 'must be "source" when the VPC has no NAT egress: the build cannot download Liquibase without internet access',
        given: "download",
      },
    ]);
  });
});

describe("CodebuildMigrations refuses bad props, naming the prop", () => {
  const cases: PropsCase<Omit<CodebuildMigrationsProps, "database">>[] = [
    [
      "a build with no route to its dependencies",
      { network: { ...natNetwork, egress: "none" } },
      /network gives the build no route to its dependencies: egress is "none" and there are no interface endpoints for logs, secretsmanager, ssm/,
    ],
    [
      "endpoints but a Liquibase download",
      { network: { ...natNetwork, egress: "none", interfaceEndpointServices: ["logs", "secretsmanager", "ssm"] } },
      /liquibaseSource must be "source" when the VPC has no NAT egress/,
    ],
    [
      "endpoints missing one service",
      { network: { ...natNetwork, egress: "none", interfaceEndpointServices: ["logs", "ssm"] }, liquibaseSource: "source" },
      /no interface endpoints for secretsmanager/,
    ],
    ["no source", { sourceRepository: undefined }, /sourceRepository and sourceS3Bucket are exclusive, and one is required: sourceRepository \(owner\/name\) or sourceS3Bucket/],
    ["two sources", { sourceS3Bucket: "bucket" }, /sourceRepository and sourceS3Bucket are exclusive/],
    ["a repository that is not owner/name", { sourceRepository: "app" }, /sourceRepository must be "owner\/name"/],
    ["a connection ARN that is not one", { sourceConnectionArn: "arn:aws:s3:::bucket" }, /sourceConnectionArn must be a CodeStar connection ARN/],
    ["a medium ARM build", { computeType: "BUILD_GENERAL1_MEDIUM" }, /computeType must be one of BUILD_GENERAL1_SMALL, BUILD_GENERAL1_LARGE for ARM64/],
    ["a two-minute timeout", { buildTimeoutMinutes: 2 }, /buildTimeoutMinutes must be a whole number of minutes from 5 to 480/],
    ["a malformed checksum", { liquibaseSha256: "abc" }, /liquibaseSha256 must be 64 lowercase hex digits/],
    [
      "another release without its checksum",
      { liquibaseVersion: "4.32.0" },
      /liquibaseSha256 is required with liquibaseVersion "4\.32\.0" \(only the default 4\.31\.1 has a pinned checksum\): give the SHA-256 of liquibase-4\.32\.0\.tar\.gz as published with the release .*; got nothing/,
    ],
    ["an absolute changelog path", { changelogFile: "/etc/changelog.yaml" }, /changelogFile must be a relative path/],
    ["a bad email", { notificationEmails: ["nobody"] }, /notificationEmails\[0\] must be an email address/],
    ["a malformed account id", { accountId: "12" }, /accountId must be a 12-digit AWS account id/],
    ["a region that does not exist", { region: "eu-west-9" }, /region "eu-west-9" is not an AWS region/],
  ];

  testRefusedProps(cases, { build: (overrides) => build(overrides), check });

  test("the exported check finds nothing wrong with good props whose network ids are known only at apply", () => {
    expect(check({})).toEqual([]);
    expect(check({ network: { ...natNetwork, egress: "none", interfaceEndpointServices: ["logs", "secretsmanager", "ssm"] }, liquibaseSource: "source" })).toEqual([]);
  });
});

describe("CodebuildMigrations is a grantee and a monitorable", () => {
  test("its grant role is the build's role", () => {
    const { stack, migrations, db } = build();
    const grantee: Grantee = migrations;
    db.grantReadConnection(grantee);
    const json = synthJson(stack);
    const policy = resourceList(json, "aws_iam_role_policy").find((p) => p.name === "acme-test-postgres-read-connection");
    expect(policy?.role).toBe(refTo(json, "aws_iam_role", "Migrations_Role", "name"));
  });

  test("a grant to it lands on the build's role (simulated: GetParameter on the host, which its own policy does not allow)", async () => {
    const stack = testStack("eu-west-1", "123456789012");
    const db = new RdsPrivate(stack, "Database", {
      name: "acme-test",
      network: { vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-private-a", "subnet-private-b"] },
    });
    const migrations = new CodebuildMigrations(stack, "Migrations", {
      name: "acme-test",
      region: "eu-west-1",
      accountId: "123456789012",
      network: natNetwork,
      database: db,
      sourceRepository: "acme/app",
    });
    const host = "arn:aws:ssm:eu-west-1:123456789012:parameter/acme-test/database/host";
    const decide = async () =>
      new IamModel(synthJson(stack) as StackJson).role("acme-test-db-migrations").decide({ action: "ssm:GetParameter", resource: host });
    expect(await decide()).toBe("ImplicitlyDenied");
    const grant = db.grantReadConnection(migrations);
    expect(grant.node.path).toBe("test/Database/ReadConnectionMigrations");
    expect(await decide()).toBe("Allowed");
  });

  test("its spec: one alarm on any failed build of the project, and a row of builds and their duration", () => {
    const { migrations } = build();
    const monitorable: Monitorable = migrations;
    const spec = monitorable.monitoringSpec({
      api5xxPerMinute: 1,
      apiLatencyP99Ms: 10,
      serviceCpuPercent: 1,
      serviceMemoryPercent: 1,
      databaseCpuPercent: 1,
      databaseFreeStoragePercent: 1,
      databaseFreeMemoryPercent: 1,
      databaseConnectionsPercent: 1,
      functionErrorsPerMinute: 1,
      functionThrottlesPerMinute: 1,
      functionDurationP99Percent: 1,
      functionConcurrencyPercent: 1,
    });
    expect(spec.title).toBe("Migrations (Migrations)");
    expect(spec.alarms).toEqual([
      {
        id: "MigrationsBuildFailed",
        name: "migrations-build-failed",
        description: "A database migration build failed: read the build log before deploying again.",
        namespace: "AWS/CodeBuild",
        metricName: "FailedBuilds",
        dimensions: { ProjectName: migrations.projectName },
        statistic: "Sum",
        periodSeconds: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparison: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
      },
    ]);
    expect(spec.graphs.map((g) => [g.title, g.metrics.map((m) => m[1])])).toEqual([
      ["Builds", ["SucceededBuilds", "FailedBuilds"]],
      ["Duration (s)", ["Duration"]],
    ]);
  });
});
