import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inflateRawSync } from "node:zlib";
import { LambdaFunction, lambdaFunctionPropProblems, LambdaFunctionProps } from "../../modules/lambda-function";
import { bundleEntry } from "../../modules/lambda-function/bundle";
import { testRefusedProps } from "../support/refuses-props";
import { synthJson, testStack } from "../support/synth";

const FIXTURES = "test/fixtures/lambda-ts";
const ENTRY = `${FIXTURES}/handler.ts`;

const props = (overrides: Partial<LambdaFunctionProps> = {}): LambdaFunctionProps => ({
  name: "acme-staging",
  functionName: "api",
  region: "us-east-1",
  accountId: "123456789012",
  code: { entry: ENTRY },
  runtime: "nodejs22.x",
  logRetentionDays: 14,
  ...overrides,
});

/** The files of a zip the package writer made (stored or deflated entries, no extras). */
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

describe("bundling a TypeScript handler", () => {
  test("one index.js: the local module bundled, its unused code shaken out, the AWS SDK left to the runtime", () => {
    const result = bundleEntry(ENTRY, "nodejs22.x");
    expect(result.problems).toEqual([]);
    const files = unzip(result.pkg!.zip);
    expect([...files.keys()]).toEqual(["index.js"]);
    const code = files.get("index.js")!;
    expect(code).toContain("hello ");
    expect(code).not.toContain("UNUSED_HELPER_MARKER");
    expect(code).toMatch(/require\("@aws-sdk\/client-dynamodb"\)/);
    expect(code).not.toContain("DynamoDBClient.prototype");
    expect([...result.exports].sort()).toEqual(["client", "handler"]);
  });

  test("deterministic: the same sources give the same bytes, wherever the repository is; a change changes the hash", () => {
    const dir = fs.mkdtempSync((fs.mkdirSync(".cache", { recursive: true }), path.join(process.cwd(), ".cache", "bundle-test-")));
    try {
      for (const file of ["handler.ts", "greeting.ts"]) fs.copyFileSync(path.join(FIXTURES, file), path.join(dir, file));
      const copy = bundleEntry(path.join(path.relative(process.cwd(), dir), "handler.ts"), "nodejs22.x");
      const original = bundleEntry(ENTRY, "nodejs22.x");
      // Only the paths in the bundle's comments differ between the two folders.
      const normalize = (zip: Buffer) => unzip(zip).get("index.js")!.replace(/\/\/ .*\n/g, "");
      expect(normalize(copy.pkg!.zip)).toBe(normalize(original.pkg!.zip));
      fs.writeFileSync(path.join(dir, "greeting.ts"), fs.readFileSync(path.join(dir, "greeting.ts"), "utf8").replace("hello ", "hi "));
      // A fresh process would bundle again; here the cache keys the entry and options, so ask for another runtime.
      const changed = bundleEntry(path.join(path.relative(process.cwd(), dir), "handler.ts"), "nodejs20.x");
      expect(changed.pkg!.sha256Hex).not.toBe(copy.pkg!.sha256Hex);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const a = bundleEntry(ENTRY, "nodejs22.x").pkg!;
    expect(a.zip.equals(bundleEntry(ENTRY, "nodejs22.x").pkg!.zip)).toBe(true);
  });

  test("a source map on request, beside the bundle, and Node told to use it", () => {
    const mapped = bundleEntry(ENTRY, "nodejs22.x", { sourceMap: true });
    const files = unzip(mapped.pkg!.zip);
    expect([...files.keys()]).toEqual(["index.js", "index.js.map"]);
    expect(JSON.parse(files.get("index.js.map")!).sources).toEqual(expect.arrayContaining([expect.stringMatching(/greeting\.ts$/)]));
    const fn = synthJson(withFunction(props({ code: { entry: ENTRY, sourceMap: true } })));
    const [resource] = Object.values(fn.resource?.aws_lambda_function ?? {});
    expect(resource).toMatchObject({ handler: "index.handler", runtime: "nodejs22.x", environment: { variables: { NODE_OPTIONS: "--enable-source-maps" } } });
  });

  test("the function's package is the bundle, hashed; its handler defaults to index.handler", () => {
    const json = synthJson(withFunction(props()));
    const [resource] = Object.values(json.resource?.aws_lambda_function ?? {});
    expect(resource).toMatchObject({ handler: "index.handler", package_type: "Zip", source_code_hash: bundleEntry(ENTRY, "nodejs22.x").pkg!.sha256Base64 });
    expect((resource as { environment?: unknown }).environment).toBeUndefined();
  });
});

function withFunction(p: LambdaFunctionProps) {
  const stack = testStack("us-east-1", "123456789012");
  new LambdaFunction(stack, "Fn", p);
  return stack;
}

describe("refusals", () => {
  testRefusedProps<LambdaFunctionProps>(
    [
      ["a missing entry", { code: { entry: `${FIXTURES}/nope.ts` } }, /code\.entry must be an existing file/],
      ["an entry of another kind", { code: { entry: "README.md" } }, /code\.entry must be a \.ts, \.mts, \.js or \.mjs handler file/],
      ["an entry outside the working directory", { code: { entry: path.join(os.tmpdir(), "x.ts") } }, /code\.entry must be inside the working directory/],
      ["a Python runtime", { runtime: "python3.13" }, /runtime must be a Node\.js runtime with code\.entry/],
      ["no runtime", { runtime: undefined }, /runtime is required with code\.entry/],
      ["a handler of another file", { handler: "app.handler" }, /handler must be "index\.<export>" with code\.entry/],
      ["entry and folder both", { code: { entry: ENTRY, folder: FIXTURES } as never }, /code must be \{ folder \}.*\{ entry \}.*exactly one/],
    ],
    { build: (overrides) => withFunction(props(overrides)), check: (overrides) => lambdaFunctionPropProblems(props(overrides)) },
  );

  test("a handler the entry does not export, and a file that does not compile, name the prop and the place", () => {
    expect(() => withFunction(props({ handler: "index.main" }))).toThrow(/handler names no export of test\/fixtures\/lambda-ts\/handler\.ts \(it exports client, handler\)/);
    const dir = fs.mkdtempSync((fs.mkdirSync(".cache", { recursive: true }), path.join(process.cwd(), ".cache", "bundle-broken-")));
    try {
      const broken = path.join(path.relative(process.cwd(), dir), "broken.ts");
      fs.writeFileSync(broken, "export const handler = (: number) => 1;\n");
      expect(() => withFunction(props({ code: { entry: broken } }))).toThrow(new RegExp(`code\\.entry must bundle \\(esbuild\\): ${broken.replace(/[.]/g, "\\.")}:1:\\d+`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
