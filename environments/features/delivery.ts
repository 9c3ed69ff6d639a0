import { DeliveryPipeline, deliveryPipelinePropProblems, DeliveryPipelineProps, deliveryServiceOf } from "../../modules/delivery-pipeline";
import { FargateService } from "../../modules/fargate-service";
import type { MigrationDatabase } from "../../modules/codebuild-migrations";
import type { LambdaFunction } from "../../modules/lambda-function";
import { DEFAULT_APPLICATION_USERNAME } from "../../modules/rds-private";
import type { StaticSite } from "../../modules/static-site";
import type { ConfigIssue } from "../config/errors";
import type { EnvironmentConfig, ServiceConfig } from "../config/schema";
import { EnvironmentContext, EnvironmentSettings, output, unresolved } from "./context";
import { configIssues, PropSources } from "./module-problems";
import type { NetworkHandle } from "./network";

type DeliveryConfig = NonNullable<EnvironmentConfig["delivery"]>;

/** What the delivery pipeline deploys and migrates: the API's function (or its container service), the site, the database. */
interface DeliveryTargets<D> {
  readonly function?: DeliveryPipelineProps["function"];
  readonly service?: DeliveryPipelineProps["service"];
  readonly site?: DeliveryPipelineProps["site"];
  readonly migrations?: { readonly network: NetworkHandle; readonly database: D };
}

function deliveryProps<D>(context: EnvironmentSettings, delivery: DeliveryConfig, targets: DeliveryTargets<D>) {
  return {
    name: context.namePrefix,
    region: context.region,
    accountId: context.accountId,
    repository: delivery.repository,
    branch: delivery.branch,
    connectionArn: delivery.connectionArn,
    site: targets.site,
    siteDirectory: delivery.siteDirectory,
    function: targets.function,
    functionDirectory: delivery.functionDirectory,
    service: targets.service,
    serviceDirectory: delivery.serviceDirectory,
    dockerfile: delivery.dockerfile,
    migrations: targets.migrations === undefined ? undefined : { ...targets.migrations, command: delivery.migrateCommand },
    logRetentionDays: context.logRetentionDays,
    notificationEmails: delivery.notificationEmails,
    preventDestroy: context.protected,
  };
}

const SOURCES: PropSources = {
  name: null,
  region: null,
  accountId: null,
  repository: "delivery.repository",
  branch: "delivery.branch",
  connectionArn: "delivery.connectionArn",
  site: null,
  siteDirectory: "delivery.siteDirectory",
  // The function's settings are the service's, checked there.
  function: (rest) => (rest === ".runtime" ? "service.runtime" : null),
  functionDirectory: "delivery.functionDirectory",
  // The service's settings are checked by the service's own module.
  service: null,
  serviceDirectory: "delivery.serviceDirectory",
  dockerfile: "delivery.dockerfile",
  migrations: (rest) => (rest.startsWith(".command") ? `delivery.migrateCommand${rest.slice(".command".length)}` : rest.startsWith(".network") ? "network.egress" : null),
  collectStatic: null,
  logRetentionDays: "logRetentionDays",
  notificationEmails: "delivery.notificationEmails",
  preventDestroy: "protected",
};

/** The delivery pipeline's problems with this config, under the config keys. */
export function checkDelivery(
  context: EnvironmentSettings,
  delivery: DeliveryConfig,
  service: ServiceConfig | undefined,
  network: NetworkHandle,
  options: { readonly withSite: boolean; readonly withDatabase: boolean },
): ConfigIssue[] {
  const site = options.withSite ? { bucketName: unresolved.string(), bucketArn: unresolved.string(), distributionId: unresolved.string(), distributionArn: unresolved.string() } : undefined;
  if (service?.kind === "container") {
    const s = unresolved.string;
    const standIn = {
      clusterName: s(),
      clusterArn: s(),
      serviceName: s(),
      containerName: s(),
      family: s(),
      repositoryUrl: s(),
      repositoryArn: s(),
      executionRoleArn: s(),
      taskRoleArn: s(),
      architecture: service.cpuArchitecture === "X86_64" ? "x86_64" : "arm64",
    } as const;
    return configIssues("DeliveryPipeline", "delivery", SOURCES, deliveryPipelinePropProblems(deliveryProps(context, delivery, { service: standIn, site })));
  }
  if (service?.kind === "functions") {
    // Terraform deploys the functions' code; the pipeline delivers the site alone.
    return configIssues("DeliveryPipeline", "delivery", SOURCES, deliveryPipelinePropProblems(deliveryProps(context, delivery, { site })));
  }
  const fn = {
    functionName: unresolved.string(),
    functionArn: unresolved.string(),
    aliasName: "live",
    architecture: service?.architecture ?? "arm64",
    runtime: service?.runtime,
  } as const;
  // The environment's database keeps the module's default application user.
  const database = { connection: { applicationUsername: DEFAULT_APPLICATION_USERNAME } };
  const props = deliveryProps(context, delivery, { function: fn, site, migrations: options.withDatabase ? { network, database } : undefined });
  return configIssues("DeliveryPipeline", "delivery", SOURCES, deliveryPipelinePropProblems(props));
}

/**
 * The application's delivery from its repository: build the site and the function's package,
 * migrate the database with that package, then deploy both (the alias moves last); or, for a
 * container service, build its image into the service's repository and deploy it with ECS
 * (the container's migrations are the migrations section's or its one-off task's). With
 * functions per route group (no `service`), the site alone: Terraform deploys their code.
 */
export function addDelivery(
  context: EnvironmentContext,
  delivery: DeliveryConfig,
  service: LambdaFunction | FargateService | undefined,
  site: StaticSite | undefined,
  migrations: { readonly network: NetworkHandle; readonly database: MigrationDatabase } | undefined,
): DeliveryPipeline {
  const targets: DeliveryTargets<MigrationDatabase> =
    service === undefined ? { site } : service instanceof FargateService ? { service: deliveryServiceOf(service), site } : { function: service, site, migrations };
  const built = new DeliveryPipeline(context.scope, "Delivery", deliveryProps(context, delivery, targets));
  output(context, "delivery_pipeline_name", built.pipelineName, "Builds, migrates and deploys the application");
  output(context, "delivery_notification_topic_arn", built.notificationTopicArn, "Told when a delivery fails");
  if (built.connection !== undefined) output(context, "delivery_connection_arn", built.connectionArn, "The CodeStar connection to approve once in the console");
  return built;
}
