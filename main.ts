import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type { TerraformStack } from "cdktf";
import { buildApp, BuildAppOptions, ConfigError, previewRequestFrom, StateBackend } from "./environments";
import { lastPolicyReport, warningsOf } from "./policies";
import { runCommand } from "./cli";

/** Environment variable that switches the environment stacks to a local state file. */
export const STATE_BACKEND_VARIABLE = "STATE_BACKEND";

type Writer = Pick<NodeJS.WriteStream, "write">;

export interface MainOutput {
  /** Told what was written. @default process.stdout */
  readonly stdout?: Writer;
  /** Told what went wrong. @default process.stderr */
  readonly stderr?: Writer;
  /** When the work began, in `performance.now()` milliseconds (0: the process's start). @default when main is called */
  readonly startedAtMs?: number;
}

/**
 * Synthesizes every stack into cdktf.out (or `outdir`, or CDKTF_OUTDIR) and prints what it wrote:
 * each stack with its resources, whether it is protected, and its policy warnings. With
 * `--preview <branch, pull request or dev-name>` (or PREVIEW in `env`), a preview of staging (or
 * of `--of <environment>`) too, named `pv-<slug>` (see environments/preview.ts).
 *
 * A bad config, bad props or a policy error print their message (every problem, one a line) and
 * return 1; anything else is a bug and keeps its stack trace. Whenever synth fails, for whatever
 * reason, no stack is left in the output folder: stacks synthesized before the failure, or by an
 * earlier run, would otherwise be deployed as if all were well. A successful synth removes the
 * folders of stacks the app no longer has, for the same reason.
 */
export function main(options: BuildAppOptions = {}, env: NodeJS.ProcessEnv = process.env, output: MainOutput = {}, args: readonly string[] = []): number {
  const { stdout = process.stdout, stderr = process.stderr, startedAtMs = performance.now() } = output;
  const outdir = options.outdir ?? (env.CDKTF_OUTDIR || "cdktf.out");
  let succeeded = false;
  try {
    const code = runCommand(stderr, () => {
      const preview = options.preview ?? previewRequestFrom(args, env);
      const built = buildApp({ backend: stateBackendFrom(env), ...options, preview, outdir });
      built.app.synth();
      const stacks = [built.bootstrap, ...built.environments];
      removeStaleStacks(outdir, stacks.map((s) => s.node.id));
      stdout.write(synthSummary(outdir, stacks, (performance.now() - startedAtMs) / 1000));
      return 0;
    });
    succeeded = code === 0;
    return code;
  } finally {
    if (!succeeded) removeSynthOutput(outdir);
  }
}

/** Removes every synthesized stack and the manifest that lists them. */
export function removeSynthOutput(outdir: string): void {
  fs.rmSync(path.join(outdir, "stacks"), { recursive: true, force: true });
  fs.rmSync(path.join(outdir, "manifest.json"), { force: true });
}

/** Removes the folders of stacks the app no longer has. */
export function removeStaleStacks(outdir: string, current: readonly string[]): void {
  const stacksDir = path.join(outdir, "stacks");
  for (const entry of fs.readdirSync(stacksDir, { withFileTypes: true })) {
    if (entry.isDirectory() && !current.includes(entry.name)) fs.rmSync(path.join(stacksDir, entry.name), { recursive: true, force: true });
  }
}

/** One line per stack (resources, protection, policy warnings), and a warning for each unprotected one. */
export function synthSummary(outdir: string, stacks: readonly TerraformStack[], seconds: number): string {
  const rows = stacks.map((stack) => {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack.node.id, "cdk.tf.json"), "utf8")) as {
      resource?: Record<string, Record<string, unknown>>;
    };
    const resources = Object.values(json.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
    const report = lastPolicyReport(stack);
    return {
      name: stack.node.id,
      resources,
      protected: report?.protected ?? false,
      warnings: report === undefined ? 0 : warningsOf(report).length,
    };
  });
  const nameWidth = Math.max(...rows.map((r) => r.name.length));
  const countWidth = Math.max(...rows.map((r) => String(r.resources).length));
  const lines = [`Synthesized ${rows.length} stack${rows.length === 1 ? "" : "s"} into ${path.join(outdir, "stacks")} in ${seconds.toFixed(1)} s:`];
  for (const row of rows) {
    const warnings = `${row.warnings} policy warning${row.warnings === 1 ? "" : "s"}`;
    lines.push(`  ${row.name.padEnd(nameWidth)}  ${String(row.resources).padStart(countWidth)} resources  ${(row.protected ? "protected" : "UNPROTECTED").padEnd(11)}  ${warnings}`);
  }
  for (const row of rows.filter((r) => !r.protected)) {
    lines.push(
      `Note: ${row.name} is not protected (protected: false): a destroy or replacement deletes its database, buckets and keys with their data. Fine for staging and previews, never for production.`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function stateBackendFrom(env: NodeJS.ProcessEnv): StateBackend {
  const value = env[STATE_BACKEND_VARIABLE];
  if (value === undefined || value === "" || value === "s3") return "s3";
  if (value === "local") return "local";
  throw new ConfigError("environment variables", [
    { path: STATE_BACKEND_VARIABLE, reason: `must be "s3" or "local"; got ${JSON.stringify(value)}` },
  ]);
}

if (require.main === module) {
  process.exitCode = main({}, process.env, { startedAtMs: 0 }, process.argv.slice(2));
}
