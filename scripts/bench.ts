/**
 * `npm run bench`: wall time of `npm run synth` (the median of several runs) and of the whole
 * test suite (`npm test`), against the project's targets for a 2-core machine.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "..");
const SYNTH_RUNS = 5;

interface Row {
  readonly what: string;
  readonly runs: number;
  readonly seconds: number;
  readonly targetSeconds?: number;
}

/** Runs a command to completion and returns its wall time in seconds; fails loudly if it fails. */
function timeCommand(command: string, args: readonly string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status}):\n${result.stderr}${result.stdout}`);
  }
  return seconds;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function formatTable(rows: readonly Row[]): string {
  const cells = [
    ["measure", "runs", "seconds", "target", "verdict"],
    ...rows.map((r) => [
      r.what,
      String(r.runs),
      r.seconds.toFixed(2),
      r.targetSeconds === undefined ? "-" : `< ${r.targetSeconds.toFixed(1)}`,
      r.targetSeconds === undefined ? "-" : r.seconds < r.targetSeconds ? "ok" : "SLOW",
    ]),
  ];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}

function main(): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-synth-"));
  const env = { ...process.env, CHECKPOINT_DISABLE: "1", CDKTF_OUTDIR: outdir };
  // One untimed run warms the file cache and tsx's transform cache, as a developer's machine is.
  timeCommand("npm", ["run", "--silent", "synth"], env);
  const synthTimes = Array.from({ length: SYNTH_RUNS }, () => timeCommand("npm", ["run", "--silent", "synth"], env));
  fs.rmSync(outdir, { recursive: true, force: true });
  process.stdout.write(`synth runs: ${synthTimes.map((t) => t.toFixed(2)).join(", ")} s\n`);
  process.stdout.write("running the test suite (npm test) once...\n");
  const testSeconds = timeCommand("npm", ["test", "--silent"], { ...process.env, CHECKPOINT_DISABLE: "1" });

  const rows: Row[] = [
    { what: "npm run synth (all stacks, median)", runs: SYNTH_RUNS, seconds: median(synthTimes), targetSeconds: 1.5 },
    { what: "npm test (typecheck + whole suite)", runs: 1, seconds: testSeconds },
  ];
  process.stdout.write(`\n${formatTable(rows)}\n`);
  return rows.every((r) => r.targetSeconds === undefined || r.seconds < r.targetSeconds) ? 0 : 1;
}

if (require.main === module) {
  process.exitCode = main();
}
