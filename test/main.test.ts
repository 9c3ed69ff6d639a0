import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import * as environments from "../environments";
import { projectConfig } from "../environments";
import { PropsError } from "../modules/shared/errors";
import { main, synthSummary } from "../main";
import { applyPolicyPack, PolicyError, ruleById } from "../policies";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { capture } from "./support/capture";
import { copySharedProjectOutput } from "./support/offline";

const root = path.resolve(__dirname, "..");

const temporary: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-"));
  temporary.push(dir);
  return dir;
}
afterAll(() => temporary.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe("main", () => {
  test("synthesizes the bootstrap stack and one stack per environment", () => {
    const outdir = tempDir();
    expect(main({ outdir }, {}, { stdout: capture() })).toBe(0);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["bootstrap", "production", "staging"]);
    for (const stack of ["bootstrap", "production", "staging"]) {
      expect(fs.existsSync(path.join(outdir, "stacks", stack, "cdk.tf.json"))).toBe(true);
    }
  });

  test("STATE_BACKEND=local gives the environment stacks a local backend", () => {
    const outdir = tempDir();
    expect(main({ outdir }, { STATE_BACKEND: "local" }, { stdout: capture() })).toBe(0);
    const staging = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "staging", "cdk.tf.json"), "utf8"));
    expect(staging.terraform.backend).toEqual({ local: { path: "../../../terraform.staging.tfstate" } });
  });

  test("a bad config prints every problem, writes no stack and returns 1", () => {
    const outdir = tempDir();
    const stderr = capture();
    const [staging] = projectConfig.environments;
    const bad = { ...staging, accountId: "12", network: { ...staging.network, cidr: "10.0.0.0/28" } };
    const code = main({ outdir, configs: { bootstrap: projectConfig.bootstrap, environments: [bad] } }, {}, { stderr, stdout: capture() });
    expect(code).toBe(1);
    expect(stderr.text()).toMatch(/^Invalid project config:\n {2}environments\.staging\.accountId: .*\n {2}environments\.staging\.network\.cidr: .*\n$/);
    expect(fs.existsSync(path.join(outdir, "stacks"))).toBe(false);
  });

  test("a preview that cannot be made prints the option at fault and returns 1", () => {
    const outdir = tempDir();
    const stderr = capture();
    expect(main({ outdir }, {}, { stderr, stdout: capture() }, ["--preview", "!!!"])).toBe(1);
    expect(stderr.text()).toBe('--preview "!!!" has no letter or digit to name a preview after: give a branch name, a pull request number or dev-<name>\n');
    expect(main({ outdir }, { PREVIEW: "42", PREVIEW_EXPIRES: "2020-01-01" }, { stderr: capture(), stdout: capture() })).toBe(1);
    expect(fs.existsSync(path.join(outdir, "stacks"))).toBe(false);
  });

  test("props a module refuses print the module's message and return 1", () => {
    // The configs check what the modules check, so no config reaches a module's own refusal:
    // stand in for one.
    const error = new PropsError("Vpc2Az", "staging/Network", [{ prop: "cidr", expected: "must be an IPv4 CIDR", given: "x" }]);
    const spy = jest.spyOn(environments, "buildApp").mockImplementation(() => {
      throw error;
    });
    try {
      const stderr = capture();
      expect(main({ outdir: tempDir() }, {}, { stderr, stdout: capture() })).toBe(1);
      expect(stderr.text()).toBe('Vpc2Az "staging/Network": cidr must be an IPv4 CIDR; got "x"\n');
    } finally {
      spy.mockRestore();
    }
  });

  test("a policy error prints the pack's message and returns 1", () => {
    const spy = jest.spyOn(environments, "buildApp").mockImplementation(() => {
      throw new PolicyError('Policy pack: 1 error in stack "staging":\n  - policy s3-public-access-block (error): ...');
    });
    try {
      const stderr = capture();
      expect(main({ outdir: tempDir() }, {}, { stderr, stdout: capture() })).toBe(1);
      expect(stderr.text()).toBe('Policy pack: 1 error in stack "staging":\n  - policy s3-public-access-block (error): ...\n');
    } finally {
      spy.mockRestore();
    }
  });

  test("a stack that fails the policy pack leaves no stack behind, not even those of an earlier run", () => {
    const outdir = tempDir();
    expect(main({ outdir }, {}, { stdout: capture() })).toBe(0);
    expect(fs.existsSync(path.join(outdir, "stacks", "production", "cdk.tf.json"))).toBe(true);
    const realBuildApp = environments.buildApp;
    const spy = jest.spyOn(environments, "buildApp").mockImplementation((options) => {
      const built = realBuildApp(options);
      new S3Bucket(built.environments[0]!, "Leaky", { bucket: "acme-staging-leaky" });
      return built;
    });
    try {
      const stderr = capture();
      expect(main({ outdir }, {}, { stderr, stdout: capture() })).toBe(1);
      expect(stderr.text()).toMatch(/^Policy pack: \d+ errors? in stack "staging":\n {2}- policy s3-public-access-block \(error\)/);
      expect(fs.existsSync(path.join(outdir, "stacks"))).toBe(false);
      expect(fs.existsSync(path.join(outdir, "manifest.json"))).toBe(false);
    } finally {
      spy.mockRestore();
    }
  });

  test("any other error is a bug and keeps its stack trace", () => {
    const spy = jest.spyOn(environments, "buildApp").mockImplementation(() => {
      throw new TypeError("boom");
    });
    try {
      expect(() => main({ outdir: tempDir() }, {}, { stderr: capture(), stdout: capture() })).toThrow(TypeError);
    } finally {
      spy.mockRestore();
    }
  });

  /** An output folder holding every stack of a good synth (this test run's), as before a failed one. */
  async function synthesizedOutdir(): Promise<string> {
    const outdir = tempDir();
    await copySharedProjectOutput(outdir);
    expect(fs.existsSync(path.join(outdir, "stacks", "staging", "cdk.tf.json"))).toBe(true);
    return outdir;
  }

  function expectNoStacks(outdir: string): void {
    expect(fs.existsSync(path.join(outdir, "stacks"))).toBe(false);
    expect(fs.existsSync(path.join(outdir, "manifest.json"))).toBe(false);
  }

  test("a bad config leaves none of an earlier run's stacks behind", async () => {
    const outdir = await synthesizedOutdir();
    const [staging] = projectConfig.environments;
    const bad = { ...staging, accountId: "12" };
    const stderr = capture();
    expect(main({ outdir, configs: { bootstrap: projectConfig.bootstrap, environments: [bad] } }, {}, { stderr, stdout: capture() })).toBe(1);
    expect(stderr.text()).toContain("accountId: must be a 12-digit AWS account id");
    expectNoStacks(outdir);
  });

  test("props a module refuses leave none of an earlier run's stacks behind", async () => {
    const outdir = await synthesizedOutdir();
    const spy = jest.spyOn(environments, "buildApp").mockImplementation(() => {
      throw new PropsError("Vpc2Az", "staging/Network", [{ prop: "cidr", expected: "must be an IPv4 CIDR", given: "x" }]);
    });
    try {
      expect(main({ outdir }, {}, { stderr: capture(), stdout: capture() })).toBe(1);
      expectNoStacks(outdir);
    } finally {
      spy.mockRestore();
    }
  });

  test("a bad STATE_BACKEND, and a bug, leave none of an earlier run's stacks behind", async () => {
    const outdir = await synthesizedOutdir();
    expect(main({ outdir }, { STATE_BACKEND: "dynamo" }, { stderr: capture(), stdout: capture() })).toBe(1);
    expectNoStacks(outdir);
    await copySharedProjectOutput(outdir);
    const spy = jest.spyOn(environments, "buildApp").mockImplementation(() => {
      throw new TypeError("boom");
    });
    try {
      expect(() => main({ outdir }, {}, { stderr: capture(), stdout: capture() })).toThrow(TypeError);
      expectNoStacks(outdir);
    } finally {
      spy.mockRestore();
    }
  });

  test("CDKTF_OUTDIR names the output folder, and is cleaned on failure too", () => {
    const outdir = tempDir();
    expect(main({}, { CDKTF_OUTDIR: outdir }, { stdout: capture() })).toBe(0);
    expect(fs.existsSync(path.join(outdir, "stacks", "production", "cdk.tf.json"))).toBe(true);
    expect(main({}, { CDKTF_OUTDIR: outdir, STATE_BACKEND: "x" }, { stderr: capture(), stdout: capture() })).toBe(1);
    expectNoStacks(outdir);
  });

  test("a successful synth removes the folder of a stack the app no longer has", async () => {
    const outdir = await synthesizedOutdir();
    const gone = path.join(outdir, "stacks", "qa");
    fs.mkdirSync(gone);
    fs.writeFileSync(path.join(gone, "cdk.tf.json"), "{}");
    expect(main({ outdir }, {}, { stdout: capture() })).toBe(0);
    expect(fs.existsSync(gone)).toBe(false);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["bootstrap", "production", "staging"]);
  });

  test("a successful synth says what it wrote: each stack's resources, protection and policy warnings, and the time", () => {
    const outdir = tempDir();
    const stdout = capture();
    expect(main({ outdir }, {}, { stdout, startedAtMs: performance.now() - 2500 })).toBe(0);
    const lines = stdout.text().trimEnd().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^Synthesized 3 stacks into ${path.join(outdir, "stacks").replace(/[/.]/g, "\\$&")} in (2\\.[5-9]|[3-9]\\.\\d|\\d{2,}\\.\\d) s:$`));
    for (const name of ["bootstrap", "staging", "production"]) {
      const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8")) as { resource: Record<string, object> };
      const count = Object.values(json.resource).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
      const line = lines.find((l) => l.trimStart().startsWith(`${name} `));
      expect(line).toMatch(new RegExp(`^ {2}${name} +${count} resources {2}${name === "staging" ? "UNPROTECTED" : "protected  "} {2}0 policy warnings$`));
    }
    expect(lines.filter((l) => l.startsWith("Note: "))).toEqual([expect.stringMatching(/^Note: staging is not protected \(protected: false\)/)]);
  });

  test("the summary counts each stack's policy warnings", () => {
    const app = new App({ outdir: tempDir() });
    const stack = new TerraformStack(app, "warned");
    new AwsProvider(stack, "Aws", { region: "eu-west-1" });
    new S3Bucket(stack, "NoLifecycle", { bucket: "acme-warned-no-lifecycle" });
    applyPolicyPack(stack, { protected: true, rules: [ruleById("s3-bucket-abort-multipart")!], onWarning: () => undefined });
    app.synth();
    const summary = synthSummary(app.outdir, [stack], 0.4);
    expect(summary).toBe(`Synthesized 1 stack into ${path.join(app.outdir, "stacks")} in 0.4 s:\n  warned  1 resources  protected    1 policy warning\n`);
  });

  test("a bad STATE_BACKEND is refused by name", () => {
    const stderr = capture();
    expect(main({ outdir: tempDir() }, { STATE_BACKEND: "dynamo" }, { stderr })).toBe(1);
    expect(stderr.text()).toContain('STATE_BACKEND: must be "s3" or "local"; got "dynamo"');
  });

  test("run as a program, a bad setting exits 1 with the message and no stack trace", () => {
    // As npm run synth runs it.
    const result = spawnSync(process.execPath, ["scripts/launch.cjs", "main.ts"], {
      cwd: root,
      env: { ...process.env, STATE_BACKEND: "bogus", CDKTF_OUTDIR: tempDir() },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('STATE_BACKEND: must be "s3" or "local"; got "bogus"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
