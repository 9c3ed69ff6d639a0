/**
 * The signed-in customer's files in the backend's bucket (JWT-authorized routes), moved by the
 * browser straight to and from S3 with presigned URLs: `POST /files` signs a PUT of a new object
 * `uploads/<sub>/<uuid>`; `GET /files/{id}` checks the caller's own object exists (HeadObject)
 * and signs its GET. Keys always carry the caller's sub: another user's id is simply not found.
 */
import { randomUUID } from "node:crypto";
import { GetObjectCommand, HeadObjectCommand, NotFound, PutObjectCommand, S3Client, S3ClientConfig } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import { readEnv } from "../shared/env";
import { api, ApiHandler, callerOf, HttpError, json, jsonBody } from "../shared/http";

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;

export interface FilesDeps {
  /** Made with `createS3Client`, which keeps checksums out of the signed URLs. */
  readonly s3: S3Client;
  /** The bucket's name (`MEDIA_BUCKET`). */
  readonly bucket: string;
  /** @default node:crypto's randomUUID */
  readonly randomUUID?: () => string;
  /** @default the clock */
  readonly now?: () => Date;
}

export const URL_EXPIRES_SECONDS = 300;
export const ALLOWED_CONTENT_TYPES: readonly string[] = ["image/jpeg", "image/png", "image/webp", "application/pdf"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * An S3 client for presigning. Checksums only when an operation requires one: by default the SDK
 * signs a CRC32 of the empty body into a PUT URL, which then refuses any real upload.
 */
export function createS3Client(config: S3ClientConfig = {}): S3Client {
  return new S3Client({ requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED", ...config });
}

export function fileKey(sub: string, id: string): string {
  return `uploads/${sub}/${id}`;
}

export function createHandler(deps: FilesDeps): ApiHandler<Event> {
  const { s3, bucket } = deps;
  const newId = deps.randomUUID ?? randomUUID;
  const now = deps.now ?? (() => new Date());
  const sign = async (command: PutObjectCommand | GetObjectCommand, signingDate: Date, signableHeaders?: Set<string>) => ({
    url: await getSignedUrl(s3, command, { expiresIn: URL_EXPIRES_SECONDS, signingDate, ...(signableHeaders ? { signableHeaders } : {}) }),
    expiresAt: new Date(signingDate.getTime() + URL_EXPIRES_SECONDS * 1000).toISOString(),
  });

  return api<Event>({
    "POST /files": async (event, log) => {
      const sub = callerOf(event);
      const { contentType } = jsonBody(event);
      if (typeof contentType !== "string" || !ALLOWED_CONTENT_TYPES.includes(contentType)) {
        throw new HttpError(400, `contentType must be one of ${ALLOWED_CONTENT_TYPES.join(", ")}`);
      }
      const id = newId();
      const key = fileKey(sub, id);
      // Content-Type is signed: the upload must send the type it was allowed.
      const signed = await sign(new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType }), now(), new Set(["content-type"]));
      log.info("upload signed", { key, contentType });
      return json(201, { id, key, method: "PUT", headers: { "content-type": contentType }, ...signed });
    },
    "GET /files/{id}": async (event) => {
      const sub = callerOf(event);
      const id = event.pathParameters?.id ?? "";
      if (!UUID.test(id)) throw new HttpError(404, "no such file");
      const key = fileKey(sub, id);
      let head;
      try {
        head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        if (error instanceof NotFound) throw new HttpError(404, "no such file");
        throw error;
      }
      const signed = await sign(new GetObjectCommand({ Bucket: bucket, Key: key }), now());
      return json(200, { id, key, contentType: head.ContentType ?? null, size: head.ContentLength ?? null, ...signed });
    },
  });
}

const env = readEnv(["MEDIA_BUCKET"]);
export const handler: ApiHandler<Event> = createHandler({ s3: createS3Client(), bucket: env.MEDIA_BUCKET });
