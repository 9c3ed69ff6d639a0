import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inflateRawSync } from "node:zlib";
import { Token } from "cdktf";
import {
  BundleError,
  bundleEntry,
  esbuildTarget,
  LambdaFunction,
  lambdaFunctionPropProblems,
  LambdaFunctionProps,
  packageEntry,
  packageSizeProblems,
  zipEntries,
  zipFolder,
} from "../../modules/lambda-function";
import { testRefusedProps } from "../support/refuses-props";
import { onlyResource, synthJson, testStack } from "../support/synth";

const FIXTURES = "test/fixtures/lambda-ts";
const ENTRY = `${FIXTURES}/handler.ts`;
const RUNTIME = "nodejs22.x";

const props = (overrides: Partial<LambdaFunctionProps> = {}): LambdaFunctionProps => ({
  name: "acme-staging",
  functionName: "api",
  region: "us-east-1",
  accountId: "123456789012",
  code: { entry: ENTRY },
  runtime: RUNTIME,
  logRetentionDays: 14,
  ...overrides,
});

function withFunction(p: LambdaFunctionProps, stack = testStack("us-east-1", "123456789012")) {
  new LambdaFunction(stack, "Fn", p);
  return stack;
}

function functionOf(p: LambdaFunctionProps): Record<string, unknown> {
  return onlyResource(synthJson(withFunction(p)), "aws_lambda_function");
}

/** The files of a zip the package writer made (stored or deflated entries, no extras), in archive order. */
function unzip(zip: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const method = zip.readUInt16LE(at + 8);
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const name = zip.subarray(at + 30, at + 30 + nameLength).toString("utf8");
    const data = zip.subarray(at + 30 + nameLength, at + 30 + nameLength + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString("utf8"));
    at += 30 + nameLength + size;
  }
  return files;
}

// Entries the refusals need that cannot be committed (they do not compile): written inside the
// working directory (the entry must be), in the ignored .cache folder, removed after the tests.
fs.mkdirSync(".cache", { recursive: true });
const scratch = path.relative(process.cwd(), fs.mkdtempSync(path.join(process.cwd(), ".cache", "lambda-bundle-")));
const scratchFile = (name: string, text: string): string => {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, text);
  return file.split(path.sep).join("/");
};
const SYNTAX_ERROR = scratchFile("syntax.ts", "export const handler = async () => 1;\nexport const broken = (: number) => 1;\n");
const UNRESOLVED = scratchFile("unresolved.ts", 'import { nothing } from "./not-there";\nexport const handler = async () => nothing;\n');
const COMMONJS = scratchFile("commonjs.js", 'exports.handler = async () => "from CommonJS";\n');
const SMITHY = scratchFile("smithy.ts", 'import { NoOpLogger } from "@smithy/smithy-client";\nexport const handler = async () => new NoOpLogger();\n');
const outside = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-outside-"));
const OUTSIDE = path.join(outside, "handler.ts");
fs.copyFileSync(path.join(FIXTURES, "greeting.ts"), OUTSIDE);
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

describe("bundling a TypeScript handler", () => {
  test("one CommonJS index.js: the local module bundled, its unused export shaken out, the AWS SDK left to the runtime", () => {
    const bundle = bundleEntry(ENTRY, { runtime: RUNTIME });
    expect([...unzip(bundle.pkg.zip).keys()]).toEqual(["index.js"]);
    const code = bundle.files["index.js"]!;
    expect(unzip(bundle.pkg.zip).get("index.js")).toBe(code);
    expect(code).toMatch(/^"use strict";/);
    expect(code).toContain("module.exports = __toCommonJS(");
    expect(code).toContain("return `hello ${name}`;");
    // Tree shaking: greeting.ts's other export is not in the bundle.
    expect(code).not.toContain("UNUSED_HELPER_MARKER");
    expect(code).not.toContain("neverUsed");
    // The SDK: a require the runtime serves, none of its code (only the two fixture files went in).
    expect(code).toContain('require("@aws-sdk/client-dynamodb")');
    expect(bundle.inputs).toEqual([`${FIXTURES}/greeting.ts`, `${FIXTURES}/handler.ts`]);
    expect(bundle.pkg.unzippedBytes).toBeLessThan(2000);
    expect(bundle.exports).toEqual(["client", "handler"]);
    expect(bundle.exportsKnown).toBe(true);
  });

  test("@smithy/* stays external too", () => {
    const bundle = bundleEntry(SMITHY, { runtime: RUNTIME });
    expect(bundle.files["index.js"]).toContain('require("@smithy/smithy-client")');
    expect(bundle.inputs).toEqual([SMITHY]);
  });

  test("the target follows the runtime", () => {
    expect(esbuildTarget("nodejs22.x")).toBe("node22");
    expect(esbuildTarget("nodejs20.x")).toBe("node20");
    expect(esbuildTarget("python3.13")).toBeUndefined();
    // Optional chaining is kept for node22, and lowered for an old target.
    const file = scratchFile("chaining.ts", "export const handler = async (e?: { a?: string }) => e?.a;\n");
    expect(bundleEntry(file, { runtime: "nodejs22.x" }).files["index.js"]).toContain("e?.a");
    expect(bundleEntry(file, { runtime: "nodejs12.x" }).files["index.js"]).not.toContain("e?.a");
  });

  test("the bundle runs: the handler export answers", () => {
    const bundle = bundleEntry(ENTRY, { runtime: RUNTIME });
    const run = runBundle(bundle.files, 'require("./index.js").handler({ name: "ada" }).then((r) => console.log(r))');
    expect(run.stdout.trim()).toBe("hello ada");
  });
});

/** Writes a bundle's files to a fresh folder and runs `script` there with Node (the repository's packages on NODE_PATH, as the runtime provides the SDK). */
function runBundle(files: Readonly<Record<string, string>>, script: string, nodeOptions: string[] = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-run-"));
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    const run = spawnSync(process.execPath, [...nodeOptions, "-e", script], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NODE_PATH: path.join(process.cwd(), "node_modules"), NODE_OPTIONS: "" },
    });
    return { stdout: run.stdout, stderr: run.stderr, status: run.status };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("determinism", () => {
  /** A copy of the fixtures at the same path inside a "checkout" at `root`, with the repository's tsconfig.json (esbuild reads it: `strict` makes "use strict"). */
  function checkout(root: string): string {
    fs.mkdirSync(path.join(root, FIXTURES), { recursive: true });
    fs.copyFileSync("tsconfig.json", path.join(root, "tsconfig.json"));
    for (const file of fs.readdirSync(FIXTURES)) fs.copyFileSync(path.join(FIXTURES, file), path.join(root, FIXTURES, file));
    return root;
  }

  test("the same sources give the same bytes wherever the repository is checked out, whatever the files' times; a change changes the hash", () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-checkouts-"));
    try {
      const a = checkout(path.join(parent, "a"));
      const b = checkout(path.join(parent, "somewhere", "much", "deeper", "b"));
      // Every file of one checkout a day older.
      for (const file of fs.readdirSync(path.join(b, FIXTURES))) {
        const yesterday = new Date(Date.now() - 24 * 3600 * 1000);
        fs.utimesSync(path.join(b, FIXTURES, file), yesterday, yesterday);
      }
      for (const options of [{}, { sourceMap: true }, { minify: true }]) {
        const first = bundleEntry(ENTRY, { runtime: RUNTIME, ...options, workingDirectory: a });
        const second = bundleEntry(ENTRY, { runtime: RUNTIME, ...options, workingDirectory: b });
        expect(second.pkg.zip.equals(first.pkg.zip)).toBe(true);
        expect(second.pkg.sha256Hex).toBe(first.pkg.sha256Hex);
        expect(first.files["index.js"]).not.toContain(parent);
        // And the same as in this repository.
        expect(bundleEntry(ENTRY, { runtime: RUNTIME, ...options }).pkg.sha256Hex).toBe(first.pkg.sha256Hex);
      }
      const before = bundleEntry(ENTRY, { runtime: RUNTIME, workingDirectory: a }).pkg;
      const greeting = path.join(a, FIXTURES, "greeting.ts");
      fs.writeFileSync(greeting, fs.readFileSync(greeting, "utf8").replace("hello ", "hi "));
      const after = bundleEntry(ENTRY, { runtime: RUNTIME, workingDirectory: a }).pkg;
      expect(after.sha256Hex).not.toBe(before.sha256Hex);
      expect(unzip(after.zip).get("index.js")).toContain("hi ${name}");
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  test("once per process per entry and options: the check and two stacks share one bundle", () => {
    const first = packageEntry(ENTRY, { runtime: RUNTIME });
    expect(packageEntry(ENTRY, { runtime: RUNTIME })).toBe(first);
    expect(packageEntry(`./${ENTRY}`, { runtime: RUNTIME, sourceMap: false })).toBe(first);
    expect(packageEntry(path.resolve(ENTRY), { runtime: RUNTIME })).toBe(first);
    expect(packageEntry(ENTRY, { runtime: RUNTIME, sourceMap: true })).not.toBe(first);
    expect(packageEntry(ENTRY, { runtime: RUNTIME, minify: true })).not.toBe(first);
    // Two stacks (two apps), each checking its props and building: the bundle above, every time.
    const hashes = [1, 2].map(() => {
      expect(lambdaFunctionPropProblems(props())).toEqual([]);
      return functionOf(props()).source_code_hash;
    });
    expect(packageEntry(ENTRY, { runtime: RUNTIME })).toBe(first);
    expect(hashes).toEqual([first.pkg.sha256Base64, first.pkg.sha256Base64]);
  });

  test("a failure is kept too: thrown again without bundling again", () => {
    let thrown: unknown;
    try {
      packageEntry(SYNTAX_ERROR, { runtime: RUNTIME });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BundleError);
    expect(() => packageEntry(SYNTAX_ERROR, { runtime: RUNTIME })).toThrow(thrown as Error);
  });
});

describe("zipping in memory", () => {
  test("the folder's zip writer: a folder's files given in memory zip to the folder's bytes", () => {
    const folder = "test/fixtures/lambda/node";
    const fromFolder = zipFolder(folder);
    const files = fromFolder.entries.map((name) => ({ name, data: fs.readFileSync(path.join(folder, name)), executable: (fs.statSync(path.join(folder, name)).mode & 0o111) !== 0 }));
    const inMemory = zipEntries(folder, [...files].reverse());
    expect(inMemory.zip.equals(fromFolder.zip)).toBe(true);
    expect(inMemory.entries).toEqual(fromFolder.entries);
  });

  test.each([["/abs.js"], ["../up.js"], ["a/../b.js"], ["a\\b.js"], [""], ["dir/"]])("refuses the name %p", (name) => {
    expect(() => zipEntries("test", [{ name, data: Buffer.from("x"), executable: false }])).toThrow(/is not a relative \/-separated path/);
  });

  test("refuses a name given twice", () => {
    const file = { name: "index.js", data: Buffer.from("x"), executable: false };
    expect(() => zipEntries("test", [file, file])).toThrow(/index\.js is given twice/);
  });

  test("a bundle too large is refused under code.entry, with the bundle's own advice", () => {
    const [problem] = packageSizeProblems(ENTRY, { zip: Buffer.alloc(51 * 1024 * 1024), unzippedBytes: 1 }, "code.entry");
    expect(problem).toMatchObject({ prop: "code.entry", given: `${ENTRY} (51.0 MB zipped)` });
    expect(problem!.expected).toMatch(/^must bundle and zip to at most 50 MB/);
  });
});

describe("source maps and minifying", () => {
  test("without a source map: no map, no link to one, no NODE_OPTIONS", () => {
    const bundle = bundleEntry(ENTRY, { runtime: RUNTIME });
    expect(Object.keys(bundle.files)).toEqual(["index.js"]);
    expect(bundle.files["index.js"]).not.toContain("sourceMappingURL");
    expect(functionOf(props()).environment).toBeUndefined();
  });

  test("with one: index.js.map beside the bundle, linked, sources relative, and Node told to use it", () => {
    const bundle = bundleEntry(ENTRY, { runtime: RUNTIME, sourceMap: true });
    expect([...unzip(bundle.pkg.zip).keys()]).toEqual(["index.js", "index.js.map"]);
    expect(bundle.files["index.js"]).toMatch(/\/\/# sourceMappingURL=index\.js\.map\n$/);
    const map = JSON.parse(bundle.files["index.js.map"]!) as { sources: string[]; sourcesContent?: unknown };
    expect(map.sources.sort()).toEqual([`${FIXTURES}/greeting.ts`, `${FIXTURES}/handler.ts`]);
    expect(map.sourcesContent).toBeUndefined();
    expect(functionOf(props({ code: { entry: ENTRY, sourceMap: true } }))).toMatchObject({
      handler: "index.handler",
      runtime: RUNTIME,
      environment: { variables: { NODE_OPTIONS: "--enable-source-maps" } },
    });
  });

  test("the flag is added to a NODE_OPTIONS of environment, once", () => {
    const variables = (environment: Record<string, string>) =>
      (functionOf(props({ code: { entry: ENTRY, sourceMap: true }, environment })).environment as { variables: Record<string, string> }).variables;
    expect(variables({ NODE_OPTIONS: "--max-old-space-size=400" }).NODE_OPTIONS).toBe("--max-old-space-size=400 --enable-source-maps");
    expect(variables({ NODE_OPTIONS: "--enable-source-maps --no-warnings" }).NODE_OPTIONS).toBe("--enable-source-maps --no-warnings");
    expect(variables({ NODE_OPTIONS: "--no-warnings" })).toEqual({ NODE_OPTIONS: "--no-warnings --enable-source-maps" });
    expect((functionOf(props({ environment: { NODE_OPTIONS: "--no-warnings" } })).environment as { variables: unknown }).variables).toEqual({ NODE_OPTIONS: "--no-warnings" });
  });

  test("with the map, a stack trace names the TypeScript file and line; without, the bundle's", () => {
    const script = 'require("./index.js").handler({ what: "x" }).catch((e) => console.log(e.stack))';
    const mapped = runBundle(bundleEntry(`${FIXTURES}/failing.ts`, { runtime: RUNTIME, sourceMap: true }).files, script, ["--enable-source-maps"]);
    expect(mapped.stdout).toMatch(/boom: x\n\s+at explode \(.*test\/fixtures\/lambda-ts\/explode\.ts:3:9\)/);
    const plain = runBundle(bundleEntry(`${FIXTURES}/failing.ts`, { runtime: RUNTIME }).files, script, ["--enable-source-maps"]);
    expect(plain.stdout).toMatch(/at explode \(.*index\.js:\d+:\d+\)/);
    expect(plain.stdout).not.toContain("explode.ts");
  });

  test("minified: smaller, no comments, the exports keep their names and still answer", () => {
    const plain = bundleEntry(ENTRY, { runtime: RUNTIME });
    const minified = bundleEntry(ENTRY, { runtime: RUNTIME, minify: true });
    const code = minified.files["index.js"]!;
    expect(code.length).toBeLessThan(plain.files["index.js"]!.length * 0.8);
    expect(code).not.toContain("// test/fixtures");
    expect(code).not.toContain("function greet(");
    expect(plain.files["index.js"]).toContain("function greet(");
    expect(minified.exports).toEqual(["client", "handler"]);
    expect(runBundle(minified.files, 'require("./index.js").handler({ name: "min" }).then(console.log)').stdout.trim()).toBe("hello min");
    expect(functionOf(props({ code: { entry: ENTRY, minify: true } })).source_code_hash).toBe(minified.pkg.sha256Base64);
  });
});

describe("the function", () => {
  test("its package is the bundle, hashed; its handler defaults to index.handler", () => {
    expect(functionOf(props())).toMatchObject({
      handler: "index.handler",
      runtime: RUNTIME,
      package_type: "Zip",
      source_code_hash: bundleEntry(ENTRY, { runtime: RUNTIME }).pkg.sha256Base64,
    });
  });

  test("another export may be the handler", () => {
    expect(functionOf(props({ handler: "index.client" })).handler).toBe("index.client");
  });

  test("a handler re-exported from a local module counts", () => {
    expect(bundleEntry(`${FIXTURES}/reexport.ts`, { runtime: RUNTIME }).exports).toEqual(["client", "handler"]);
    expect(lambdaFunctionPropProblems(props({ code: { entry: `${FIXTURES}/reexport.ts` }, handler: "index.nope" }))).toEqual([
      expect.objectContaining({ prop: "handler", expected: expect.stringContaining("(it exports client, handler)") }),
    ]);
    expect(functionOf(props({ code: { entry: `${FIXTURES}/reexport.ts` } })).handler).toBe("index.handler");
  });

  test("a CommonJS entry's exports cannot be read from its sources: its handler is not checked", () => {
    const bundle = bundleEntry(COMMONJS, { runtime: RUNTIME });
    expect(bundle.exportsKnown).toBe(false);
    expect(lambdaFunctionPropProblems(props({ code: { entry: COMMONJS }, handler: "index.anything" }))).toEqual([]);
    expect(runBundle(bundle.files, 'require("./index.js").handler().then(console.log)').stdout.trim()).toBe("from CommonJS");
  });

  test('"pipeline" ignores the bundle after the first deploy, as it does a folder', () => {
    expect(functionOf(props({ codeUpdates: "pipeline" })).lifecycle).toEqual({ ignore_changes: ["filename", "source_code_hash"] });
  });
});

test("README example", () => {
  const stack = testStack("eu-west-1", "123456789012");
  const orders = new LambdaFunction(stack, "Orders", {
    name: "acme-staging",
    functionName: "orders",
    region: "eu-west-1",
    accountId: "123456789012",
    code: { entry: "test/fixtures/lambda-ts/handler.ts", sourceMap: true },
    runtime: "nodejs22.x",
    handler: "index.handler",
    logRetentionDays: 30,
  });
  expect(orders.runtime).toBe("nodejs22.x");
  expect(onlyResource(synthJson(stack), "aws_lambda_function")).toMatchObject({
    function_name: "acme-staging-orders",
    handler: "index.handler",
    source_code_hash: bundleEntry(ENTRY, { runtime: RUNTIME, sourceMap: true }).pkg.sha256Base64,
    environment: { variables: { NODE_OPTIONS: "--enable-source-maps" } },
  });
});

describe("refusals", () => {
  testRefusedProps<LambdaFunctionProps>(
    [
      ["a missing entry", { code: { entry: `${FIXTURES}/nope.ts` } }, /code\.entry must be an existing file \(absolute, or relative to the working directory .*\); nothing is there; got "test\/fixtures\/lambda-ts\/nope\.ts"/],
      ["a folder as entry", { code: { entry: scratch } }, /code\.entry must be an existing file .*this is a folder/],
      ["an entry of another kind", { code: { entry: "README.md" } }, /code\.entry must be a handler file ending in \.ts, \.mts, \.js, \.mjs/],
      ["an entry outside the working directory", { code: { entry: OUTSIDE } }, /code\.entry must be inside the working directory .*: the bundle's paths are relative to it/],
      ["an entry known only at apply", { code: { entry: Token.asString({ Ref: "x" }) } }, /code\.entry must be a literal path known at synth.*; got "an unresolved token"/],
      ["a syntax error", { code: { entry: SYNTAX_ERROR } }, new RegExp(`code\\.entry must bundle with esbuild: ${SYNTAX_ERROR.replace(/\./g, "\\.")}:2:23: Unexpected ":"`)],
      ["an import that does not resolve", { code: { entry: UNRESOLVED } }, new RegExp(`code\\.entry must bundle with esbuild: ${UNRESOLVED.replace(/\./g, "\\.")}:1:24: Could not resolve "\\./not-there"`)],
      ["a Python runtime", { runtime: "python3.13" }, /runtime must be a Node\.js runtime with code\.entry \(nodejs22\.x\): the bundle is JavaScript/],
      ["a deprecated Node.js runtime", { runtime: "nodejs20.x" as LambdaFunctionProps["runtime"] }, /runtime was deprecated by AWS on 2026-04-30; use nodejs22\.x/],
      ["no runtime", { runtime: undefined }, /runtime is required with code\.entry: a Node\.js runtime \(nodejs22\.x\)/],
      ["a handler of another file", { handler: "app.handler" }, /handler must be "index\.<export>" with code\.entry \(the bundle is index\.js\)/],
      ["a handler the entry does not export", { handler: "index.main" }, /handler names main, which test\/fixtures\/lambda-ts\/handler\.ts does not export \(it exports client, handler\): export the handler function as main/],
      ["a default handler the entry does not have", { code: { entry: `${FIXTURES}/greeting.ts` } }, /handler names handler, which test\/fixtures\/lambda-ts\/greeting\.ts does not export \(it exports greet, neverUsed\)/],
      ["a sourceMap that is not a boolean", { code: { entry: ENTRY, sourceMap: "yes" as unknown as boolean } }, /code\.sourceMap must be true or false/],
      ["a minify that is not a boolean", { code: { entry: ENTRY, minify: 1 as unknown as boolean } }, /code\.minify must be true or false/],
      ["entry and folder both", { code: { entry: ENTRY, folder: FIXTURES } as never }, /code must be \{ folder \}.*\{ entry \}.*exactly one/],
    ],
    { build: (overrides) => withFunction(props(overrides)), check: (overrides) => lambdaFunctionPropProblems(props(overrides)) },
  );

  test("a bundle error is esbuild's message, not a stack trace", () => {
    const problems = lambdaFunctionPropProblems(props({ code: { entry: SYNTAX_ERROR } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.expected).not.toMatch(/\n|\bat \w+ \(/);
  });

  test("a folder's handler is not held to the entry's index.<export>", () => {
    expect(lambdaFunctionPropProblems(props({ code: { folder: "test/fixtures/lambda/node" }, handler: "dist/handler.main" }))).toEqual([]);
  });
});
