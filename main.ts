import * as fs from "node:fs";
import * as path from "node:path";
import { buildApp, BuildAppOptions, ConfigError, StateBackend } from "./environments";
import { runCommand } from "./scripts/cli";

/** Environment variable that switches the environment stacks to a local state file. */
export const STATE_BACKEND_VARIABLE = "STATE_BACKEND";

/**
 * Synthesizes every stack into cdktf.out. A bad config, bad props or a policy error print their
 * message (every problem, one a line) and return 1; anything else is a bug and keeps its stack trace.
 * When a stack fails synth, no stack is left in cdktf.out: stacks synthesized before it, or by an
 * earlier run, would otherwise be deployed as if all were well.
 */
export function main(
  options: BuildAppOptions = {},
  env: NodeJS.ProcessEnv = process.env,
  stderr: Pick<NodeJS.WriteStream, "write"> = process.stderr,
): number {
  return runCommand(stderr, () => {
    const { app } = buildApp({ backend: stateBackendFrom(env), ...options });
    try {
      app.synth();
    } catch (error) {
      fs.rmSync(path.join(app.outdir, "stacks"), { recursive: true, force: true });
      fs.rmSync(path.join(app.outdir, "manifest.json"), { force: true });
      throw error;
    }
    return 0;
  });
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
  process.exitCode = main();
}
