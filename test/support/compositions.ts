/**
 * Environments with a feature left out, built from staging's config: each must synthesize,
 * pass the policy pack and plan, as the project's own environments do.
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

/** By stack name: an API alone (no site), no migrations pipeline, and no database (so no migrations either). */
export const COMPOSITIONS: Readonly<Record<string, EnvironmentInput>> = {
  "no-site": without("no-site", "site", "media"),
  "no-migrations": without("no-migrations", "migrations"),
  "no-database": without("no-database", "database", "migrations"),
};

/** One app with every composition's stack, as the offline check synthesizes it. */
export function synthesizeCompositions(outdir: string): App {
  const app = new App({ outdir });
  for (const input of Object.values(COMPOSITIONS)) new AppStack(app, parseEnvironmentConfig(input));
  app.synth();
  return app;
}
