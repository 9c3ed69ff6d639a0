import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Config } from "@jest/types";
import { useProviderMirrorIfFound } from "../../scripts/offline-terraform";
import { PROJECT_ROOT, RUN_FILES } from "./offline-runner";

/** Names the folder of this test run's background offline check (set for the test files). */
export const OFFLINE_RUN_VARIABLE = "OFFLINE_RUN_DIR";

/**
 * Runs once before the suite. When TERRAFORM_PROVIDER_MIRROR is not set, looks for a provider
 * mirror on the machine, so `npm test` plans offline wherever one exists; without one, Terraform
 * downloads the AWS provider from the registry.
 *
 * When the run includes the offline Terraform tests (test/terraform/), starts their check in the
 * background (offline-runner.ts), so Terraform runs while the unit tests do; each of those test
 * files then waits for its stack's results.
 */
export default function globalSetup(globalConfig: Config.GlobalConfig): void {
  process.env.CHECKPOINT_DISABLE = "1";
  useProviderMirrorIfFound();
  if (!selectsOfflineTests(globalConfig.testPathPattern)) return;
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "offline-suite-"));
  const log = fs.openSync(path.join(runDir, RUN_FILES.log), "w");
  const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "offline-runner.ts"), runDir], {
    cwd: PROJECT_ROOT,
    env: process.env,
    stdio: ["ignore", log, log],
    detached: true,
  });
  child.unref();
  fs.closeSync(log);
  fs.writeFileSync(path.join(runDir, RUN_FILES.pid), String(child.pid));
  process.env[OFFLINE_RUN_VARIABLE] = runDir;
}

/** Whether Jest's path pattern (empty: every test) selects a test under test/terraform/. */
export function selectsOfflineTests(testPathPattern: string): boolean {
  if (testPathPattern === "") return true;
  const pattern = new RegExp(testPathPattern, "i");
  const dir = path.join(PROJECT_ROOT, "test", "terraform");
  return fs.readdirSync(dir).some((file) => pattern.test(path.join(dir, file)));
}
