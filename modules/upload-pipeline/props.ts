import type { LambdaRuntime } from "../lambda-function/props";
import type { PriceClass } from "../_internal/cloudfront-bucket";

export type { PriceClass } from "../_internal/cloudfront-bucket";

/** The key prefix browsers upload under (`uploads/<user>/<uuid>`); the only prefix that triggers the thumbnail function. */
export const UPLOAD_PREFIX = "uploads/";

/** The key prefix of the thumbnails in the processed bucket: `thumbnails/<size name>/<key without uploads/>.webp`. */
export const THUMBNAIL_PREFIX = "thumbnails/";

/** One thumbnail the function makes of each upload: a name (a key segment) and a width in pixels. */
export interface ThumbnailSize {
  /** Lowercase letters, digits and hyphens, starting with a letter or digit (at most 32): `thumbnails/<name>/...`. */
  readonly name: string;
  /** The width in pixels (16 to 4096); the height keeps the aspect ratio, and an image narrower than this is not enlarged. */
  readonly width: number;
}

/** The code of the function that signs upload forms: a folder of the repository, zipped at synth. */
export interface PresignFunctionCode {
  /** The folder holding the code (relative to the working directory of the synth, or absolute). */
  readonly folder: string;
  /** The entry point, `file.export` (e.g. `index.handler`). */
  readonly handler: string;
  /** The runtime, e.g. `nodejs22.x`. */
  readonly runtime: LambdaRuntime;
}

/** The code and size of the function that makes the thumbnails. */
export interface ThumbnailFunctionCode extends PresignFunctionCode {
  /**
   * Memory in MiB (128 to 10240); image decoding is CPU-bound, and CPU grows with memory.
   * @default 1024
   */
  readonly memoryMiB?: number;
  /**
   * Seconds one invocation may run (1 to 900).
   * @default 60
   */
  readonly timeoutSeconds?: number;
}

/** The CloudFront distribution that serves the processed bucket (`assets.<domain>`). */
export interface UploadAssetsOptions {
  /**
   * Custom domain names, e.g. `["assets.example.com"]`. Need `certificateArn`.
   * @default [] - served at the distribution's cloudfront.net name
   */
  readonly aliases?: readonly string[];
  /**
   * An ACM certificate in us-east-1 (CloudFront's region) covering every alias.
   * @default - the cloudfront.net certificate
   */
  readonly certificateArn?: string;
  /**
   * Which edge locations serve the assets.
   * @default "PriceClass_100" - North America and Europe, the cheapest
   */
  readonly priceClass?: PriceClass;
}

export interface UploadPipelineProps {
  /** Prefix of every resource name, `${project}-${environment}` (e.g. `acme-staging`). */
  readonly name: string;

  /** The AWS region of the buckets and functions (the upload URL names it). */
  readonly region: string;

  /** The AWS account (12 digits): it makes the default bucket names unique, and scopes S3's invoke permission. */
  readonly accountId: string;

  /** Retention of the two functions' log groups, in days (a value CloudWatch Logs accepts). */
  readonly logRetentionDays: number;

  /**
   * For a protected environment: Terraform `prevent_destroy` on the processed bucket and on the
   * thumbnail function's failure queue, and Terraform never empties the processed bucket. The
   * raw bucket holds only unprocessed uploads (they expire in a day): it is never protected, and
   * Terraform may empty it on destroy.
   * @default false
   */
  readonly preventDestroy?: boolean;

  /**
   * The bucket browsers upload to.
   * @default `${name}-uploads-${accountId}`
   */
  readonly rawBucketName?: string;

  /**
   * The bucket the thumbnails are written to, served by the assets distribution.
   * @default `${name}-assets-${accountId}`
   */
  readonly processedBucketName?: string;

  /**
   * The origins of the site that uploads (`https://www.example.com`; `http://localhost:5173` for
   * development): the raw bucket's CORS allows POST from these only. Never `*`.
   */
  readonly allowedOrigins: readonly string[];

  /**
   * The largest upload, in bytes (1 to 5 GiB, S3's limit on a POST). The signed POST policy
   * carries it as `content-length-range`, which S3 enforces: a presigned POST is used, not a
   * presigned PUT, because a PUT's signature cannot bound the body's size (at most it pins one
   * exact `Content-Length` known when signing; it gives no range).
   * @default 5242880 - 5 MiB
   */
  readonly maxUploadBytes?: number;

  /**
   * The content types a browser may upload, each one the POST policy can name exactly: images the
   * thumbnail function reads (`image/jpeg`, `image/png`, `image/webp`, `image/gif`, `image/avif`,
   * `image/tiff`). `*` patterns, HTML, SVG, XML and JavaScript are refused: served back, they run
   * script.
   * @default ["image/jpeg", "image/png", "image/webp"]
   */
  readonly allowedContentTypes?: readonly string[];

  /**
   * Seconds a signed upload form stays valid (1 to 3600).
   * @default 300
   */
  readonly presignExpirySeconds?: number;

  /**
   * Days before an upload in the raw bucket expires (1 to 365): the thumbnails are made within
   * seconds, and the original is not kept.
   * @default 1
   */
  readonly unprocessedExpiryDays?: number;

  /** The code of the function that signs upload forms (the sample: examples/fargate-cognito-uploads/functions/presign-upload). */
  readonly presignFunction: PresignFunctionCode;

  /**
   * The code of the function that makes thumbnails (the sample: examples/fargate-cognito-uploads/functions/thumbnail,
   * with `sharp` installed for linux-arm64 in the folder before synth).
   */
  readonly thumbnailFunction: ThumbnailFunctionCode;

  /**
   * The thumbnails made of each upload (1 to 10, names unique).
   * @default [{ name: "thumb", width: 256 }, { name: "large", width: 1024 }]
   */
  readonly thumbnailSizes?: readonly ThumbnailSize[];

  /**
   * The assets distribution's domain, certificate and price class.
   * @default - the cloudfront.net name, PriceClass_100
   */
  readonly assets?: UploadAssetsOptions;

  /**
   * CloudFront standard access logs of the assets distribution to a bucket of their own
   * (`${name}-assets-logs-${accountId}`), kept 90 days.
   * @default false
   */
  readonly accessLogging?: boolean;
}
