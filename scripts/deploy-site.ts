/**
 * `npm run deploy-site -- <environment> <dist-dir>`: syncs a built site (a Vite `dist/`) to the
 * environment's site bucket and invalidates what changed in CloudFront.
 *
 * - Hashed assets (everything under Vite's `assets/`) are cached for a year as immutable; HTML is
 *   `no-cache` (revalidated on every visit); anything else for an hour.
 * - Unchanged files (same MD5 as the object's ETag) are skipped. Assets go up first and HTML
 *   last, so a page never references an asset that is not there yet. Other files gone from the
 *   build are deleted after the upload; old hashed assets are kept for a week, for visitors whose
 *   open page still loads them, then deleted by a later deploy.
 * - Only changed or deleted paths that are not hashed assets are invalidated (`/*` past 15).
 *
 * The bucket, distribution and region come from the stack's outputs and config (`terraform
 * output` in cdktf.out/stacks/<environment>, after `cdktf deploy`; that needs read access to the
 * state), or from `--bucket`, `--distribution` and `--region` (what CI passes). Without those
 * outputs (a stack never deployed from this checkout, a backend not initialised, an empty state)
 * it says so in one line and exits 1; Terraform's own messages are not shown.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { projectConfig } from "../environments";
import { runCommand } from "../cli";
import { OfflineTerraformError } from "./offline-terraform";

/** The bucket side of a deploy: what is there, and how to change it. */
export interface ObjectStore {
  /** Every object: its ETag (the MD5 of the content, for objects uploaded in one part) and when it was written. */
  list(): Promise<Map<string, StoredObject>>;
  put(object: { key: string; body: Buffer; contentType: string; cacheControl: string }): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
}

/** The CDN side of a deploy. */
export interface Invalidator {
  /** Starts an invalidation of these paths; returns its id. */
  invalidate(paths: readonly string[]): Promise<string>;
}

export interface StoredObject {
  readonly etag: string;
  readonly lastModified: Date;
}

export interface SiteFile {
  readonly key: string;
  readonly file: string;
  readonly md5: string;
  readonly contentType: string;
  readonly cacheControl: string;
}

export interface DeployResult {
  readonly uploaded: readonly string[];
  readonly unchanged: readonly string[];
  readonly deleted: readonly string[];
  /** Old hashed assets kept for visitors still on the previous build. */
  readonly retained: readonly string[];
  /** The paths invalidated (empty when nothing needed it). */
  readonly invalidated: readonly string[];
  readonly invalidationId?: string;
}

export const CACHE_IMMUTABLE = "public, max-age=31536000, immutable";
export const CACHE_REVALIDATE = "no-cache";
export const CACHE_SHORT = "public, max-age=3600";
/** Days an old hashed asset stays after a build stops using it. */
export const ASSET_RETENTION_DAYS = 7;
/** Past this many paths, one `/*` invalidation is cheaper and simpler. */
export const MAX_INVALIDATION_PATHS = 15;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
  ".pdf": "application/pdf",
  ".otf": "font/otf",
  ".csv": "text/csv; charset=utf-8",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
  ".mp3": "audio/mpeg",
};

export function contentTypeFor(key: string): string {
  return CONTENT_TYPES[path.extname(key).toLowerCase()] ?? "application/octet-stream";
}

/**
 * A file whose name changes with its content: everything Vite writes under `assets/`. Files from
 * `public/` keep their names (`apple-touch-icon-180x180.png`) and are not hashed, whatever they
 * look like.
 */
export function isHashedAsset(key: string): boolean {
  return key.startsWith("assets/") && !key.endsWith(".html");
}

export function cacheControlFor(key: string): string {
  if (key.endsWith(".html")) return CACHE_REVALIDATE;
  return isHashedAsset(key) ? CACHE_IMMUTABLE : CACHE_SHORT;
}

/** Every file of the build, as it would be uploaded, assets before HTML. */
export function siteFiles(distDir: string): SiteFile[] {
  if (!fs.existsSync(path.join(distDir, "index.html"))) {
    throw new Error(`${distDir} has no index.html: build the site first (npm run build in the front end)`);
  }
  const files: SiteFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const key = path.relative(distDir, full).split(path.sep).join("/");
        files.push({
          key,
          file: full,
          md5: createHash("md5").update(fs.readFileSync(full)).digest("hex"),
          contentType: contentTypeFor(key),
          cacheControl: cacheControlFor(key),
        });
      }
    }
  };
  walk(distDir);
  const html = (f: SiteFile) => (f.key.endsWith(".html") ? 1 : 0);
  return files.sort((a, b) => html(a) - html(b) || a.key.localeCompare(b.key));
}

/** The CloudFront paths to invalidate after these keys changed or went away. */
export function invalidationPaths(changedKeys: readonly string[]): string[] {
  const paths = new Set<string>();
  for (const key of changedKeys) {
    if (isHashedAsset(key)) continue;
    paths.add(`/${key.split("/").map(encodeURIComponent).join("/")}`);
    if (key === "index.html") paths.add("/");
  }
  if (paths.size > MAX_INVALIDATION_PATHS) return ["/*"];
  return [...paths].sort();
}

/** Syncs a build to the store and invalidates what changed. */
export async function deploySite(
  distDir: string,
  store: ObjectStore,
  invalidator: Invalidator,
  log: (line: string) => void = () => undefined,
  now: Date = new Date(),
): Promise<DeployResult> {
  const files = siteFiles(distDir);
  const existing = await store.list();
  const uploaded: string[] = [];
  const unchanged: string[] = [];
  for (const file of files) {
    if (existing.get(file.key)?.etag === file.md5) {
      unchanged.push(file.key);
      continue;
    }
    await store.put({ key: file.key, body: fs.readFileSync(file.file), contentType: file.contentType, cacheControl: file.cacheControl });
    uploaded.push(file.key);
    log(`upload ${file.key} (${file.cacheControl})`);
  }
  const wanted = new Set(files.map((f) => f.key));
  const cutoff = now.getTime() - ASSET_RETENTION_DAYS * 24 * 60 * 60 * 1000;
  const gone = [...existing.entries()].filter(([key]) => !wanted.has(key));
  // A visitor's open page may still load last build's chunks: keep them a week.
  const retained = gone.filter(([key, o]) => isHashedAsset(key) && o.lastModified.getTime() > cutoff).map(([key]) => key).sort();
  const deleted = gone.map(([key]) => key).filter((key) => !retained.includes(key)).sort();
  if (deleted.length > 0) {
    await store.delete(deleted);
    for (const key of deleted) log(`delete ${key}`);
  }
  const invalidated = invalidationPaths([...uploaded, ...deleted]);
  let invalidationId: string | undefined;
  if (invalidated.length > 0) {
    invalidationId = await invalidator.invalidate(invalidated);
    log(`invalidate ${invalidated.join(" ")} (${invalidationId})`);
  }
  return { uploaded, unchanged, deleted, retained, invalidated, invalidationId };
}

/** The ETag S3 reports, without quotes. */
export function etagOf(etag: string | undefined): string {
  return (etag ?? "").replace(/"/g, "");
}

/** The one method of the AWS SDK v3 clients the adapters use. */
export interface SdkClient {
  send(command: unknown): Promise<unknown>;
}

/** The bucket and CDN adapters over SDK clients (real ones, or stubs in tests). */
export async function awsAdapters(
  target: { bucket: string; distributionId: string },
  clients: { s3: SdkClient; cloudfront: SdkClient },
): Promise<{ store: ObjectStore; invalidator: Invalidator }> {
  const s3 = await import("@aws-sdk/client-s3");
  const cloudfront = await import("@aws-sdk/client-cloudfront");
  const { bucket, distributionId } = target;
  const store: ObjectStore = {
    async list() {
      const objects = new Map<string, StoredObject>();
      let token: string | undefined;
      do {
        const page = (await clients.s3.send(new s3.ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }))) as {
          Contents?: { Key?: string; ETag?: string; LastModified?: Date }[];
          IsTruncated?: boolean;
          NextContinuationToken?: string;
        };
        for (const object of page.Contents ?? []) {
          if (object.Key) objects.set(object.Key, { etag: etagOf(object.ETag), lastModified: object.LastModified ?? new Date(0) });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return objects;
    },
    async put(object) {
      await clients.s3.send(
        new s3.PutObjectCommand({
          Bucket: bucket,
          Key: object.key,
          Body: object.body,
          ContentType: object.contentType,
          CacheControl: object.cacheControl,
        }),
      );
    },
    async delete(keys) {
      for (let i = 0; i < keys.length; i += 1000) {
        const result = (await clients.s3.send(
          new s3.DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })) } }),
        )) as { Errors?: { Key?: string; Code?: string }[] };
        // S3 answers 200 and lists the keys it could not delete.
        if (result.Errors && result.Errors.length > 0) {
          throw new Error(`S3 did not delete ${result.Errors.map((e) => `${e.Key} (${e.Code})`).join(", ")}`);
        }
      }
    },
  };
  const invalidator: Invalidator = {
    async invalidate(paths) {
      const result = (await clients.cloudfront.send(
        new cloudfront.CreateInvalidationCommand({
          DistributionId: distributionId,
          InvalidationBatch: { CallerReference: `deploy-site-${Date.now()}`, Paths: { Quantity: paths.length, Items: [...paths] } },
        }),
      )) as { Invalidation?: { Id?: string } };
      return result.Invalidation?.Id ?? "unknown";
    },
  };
  return { store, invalidator };
}

/** Where a deploy goes: the site bucket and its distribution. */
export interface SiteTarget {
  readonly bucket: string;
  readonly distributionId: string;
}

/** The site bucket and distribution in `terraform output -json`, or undefined when either is missing. */
export function siteTargetFromOutputs(outputsJson: string): SiteTarget | undefined {
  let outputs: unknown;
  try {
    outputs = JSON.parse(outputsJson);
  } catch {
    return undefined;
  }
  if (typeof outputs !== "object" || outputs === null) return undefined;
  const value = (name: string) => (outputs as Record<string, { value?: unknown } | null | undefined>)[name]?.value;
  const bucket = value("site_bucket_name");
  const distributionId = value("site_distribution_id");
  if (typeof bucket !== "string" || bucket === "" || typeof distributionId !== "string" || distributionId === "") return undefined;
  return { bucket, distributionId };
}

/** What `terraform output` did in a stack folder. */
export interface TerraformOutputRun {
  /** Terraform's exit code; null when it did not start or was stopped by a signal. */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Why Terraform did not start (not installed, not on PATH). */
  readonly error?: Error;
}

/** Runs `terraform output -json -no-color` in a stack folder: Terraform itself, or a stub in tests. */
export type OutputReader = (stackDir: string) => TerraformOutputRun;

/** The real reader. Terraform's own output is kept, never printed: the caller says what went wrong. */
export const terraformOutput: OutputReader = (stackDir) => {
  const result = spawnSync(process.env.TERRAFORM_BINARY ?? "terraform", ["output", "-json", "-no-color"], {
    cwd: stackDir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
  return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "", error: result.error };
};

const projectRoot = path.resolve(__dirname, "..");

/**
 * The site bucket and distribution from the outputs of the environment's deployed stack. Throws a
 * user error of one line (exit code 1, no Terraform text) when the stack folder is missing,
 * `terraform output` fails (backend not initialised, state unreadable) or the outputs lack either value.
 */
export function siteTargetFromStack(environment: string, stackDir: string, readOutputs: OutputReader = terraformOutput): SiteTarget {
  const relative = path.relative(projectRoot, stackDir);
  const shown = relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative.split(path.sep).join("/") : stackDir;
  // OfflineTerraformError is the commands' user error for Terraform (a UserError of cli/), as in
  // `npm run plan -- <stack> --remote`: runCommand prints its message alone and exits 1.
  const missing = (reason: string) =>
    new OfflineTerraformError(
      `deploy-site: no deploy outputs for "${environment}" (${reason}): deploy the stack first (npm run deploy -- ${environment}), or pass --bucket and --distribution`,
    );
  if (!fs.existsSync(stackDir)) throw missing(`there is no ${shown}: the stack was never synthesized or deployed from this checkout`);
  const run = readOutputs(stackDir);
  if (run.error !== undefined) {
    throw new OfflineTerraformError(
      `deploy-site: cannot read the deploy outputs of "${environment}": terraform did not start (${run.error.message.split("\n")[0]}); ` +
        "install Terraform 1.10 or later on PATH (or set TERRAFORM_BINARY), or pass --bucket and --distribution",
    );
  }
  if (run.status !== 0) throw missing(`terraform output failed in ${shown}: its backend is not initialised here, or its state cannot be read`);
  const target = siteTargetFromOutputs(run.stdout);
  if (target === undefined) throw missing(`${shown} has no Terraform state with site_bucket_name/site_distribution_id`);
  return target;
}

/** The SDK clients of a deploy: S3 in the environment's region, CloudFront (global) through us-east-1. */
export async function sdkClients(region: string): Promise<{ s3: SdkClient; cloudfront: SdkClient }> {
  // The SDK warns on Node < 22 that its versions published after the first week of January 2027
  // will need Node 22. The versions package-lock.json pins support Node 20, which .nvmrc and
  // engines allow (>=20.19), so the warning says nothing about this install: quieted until the SDK
  // is upgraded (then .nvmrc and engines go up with it). A value the user has set wins.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const s3 = await import("@aws-sdk/client-s3");
  const cloudfront = await import("@aws-sdk/client-cloudfront");
  return { s3: new s3.S3Client({ region }) as SdkClient, cloudfront: new cloudfront.CloudFrontClient({ region: "us-east-1" }) as SdkClient };
}

/** The region of an environment in the project's configs. */
function regionOf(environment: string): string | undefined {
  const configs = projectConfig.environments as readonly { name?: unknown; region?: unknown }[];
  const region = configs.find((c) => c.name === environment)?.region;
  return typeof region === "string" ? region : undefined;
}

const USAGE = "usage: npm run deploy-site -- <environment> <dist-dir> [--bucket <name> --distribution <id> --region <region>]";

export interface DeploySiteOptions {
  readonly stdout?: Pick<NodeJS.WriteStream, "write">;
  readonly stderr?: Pick<NodeJS.WriteStream, "write">;
  /** The folder of the synthesized stacks. @default cdktf.out/stacks in the project */
  readonly stacksDir?: string;
  /** Reads a stack's outputs when `--bucket` and `--distribution` are not given. @default terraformOutput (runs Terraform) */
  readonly readOutputs?: OutputReader;
  /** Makes the SDK clients for a region. @default sdkClients (the AWS SDK, default credential chain) */
  readonly clients?: (region: string) => Promise<{ s3: SdkClient; cloudfront: SdkClient }>;
}

/** The command line; returns the exit code (0 deployed, 1 a user error, 2 usage). */
export async function deploySiteCommand(argv: readonly string[], options: DeploySiteOptions = {}): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const positional = argv.filter((a, i) => !a.startsWith("--") && !argv[i - 1]?.startsWith("--"));
  const flag = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const [environment, distDir] = positional;
  if (environment === undefined || distDir === undefined) {
    stderr.write(`${USAGE}\n`);
    return 2;
  }
  const bucket = flag("bucket");
  const distributionId = flag("distribution");
  if ((bucket === undefined) !== (distributionId === undefined)) {
    stderr.write(`--bucket and --distribution go together.\n${USAGE}\n`);
    return 2;
  }
  const region = flag("region") ?? regionOf(environment);
  if (region === undefined) {
    stderr.write(`No environment ${environment} in environments/ to take the region from: pass --region.\n${USAGE}\n`);
    return 2;
  }
  let target: SiteTarget | undefined;
  const code = runCommand(stderr, () => {
    target =
      bucket !== undefined && distributionId !== undefined
        ? { bucket, distributionId }
        : siteTargetFromStack(environment, path.join(options.stacksDir ?? path.join(projectRoot, "cdktf.out", "stacks"), environment), options.readOutputs);
    return 0;
  });
  if (target === undefined) return code;
  const { store, invalidator } = await awsAdapters(target, await (options.clients ?? sdkClients)(region));
  const result = await deploySite(distDir, store, invalidator, (line) => stdout.write(`${line}\n`));
  stdout.write(
    `${result.uploaded.length} uploaded, ${result.unchanged.length} unchanged, ${result.deleted.length} deleted, ` +
      `${result.retained.length} old assets kept, to s3://${target.bucket}; ` +
      `${result.invalidated.length === 0 ? "nothing to invalidate" : `invalidation ${result.invalidationId}`}\n`,
  );
  return 0;
}

if (require.main === module) {
  deploySiteCommand(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
