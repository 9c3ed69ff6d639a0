import { App } from "cdktf";
import { AppStack, StateBackend } from "./app-stack";
import { BootstrapStack } from "./bootstrap-stack";
import { bootstrap } from "./bootstrap";
import { parseProjectConfig } from "./config";
import { production } from "./production";
import { staging } from "./staging";
import { limitTokenTraces } from "./token-traces";

export * from "./app-stack";
export * from "./bootstrap-stack";
export * from "./config";
export { limitTokenTraces, restoreTokenTraces, TOKEN_TRACE_FRAMES } from "./token-traces";

/** The project's configs as written: the bootstrap stack's and one per environment. */
export const projectConfig = { bootstrap, environments: [staging, production] } as const;

export interface BuildAppOptions {
  /** Where to synthesize. @default `CDKTF_OUTDIR` when the cdktf CLI runs the app, else "cdktf.out" */
  readonly outdir?: string;
  /** The environment stacks' state backend. @default "s3" */
  readonly backend?: StateBackend;
  /** The configs to build from. @default the project's own (`projectConfig`) */
  readonly configs?: { readonly bootstrap: unknown; readonly environments: readonly unknown[] };
}

/**
 * Checks every config, then builds the app: the bootstrap stack and one `AppStack` per
 * environment. Throws a `ConfigError` before building anything when a config is wrong.
 */
export function buildApp(options: BuildAppOptions = {}): { app: App; bootstrap: BootstrapStack; environments: AppStack[] } {
  const { app, configs } = newApp(options);
  const bootstrapStack = newBootstrapStack(app, configs);
  const environments = configs.environments.map((env) => new AppStack(app, env, { backend: options.backend }));
  return { app, bootstrap: bootstrapStack, environments };
}

/**
 * Checks every config (as {@link buildApp} does), then builds an app with one stack only, the
 * bootstrap stack or an environment's, for commands about one stack: the others cost nothing.
 * `stack` is undefined when no stack has the name; `stackNames` lists those there are.
 */
export function buildStack(
  name: string,
  options: BuildAppOptions = {},
): { app: App; stack: BootstrapStack | AppStack | undefined; stackNames: string[] } {
  const { app, configs } = newApp(options);
  const stackNames = ["bootstrap", ...configs.environments.map((env) => env.name)];
  const environment = configs.environments.find((env) => env.name === name);
  const stack =
    name === "bootstrap" ? newBootstrapStack(app, configs) : environment === undefined ? undefined : new AppStack(app, environment, { backend: options.backend });
  return { app, stack, stackNames };
}

function newApp(options: BuildAppOptions): { app: App; configs: ReturnType<typeof parseProjectConfig> } {
  limitTokenTraces();
  const configs = parseProjectConfig(options.configs ?? projectConfig);
  // Without an explicit outdir, App honours CDKTF_OUTDIR (set by the cdktf CLI), then "cdktf.out".
  const app = new App(options.outdir === undefined ? {} : { outdir: options.outdir });
  return { app, configs };
}

function newBootstrapStack(app: App, configs: ReturnType<typeof parseProjectConfig>): BootstrapStack {
  return new BootstrapStack(app, configs.bootstrap, { deployEnvironments: configs.environments.map((env) => env.name) });
}
