import {
  CodebuildMigrations,
  codebuildMigrationsPropProblems,
  CodebuildMigrationsProps,
  MigrationDatabase,
  MigrationDatabaseSettings,
} from "../../modules/codebuild-migrations";
import { DEFAULT_APPLICATION_USERNAME } from "../../modules/rds-private";
import type { ConfigIssue } from "../config/errors";
import type { EnvironmentConfig } from "../config/schema";
import { EnvironmentContext, EnvironmentSettings, output } from "./context";
import { configIssues, PropSources } from "./module-problems";
import { NetworkHandle } from "./network";

type MigrationsConfig = NonNullable<EnvironmentConfig["migrations"]>;

function migrationsProps<D extends MigrationDatabaseSettings>(
  context: EnvironmentSettings,
  migrations: MigrationsConfig,
  network: NetworkHandle,
  database: D,
): Omit<CodebuildMigrationsProps, "database"> & { readonly database: D } {
  return {
    name: context.namePrefix,
    region: context.region,
    accountId: context.accountId,
    network,
    database,
    sourceRepository: migrations.repository,
    sourceBranch: migrations.branch,
    sourceConnectionArn: migrations.connectionArn,
    changelogFile: migrations.changelogFile,
    liquibaseSource: migrations.liquibaseSource,
    liquibaseVersion: migrations.liquibaseVersion,
    liquibaseSha256: migrations.liquibaseSha256,
    logRetentionDays: context.logRetentionDays,
    notificationEmails: migrations.notificationEmails,
    preventDestroy: context.protected,
  };
}

const SOURCES: PropSources = {
  name: null,
  region: null,
  accountId: null,
  // The build's route to AWS: the private subnets' egress, or interface endpoints.
  network: "network.egress",
  database: null,
  sourceRepository: "migrations.repository",
  sourceBranch: "migrations.branch",
  sourceConnectionArn: "migrations.connectionArn",
  changelogFile: "migrations.changelogFile",
  liquibaseSource: "migrations.liquibaseSource",
  liquibaseVersion: "migrations.liquibaseVersion",
  liquibaseSha256: "migrations.liquibaseSha256",
  logRetentionDays: "logRetentionDays",
  notificationEmails: "migrations.notificationEmails",
  preventDestroy: "protected",
};

/** The migrations module's problems with this config, under the config keys. */
export function checkMigrations(context: EnvironmentSettings, migrations: MigrationsConfig, network: NetworkHandle): ConfigIssue[] {
  // The environment's database keeps the module's default application user.
  const database: MigrationDatabaseSettings = { connection: { applicationUsername: DEFAULT_APPLICATION_USERNAME } };
  return configIssues("CodebuildMigrations", "migrations", SOURCES, codebuildMigrationsPropProblems(migrationsProps(context, migrations, network, database)));
}

/** Liquibase migrations run by CodeBuild inside the VPC through a pipeline, and their outputs. */
export function addMigrations(context: EnvironmentContext, migrations: MigrationsConfig, network: NetworkHandle, database: MigrationDatabase): CodebuildMigrations {
  const built = new CodebuildMigrations(context.scope, "Migrations", migrationsProps(context, migrations, network, database));
  output(context, "migrations_pipeline_name", built.pipelineName, "Runs the Liquibase migrations");
  output(context, "migrations_notification_topic_arn", built.notificationTopicArn, "Told when a migration fails");
  if (built.connectionArn !== undefined) {
    output(context, "migrations_connection_arn", built.connectionArn, "The CodeStar connection to approve once in the console");
  }
  return built;
}
