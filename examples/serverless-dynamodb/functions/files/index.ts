import { randomUUID } from "node:crypto";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { ApiEvent, ApiResult, bodyOf, callerOf, dispatch, HttpError, json, requiredVariable } from "../shared/http";

// POST /files and GET /files/{id}: short-lived signed URLs for the caller's own files in the
// backend's bucket, under uploads/<sub>/. The browser moves the bytes; the function signs only
// (s3:PutObject and s3:GetObject are what the URLs carry).

export interface FilesDeps {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly newId?: () => string;
}

/** Seconds a signed URL works. */
export const URL_SECONDS = 300;
/** What may be uploaded: documents and images, never HTML or SVG (which run script when served). */
export const CONTENT_TYPES = ["image/jpeg", "image/png", "image/webp", "application/pdf"] as const;

const keyOf = (customerId: string, id: string) => `uploads/${customerId}/${id}`;

export function createHandler(deps: FilesDeps): (event: ApiEvent) => Promise<ApiResult> {
  const newId = deps.newId ?? randomUUID;
  return (event) =>
    dispatch(event, {
      "POST /files": async (e) => {
        const customerId = callerOf(e);
        const contentType = (bodyOf(e) as { contentType?: unknown } | null)?.contentType;
        if (typeof contentType !== "string" || !(CONTENT_TYPES as readonly string[]).includes(contentType)) throw new HttpError(400, `contentType must be one of ${CONTENT_TYPES.join(", ")}`);
        const id = newId();
        const url = await getSignedUrl(deps.s3, new PutObjectCommand({ Bucket: deps.bucket, Key: keyOf(customerId, id), ContentType: contentType }), { expiresIn: URL_SECONDS });
        return json(201, { id, uploadUrl: url, expiresInSeconds: URL_SECONDS });
      },
      "GET /files/{id}": async (e) => {
        const customerId = callerOf(e);
        const id = e.pathParameters?.id;
        if (id === undefined || !/^[0-9a-f-]{36}$/.test(id)) throw new HttpError(404, "no such file");
        // The key holds the caller's id: a URL for someone else's file cannot be asked for.
        const url = await getSignedUrl(deps.s3, new GetObjectCommand({ Bucket: deps.bucket, Key: keyOf(customerId, id) }), { expiresIn: URL_SECONDS });
        return json(200, { id, downloadUrl: url, expiresInSeconds: URL_SECONDS });
      },
    });
}

let live: ((event: ApiEvent) => Promise<ApiResult>) | undefined;

export const handler = (event: ApiEvent): Promise<ApiResult> => {
  live ??= createHandler({ s3: new S3Client({}), bucket: requiredVariable(process.env, "MEDIA_BUCKET") });
  return live(event);
};
