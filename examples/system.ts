import { App } from "cdktf";
import * as fs from "node:fs";
import { AppStack, StateBackend } from "../environments/app-stack";
import { BootstrapInput, EnvironmentInput, parseProjectConfig } from "../environments/config";
import { withPreview } from "../environments";
import type { PreviewRequest } from "../environments/preview";
import { limitTokenTraces } from "../environments/token-traces";

/**
 * One system of the planning documents, built from the library's modules by config alone: its
 * staging and production configs, and the bootstrap config they are checked against.
 */
export interface ExampleSystem {
  /** The folder under examples/ and the first part of its stack names (`django-lambda`). */
  readonly system: string;
  readonly title: string;
  /** The planning document it implements (`000`). */
  readonly document: string;
  readonly bootstrap: BootstrapInput;
  readonly environments: readonly EnvironmentInput[];
}

export interface BuildExampleOptions {
  /** Where the example's app synthesizes. @default "examples.out/<system>" */
  readonly outdir?: string;
  /** The environment stacks' state backend. @default "s3" */
  readonly backend?: StateBackend;
  /** A preview to build besides the environments (of staging, unless it names another). @default none */
  readonly preview?: PreviewRequest;
}

/** The stack name of an example's environment: `<system>-<environment>`. */
export function exampleStackName(example: Pick<ExampleSystem, "system">, environment: string): string {
  return `${example.system}-${environment}`;
}

/**
 * Checks an example's configs (as `npm run synth` checks the project's, against its bootstrap
 * config) and builds its app: one `AppStack` per environment, named `<system>-<environment>`.
 */
export function buildExample(example: ExampleSystem, options: BuildExampleOptions = {}): { app: App; environments: AppStack[] } {
  limitTokenTraces();
  const configs = parseProjectConfig(withPreview({ bootstrap: example.bootstrap, environments: example.environments }, options.preview));
  const outdir = options.outdir ?? `examples.out/${example.system}`;
  // The app creates its folder, but not the folders above it.
  fs.mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir });
  const environments = configs.environments.map((env) => new AppStack(app, env, { backend: options.backend, stackName: exampleStackName(example, env.name) }));
  return { app, environments };
}
