import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildApp } from "../../environments";
import { offlineInit, offlinePlan, OfflinePlan, offlineValidate, OFFLINE_OVERRIDE_FILE, ValidateResult } from "../../scripts/offline-terraform";
import { SynthesizedStack } from "./synth";

/**
 * The offline Terraform checks of one of the project's stacks, as it deploys: synthesized from
 * the real configs with the S3 backend, then `init` (local backend, provider mirror),
 * `validate` and `plan` with mock credentials against the real AWS provider.
 */
export function describeOfflineTerraform(stackName: string): void {
  describe(`${stackName} stack: offline terraform validate and plan`, () => {
    let stackDir: string;
    let synthesized: SynthesizedStack;
    let validate: ValidateResult;
    let plan: OfflinePlan;

    beforeAll(() => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `offline-${stackName}-`));
      buildApp({ outdir }).app.synth();
      stackDir = path.join(outdir, "stacks", stackName);
      synthesized = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as SynthesizedStack;
      offlineInit(stackDir);
      validate = offlineValidate(stackDir);
      plan = offlinePlan(stackDir);
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
      expect(deployed.provider?.aws?.[0]?.allowed_account_ids).toEqual(["123456789012"]);
    });
  });
}
