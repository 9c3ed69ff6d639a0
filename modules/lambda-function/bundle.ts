import * as path from "node:path";
import type { PropProblem } from "../shared/errors";
import { FolderPackage, zipEntries } from "./package";

// TypeScript handlers (`code: { entry }`): bundled at synth by esbuild into one CommonJS file,
// then zipped like a folder. esbuild is loaded only when a stack has such a handler.

/** A handler file bundled: its package, or why it could not be bundled, and what the entry exports. */
export interface BundleResult {
  readonly pkg?: FolderPackage;
  /** The entry's named exports (what `handler` may name after `index.`). */
  readonly exports: readonly string[];
  readonly problems: readonly PropProblem[];
}

/** Packages the Lambda Node.js runtimes provide: left out of the bundle, loaded from the runtime. */
export const RUNTIME_PROVIDED_PACKAGES = ["@aws-sdk/*", "@smithy/*"] as const;

/** esbuild's target for a Node.js runtime (`nodejs22.x` → `node22`). */
export function esbuildTarget(runtime: string): string | undefined {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  return match === null ? undefined : `node${match[1]}`;
}

const bundles = new Map<string, BundleResult>();

/**
 * Bundles `entry` for `runtime` (once per process for the same entry and options, like
 * `packageFolder`): tree-shaken, not minified (stack traces stay readable), the AWS SDK v3
 * external, paths relative to the working directory (the bytes do not depend on where the
 * repository is checked out), no timestamps: the same sources give the same zip. With
 * `sourceMap`, `index.js.map` (sources relative, their contents included) goes beside it.
 */
export function bundleEntry(entry: string, runtime: string, options: { readonly sourceMap?: boolean } = {}): BundleResult {
  const absolute = path.resolve(entry);
  const key = `${absolute}\0${runtime}\0${options.sourceMap === true}`;
  let found = bundles.get(key);
  if (found === undefined) {
    found = build(entry, absolute, runtime, options.sourceMap === true);
    bundles.set(key, found);
  }
  return found;
}

function build(entry: string, absolute: string, runtime: string, sourceMap: boolean): BundleResult {
  const target = esbuildTarget(runtime);
  if (target === undefined) return { exports: [], problems: [{ prop: "runtime", expected: "must be a Node.js runtime (nodejs20.x, nodejs22.x) with code.entry: the bundle is JavaScript", given: runtime }] };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as typeof import("esbuild");
  const cwd = process.cwd();
  let result: import("esbuild").BuildResult<{ write: false; metafile: true }>;
  try {
    result = esbuild.buildSync({
      entryPoints: [absolute],
      absWorkingDir: cwd,
      bundle: true,
      platform: "node",
      format: "cjs",
      target,
      outfile: path.join(cwd, "index.js"),
      write: false,
      metafile: true,
      sourcemap: sourceMap ? "external" : false,
      sourcesContent: true,
      treeShaking: true,
      minify: false,
      legalComments: "none",
      external: [...RUNTIME_PROVIDED_PACKAGES],
      logLevel: "silent",
    });
  } catch (error) {
    const failure = error as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] };
    const messages = (failure.errors ?? []).slice(0, 3).map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text));
    return {
      exports: [],
      problems: [{ prop: "code.entry", expected: `must bundle (esbuild): ${messages.join("; ") || String(error)}`, given: entry }],
    };
  }
  const files = result.outputFiles.map((file) => ({ name: path.basename(file.path), data: Buffer.from(file.contents), executable: false }));
  return { pkg: zipEntries(entry, files), exports: entryExports(esbuild, absolute, cwd), problems: [] };
}

/**
 * The entry's named exports, from esbuild's metafile of the entry alone as ESM (a CommonJS
 * bundle's metafile lists none); `export *` from another module counts through the bundle.
 */
function entryExports(esbuild: typeof import("esbuild"), absolute: string, cwd: string): string[] {
  const result = esbuild.buildSync({
    entryPoints: [absolute],
    absWorkingDir: cwd,
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: path.join(cwd, "exports.mjs"),
    write: false,
    metafile: true,
    packages: "external",
    logLevel: "silent",
  });
  return Object.values(result.metafile.outputs).flatMap((o) => o.exports);
}
