import type { ConfigIssue } from "../config/errors";
import type { ServiceConfig } from "../config/schema";
import type { ApiConfig, ApiTier, ApiTierCheckOptions, ApiTierSite, ServiceData } from "./api-tier";
import { addContainerTier, checkContainerTier } from "./container-service";
import type { EnvironmentContext, EnvironmentSettings } from "./context";
import { addFunctionTier, checkFunctionTier } from "./function-service";
import type { NetworkHandle } from "./network";

export { DATABASE_PASSWORD_VARIABLES, DATABASE_VARIABLES, MEDIA_VARIABLE, SITE_URL_VARIABLE } from "./api-tier";
export type { ApiTier, ApiTierCheckOptions, ApiTierSite, ServiceData } from "./api-tier";

/** The API tier's problems with this config: the stack's own rules, then the service's and the API's modules', under the config keys. */
export function checkApiTier(
  context: EnvironmentSettings,
  service: ServiceConfig | undefined,
  api: ApiConfig | undefined,
  network: NetworkHandle,
  options: ApiTierCheckOptions,
): ConfigIssue[] {
  if (service?.kind === "function") return checkFunctionTier(context, service, api, network, options);
  return checkContainerTier(context, service, api, network, options);
}

/**
 * The API tier of the config's kind: a Fargate service behind the HTTP API through Cloud Map,
 * or a Lambda function behind it (see function-service.ts).
 */
export function addApiTier(
  context: EnvironmentContext,
  service: ServiceConfig,
  api: ApiConfig,
  network: NetworkHandle,
  data: ServiceData,
  site: ApiTierSite | undefined,
  options: { readonly withDelivery: boolean },
): ApiTier {
  if (service.kind === "function") return addFunctionTier(context, service, api, network, data, site, options);
  return addContainerTier(context, service, api, network, data, site?.siteOrigins ?? []);
}
