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
  etagOf,
  Invalidator,
  invalidationPaths,
  isHashedAsset,
  ObjectStore,
  siteTargetFromOutputs,
} from "../../scripts/deploy-site";

/** An in-memory bucket and CDN that record every call. */
class FakeAws implements ObjectStore, Invalidator {
  readonly objects = new Map<string, { md5: string; contentType: string; cacheControl: string }>();
  readonly calls: string[] = [];
  readonly invalidations: string[][] = [];

  async list(): Promise<Map<string, string>> {
    this.calls.push("list");
    return new Map([...this.objects].map(([key, o]) => [key, o.md5]));
  }
  async put(object: { key: string; body: Buffer; contentType: string; cacheControl: string }): Promise<void> {
    this.calls.push(`put ${object.key}`);
    const md5 = createHash("md5").update(object.body).digest("hex");
    this.objects.set(object.key, { md5, contentType: object.contentType, cacheControl: object.cacheControl });
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

  test("a redeploy uploads only what changed, deletes what is gone, and invalidates only the non-hashed paths", async () => {
    const aws = new FakeAws();
    await deploySite(build(firstBuild), aws, aws);
    aws.calls.length = 0;
    const { "assets/index-B7x_2kQ9.js": _old, ...rest } = firstBuild;
    const result = await deploySite(
      build({ ...rest, "index.html": "<html>v2</html>", "assets/index-D0n3w9Zz.js": "console.log(2)" }),
      aws,
      aws,
    );
    expect(result.uploaded).toEqual(["assets/index-D0n3w9Zz.js", "index.html"]);
    expect(result.unchanged).toEqual(["assets/index-Cq81zzAb.css", "favicon.ico", "robots.txt"]);
    expect(result.deleted).toEqual(["assets/index-B7x_2kQ9.js"]);
    expect(aws.calls).toEqual(["list", "put assets/index-D0n3w9Zz.js", "put index.html", "delete assets/index-B7x_2kQ9.js"]);
    // New and deleted hashed assets have unique names: only the HTML needs invalidating.
    expect(result.invalidated).toEqual(["/", "/index.html"]);
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
    ["logo.a1b2c3d4.svg", CACHE_IMMUTABLE, true],
    ["favicon-32x32.png", CACHE_SHORT, false],
    ["apple-touch-icon.png", CACHE_SHORT, false],
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

  test("reads the bucket and distribution from the stack's outputs", () => {
    const outputs = JSON.stringify({
      site_bucket_name: { value: "acme-staging-site-123456789012" },
      site_distribution_id: { value: "E2ABCDEF123456" },
    });
    expect(siteTargetFromOutputs(outputs)).toEqual({ bucket: "acme-staging-site-123456789012", distributionId: "E2ABCDEF123456" });
    expect(() => siteTargetFromOutputs("{}")).toThrow(/deploy the environment first/);
    expect(etagOf('"abc"')).toBe("abc");
  });
});
