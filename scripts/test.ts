/**
 * `npm test`: the type check and Jest side by side, so neither waits for the other on a 2-core
 * machine. The type check is incremental (its state in .cache/tsc/, recreated when missing);
 * Jest starts the offline Terraform check of every stack in the background itself (see
 * test/support/global-setup.ts). Arguments go to Jest (`npm test -- test/modules`). The type
 * check's output is printed after Jest's, so the two never interleave; the exit code is Jest's,
 * or 1 when the type check failed.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";

const root = path.resolve(__dirname, "..");
/** Where tsc keeps what it learnt, to check only what changed next time. */
export const TSC_BUILD_INFO = path.join(".cache", "tsc", "tsbuildinfo");

interface Finished {
  readonly code: number;
  readonly output: string;
}

function run(script: string, args: readonly string[], options: { capture: boolean }): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: root,
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
      stdio: options.capture ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

export async function main(jestArgs: readonly string[]): Promise<number> {
  const typecheck = run(require.resolve("typescript/bin/tsc"), ["--noEmit", "-p", ".", "--incremental", "--tsBuildInfoFile", TSC_BUILD_INFO], { capture: true });
  const jest = run(require.resolve("jest/bin/jest"), jestArgs, { capture: false });
  const [types, tests] = await Promise.all([typecheck, jest]);
  if (types.code !== 0) {
    process.stderr.write(`\nType check (tsc --noEmit) failed:\n${types.output}`);
    return 1;
  }
  process.stdout.write("Type check (tsc --noEmit): no errors.\n");
  return tests.code;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
