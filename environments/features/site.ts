import { cloudFrontTarget } from "../../modules/domain";
import { SiteMediaOrigin, StaticSite, staticSitePropProblems, StaticSiteProps } from "../../modules/static-site";
import type { ConfigIssue } from "../config/errors";
import type { EnvironmentConfig } from "../config/schema";
import { EnvironmentContext, EnvironmentSettings, output, unresolved } from "./context";
import type { DomainFeature } from "./domain";
import { configIssues, PropSources } from "./module-problems";

type SiteConfig = NonNullable<EnvironmentConfig["site"]>;
type MediaConfig = EnvironmentConfig["media"];

/** What the site is given of the uploads bucket: where it serves `media/` from, and where browsers upload. */
export interface SiteMedia extends SiteMediaOrigin {
  /** Lets browsers on these origins upload with presigned URLs. */
  allowBrowserUploadsFrom(origins: readonly string[]): unknown;
}

function siteProps(context: EnvironmentSettings, site: SiteConfig, media: MediaConfig, mediaBucket: SiteMediaOrigin, domainCertificateArn: string | undefined): StaticSiteProps {
  return {
    name: context.namePrefix,
    accountId: context.accountId,
    priceClass: site.priceClass,
    aliases: site.domainNames ?? site.aliases,
    certificateArn: domainCertificateArn ?? site.certificateArn,
    accessLogging: site.accessLogging,
    contentSecurityPolicy: site.contentSecurityPolicy,
    media: media?.serveThroughSite === false ? undefined : mediaBucket,
    preventDestroy: context.protected,
  };
}

const SOURCES: PropSources = {
  name: null,
  accountId: null,
  priceClass: "site.priceClass",
  aliases: "site.aliases",
  certificateArn: "site.certificateArn",
  accessLogging: "site.accessLogging",
  contentSecurityPolicy: "site.contentSecurityPolicy",
  media: "media.serveThroughSite",
  preventDestroy: "protected",
};

/** The site module's problems with this config, under the config keys. */
export function checkSite(context: EnvironmentSettings, site: SiteConfig, media: MediaConfig): ConfigIssue[] {
  const standIn: SiteMediaOrigin = { bucketRegionalDomainName: unresolved.string(), grantCloudFrontRead: () => undefined };
  const certificateArn = site.domainNames === undefined ? undefined : unresolved.string();
  const sources: PropSources = { ...SOURCES, aliases: site.domainNames === undefined ? "site.aliases" : "site.domainNames" };
  return configIssues("StaticSite", "site", sources, staticSitePropProblems(siteProps(context, site, media, standIn, certificateArn)));
}

/** How many origins the site gives browsers (its aliases, or the distribution's own name): the API's CORS list starts with them. */
export function siteOriginCount(site: SiteConfig | undefined): number {
  if (site === undefined) return 0;
  return Math.max((site.domainNames ?? site.aliases)?.length ?? 0, 1);
}

/**
 * The front end: a static build on S3 behind CloudFront, serving the uploads bucket's `media/`
 * unless the config says not to. Browsers upload with presigned URLs from the site's origins only.
 */
export function addSite(context: EnvironmentContext, site: SiteConfig, media: MediaConfig, mediaBucket: SiteMedia, domain: DomainFeature | undefined): StaticSite {
  let certificateArn: string | undefined;
  if (site.domainNames !== undefined) {
    if (domain === undefined) throw new Error("site.domainNames passed the config check without a domain section");
    certificateArn = domain.certificateArn("SiteCertificate", site.domainNames, { forCloudFront: true });
  }
  const staticSite = new StaticSite(context.scope, "Site", siteProps(context, site, media, mediaBucket, certificateArn));
  for (const name of site.domainNames ?? []) domain?.alias(name, cloudFrontTarget(staticSite.distributionDomainName));
  mediaBucket.allowBrowserUploadsFrom(staticSite.siteOrigins);
  output(context, "site_bucket_name", staticSite.bucketName, "Where the site's build is synced");
  output(context, "site_distribution_id", staticSite.distributionId, "The site's CloudFront distribution");
  output(context, "site_domain_name", staticSite.distributionDomainName, "The distribution's domain name");
  output(context, "site_url", staticSite.siteOrigin, "The site's address");
  output(context, "site_deploy_policy_arn", staticSite.deployPolicy.arn, "Attach to the CI role that deploys the site");
  return staticSite;
}
