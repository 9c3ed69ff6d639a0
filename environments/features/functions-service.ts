import { HttpApi, HttpApiProps, httpApiPropProblems, LambdaIntegration } from "../../modules/http-api";
import { LambdaFunction, lambdaFunctionPropProblems, LambdaFunctionProps } from "../../modules/lambda-function";
import { suppress } from "../../policies/suppress";
import type { ConfigIssue } from "../config/errors";
import type { FunctionsServiceConfig } from "../config/schema";
import { ApiConfig, apiProps, apiSources, ApiExtras, ApiTier, ApiTierCheckOptions, ApiTierSite, MEDIA_VARIABLE, SITE_URL_VARIABLE, ServiceData, standInCertificateArn } from "./api-tier";
import { EnvironmentContext, EnvironmentSettings, output, unresolved } from "./context";
import { DomainFeature, frontDoorAlias, frontDoorCertificate } from "./domain";
import { configIssues, PropSources } from "./module-problems";
import { productFunctionProps, productFunctionSources } from "./product-functions";
import { tableVariable } from "./tables";

// The API tier of `service.kind: "functions"`: one Lambda function per group of routes behind
// the HTTP API, outside the VPC (DynamoDB and S3 are AWS APIs), each given the names of the
// tables it may use and granted only those, per table and per action.

type RouteFunctionConfig = FunctionsServiceConfig["functions"][string];

/** What a function is told of the stack: its tables' names, the files bucket, the site's URL. */
interface RouteFunctionVariables {
  readonly tableNames: Readonly<Record<string, string>>;
  readonly mediaBucketName: string;
  readonly siteUrl?: string;
}

/** The variables the stack sets for a function (the config may set none of them). */
function stackVariables(fn: RouteFunctionConfig, variables: RouteFunctionVariables): Record<string, string> {
  return {
    ...Object.fromEntries(Object.keys(fn.tables ?? {}).map((role) => [tableVariable(role), variables.tableNames[role] ?? unresolved.string()])),
    ...(fn.media === true ? { [MEDIA_VARIABLE]: variables.mediaBucketName } : {}),
    ...(variables.siteUrl === undefined ? {} : { [SITE_URL_VARIABLE]: variables.siteUrl }),
  };
}

function routeFunctionProps(context: EnvironmentSettings, service: FunctionsServiceConfig, name: string, fn: RouteFunctionConfig, variables: RouteFunctionVariables): LambdaFunctionProps {
  return {
    ...productFunctionProps(context, name, fn, {
      environment: { ...fn.environment, ...stackVariables(fn, variables) },
      awsServices: [...(Object.keys(fn.tables ?? {}).length > 0 ? ["dynamodb"] : []), ...(fn.media === true ? ["s3"] : [])],
    }),
    architecture: service.architecture,
    tracing: service.tracing,
    reservedConcurrency: fn.reservedConcurrency,
  };
}

function routeFunctionSources(name: string): PropSources {
  const at = `service.functions.${name}`;
  return {
    ...productFunctionSources(at),
    architecture: "service.architecture",
    tracing: "service.tracing",
    reservedConcurrency: `${at}.reservedConcurrency`,
    environment: `${at}.environment`,
  };
}

/** The routes of every function, each to its function's integration, authorized unless the function is public. */
function routesOf(service: FunctionsServiceConfig, authorized: boolean): NonNullable<HttpApiProps["routes"]> {
  return Object.entries(service.functions).flatMap(([name, fn]) =>
    fn.routes.map((routeKey) => ({ routeKey, integration: name, authorization: authorized && fn.publicReason === undefined ? ("jwt" as const) : ("none" as const) })),
  );
}

/** The HTTP API's props: the shared ones, with one integration per function and no catch-all. */
function functionsApiProps(
  context: EnvironmentSettings,
  api: ApiConfig,
  service: FunctionsServiceConfig,
  integrations: Readonly<Record<string, LambdaIntegration>>,
  siteOrigins: readonly string[],
  certificateArn: string | undefined,
  extras: ApiExtras,
): HttpApiProps {
  const [first] = Object.values(integrations);
  const shared = apiProps(context, api, first ?? new LambdaIntegration({ functionName: unresolved.string(), functionArn: unresolved.string() }), undefined, siteOrigins, certificateArn, extras);
  const authorized = shared.jwtIssuer !== undefined;
  const extraRoutes = (extras.routes ?? []).map((r) => ({ routeKey: r.routeKey, integration: r.name, authorization: "jwt" as const }));
  return {
    ...shared,
    integrations: { ...integrations, ...Object.fromEntries((extras.routes ?? []).map((r) => [r.name, r.integration])) },
    defaultIntegration: undefined,
    defaultAuthorization: undefined,
    routes: [...routesOf(service, authorized), ...extraRoutes],
  };
}

/** Where the API's props come from: the shared sources, and the routes from each function's. */
function functionsApiSources(service: FunctionsServiceConfig, siteOriginCount: number): PropSources {
  const routeKeys = Object.entries(service.functions).flatMap(([name, fn]) => fn.routes.map((_, i) => `service.functions.${name}.routes[${i}]`));
  return {
    ...apiSources(siteOriginCount),
    routes: (rest) => {
      const index = /^\[(\d+)\]/.exec(rest);
      return index === null ? "service.functions" : (routeKeys[Number(index[1])] ?? null);
    },
    defaultAuthorization: null,
  };
}

/** The variables the config may not set: the stack sets them. */
function reservedVariableIssues(service: FunctionsServiceConfig, withSite: boolean): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [name, fn] of Object.entries(service.functions)) {
    const reserved = Object.keys(stackVariables(fn, { tableNames: {}, mediaBucketName: "", siteUrl: withSite ? "" : undefined }));
    for (const variable of Object.keys(fn.environment ?? {})) {
      if (reserved.includes(variable) || /^TABLE_/.test(variable)) {
        issues.push({ path: `service.functions.${name}.environment.${variable}`, reason: `is set by the stack itself (TABLE_<ROLE> for each table the function names, ${MEDIA_VARIABLE}, ${SITE_URL_VARIABLE}); remove it` });
      }
    }
  }
  return issues;
}

/** The functions' and the API's problems with this config, under the config keys. */
export function checkFunctionsTier(context: EnvironmentSettings, service: FunctionsServiceConfig, api: ApiConfig | undefined, options: ApiTierCheckOptions): ConfigIssue[] {
  const variables: RouteFunctionVariables = { tableNames: {}, mediaBucketName: unresolved.string(), siteUrl: options.withSite ? unresolved.string() : undefined };
  const issues: ConfigIssue[] = [...reservedVariableIssues(service, options.withSite)];
  const integrations: Record<string, LambdaIntegration> = {};
  for (const [name, fn] of Object.entries(service.functions)) {
    const own = { ...fn, environment: Object.fromEntries(Object.entries(fn.environment ?? {}).filter(([key]) => !/^TABLE_/.test(key) && key !== MEDIA_VARIABLE && key !== SITE_URL_VARIABLE)) };
    issues.push(...configIssues("LambdaFunction", `service.functions.${name}`, routeFunctionSources(name), lambdaFunctionPropProblems(routeFunctionProps(context, service, name, own, variables))));
    integrations[name] = new LambdaIntegration({ functionName: unresolved.string(), functionArn: unresolved.string(), qualifier: "live" });
  }
  if (api !== undefined) {
    const siteOrigins = Array.from({ length: options.siteOriginCount }, () => unresolved.string());
    const props = functionsApiProps(context, api, service, integrations, siteOrigins, standInCertificateArn(api), options.apiExtras ?? {});
    issues.push(...configIssues("HttpApi", "api", functionsApiSources(service, options.siteOriginCount), httpApiPropProblems(props)));
  }
  return issues;
}

/** What the tables feature needs to grant each function its tables. */
export interface TableGrant {
  readonly role: string;
  readonly access: "read" | "read-write";
  readonly grantee: LambdaFunction;
}

/** The functions tier as built: the shared tier, each function by name, and the table grants to make. */
export interface FunctionsTier extends ApiTier {
  readonly functions: Readonly<Record<string, LambdaFunction>>;
  readonly tableGrants: readonly TableGrant[];
}

/**
 * One function per group of routes (ARM64 by default, the environment's log retention, no VPC),
 * given the names of its tables and the files bucket when it asks for it; the HTTP API routes
 * each route to its function's alias, authorized by the API's JWT authorizer unless the function
 * is public (its reason reported by the policy pack). Outputs the functions' names.
 */
export function addFunctionsTier(
  context: EnvironmentContext,
  service: FunctionsServiceConfig,
  api: ApiConfig,
  data: ServiceData,
  site: ApiTierSite | undefined,
  domain: DomainFeature | undefined,
  extras: ApiExtras = {},
): FunctionsTier {
  const tableNames: Record<string, string> = {};
  for (const [variable, tableName] of Object.entries(data.tableVariables ?? {})) tableNames[variable] = tableName;
  const byRole = (role: string) => tableNames[tableVariable(role)];
  const functions: Record<string, LambdaFunction> = {};
  const tableGrants: TableGrant[] = [];
  for (const [name, fn] of Object.entries(service.functions)) {
    const names = Object.fromEntries(Object.keys(fn.tables ?? {}).map((role) => [role, byRole(role) ?? unresolved.string()]));
    const variables: RouteFunctionVariables = { tableNames: names, mediaBucketName: data.media.bucketName, siteUrl: site?.siteUrl };
    const built = new LambdaFunction(context.scope, `Function-${name}`, routeFunctionProps(context, service, name, fn, variables));
    functions[name] = built;
    if (fn.media === true) data.media.grantReadWrite(built);
    for (const [role, access] of Object.entries(fn.tables ?? {})) tableGrants.push({ role, access, grantee: built });
  }
  const certificateArn = frontDoorCertificate(domain, "ApiCertificate", api);
  const integrations = Object.fromEntries(Object.entries(functions).map(([name, fn]) => [name, new LambdaIntegration(fn)]));
  const httpApi = new HttpApi(context.scope, "HttpApi", functionsApiProps(context, api, service, integrations, site?.siteOrigins ?? [], certificateArn, extras));
  suppressPublicFunctionRoutes(httpApi, service, api);
  frontDoorAlias(domain, api, httpApi.domainTarget);
  output(context, "api_endpoint", httpApi.url, "The API's base URL");
  output(
    context,
    "function_names",
    Object.fromEntries(Object.entries(functions).map(([name, fn]) => [name, fn.functionName])),
    "The API's Lambda functions, by route group",
  );
  return { service: undefined, api: httpApi, monitorables: [httpApi, ...Object.values(functions)], functions, tableGrants };
}

/** The public functions' routes (and every route of an API without an authorizer) carry the config's reason. */
function suppressPublicFunctionRoutes(httpApi: HttpApi, service: FunctionsServiceConfig, api: ApiConfig): void {
  const reasons = new Map<string, string>();
  for (const fn of Object.values(service.functions)) {
    const reason = api.publicReason ?? fn.publicReason;
    if (reason !== undefined) for (const route of fn.routes) reasons.set(route, reason);
  }
  for (const route of httpApi.routes) {
    const reason = reasons.get(route.routeKeyInput ?? "");
    if (reason !== undefined && route.authorizationTypeInput === "NONE") suppress(route, [{ id: "apigw-route-authorization", reason }]);
  }
}
