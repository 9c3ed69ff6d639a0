// @ts-check
"use strict";

/**
 * Signs a browser upload: an HTTP API (payload 2.0) handler behind a JWT authorizer. The caller
 * (its `sub` claim) asks for one upload of a content type; the answer is a presigned POST (the
 * URL and the form fields) for the key `uploads/<sub>/<random uuid>`, whose signed policy S3
 * checks: that exact key, the content type, the size (`content-length-range`), the expiry.
 *
 * No dependencies: the SigV4 POST policy is computed with node:crypto, with the function's own
 * credentials (Lambda puts them in the environment). S3 authorizes the browser's POST as this
 * function's role, so what the role may do (put under uploads/) bounds every form it signs.
 *
 * Environment: UPLOAD_BUCKET, UPLOAD_PREFIX, MAX_UPLOAD_BYTES, ALLOWED_CONTENT_TYPES (comma
 * separated), EXPIRES_SECONDS; AWS_REGION and the credentials from Lambda.
 */

const crypto = require("node:crypto");
const { Buffer } = require("node:buffer");

/**
 * @typedef {{ accessKeyId: string, secretAccessKey: string, sessionToken?: string }} Credentials
 * @typedef {{ bucket: string, prefix: string, region: string, maxBytes: number, contentTypes: string[], expiresSeconds: number }} Config
 * @typedef {{ statusCode: number, headers: Record<string, string>, body: string }} Response
 */

/** A `sub` usable as one key segment: no slash, no leading dot, nothing S3 events would encode oddly. */
const SUB = /^[A-Za-z0-9_@|:-][A-Za-z0-9._@|:-]{0,127}$/;

/**
 * The configuration from the function's environment.
 * @param {Record<string, string | undefined>} env
 * @returns {Config}
 */
function configFrom(env) {
  /** @param {string} name */
  const required = (name) => {
    const value = env[name];
    if (value === undefined || value === "") throw new Error(`presign-upload: ${name} is not set`);
    return value;
  };
  return {
    bucket: required("UPLOAD_BUCKET"),
    prefix: required("UPLOAD_PREFIX"),
    region: required("AWS_REGION"),
    maxBytes: Number(required("MAX_UPLOAD_BYTES")),
    contentTypes: required("ALLOWED_CONTENT_TYPES").split(",").map((t) => t.trim()).filter((t) => t !== ""),
    expiresSeconds: Number(required("EXPIRES_SECONDS")),
  };
}

/**
 * The credentials Lambda gives the function's role, from the environment.
 * @param {Record<string, string | undefined>} env
 * @returns {Credentials}
 */
function credentialsFrom(env) {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error("presign-upload: no AWS credentials in the environment");
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined };
}

/** @param {Date} date `20261202T130000Z` */
function amzDate(date) {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/**
 * @param {crypto.BinaryLike} key
 * @param {string} data
 */
function hmac(key, data) {
  return crypto.createHmac("sha256", key).update(data, "utf8").digest();
}

/**
 * A SigV4-signed POST policy for one object.
 * @param {{ bucket: string, key: string, contentType: string, maxBytes: number, region: string, credentials: Credentials, now: Date, expiresSeconds: number }} o
 * @returns {{ url: string, fields: Record<string, string>, policy: { expiration: string, conditions: unknown[] } }}
 */
function presignPost(o) {
  const date = amzDate(o.now);
  const day = date.slice(0, 8);
  const credential = `${o.credentials.accessKeyId}/${day}/${o.region}/s3/aws4_request`;
  /** @type {unknown[]} */
  const conditions = [
    { bucket: o.bucket },
    { key: o.key },
    ["content-length-range", 1, o.maxBytes],
    { "Content-Type": o.contentType },
    { "x-amz-algorithm": "AWS4-HMAC-SHA256" },
    { "x-amz-credential": credential },
    { "x-amz-date": date },
  ];
  if (o.credentials.sessionToken) conditions.push({ "x-amz-security-token": o.credentials.sessionToken });
  const policy = { expiration: new Date(o.now.getTime() + o.expiresSeconds * 1000).toISOString(), conditions };
  const encoded = Buffer.from(JSON.stringify(policy), "utf8").toString("base64");
  const kDate = hmac(`AWS4${o.credentials.secretAccessKey}`, day);
  const kRegion = hmac(kDate, o.region);
  const kService = hmac(kRegion, "s3");
  const kSigning = hmac(kService, "aws4_request");
  const signature = crypto.createHmac("sha256", kSigning).update(encoded, "utf8").digest("hex");
  /** @type {Record<string, string>} */
  const fields = {
    key: o.key,
    "Content-Type": o.contentType,
    "x-amz-algorithm": "AWS4-HMAC-SHA256",
    "x-amz-credential": credential,
    "x-amz-date": date,
  };
  if (o.credentials.sessionToken) fields["x-amz-security-token"] = o.credentials.sessionToken;
  fields.policy = encoded;
  fields["x-amz-signature"] = signature;
  return { url: `https://${o.bucket}.s3.${o.region}.amazonaws.com/`, fields, policy };
}

/**
 * @param {number} statusCode
 * @param {unknown} body
 * @returns {Response}
 */
function respond(statusCode, body) {
  return { statusCode, headers: { "content-type": "application/json", "cache-control": "no-store" }, body: JSON.stringify(body) };
}

/**
 * The handler, with what it depends on injectable (the tests give a clock, credentials and ids).
 * @param {{ env?: Record<string, string | undefined>, now?: () => Date, credentials?: () => Credentials, randomUUID?: () => string }} [deps]
 */
function createHandler(deps = {}) {
  const env = deps.env ?? process.env;
  const now = deps.now ?? (() => new Date());
  const credentials = deps.credentials ?? (() => credentialsFrom(env));
  const randomUUID = deps.randomUUID ?? (() => crypto.randomUUID());

  /**
   * @param {{ body?: string, isBase64Encoded?: boolean, requestContext?: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } } }} event
   * @returns {Promise<Response>}
   */
  return async function handler(event) {
    const config = configFrom(env);
    const sub = event?.requestContext?.authorizer?.jwt?.claims?.sub;
    if (typeof sub !== "string" || sub === "") return respond(401, { message: "no authenticated user (sub claim)" });
    if (!SUB.test(sub)) return respond(403, { message: "the user's sub cannot name an upload key" });

    /** @type {unknown} */
    let request;
    try {
      const text = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString("utf8") : (event.body ?? "");
      request = JSON.parse(text);
    } catch {
      return respond(400, { message: 'the body must be JSON: {"contentType": "image/jpeg"}' });
    }
    const contentType = typeof request === "object" && request !== null ? /** @type {Record<string, unknown>} */ (request).contentType : undefined;
    if (typeof contentType !== "string" || !config.contentTypes.includes(contentType)) {
      return respond(400, { message: `contentType must be one of ${config.contentTypes.join(", ")}`, allowed: config.contentTypes });
    }

    const key = `${config.prefix}${sub}/${randomUUID()}`;
    const signed = presignPost({
      bucket: config.bucket,
      key,
      contentType,
      maxBytes: config.maxBytes,
      region: config.region,
      credentials: credentials(),
      now: now(),
      expiresSeconds: config.expiresSeconds,
    });
    return respond(200, { url: signed.url, fields: signed.fields, key, maxBytes: config.maxBytes, expiresAt: signed.policy.expiration });
  };
}

module.exports = { createHandler, presignPost, handler: createHandler() };
