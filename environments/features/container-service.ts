import { ContainerSecret, FargateService, fargateServicePropProblems, FargateServiceProps } from "../../modules/fargate-service";
import { CloudMapIntegration, HttpApi, httpApiPropProblems } from "../../modules/http-api";
import type { ConfigIssue } from "../config/errors";
import type { ContainerServiceConfig } from "../config/schema";
import {
  ApiConfig,
  apiProps,
  apiSources,
  ApiTier,
  ApiTierCheckOptions,
  containerSecrets,
  MEDIA_VARIABLE,
  reservedVariableIssues,
  ServiceData,
  suppressPublicRoutes,
  withoutKeys,
} from "./api-tier";
import { EnvironmentContext, EnvironmentSettings, output, unresolved } from "./context";
import { configIssues, PropSources } from "./module-problems";
import type { NetworkHandle } from "./network";

// The API tier of `service.kind: "container"`: a Fargate service in Cloud Map behind the HTTP API.

/** The database connection as the container's settings: the user in plain text, the rest from Parameter Store. */
interface ConnectionSettings {
  readonly applicationUsername: string;
  readonly parameterArns: { readonly host: string; readonly port: string; readonly database: string };
}

function serviceProps(
  context: EnvironmentSettings,
  service: ContainerServiceConfig,
  network: NetworkHandle,
  mediaBucketName: string,
  connection: ConnectionSettings | undefined,
  secrets: Record<string, ContainerSecret>,
): FargateServiceProps {
  return {
    name: context.namePrefix,
    serviceName: "api",
    region: context.region,
    accountId: context.accountId,
    network,
    subnets: service.subnets,
    imageTag: service.imageTag,
    imageUri: service.imageUri,
    retainRepository: service.imageTag === undefined ? undefined : context.protected,
    cpuArchitecture: service.cpuArchitecture,
    cpuUnits: service.cpuUnits,
    memoryMiB: service.memoryMiB,
    containerPort: service.containerPort,
    // The API logs in as the application user, which owns nothing, with an IAM token from its
    // task role (grantConnect): no password, and never the master secret.
    environment: {
      ...service.environment,
      [MEDIA_VARIABLE]: mediaBucketName,
      ...(connection === undefined ? {} : { DB_USER: connection.applicationUsername }),
    },
    secrets: {
      ...secrets,
      // The connection settings from Parameter Store.
      ...(connection === undefined
        ? {}
        : {
            DB_HOST: { parameterArn: connection.parameterArns.host },
            DB_PORT: { parameterArn: connection.parameterArns.port },
            DB_NAME: { parameterArn: connection.parameterArns.database },
          }),
    },
    healthCheckCommand: service.healthCheckCommand,
    logRetentionDays: context.logRetentionDays,
    desiredCount: service.desiredCount,
    minTasks: service.minTasks,
    maxTasks: service.maxTasks,
    onDemandBase: service.onDemandBase,
    onDemandWeight: service.onDemandWeight,
    spotWeight: service.spotWeight,
    enableExecuteCommand: service.enableExecuteCommand,
    containerInsights: service.containerInsights,
  };
}

const SERVICE_SOURCES: PropSources = {
  name: null,
  serviceName: null,
  region: null,
  accountId: null,
  network: null,
  subnets: "service.subnets",
  imageTag: "service.imageTag",
  imageUri: "service.imageUri",
  // Derived from protected and imageTag, which are checked themselves.
  retainRepository: null,
  cpuArchitecture: "service.cpuArchitecture",
  cpuUnits: "service.cpuUnits",
  memoryMiB: "service.memoryMiB",
  containerPort: "service.containerPort",
  environment: "service.environment",
  secrets: "service.secrets",
  healthCheckCommand: "service.healthCheckCommand",
  logRetentionDays: "logRetentionDays",
  desiredCount: "service.desiredCount",
  minTasks: "service.minTasks",
  maxTasks: "service.maxTasks",
  onDemandBase: "service.onDemandBase",
  onDemandWeight: "service.onDemandWeight",
  spotWeight: "service.spotWeight",
  enableExecuteCommand: "service.enableExecuteCommand",
  containerInsights: "service.containerInsights",
};

export function checkContainerTier(
  context: EnvironmentSettings,
  service: ContainerServiceConfig | undefined,
  api: ApiConfig | undefined,
  network: NetworkHandle,
  options: ApiTierCheckOptions,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (service !== undefined) {
    const converted = containerSecrets(service.secrets ?? {});
    const reserved = reservedVariableIssues(service, options.withDatabase);
    // A reserved name is reported once, by the line above: the module is not shown it beside the stack's own.
    const reservedNames = new Set(reserved.map((i) => i.path.split(".").pop()));
    const own: ContainerServiceConfig = {
      ...service,
      environment: withoutKeys(service.environment, reservedNames),
    };
    const connection: ConnectionSettings | undefined = options.withDatabase
      ? { applicationUsername: unresolved.string(), parameterArns: { host: unresolved.string(), port: unresolved.string(), database: unresolved.string() } }
      : undefined;
    issues.push(
      ...converted.issues,
      ...reserved,
      ...configIssues(
        "FargateService",
        "service",
        SERVICE_SOURCES,
        fargateServicePropProblems(serviceProps(context, own, network, unresolved.string(), connection, withoutKeys(converted.secrets, reservedNames) ?? {})),
      ),
    );
  }
  if (api !== undefined) {
    const port = service?.containerPort ?? 80;
    const standInService = { cloudMapServiceArn: unresolved.string(), containerPort: port, securityGroupId: unresolved.string(), allowFrom: () => undefined };
    const siteOrigins = Array.from({ length: options.siteOriginCount }, () => unresolved.string());
    issues.push(
      ...configIssues("HttpApi", "api", apiSources(options.siteOriginCount), httpApiPropProblems(apiProps(context, api, new CloudMapIntegration(standInService), network, siteOrigins))),
    );
  }
  return issues;
}

/**
 * The API's container on Fargate, registered in Cloud Map, granted the media bucket and (with a
 * database) a login as the application user; the HTTP API in front of it over the VPC link.
 */
export function addContainerTier(
  context: EnvironmentContext,
  service: ContainerServiceConfig,
  api: ApiConfig,
  network: NetworkHandle,
  data: ServiceData,
  siteOrigins: readonly string[],
): ApiTier {
  const { secrets, issues } = containerSecrets(service.secrets ?? {});
  if (issues.length > 0) throw new Error(`service.secrets passed the config check but holds no ARN: ${issues.map((i) => i.path).join(", ")}`);
  const fargate = new FargateService(context.scope, "ApiService", serviceProps(context, service, network, data.media.bucketName, data.database?.connection, secrets));
  if (data.database !== undefined) {
    data.database.allowFrom("ApiService", fargate, "API tasks");
    // IAM database authentication as the application user; the master secret is the migrations' only.
    data.database.grantConnect(fargate);
  }
  data.media.grantReadWrite(fargate);

  const httpApi = new HttpApi(context.scope, "HttpApi", apiProps(context, api, new CloudMapIntegration(fargate), network, siteOrigins));
  suppressPublicRoutes(httpApi, api);

  output(context, "api_endpoint", httpApi.apiEndpoint, "The API's base URL");
  output(context, "ecs_cluster_name", fargate.cluster.name, "The ECS cluster");
  output(context, "ecs_service_name", fargate.serviceName, "The API's ECS service");
  if (fargate.repositoryUrl !== undefined) output(context, "ecr_repository_url", fargate.repositoryUrl, "Where CI pushes the API's images");
  return { service: fargate, api: httpApi, monitorables: [httpApi, fargate] };
}

