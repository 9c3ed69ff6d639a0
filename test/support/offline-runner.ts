/**
 * The suite's offline Terraform check, run once per test run in a process of its own while the
 * unit tests run: Jest's global setup starts it (global-setup.ts), and each
 * test/terraform/<stack>.test.ts reads its stack's results (offline.ts).
 *
 * It synthesizes every offline app (offline-targets.ts) once, into a cache keyed by the hash of
 * the sources (reused while they are unchanged, never otherwise), writes `stacks.json`, then
 * checks all the stacks in one Terraform root (one init, validate and plan; see
 * scripts/offline-batch.ts) and writes `results.json`. A failure is written to `failed.txt`.
 *
 *   node --import tsx test/support/offline-runner.ts <run folder>
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { checkStacksOffline, StackCheck } from "../../scripts/offline-batch";
import { sourceHash } from "../../scripts/source-hash";
import type { OfflineStack } from "./offline-targets";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/** What the runner leaves in its folder. */
export const RUN_FILES = { stacks: "stacks.json", results: "results.json", failed: "failed.txt", pid: "pid", log: "runner.log", done: "done" } as const;

export interface SynthesizedStacks {
  /** The source hash the stacks were synthesized from. */
  readonly hash: string;
  readonly stacks: readonly OfflineStack[];
}

export function writeJsonAtomically(file: string, value: unknown): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(value));
  fs.renameSync(temporary, file);
}

/**
 * The offline apps' stacks, synthesized once for the current sources: from the cache under
 * `.cache/synth/<hash>` when it holds them, else synthesized into it.
 */
export async function synthesizeOnce(root: string = PROJECT_ROOT): Promise<SynthesizedStacks> {
  // Hashed before the sources are loaded (hence the import below), and again after the synth:
  // output is cached under a hash only when both agree.
  const hash = sourceHash(root);
  const cacheDir = path.join(root, ".cache", "synth", hash);
  const listing = path.join(cacheDir, RUN_FILES.stacks);
  if (fs.existsSync(listing)) return JSON.parse(fs.readFileSync(listing, "utf8")) as SynthesizedStacks;
  fs.mkdirSync(path.dirname(cacheDir), { recursive: true });
  const building = `${cacheDir}.${process.pid}.building`;
  fs.rmSync(building, { recursive: true, force: true });
  const { synthesizeOfflineApps } = await import("./offline-targets");
  const built = synthesizeOfflineApps(building);
  if (sourceHash(root) !== hash) {
    fs.rmSync(building, { recursive: true, force: true });
    throw new Error("the sources changed while the stacks were synthesized: run the tests again");
  }
  const stacks = built.map((s) => ({ ...s, dir: path.join(cacheDir, path.relative(building, s.dir)) }));
  writeJsonAtomically(path.join(building, RUN_FILES.stacks), { hash, stacks });
  try {
    fs.renameSync(building, cacheDir);
  } catch (error) {
    // Another run built the same sources at the same time: theirs is identical.
    fs.rmSync(building, { recursive: true, force: true });
    if (!fs.existsSync(listing)) throw error;
  }
  pruneSynthCache(path.dirname(cacheDir), 3);
  return { hash, stacks };
}

/** Keeps the `keep` newest synth caches (other runs may still read them), removes the rest. */
function pruneSynthCache(dir: string, keep: number): void {
  const entries = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^[0-9a-f]{64}$/.test(e.name))
    .map((e) => ({ name: e.name, mtime: fs.statSync(path.join(dir, e.name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of entries.slice(keep)) fs.rmSync(path.join(dir, old.name), { recursive: true, force: true });
}

/** Synthesizes (or reuses) the stacks, then checks them all; writes each step's result into `runDir`. */
export async function runOfflineChecks(runDir: string): Promise<Record<string, StackCheck>> {
  try {
    const synthesized = await synthesizeOnce();
    writeJsonAtomically(path.join(runDir, RUN_FILES.stacks), synthesized);
    const results = Object.fromEntries(await checkStacksOffline(synthesized.stacks, { workDir: path.join(runDir, "terraform") }));
    writeJsonAtomically(path.join(runDir, RUN_FILES.results), results);
    return results;
  } catch (error) {
    fs.writeFileSync(path.join(runDir, RUN_FILES.failed), error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error));
    throw error;
  }
}

if (require.main === module) {
  const runDir = process.argv[2];
  if (!runDir) {
    process.stderr.write("usage: node --import tsx test/support/offline-runner.ts <run folder>\n");
    process.exitCode = 2;
  } else {
    // Jest stopped without its teardown (Ctrl-C): stop this process group, Terraform included.
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) process.kill(-process.pid, "SIGTERM");
    }, 1000).unref();
    runOfflineChecks(runDir)
      .catch(() => {
        process.exitCode = 1;
      })
      .finally(() => fs.writeFileSync(path.join(runDir, RUN_FILES.done), ""));
  }
}
