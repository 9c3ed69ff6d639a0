import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  CACHE_IMMUTABLE,
  CACHE_REVALIDATE,
  CACHE_SHORT,
  cacheControlFor,
  contentTypeFor,
  deploySite,
  deploySiteCommand,
  etagOf,
  Invalidator,
  invalidationPaths,
  isHashedAsset,
  awsAdapters,
  ObjectStore,
  OutputReader,
  SdkClient,
  sdkClients,
  siteTargetFromOutputs,
  StoredObject,
  TerraformOutputRun,
  terraformOutput,
} from "../../scripts/deploy-site";
import { capture } from "../support/capture";

/** An in-memory bucket and CDN that record every call. */
class FakeAws implements ObjectStore, Invalidator {
  readonly objects = new Map<string, { md5: string; contentType: string; cacheControl: string; written: Date }>();
  /** The clock of the fake bucket: what `LastModified` says. */
  now = new Date("2026-11-01T00:00:00Z");
  readonly calls: string[] = [];
  readonly invalidations: string[][] = [];

  async list(): Promise<Map<string, StoredObject>> {
    this.calls.push("list");
    return new Map([...this.objects].map(([key, o]) => [key, { etag: o.md5, lastModified: o.written }]));
  }
  async put(object: { key: string; body: Buffer; contentType: string; cacheControl: string }): Promise<void> {
    this.calls.push(`put ${object.key}`);
    const md5 = createHash("md5").update(object.body).digest("hex");
    this.objects.set(object.key, { md5, contentType: object.contentType, cacheControl: object.cacheControl, written: this.now });
  }
  async delete(keys: readonly string[]): Promise<void> {
    this.calls.push(`delete ${keys.join(",")}`);
    for (const key of keys) this.objects.delete(key);
  }
  async invalidate(paths: readonly string[]): Promise<string> {
    this.invalidations.push([...paths]);
    return `I${this.invalidations.length}`;
  }
}

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function build(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dist-"));
  temporary.push(dir);
  for (const [key, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
    fs.writeFileSync(path.join(dir, key), content);
  }
  return dir;
}

const firstBuild = {
  "index.html": "<html>v1</html>",
  "assets/index-B7x_2kQ9.js": "console.log(1)",
  "assets/index-Cq81zzAb.css": "body{}",
  "favicon.ico": "icon",
  "robots.txt": "User-agent: *",
};

describe("deploy-site", () => {
  test("first deploy: uploads everything, assets before HTML, with the right headers and types", async () => {
    const aws = new FakeAws();
    const result = await deploySite(build(firstBuild), aws, aws);
    expect(aws.calls).toEqual([
      "list",
      "put assets/index-B7x_2kQ9.js",
      "put assets/index-Cq81zzAb.css",
      "put favicon.ico",
      "put robots.txt",
      "put index.html",
    ]);
    expect(aws.objects.get("index.html")).toMatchObject({ cacheControl: "no-cache", contentType: "text/html; charset=utf-8" });
    expect(aws.objects.get("assets/index-B7x_2kQ9.js")).toMatchObject({
      cacheControl: "public, max-age=31536000, immutable",
      contentType: "text/javascript; charset=utf-8",
    });
    expect(aws.objects.get("assets/index-Cq81zzAb.css")?.contentType).toBe("text/css; charset=utf-8");
    expect(aws.objects.get("robots.txt")).toMatchObject({ cacheControl: "public, max-age=3600" });
    expect(result.invalidated).toEqual(["/", "/favicon.ico", "/index.html", "/robots.txt"]);
    expect(aws.invalidations).toEqual([["/", "/favicon.ico", "/index.html", "/robots.txt"]]);
  });

  test("a redeploy uploads only what changed, keeps last build's assets a week, deletes other files at once", async () => {
    const aws = new FakeAws();
    await deploySite(build(firstBuild), aws, aws, undefined, aws.now);
    aws.calls.length = 0;
    const { "assets/index-B7x_2kQ9.js": _old, "robots.txt": _robots, ...rest } = firstBuild;
    const next = build({ ...rest, "index.html": "<html>v2</html>", "assets/index-D0n3w9Zz.js": "console.log(2)" });
    const oneDayLater = new Date(aws.now.getTime() + 24 * 3600 * 1000);
    const result = await deploySite(next, aws, aws, undefined, oneDayLater);
    expect(result.uploaded).toEqual(["assets/index-D0n3w9Zz.js", "index.html"]);
    expect(result.unchanged).toEqual(["assets/index-Cq81zzAb.css", "favicon.ico"]);
    // A visitor whose open page still loads the old chunk gets it.
    expect(result.retained).toEqual(["assets/index-B7x_2kQ9.js"]);
    expect(result.deleted).toEqual(["robots.txt"]);
    expect(aws.calls).toEqual(["list", "put assets/index-D0n3w9Zz.js", "put index.html", "delete robots.txt"]);
    // New and deleted hashed assets have unique names: only the HTML and removed files need invalidating.
    expect(result.invalidated).toEqual(["/", "/index.html", "/robots.txt"]);

    const eightDaysLater = new Date(aws.now.getTime() + 8 * 24 * 3600 * 1000);
    const later = await deploySite(next, aws, aws, undefined, eightDaysLater);
    expect(later.deleted).toEqual(["assets/index-B7x_2kQ9.js"]);
    expect(later.retained).toEqual([]);
    expect(later.invalidated).toEqual([]);
  });

  test("an unchanged build changes nothing and invalidates nothing", async () => {
    const aws = new FakeAws();
    const dist = build(firstBuild);
    await deploySite(dist, aws, aws);
    const result = await deploySite(dist, aws, aws);
    expect(result.uploaded).toEqual([]);
    expect(result.deleted).toEqual([]);
    expect(result.invalidated).toEqual([]);
    expect(aws.invalidations).toHaveLength(1);
  });

  test("more than 15 changed paths become one /* invalidation", () => {
    const keys = Array.from({ length: 16 }, (_, i) => `page${i}.html`);
    expect(invalidationPaths(keys)).toEqual(["/*"]);
    expect(invalidationPaths(keys.slice(0, 3))).toEqual(["/page0.html", "/page1.html", "/page2.html"]);
    expect(invalidationPaths(["docs/read me.txt"])).toEqual(["/docs/read%20me.txt"]);
  });

  test("a folder without index.html is refused", async () => {
    const aws = new FakeAws();
    await expect(deploySite(build({ "main.js": "" }), aws, aws)).rejects.toThrow(/has no index\.html: build the site first/);
    expect(aws.calls).toEqual([]);
  });

  test.each([
    ["index.html", CACHE_REVALIDATE, false],
    ["about/index.html", CACHE_REVALIDATE, false],
    ["assets/logo.svg", CACHE_IMMUTABLE, true],
    ["assets/index-DiwrgTda.js", CACHE_IMMUTABLE, true],
    ["favicon-32x32.png", CACHE_SHORT, false],
    ["apple-touch-icon.png", CACHE_SHORT, false],
    ["apple-touch-icon-180x180.png", CACHE_SHORT, false],
    ["og-image-2024.png", CACHE_SHORT, false],
    ["fonts/inter-v12-latin.woff2", CACHE_SHORT, false],
    ["manifest.webmanifest", CACHE_SHORT, false],
  ])("%s: %s", (key, cacheControl, hashed) => {
    expect(cacheControlFor(key)).toBe(cacheControl);
    expect(isHashedAsset(key)).toBe(hashed);
  });

  test("content types", () => {
    expect(contentTypeFor("a.woff2")).toBe("font/woff2");
    expect(contentTypeFor("a.SVG")).toBe("image/svg+xml");
    expect(contentTypeFor("a.unknown")).toBe("application/octet-stream");
  });

  test("the SDK adapters send the right commands: pagination, headers, unquoted ETags, batches of 1000, failures surfaced", async () => {
    const sent: { name: string; input: Record<string, unknown> }[] = [];
    let deleteErrors: unknown[] = [];
    const s3: SdkClient = {
      async send(command) {
        const c = command as { constructor: { name: string }; input: Record<string, unknown> };
        sent.push({ name: c.constructor.name, input: c.input });
        if (c.constructor.name === "ListObjectsV2Command") {
          return c.input.ContinuationToken === undefined
            ? { Contents: [{ Key: "a.html", ETag: '"aaa"', LastModified: new Date(1) }], IsTruncated: true, NextContinuationToken: "t2" }
            : { Contents: [{ Key: "b.css", ETag: '"bbb"', LastModified: new Date(2) }], IsTruncated: false };
        }
        if (c.constructor.name === "DeleteObjectsCommand") return { Errors: deleteErrors };
        return {};
      },
    };
    const cloudfront: SdkClient = {
      async send(command) {
        const c = command as { constructor: { name: string }; input: Record<string, unknown> };
        sent.push({ name: c.constructor.name, input: c.input });
        return { Invalidation: { Id: "I123" } };
      },
    };
    const { store, invalidator } = await awsAdapters({ bucket: "site-bucket", distributionId: "E1" }, { s3, cloudfront });

    expect(await store.list()).toEqual(
      new Map([
        ["a.html", { etag: "aaa", lastModified: new Date(1) }],
        ["b.css", { etag: "bbb", lastModified: new Date(2) }],
      ]),
    );
    await store.put({ key: "index.html", body: Buffer.from("x"), contentType: "text/html", cacheControl: "no-cache" });
    expect(sent.find((c) => c.name === "PutObjectCommand")?.input).toMatchObject({
      Bucket: "site-bucket",
      Key: "index.html",
      ContentType: "text/html",
      CacheControl: "no-cache",
    });
    await store.delete(Array.from({ length: 2500 }, (_, i) => `k${i}`));
    const deletes = sent.filter((c) => c.name === "DeleteObjectsCommand").map((c) => (c.input.Delete as { Objects: unknown[] }).Objects.length);
    expect(deletes).toEqual([1000, 1000, 500]);
    deleteErrors = [{ Key: "k1", Code: "AccessDenied" }];
    await expect(store.delete(["k1"])).rejects.toThrow(/S3 did not delete k1 \(AccessDenied\)/);
    expect(await invalidator.invalidate(["/index.html"])).toBe("I123");
    expect(sent.at(-1)).toMatchObject({
      name: "CreateInvalidationCommand",
      input: { DistributionId: "E1", InvalidationBatch: { Paths: { Quantity: 1, Items: ["/index.html"] } } },
    });
  });

  test("reads the bucket and distribution from the stack's outputs", () => {
    const outputs = JSON.stringify({
      site_bucket_name: { value: "acme-staging-site-123456789012" },
      site_distribution_id: { value: "E2ABCDEF123456" },
    });
    expect(siteTargetFromOutputs(outputs)).toEqual({ bucket: "acme-staging-site-123456789012", distributionId: "E2ABCDEF123456" });
    expect(siteTargetFromOutputs("{}")).toBeUndefined();
    expect(siteTargetFromOutputs("")).toBeUndefined();
    expect(siteTargetFromOutputs("null")).toBeUndefined();
    expect(siteTargetFromOutputs(JSON.stringify({ site_bucket_name: { value: "b" }, site_distribution_id: { value: "" } }))).toBeUndefined();
    expect(etagOf('"abc"')).toBe("abc");
  });
});

/** What Terraform 1.11 prints for `terraform output` in a synthesized stack whose S3 backend was never initialised. */
const BACKEND_ERROR =
  "\u001b[31m╷\u001b[0m\u001b[0m\n\u001b[31m│\u001b[0m \u001b[0m\u001b[1m\u001b[31mError: \u001b[0m\u001b[0m\u001b[1mBackend initialization required, please run \"terraform init\"\u001b[0m\n" +
  '\u001b[31m│\u001b[0m \u001b[0m"terraform init" with either the "-reconfigure" or "-migrate-state" flags\n\u001b[31m╵\u001b[0m\u001b[0m\n';

describe("deploy-site without the deploy outputs", () => {
  const fix = (env: string) => `: deploy the stack first (npm run deploy -- ${env}), or pass --bucket and --distribution\n`;

  /** Runs the command for staging with a stub reader; nothing may reach AWS. */
  async function run(reader: OutputReader, options: { stackFolder?: boolean } = {}) {
    const stacksDir = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
    temporary.push(stacksDir);
    if (options.stackFolder !== false) fs.mkdirSync(path.join(stacksDir, "staging"));
    const stdout = capture();
    const stderr = capture();
    const read: string[] = [];
    const clients = jest.fn(async () => ({ s3: { send: async () => ({}) }, cloudfront: { send: async () => ({}) } }));
    const code = await deploySiteCommand(["staging", build(firstBuild)], {
      stdout,
      stderr,
      stacksDir,
      readOutputs: (dir) => {
        read.push(dir);
        return reader(dir);
      },
      clients,
    });
    expect(clients).not.toHaveBeenCalled();
    expect(stdout.text()).toBe("");
    return { code, stderr: stderr.text(), read, stacksDir };
  }

  const ran = (result: Partial<TerraformOutputRun>): OutputReader => () => ({ status: 0, stdout: "", stderr: "", ...result });

  test("no stack folder: one line naming it, exit 1, Terraform not run", async () => {
    const result = await run(ran({ stdout: "{}" }), { stackFolder: false });
    expect(result.code).toBe(1);
    expect(result.read).toEqual([]);
    expect(result.stderr).toBe(
      `deploy-site: no deploy outputs for "staging" (there is no ${path.join(result.stacksDir, "staging")}: the stack was never synthesized or deployed from this checkout)${fix("staging")}`,
    );
  });

  test("the default stack folder is named as the README does: cdktf.out/stacks/<environment>", async () => {
    const stderr = capture();
    const clients = jest.fn();
    const code = await deploySiteCommand(["qa-never-synthesized", build(firstBuild), "--region", "eu-west-1"], { stderr, readOutputs: ran({}), clients });
    expect(code).toBe(1);
    expect(clients).not.toHaveBeenCalled();
    expect(stderr.text()).toMatch(/^deploy-site: no deploy outputs for "qa-never-synthesized" \(there is no cdktf\.out\/stacks\/qa-never-synthesized: /);
  });

  test.each([
    ["exits 1 (backend not initialised)", 1],
    ["is stopped by a signal", null],
  ])("terraform output %s: one line, exit 1, none of Terraform's text or colours", async (_case, status) => {
    const result = await run(ran({ status, stderr: BACKEND_ERROR, stdout: BACKEND_ERROR }));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `deploy-site: no deploy outputs for "staging" (terraform output failed in ${result.read[0]}: its backend is not initialised here, or its state cannot be read)${fix("staging")}`,
    );
    for (const raw of ["\u001b", "migrate-state", "Backend initialization", "╷", "│"]) expect(result.stderr).not.toContain(raw);
  });

  test.each([
    ["empty outputs (a state without them)", "{}"],
    ["no JSON at all", ""],
    ["the bucket but no distribution", JSON.stringify({ site_bucket_name: { value: "acme-staging-site-123456789012" } })],
    ["the distribution but no bucket", JSON.stringify({ site_distribution_id: { value: "E2ABCDEF123456" } })],
    ["values that are not strings", JSON.stringify({ site_bucket_name: { value: null }, site_distribution_id: { value: 7 } })],
  ])("outputs with %s: one line, exit 1", async (_case, stdout) => {
    const result = await run(ran({ stdout, stderr: "Warning: No outputs found\n" }));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `deploy-site: no deploy outputs for "staging" (${result.read[0]} has no Terraform state with site_bucket_name/site_distribution_id)${fix("staging")}`,
    );
  });

  test("Terraform missing: one line saying to install it or pass the flags, exit 1", async () => {
    const result = await run(ran({ status: null, error: new Error("spawnSync terraform ENOENT") }));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'deploy-site: cannot read the deploy outputs of "staging": terraform did not start (spawnSync terraform ENOENT); ' +
        "install Terraform 1.10 or later on PATH (or set TERRAFORM_BINARY), or pass --bucket and --distribution\n",
    );
  });

  test("with the outputs, the deploy goes to their bucket; with --bucket and --distribution, Terraform is not asked", async () => {
    const stacksDir = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
    temporary.push(stacksDir);
    fs.mkdirSync(path.join(stacksDir, "staging"));
    const buckets: unknown[] = [];
    const distributions: unknown[] = [];
    const regions: string[] = [];
    const clients = async (region: string) => {
      regions.push(region);
      return {
        s3: { send: async (c: unknown) => (buckets.push((c as { input: { Bucket: unknown } }).input.Bucket), {}) } as SdkClient,
        cloudfront: { send: async (c: unknown) => (distributions.push((c as { input: { DistributionId: unknown } }).input.DistributionId), { Invalidation: { Id: "I1" } }) } as SdkClient,
      };
    };
    const outputs = JSON.stringify({ site_bucket_name: { value: "from-outputs" }, site_distribution_id: { value: "EOUTPUTS" } });
    const read: string[] = [];
    const stdout = capture();
    const fromOutputs = await deploySiteCommand(["staging", build(firstBuild)], {
      stdout,
      stderr: capture(),
      stacksDir,
      readOutputs: (dir) => (read.push(dir), { status: 0, stdout: outputs, stderr: "" }),
      clients,
    });
    expect(fromOutputs).toBe(0);
    expect(read).toEqual([path.join(stacksDir, "staging")]);
    expect(new Set(buckets)).toEqual(new Set(["from-outputs"]));
    expect(distributions).toEqual(["EOUTPUTS"]);
    expect(stdout.text()).toMatch(/5 uploaded, 0 unchanged, 0 deleted, 0 old assets kept, to s3:\/\/from-outputs; invalidation I1\n$/);

    buckets.length = 0;
    const fromFlags = await deploySiteCommand(["staging", build(firstBuild), "--bucket", "from-flags", "--distribution", "EFLAGS", "--region", "eu-west-1"], {
      stdout: capture(),
      stderr: capture(),
      stacksDir,
      readOutputs: () => {
        throw new Error("Terraform asked although --bucket and --distribution were given");
      },
      clients,
    });
    expect(fromFlags).toBe(0);
    expect(new Set(buckets)).toEqual(new Set(["from-flags"]));
    expect(regions.at(-1)).toBe("eu-west-1");
  });

  test("the real reader runs `terraform output -json -no-color` in the stack folder and keeps what it prints", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-terraform-"));
    temporary.push(dir);
    const fake = path.join(dir, "terraform");
    fs.writeFileSync(fake, '#!/bin/sh\necho "args=$* cwd=$(pwd) checkpoint=$CHECKPOINT_DISABLE"\necho "some error" >&2\nexit 3\n', { mode: 0o755 });
    const previous = process.env.TERRAFORM_BINARY;
    process.env.TERRAFORM_BINARY = fake;
    try {
      const result = terraformOutput(fs.realpathSync(dir));
      expect(result).toMatchObject({ status: 3, stdout: `args=output -json -no-color cwd=${fs.realpathSync(dir)} checkpoint=1\n`, stderr: "some error\n" });
      expect(result.error).toBeUndefined();
    } finally {
      if (previous === undefined) delete process.env.TERRAFORM_BINARY;
      else process.env.TERRAFORM_BINARY = previous;
    }
  });
});

describe("the AWS SDK's Node version warning", () => {
  const VARIABLE = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";
  const previous = process.env[VARIABLE];
  afterEach(() => {
    if (previous === undefined) delete process.env[VARIABLE];
    else process.env[VARIABLE] = previous;
    jest.restoreAllMocks();
  });

  // Runs first: the SDK warns once per process, so a later client would not show it anyway.
  test("is off for the real clients (the pinned SDK supports Node 20), and they are not warned", async () => {
    delete process.env[VARIABLE];
    const warn = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    await sdkClients("eu-west-1");
    expect(process.env[VARIABLE]).toBe("true");
    expect(warn.mock.calls.map(([warning]) => String(warning)).filter((w) => w.includes("NodeVersionSupportWarning"))).toEqual([]);
  });

  test("unless the user set it", async () => {
    process.env[VARIABLE] = "false";
    jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    await sdkClients("eu-west-1");
    expect(process.env[VARIABLE]).toBe("false");
  });
});
