import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { sharedProjectStacks } from "../support/offline";

const root = path.resolve(__dirname, "../..");
const launcher = path.join(root, "scripts", "launch.cjs");
/** Programs for these tests live inside the project (the launcher bundles project files only), in a folder removed afterwards. */
const scratch = path.join(root, ".cache", `launch-test-${process.pid}`);

function launch(entry: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [launcher, entry, ...args], { cwd: root, env: { ...process.env, ...env }, encoding: "utf8" });
}

function bundlesOf(entry: string): string[] {
  const name = path.relative(root, entry).replace(/[^A-Za-z0-9]+/g, "-");
  const dir = path.join(root, ".cache", "bundle");
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith(`${name}-`) && f.endsWith(".js")) : [];
}

beforeAll(() => fs.mkdirSync(scratch, { recursive: true }));
afterAll(() => {
  for (const file of fs.existsSync(scratch) ? fs.readdirSync(scratch) : []) {
    const name = path.relative(root, path.join(scratch, file)).replace(/[^A-Za-z0-9]+/g, "-");
    const dir = path.join(root, ".cache", "bundle");
    for (const cached of fs.existsSync(dir) ? fs.readdirSync(dir) : []) if (cached.startsWith(`${name}-`) || cached === `${name}.json`) fs.rmSync(path.join(dir, cached));
  }
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe("scripts/launch.cjs: a program bundled once, run with V8's code cache", () => {
  test("runs the program as the main module, with its arguments, and keeps its exit code", () => {
    const entry = path.join(scratch, "echo.ts");
    fs.writeFileSync(entry, 'const args: string[] = process.argv.slice(2);\nif (require.main === module) { process.stdout.write(`main ${args.join(",")}`); process.exitCode = 3; }\n');
    const result = launch(entry, ["a", "b"]);
    expect(result.stdout).toBe("main a,b");
    expect(result.status).toBe(3);
    expect(bundlesOf(entry)).toHaveLength(1);
  });

  test("is never stale: an edit to any file the bundle was built from rebuilds it", () => {
    const entry = path.join(scratch, "entry.ts");
    const value = path.join(scratch, "value.ts");
    fs.writeFileSync(value, 'export const value = "first";\n');
    fs.writeFileSync(entry, 'import { value } from "./value";\nprocess.stdout.write(value);\n');
    expect(launch(entry).stdout).toBe("first");
    const [before] = bundlesOf(entry);
    expect(launch(entry).stdout).toBe("first");
    expect(bundlesOf(entry)).toEqual([before]);
    fs.writeFileSync(value, 'export const value = "second";\n');
    expect(launch(entry).stdout).toBe("second");
    expect(bundlesOf(entry)).not.toEqual([before]);
    // A new import is an edit of a file the bundle already lists.
    fs.writeFileSync(path.join(scratch, "other.ts"), 'export const other = "third";\n');
    fs.writeFileSync(entry, 'import { value } from "./value";\nimport { other } from "./other";\nprocess.stdout.write(value + other);\n');
    expect(launch(entry).stdout).toBe("secondthird");
    expect(bundlesOf(entry)).toHaveLength(1);
  });

  test("refuses to bundle a program whose imported files read their own __dirname", () => {
    const entry = path.join(scratch, "located.ts");
    fs.writeFileSync(path.join(scratch, "where.ts"), "export const where = __dirname;\n");
    fs.writeFileSync(entry, 'import { where } from "./where";\nprocess.stdout.write(where);\n');
    const result = launch(entry);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/launch\.cjs cannot bundle .*located\.ts: .*where\.ts use __dirname or __filename/);
  });

  test("a bug keeps its stack trace and says how to see the TypeScript positions", () => {
    const entry = path.join(scratch, "bug.ts");
    fs.writeFileSync(entry, 'function explode(): never {\n  throw new TypeError("boom");\n}\nexplode();\n');
    const result = launch(entry);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^TypeError: boom\n\s+at explode \(/);
    expect(result.stderr).toContain(`for the TypeScript ones run: node --import tsx ${path.relative(root, entry)}`);
  });

  test("npm run synth writes exactly what the app synthesizes under tsx", async () => {
    // This test run's synth of the project (buildApp().app.synth() under tsx, as main.ts does).
    const shared = await sharedProjectStacks();
    const viaLauncher = fs.mkdtempSync(path.join(os.tmpdir(), "synth-launch-"));
    try {
      const launched = launch("main.ts", [], { CDKTF_OUTDIR: viaLauncher });
      expect(launched.stderr).toBe("");
      expect(launched.status).toBe(0);
      expect(launched.stdout).toMatch(/^Synthesized 3 stacks into /);
      expect(fs.readdirSync(path.join(viaLauncher, "stacks")).sort()).toEqual([...shared.keys()].sort());
      for (const stack of shared.keys()) {
        const written = JSON.parse(fs.readFileSync(path.join(viaLauncher, "stacks", stack, "cdk.tf.json"), "utf8")) as unknown;
        expect(written).toEqual(shared.get(stack));
      }
    } finally {
      fs.rmSync(viaLauncher, { recursive: true, force: true });
    }
  });

  test.each([
    ["a syntax error", "export const broken = ;\n"],
    ["a throw while modules load", 'throw new Error("load-time bug");\n'],
  ])("with --synth, %s leaves none of an earlier run's stacks behind", (_, source) => {
    const entry = path.join(scratch, `broken-${source.length}.ts`);
    fs.writeFileSync(entry, source);
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-broken-"));
    try {
      fs.mkdirSync(path.join(outdir, "stacks", "staging"), { recursive: true });
      fs.writeFileSync(path.join(outdir, "stacks", "staging", "cdk.tf.json"), "{}");
      fs.writeFileSync(path.join(outdir, "manifest.json"), "{}");
      const result = launch("--synth", [entry], { CDKTF_OUTDIR: outdir });
      expect(result.status).toBe(1);
      expect(fs.existsSync(path.join(outdir, "stacks"))).toBe(false);
      expect(fs.existsSync(path.join(outdir, "manifest.json"))).toBe(false);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test("package.json's synth and cdktf.json's app both run main.ts through it", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
    const cdktf = JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8")) as { app: string };
    expect(pkg.scripts.synth).toBe("node scripts/launch.cjs --synth main.ts");
    expect(cdktf.app).toBe("node scripts/launch.cjs --synth main.ts");
  });
});
