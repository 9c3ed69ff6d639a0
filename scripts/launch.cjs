#!/usr/bin/env node
/**
 * Runs a TypeScript program of the project fast: `node scripts/launch.cjs main.ts [args...]`.
 *
 * `node --import tsx main.ts` spends most of a synth transforming TypeScript, resolving about 670
 * module files and compiling them. This launcher bundles the program with esbuild into one
 * JavaScript file under .cache/bundle/, and runs it with V8's code cache (the compiled code kept
 * beside the bundle), so a synth mostly builds constructs and writes JSON.
 *
 * Never stale: the bundle is keyed by a hash of every project file esbuild read to build it
 * (listed in its manifest), the lock file, tsconfig.json, this launcher, and the Node and esbuild
 * versions. Each run hashes those files again (a few milliseconds) and rebuilds when any
 * differs; an edit that adds an import changes a listed file, so it rebuilds too.
 *
 * It is plain JavaScript because it is what runs before any TypeScript can. A bug's stack trace
 * points into the bundle, whose comments name each source file; the message says how to get
 * the TypeScript positions.
 */
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const vm = require("node:vm");

const root = path.resolve(__dirname, "..");
const cacheDir = path.join(root, ".cache", "bundle");
/** Files every bundle depends on besides its own inputs. */
const SHARED_INPUTS = ["package-lock.json", "tsconfig.json", path.relative(root, __filename)];

function hashOf(files) {
  const hash = crypto.createHash("sha256");
  hash.update(`${process.version}\0${require("esbuild/package.json").version}\0`);
  for (const file of [...SHARED_INPUTS, ...files]) {
    hash.update(`${file}\0`);
    try {
      hash.update(fs.readFileSync(path.join(root, file)));
    } catch {
      hash.update("(missing)");
    }
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 24);
}

function writeAtomically(file, content) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

/** The bundle for an entry: the cached one when its inputs are unchanged, else a new build. */
function bundleFor(entry, retried = false) {
  const name = path.relative(root, entry).replace(/[^A-Za-z0-9]+/g, "-");
  const manifestFile = path.join(cacheDir, `${name}.json`);
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
    const file = path.join(cacheDir, manifest.bundle);
    if (manifest.key === hashOf(manifest.inputs) && fs.existsSync(file)) return file;
  } catch {
    // No manifest yet, or an unreadable one: build.
  }
  const esbuild = require("esbuild");
  const buildStarted = Date.now();
  const result = esbuild.buildSync({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: `node${process.versions.node.split(".")[0]}`,
    tsconfig: path.join(root, "tsconfig.json"),
    // Not written (write: false): names the output.
    outfile: path.join(cacheDir, `${name}.js`),
    metafile: true,
    write: false,
    logLevel: "silent",
    // Optional native or dynamic dependencies of bundled packages that are never loaded here;
    // and esbuild itself, which the lambda-function module runs to bundle TypeScript handlers
    // (its JavaScript API finds its binary from its own package folder, so it cannot be bundled).
    external: ["fsevents", "esbuild"],
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !input.split(/[\\/]/).includes("node_modules"))
    .sort();
  // One bundle has one __dirname, the entry's: a bundled file that reads its own would be wrong.
  const located = inputs.filter((input) => path.resolve(root, input) !== entry && /\b__(dirname|filename)\b/.test(fs.readFileSync(path.join(root, input), "utf8")));
  if (located.length > 0) {
    throw new Error(`launch.cjs cannot bundle ${path.relative(root, entry)}: ${located.join(", ")} use __dirname or __filename, which a bundle does not keep per file; run it with node --import tsx`);
  }
  // A file edited while esbuild read it would be cached under its new content: build again.
  // (Once: a file dated in the future would otherwise never settle.)
  if (!retried && inputs.some((input) => fs.statSync(path.join(root, input)).mtimeMs >= buildStarted - 5)) return bundleFor(entry, true);
  const key = hashOf(inputs);
  const bundle = `${name}-${key}.js`;
  fs.mkdirSync(cacheDir, { recursive: true });
  writeAtomically(path.join(cacheDir, bundle), result.outputFiles[0].text);
  // Older bundles of this entry are no longer reachable from the manifest.
  for (const old of fs.readdirSync(cacheDir)) {
    if (old.startsWith(`${name}-`) && !old.startsWith(bundle)) fs.rmSync(path.join(cacheDir, old), { force: true });
  }
  writeAtomically(manifestFile, JSON.stringify({ entry: path.relative(root, entry), key, bundle, inputs }, null, 2));
  return path.join(cacheDir, bundle);
}

/** Runs a CommonJS bundle as the main module, through V8's code cache kept beside it. */
function runBundle(file, entry) {
  const cacheFile = `${file}.v8cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, "utf8")), { filename: file, cachedData });
  const mainModule = new Module(entry, null);
  mainModule.filename = entry;
  mainModule.paths = Module._nodeModulePaths(path.dirname(entry));
  const requireFromEntry = Module.createRequire(entry);
  // The program's `require.main === module` check: this module is the main one.
  requireFromEntry.main = mainModule;
  process.mainModule = mainModule;
  const wrapper = script.runInThisContext();
  const finish = () => {
    if (cachedData === undefined || script.cachedDataRejected) {
      try {
        writeAtomically(cacheFile, script.createCachedData());
      } catch {
        // A read-only cache folder only costs speed.
      }
    }
  };
  try {
    wrapper.call(mainModule.exports, mainModule.exports, requireFromEntry, mainModule, entry, path.dirname(entry));
  } finally {
    finish();
  }
}

/** The synthesized stacks a failed synth must not leave behind (`--synth`): CDKTF_OUTDIR's, or cdktf.out's. */
function removeSynthOutput() {
  const outdir = process.env.CDKTF_OUTDIR || "cdktf.out";
  fs.rmSync(path.join(outdir, "stacks"), { recursive: true, force: true });
  fs.rmSync(path.join(outdir, "manifest.json"), { force: true });
}

function main() {
  let argv = process.argv.slice(2);
  // --synth: the program synthesizes stacks; if it cannot even be built or loaded (a syntax
  // error, a throw while modules load), or exits with an error, no earlier stack is left behind.
  const synth = argv[0] === "--synth";
  if (synth) argv = argv.slice(1);
  const [target, ...args] = argv;
  if (!target) {
    process.stderr.write("usage: node scripts/launch.cjs [--synth] <program.ts> [args...]\n");
    return 2;
  }
  const entry = path.resolve(target);
  process.argv = [process.argv[0], entry, ...args];
  if (synth) {
    process.on("exit", (code) => {
      if (code !== 0) removeSynthOutput();
    });
  }
  let bundle;
  try {
    bundle = bundleFor(entry);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  try {
    runBundle(bundle, entry);
  } catch (error) {
    // A bug (the programs print users' errors themselves): its stack, and how to see it in the
    // TypeScript sources rather than the bundle (whose comments name each file anyway).
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.stderr.write(`(positions are in the bundle ${path.relative(process.cwd(), bundle)}; for the TypeScript ones run: node --import tsx ${path.relative(process.cwd(), entry)})\n`);
    return 1;
  }
  return undefined;
}

const code = main();
if (code !== undefined) process.exitCode = code;
