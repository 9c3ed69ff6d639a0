/**
 * The serverless example's file function (examples/serverless-dynamodb/functions/files): the
 * presigned URLs, made by the real presigner with static fake credentials and a fixed region
 * (it signs locally), checked for bucket, key, expiry and signed headers; the HeadObject that
 * finds the caller's own file answered by a fake HTTP handler given to a real S3 client.
 */
import { createHmac, createHash } from "node:crypto";
import { jsonBody as body, jsonLines, jwtEvent, type JwtEventOptions } from "../../support/http-api-event";
import type * as Files from "../../../examples/serverless-dynamodb/functions/files";

const BUCKET = "woocom-test-media-123456789012";
const REGION = "eu-west-1";
const NOW = new Date("2026-12-02T13:04:05.000Z");
const ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
const credentials = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };

interface Sent {
  method: string;
  hostname: string;
  path: string;
}

/** What the S3 client sends over HTTP, answered from a set of existing keys: 200 with the object's headers, or 404. */
function fakeS3Http(objects: Record<string, { contentType: string; size: number }>) {
  const sent: Sent[] = [];
  return {
    sent,
    requestHandler: {
      async handle(request: Sent) {
        sent.push({ method: request.method, hostname: request.hostname, path: request.path });
        const object = objects[decodeURIComponent(request.path.replace(/^\//, ""))];
        return {
          response: object
            ? { statusCode: 200, headers: { "content-type": object.contentType, "content-length": String(object.size), etag: '"abc"' } }
            : { statusCode: 404, headers: {} },
        };
      },
    },
  };
}

const event = (routeKey: string, options: JwtEventOptions = {}) => jwtEvent(routeKey, { requestId: "req-files-1", at: NOW, ...options });


let files: typeof Files;
let logs: jest.SpyInstance;
beforeAll(async () => {
  process.env.MEDIA_BUCKET = BUCKET;
  files = await import("../../../examples/serverless-dynamodb/functions/files");
});
beforeEach(() => {
  logs = jest.spyOn(console, "log").mockImplementation(() => undefined);
});
afterEach(() => logs.mockRestore());

function setup(objects: Record<string, { contentType: string; size: number }> = {}) {
  const http = fakeS3Http(objects);
  const s3 = files.createS3Client({ region: REGION, credentials, requestHandler: http.requestHandler });
  return { http, handle: files.createHandler({ s3, bucket: BUCKET, randomUUID: () => ID, now: () => NOW }) };
}

/** SigV4 of a presigned URL, computed again from its own query: proves what was signed. */
function expectedSignature(url: URL, method: string, headers: Record<string, string>): string {
  const query = [...url.searchParams.entries()]
    .filter(([name]) => name !== "X-Amz-Signature")
    .map(([name, value]) => [encodeURIComponent(name), encodeURIComponent(value)])
    .sort(([a], [b]) => (a! < b! ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const signed = url.searchParams.get("X-Amz-SignedHeaders")!.split(";");
  const all: Record<string, string> = { host: url.host, ...headers };
  const canonical = [method, url.pathname, query, ...signed.map((name) => `${name}:${all[name]}`), "", signed.join(";"), "UNSIGNED-PAYLOAD"].join("\n");
  const date = url.searchParams.get("X-Amz-Date")!;
  const scope = `${date.slice(0, 8)}/${REGION}/s3/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", date, scope, createHash("sha256").update(canonical).digest("hex")].join("\n");
  const step = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();
  const key = step(step(step(step(`AWS4${credentials.secretAccessKey}`, date.slice(0, 8)), REGION), "s3"), "aws4_request");
  return createHmac("sha256", key).update(toSign).digest("hex");
}

describe("serverless files", () => {
  test("POST /files signs a five-minute PUT of uploads/<sub>/<uuid> in the media bucket, its content type signed, no checksum", async () => {
    const { handle, http } = setup();
    const result = await handle(event("POST /files", { body: { contentType: "image/png" } }));
    expect(result.statusCode).toBe(201);
    const answer = body(result) as { id: string; key: string; url: string; method: string; headers: Record<string, string>; expiresAt: string };
    expect(answer).toMatchObject({ id: ID, key: `uploads/user-a/${ID}`, method: "PUT", headers: { "content-type": "image/png" }, expiresAt: "2026-12-02T13:09:05.000Z" });
    const url = new URL(answer.url);
    expect(url.origin).toBe(`https://${BUCKET}.s3.${REGION}.amazonaws.com`);
    expect(url.pathname).toBe(`/uploads/user-a/${ID}`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
      "X-Amz-Credential": `${credentials.accessKeyId}/20261202/${REGION}/s3/aws4_request`,
      "X-Amz-Date": "20261202T130405Z",
      "X-Amz-Expires": "300",
      "X-Amz-SignedHeaders": "content-type;host",
      "x-id": "PutObject",
    });
    // A checksum of the empty body would make S3 refuse every real upload.
    expect([...url.searchParams.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
    expect(url.searchParams.get("X-Amz-Signature")).toBe(expectedSignature(url, "PUT", { "content-type": "image/png" }));
    expect(url.searchParams.get("X-Amz-Signature")).not.toBe(expectedSignature(url, "PUT", { "content-type": "text/html" }));
    expect(http.sent).toEqual([]);
    const lines = jsonLines(logs);
    expect(lines[0]).toEqual({ level: "info", message: "upload signed", requestId: "req-files-1", key: `uploads/user-a/${ID}`, contentType: "image/png" });
  });

  test("400 for a content type off the allow-list, none, or a body that is not a JSON object", async () => {
    const { handle } = setup();
    for (const request of [{ contentType: "text/html" }, { contentType: "image/svg+xml" }, { contentType: ["image/png"] }, {}, "not json", "[]"]) {
      const result = await handle(event("POST /files", { body: request }));
      expect({ request, status: result.statusCode }).toEqual({ request, status: 400 });
    }
    expect(body(await handle(event("POST /files", { body: { contentType: "text/html" } })))).toEqual({
      message: `contentType must be one of ${files.ALLOWED_CONTENT_TYPES.join(", ")}`,
    });
  });

  test("GET /files/{id}: the caller's own file is found with HeadObject, then a five-minute GET is signed", async () => {
    const { handle, http } = setup({ [`uploads/user-a/${ID}`]: { contentType: "image/png", size: 2048 } });
    const result = await handle(event("GET /files/{id}", { id: ID }));
    expect(result.statusCode).toBe(200);
    const answer = body(result) as { url: string };
    expect(answer).toMatchObject({ id: ID, key: `uploads/user-a/${ID}`, contentType: "image/png", size: 2048, expiresAt: "2026-12-02T13:09:05.000Z" });
    expect(http.sent).toEqual([{ method: "HEAD", hostname: `${BUCKET}.s3.${REGION}.amazonaws.com`, path: `/uploads/user-a/${ID}` }]);
    const url = new URL(answer.url);
    expect(`${url.origin}${url.pathname}`).toBe(`https://${BUCKET}.s3.${REGION}.amazonaws.com/uploads/user-a/${ID}`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ "X-Amz-Expires": "300", "X-Amz-SignedHeaders": "host", "x-id": "GetObject" });
    expect(url.searchParams.get("X-Amz-Signature")).toBe(expectedSignature(url, "GET", {}));
  });

  test("another user's file is 404: the key is built from the caller's sub, so it is never looked up or signed", async () => {
    const { handle, http } = setup({ [`uploads/user-b/${ID}`]: { contentType: "image/png", size: 10 } });
    const result = await handle(event("GET /files/{id}", { sub: "user-a", id: ID }));
    expect([result.statusCode, body(result)]).toEqual([404, { message: "no such file" }]);
    expect(http.sent.map((request) => request.path)).toEqual([`/uploads/user-a/${ID}`]);
    // An id that is not a UUID (a path, another user's key) is not found without asking S3.
    for (const id of ["../user-b/" + ID, `user-b/${ID}`, "x"]) expect((await handle(event("GET /files/{id}", { id }))).statusCode).toBe(404);
    expect(http.sent).toHaveLength(1);
  });

  test("401 without a usable sub claim, before anything is signed", async () => {
    const { handle, http } = setup();
    for (const sub of [null, "", "a/b", ".."]) {
      const upload = await handle(event("POST /files", { sub, body: { contentType: "image/png" } }));
      const download = await handle(event("GET /files/{id}", { sub, id: ID }));
      expect([upload.statusCode, download.statusCode, body(upload)]).toEqual([401, 401, { message: "no authenticated user (sub claim)" }]);
    }
    expect(http.sent).toEqual([]);
  });

  test("an S3 error other than not-found is a bare 500; an unknown route is 405", async () => {
    const s3 = files.createS3Client({
      region: REGION,
      credentials,
      requestHandler: { handle: async () => ({ response: { statusCode: 403, headers: {} } }) },
    });
    const handle = files.createHandler({ s3, bucket: BUCKET });
    const result = await handle(event("GET /files/{id}", { id: ID }));
    expect([result.statusCode, body(result)]).toEqual([500, { message: "internal error" }]);
    expect((await handle(event("DELETE /files/{id}", { id: ID }))).statusCode).toBe(405);
  });

  test("the entry point is built at load from MEDIA_BUCKET; without it the load fails naming it", async () => {
    expect((await files.handler(event("PUT /files"))).statusCode).toBe(405);
    const saved = process.env.MEDIA_BUCKET;
    delete process.env.MEDIA_BUCKET;
    try {
      await jest.isolateModulesAsync(async () => {
        await expect(import("../../../examples/serverless-dynamodb/functions/files")).rejects.toThrow("the environment variable MEDIA_BUCKET is not set");
      });
    } finally {
      process.env.MEDIA_BUCKET = saved;
    }
  });
});
