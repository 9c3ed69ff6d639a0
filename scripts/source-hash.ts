/**
 * A hash of the files a synthesized stack is made from: the project's TypeScript and JSON under
 * the given folders, and the lock file (which pins every dependency). Caches of synthesized
 * output are keyed by it, so a cache is used only for exactly the sources it was made from.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/** The project's parts that shape a synthesized stack. */
export const SYNTH_INPUTS = ["main.ts", "cli", "environments", "examples", "inspect", "modules", "policies", "scripts", "test/support", "test/fixtures/lambda", "package-lock.json", "tsconfig.json"] as const;

/** Folders whose every file shapes a stack, not only its TypeScript and JSON: code a function packages. */
const PACKAGED_FOLDERS = ["examples/", "test/fixtures/lambda/"];

/** The sha256 (hex) of every `.ts` and `.json` file under `entries` (relative to `root`), and every file a function packages, by path and content. */
export function sourceHash(root: string, entries: readonly string[] = SYNTH_INPUTS): string {
  const hash = createHash("sha256");
  const files: string[] = [];
  const visit = (relative: string): void => {
    const full = path.join(root, relative);
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    if (stat === undefined) return;
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(full).sort()) {
        if (entry === "node_modules" || entry.startsWith(".")) continue;
        visit(path.join(relative, entry));
      }
    } else if (/\.(ts|json)$/.test(relative) || PACKAGED_FOLDERS.some((folder) => relative.split(path.sep).join("/").startsWith(folder))) {
      files.push(relative);
    }
  };
  entries.forEach(visit);
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}
