import * as fs from "node:fs";
import * as path from "node:path";
import type { BuildOptions, BuildResult, Message, Metafile, OutputFile } from "esbuild";
import { FolderPackage, zipEntries } from "./package";

// TypeScript handlers (`code: { entry }`): bundled at synth by esbuild into one CommonJS file,
// then zipped by the writer that zips folders. esbuild is loaded only when a stack has such a
// handler, so a synth without one pays nothing for it.

/** Packages the Lambda Node.js runtimes provide (the AWS SDK v3): left out of the bundle, loaded from the runtime. */
export const RUNTIME_PROVIDED_PACKAGES: readonly string[] = ["@aws-sdk/*", "@smithy/*"];

/** The file extensions an entry may have. */
export const ENTRY_EXTENSIONS: readonly string[] = [".ts", ".mts", ".js", ".mjs"];

/** The bundle's file in the package; a handler is `index.<export>`. */
export const BUNDLE_FILE = "index.js";

/** How many of esbuild's messages a refusal quotes. */
const QUOTED_MESSAGES = 3;

export interface BundleOptions {
  /** The function's runtime, `nodejs<major>.x`: the bundle targets that Node.js (`nodejs22.x`: `node22`). */
  readonly runtime: string;
  /** Add `index.js.map` (linked from `index.js`, sources relative to the working directory, their contents left out). */
  readonly sourceMap?: boolean;
  /** Minify whitespace, syntax and local names (exports keep their names). */
  readonly minify?: boolean;
  /**
   * The folder paths in the bundle are relative to, and the entry must be in.
   * @default process.cwd()
   */
  readonly workingDirectory?: string;
}

/** A handler file bundled and zipped. */
export interface EntryBundle {
  /** The zip: `index.js`, and `index.js.map` with a source map. */
  readonly pkg: FolderPackage;
  /** The bundle's files by name (`index.js`, `index.js.map`). */
  readonly files: Readonly<Record<string, string>>;
  /** The entry's named exports, sorted (what `handler` may name after `index.`). */
  readonly exports: readonly string[];
  /**
   * False when the exports cannot be known from the sources: a CommonJS entry
   * (`exports.handler = ...`), or one that re-exports `*` from a package. Then no handler is refused.
   */
  readonly exportsKnown: boolean;
  /** The files bundled, relative to the working directory, sorted (the runtime's packages are not among them). */
  readonly inputs: readonly string[];
}

/** esbuild could not bundle an entry: its first messages, `file:line:column: text` (line from 1, column from 0, as esbuild prints them). */
export class BundleError extends Error {
  constructor(
    readonly entry: string,
    readonly messages: readonly string[],
  ) {
    super(`esbuild could not bundle ${entry}: ${messages.join("; ")}`);
    this.name = "BundleError";
  }
}

/** esbuild's target for a Node.js runtime (`nodejs22.x` → `node22`); undefined for any other runtime. */
export function esbuildTarget(runtime: string): string | undefined {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  return match === null ? undefined : `node${match[1]}`;
}

/** esbuild's messages as one line each, `file:line:column: text`, the first few and how many more. */
function formatMessages(messages: readonly Message[]): string[] {
  const lines = messages.slice(0, QUOTED_MESSAGES).map((m) => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ${m.text}` : m.text));
  if (messages.length > QUOTED_MESSAGES) lines.push(`and ${messages.length - QUOTED_MESSAGES} more`);
  return lines;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadEsbuild = (): typeof import("esbuild") => require("esbuild") as typeof import("esbuild");

/** esbuild's messages of a failed build, or the error itself as one message. */
function failureMessages(error: unknown): string[] {
  const errors = (error as { errors?: Message[] }).errors;
  return Array.isArray(errors) && errors.length > 0 ? formatMessages(errors) : [error instanceof Error ? error.message : String(error)];
}

/** A build's output, held in memory (`write: false`), and its metafile (`metafile: true`). */
interface Built {
  readonly outputFiles: readonly OutputFile[];
  readonly metafile: Metafile;
}

function built(result: BuildResult): Built {
  if (result.outputFiles === undefined || result.metafile === undefined) throw new Error("esbuild returned no output in memory or no metafile");
  return { outputFiles: result.outputFiles, metafile: result.metafile };
}

/**
 * Bundles `entry` for a Node.js runtime, every time (see {@link packageEntry} for once per
 * process): esbuild's `buildSync`, all imports bundled and tree-shaken but the runtime's AWS SDK
 * v3 ({@link RUNTIME_PROVIDED_PACKAGES}), into one CommonJS `index.js` held in memory, zipped
 * with the folders' zip writer. The bytes depend on the sources and the options only: paths in
 * the bundle (its comments, the source map's sources) are relative to the working directory, and
 * the zip holds no times. Throws a {@link BundleError} with esbuild's first messages when the
 * entry does not compile or an import does not resolve.
 */
export function bundleEntry(entry: string, options: BundleOptions): EntryBundle {
  const workingDirectory = path.resolve(options.workingDirectory ?? process.cwd());
  const absolute = path.resolve(workingDirectory, entry);
  const target = esbuildTarget(options.runtime);
  if (target === undefined) throw new Error(`bundle of ${entry}: ${options.runtime} is not a Node.js runtime (nodejs<major>.x)`);
  const relative = path.relative(workingDirectory, absolute);
  if (relative.startsWith("..") || path.isAbsolute(relative)) throw new Error(`bundle of ${entry}: not inside the working directory ${workingDirectory}`);
  if (!fs.existsSync(absolute)) throw new BundleError(entry, [`${entry}: no such file`]);
  const esbuild = loadEsbuild();
  const common: BuildOptions = {
    entryPoints: [absolute],
    absWorkingDir: workingDirectory,
    bundle: true,
    platform: "node",
    target,
    write: false,
    metafile: true,
    logLevel: "silent",
  };
  let bundled: Built;
  try {
    bundled = built(esbuild.buildSync({
      ...common,
      format: "cjs",
      // In the working directory, so the source map's sources are relative to it.
      outfile: path.join(workingDirectory, BUNDLE_FILE),
      treeShaking: true,
      minify: options.minify === true,
      // `linked`: the `//# sourceMappingURL=index.js.map` comment is how Node finds the map.
      sourcemap: options.sourceMap === true ? "linked" : false,
      sourcesContent: false,
      external: [...RUNTIME_PROVIDED_PACKAGES],
    }));
  } catch (error) {
    throw new BundleError(entry, failureMessages(error));
  }
  const files: Record<string, string> = {};
  const entries = bundled.outputFiles.map((file) => {
    const name = path.basename(file.path);
    files[name] = file.text;
    return { name, data: file.contents, executable: false };
  });
  const inputs = Object.keys(bundled.metafile.inputs).sort();
  return { pkg: zipEntries(entry, entries), files, ...entryExports(esbuild, common, workingDirectory, absolute), inputs };
}

/**
 * The entry's named exports. A CommonJS bundle's metafile lists none, so esbuild bundles the
 * entry a second time as ESM with every package external (only the project's own files are read:
 * `export *` from a local module counts) and reads that output's exports.
 */
function entryExports(esbuild: typeof import("esbuild"), common: BuildOptions, workingDirectory: string, absolute: string): Pick<EntryBundle, "exports" | "exportsKnown"> {
  let result: Built;
  try {
    result = built(esbuild.buildSync({ ...common, format: "esm", outfile: path.join(workingDirectory, "exports.mjs"), packages: "external" }));
  } catch {
    return { exports: [], exportsKnown: false };
  }
  const input = result.metafile.inputs[path.relative(workingDirectory, absolute).split(path.sep).join("/")];
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
  const reexportsPackage = result.outputFiles.some((file) => /^export \* from /m.test(file.text));
  return {
    exports: [...(output?.exports ?? [])].sort(),
    exportsKnown: input?.format === "esm" && output !== undefined && !reexportsPackage,
  };
}

const bundles = new Map<string, EntryBundle | BundleError>();

/**
 * {@link bundleEntry}, once per process for the same entry and options: the prop check and the
 * construct, or two stacks with the same handler, share one bundle (a failure is kept too, and
 * thrown again). The sources are read the first time only, so a process that edits them after
 * bundling them (none of `cdktf synth`, the tests or the scripts does) keeps the first bundle.
 */
export function packageEntry(entry: string, options: BundleOptions): EntryBundle {
  const workingDirectory = path.resolve(options.workingDirectory ?? process.cwd());
  const key = JSON.stringify([path.resolve(workingDirectory, entry), workingDirectory, options.runtime, options.sourceMap === true, options.minify === true]);
  let found = bundles.get(key);
  if (found === undefined) {
    try {
      found = bundleEntry(entry, { ...options, workingDirectory });
    } catch (error) {
      if (!(error instanceof BundleError)) throw error;
      found = error;
    }
    bundles.set(key, found);
  }
  if (found instanceof BundleError) throw found;
  return found;
}
