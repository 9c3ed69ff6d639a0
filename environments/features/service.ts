import { ContainerSecret, containerSecretFromArn, FargateService, fargateServicePropProblems, FargateServiceProps } from "../../modules/fargate-service";
import { CloudMapIntegration, HttpApi, httpApiPropProblems, HttpApiProps } from "../../modules/http-api";
import type { Grantee } from "../../modules/shared/grants";
import type { Monitorable } from "../../modules/shared/monitorable";
import { suppress } from "../../policies/suppress";
import type { ConfigIssue } from "../config/errors";
import type { ContainerServiceConfig, EnvironmentConfig } from "../config/schema";
import { EnvironmentContext, EnvironmentSettings, output, unresolved } from "./context";
import { configIssues, PropSources } from "./module-problems";
import { NetworkHandle } from "./network";

type ApiConfig = EnvironmentConfig["api"];

/** Variables the stack gives the API container itself: the database connection (with a database) and the media bucket. */
export const DATABASE_VARIABLES = ["DB_HOST", "DB_PORT", "DB_NAME", "DB_USER"] as const;
export const MEDIA_VARIABLE = "MEDIA_BUCKET";
/** Names that would hand the API a database password: it has none (IAM database authentication). */
export const DATABASE_PASSWORD_VARIABLES = ["DB_PASSWORD", "DB_SECRET_ARN"] as const;

/** What the API tier is given of the data feature. */
export interface ServiceData {
  readonly media: { readonly bucketName: string; grantReadWrite(grantee: Grantee): unknown };
  readonly database?: {
    readonly connection: {
      readonly applicationUsername: string;
      readonly parameterArns: { readonly host: string; readonly port: string; readonly database: string };
    };
    allowFrom(id: string, client: FargateService, description: string): unknown;
    grantConnect(grantee: Grantee): unknown;
  };
}

/** The API tier: the compute that runs the API's code, and the HTTP API in front of it. */
export interface ApiTier {
  readonly service: FargateService;
  readonly api: HttpApi;
  /** What the tier asks Monitoring to watch, in dashboard order. */
  readonly monitorables: readonly Monitorable[];
}

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

function apiProps(context: EnvironmentSettings, api: ApiConfig, network: NetworkHandle, service: CloudMapIntegration["backend"], siteOrigins: readonly string[]): HttpApiProps {
  return {
    name: context.namePrefix,
    vpcId: network.vpcId,
    // The VPC link's interfaces need no internet: the private subnets suit them.
    subnetIds: network.privateSubnetIds,
    integrations: { service: new CloudMapIntegration(service) },
    corsAllowOrigins: [...siteOrigins, ...(api.additionalCorsOrigins ?? [])],
    throttlingRateLimit: api.throttlingRateLimit,
    throttlingBurstLimit: api.throttlingBurstLimit,
    logRetentionDays: context.logRetentionDays,
    jwtIssuer: api.jwt?.issuer,
    jwtAudience: api.jwt?.audience,
  };
}

/** The API's prop sources; the CORS origins after the site's own are the config's `additionalCorsOrigins`. */
function apiSources(siteOriginCount: number): PropSources {
  return {
    name: null,
    vpcId: null,
    subnetIds: null,
    // The integration reads the service's port, which the service's own check reports.
    integrations: null,
    corsAllowOrigins: (rest) => {
      const index = /^\[(\d+)\]/.exec(rest);
      if (index === null) return `api.additionalCorsOrigins${rest}`;
      const i = Number(index[1]) - siteOriginCount;
      return i < 0 ? null : `api.additionalCorsOrigins[${i}]${rest.slice(index[0].length)}`;
    },
    throttlingRateLimit: "api.throttlingRateLimit",
    throttlingBurstLimit: "api.throttlingBurstLimit",
    logRetentionDays: "logRetentionDays",
    jwtIssuer: "api.jwt.issuer",
    jwtAudience: "api.jwt.audience",
  };
}

/**
 * The config's secret ARNs as the service takes them, and an issue for each that is no
 * parameter or secret ARN (a value pasted where its ARN belongs, most likely).
 */
function containerSecrets(arns: Readonly<Record<string, string>>): { secrets: Record<string, ContainerSecret>; issues: ConfigIssue[] } {
  const secrets: Record<string, ContainerSecret> = {};
  const issues: ConfigIssue[] = [];
  for (const [name, arn] of Object.entries(arns)) {
    const secret = containerSecretFromArn(arn);
    if (secret === undefined) {
      issues.push({
        path: `service.secrets.${name}`,
        reason:
          "must be the ARN of an SSM parameter (arn:aws:ssm:...:parameter/...) or a Secrets Manager secret (arn:aws:secretsmanager:...:secret:..., optionally :<json key>::), never the secret itself",
      });
    } else {
      secrets[name] = secret;
    }
  }
  return { secrets, issues };
}

/** Variables the config may not set, because the stack sets them (or because they would carry a password). */
function reservedVariableIssues(service: ContainerServiceConfig, withDatabase: boolean): ConfigIssue[] {
  const reserved: readonly string[] = [MEDIA_VARIABLE, ...(withDatabase ? DATABASE_VARIABLES : [])];
  const issues: ConfigIssue[] = [];
  for (const section of ["environment", "secrets"] as const) {
    for (const name of Object.keys(service[section] ?? {})) {
      if (reserved.includes(name)) {
        issues.push({ path: `service.${section}.${name}`, reason: `is set by the stack itself (${reserved.join(", ")}); remove it` });
      }
      if (withDatabase && (DATABASE_PASSWORD_VARIABLES as readonly string[]).includes(name)) {
        issues.push({
          path: `service.${section}.${name}`,
          reason: "must not be set: the API logs in to PostgreSQL with IAM database authentication (no password), and the master secret is for the migrations only; remove it",
        });
      }
    }
  }
  return issues;
}

/** The API tier's problems with this config: the stack's own rules, then the service's and the API's modules', under the config keys. */
export function checkApiTier(
  context: EnvironmentSettings,
  service: ContainerServiceConfig | undefined,
  api: ApiConfig | undefined,
  network: NetworkHandle,
  options: { readonly withDatabase: boolean; readonly siteOriginCount: number },
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
    issues.push(...configIssues("HttpApi", "api", apiSources(options.siteOriginCount), httpApiPropProblems(apiProps(context, api, network, standInService, siteOrigins))));
  }
  return issues;
}

function withoutKeys<T>(record: Readonly<Record<string, T>> | undefined, keys: ReadonlySet<string | undefined>): Record<string, T> | undefined {
  if (record === undefined) return undefined;
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.has(key)));
}

/**
 * The API's container on Fargate, registered in Cloud Map, granted the media bucket and (with a
 * database) a login as the application user; the HTTP API in front of it over the VPC link.
 */
export function addApiTier(
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

  const httpApi = new HttpApi(context.scope, "HttpApi", apiProps(context, api, network, fargate, siteOrigins));
  if (api.publicReason !== undefined) {
    for (const route of httpApi.routes) suppress(route, [{ id: "apigw-route-authorization", reason: api.publicReason }]);
  }

  output(context, "api_endpoint", httpApi.apiEndpoint, "The API's base URL");
  output(context, "ecs_cluster_name", fargate.cluster.name, "The ECS cluster");
  output(context, "ecs_service_name", fargate.serviceName, "The API's ECS service");
  if (fargate.repositoryUrl !== undefined) output(context, "ecr_repository_url", fargate.repositoryUrl, "Where CI pushes the API's images");
  return { service: fargate, api: httpApi, monitorables: [httpApi, fargate] };
}
