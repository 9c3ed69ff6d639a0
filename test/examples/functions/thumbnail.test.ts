/**
 * The sample thumbnail function (examples/fargate-cognito-uploads/functions/thumbnail), with fakes
 * for S3 and sharp: which records it skips, how it decodes keys, the sizes and keys it writes,
 * and that errors reach Lambda (so the failure queue records the event).
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";

interface Put {
  bucket: string;
  key: string;
  body: Uint8Array;
  contentType: string;
  cacheControl: string;
}
interface Storage {
  getObject(bucket: string, key: string): Promise<Uint8Array>;
  putObject(o: Put): Promise<void>;
}
interface ThumbnailModule {
  createHandler(deps: { s3: Storage; sharp: unknown; env?: Record<string, string | undefined> }): (event: unknown) => Promise<{ written: string[]; skipped: string[] }>;
  decodeKey(key: string): string;
  handler(event: unknown): Promise<unknown>;
  CACHE_CONTROL: string;
}

const FOLDER = path.resolve(__dirname, "../../../examples/fargate-cognito-uploads/functions/thumbnail");
const load = createRequire(__filename);
const thumbnail = load(path.join(FOLDER, "index.js")) as ThumbnailModule;

const env = {
  PROCESSED_BUCKET: "acme-test-assets-123456789012",
  UPLOAD_PREFIX: "uploads/",
  THUMBNAIL_PREFIX: "thumbnails/",
  THUMBNAIL_SIZES: JSON.stringify([
    { name: "thumb", width: 256 },
    { name: "large", width: 1024 },
  ]),
};

/** What the fake sharp was asked to do, per call. */
interface SharpCall {
  input: string;
  steps: unknown[];
}

/** A fake sharp: records the pipeline, and "encodes" as `<input>@<width>.webp`. */
function fakeSharp(calls: SharpCall[], fail?: string) {
  return (input: Uint8Array) => {
    const call: SharpCall = { input: Buffer.from(input).toString(), steps: [] };
    calls.push(call);
    let width = 0;
    const pipeline = {
      rotate() {
        call.steps.push("rotate");
        return pipeline;
      },
      resize(options: { width: number; withoutEnlargement: boolean }) {
        call.steps.push({ resize: options });
        width = options.width;
        return pipeline;
      },
      webp(options: unknown) {
        call.steps.push({ webp: options });
        return pipeline;
      },
      async toBuffer() {
        if (fail !== undefined) throw new Error(fail);
        return Buffer.from(`${call.input}@${width}.webp`);
      },
    };
    return pipeline;
  };
}

/** A fake S3: objects by `bucket/key`, and every put. */
function fakeS3(objects: Record<string, string>, puts: Put[]): Storage {
  return {
    async getObject(bucket, key) {
      const body = objects[`${bucket}/${key}`];
      if (body === undefined) throw new Error(`NoSuchKey: ${bucket}/${key}`);
      return Buffer.from(body);
    },
    async putObject(o) {
      puts.push(o);
    },
  };
}

const record = (key: string, bucket = "acme-test-uploads-123456789012") => ({ s3: { bucket: { name: bucket }, object: { key } } });

describe("thumbnail", () => {
  test("makes each configured size of an upload, as WebP, under thumbnails/<size>/, cacheable for ever", async () => {
    const puts: Put[] = [];
    const calls: SharpCall[] = [];
    const handler = thumbnail.createHandler({ s3: fakeS3({ "acme-test-uploads-123456789012/uploads/user-1/abc": "IMG" }, puts), sharp: fakeSharp(calls), env });
    const result = await handler({ Records: [record("uploads/user-1/abc")] });
    expect(result).toEqual({ written: ["thumbnails/thumb/user-1/abc.webp", "thumbnails/large/user-1/abc.webp"], skipped: [] });
    expect(puts.map((p) => ({ ...p, body: Buffer.from(p.body).toString() }))).toEqual([
      {
        bucket: "acme-test-assets-123456789012",
        key: "thumbnails/thumb/user-1/abc.webp",
        body: "IMG@256.webp",
        contentType: "image/webp",
        cacheControl: "public, max-age=31536000, immutable",
      },
      {
        bucket: "acme-test-assets-123456789012",
        key: "thumbnails/large/user-1/abc.webp",
        body: "IMG@1024.webp",
        contentType: "image/webp",
        cacheControl: "public, max-age=31536000, immutable",
      },
    ]);
    // Oriented by EXIF, resized by width (the aspect kept), never enlarged.
    expect(calls.map((c) => c.steps)).toEqual([
      ["rotate", { resize: { width: 256, withoutEnlargement: true } }, { webp: { quality: 80 } }],
      ["rotate", { resize: { width: 1024, withoutEnlargement: true } }, { webp: { quality: 80 } }],
    ]);
  });

  test("decodes the key as S3 events encode it (URL-encoded, + for a space)", async () => {
    expect(thumbnail.decodeKey("uploads/user-1/my+photo%C3%A9%2B1.jpg")).toBe("uploads/user-1/my photoé+1.jpg");
    const puts: Put[] = [];
    const handler = thumbnail.createHandler({
      s3: fakeS3({ "acme-test-uploads-123456789012/uploads/user 1/a b": "X" }, puts),
      sharp: fakeSharp([]),
      env: { ...env, THUMBNAIL_SIZES: '[{"name":"thumb","width":256}]' },
    });
    await handler({ Records: [record("uploads/user+1/a+b")] });
    expect(puts.map((p) => p.key)).toEqual(["thumbnails/thumb/user 1/a b.webp"]);
  });

  test("skips keys outside uploads/ (and folder markers) without reading them", async () => {
    const puts: Put[] = [];
    const calls: SharpCall[] = [];
    const handler = thumbnail.createHandler({ s3: fakeS3({}, puts), sharp: fakeSharp(calls), env });
    const result = await handler({ Records: [record("thumbnails/thumb/x.webp"), record("other/x"), record("uploads/"), record("uploads/user-1/")] });
    expect(result).toEqual({ written: [], skipped: ["thumbnails/thumb/x.webp", "other/x", "uploads/", "uploads/user-1/"] });
    expect(puts).toEqual([]);
    expect(calls).toEqual([]);
    expect(await handler({})).toEqual({ written: [], skipped: [] });
  });

  test("every record of an event is processed", async () => {
    const puts: Put[] = [];
    const handler = thumbnail.createHandler({
      s3: fakeS3({ "acme-test-uploads-123456789012/uploads/a": "A", "acme-test-uploads-123456789012/uploads/b": "B" }, puts),
      sharp: fakeSharp([]),
      env,
    });
    await handler({ Records: [record("uploads/a"), record("uploads/b")] });
    expect(puts.map((p) => p.key)).toEqual(["thumbnails/thumb/a.webp", "thumbnails/large/a.webp", "thumbnails/thumb/b.webp", "thumbnails/large/b.webp"]);
  });

  test("errors propagate: a missing object, an image sharp cannot decode, a failed put", async () => {
    const puts: Put[] = [];
    const missing = thumbnail.createHandler({ s3: fakeS3({}, puts), sharp: fakeSharp([]), env });
    await expect(missing({ Records: [record("uploads/gone")] })).rejects.toThrow(/NoSuchKey/);
    const undecodable = thumbnail.createHandler({ s3: fakeS3({ "acme-test-uploads-123456789012/uploads/bad": "?" }, puts), sharp: fakeSharp([], "Input buffer contains unsupported image format"), env });
    await expect(undecodable({ Records: [record("uploads/bad")] })).rejects.toThrow(/unsupported image format/);
    const failingPut: Storage = { ...fakeS3({ "acme-test-uploads-123456789012/uploads/a": "A" }, puts), putObject: async () => Promise.reject(new Error("AccessDenied")) };
    await expect(thumbnail.createHandler({ s3: failingPut, sharp: fakeSharp([]), env })({ Records: [record("uploads/a")] })).rejects.toThrow(/AccessDenied/);
    expect(puts).toEqual([]);
  });

  test("refuses to start without its variables", () => {
    expect(() => thumbnail.createHandler({ s3: fakeS3({}, []), sharp: fakeSharp([]), env: {} })).toThrow(/PROCESSED_BUCKET is not set/);
    expect(() => thumbnail.createHandler({ s3: fakeS3({}, []), sharp: fakeSharp([]), env: { PROCESSED_BUCKET: "b", THUMBNAIL_SIZES: "[]" } })).toThrow(/THUMBNAIL_SIZES/);
  });

  test("the package declares sharp ^0.33 and nothing else; the entry point loads it only when called", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(FOLDER, "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies?: unknown };
    expect(pkg.dependencies).toEqual({ sharp: expect.stringMatching(/^\^0\.33\./) });
    expect(pkg.devDependencies).toBeUndefined();
    // Loading the module needed neither sharp nor the SDK: they are required in the handler.
    expect(typeof thumbnail.handler).toBe("function");
  });
});
