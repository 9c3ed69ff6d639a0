/**
 * `npm run bench [-- --synth-runs N --test-runs N --scale 3,6,12]`: the project's speed against
 * its targets on a 2-core machine, as medians of repeated runs (one run says little on a shared
 * machine; min and max show the spread):
 * - `npm run synth`, every stack: median under 1.5 s;
 * - `npm test`, the whole suite with its type check: under 90 s;
 * - scale: N copies of the staging stack synthesized and checked offline (validate + plan) as the
 *   suite does, for each N; the seconds each added stack costs (the slope of a least-squares
 *   line through the runs) under 4 s.
 * Exits 1 when a measure misses its target. Never part of `npm test`: timed tests are flaky.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "..");

interface Row {
  readonly what: string;
  readonly runs: number;
  readonly seconds: number;
  readonly min?: number;
  readonly max?: number;
  readonly targetSeconds?: number;
}

/** Runs a command to completion and returns its wall time in seconds and its output; fails loudly if it fails. */
function timeCommand(command: string, args: readonly string[], env: NodeJS.ProcessEnv): { seconds: number; stdout: string } {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status}):\n${result.stderr}${result.stdout.slice(-4000)}`);
  }
  return { seconds, stdout: result.stdout };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The slope of the least-squares line through the points: seconds per added stack. */
export function slope(points: readonly { x: number; y: number }[]): number {
  if (points.length < 2) throw new RangeError("a slope needs two points or more");
  const meanX = points.reduce((s, p) => s + p.x, 0) / points.length;
  const meanY = points.reduce((s, p) => s + p.y, 0) / points.length;
  const spread = points.reduce((s, p) => s + (p.x - meanX) ** 2, 0);
  if (spread === 0) throw new RangeError("a slope needs two different x values");
  return points.reduce((s, p) => s + (p.x - meanX) * (p.y - meanY), 0) / spread;
}

export function formatTable(rows: readonly Row[]): string {
  const cells = [
    ["measure", "runs", "seconds", "min", "max", "target", "verdict"],
    ...rows.map((r) => [
      r.what,
      String(r.runs),
      r.seconds.toFixed(2),
      r.min === undefined ? "-" : r.min.toFixed(2),
      r.max === undefined ? "-" : r.max.toFixed(2),
      r.targetSeconds === undefined ? "-" : `< ${r.targetSeconds.toFixed(1)}`,
      r.targetSeconds === undefined ? "-" : r.seconds < r.targetSeconds ? "ok" : "SLOW",
    ]),
  ];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}

export interface BenchOptions {
  readonly synthRuns: number;
  readonly testRuns: number;
  readonly scale: readonly number[];
}

/** Reads `--synth-runs N`, `--test-runs N` and `--scale 3,6,12`. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const options = { synthRuns: 7, testRuns: 1, scale: [3, 6, 12] as readonly number[] };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const count = Number(value);
    if (flag === "--synth-runs" && Number.isInteger(count) && count >= 1) options.synthRuns = count;
    else if (flag === "--test-runs" && Number.isInteger(count) && count >= 0) options.testRuns = count;
    else if (flag === "--scale" && value !== undefined && /^\d+(,\d+)+$/.test(value)) options.scale = value.split(",").map(Number);
    else throw new RangeError(`unknown or bad option ${flag} ${value ?? ""}: use --synth-runs N (1+), --test-runs N (0+), --scale N,N[,N...]`);
  }
  return options;
}

function summaryOf(what: string, times: readonly number[], targetSeconds?: number): Row {
  return { what, runs: times.length, seconds: median(times), min: Math.min(...times), max: Math.max(...times), targetSeconds };
}

function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  return `${new Date().toISOString().slice(0, 10)}, ${os.availableParallelism()} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(2)}`;
}

function main(argv: readonly string[]): number {
  const options = parseBenchArgs(argv);
  const out = (text: string) => process.stdout.write(text);
  out(`machine: ${machine()}\n`);
  const env = { ...process.env, CHECKPOINT_DISABLE: "1" };
  const rows: Row[] = [];

  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-synth-"));
  const synthEnv = { ...env, CDKTF_OUTDIR: outdir };
  // One untimed run builds the bundle and its code cache, as any earlier synth has on a developer's machine.
  timeCommand("npm", ["run", "--silent", "synth"], synthEnv);
  const synthTimes = Array.from({ length: options.synthRuns }, () => timeCommand("npm", ["run", "--silent", "synth"], synthEnv).seconds);
  fs.rmSync(outdir, { recursive: true, force: true });
  out(`npm run synth: ${synthTimes.map((t) => t.toFixed(2)).join(", ")} s\n`);
  rows.push(summaryOf("npm run synth (all stacks)", synthTimes, 1.5));

  if (options.testRuns > 0) {
    const testTimes: number[] = [];
    for (let i = 0; i < options.testRuns; i++) {
      out(`npm test, run ${i + 1} of ${options.testRuns}...\n`);
      testTimes.push(timeCommand("npm", ["test", "--silent"], env).seconds);
    }
    out(`npm test: ${testTimes.map((t) => t.toFixed(1)).join(", ")} s\n`);
    rows.push(summaryOf("npm test (type check + whole suite)", testTimes, 90));
  }

  const points: { x: number; y: number }[] = [];
  for (const count of options.scale) {
    const { seconds, stdout } = timeCommand(process.execPath, [path.join(root, "scripts", "launch.cjs"), "scripts/scale-check.ts", String(count)], env);
    const result = JSON.parse(stdout.trim().split("\n").pop()!) as { resources: number; roots: number; synthSeconds: number; checkSeconds: number };
    out(
      `scale: ${count} staging stacks (${result.resources} resources, ${result.roots} Terraform root${result.roots === 1 ? "" : "s"}): ${seconds.toFixed(1)} s (synth ${result.synthSeconds.toFixed(1)} s, terraform ${result.checkSeconds.toFixed(1)} s)\n`,
    );
    points.push({ x: count, y: seconds });
    rows.push({ what: `scale: synth + offline check of ${count} stacks`, runs: 1, seconds });
  }
  if (points.length >= 2) rows.push({ what: `scale: seconds per added stack (${options.scale.join(", ")})`, runs: points.length, seconds: slope(points), targetSeconds: 4 });

  out(`\n${formatTable(rows)}\n`);
  return rows.every((r) => r.targetSeconds === undefined || r.seconds < r.targetSeconds) ? 0 : 1;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  }
}
