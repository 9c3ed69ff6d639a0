import type { ConfigIssue } from "../config/errors";
import type { ServiceConfig } from "../config/schema";
import type { ApiExtras, ApiTier, ApiTierCheckOptions, ApiTierSite, ServiceData } from "./api-tier";
import { addContainerTier, checkContainerTier, ContainerFrontDoor } from "./container-service";
import type { EnvironmentContext, EnvironmentSettings } from "./context";
import type { DomainFeature } from "./domain";
import { addFunctionTier, checkFunctionTier } from "./function-service";
import { addFunctionsTier, checkFunctionsTier, FunctionsTier } from "./functions-service";
import type { NetworkHandle } from "./network";

export { DATABASE_PASSWORD_VARIABLES, DATABASE_VARIABLES, MEDIA_VARIABLE, SITE_URL_VARIABLE } from "./api-tier";
export type { ApiTier, ApiTierCheckOptions, ApiTierSite, ServiceData } from "./api-tier";
export type { FunctionsTier, TableGrant } from "./functions-service";

/** The API tier's problems with this config: the stack's own rules, then the service's and the API's modules', under the config keys. */
export function checkApiTier(
  context: EnvironmentSettings,
  service: ServiceConfig | undefined,
  frontDoor: ContainerFrontDoor,
  network: NetworkHandle,
  options: ApiTierCheckOptions,
): ConfigIssue[] {
  if (service?.kind === "function") return checkFunctionTier(context, service, frontDoor.api, network, options);
  if (service?.kind === "functions") return checkFunctionsTier(context, service, frontDoor.api, options);
  return checkContainerTier(context, service, frontDoor, network, options);
}

/**
 * The API tier of the config's kind: a Fargate service behind the HTTP API through Cloud Map or
 * behind a load balancer, a Lambda function behind the HTTP API (see function-service.ts), or
 * one function per group of routes (functions-service.ts).
 */
export function addApiTier(
  context: EnvironmentContext,
  service: ServiceConfig,
  frontDoor: ContainerFrontDoor,
  network: NetworkHandle,
  data: ServiceData,
  site: ApiTierSite | undefined,
  domain: DomainFeature | undefined,
  options: { readonly withDelivery: boolean; readonly apiExtras?: ApiExtras },
): ApiTier | FunctionsTier {
  if (service.kind === "functions") {
    if (frontDoor.api === undefined) throw new Error("a functions service passed the config check without an api section");
    return addFunctionsTier(context, service, frontDoor.api, data, site, domain, options.apiExtras);
  }
  if (service.kind === "function") {
    if (frontDoor.api === undefined) throw new Error("a function service passed the config check without an api section");
    return addFunctionTier(context, service, frontDoor.api, network, data, site, domain, options);
  }
  return addContainerTier(context, service, frontDoor, network, data, site?.siteOrigins ?? [], domain, options.apiExtras);
}
