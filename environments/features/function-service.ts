import { httpApiPropProblems, LambdaIntegration } from "../../modules/http-api";
import { LambdaFunction, lambdaFunctionPropProblems, LambdaFunctionProps } from "../../modules/lambda-function";
import { productFunctionProps, productFunctionSources } from "./product-functions";
import { estimatedMaxConnections, instanceClassMemoryGiB } from "../../modules/rds-private";
import type { ConfigIssue } from "../config/errors";
import type { FunctionServiceConfig } from "../config/schema";
import {
  addHttpApi,
  ApiConfig,
  apiProps,
  apiSources,
  ApiTier,
  ApiTierCheckOptions,
  ApiTierSite,
  MEDIA_VARIABLE,
  reservedVariableIssues,
  ServiceData,
  SITE_URL_VARIABLE,
  standInCertificateArn,
  withoutKeys,
} from "./api-tier";
import { EnvironmentContext, EnvironmentSettings, output, unresolved } from "./context";
import type { DomainFeature } from "./domain";
import { configIssues, PropSources } from "./module-problems";
import type { NetworkHandle } from "./network";

// The API tier of `service.kind: "function"`: a Lambda function behind the HTTP API (payload
// format 2.0, through the function's alias), in the VPC when it reaches the database.

/**
 * Connections kept free of the function's share of `max_connections`: the migrations, an
 * operator's session, RDS's own. The function's reserved concurrency must fit in the rest.
 */
export const DATABASE_CONNECTION_HEADROOM = 10;

/** The variables the stack gives the function: where the data is, in plain settings (none is a secret). */
interface FunctionVariables {
  readonly mediaBucketName: string;
  readonly siteUrl?: string;
  readonly database?: { readonly host: string; readonly port: string; readonly name: string; readonly user: string };
}

function stackVariables(variables: FunctionVariables): Record<string, string> {
  return {
    [MEDIA_VARIABLE]: variables.mediaBucketName,
    ...(variables.siteUrl === undefined ? {} : { [SITE_URL_VARIABLE]: variables.siteUrl }),
    // The database's address and the application's role, which logs in with an IAM token from
    // the function's role (grantConnect): no password anywhere.
    ...(variables.database === undefined
      ? {}
      : { DB_HOST: variables.database.host, DB_PORT: variables.database.port, DB_NAME: variables.database.name, DB_USER: variables.database.user }),
  };
}

function functionProps(
  context: EnvironmentSettings,
  service: FunctionServiceConfig,
  network: NetworkHandle | undefined,
  variables: FunctionVariables,
  options: { readonly withDelivery: boolean },
): LambdaFunctionProps {
  return {
    ...productFunctionProps(context, "api", service, {
      environment: { ...service.environment, ...stackVariables(variables) },
      // In the private subnets only to reach the database: outside the VPC a function needs no NAT.
      network,
      // The media bucket, through the VPC's S3 gateway endpoint.
      awsServices: ["s3", ...(service.awsServices ?? [])],
    }),
    architecture: service.architecture,
    reservedConcurrency: service.reservedConcurrency,
    secrets: service.secrets,
    tracing: service.tracing,
    // With a delivery pipeline, the code Terraform packages is the first; the pipeline's follow.
    codeUpdates: options.withDelivery ? "pipeline" : "terraform",
  };
}

const FUNCTION_SOURCES: PropSources = {
  // The module checks the folder under code.folder; the config has it as codeFolder.
  ...productFunctionSources("service"),
  architecture: "service.architecture",
  reservedConcurrency: "service.reservedConcurrency",
  environment: "service.environment",
  secrets: "service.secrets",
  tracing: "service.tracing",
  awsServices: (rest) => {
    // The stack's own "s3" comes first; the config's list follows it.
    const index = /^\[(\d+)\]/.exec(rest);
    if (index === null) return "network.egress";
    const i = Number(index[1]) - 1;
    return i < 0 ? null : `service.awsServices[${i}]`;
  },
  codeUpdates: null,
};

/**
 * How many connections the database can give the function: each execution environment keeps
 * one open, so the function's reserved concurrency must fit in `max_connections` less the
 * headroom. Undefined for a class whose memory the table does not know.
 */
export function functionConnectionBudget(instanceClass: string): { maxConnections: number; budget: number } | undefined {
  const memoryGiB = instanceClassMemoryGiB(instanceClass);
  if (memoryGiB === undefined) return undefined;
  const maxConnections = estimatedMaxConnections(memoryGiB);
  return { maxConnections, budget: Math.max(0, maxConnections - DATABASE_CONNECTION_HEADROOM) };
}

/** The stack's own rules for a function: the connection budget, and variables it sets itself or that would carry a password. */
function functionRuleIssues(service: FunctionServiceConfig, options: ApiTierCheckOptions): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const instanceClass = options.databaseInstanceClass;
  if (options.withDatabase && instanceClass !== undefined) {
    const budget = functionConnectionBudget(instanceClass);
    const concurrency = service.reservedConcurrency;
    if (budget !== undefined && concurrency === undefined) {
      issues.push({
        path: "service.reservedConcurrency",
        reason: `is required with a database: every execution environment of the function holds a PostgreSQL connection, and unreserved Lambda scales to the account's quota (1,000 by default) while ${instanceClass} allows about ${budget.maxConnections}; set it to at most ${budget.budget} (max_connections less ${DATABASE_CONNECTION_HEADROOM} for the migrations and operators)`,
      });
    } else if (budget !== undefined && concurrency !== undefined && Number.isInteger(concurrency) && concurrency > budget.budget) {
      issues.push({
        path: "service.reservedConcurrency",
        reason: `must be at most ${budget.budget} with database.instanceClass ${instanceClass} (about ${budget.maxConnections} connections, less ${DATABASE_CONNECTION_HEADROOM} for the migrations and operators), since each execution environment holds one connection; got ${concurrency}. Lower it, or choose a larger instance class`,
      });
    }
  }
  return issues;
}

/** A function tier's problems with this config: the stack's rules, then the function's and the API's modules', under the config keys. */
export function checkFunctionTier(
  context: EnvironmentSettings,
  service: FunctionServiceConfig,
  api: ApiConfig | undefined,
  network: NetworkHandle,
  options: ApiTierCheckOptions,
): ConfigIssue[] {
  const reserved = reservedVariableIssues(service, options.withDatabase, options.withSite ? [SITE_URL_VARIABLE] : []);
  const reservedNames = new Set(reserved.map((i) => i.path.split(".").pop()));
  const own: FunctionServiceConfig = { ...service, environment: withoutKeys(service.environment, reservedNames), secrets: withoutKeys(service.secrets, reservedNames) };
  const variables: FunctionVariables = {
    mediaBucketName: unresolved.string(),
    siteUrl: options.withSite ? unresolved.string() : undefined,
    database: options.withDatabase ? { host: unresolved.string(), port: unresolved.string(), name: unresolved.string(), user: unresolved.string() } : undefined,
  };
  const issues: ConfigIssue[] = [
    ...reserved,
    ...functionRuleIssues(service, options),
    ...configIssues(
      "LambdaFunction",
      "service",
      FUNCTION_SOURCES,
      lambdaFunctionPropProblems(functionProps(context, own, options.withDatabase ? network : undefined, variables, options)),
    ),
  ];
  if (api !== undefined) {
    const standIn = { functionName: unresolved.string(), functionArn: unresolved.string(), qualifier: "live" };
    const siteOrigins = Array.from({ length: options.siteOriginCount }, () => unresolved.string());
    issues.push(
      ...configIssues(
        "HttpApi",
        "api",
        apiSources(options.siteOriginCount),
        httpApiPropProblems(apiProps(context, api, new LambdaIntegration(standIn), undefined, siteOrigins, standInCertificateArn(api))),
      ),
    );
  }
  return issues;
}

/**
 * The API's function: in the private subnets with a database (reaching it through security
 * groups and logging in as the application user with an IAM token), granted the media bucket,
 * behind the HTTP API through its alias.
 */
export function addFunctionTier(
  context: EnvironmentContext,
  service: FunctionServiceConfig,
  api: ApiConfig,
  network: NetworkHandle,
  data: ServiceData,
  site: ApiTierSite | undefined,
  domain: DomainFeature | undefined,
  options: { readonly withDelivery: boolean },
): ApiTier {
  const database = data.database;
  const variables: FunctionVariables = {
    mediaBucketName: data.media.bucketName,
    siteUrl: site?.siteUrl,
    database:
      database === undefined
        ? undefined
        : { host: database.endpointAddress, port: String(database.port), name: database.databaseName, user: database.connection.applicationUsername },
  };
  const fn = new LambdaFunction(context.scope, "ApiFunction", functionProps(context, service, database === undefined ? undefined : network, variables, options));
  if (database !== undefined) {
    database.allowFrom("ApiFunction", fn, "API function");
    database.grantConnect(fn);
  }
  data.media.grantReadWrite(fn);

  const httpApi = addHttpApi(context, api, new LambdaIntegration(fn), undefined, site?.siteOrigins ?? [], domain);
  output(context, "function_name", fn.functionName, "The API's Lambda function");
  output(context, "function_alias_arn", fn.aliasArn, "The alias the API invokes; deliveries move it to each new version");
  output(context, "function_log_group_name", fn.logGroup.name, "The function's logs");
  return { service: fn, api: httpApi, monitorables: [httpApi, fn] };
}
