import { TerraformStack } from "cdktf";
import { PropsError } from "../../modules/_internal/errors";
import {
  CodebuildMigrations,
  CodebuildMigrationsProps,
  MigrationNetwork,
} from "../../modules/codebuild-migrations";
import { FargateService } from "../../modules/fargate-service";
import { RdsPrivate } from "../../modules/rds-private";
import { Vpc2Az } from "../../modules/vpc-2az";
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
    expect(spec.phases.build!.commands).toEqual(["liquibase update"]);
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

  test("a checksum stops a tampered download", () => {
    const sha = "a".repeat(64);
    const spec = buildspecOf(synthWith({ liquibaseSha256: sha }));
    expect(spec.env.variables.LIQUIBASE_SHA256).toBe(sha);
    expect(spec.phases.install!.commands).toContain('echo "$LIQUIBASE_SHA256  /tmp/liquibase.tar.gz" | sha256sum -c -');
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

describe("CodebuildMigrations refuses bad props, naming the prop", () => {
  const cases: [string, Overrides, RegExp][] = [
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
    ["an absolute changelog path", { changelogFile: "/etc/changelog.yaml" }, /changelogFile must be a relative path/],
    ["a bad email", { notificationEmails: ["nobody"] }, /notificationEmails\[0\] must be an email address/],
    ["a malformed account id", { accountId: "12" }, /accountId must be a 12-digit AWS account id/],
    ["a region that does not exist", { region: "eu-west-9" }, /region "eu-west-9" is not an AWS region/],
  ];

  test.each(cases)("fails on %s", (_label, overrides, message) => {
    expect(() => build(overrides)).toThrow(PropsError);
    expect(() => build(overrides)).toThrow(message);
  });
});
