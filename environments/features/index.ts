import type { Construct } from "constructs";
import { LambdaFunction } from "../../modules/lambda-function";
import type { CodebuildMigrations } from "../../modules/codebuild-migrations";
import type { DeliveryPipeline } from "../../modules/delivery-pipeline";
import type { Domain } from "../../modules/domain";
import type { Monitoring } from "../../modules/monitoring";
import type { StaticSite } from "../../modules/static-site";
import type { Vpc2Az } from "../../modules/vpc-2az";
import { markConfigKeys } from "../../policies/config-keys";
import type { ConfigIssue } from "../config/errors";
import type { EnvironmentConfig } from "../config/schema";
import { contextOf, EnvironmentContext, EnvironmentSettings } from "./context";
import { addData, checkData, DataFeature } from "./data";
import { addDelivery, checkDelivery } from "./delivery";
import { addDomain, checkDomain } from "./domain";
import { addMigrations, checkMigrations } from "./migrations";
import { addNetwork, checkNetwork, networkStandIn } from "./network";
import { addOperations, checkOperations } from "./operations";
import { addApiTier, ApiTier, checkApiTier } from "./service";
import { addAuth, AuthFeature, checkAuth } from "./auth";
import { addTables, checkTables, tableVariables, TablesFeature } from "./tables";
import { addUploads, checkUploads, UPLOAD_ROUTE } from "./uploads";
import { LambdaIntegration } from "../../modules/http-api";
import type { UploadPipeline } from "../../modules/upload-pipeline";
import { addSite, checkSite, siteOriginCount } from "./site";

export { contextOf, settingsOf } from "./context";
export type { EnvironmentContext, EnvironmentSettings } from "./context";
export { DATABASE_PASSWORD_VARIABLES, DATABASE_VARIABLES, MEDIA_VARIABLE, SITE_URL_VARIABLE } from "./service";

/** An environment's features as built: each present exactly when its config section is. */
export interface EnvironmentFeatures {
  readonly context: EnvironmentContext;
  readonly network: Vpc2Az;
  readonly data: DataFeature;
  /** The zone, certificates and records (with a `domain` section). */
  readonly domain?: Domain;
  readonly site?: StaticSite;
  readonly apiTier: ApiTier;
  /** The user pool, its client and trigger (with an `auth` section). */
  readonly auth?: AuthFeature;
  /** The DynamoDB tables and their stream consumers (with a `tables` section). */
  readonly tables?: TablesFeature;
  /** Browser uploads, thumbnails and their CloudFront distribution (with an `uploads` section). */
  readonly uploads?: UploadPipeline;
  readonly migrations?: CodebuildMigrations;
  /** The application's delivery pipeline (with a `delivery` section): the function's package or the container's image, and the site. */
  readonly delivery?: DeliveryPipeline;
  readonly monitoring: Monitoring;
}

/**
 * Builds an environment from its features, in dependency order: network, data, domain, site,
 * the API tier, migrations, operations. Each feature takes the one context and what it depends on, and
 * declares its own outputs; a section left out of the config leaves its feature out.
 */
export function composeEnvironment(scope: Construct, config: EnvironmentConfig): EnvironmentFeatures {
  const context = contextOf(scope, config);
  // Every log group keeps the environment's retention: a policy failure on it names the key.
  markConfigKeys(scope, { aws_cloudwatch_log_group: { retention_in_days: "logRetentionDays" } });
  const network = addNetwork(context, config.network);
  const data = addData(context, config.database, network);
  const domain = config.domain === undefined ? undefined : addDomain(context, config.domain, { withCloudFront: config.site?.domainNames !== undefined });
  const site = config.site === undefined ? undefined : addSite(context, config.site, config.media, data.media, domain);
  const siteHandle = site === undefined ? undefined : { siteOrigins: site.siteOrigins, siteUrl: site.siteOrigin };
  const auth = config.auth === undefined ? undefined : addAuth(context, config.auth, network, data.database, domain);
  const uploads = config.uploads === undefined ? undefined : addUploads(context, config.uploads, site?.siteOrigins ?? [], domain);
  const frontDoor = { api: config.api, loadBalancer: config.loadBalancer };
  const apiExtras = {
    jwt: auth?.jwt,
    routes: uploads === undefined ? [] : [{ name: "uploads", routeKey: UPLOAD_ROUTE, integration: new LambdaIntegration(uploads.presignFunction) }],
  };
  const serviceData = config.tables === undefined ? data : { ...data, tableVariables: tableVariables(context, config.tables) };
  const apiTier = addApiTier(context, config.service, frontDoor, network, serviceData, siteHandle, domain, { withDelivery: config.delivery !== undefined, apiExtras });
  const tables =
    config.tables === undefined ? undefined : addTables(context, config.tables, "tableGrants" in apiTier ? { grants: apiTier.tableGrants } : { service: apiTier.service });
  const migrations = config.migrations === undefined || data.database === undefined ? undefined : addMigrations(context, config.migrations, network, data.database);
  const delivery =
    config.delivery === undefined
      ? undefined
      : addDelivery(context, config.delivery, apiTier.service, site, data.database === undefined || !(apiTier.service instanceof LambdaFunction) ? undefined : { network, database: data.database });
  // The dashboard's rows: the API tier's, then the data's, then the pipelines'.
  const watched = [
    ...apiTier.monitorables,
    ...(auth === undefined ? [] : [auth.auth, ...(auth.trigger === undefined ? [] : [auth.trigger])]),
    ...(uploads === undefined ? [] : [uploads]),
    ...(tables?.monitorables ?? []),
    ...(data.database === undefined ? [] : [data.database]),
    ...(migrations === undefined ? [] : [migrations]),
    ...(delivery === undefined ? [] : [delivery]),
  ];
  const monitoring = addOperations(context, config.monitoring, watched);
  return { context, network, data, domain: domain?.domain, site, apiTier, auth, tables, uploads, migrations, delivery, monitoring };
}

/** The sections of a config that parsed (each alone), for checking the modules of those that did. */
export type CheckedSections = Partial<
  Pick<
    EnvironmentConfig,
    "network" | "service" | "api" | "loadBalancer" | "domain" | "site" | "media" | "database" | "migrations" | "delivery" | "auth" | "tables" | "uploads" | "monitoring"
  >
>;

/**
 * Every module's problems with an environment config, under the config keys, found before
 * anything is built: each feature's modules are given the props the feature would give them,
 * with what other features would build standing in as unresolved values. A feature is checked
 * when its own section parsed (what it reads of a section that did not stands in, permissively);
 * `present` says which optional sections the config has, so a section that failed its shape
 * does not count as left out.
 */
export function checkEnvironmentModules(
  context: EnvironmentSettings,
  sections: CheckedSections,
  present: ReadonlySet<string>,
): ConfigIssue[] {
  const ctx = context;
  const issues: ConfigIssue[] = [];
  const { network, service, api, loadBalancer, domain, site, media, database, migrations, delivery, auth, tables, uploads, monitoring } = sections;
  if (network !== undefined) issues.push(...checkNetwork(ctx, network));
  // A network that failed its shape still stands in for the others, as permissive as any real
  // one (NAT egress), so their own problems are found and none is blamed on it.
  const standIn = networkStandIn(network);
  if (database !== undefined || !present.has("database")) issues.push(...checkData(ctx, database, standIn));
  // Without the site's own settings, its one default origin stands in (it only shifts CORS indexes).
  const origins = site !== undefined || !present.has("site") ? siteOriginCount(site) : 1;
  issues.push(
    ...checkApiTier(ctx, service, { api, loadBalancer }, standIn, {
      withDatabase: present.has("database"),
      databaseInstanceClass: database?.instanceClass,
      withSite: present.has("site"),
      siteOriginCount: origins,
      withDelivery: present.has("delivery"),
      apiExtras: {
        jwt: present.has("auth") ? { issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_StandIn00", audience: ["stand-in-client"] } : undefined,
        routes: present.has("uploads") ? [{ name: "uploads", routeKey: UPLOAD_ROUTE, integration: new LambdaIntegration({ functionName: "stand-in", functionArn: "arn:aws:lambda:us-east-1:123456789012:function:stand-in" }) }] : [],
      },
    }),
  );
  if (auth !== undefined) issues.push(...checkAuth(ctx, auth, standIn));
  if (tables !== undefined) issues.push(...checkTables(ctx, tables));
  if (uploads !== undefined) issues.push(...checkUploads(ctx, uploads, origins));
  if (delivery !== undefined) {
    issues.push(...checkDelivery(ctx, delivery, service, standIn, { withSite: present.has("site"), withDatabase: present.has("database") }));
  }
  if (migrations !== undefined) issues.push(...checkMigrations(ctx, migrations, standIn));
  if (domain !== undefined) issues.push(...checkDomain(ctx, domain));
  if (site !== undefined && (media !== undefined || !present.has("media"))) issues.push(...checkSite(ctx, site, media));
  if (monitoring !== undefined || !present.has("monitoring")) issues.push(...checkOperations(ctx, monitoring));
  return issues;
}
