/**
 * The sample presign-upload function (examples/fargate-cognito-uploads/functions/presign-upload):
 * the POST policy it signs, checked condition by condition, and its SigV4 signature computed
 * again here, step by step, with node:crypto.
 */
import { createHmac } from "node:crypto";
import { createRequire } from "node:module";
import * as path from "node:path";

interface Response {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}
interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}
interface PresignModule {
  createHandler(deps?: { env?: Record<string, string | undefined>; now?: () => Date; credentials?: () => Credentials; randomUUID?: () => string }): (event: unknown) => Promise<Response>;
}

const load = createRequire(__filename);
const presign = load(path.resolve(__dirname, "../../../examples/fargate-cognito-uploads/functions/presign-upload/index.js")) as PresignModule;

const env = {
  UPLOAD_BUCKET: "acme-test-uploads-123456789012",
  UPLOAD_PREFIX: "uploads/",
  MAX_UPLOAD_BYTES: "5242880",
  ALLOWED_CONTENT_TYPES: "image/jpeg,image/png,image/webp",
  EXPIRES_SECONDS: "300",
  AWS_REGION: "eu-west-1",
};
const credentials: Credentials = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLETOKEN",
};
const NOW = new Date("2026-12-02T13:04:05.678Z");
const UUID = "0f8fad5b-d9cb-469f-a165-70867728950e";

const handler = presign.createHandler({ env, now: () => NOW, credentials: () => credentials, randomUUID: () => UUID });

function event(body: unknown, sub: string | null = "user-1", options: { base64?: boolean } = {}): unknown {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return {
    body: options.base64 ? Buffer.from(text).toString("base64") : text,
    isBase64Encoded: options.base64 ?? false,
    requestContext: { authorizer: { jwt: { claims: sub === null ? {} : { sub } } } },
  };
}

interface Signed {
  url: string;
  fields: Record<string, string>;
  key: string;
  maxBytes: number;
  expiresAt: string;
}

async function sign(body: unknown = { contentType: "image/png" }): Promise<Signed> {
  const response = await handler(event(body));
  expect(response.statusCode).toBe(200);
  return JSON.parse(response.body) as Signed;
}

describe("presign-upload", () => {
  test("answers with the bucket's regional URL, the key uploads/<sub>/<uuid>, and no caching", async () => {
    const response = await handler(event({ contentType: "image/png" }));
    expect(response.headers).toEqual({ "content-type": "application/json", "cache-control": "no-store" });
    const signed = JSON.parse(response.body) as Signed;
    expect(signed.url).toBe("https://acme-test-uploads-123456789012.s3.eu-west-1.amazonaws.com/");
    expect(signed.key).toBe(`uploads/user-1/${UUID}`);
    expect(signed.maxBytes).toBe(5242880);
    expect(signed.expiresAt).toBe("2026-12-02T13:09:05.678Z");
  });

  test("the form fields: key, type, algorithm, credential, date, token, policy, signature", async () => {
    const { fields } = await sign();
    expect(Object.keys(fields)).toEqual(["key", "Content-Type", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-security-token", "policy", "x-amz-signature"]);
    expect(fields).toMatchObject({
      key: `uploads/user-1/${UUID}`,
      "Content-Type": "image/png",
      "x-amz-algorithm": "AWS4-HMAC-SHA256",
      "x-amz-credential": "AKIAIOSFODNN7EXAMPLE/20261202/eu-west-1/s3/aws4_request",
      "x-amz-date": "20261202T130405Z",
      "x-amz-security-token": "IQoJb3JpZ2luX2VjEXAMPLETOKEN",
    });
  });

  test("the policy: expiry, the bucket, that exact key, the size range, the type, and the signing fields", async () => {
    const { fields } = await sign();
    const policy = JSON.parse(Buffer.from(fields.policy!, "base64").toString("utf8")) as { expiration: string; conditions: unknown[] };
    expect(policy).toEqual({
      expiration: "2026-12-02T13:09:05.678Z",
      conditions: [
        { bucket: "acme-test-uploads-123456789012" },
        { key: `uploads/user-1/${UUID}` },
        ["content-length-range", 1, 5242880],
        { "Content-Type": "image/png" },
        { "x-amz-algorithm": "AWS4-HMAC-SHA256" },
        { "x-amz-credential": "AKIAIOSFODNN7EXAMPLE/20261202/eu-west-1/s3/aws4_request" },
        { "x-amz-date": "20261202T130405Z" },
        { "x-amz-security-token": "IQoJb3JpZ2luX2VjEXAMPLETOKEN" },
      ],
    });
  });

  test("the signature is SigV4's: HMAC-SHA256 chained over the date, region, s3 and aws4_request, then over the base64 policy", async () => {
    const { fields } = await sign();
    const step = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();
    const kDate = step("AWS4" + credentials.secretAccessKey, "20261202");
    const kRegion = step(kDate, "eu-west-1");
    const kService = step(kRegion, "s3");
    const kSigning = step(kService, "aws4_request");
    const expected = createHmac("sha256", kSigning).update(fields.policy!).digest("hex");
    expect(fields["x-amz-signature"]).toMatch(/^[0-9a-f]{64}$/);
    expect(fields["x-amz-signature"]).toBe(expected);
    // Signed with another secret, or for another day, it would differ.
    const otherDay = createHmac("sha256", step(step(step(step("AWS4" + credentials.secretAccessKey, "20261203"), "eu-west-1"), "s3"), "aws4_request"))
      .update(fields.policy!)
      .digest("hex");
    expect(fields["x-amz-signature"]).not.toBe(otherDay);
  });

  test("without a session token there is no token field or condition", async () => {
    const longTerm = presign.createHandler({ env, now: () => NOW, credentials: () => ({ accessKeyId: "AKID", secretAccessKey: "secret" }), randomUUID: () => UUID });
    const signed = JSON.parse((await longTerm(event({ contentType: "image/jpeg" }))).body) as Signed;
    expect(signed.fields["x-amz-security-token"]).toBeUndefined();
    expect(Buffer.from(signed.fields.policy!, "base64").toString("utf8")).not.toContain("x-amz-security-token");
  });

  test("reads the credentials Lambda puts in the environment when none are injected", async () => {
    const fromEnv = presign.createHandler({
      env: { ...env, AWS_ACCESS_KEY_ID: "ASIAENVEXAMPLE", AWS_SECRET_ACCESS_KEY: "envsecret", AWS_SESSION_TOKEN: "envtoken" },
      now: () => NOW,
      randomUUID: () => UUID,
    });
    const signed = JSON.parse((await fromEnv(event({ contentType: "image/webp" }))).body) as Signed;
    expect(signed.fields["x-amz-credential"]).toBe("ASIAENVEXAMPLE/20261202/eu-west-1/s3/aws4_request");
    expect(signed.fields["x-amz-security-token"]).toBe("envtoken");
  });

  test("a base64-encoded body is read", async () => {
    const response = await handler(event({ contentType: "image/webp" }, "user-1", { base64: true }));
    expect(response.statusCode).toBe(200);
    expect((JSON.parse(response.body) as Signed).fields["Content-Type"]).toBe("image/webp");
  });

  test("401 without a sub claim", async () => {
    const response = await handler(event({ contentType: "image/png" }, null));
    expect(JSON.parse(response.body)).toEqual({ message: "no authenticated user (sub claim)" });
    expect(response.statusCode).toBe(401);
    expect((await handler({ body: "{}" })).statusCode).toBe(401);
  });

  test("403 for a sub that cannot be a key segment", async () => {
    expect((await handler(event({ contentType: "image/png" }, "../other"))).statusCode).toBe(403);
    expect((await handler(event({ contentType: "image/png" }, "a/b"))).statusCode).toBe(403);
  });

  test("400 for a type not allowed, no type, or a body that is not JSON", async () => {
    for (const body of [{ contentType: "text/html" }, { contentType: "image/svg+xml" }, {}, "not json", ""]) {
      const response = await handler(event(body));
      expect({ body, status: response.statusCode }).toEqual({ body, status: 400 });
    }
    const refused = JSON.parse((await handler(event({ contentType: "text/html" }))).body) as { allowed: string[] };
    expect(refused.allowed).toEqual(["image/jpeg", "image/png", "image/webp"]);
  });

  test("each request gets a new random key", async () => {
    const live = presign.createHandler({ env, now: () => NOW, credentials: () => credentials });
    const keys = await Promise.all([1, 2, 3].map(async () => (JSON.parse((await live(event({ contentType: "image/png" }))).body) as Signed).key));
    expect(new Set(keys).size).toBe(3);
    for (const key of keys) expect(key).toMatch(/^uploads\/user-1\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test("fails loudly when the stack did not set its variables", async () => {
    const unset = presign.createHandler({ env: { AWS_REGION: "eu-west-1" }, now: () => NOW, credentials: () => credentials });
    await expect(unset(event({ contentType: "image/png" }))).rejects.toThrow(/UPLOAD_BUCKET is not set/);
  });
});
