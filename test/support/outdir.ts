import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

let outdir: string | undefined;

/**
 * One scratch output folder for every app a test file creates (cdktf's Testing.app() would
 * leave a new temporary folder behind for each). Removed after the file's tests.
 */
export function testOutdir(): string {
  outdir ??= fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-test-"));
  return outdir;
}

export function removeTestOutdir(): void {
  if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
  outdir = undefined;
}
