import { TerraformStack } from "cdktf";
import { AliasTarget, Domain, domainPropProblems, DomainProps } from "../../modules/domain";
import type { ConfigIssue } from "../config/errors";
import type { EnvironmentConfig } from "../config/schema";
import { addGlobalAwsProvider, GLOBAL_REGION } from "../provider";
import { EnvironmentContext, EnvironmentSettings, output } from "./context";
import { configIssues, PropSources } from "./module-problems";

// Route 53 and ACM for the environment's names: the zone (created, or an existing one by id),
// a DNS-validated certificate for each front door, and the alias records pointing at them.

type DomainConfig = NonNullable<EnvironmentConfig["domain"]>;

/** What a front door (the site, the API, the load balancer) takes of the domain feature. */
export interface DomainFeature {
  readonly domain: Domain;
  /**
   * A validated certificate for `names` (regional, or in us-east-1 for CloudFront): its ARN,
   * which dependents use so they wait for the validation.
   */
  certificateArn(id: string, names: readonly string[], options?: { readonly forCloudFront?: boolean }): string;
  /** Alias records for `name` to the front door's target: A, and AAAA for a dual-stack target. */
  alias(name: string, target: AliasTarget, options?: { readonly ipv6?: boolean }): void;
}

/** A front door's host name and certificate, as the config gives them. */
export interface FrontDoorName {
  readonly domainName?: string;
  readonly certificateArn?: string;
}

function domainProps(context: EnvironmentSettings, domain: DomainConfig): DomainProps {
  return {
    name: context.namePrefix,
    zoneName: domain.name,
    hostedZoneId: domain.hostedZoneId,
    preventDestroy: context.protected,
    region: context.region,
  };
}

const SOURCES: PropSources = {
  name: null,
  zoneName: "domain.name",
  hostedZoneId: "domain.hostedZoneId",
  preventDestroy: "protected",
  region: null,
  globalProvider: null,
};

/** The domain module's problems with this config, under the config keys. */
export function checkDomain(context: EnvironmentSettings, domain: DomainConfig): ConfigIssue[] {
  return configIssues("Domain", "domain", SOURCES, domainPropProblems(domainProps(context, domain)));
}

/**
 * The environment's zone, and a provider in us-east-1 when CloudFront needs a certificate
 * (`withCloudFront`) and the environment is elsewhere. Outputs the zone's id and, for a zone
 * the stack created, its name servers (to delegate to, once).
 */
export function addDomain(context: EnvironmentContext, domain: DomainConfig, options: { readonly withCloudFront: boolean }): DomainFeature {
  const globalProvider =
    options.withCloudFront && context.region !== GLOBAL_REGION
      ? addGlobalAwsProvider(TerraformStack.of(context.scope), {
          project: context.project,
          environment: context.environment,
          accountId: context.accountId,
          region: context.region,
          tags: context.tags,
        })
      : undefined;
  const zone = new Domain(context.scope, "Domain", { ...domainProps(context, domain), globalProvider });
  output(context, "dns_zone_id", zone.zoneId, "The Route 53 hosted zone of the environment's names");
  if (zone.nameServers !== undefined) output(context, "dns_name_servers", zone.nameServers, "Delegate the zone's name to these (at the registrar or the parent zone), once");
  return {
    domain: zone,
    certificateArn: (id, names, certificateOptions) => zone.certificate(id, { domainNames: [...names], forCloudFront: certificateOptions?.forCloudFront }).certificateArn,
    alias: (name, target, aliasOptions) => {
      zone.aliasRecord(`Alias-${name.replace(/[^a-z0-9]+/g, "-")}`, { name, target, ipv6: aliasOptions?.ipv6 });
    },
  };
}

/**
 * The certificate ARN a front door uses: the config's own (managed elsewhere), or one the domain
 * feature validates for its name; undefined without a name.
 */
export function frontDoorCertificate(domain: DomainFeature | undefined, id: string, name: FrontDoorName): string | undefined {
  if (name.certificateArn !== undefined) return name.certificateArn;
  if (name.domainName === undefined) return undefined;
  if (domain === undefined) throw new Error(`${id}: domainName "${name.domainName}" passed the config check without a domain section or certificateArn`);
  return domain.certificateArn(id, [name.domainName]);
}

/**
 * The front door's alias records, when its certificate (and so its name) is the domain
 * feature's: A, and AAAA unless the target answers IPv4 only (`ipv6: false`).
 */
export function frontDoorAlias(domain: DomainFeature | undefined, name: FrontDoorName, target: AliasTarget | undefined, options?: { readonly ipv6?: boolean }): void {
  if (domain === undefined || name.certificateArn !== undefined || name.domainName === undefined || target === undefined) return;
  domain.alias(name.domainName, target, options);
}
