/**
 * The scale benchmark's unit of work (`npm run bench` runs it for several N): synthesizes N
 * copies of the staging environment under other names (`scale-01`, ..., each with its own
 * network range), then checks them all offline as the test suite does (Terraform roots of up to
 * six stacks each: init, validate, plan; `roots` chooses another number). Prints one JSON line:
 * the phases' seconds and what was checked.
 * Exits 1 when any copy fails validation or plans anything but creates.
 *
 *   node scripts/launch.cjs scripts/scale-check.ts <N> [roots]
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { App } from "cdktf";
import { AppStack, limitTokenTraces, parseEnvironmentConfig, projectConfig } from "../environments";
import { checkStacksOffline, defaultRoots } from "./offline-batch";
import { useProviderMirrorIfFound } from "./offline-terraform";

/** The staging config renamed and renumbered: the i-th copy (1-based). */
export function stagingCopy(i: number): unknown {
  const [staging] = projectConfig.environments;
  if (i < 1 || i > 150) throw new RangeError(`copy ${i}: between 1 and 150 copies have a network range each`);
  return { ...staging, name: `scale-${String(i).padStart(2, "0")}`, network: { ...staging.network, cidr: `10.${100 + i}.0.0/16` } };
}

export interface ScaleResult {
  readonly stacks: number;
  readonly resources: number;
  readonly roots: number;
  readonly synthSeconds: number;
  readonly checkSeconds: number;
  readonly ok: boolean;
  readonly problems: readonly string[];
}

export async function scaleCheck(count: number, roots?: number): Promise<ScaleResult> {
  useProviderMirrorIfFound();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "scale-"));
  try {
    const started = performance.now();
    limitTokenTraces();
    const app = new App({ outdir: path.join(work, "out") });
    const stacks = Array.from({ length: count }, (_, i) => new AppStack(app, parseEnvironmentConfig(stagingCopy(i + 1))));
    app.synth();
    const synthSeconds = (performance.now() - started) / 1000;
    const toCheck = stacks.map((s) => ({ name: s.node.id, dir: path.join(work, "out", "stacks", s.node.id) }));
    const checkStarted = performance.now();
    const results = await checkStacksOffline(toCheck, { workDir: path.join(work, "terraform"), roots });
    const used = roots ?? defaultRoots(count);
    const checkSeconds = (performance.now() - checkStarted) / 1000;
    const problems: string[] = [];
    let resources = 0;
    for (const { name } of toCheck) {
      const result = results.get(name);
      if (!result?.plan) {
        problems.push(`${name}: ${result?.error ?? "no result"} ${JSON.stringify(result?.validate.diagnostics ?? [])}`);
        continue;
      }
      resources += result.plan.changes.length;
      if (result.plan.changes.some((c) => c.action !== "create") || result.plan.warnings.length > 0) problems.push(`${name}: plans more than creates, or warns`);
    }
    return { stacks: count, resources, roots: used, synthSeconds, checkSeconds, ok: problems.length === 0, problems };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const count = Number(process.argv[2]);
  const roots = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
  if (!Number.isInteger(count) || count < 1 || (roots !== undefined && (!Number.isInteger(roots) || roots < 1))) {
    process.stderr.write("usage: node scripts/launch.cjs scripts/scale-check.ts <stacks> [roots]\n");
    process.exitCode = 2;
  } else {
    void scaleCheck(count, roots).then((result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exitCode = result.ok ? 0 : 1;
    });
  }
}
