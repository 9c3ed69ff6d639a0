// @ts-check
"use strict";

/**
 * Makes the thumbnails of an upload: an S3 event handler (ObjectCreated under uploads/ of the
 * raw bucket). For each record it reads the object, resizes it with sharp to each configured
 * width (the aspect ratio kept, never enlarged, EXIF orientation applied and metadata dropped),
 * and writes WebP to the processed bucket at `thumbnails/<size>/<key without uploads/>.webp`.
 * Any error is thrown: S3 invokes asynchronously, so Lambda retries, then records the event in
 * the function's failure queue.
 *
 * Environment: PROCESSED_BUCKET, UPLOAD_PREFIX, THUMBNAIL_PREFIX, THUMBNAIL_SIZES (JSON:
 * [{"name": "thumb", "width": 256}, ...]).
 *
 * `sharp` must be installed in this folder for linux-arm64 before synth (see the README):
 * without node_modules the function fails at its first call.
 */

/**
 * @typedef {{ name: string, width: number }} Size
 * @typedef {{ getObject(bucket: string, key: string): Promise<Uint8Array>, putObject(o: { bucket: string, key: string, body: Uint8Array, contentType: string, cacheControl: string }): Promise<void> }} Storage
 * @typedef {(input: Uint8Array) => { rotate(): any }} Sharp
 * @typedef {{ s3: { bucket: { name: string }, object: { key: string } } }} S3Record
 */

/** Thumbnails are named after the upload's random key: they never change, so caches keep them. */
const CACHE_CONTROL = "public, max-age=31536000, immutable";

/**
 * The key as S3 events give it: URL-encoded, a space as `+`.
 * @param {string} key
 */
function decodeKey(key) {
  return decodeURIComponent(key.replace(/\+/g, " "));
}

/**
 * The configuration from the function's environment.
 * @param {Record<string, string | undefined>} env
 */
function configFrom(env) {
  const processedBucket = env.PROCESSED_BUCKET;
  if (!processedBucket) throw new Error("thumbnail: PROCESSED_BUCKET is not set");
  /** @type {Size[]} */
  const sizes = JSON.parse(env.THUMBNAIL_SIZES ?? "[]");
  if (!Array.isArray(sizes) || sizes.length === 0) throw new Error("thumbnail: THUMBNAIL_SIZES must list at least one size");
  return { processedBucket, uploadPrefix: env.UPLOAD_PREFIX ?? "uploads/", thumbnailPrefix: env.THUMBNAIL_PREFIX ?? "thumbnails/", sizes };
}

/**
 * The handler's core: storage and sharp injected.
 * @param {{ s3: Storage, sharp: Sharp, env?: Record<string, string | undefined> }} deps
 */
function createHandler(deps) {
  const config = configFrom(deps.env ?? process.env);

  /**
   * @param {{ Records?: S3Record[] }} event
   * @returns {Promise<{ written: string[], skipped: string[] }>}
   */
  return async function handler(event) {
    /** @type {string[]} */
    const written = [];
    /** @type {string[]} */
    const skipped = [];
    for (const record of event.Records ?? []) {
      const bucket = record.s3.bucket.name;
      const key = decodeKey(record.s3.object.key);
      const rest = key.slice(config.uploadPrefix.length);
      if (!key.startsWith(config.uploadPrefix) || rest === "" || key.endsWith("/")) {
        skipped.push(key);
        continue;
      }
      const input = await deps.s3.getObject(bucket, key);
      for (const size of config.sizes) {
        const body = await deps
          .sharp(input)
          .rotate()
          .resize({ width: size.width, withoutEnlargement: true })
          .webp({ quality: 80 })
          .toBuffer();
        const target = `${config.thumbnailPrefix}${size.name}/${rest}.webp`;
        await deps.s3.putObject({ bucket: config.processedBucket, key: target, body, contentType: "image/webp", cacheControl: CACHE_CONTROL });
        written.push(target);
      }
    }
    return { written, skipped };
  };
}

/** @type {((event: { Records?: S3Record[] }) => Promise<{ written: string[], skipped: string[] }>) | undefined} */
let live;

/**
 * The Lambda entry point: the S3 client (in the Node.js runtime) and sharp (in node_modules) are
 * loaded at the first call, so the core can be tested without either.
 * @param {{ Records?: S3Record[] }} event
 */
async function handler(event) {
  if (live === undefined) {
    const { S3Client, GetObjectCommand, PutObjectCommand } = require("@aws-sdk/client-s3");
    const client = new S3Client({});
    /** @type {Storage} */
    const s3 = {
      async getObject(bucket, key) {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!response.Body) throw new Error(`thumbnail: s3://${bucket}/${key} has no body`);
        return response.Body.transformToByteArray();
      },
      async putObject(o) {
        await client.send(new PutObjectCommand({ Bucket: o.bucket, Key: o.key, Body: o.body, ContentType: o.contentType, CacheControl: o.cacheControl }));
      },
    };
    live = createHandler({ s3, sharp: require("sharp") });
  }
  return live(event);
}

module.exports = { createHandler, decodeKey, handler, CACHE_CONTROL };
