import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { defaultRoots, moduleNameOf, splitByStack, STACKS_PER_ROOT, writeBatchRoot } from "../../scripts/offline-batch";
import { OfflineTerraformError } from "../../scripts/offline-terraform";
import { selectsOfflineTests } from "../support/global-setup";
import { OFFLINE_APPS } from "../support/offline-targets";
import { projectConfig } from "../../environments";

describe("offline batch: many stacks in one Terraform root", () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "offline-batch-"));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  function stack(name: string, json: object): { name: string; dir: string } {
    const dir = path.join(work, "stacks", name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(json));
    return { name, dir };
  }

  const staging = {
    "//": { metadata: { stackName: "staging" } },
    terraform: {
      required_version: ">= 1.10",
      required_providers: { aws: { source: "aws", version: "5.100.0" } },
      backend: { s3: { bucket: "acme-state", key: "acme/staging/terraform.tfstate" } },
    },
    provider: {
      aws: [
        { region: "us-east-1", allowed_account_ids: ["123456789012"], default_tags: [{ tags: { Environment: "staging" } }] },
        { region: "us-east-1", alias: "us_east_1", allowed_account_ids: ["123456789012"] },
      ],
    },
    resource: { aws_s3_bucket: { Site: { bucket: "acme-staging-site" } } },
    output: { site: { value: "${aws_s3_bucket.Site.bucket}" } },
  };

  test("each stack becomes a module of its own JSON, without backend or providers, its aliases declared", () => {
    const rootDir = path.join(work, "root-a");
    const modules = writeBatchRoot([stack("staging", staging), stack("bootstrap", { provider: { aws: [{ region: "us-east-1" }] }, resource: {} })], rootDir);
    expect([...modules]).toEqual([
      ["staging", "staging"],
      ["bootstrap", "bootstrap"],
    ]);
    const moduleJson = JSON.parse(fs.readFileSync(path.join(rootDir, "staging", "main.tf.json"), "utf8"));
    expect(moduleJson.provider).toBeUndefined();
    expect(moduleJson.terraform).toEqual({
      required_version: ">= 1.10",
      required_providers: { aws: { source: "aws", version: "5.100.0", configuration_aliases: ["aws.us_east_1"] } },
    });
    expect(moduleJson.resource).toEqual(staging.resource);
    expect(moduleJson.output).toEqual(staging.output);
    expect(moduleJson["//"]).toEqual(staging["//"]);
  });

  test("the root holds each stack's provider configurations as synthesized, offline and without the account guard", () => {
    const rootDir = path.join(work, "root-b");
    writeBatchRoot([stack("staging", staging)], rootDir);
    const root = JSON.parse(fs.readFileSync(path.join(rootDir, "main.tf.json"), "utf8"));
    expect(root.terraform).toEqual({ required_providers: { aws: { source: "aws", version: "5.100.0" } }, backend: { local: { path: "offline.tfstate" } } });
    const offline = { skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: "true", skip_region_validation: true };
    expect(root.provider.aws).toEqual([
      { region: "us-east-1", default_tags: [{ tags: { Environment: "staging" } }], ...offline, alias: "staging__default" },
      { region: "us-east-1", ...offline, alias: "staging__us_east_1" },
    ]);
    expect(root.module).toEqual({
      staging: { source: "./staging", providers: { aws: "aws.staging__default", "aws.us_east_1": "aws.staging__us_east_1" } },
    });
  });

  test("a stack's assets are linked where Terraform reads them, the root's working folder", () => {
    const withAsset = stack("lambda", { resource: { aws_lambda_function: { F: { filename: "assets/Code/ABC123/archive.zip" } } } });
    fs.mkdirSync(path.join(withAsset.dir, "assets", "Code", "ABC123"), { recursive: true });
    fs.writeFileSync(path.join(withAsset.dir, "assets", "Code", "ABC123", "archive.zip"), "zip");
    const rootDir = path.join(work, "root-assets");
    writeBatchRoot([withAsset, stack("plain", { resource: {} })], rootDir);
    expect(fs.readFileSync(path.join(rootDir, "assets/Code/ABC123/archive.zip"), "utf8")).toBe("zip");
    expect(fs.lstatSync(path.join(rootDir, "assets", "Code")).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(rootDir, "lambda", "assets/Code/ABC123/archive.zip"), "utf8")).toBe("zip");
    expect(fs.existsSync(path.join(rootDir, "plain", "assets"))).toBe(false);
  });

  test("a stack without provider blocks gets a default configuration", () => {
    const rootDir = path.join(work, "root-c");
    writeBatchRoot([stack("bare", { resource: {} })], rootDir);
    const root = JSON.parse(fs.readFileSync(path.join(rootDir, "main.tf.json"), "utf8"));
    expect(root.provider.aws).toEqual([expect.objectContaining({ alias: "bare__default", skip_credentials_validation: true })]);
    expect(root.module.bare.providers).toEqual({ aws: "aws.bare__default" });
  });

  test("refuses a provider the offline mirror does not have, and two stacks with one module name", () => {
    expect(() => writeBatchRoot([stack("random", { provider: { random: [{}] } })], path.join(work, "root-d"))).toThrow(
      new OfflineTerraformError('stack "random" uses providers other than aws (random): only hashicorp/aws is available offline'),
    );
    expect(() => writeBatchRoot([stack("a.b", { resource: {} }), stack("a_b", { resource: {} })], path.join(work, "root-e"))).toThrow(
      /two stacks map to the module name "a_b"/,
    );
  });

  test("one root per six stacks, at most one per core", () => {
    expect([1, 4, 6, 7, 12, 13, 40].map((n) => defaultRoots(n, 2))).toEqual([1, 1, 1, 2, 2, 2, 2]);
    expect(defaultRoots(40, 8)).toBe(7);
    expect(STACKS_PER_ROOT).toBe(6);
  });

  test("module names are valid Terraform names", () => {
    expect(moduleNameOf("staging")).toBe("staging");
    expect(moduleNameOf("pr-42.preview")).toBe("pr-42_preview");
    expect(moduleNameOf("42")).toBe("s_42");
  });

  test("results are split by module: changes with the stack's own addresses, diagnostics by address or file", () => {
    const modules = new Map([
      ["staging", "staging"],
      ["production", "production"],
    ]);
    const warning = (summary: string, where: object) => ({ severity: "warning" as const, summary, ...where });
    const split = splitByStack(
      modules,
      "/root",
      { valid: true, diagnostics: [warning("in staging", { range: { filename: "staging/main.tf.json" } }), warning("everywhere", {})] },
      {
        summary: { add: 3, change: 0, remove: 0 },
        changes: [
          { address: "module.staging.aws_s3_bucket.Site", type: "aws_s3_bucket", action: "create" },
          { address: "module.production.aws_s3_bucket.Site", type: "aws_s3_bucket", action: "create" },
          { address: "module.production.aws_vpc.Main", type: "aws_vpc", action: "replace" },
        ],
        warnings: [warning("deprecated", { address: "module.production.aws_vpc.Main" })],
      },
    );
    const staging = split.get("staging")!;
    expect(staging.module).toEqual({ rootDir: "/root", name: "staging" });
    expect(staging.validate.diagnostics.map((d) => d.summary)).toEqual(["in staging", "everywhere"]);
    expect(staging.plan).toEqual({ summary: { add: 1, change: 0, remove: 0 }, changes: [{ address: "aws_s3_bucket.Site", type: "aws_s3_bucket", action: "create" }], warnings: [] });
    const production = split.get("production")!;
    expect(production.validate.diagnostics.map((d) => d.summary)).toEqual(["everywhere"]);
    expect(production.plan?.summary).toEqual({ add: 2, change: 0, remove: 1 });
    expect(production.plan?.warnings.map((w) => w.summary)).toEqual(["deprecated"]);
  });

  test("a failed validation marks only the stacks with errors invalid, and none gets a plan", () => {
    const split = splitByStack(
      new Map([
        ["good", "good"],
        ["bad", "bad"],
      ]),
      "/root",
      { valid: false, diagnostics: [{ severity: "error", summary: "Unsupported argument", address: "module.bad.aws_s3_bucket.X" }] },
      new Error("terraform validate failed; no plan was made"),
    );
    expect(split.get("bad")).toMatchObject({ validate: { valid: false }, error: "terraform validate failed; no plan was made" });
    expect(split.get("good")).toMatchObject({ validate: { valid: true, diagnostics: [] }, error: "terraform validate failed; no plan was made" });
    expect(split.get("good")?.plan).toBeUndefined();
  });
});

describe("the suite's background offline check", () => {
  test("starts for a whole run and for runs that select a Terraform test, not for others", () => {
    expect(selectsOfflineTests("")).toBe(true);
    expect(selectsOfflineTests("test/terraform")).toBe(true);
    expect(selectsOfflineTests("staging.test")).toBe(true);
    expect(selectsOfflineTests("test/modules/vpc-2az")).toBe(false);
    expect(selectsOfflineTests("config.test.ts")).toBe(false);
  });
});

describe("every stack the suite plans offline has its test file", () => {
  test("test/terraform/<stack>.test.ts exists for each stack of the offline apps", () => {
    const root = path.resolve(__dirname, "../..");
    // The project's stacks have a file each; another app has one file for all its stacks.
    const files: [file: string, stacks: readonly string[]][] = [
      ...["bootstrap", ...projectConfig.environments.map((e) => e.name)].map((name): [string, string[]] => [name, [name]]),
      ...OFFLINE_APPS.filter((a) => a.name !== "project").map((a): [string, readonly string[]] => [a.name, a.stacks ?? [a.name]]),
    ];
    const missing = files.filter(([file]) => !fs.existsSync(path.join(root, "test", "terraform", `${file}.test.ts`)));
    expect(missing).toEqual([]);
    for (const [file, stacks] of files) {
      const text = fs.readFileSync(path.join(root, "test", "terraform", `${file}.test.ts`), "utf8");
      for (const stack of stacks) expect(text).toContain(`describeOfflineTerraform("${stack}")`);
    }
  });
});
