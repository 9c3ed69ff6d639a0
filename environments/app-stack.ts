import { LocalBackend, S3Backend, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { CodebuildMigrations } from "../modules/codebuild-migrations";
import { ContainerSecret, containerSecretFromArn, FargateService } from "../modules/fargate-service";
import { HttpApi } from "../modules/http-api";
import { MediaBucket } from "../modules/media-bucket";
import { applyPermissionsBoundary, permissionsBoundaryArn } from "../modules/permissions-boundary";
import { Monitoring } from "../modules/monitoring";
import { StaticSite } from "../modules/static-site";
import { RdsPrivate } from "../modules/rds-private";
import { Vpc2Az } from "../modules/vpc-2az";
import { applyPolicyPack, suppress } from "../policies";
import type { EnvironmentConfig } from "./config";
import { addAwsProvider } from "./provider";

/** Where an environment stack keeps its state: the S3 bucket (the default), or a local file for trying things out. */
export type StateBackend = "s3" | "local";

export interface AppStackOptions {
  /**
   * `local` writes state to `terraform.<environment>.tfstate` in the project folder, for trying a
   * stack without the state bucket. Never use it for a shared environment.
   * @default "s3"
   */
  readonly backend?: StateBackend;
}

/** The state key of an environment in the state bucket: `<project>/<environment>/terraform.tfstate`. */
export function stateKey(config: Pick<EnvironmentConfig, "project" | "name">): string {
  return `${config.project}/${config.name}/terraform.tfstate`;
}

/**
 * One environment: every module composed from one checked config. The stack is named after
 * the environment (`staging`, `production`).
 */
export class AppStack extends TerraformStack {
  readonly config: EnvironmentConfig;
  readonly network: Vpc2Az;
  /** The API's container service. */
  readonly service: FargateService;
  readonly api: HttpApi;
  readonly database: RdsPrivate;
  readonly site: StaticSite;
  readonly media: MediaBucket;
  readonly migrations: CodebuildMigrations;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, config: EnvironmentConfig, options: AppStackOptions = {}) {
    super(scope, config.name);
    this.config = config;
    const namePrefix = `${config.project}-${config.name}`;

    addAwsProvider(this, {
      project: config.project,
      environment: config.name,
      accountId: config.accountId,
      region: config.region,
      tags: config.tags,
    });

    if ((options.backend ?? "s3") === "s3") {
      new S3Backend(this, {
        bucket: config.state.bucket,
        key: stateKey(config),
        region: config.state.region,
        encrypt: true,
      });
      // S3-native locking (Terraform 1.10+); cdktf 0.21's S3Backend has no prop for it yet.
      this.addOverride("terraform.backend.s3.use_lockfile", true);
    } else {
      // Relative to the stack's folder, cdktf.out/stacks/<name>: the file lands in the project folder.
      new LocalBackend(this, { path: `../../../terraform.${config.name}.tfstate` });
    }

    this.network = new Vpc2Az(this, "Network", {
      name: namePrefix,
      region: config.region,
      cidr: config.network.cidr,
      availabilityZones: config.network.availabilityZones,
      egress: config.network.egress,
      natLayout: config.network.natLayout,
      flowLogs: config.network.flowLogs,
      flowLogRetentionDays: config.logRetentionDays,
      interfaceEndpoints: config.network.interfaceEndpoints,
    });

    const database = config.database;
    this.database = new RdsPrivate(this, "Database", {
      name: namePrefix,
      region: config.region,
      accountId: config.accountId,
      network: this.network,
      engineVersion: database.engineVersion,
      instanceClass: database.instanceClass,
      multiAz: database.multiAz,
      backupRetentionDays: database.backupRetentionDays,
      deletionProtection: database.deletionProtection,
      finalSnapshot: config.protected ? true : database.finalSnapshot,
      preventDestroy: config.protected,
      allocatedStorageGiB: database.allocatedStorageGiB,
      maxAllocatedStorageGiB: database.maxAllocatedStorageGiB,
      performanceInsights: database.performanceInsights,
      // Unprotected environments take changes at once; protected ones in the maintenance window.
      applyImmediately: !config.protected,
      logRetentionDays: config.logRetentionDays,
    });
    const connection = this.database.connection;

    const service = config.service;
    // Uploaded files; the API is told its name.
    this.media = new MediaBucket(this, "Media", {
      name: namePrefix,
      accountId: config.accountId,
      preventDestroy: config.protected,
    });
    this.service = new FargateService(this, "ApiService", {
      name: namePrefix,
      serviceName: "api",
      region: config.region,
      accountId: config.accountId,
      network: this.network,
      subnets: service.subnets,
      imageTag: service.imageTag,
      imageUri: service.imageUri,
      retainRepository: service.imageTag === undefined ? undefined : config.protected,
      cpuArchitecture: service.cpuArchitecture,
      cpuUnits: service.cpuUnits,
      memoryMiB: service.memoryMiB,
      containerPort: service.containerPort,
      // The API logs in as the application user, which owns nothing, with an IAM token from its
      // task role (grantConnect below): no password, and never the master secret.
      environment: { ...service.environment, MEDIA_BUCKET: this.media.bucketName, DB_USER: connection.applicationUsername },
      secrets: {
        ...containerSecrets(service.secrets ?? {}),
        // The connection settings from Parameter Store.
        DB_HOST: { parameterArn: connection.parameterArns.host },
        DB_PORT: { parameterArn: connection.parameterArns.port },
        DB_NAME: { parameterArn: connection.parameterArns.database },
      },
      healthCheckCommand: service.healthCheckCommand,
      logRetentionDays: config.logRetentionDays,
      desiredCount: service.desiredCount,
      minTasks: service.minTasks,
      maxTasks: service.maxTasks,
      onDemandBase: service.onDemandBase,
      onDemandWeight: service.onDemandWeight,
      spotWeight: service.spotWeight,
      enableExecuteCommand: service.enableExecuteCommand,
      containerInsights: service.containerInsights,
    });

    this.database.allowFrom("ApiService", this.service, "API tasks");
    // IAM database authentication as the application user; the master secret is the migrations' only.
    this.database.grantConnect("ApiService", this.service);

    const migrations = config.migrations;
    this.migrations = new CodebuildMigrations(this, "Migrations", {
      name: namePrefix,
      region: config.region,
      accountId: config.accountId,
      network: this.network,
      database: this.database,
      sourceRepository: migrations.repository,
      sourceBranch: migrations.branch,
      sourceConnectionArn: migrations.connectionArn,
      changelogFile: migrations.changelogFile,
      liquibaseSource: migrations.liquibaseSource,
      liquibaseVersion: migrations.liquibaseVersion,
      liquibaseSha256: migrations.liquibaseSha256,
      logRetentionDays: config.logRetentionDays,
      notificationEmails: migrations.notificationEmails,
      preventDestroy: config.protected,
    });

    this.site = new StaticSite(this, "Site", {
      name: namePrefix,
      accountId: config.accountId,
      priceClass: config.site.priceClass,
      aliases: config.site.aliases,
      certificateArn: config.site.certificateArn,
      accessLogging: config.site.accessLogging,
      contentSecurityPolicy: config.site.contentSecurityPolicy,
      media: config.media?.serveThroughSite === false ? undefined : this.media,
      preventDestroy: config.protected,
    });
    // Browsers upload with presigned URLs from the site only; the API reads and writes the bucket.
    this.media.allowBrowserUploadsFrom(this.site.siteOrigins);
    this.media.grantReadWrite(this.service);

    this.api = new HttpApi(this, "HttpApi", {
      name: namePrefix,
      vpcId: this.network.vpcId,
      // The VPC link's interfaces need no internet: the private subnets suit them.
      subnetIds: this.network.privateSubnetIds,
      backend: this.service,
      corsAllowOrigins: [...this.site.siteOrigins, ...(config.api.additionalCorsOrigins ?? [])],
      throttlingRateLimit: config.api.throttlingRateLimit,
      throttlingBurstLimit: config.api.throttlingBurstLimit,
      logRetentionDays: config.logRetentionDays,
      jwtIssuer: config.api.jwt?.issuer,
      jwtAudience: config.api.jwt?.audience,
    });
    if (config.api.publicReason !== undefined) {
      for (const route of this.api.routes) suppress(route, [{ id: "apigw-route-authorization", reason: config.api.publicReason }]);
    }

    this.monitoring = new Monitoring(this, "Monitoring", {
      name: namePrefix,
      region: config.region,
      accountId: config.accountId,
      ...config.monitoring,
      preventDestroy: config.protected,
    });
    this.monitoring.monitorApi(this.api);
    this.monitoring.monitorService(this.service);
    this.monitoring.monitorDatabase(this.database);
    this.monitoring.monitorMigrations(this.migrations);

    // Every role of the environment carries its boundary (the bootstrap stack creates it): the
    // deploy role may create roles only with it attached.
    const boundary = permissionsBoundaryArn({ project: config.project, environment: config.name, accountId: config.accountId, region: config.region });
    applyPermissionsBoundary(this, boundary);

    // Every synth checks the stack against the policy pack; protected environments also get the
    // data-loss guards, and every role must carry the environment's boundary.
    applyPolicyPack(this, { protected: config.protected, permissionsBoundaryArn: boundary });

    new TerraformOutput(this, "api_endpoint", { value: this.api.apiEndpoint, description: "The API's base URL" });
    new TerraformOutput(this, "ecs_cluster_name", { value: this.service.cluster.name, description: "The ECS cluster" });
    new TerraformOutput(this, "ecs_service_name", { value: this.service.serviceName, description: "The API's ECS service" });
    if (this.service.repositoryUrl !== undefined) {
      new TerraformOutput(this, "ecr_repository_url", {
        value: this.service.repositoryUrl,
        description: "Where CI pushes the API's images",
      });
    }
    new TerraformOutput(this, "database_endpoint", { value: this.database.endpointAddress, description: "PostgreSQL host name" });
    new TerraformOutput(this, "database_secret_arn", {
      value: this.database.masterSecretArn,
      description: "The Secrets Manager secret with the master password (the ARN, not the password)",
    });
    new TerraformOutput(this, "migrations_pipeline_name", { value: this.migrations.pipelineName, description: "Runs the Liquibase migrations" });
    new TerraformOutput(this, "migrations_notification_topic_arn", {
      value: this.migrations.notificationTopicArn,
      description: "Told when a migration fails",
    });
    if (this.migrations.connectionArn !== undefined) {
      new TerraformOutput(this, "migrations_connection_arn", {
        value: this.migrations.connectionArn,
        description: "The CodeStar connection to approve once in the console",
      });
    }
    new TerraformOutput(this, "site_bucket_name", { value: this.site.bucketName, description: "Where the site's build is synced" });
    new TerraformOutput(this, "site_distribution_id", { value: this.site.distributionId, description: "The site's CloudFront distribution" });
    new TerraformOutput(this, "site_domain_name", { value: this.site.distributionDomainName, description: "The distribution's domain name" });
    new TerraformOutput(this, "site_url", { value: this.site.siteOrigin, description: "The site's address" });
    new TerraformOutput(this, "site_deploy_policy_arn", {
      value: this.site.deployPolicy.arn,
      description: "Attach to the CI role that deploys the site",
    });
    new TerraformOutput(this, "media_bucket_name", { value: this.media.bucketName, description: "Uploaded files" });
    new TerraformOutput(this, "alarm_topic_arn", {
      value: this.monitoring.topicArn,
      description: "Every alarm and recovery is published here",
    });
    new TerraformOutput(this, "dashboard_name", { value: this.monitoring.dashboardName, description: "The environment's CloudWatch dashboard" });
    new TerraformOutput(this, "vpc_id", { value: this.network.vpcId, description: "The VPC's id" });
    new TerraformOutput(this, "public_subnet_ids", {
      value: this.network.publicSubnetIds,
      description: "Public subnet ids, in availability-zone order",
    });
    new TerraformOutput(this, "private_subnet_ids", {
      value: this.network.privateSubnetIds,
      description: "Private subnet ids, in availability-zone order",
    });
  }
}

/** The config's secret ARNs as the service takes them (the config schema has checked each). */
function containerSecrets(arns: Readonly<Record<string, string>>): Record<string, ContainerSecret> {
  return Object.fromEntries(
    Object.entries(arns).map(([name, arn]) => {
      const secret = containerSecretFromArn(arn);
      if (secret === undefined) throw new Error(`service.secrets.${name} passed the config check but is not a secret ARN`);
      return [name, secret];
    }),
  );
}
