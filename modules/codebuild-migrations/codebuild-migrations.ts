import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CodebuildProject } from "@cdktf/provider-aws/lib/codebuild-project";
import { Codepipeline, CodepipelineStage, CodepipelineStageAction } from "@cdktf/provider-aws/lib/codepipeline";
import type { CodestarconnectionsConnection } from "@cdktf/provider-aws/lib/codestarconnections-connection";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ACCOUNT_ID_PATTERN, partitionOf } from "../shared/arn";
import { isKnownRegion, regionProblem } from "../shared/regions";
import { PropProblem, propProblems, PropsValidator } from "../shared/errors";
import type { Grantee, GranteeRole } from "../shared/grants";
import type { Monitorable, MonitoringSpec } from "../shared/monitorable";
import { inlinePolicy } from "../_internal/iam";
import { isValidNamePrefix, NAME_PREFIX_RULE, resourceName } from "../_internal/naming";
import {
  applicationRoleSql,
  BUILD_IMAGES,
  BuildArchitecture,
  checkApplicationUsername,
  checkRepositorySource,
  codebuildRole,
  failedBuildNotifications,
  noRouteProblem,
  pipelineArtifactBucket,
  pipelineArtifactsStatement,
  queuedPipeline,
  quoteIdentifier,
  readArtifactsStatement,
  repositorySource,
  REQUIRED_ENDPOINTS,
  shellQuote,
  SourceProvider,
  unreachableBuildServices,
  vpcBuildPolicy,
  writeLogsStatement,
} from "../_internal/pipeline";
import { PolicyStatement } from "../_internal/policy";
import { PrivateBucket } from "../_internal/private-bucket";
import { httpsEgressAnywhere, replaceableSecurityGroup, tcpEgressToGroup } from "../_internal/security-group";
import type { DatabaseClient, DatabaseConnection } from "../rds-private";
import { migrationsMonitoringSpec } from "./monitoring";

/**
 * What the build needs of the network. `Vpc2Az` has it; for {@link codebuildMigrationsPropProblems}
 * a plain object will do, its ids unresolved tokens (`Lazy.stringValue`, `Lazy.listValue`) and
 * `egress` and `interfaceEndpointServices` real.
 */
export interface MigrationNetwork {
  readonly vpcId: string;
  readonly privateSubnetIds: readonly string[];
  /** The private subnets' egress; with `none`, interface endpoints must carry the build's AWS calls. */
  readonly egress: "none" | "nat-instance" | "nat-gateway";
  /** The AWS services reachable through interface endpoints. */
  readonly interfaceEndpointServices: readonly string[];
}

/**
 * What the prop check reads of the database: the application's role name, which the build
 * writes into SQL. `RdsPrivate` (and any {@link MigrationDatabase}) has it.
 */
export interface MigrationDatabaseSettings {
  readonly connection: { readonly applicationUsername: string };
}

/** The database to migrate: where to find it, and a way to let the build in. `RdsPrivate` is one. */
export interface MigrationDatabase extends MigrationDatabaseSettings {
  readonly connection: DatabaseConnection;
  allowFrom(id: string, client: DatabaseClient, description: string): unknown;
}

/** An ECS service the pipeline's optional deploy stage updates. `FargateService` is one. */
export interface DeployTarget {
  readonly cluster: { readonly name: string };
  readonly serviceName: string;
  readonly taskRole: { readonly arn: string };
  readonly executionRole: { readonly arn: string };
}

export { BUILD_IMAGES, REQUIRED_ENDPOINTS } from "../_internal/pipeline";
export type { BuildArchitecture, SourceProvider } from "../_internal/pipeline";

/** CodeBuild compute sizes (ARM offers SMALL and LARGE only). */
export type BuildComputeType = "BUILD_GENERAL1_SMALL" | "BUILD_GENERAL1_MEDIUM" | "BUILD_GENERAL1_LARGE";
/** Where Liquibase comes from: downloaded at build time, or a copy committed with the changelogs. */
export type LiquibaseSource = "download" | "source";
/** The Liquibase release the build downloads unless `liquibaseVersion` names another. */
export const DEFAULT_LIQUIBASE_VERSION = "4.31.1";

/**
 * SHA-256 of `liquibase-4.31.1.tar.gz` as published on the GitHub release. The same value is
 * pinned by Liquibase's own Docker image (liquibase/docker, `LB_SHA256` of 4.31.1), Homebrew's
 * formula and the AUR package for that release.
 */
export const DEFAULT_LIQUIBASE_SHA256 = "0555808b59941d497f0c1114c3f2225698afde11c60d191c88e449506a60a3ea";

export interface CodebuildMigrationsProps {
  /** Prefix of every resource name, `${project}-${environment}` (e.g. `acme-staging`). */
  readonly name: string;
  /** The AWS region. */
  readonly region: string;
  /** The AWS account (12 digits): trust conditions and the notification key's policy. */
  readonly accountId: string;
  /** The VPC; a `Vpc2Az` fits. The build runs in its private subnets. */
  readonly network: MigrationNetwork;
  /** The database to migrate; an `RdsPrivate` fits. Its security group is opened to the build's. */
  readonly database: MigrationDatabase;

  /**
   * The repository holding the changelogs, `owner/name`, reached through a CodeStar connection.
   * Exclusive with `sourceS3Bucket`.
   * @default - required unless `sourceS3Bucket` is given
   */
  readonly sourceRepository?: string;
  /**
   * The branch whose pushes run the pipeline.
   * @default "main"
   */
  readonly sourceBranch?: string;
  /**
   * An existing CodeStar connection (arn:aws:codestar-connections:... or arn:aws:codeconnections:...).
   * @default - a new connection to `sourceProvider`, which someone approves once in the console
   */
  readonly sourceConnectionArn?: string;
  /**
   * The Git host of the new connection.
   * @default "GitHub"
   */
  readonly sourceProvider?: SourceProvider;
  /**
   * A versioned S3 bucket holding the changelogs as a zip, instead of a repository. CodePipeline
   * polls it, and AWS stops polling a pipeline that has not run for 30 days: start the pipeline
   * by hand after a quiet month, or prefer a repository source.
   * @default - a repository source
   */
  readonly sourceS3Bucket?: string;
  /**
   * The zip's key in `sourceS3Bucket`.
   * @default "migrations.zip"
   */
  readonly sourceS3Key?: string;

  /**
   * The changelog Liquibase runs, relative to the source root.
   * @default "db/changelog/db.changelog-master.yaml"
   */
  readonly changelogFile?: string;
  /**
   * Where Liquibase comes from. `download` fetches the release from GitHub (needs NAT egress);
   * `source` runs the copy in `liquibaseDirectory` of the source, beside the RDS certificate
   * bundle as `rds-ca.pem` (works with interface endpoints alone).
   * @default "download"
   */
  readonly liquibaseSource?: LiquibaseSource;
  /**
   * The Liquibase release to download. Another release than the default needs its
   * `liquibaseSha256`.
   * @default "4.31.1" (`DEFAULT_LIQUIBASE_VERSION`)
   */
  readonly liquibaseVersion?: string;
  /**
   * SHA-256 of `liquibase-<liquibaseVersion>.tar.gz`, as published with the release. The build
   * always checks the download and stops on a mismatch, before extracting anything. Required
   * with a `liquibaseVersion` other than the default.
   * @default - the published SHA-256 of the default release (`DEFAULT_LIQUIBASE_SHA256`)
   */
  readonly liquibaseSha256?: string;
  /**
   * The folder holding Liquibase (its `liquibase` launcher) in the source, for `liquibaseSource: "source"`.
   * @default "tools/liquibase"
   */
  readonly liquibaseDirectory?: string;

  /**
   * CPU architecture of the build.
   * @default "ARM64"
   */
  readonly architecture?: BuildArchitecture;
  /**
   * Compute size of the build.
   * @default "BUILD_GENERAL1_SMALL"
   */
  readonly computeType?: BuildComputeType;
  /**
   * Minutes before a build is stopped, 5 to 480.
   * @default 30
   */
  readonly buildTimeoutMinutes?: number;
  /**
   * Retention of the build logs, in days.
   * @default 30
   */
  readonly logRetentionDays?: number;

  /**
   * An ECS service to redeploy after the migrations, from `imagedefinitions.json` in the source.
   * @default - no deploy stage
   */
  readonly deployService?: DeployTarget;

  /**
   * Addresses told by email when a migration build fails (each confirms its subscription once).
   * @default [] - the topic exists; subscribe to it as you like
   */
  readonly notificationEmails?: readonly string[];

  /**
   * For a protected environment: Terraform refuses any plan that deletes or replaces the
   * module's buckets and keys (`prevent_destroy`), and never empties a bucket on destroy.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/**
 * The props as {@link codebuildMigrationsPropProblems} reads them: the same, but `database` needs
 * only `connection.applicationUsername` (no construct exists yet to let the build in).
 */
export interface CodebuildMigrationsPropsToCheck extends Omit<CodebuildMigrationsProps, "database"> {
  readonly database: MigrationDatabaseSettings;
}

/**
 * Database migrations with Liquibase, run by CodeBuild inside the VPC (the database is private),
 * orchestrated by a CodePipeline: source, migrate, and an optional ECS deploy. A failed
 * migration is announced on an encrypted SNS topic. A {@link Grantee} (the build's role:
 * `database.grantReadConnection(migrations)`, `bucket.grantRead(migrations)`) and a
 * {@link Monitorable} (`monitoring.watch(migrations)`: an alarm on any failed build).
 */
export class CodebuildMigrations extends Construct implements Grantee, Monitorable {
  readonly project: CodebuildProject;
  readonly projectName: string;
  readonly pipeline: Codepipeline;
  readonly pipelineName: string;
  readonly securityGroup: SecurityGroup;
  readonly securityGroupId: string;
  /** The build's role. */
  readonly role: IamRole;
  /** The build's role, as grants take it (`role` itself). */
  readonly grantRole: GranteeRole;
  readonly pipelineRole: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  readonly artifactBucket: PrivateBucket;
  readonly notificationTopic: SnsTopic;
  readonly notificationTopicArn: string;
  /** The CodeStar connection the module created (only without `sourceConnectionArn`). */
  readonly connection?: CodestarconnectionsConnection;
  /** The connection the source stage uses (only for a repository source). */
  readonly connectionArn?: string;

  constructor(scope: Construct, id: string, props: CodebuildMigrationsProps) {
    super(scope, id);
    const s = validate(this, props);
    const prefix = resourceName(props.name, "db-migrations");
    const partition = partitionOf(props.region);

    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: `/${props.name}/codebuild/db-migrations`,
      retentionInDays: s.logRetentionDays,
      tags: { Name: prefix },
    });

    this.securityGroup = replaceableSecurityGroup(this, "SecurityGroup", {
      name: prefix,
      description: `${prefix} builds: HTTPS out, and the database`,
      vpcId: props.network.vpcId,
    });
    this.securityGroupId = this.securityGroup.id;
    httpsEgressAnywhere(this, "EgressHttps", this.securityGroup.id, "HTTPS: AWS APIs, the Liquibase download");
    props.database.allowFrom("Migrations", this, `${prefix} builds`);

    this.artifactBucket = pipelineArtifactBucket(this, "Artifacts", {
      bucketName: `${resourceName(props.name, "migrations")}-${props.accountId}`,
      preventDestroy: props.preventDestroy ?? false,
    });

    const connection = props.database.connection;
    this.role = codebuildRole(this, "Role", {
      name: prefix,
      description: `CodeBuild runs ${prefix} with this role`,
      accountId: props.accountId,
    });
    this.grantRole = this.role;
    const buildPolicy = inlinePolicy(this, "RolePolicy", this.role, "run-migrations", [
      writeLogsStatement(this.logGroup.arn),
      // The build reads its input (the source) and writes no output artifact.
      readArtifactsStatement(this.artifactBucket.bucketArn),
      {
        Sid: "ReadConnectionSettings",
        Effect: "Allow",
        Action: "ssm:GetParameters",
        Resource: [
          connection.parameterArns.host,
          connection.parameterArns.port,
          connection.parameterArns.database,
          connection.parameterArns.username,
        ],
      },
      { Sid: "ReadDatabasePassword", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: connection.secretArn },
    ]);
    const vpcPolicy = vpcBuildPolicy(this, "VpcPolicy", this.role, {
      region: props.region,
      accountId: props.accountId,
      privateSubnetIds: props.network.privateSubnetIds,
    });

    const image = BUILD_IMAGES[s.architecture];
    this.project = new CodebuildProject(this, "Project", {
      name: prefix,
      description: "Liquibase migrations, from inside the VPC",
      serviceRole: this.role.arn,
      source: { type: "CODEPIPELINE", buildspec: buildspec(props, s) },
      artifacts: { type: "CODEPIPELINE" },
      environment: {
        computeType: s.computeType,
        image: image.image,
        type: image.type,
        imagePullCredentialsType: "CODEBUILD",
        privilegedMode: false,
      },
      vpcConfig: {
        vpcId: props.network.vpcId,
        subnets: [...props.network.privateSubnetIds],
        securityGroupIds: [this.securityGroup.id],
      },
      logsConfig: {
        cloudwatchLogs: { groupName: this.logGroup.name, status: "ENABLED" },
        s3Logs: { status: "DISABLED" },
      },
      buildTimeout: s.buildTimeoutMinutes,
      queuedTimeout: 60,
      // Two migrations must never run against the database at once.
      concurrentBuildLimit: 1,
      dependsOn: [buildPolicy, vpcPolicy],
      tags: { Name: prefix },
    });
    this.projectName = this.project.name;

    // Source
    let sourceAction: CodepipelineStageAction;
    const pipelineStatements: PolicyStatement[] = [
      pipelineArtifactsStatement(this.artifactBucket.bucketArn),
      {
        Sid: "RunMigrations",
        Effect: "Allow",
        Action: ["codebuild:StartBuild", "codebuild:BatchGetBuilds"],
        Resource: this.project.arn,
      },
    ];
    if (props.sourceRepository !== undefined) {
      const source = repositorySource(this, {
        repository: props.sourceRepository,
        branch: s.sourceBranch,
        connectionArn: props.sourceConnectionArn,
        connectionName: resourceName(props.name, "migrations"),
        providerType: s.sourceProvider,
        tagName: prefix,
        outputArtifact: "source",
      });
      this.connection = source.connection;
      this.connectionArn = source.connectionArn;
      sourceAction = source.action;
      pipelineStatements.push(source.statement);
    } else {
      const bucketArn = `arn:${partition}:s3:::${props.sourceS3Bucket}`;
      sourceAction = {
        name: "Source",
        category: "Source",
        owner: "AWS",
        provider: "S3",
        version: "1",
        outputArtifacts: ["source"],
        configuration: { S3Bucket: props.sourceS3Bucket!, S3ObjectKey: s.sourceS3Key, PollForSourceChanges: "true" },
      };
      pipelineStatements.push({
        Sid: "ReadSource",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:GetBucketVersioning"],
        Resource: [bucketArn, `${bucketArn}/${s.sourceS3Key}`],
      });
    }

    const stages: CodepipelineStage[] = [
      { name: "Source", action: [sourceAction] },
      {
        name: "Migrate",
        action: [
          {
            name: "Liquibase",
            category: "Build",
            owner: "AWS",
            provider: "CodeBuild",
            version: "1",
            inputArtifacts: ["source"],
            configuration: { ProjectName: this.project.name },
          },
        ],
      },
    ];
    if (props.deployService) {
      const target = props.deployService;
      stages.push({
        name: "Deploy",
        action: [
          {
            name: "EcsService",
            category: "Deploy",
            owner: "AWS",
            provider: "ECS",
            version: "1",
            inputArtifacts: ["source"],
            configuration: { ClusterName: target.cluster.name, ServiceName: target.serviceName, FileName: "imagedefinitions.json" },
          },
        ],
      });
      pipelineStatements.push(
        {
          Sid: "DeployService",
          Effect: "Allow",
          // ECS task definition calls have no resource-level permissions.
          Action: [
            "ecs:DescribeServices",
            "ecs:DescribeTaskDefinition",
            "ecs:DescribeTasks",
            "ecs:ListTasks",
            "ecs:RegisterTaskDefinition",
            "ecs:TagResource",
            "ecs:UpdateService",
          ],
          Resource: "*",
        },
        {
          Sid: "PassTaskRoles",
          Effect: "Allow",
          Action: "iam:PassRole",
          Resource: [target.taskRole.arn, target.executionRole.arn],
          Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
        },
      );
    }

    const { pipeline, role: pipelineRole } = queuedPipeline(this, {
      name: prefix,
      roleName: resourceName(props.name, "db-migrations-pipeline"),
      accountId: props.accountId,
      artifactBucketName: this.artifactBucket.bucketName,
      stages,
      statements: pipelineStatements,
    });
    this.pipeline = pipeline;
    this.pipelineRole = pipelineRole;
    this.pipelineName = this.pipeline.name;

    this.notificationTopic = this.addFailureNotifications(props, prefix);
    this.notificationTopicArn = this.notificationTopic.arn;
  }

  /**
   * What `Monitoring.watch` creates for the migrations: an alarm on any failed build of the
   * project (no threshold applies), and a row with the builds and their duration.
   */
  monitoringSpec(): MonitoringSpec {
    return migrationsMonitoringSpec(this, this.projectName);
  }

  /** Lets the build reach a security group's members on one TCP port (the database's `allowFrom` calls this). */
  allowTo(id: string, peer: { readonly securityGroupId: string }, port: number, description: string): VpcSecurityGroupEgressRule {
    return tcpEgressToGroup(this, `Egress${id}`, { securityGroupId: this.securityGroup.id, peerSecurityGroupId: peer.securityGroupId, port, description });
  }

  /** An encrypted topic, told by EventBridge of every failed or stopped migration build. */
  private addFailureNotifications(props: CodebuildMigrationsProps, prefix: string): SnsTopic {
    return failedBuildNotifications(this, {
      name: `${prefix}-failed`,
      description: "A migration build failed or was stopped",
      displayName: "Migration failed",
      projectNames: [prefix],
      message: '"Database migration <build> of <project> ended <status>. Read the build log before deploying again."',
      region: props.region,
      accountId: props.accountId,
      emails: props.notificationEmails ?? [],
      preventDestroy: props.preventDestroy ?? false,
    });
  }
}

interface Settings {
  readonly sourceBranch: string;
  readonly sourceProvider: SourceProvider;
  readonly sourceS3Key: string;
  readonly changelogFile: string;
  readonly liquibaseSource: LiquibaseSource;
  readonly liquibaseVersion: string;
  readonly liquibaseSha256: string;
  readonly liquibaseDirectory: string;
  readonly applicationUsername: string;
  readonly architecture: BuildArchitecture;
  readonly computeType: BuildComputeType;
  readonly buildTimeoutMinutes: number;
  readonly logRetentionDays: number;
}

/**
 * The buildspec, as JSON (which is YAML too). Free of `${`: Terraform would read that as an
 * interpolation. The shell's own variables use `$NAME`.
 */
function buildspec(props: CodebuildMigrationsProps, s: Settings): string {
  const connection = props.database.connection;
  const install =
    s.liquibaseSource === "download"
      ? [
          'curl -fsSL --retry 3 -o /tmp/liquibase.tar.gz "https://github.com/liquibase/liquibase/releases/download/v$LIQUIBASE_VERSION/liquibase-$LIQUIBASE_VERSION.tar.gz"',
          // Always checked: only the published release is extracted and run with the master password.
          'echo "$LIQUIBASE_SHA256  /tmp/liquibase.tar.gz" | sha256sum -c - || { echo "liquibase-$LIQUIBASE_VERSION.tar.gz does not match LIQUIBASE_SHA256: not extracting it" >&2; exit 1; }',
          "mkdir -p /opt/liquibase && tar -xzf /tmp/liquibase.tar.gz -C /opt/liquibase",
          "export PATH=/opt/liquibase:$PATH",
          // The RDS certificate bundle, so the connection verifies the server (sslmode=verify-full).
          "curl -fsSL --retry 3 -o /tmp/rds-ca.pem https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem",
          'export DB_SSL="sslmode=verify-full&sslrootcert=/tmp/rds-ca.pem"',
        ]
      : [
          'export PATH="$CODEBUILD_SRC_DIR/$LIQUIBASE_DIRECTORY:$PATH"',
          // Without internet the RDS certificate bundle comes from the source too, so the
          // connection still verifies the server. The build stops if it is missing.
          'test -f "$CODEBUILD_SRC_DIR/$LIQUIBASE_DIRECTORY/rds-ca.pem" || { echo "rds-ca.pem missing beside Liquibase in the source" >&2; exit 1; }',
          'export DB_SSL="sslmode=verify-full&sslrootcert=$CODEBUILD_SRC_DIR/$LIQUIBASE_DIRECTORY/rds-ca.pem"',
        ];
  const spec = {
    version: "0.2",
    env: {
      shell: "bash",
      variables: {
        CHANGELOG_FILE: s.changelogFile,
        LIQUIBASE_VERSION: s.liquibaseVersion,
        LIQUIBASE_DIRECTORY: s.liquibaseDirectory,
        ...(s.liquibaseSource === "download" ? { LIQUIBASE_SHA256: s.liquibaseSha256 } : {}),
        LIQUIBASE_SHOW_BANNER: "false",
        LIQUIBASE_ANALYTICS_ENABLED: "false",
      },
      "parameter-store": {
        DB_HOST: connection.parameterNames.host,
        DB_PORT: connection.parameterNames.port,
        DB_NAME: connection.parameterNames.database,
        DB_USER: connection.parameterNames.username,
      },
      "secrets-manager": {
        DB_PASSWORD: `${connection.secretArn}:password`,
      },
    },
    phases: {
      install: {
        "runtime-versions": { java: "corretto21" },
        commands: install,
      },
      pre_build: {
        commands: [
          // The module's own changelog: the application's role and its rights (no secret in it).
          `mkdir -p ${OWN_CHANGELOG_DIRECTORY} && printf '%s\\n' ${applicationRoleChangelog(s.applicationUsername)
            .split("\n")
            .map(shellQuote)
            .join(" ")} > ${OWN_CHANGELOG_DIRECTORY}/${APPLICATION_ROLE_CHANGELOG}`,
          `cat ${OWN_CHANGELOG_DIRECTORY}/${APPLICATION_ROLE_CHANGELOG}`,
          'export LIQUIBASE_COMMAND_URL="jdbc:postgresql://$DB_HOST:$DB_PORT/$DB_NAME?$DB_SSL"',
          'export LIQUIBASE_COMMAND_USERNAME="$DB_USER"',
          'export LIQUIBASE_COMMAND_PASSWORD="$DB_PASSWORD"',
          'export LIQUIBASE_COMMAND_CHANGELOG_FILE="$CHANGELOG_FILE"',
          "liquibase --version",
          // The log shows what is about to run before anything runs.
          "liquibase status --verbose",
          "liquibase update-sql",
        ],
      },
      build: {
        commands: [
          "liquibase update",
          // After the changelog, so the tables it has just created are granted too.
          `liquibase --search-path=${OWN_CHANGELOG_DIRECTORY} update --changelog-file=${APPLICATION_ROLE_CHANGELOG}`,
        ],
      },
      post_build: {
        commands: ["liquibase history"],
      },
    },
  };
  return JSON.stringify(spec, null, 2);
}

/** Where the build writes the module's own changelog; Liquibase's search path when it runs it. */
const OWN_CHANGELOG_DIRECTORY = "/tmp/codebuild-migrations";
/** The module's changelog, by the name Liquibase records it under in DATABASECHANGELOG. */
const APPLICATION_ROLE_CHANGELOG = "application-role.sql";

/**
 * The Liquibase formatted-SQL changelog that gives the application its login role: created if
 * missing (LOGIN, no password: IAM database authentication through `rds_iam`), with the rights to
 * read and write the data in `public` and nothing more. It owns nothing, creates nothing, and the
 * build stops if the role already holds more than that or is the migrating user itself. One DO
 * block, so it applies whole or not at all; `runAlways` re-grants after every update, and the
 * default privileges of the migrating user cover what later migrations create between runs.
 */
function applicationRoleChangelog(role: string): string {
  return [
    "--liquibase formatted sql",
    "",
    "--changeset codebuild-migrations:application-role runAlways:true runOnChange:true splitStatements:false",
    `--comment: The login role of the application, ${role}: IAM authentication, data rights in schema public, owns nothing`,
    applicationRoleSql(role, [
      "  -- The tables of Liquibase itself are the record of what ran: the application may not touch them.",
      `  REVOKE ALL ON TABLE public.databasechangelog, public.databasechangeloglock FROM ${quoteIdentifier(role)};`,
    ]),
  ].join("\n");
}

const SOURCE_PROVIDERS: readonly SourceProvider[] = ["GitHub", "GitHubEnterpriseServer", "Bitbucket", "GitLab"];

/**
 * Every problem with the props, without building anything (none when they hold): what the
 * constructor would refuse. `network` and `database` may be plain objects whose ids are
 * unresolved tokens; `egress`, `interfaceEndpointServices` and
 * `database.connection.applicationUsername` must be the real values.
 */
export function codebuildMigrationsPropProblems(props: CodebuildMigrationsPropsToCheck): readonly PropProblem[] {
  return propProblems(() => validate(undefined, props));
}

function validate(scope: Construct | undefined, props: CodebuildMigrationsPropsToCheck): Settings {
  const v = new PropsValidator(scope, "CodebuildMigrations");
  v.check(isValidNamePrefix(props.name), "name", NAME_PREFIX_RULE, props.name);
  v.check(isKnownRegion(props.region), "region", regionProblem(props.region) ?? "", props.region);
  v.check(ACCOUNT_ID_PATTERN.test(props.accountId), "accountId", 'must be a 12-digit AWS account id (e.g. "123456789012")', props.accountId);
  v.check(
    Token.isUnresolved(props.network.privateSubnetIds) || props.network.privateSubnetIds.length > 0,
    "network.privateSubnetIds",
    "must list at least one private subnet for the build",
    props.network.privateSubnetIds,
  );

  // Source
  const hasRepository = props.sourceRepository !== undefined;
  const hasBucket = props.sourceS3Bucket !== undefined;
  v.checkExactlyOne(["sourceRepository", props.sourceRepository], ["sourceS3Bucket", props.sourceS3Bucket], "sourceRepository (owner/name) or sourceS3Bucket");
  const sourceBranch = props.sourceBranch ?? "main";
  checkRepositorySource(v, {
    repository: ["sourceRepository", props.sourceRepository],
    branch: ["sourceBranch", sourceBranch],
    connectionArn: ["sourceConnectionArn", props.sourceConnectionArn],
  });
  const sourceProvider = props.sourceProvider ?? "GitHub";
  v.check(SOURCE_PROVIDERS.includes(sourceProvider), "sourceProvider", `must be one of ${SOURCE_PROVIDERS.join(", ")}`, sourceProvider);
  for (const [prop, value] of [
    ["sourceBranch", props.sourceBranch],
    ["sourceConnectionArn", props.sourceConnectionArn],
    ["sourceProvider", props.sourceProvider],
  ] as const) {
    if (hasBucket && value !== undefined) v.fail(prop, "applies only to a repository source (sourceRepository)", value);
  }
  const sourceS3Key = props.sourceS3Key ?? "migrations.zip";
  if (hasRepository && props.sourceS3Key !== undefined) v.fail("sourceS3Key", "applies only with sourceS3Bucket", props.sourceS3Key);

  // Liquibase
  const changelogFile = props.changelogFile ?? "db/changelog/db.changelog-master.yaml";
  v.check(/^[A-Za-z0-9_.\-/]+$/.test(changelogFile) && !changelogFile.startsWith("/"), "changelogFile", "must be a relative path in the source", changelogFile);
  const liquibaseSource = props.liquibaseSource ?? "download";
  v.check(liquibaseSource === "download" || liquibaseSource === "source", "liquibaseSource", 'must be "download" or "source"', liquibaseSource);
  const liquibaseVersion = props.liquibaseVersion ?? DEFAULT_LIQUIBASE_VERSION;
  v.check(/^\d+\.\d+\.\d+$/.test(liquibaseVersion), "liquibaseVersion", `must be a release number such as "${DEFAULT_LIQUIBASE_VERSION}"`, liquibaseVersion);
  if (props.liquibaseSha256 !== undefined) {
    v.check(/^[a-f0-9]{64}$/.test(props.liquibaseSha256), "liquibaseSha256", "must be 64 lowercase hex digits", props.liquibaseSha256);
  } else if (liquibaseSource === "download" && liquibaseVersion !== DEFAULT_LIQUIBASE_VERSION) {
    v.fail(
      "liquibaseSha256",
      `is required with liquibaseVersion "${liquibaseVersion}" (only the default ${DEFAULT_LIQUIBASE_VERSION} has a pinned checksum): give the SHA-256 of liquibase-${liquibaseVersion}.tar.gz as published with the release (the checksums of the GitHub release github.com/liquibase/liquibase/releases/tag/v${liquibaseVersion}, or LB_SHA256 in liquibase/docker's Dockerfile for that version)`,
      props.liquibaseSha256,
    );
  }
  const liquibaseSha256 = props.liquibaseSha256 ?? DEFAULT_LIQUIBASE_SHA256;

  // The application's role, written into the SQL the build runs.
  const applicationUsername = props.database.connection.applicationUsername;
  checkApplicationUsername(v, "database.connection.applicationUsername", applicationUsername, "the migrations write it into SQL");
  const liquibaseDirectory = props.liquibaseDirectory ?? "tools/liquibase";
  v.check(/^[A-Za-z0-9_.\-/]+$/.test(liquibaseDirectory) && !liquibaseDirectory.startsWith("/"), "liquibaseDirectory", "must be a relative path in the source", liquibaseDirectory);

  // Network: the build needs CloudWatch Logs, Parameter Store and Secrets Manager, S3 (the
  // gateway endpoint) and, to download Liquibase, the internet.
  if (props.network.egress === "none") {
    const missing = unreachableBuildServices(props.network);
    if (missing.length > 0) {
      v.fail(
        "network",
        `${noRouteProblem(missing)}. Give the VPC NAT egress (egress "nat-instance", about $7 a month) or the interface endpoints ${REQUIRED_ENDPOINTS.join(", ")} (about $44 a month) with liquibaseSource "source"`,
        { egress: props.network.egress, interfaceEndpointServices: props.network.interfaceEndpointServices },
      );
    } else if (liquibaseSource === "download") {
      v.fail(
        "liquibaseSource",
        'must be "source" when the VPC has no NAT egress: the build cannot download Liquibase without internet access',
        liquibaseSource,
      );
    }
  }

  // Compute
  const architecture = props.architecture ?? "ARM64";
  v.check(architecture === "ARM64" || architecture === "X86_64", "architecture", 'must be "ARM64" or "X86_64"', architecture);
  const computeType = props.computeType ?? "BUILD_GENERAL1_SMALL";
  const computeTypes: readonly BuildComputeType[] =
    architecture === "ARM64" ? ["BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_LARGE"] : ["BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM", "BUILD_GENERAL1_LARGE"];
  v.check(computeTypes.includes(computeType), "computeType", `must be one of ${computeTypes.join(", ")} for ${architecture}`, computeType);
  const buildTimeoutMinutes = props.buildTimeoutMinutes ?? 30;
  v.checkWholeNumber("buildTimeoutMinutes", buildTimeoutMinutes, 5, 480, { unit: "minutes" });
  const logRetentionDays = props.logRetentionDays ?? 30;
  v.checkLogRetention("logRetentionDays", logRetentionDays);
  v.checkEmails("notificationEmails", props.notificationEmails ?? []);

  v.throwIfInvalid();
  return {
    sourceBranch,
    sourceProvider,
    sourceS3Key,
    changelogFile,
    liquibaseSource,
    liquibaseVersion,
    liquibaseSha256,
    liquibaseDirectory,
    applicationUsername,
    architecture,
    computeType,
    buildTimeoutMinutes,
    logRetentionDays,
  };
}
