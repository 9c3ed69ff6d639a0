import { App } from "cdktf";
import { AppStack, StateBackend } from "./app-stack";
import { BootstrapStack } from "./bootstrap-stack";
import { bootstrap } from "./bootstrap";
import { EnvironmentInput, parseProjectConfig } from "./config";
import { production } from "./production";
import { staging } from "./staging";
import { limitTokenTraces } from "./token-traces";
import { isPreviewName, previewConfig, PreviewError, PreviewRequest } from "./preview";

export * from "./app-stack";
export * from "./bootstrap-stack";
export * from "./config";
export { limitTokenTraces, restoreTokenTraces, TOKEN_TRACE_FRAMES } from "./token-traces";
export * from "./preview";

/** The project's configs as written: the bootstrap stack's and one per environment. */
export const projectConfig = { bootstrap, environments: [staging, production] } as const;

export interface BuildAppOptions {
  /** Where to synthesize. @default `CDKTF_OUTDIR` when the cdktf CLI runs the app, else "cdktf.out" */
  readonly outdir?: string;
  /** The environment stacks' state backend. @default "s3" */
  readonly backend?: StateBackend;
  /** The configs to build from. @default the project's own (`projectConfig`) */
  readonly configs?: { readonly bootstrap: unknown; readonly environments: readonly unknown[] };
  /** A preview to build besides the environments: a copy of one of them (see preview.ts). @default none */
  readonly preview?: PreviewRequest;
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

/**
 * The configs with the preview's added (checked like the others, against the bootstrap config):
 * a copy of the environment it names, staging unless it says otherwise.
 */
export function withPreview(configs: NonNullable<BuildAppOptions["configs"]>, preview: PreviewRequest | undefined): NonNullable<BuildAppOptions["configs"]> {
  if (preview === undefined) return configs;
  const of = preview.of ?? "staging";
  const base = configs.environments.find((env) => (env as { name?: unknown }).name === of) as EnvironmentInput | undefined;
  if (base === undefined) {
    const names = configs.environments.map((env) => (env as { name?: unknown }).name).join(", ");
    throw new PreviewError("--of", `names no environment of the project ("${of}"; there are ${names})`);
  }
  return { ...configs, environments: [...configs.environments, previewConfig(base, preview)] };
}

function newApp(options: BuildAppOptions): { app: App; configs: ReturnType<typeof parseProjectConfig> } {
  limitTokenTraces();
  const configs = parseProjectConfig(withPreview(options.configs ?? projectConfig, options.preview));
  // Without an explicit outdir, App honours CDKTF_OUTDIR (set by the cdktf CLI), then "cdktf.out".
  const app = new App(options.outdir === undefined ? {} : { outdir: options.outdir });
  return { app, configs };
}

function newBootstrapStack(app: App, configs: ReturnType<typeof parseProjectConfig>): BootstrapStack {
  // Previews are deployed by the preview role (the bootstrap config's previews section), never by an environment's own.
  return new BootstrapStack(app, configs.bootstrap, { deployEnvironments: configs.environments.map((env) => env.name).filter((name) => !isPreviewName(name)) });
}
