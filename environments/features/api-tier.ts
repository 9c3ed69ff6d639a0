import { containerSecretFromArn, ContainerSecret } from "../../modules/fargate-service";
import type { ApplicationLoadBalancer } from "../../modules/alb";
import type { FargateService } from "../../modules/fargate-service";
import { HttpApi, HttpApiIntegration, HttpApiProps } from "../../modules/http-api";
import type { LambdaFunction } from "../../modules/lambda-function";
import type { DatabaseClient } from "../../modules/rds-private";
import type { Grantee } from "../../modules/shared/grants";
import type { Monitorable } from "../../modules/shared/monitorable";
import { suppress } from "../../policies/suppress";
import type { ConfigIssue } from "../config/errors";
import type { ContainerServiceConfig, EnvironmentConfig } from "../config/schema";
import { EnvironmentContext, EnvironmentSettings, output, unresolved } from "./context";
import { DomainFeature, frontDoorAlias, frontDoorCertificate } from "./domain";
import type { PropSources } from "./module-problems";
import type { NetworkHandle } from "./network";

// What every kind of API tier shares: the HTTP API's props, the variables the stack sets, the
// secrets' conversion, and what the tier is given and gives back.

export type ApiConfig = NonNullable<EnvironmentConfig["api"]>;

/** Variables the stack gives the API container itself: the database connection (with a database) and the media bucket. */
export const DATABASE_VARIABLES = ["DB_HOST", "DB_PORT", "DB_NAME", "DB_USER"] as const;
export const MEDIA_VARIABLE = "MEDIA_BUCKET";
/** The site's URL, which a function is given with a site (a function has no Parameter Store reads at start-up to spare). */
export const SITE_URL_VARIABLE = "SITE_URL";
/** Names that would hand the API a database password: it has none (IAM database authentication). */
export const DATABASE_PASSWORD_VARIABLES = ["DB_PASSWORD", "DB_SECRET_ARN"] as const;

/** What the API tier is given of the data feature. */
export interface ServiceData {
  readonly media: { readonly bucketName: string; grantReadWrite(grantee: Grantee): unknown };
  /** The DynamoDB tables' names by variable (`TABLE_MESSAGES`), given to the API's code; the tables feature grants the access. */
  readonly tableVariables?: Readonly<Record<string, string>>;
  readonly database?: {
    readonly connection: {
      readonly applicationUsername: string;
      readonly parameterArns: { readonly host: string; readonly port: string; readonly database: string };
      /** The master user's secret (JSON with username and password), for the migrations only. */
      readonly secretArn: string;
    };
    /** The SQL that gives the application user its login and data rights, run as the master user after the migrations. */
    applicationRoleSql(options?: { readonly readOnlyTables?: readonly string[] }): string;
    readonly endpointAddress: string;
    readonly port: number;
    readonly databaseName: string;
    allowFrom(id: string, client: DatabaseClient, description: string): unknown;
    grantConnect(grantee: Grantee): unknown;
  };
}

/** The API tier: the compute that runs the API's code, and what stands in front of it. */
export interface ApiTier {
  /**
   * What runs the API's code: a Fargate service (`kind: "container"`) or a Lambda function
   * (`kind: "function"`); none for functions per route group (`kind: "functions"`), whose tier
   * lists them itself.
   */
  readonly service: FargateService | LambdaFunction | undefined;
  /** The HTTP API in front of it (with an `api` section). */
  readonly api?: HttpApi;
  /** The load balancer in front of a container service (with a `loadBalancer` section). */
  readonly loadBalancer?: ApplicationLoadBalancer;
  /** What the tier asks Monitoring to watch, in dashboard order. */
  readonly monitorables: readonly Monitorable[];
}

/** The site as the API tier sees it: its origins (CORS) and its URL. */
export interface ApiTierSite {
  readonly siteOrigins: readonly string[];
  readonly siteUrl: string;
}

/** What the API tier's check is told of the other sections. */
export interface ApiTierCheckOptions {
  /** Whether the config has a database section (even one that failed its shape). */
  readonly withDatabase: boolean;
  /** The database's instance class, when its section parsed: what bounds a function's concurrency. */
  readonly databaseInstanceClass?: string;
  /** Whether the config has a site section. */
  readonly withSite: boolean;
  readonly siteOriginCount: number;
  /** Whether the config has a delivery section: a function's code is then the pipeline's. */
  readonly withDelivery: boolean;
  /** What other sections add to the API (the pool's authorizer, the uploads' route), standing in. */
  readonly apiExtras?: ApiExtras;
}

/** A route of the API to another backend than the service (the uploads' presign function), with the authorizer. */
export interface ApiRoute {
  /** The integration's name in the API (`uploads`). */
  readonly name: string;
  readonly routeKey: string;
  readonly integration: HttpApiIntegration;
}

/** What other features add to the API: the user pool's authorizer, routes of their own. */
export interface ApiExtras {
  readonly jwt?: { readonly issuer: string; readonly audience: readonly string[] };
  readonly routes?: readonly ApiRoute[];
}

/**
 * The HTTP API's props for one integration named `service` (over the VPC link into the
 * network: a Cloud Map service or an internal load balancer; or without one: a function), and
 * the routes other features add, the service serving every other request.
 */
export function apiProps(
  context: EnvironmentSettings,
  api: ApiConfig,
  integration: HttpApiIntegration,
  network: NetworkHandle | undefined,
  siteOrigins: readonly string[],
  certificateArn: string | undefined,
  extras: ApiExtras = {},
): HttpApiProps {
  const routes = extras.routes ?? [];
  const jwt = api.jwt ?? extras.jwt;
  return {
    name: context.namePrefix,
    // The VPC link's interfaces need no internet: the private subnets suit them.
    ...(network === undefined ? {} : { vpcId: network.vpcId, subnetIds: network.privateSubnetIds }),
    integrations: { service: integration, ...Object.fromEntries(routes.map((r) => [r.name, r.integration])) },
    ...(routes.length === 0
      ? {}
      : { defaultIntegration: "service", routes: routes.map((r) => ({ routeKey: r.routeKey, integration: r.name, authorization: "jwt" as const })) }),
    defaultAuthorization: api.publicCatchAllReason === undefined ? undefined : "none",
    corsAllowOrigins: [...siteOrigins, ...(api.additionalCorsOrigins ?? [])],
    throttlingRateLimit: api.throttlingRateLimit,
    throttlingBurstLimit: api.throttlingBurstLimit,
    logRetentionDays: context.logRetentionDays,
    jwtIssuer: jwt?.issuer,
    jwtAudience: jwt?.audience,
    domainName: api.domainName,
    certificateArn,
  };
}

/** The API's prop sources; the CORS origins after the site's own are the config's `additionalCorsOrigins`. */
export function apiSources(siteOriginCount: number): PropSources {
  return {
    name: null,
    vpcId: null,
    subnetIds: null,
    // The integration reads the service's port, which the service's own check reports.
    integrations: null,
    // The stack's own routes (the uploads' presign function), and the catch-all's authorization from publicCatchAllReason.
    defaultIntegration: null,
    routes: null,
    defaultAuthorization: "api.publicCatchAllReason",
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
    domainName: "api.domainName",
    certificateArn: "api.certificateArn",
  };
}

/**
 * The config's secret ARNs as the service takes them, and an issue for each that is no
 * parameter or secret ARN (a value pasted where its ARN belongs, most likely).
 */
export function containerSecrets(arns: Readonly<Record<string, string>>): { secrets: Record<string, ContainerSecret>; issues: ConfigIssue[] } {
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
export function reservedVariableIssues(
  service: Pick<ContainerServiceConfig, "environment" | "secrets">,
  withDatabase: boolean,
  others: readonly string[] = [],
): ConfigIssue[] {
  const reserved: readonly string[] = [MEDIA_VARIABLE, ...(withDatabase ? DATABASE_VARIABLES : []), ...others];
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

export function withoutKeys<T>(record: Readonly<Record<string, T>> | undefined, keys: ReadonlySet<string | undefined>): Record<string, T> | undefined {
  if (record === undefined) return undefined;
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.has(key)));
}

/**
 * Each route of an API the config declares public carries the config's reason (the policy
 * report shows it): every route (`publicReason`), or the catch-all routes beside authorized
 * ones (`publicCatchAllReason`).
 */
export function suppressPublicRoutes(httpApi: HttpApi, api: ApiConfig): void {
  const reason = api.publicReason ?? api.publicCatchAllReason;
  if (reason === undefined) return;
  for (const route of httpApi.routes) {
    if (api.publicReason !== undefined || route.authorizationTypeInput === "NONE") suppress(route, [{ id: "apigw-route-authorization", reason }]);
  }
}

/**
 * The HTTP API in front of the tier's compute, on the config's own host name when it has one
 * (its certificate and alias record from the domain feature, or a certificate from elsewhere).
 * Outputs its base URL as `api_endpoint`.
 */
export function addHttpApi(
  context: EnvironmentContext,
  api: ApiConfig,
  integration: HttpApiIntegration,
  network: NetworkHandle | undefined,
  siteOrigins: readonly string[],
  domain: DomainFeature | undefined,
  extras: ApiExtras = {},
): HttpApi {
  const certificateArn = frontDoorCertificate(domain, "ApiCertificate", api);
  const httpApi = new HttpApi(context.scope, "HttpApi", apiProps(context, api, integration, network, siteOrigins, certificateArn, extras));
  suppressPublicRoutes(httpApi, api);
  frontDoorAlias(domain, api, httpApi.domainTarget);
  output(context, "api_endpoint", httpApi.url, "The API's base URL");
  return httpApi;
}

/** For a module check: the certificate a front door with a host name will have (the config's own, or one standing in for the domain feature's). */
export function standInCertificateArn(name: { readonly domainName?: string; readonly certificateArn?: string }): string | undefined {
  if (name.certificateArn !== undefined) return name.certificateArn;
  return name.domainName === undefined ? undefined : unresolved.string();
}
