import * as fs from "node:fs";
import * as path from "node:path";
import { OFFLINE_RUN_VARIABLE } from "./global-setup";
import { RUN_FILES } from "./offline-runner";

/** Stops the background offline check if it is still running (a test run cut short), and removes its folder. */
export default function globalTeardown(): void {
  const runDir = process.env[OFFLINE_RUN_VARIABLE];
  if (!runDir) return;
  const pid = Number(fs.readFileSync(path.join(runDir, RUN_FILES.pid), { encoding: "utf8", flag: "r" }));
  // A runner that finished may have had its process id reused: signal only one still running.
  if (!fs.existsSync(path.join(runDir, RUN_FILES.done))) {
    try {
      // The runner leads its own process group: its Terraform processes stop with it.
      process.kill(-pid, "SIGTERM");
    } catch {
      // Already finished.
    }
  }
  fs.rmSync(runDir, { recursive: true, force: true });
}
