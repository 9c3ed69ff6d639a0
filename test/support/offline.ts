import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildApp } from "../../environments";
import { offlineInit, offlinePlan, OfflinePlan, offlineValidate, OFFLINE_OVERRIDE_FILE, ValidateResult } from "../../scripts/offline-terraform";
import { SynthesizedStack } from "./synth";

/** Synthesizes the app that holds the stack into `outdir`. */
export type Synthesize = (outdir: string) => void;

/** The project's own app, from the real configs, as it deploys (S3 backend). */
const projectApp: Synthesize = (outdir) => buildApp({ outdir }).app.synth();

/**
 * The offline Terraform checks of one stack, as it deploys: synthesized (by default from the
 * project's real configs, with the S3 backend), then `init` (local backend, provider mirror),
 * `validate` and `plan` with mock credentials against the real AWS provider.
 */
export function describeOfflineTerraform(stackName: string, synthesize: Synthesize = projectApp): void {
  describe(`${stackName} stack: offline terraform validate and plan`, () => {
    let outdir: string;
    let stackDir: string;
    let synthesized: SynthesizedStack;
    let validate: ValidateResult;
    let plan: OfflinePlan;

    beforeAll(() => {
      outdir = fs.mkdtempSync(path.join(os.tmpdir(), `offline-${stackName}-`));
      synthesize(outdir);
      stackDir = path.join(outdir, "stacks", stackName);
      synthesized = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as SynthesizedStack;
      offlineInit(stackDir);
      validate = offlineValidate(stackDir);
      plan = offlinePlan(stackDir);
    });

    afterAll(() => {
      if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
    });

    test("terraform validate passes with no diagnostics", () => {
      expect(validate.diagnostics).toEqual([]);
      expect(validate.valid).toBe(true);
    });

    test("terraform plan creates exactly the synthesized resources, with no warnings", () => {
      const declared = Object.entries(synthesized.resource ?? {}).flatMap(([type, byName]) =>
        Object.keys(byName).map((name) => `${type}.${name}`),
      );
      expect(declared.length).toBeGreaterThan(0);
      expect(plan.changes.map((c) => c.address).sort()).toEqual(declared.sort());
      expect(new Set(plan.changes.map((c) => c.action))).toEqual(new Set(["create"]));
      expect(plan.summary).toEqual({ add: declared.length, change: 0, remove: 0 });
      expect(plan.warnings).toEqual([]);
    });

    test("the offline settings live in an override file; cdk.tf.json keeps what deploys", () => {
      expect(fs.existsSync(path.join(stackDir, OFFLINE_OVERRIDE_FILE))).toBe(true);
      const deployed = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as SynthesizedStack;
      expect(deployed).toEqual(synthesized);
      for (const provider of deployed.provider?.aws ?? []) expect(provider.allowed_account_ids).toBeDefined();
    });
  });
}
