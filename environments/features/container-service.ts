import { Fn } from "cdktf";
import { albPropProblems, ApplicationLoadBalancer, ApplicationLoadBalancerProps } from "../../modules/alb";
import { EcrPullThroughCache, ecrPullThroughCachePropProblems, EcrPullThroughCacheProps, pullThroughCacheImages, PullThroughCacheImages } from "../../modules/ecr-pull-through-cache";
import { ContainerSecret, FargateService, fargateServicePropProblems, FargateServiceProps, LoadBalancerTarget, PullThroughCacheRef } from "../../modules/fargate-service";
import { CloudMapIntegration, HttpApi, HttpApiIntegration, httpApiPropProblems, LoadBalancerIntegration } from "../../modules/http-api";
import type { Monitorable } from "../../modules/shared/monitorable";
import type { ConfigIssue } from "../config/errors";
import type { ContainerServiceConfig, EnvironmentConfig } from "../config/schema";
import {
  addHttpApi,
  ApiConfig,
  ApiExtras,
  apiProps,
  apiSources,
  ApiTier,
  ApiTierCheckOptions,
  containerSecrets,
  MEDIA_VARIABLE,
  reservedVariableIssues,
  ServiceData,
  standInCertificateArn,
  withoutKeys,
} from "./api-tier";
import { EnvironmentContext, EnvironmentSettings, output, unresolved } from "./context";
import { DomainFeature, frontDoorAlias, frontDoorCertificate } from "./domain";
import { configIssues, PropSources } from "./module-problems";
import type { NetworkHandle } from "./network";

// The API tier of `service.kind: "container"`: a Fargate service behind the HTTP API (through
// Cloud Map) or behind an Application Load Balancer (through its target group).

/**
 * The database connection as the container's settings: the user in plain text, the rest from
 * Parameter Store; and what the one-off task migrates with: the master user's secret, and the
 * SQL that gives the application user its rights after the migrations.
 */
interface ConnectionSettings {
  readonly applicationUsername: string;
  readonly parameterArns: { readonly host: string; readonly port: string; readonly database: string };
  readonly masterSecretArn: string;
  readonly applicationRoleSql: string;
}

/**
 * The one-off task's command when the config gives none: Django's migrations, then the
 * application user's grants (APP_ROLE_SQL) through Django's own connection, as the master user.
 */
export const DEFAULT_MIGRATE_COMMAND: readonly string[] = [
  "sh",
  "-c",
  "python manage.py migrate --noinput && python manage.py shell -c \"import os; from django.db import connection; connection.cursor().execute(os.environ['APP_ROLE_SQL'])\"",
];

/** The variable the one-off task finds the application user's grants in. */
export const APP_ROLE_SQL_VARIABLE = "APP_ROLE_SQL";

/** The connection settings of a config's database, for the container and its one-off task. */
function connectionSettings(service: ContainerServiceConfig, database: NonNullable<ServiceData["database"]>): ConnectionSettings {
  return {
    applicationUsername: database.connection.applicationUsername,
    parameterArns: database.connection.parameterArns,
    masterSecretArn: database.connection.secretArn,
    // The default command is Django's: its record of the migrations is not the application's to change.
    applicationRoleSql: database.applicationRoleSql({ readOnlyTables: service.migrateCommand === undefined ? ["django_migrations"] : [] }),
  };
}

/** Where the service's image comes from: its own ECR repository (a tag), an image elsewhere, or Docker Hub through the cache. */
interface ServiceImage {
  readonly imageTag?: string;
  readonly imageUri?: string;
  readonly pullThroughCache?: PullThroughCacheRef;
}

/** How the service is reached: through Cloud Map (the HTTP API's VPC link), or a load balancer's target group. */
interface ServiceReach {
  readonly serviceDiscovery: boolean;
  readonly loadBalancerTarget?: LoadBalancerTarget;
}

function serviceProps(
  context: EnvironmentSettings,
  service: ContainerServiceConfig,
  network: NetworkHandle,
  mediaBucketName: string,
  connection: ConnectionSettings | undefined,
  secrets: Record<string, ContainerSecret>,
  image: ServiceImage,
  reach: ServiceReach,
  tableVariables: Readonly<Record<string, string>> = {},
): FargateServiceProps {
  return {
    name: context.namePrefix,
    serviceName: "api",
    region: context.region,
    accountId: context.accountId,
    network,
    subnets: service.subnets,
    imageTag: image.imageTag,
    imageUri: image.imageUri,
    pullThroughCache: image.pullThroughCache,
    registryCredentialsSecretArn: service.registryCredentialsArn,
    imageUpdates: service.imageUpdates,
    oneOffTaskDefinition: service.oneOffTasks,
    retainRepository: image.imageTag === undefined ? undefined : context.protected,
    cpuArchitecture: service.cpuArchitecture,
    cpuUnits: service.cpuUnits,
    memoryMiB: service.memoryMiB,
    containerPort: service.containerPort,
    serviceDiscovery: reach.serviceDiscovery,
    loadBalancerTargets: reach.loadBalancerTarget === undefined ? undefined : [reach.loadBalancerTarget],
    // The API logs in as the application user, which owns nothing, with an IAM token from its
    // task role (grantConnect): no password, and never the master secret.
    environment: {
      ...service.environment,
      ...tableVariables,
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
    // The one-off task migrates: as the database's master user (the owner of the schema), with
    // the SQL that then gives the application user its rights.
    ...(service.oneOffTasks !== true || connection === undefined
      ? {}
      : {
          oneOffSecrets: {
            DB_USER: { secretArn: connection.masterSecretArn, jsonKey: "username" },
            DB_PASSWORD: { secretArn: connection.masterSecretArn, jsonKey: "password" },
          },
          oneOffEnvironment: { [APP_ROLE_SQL_VARIABLE]: connection.applicationRoleSql, APP_DB_USER: connection.applicationUsername },
        }),
  };
}

/** The cache's props, with a `pullThroughCache` section. */
function cacheProps(context: EnvironmentSettings, service: ContainerServiceConfig): EcrPullThroughCacheProps | undefined {
  const cache = service.pullThroughCache;
  if (cache === undefined) return undefined;
  return {
    name: context.namePrefix,
    region: context.region,
    accountId: context.accountId,
    // Unique in the registry: the environments of an account share it.
    repositoryPrefix: cache.repositoryPrefix ?? `${context.namePrefix}-hub`,
    upstream: cache.upstream,
    credentialsSecretArn: cache.credentialsArn,
  };
}

const CACHE_SOURCES: PropSources = {
  name: null,
  region: null,
  accountId: null,
  repositoryPrefix: "service.pullThroughCache.repositoryPrefix",
  upstream: "service.pullThroughCache.upstream",
  credentialsSecretArn: "service.pullThroughCache.credentialsArn",
};

type LoadBalancerConfig = NonNullable<EnvironmentConfig["loadBalancer"]>;

/** What stands in front of a container service: the HTTP API (over Cloud Map) or the load balancer. */
export interface ContainerFrontDoor {
  readonly api?: ApiConfig;
  readonly loadBalancer?: LoadBalancerConfig;
}

function loadBalancerProps(
  context: EnvironmentSettings,
  loadBalancer: LoadBalancerConfig,
  network: NetworkHandle,
  certificateArn: string,
  containerPort: number,
): ApplicationLoadBalancerProps {
  return {
    name: context.namePrefix,
    region: context.region,
    accountId: context.accountId,
    network,
    internal: loadBalancer.internal,
    certificateArn,
    domainName: loadBalancer.domainName,
    allowedPrefixListIds: loadBalancer.allowedPrefixListIds,
    deletionProtection: context.protected,
    idleTimeoutSeconds: loadBalancer.idleTimeoutSeconds,
    accessLogBucketName: `${context.namePrefix}-alb-logs-${context.accountId}`,
    accessLogRetentionDays: loadBalancer.accessLogRetentionDays,
    targetPort: containerPort,
    healthCheckPath: loadBalancer.healthCheckPath,
    deregistrationDelaySeconds: loadBalancer.deregistrationDelaySeconds,
  };
}

const LOAD_BALANCER_SOURCES: PropSources = {
  name: null,
  region: null,
  accountId: null,
  network: null,
  internal: "loadBalancer.internal",
  certificateArn: "loadBalancer.certificateArn",
  domainName: "loadBalancer.domainName",
  allowedPrefixListIds: "loadBalancer.allowedPrefixListIds",
  deletionProtection: "protected",
  idleTimeoutSeconds: "loadBalancer.idleTimeoutSeconds",
  // Made from the name prefix and the account, which the config checks itself.
  accessLogBucketName: null,
  accessLogRetentionDays: "loadBalancer.accessLogRetentionDays",
  targetPort: "service.containerPort",
  healthCheckPath: "loadBalancer.healthCheckPath",
  deregistrationDelaySeconds: "loadBalancer.deregistrationDelaySeconds",
};

const SERVICE_SOURCES: PropSources = {
  name: null,
  serviceName: null,
  region: null,
  accountId: null,
  network: null,
  subnets: "service.subnets",
  imageTag: "service.imageTag",
  imageUri: "service.imageUri",
  pullThroughCache: "service.pullThroughCache",
  registryCredentialsSecretArn: "service.registryCredentialsArn",
  imageUpdates: "service.imageUpdates",
  oneOffTaskDefinition: "service.oneOffTasks",
  // The stack's own: the migration identity and the grants.
  oneOffEnvironment: null,
  oneOffSecrets: null,
  // Derived from protected and imageTag, which are checked themselves.
  retainRepository: null,
  cpuArchitecture: "service.cpuArchitecture",
  cpuUnits: "service.cpuUnits",
  memoryMiB: "service.memoryMiB",
  containerPort: "service.containerPort",
  // Derived from the front door the config chooses.
  serviceDiscovery: null,
  loadBalancerTargets: null,
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

/** The service's image as the module takes it; through the cache, the image is the cache's path to the Docker Hub repository at `imageTag`. */
function serviceImage(service: ContainerServiceConfig, cache: PullThroughCacheImages | undefined): ServiceImage {
  if (service.pullThroughCache === undefined || cache === undefined) return { imageTag: service.imageTag, imageUri: service.imageUri };
  return { imageUri: cache.imageUri(service.pullThroughCache.repository, service.imageTag ?? ""), pullThroughCache: cache };
}

export function checkContainerTier(
  context: EnvironmentSettings,
  service: ContainerServiceConfig | undefined,
  frontDoor: ContainerFrontDoor,
  network: NetworkHandle,
  options: ApiTierCheckOptions,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const { api, loadBalancer } = frontDoor;
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
      ? {
          applicationUsername: unresolved.string(),
          parameterArns: { host: unresolved.string(), port: unresolved.string(), database: unresolved.string() },
          masterSecretArn: unresolved.string(),
          applicationRoleSql: unresolved.string(),
        }
      : undefined;
    const cache = cacheProps(context, service);
    if (cache !== undefined) issues.push(...configIssues("EcrPullThroughCache", "service", CACHE_SOURCES, ecrPullThroughCachePropProblems(cache)));
    const reach: ServiceReach =
      loadBalancer === undefined
        ? { serviceDiscovery: true }
        : { serviceDiscovery: false, loadBalancerTarget: { targetGroupArn: unresolved.string(), containerPort: service.containerPort } };
    const image = serviceImage(service, cache === undefined ? undefined : pullThroughCacheImages(cache));
    issues.push(
      ...converted.issues,
      ...reserved,
      ...configIssues(
        "FargateService",
        "service",
        // Through the cache, the image is made from pullThroughCache.repository and imageTag.
        service.pullThroughCache === undefined ? SERVICE_SOURCES : { ...SERVICE_SOURCES, imageUri: "service.pullThroughCache" },
        fargateServicePropProblems(serviceProps(context, own, network, unresolved.string(), connection, withoutKeys(converted.secrets, reservedNames) ?? {}, image, reach)),
      ),
    );
  }
  if (api !== undefined) {
    const port = service?.containerPort ?? 80;
    const standInService = { cloudMapServiceArn: unresolved.string(), containerPort: port, securityGroupId: unresolved.string(), allowFrom: () => undefined };
    const integration: HttpApiIntegration =
      loadBalancer?.internal === true
        ? new LoadBalancerIntegration({ listenerArn: unresolved.string(), listenerPort: 443, securityGroupId: unresolved.string(), allowFrom: () => undefined })
        : new CloudMapIntegration(standInService);
    const siteOrigins = Array.from({ length: options.siteOriginCount }, () => unresolved.string());
    issues.push(
      ...configIssues(
        "HttpApi",
        "api",
        apiSources(options.siteOriginCount),
        httpApiPropProblems(apiProps(context, api, integration, network, siteOrigins, standInCertificateArn(api), options.apiExtras)),
      ),
    );
  }
  if (loadBalancer !== undefined) {
    const certificateArn = standInCertificateArn(loadBalancer) ?? unresolved.string();
    issues.push(
      ...configIssues(
        "ApplicationLoadBalancer",
        "loadBalancer",
        LOAD_BALANCER_SOURCES,
        albPropProblems(loadBalancerProps(context, loadBalancer, network, certificateArn, service?.containerPort ?? 80)),
      ),
    );
  }
  return issues;
}

/**
 * The API's container on Fargate, granted the media bucket and (with a database) a login as the
 * application user; in front of it, the HTTP API over the VPC link (the tasks registered in
 * Cloud Map), or an Application Load Balancer (the tasks registered in its target group).
 * Images from Docker Hub come through a pull-through cache the stack creates.
 */
export function addContainerTier(
  context: EnvironmentContext,
  service: ContainerServiceConfig,
  frontDoor: ContainerFrontDoor,
  network: NetworkHandle,
  data: ServiceData,
  siteOrigins: readonly string[],
  domain: DomainFeature | undefined,
  extras: ApiExtras = {},
): ApiTier {
  const { secrets, issues } = containerSecrets(service.secrets ?? {});
  if (issues.length > 0) throw new Error(`service.secrets passed the config check but holds no ARN: ${issues.map((i) => i.path).join(", ")}`);
  const { api, loadBalancer } = frontDoor;
  const cacheSettings = cacheProps(context, service);
  const cache = cacheSettings === undefined ? undefined : new EcrPullThroughCache(context.scope, "ImageCache", cacheSettings);

  let alb: ApplicationLoadBalancer | undefined;
  if (loadBalancer !== undefined) {
    const certificateArn = frontDoorCertificate(domain, "LoadBalancerCertificate", loadBalancer);
    if (certificateArn === undefined) throw new Error("loadBalancer passed the config check without a domainName");
    alb = new ApplicationLoadBalancer(context.scope, "LoadBalancer", loadBalancerProps(context, loadBalancer, network, certificateArn, service.containerPort));
    // The load balancer answers IPv4 only: no AAAA record. An internal one gets none: only the
    // API's VPC link reaches it, by its listener, checking the certificate's name.
    if (loadBalancer.internal !== true) frontDoorAlias(domain, loadBalancer, { dnsName: alb.dnsName, zoneId: alb.zoneId }, { ipv6: false });
  }
  const reach: ServiceReach = alb === undefined ? { serviceDiscovery: true } : { serviceDiscovery: false, loadBalancerTarget: alb.target };
  const fargate = new FargateService(
    context.scope,
    "ApiService",
    serviceProps(
      context,
      service,
      network,
      data.media.bucketName,
      data.database === undefined ? undefined : connectionSettings(service, data.database),
      secrets,
      serviceImage(service, cache),
      reach,
      data.tableVariables,
    ),
  );
  if (data.database !== undefined) {
    data.database.allowFrom("ApiService", fargate, "API tasks");
    // IAM database authentication as the application user; the master secret is the migrations' only.
    data.database.grantConnect(fargate);
  }
  data.media.grantReadWrite(fargate);

  let httpApi: HttpApi | undefined;
  if (alb !== undefined) {
    alb.attachService(fargate);
    if (loadBalancer?.internal !== true) {
      output(context, "api_endpoint", alb.url, "The API's base URL");
      output(context, "load_balancer_dns_name", alb.dnsName, "The load balancer's own name (the API's records point at it)");
    }
  }
  if (api !== undefined) {
    const lb = alb;
    const integration: HttpApiIntegration =
      lb === undefined
        ? new CloudMapIntegration(fargate)
        : new LoadBalancerIntegration({
            listenerArn: lb.httpsListener.arn,
            listenerPort: 443,
            serverNameToVerify: loadBalancer?.domainName,
            securityGroupId: lb.securityGroupId,
            allowFrom: (id, peer, description) => lb.allowFrom(id, peer, description),
          });
    httpApi = addHttpApi(context, api, integration, network, siteOrigins, domain, extras);
  }

  output(context, "ecs_cluster_name", fargate.cluster.name, "The ECS cluster");
  output(context, "ecs_service_name", fargate.serviceName, "The API's ECS service");
  if (fargate.repositoryUrl !== undefined) output(context, "ecr_repository_url", fargate.repositoryUrl, "Where CI pushes the API's images");
  output(context, "application_ci_variables", applicationCiVariables(context, service, fargate, cache), "The GitHub environment variables of the application's repository (templates/app-ci.yml reads them)");
  const monitorables: Monitorable[] = [...(httpApi === undefined ? [] : [httpApi]), ...(alb === undefined ? [] : [alb]), fargate];
  return { service: fargate, api: httpApi, loadBalancer: alb, monitorables };
}

/**
 * What the application's CI needs to know of the service, by the GitHub environment variable
 * names the workflow template reads: where it pushes, what it registers, where the one-off
 * task runs. The role it assumes is the bootstrap stack's output (`github_application_role_arns`).
 */
function applicationCiVariables(context: EnvironmentContext, service: ContainerServiceConfig, fargate: FargateService, cache: EcrPullThroughCache | undefined): Record<string, string> {
  const pushed =
    service.pullThroughCache !== undefined
      ? { IMAGE_REGISTRY: "docker-hub", PUSH_IMAGE: `docker.io/${service.pullThroughCache.repository}`, RUN_IMAGE: cache!.imageUri(service.pullThroughCache.repository, "").replace(/:$/, "") }
      : fargate.repositoryUrl !== undefined
        ? { IMAGE_REGISTRY: "ecr", PUSH_IMAGE: fargate.repositoryUrl, RUN_IMAGE: fargate.repositoryUrl }
        : undefined;
  return {
    AWS_REGION: context.region,
    ECS_CLUSTER: fargate.cluster.name,
    ECS_SERVICE: fargate.serviceName,
    TASK_FAMILY: fargate.family,
    CONTAINER_NAME: fargate.containerName,
    ...(fargate.oneOffFamily === undefined
      ? {}
      : {
          ONEOFF_TASK_FAMILY: fargate.oneOffFamily,
          ONEOFF_SUBNET_IDS: Fn.join(",", [...fargate.subnetIds]),
          ONEOFF_SECURITY_GROUP_ID: fargate.securityGroupId,
          ONEOFF_ASSIGN_PUBLIC_IP: service.subnets === "public" ? "ENABLED" : "DISABLED",
          ONEOFF_LOG_GROUP: fargate.logGroup.name,
          ONEOFF_MIGRATE_COMMAND: JSON.stringify(service.migrateCommand ?? DEFAULT_MIGRATE_COMMAND),
        }),
    IMAGE_UPDATES: service.imageUpdates ?? "terraform",
    ...(pushed ?? {}),
  };
}
