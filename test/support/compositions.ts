/**
 * Environments with a feature left out (or one added), built from staging's config: each must
 * synthesize, pass the policy pack and plan, as the project's own environments do.
 */
import { App } from "cdktf";
import { AppStack } from "../../environments/app-stack";
import { EnvironmentInput, parseEnvironmentConfig } from "../../environments/config";
import { staging } from "../../environments/staging";

/** `staging` without some sections, under another name. */
function without(name: string, ...sections: (keyof EnvironmentInput)[]): EnvironmentInput {
  const config: Record<string, unknown> = { ...staging, name };
  for (const section of sections) delete config[section];
  return config as unknown as EnvironmentInput;
}

/**
 * `staging` moved to eu-west-1 with its own names: a zone the stack creates, the site at the
 * zone's apex and `www` (its certificate in us-east-1, through the second provider), and the API
 * on a custom domain.
 */
function withDomain(name: string): EnvironmentInput {
  const moved = JSON.parse(JSON.stringify({ ...staging, name }).replace(/us-east-1/g, "eu-west-1")) as EnvironmentInput;
  const zone = `${name}.example.com`;
  return {
    ...moved,
    domain: { name: zone },
    site: { ...moved.site, domainNames: [zone, `www.${zone}`] },
    api: { ...moved.api!, domainName: `api.${zone}` },
  };
}

/**
 * By stack name: an API alone (no site), no migrations pipeline, no database (so no migrations
 * either), and one with its own domain names.
 */
export const COMPOSITIONS: Readonly<Record<string, EnvironmentInput>> = {
  "no-site": without("no-site", "site", "media"),
  "no-migrations": without("no-migrations", "migrations"),
  "no-database": without("no-database", "database", "migrations"),
  "with-domain": withDomain("with-domain"),
};

/** One app with every composition's stack, as the offline check synthesizes it. */
export function synthesizeCompositions(outdir: string): App {
  const app = new App({ outdir });
  for (const input of Object.values(COMPOSITIONS)) new AppStack(app, parseEnvironmentConfig(input));
  app.synth();
  return app;
}
