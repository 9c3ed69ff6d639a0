import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { StackCheck } from "../../scripts/offline-batch";
import { sourceHash } from "../../scripts/source-hash";
import { OFFLINE_RUN_VARIABLE } from "./global-setup";
import { PROJECT_ROOT, RUN_FILES, runOfflineChecks, synthesizeOnce, SynthesizedStacks } from "./offline-runner";
import { SynthesizedStack } from "./synth";

/** How long a test file waits for the background check before failing. */
const WAIT_MS = 15 * 60 * 1000;

let own: Promise<Record<string, StackCheck>> | undefined;
let ownDir: string | undefined;
afterAll(() => {
  if (ownDir) fs.rmSync(ownDir, { recursive: true, force: true });
});

/** Waits for a file of the background run, failing at once when the run failed or its process is gone. */
async function waitFor(runDir: string, file: string): Promise<string> {
  const deadline = Date.now() + WAIT_MS;
  const pid = Number(fs.readFileSync(path.join(runDir, RUN_FILES.pid), "utf8"));
  for (;;) {
    const target = path.join(runDir, file);
    if (fs.existsSync(target)) return fs.readFileSync(target, "utf8");
    const failed = path.join(runDir, RUN_FILES.failed);
    if (fs.existsSync(failed)) throw new Error(`the offline Terraform check failed:\n${fs.readFileSync(failed, "utf8")}`);
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (!alive && !fs.existsSync(target)) {
      const log = fs.readFileSync(path.join(runDir, RUN_FILES.log), "utf8");
      throw new Error(`the offline Terraform check stopped without results; its log:\n${log}`);
    }
    if (Date.now() > deadline) throw new Error(`waited ${WAIT_MS / 60000} minutes for the offline Terraform check (${runDir})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The offline check of every stack: the background run's (started by Jest's global setup), or,
 * when this file runs without it, one of its own.
 */
async function offlineResults(): Promise<{ stacks: SynthesizedStacks; results: Record<string, StackCheck> }> {
  const runDir = process.env[OFFLINE_RUN_VARIABLE];
  if (runDir) {
    const stacks = JSON.parse(await waitFor(runDir, RUN_FILES.stacks)) as SynthesizedStacks;
    const results = JSON.parse(await waitFor(runDir, RUN_FILES.results)) as Record<string, StackCheck>;
    return { stacks, results };
  }
  ownDir ??= fs.mkdtempSync(path.join(os.tmpdir(), "offline-file-"));
  own ??= runOfflineChecks(ownDir);
  const results = await own;
  return { stacks: JSON.parse(fs.readFileSync(path.join(ownDir, RUN_FILES.stacks), "utf8")) as SynthesizedStacks, results };
}

async function sharedListing(): Promise<SynthesizedStacks> {
  const runDir = process.env[OFFLINE_RUN_VARIABLE];
  const listing = runDir ? (JSON.parse(await waitFor(runDir, RUN_FILES.stacks)) as SynthesizedStacks) : await synthesizeOnce();
  if (listing.hash !== sourceHash(PROJECT_ROOT)) throw new Error("the sources changed during the test run: run the tests again");
  return listing;
}

/**
 * Copies the project app's output of this test run (`stacks/` and `manifest.json`, as
 * `npm run synth` leaves cdktf.out) into `outdir`: an earlier run's output, for the tests of
 * what a later synth does to it.
 */
export async function copySharedProjectOutput(outdir: string): Promise<void> {
  const listing = await sharedListing();
  const project = listing.stacks.find((s) => s.app === "project");
  if (!project) throw new Error("the offline apps have no project app");
  const appDir = path.dirname(path.dirname(project.dir));
  fs.cpSync(path.join(appDir, "stacks"), path.join(outdir, "stacks"), { recursive: true });
  fs.copyFileSync(path.join(appDir, "manifest.json"), path.join(outdir, "manifest.json"));
}

/**
 * The project's own stacks (bootstrap and every environment) as synthesized once for this test
 * run from the current sources, by name: the background run's, or the hash-keyed cache's.
 */
export async function sharedProjectStacks(apps: readonly string[] = ["project"]): Promise<Map<string, SynthesizedStack>> {
  const listing = await sharedListing();
  return new Map(
    listing.stacks
      .filter((s) => apps.includes(s.app))
      .map((s) => [s.name, JSON.parse(fs.readFileSync(path.join(s.dir, "cdk.tf.json"), "utf8")) as SynthesizedStack]),
  );
}

/**
 * The offline Terraform checks of one stack, as it deploys: synthesized once per test run (for
 * every test file, from the sources' hash), then `init` (local backend, provider mirror) and
 * `plan` (which validates the configuration first) with mock credentials against the real AWS provider, done with every
 * other stack in one Terraform root by the background run. The stack must be one of the offline
 * apps of offline-targets.ts.
 */
export function describeOfflineTerraform(stackName: string): void {
  describe(`${stackName} stack: offline terraform validate and plan`, () => {
    let synthesized: SynthesizedStack;
    let check: StackCheck;
    let stackDir: string;
    let hash: string;

    beforeAll(async () => {
      const { stacks, results } = await offlineResults();
      const stack = stacks.stacks.find((s) => s.name === stackName);
      if (!stack) throw new Error(`no offline app has a stack "${stackName}" (add it to test/support/offline-targets.ts); found ${stacks.stacks.map((s) => s.name).join(", ")}`);
      stackDir = stack.dir;
      hash = stacks.hash;
      synthesized = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as SynthesizedStack;
      const found = results[stackName];
      if (!found) throw new Error(`the offline check has no result for "${stackName}"; it has: ${Object.keys(results).join(", ")}`);
      check = found;
      // Jest's own limit for a hook is the test timeout: the wait has its own, longer one.
    }, WAIT_MS + 60_000);

    test("was synthesized from the current sources", () => {
      expect(hash).toBe(sourceHash(PROJECT_ROOT));
    });

    test("terraform's validation (run by plan before it plans) reports no errors", () => {
      expect(check.validate.diagnostics).toEqual([]);
      expect(check.validate.valid).toBe(true);
      expect(check.error).toBeUndefined();
    });

    test("terraform plan creates exactly the synthesized resources, with no warnings", () => {
      const declared = Object.entries(synthesized.resource ?? {}).flatMap(([type, byName]) =>
        Object.keys(byName).map((name) => `${type}.${name}`),
      );
      expect(declared.length).toBeGreaterThan(0);
      const plan = check.plan;
      if (!plan) throw new Error(`no plan for ${stackName}: ${check.error ?? "unknown"}`);
      expect(plan.changes.map((c) => c.address).sort()).toEqual(declared.sort());
      expect(new Set(plan.changes.map((c) => c.action))).toEqual(new Set(["create"]));
      expect(plan.summary).toEqual({ add: declared.length, change: 0, remove: 0 });
      expect(plan.warnings).toEqual([]);
    });

    test("Terraform checked cdk.tf.json as deployed; only the root holds the offline settings", () => {
      const moduleJson = JSON.parse(fs.readFileSync(path.join(check.module.rootDir, check.module.name, "main.tf.json"), "utf8")) as SynthesizedStack;
      const { provider: _provider, terraform, ...rest } = synthesized;
      const { backend: _backend, ...terraformKept } = terraform ?? {};
      const { terraform: moduleTerraform, ...moduleRest } = moduleJson;
      expect(moduleRest).toEqual(rest);
      expect({ ...moduleTerraform, required_providers: undefined }).toEqual({ ...terraformKept, required_providers: undefined });
      for (const provider of synthesized.provider?.aws ?? []) expect(provider.allowed_account_ids).toBeDefined();
      const root = JSON.parse(fs.readFileSync(path.join(check.module.rootDir, "main.tf.json"), "utf8")) as {
        provider: { aws: Record<string, unknown>[] };
        module: Record<string, { providers: Record<string, string> }>;
      };
      const passed = root.module[check.module.name]!.providers;
      for (const declared of synthesized.provider?.aws ?? [{}]) {
        const key = typeof declared.alias === "string" ? `aws.${declared.alias}` : "aws";
        const rootProvider = root.provider.aws.find((p) => `aws.${String(p.alias)}` === passed[key]);
        const { allowed_account_ids: _ids, alias: _alias, ...settings } = declared;
        expect(rootProvider).toMatchObject({ ...settings, skip_credentials_validation: true, skip_requesting_account_id: true });
        expect(rootProvider?.allowed_account_ids).toBeUndefined();
      }
    });
  });
}
