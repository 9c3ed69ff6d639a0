import { Construct } from "constructs";
import { isValidCorsOrigin } from "../http-api/http-api";
import { lambdaFunctionPropProblems } from "../lambda-function/validate";
import type { LambdaFunctionProps } from "../lambda-function/props";
import { ACCOUNT_ID_PATTERN } from "../shared/arn";
import { PropProblem, propProblems, PropsValidator } from "../shared/errors";
import { isKnownRegion, regionProblem } from "../shared/regions";
import { bucketNameProblem } from "../shared/s3-names";
import { checkDistributionDomain, PriceClass } from "../_internal/cloudfront-bucket";
import { isValidNamePrefix, NAME_PREFIX_RULE, resourceName } from "../_internal/naming";
import type { PresignFunctionCode, ThumbnailFunctionCode, ThumbnailSize, UploadPipelineProps } from "./props";

/** 5 MiB: the default largest upload. */
export const DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** 5 GiB: the largest object S3 accepts in one POST (or PUT). */
export const MAX_POST_BYTES = 5 * 1024 * 1024 * 1024;
export const DEFAULT_ALLOWED_CONTENT_TYPES: readonly string[] = ["image/jpeg", "image/png", "image/webp"];
export const DEFAULT_THUMBNAIL_SIZES: readonly ThumbnailSize[] = [
  { name: "thumb", width: 256 },
  { name: "large", width: 1024 },
];
export const DEFAULT_THUMBNAIL_MEMORY_MIB = 1024;
export const DEFAULT_THUMBNAIL_TIMEOUT_SECONDS = 60;

/** The image types the thumbnail function (sharp's prebuilt binaries) decodes: the only content types an upload may have. */
export const THUMBNAIL_INPUT_TYPES: readonly string[] = ["image/jpeg", "image/png", "image/webp", "image/gif", "image/avif", "image/tiff"];

/**
 * Types a browser runs script from when the object is opened from the assets domain (or any
 * domain that serves it): refused whatever the thumbnail function could do with them.
 */
export const SCRIPT_CONTENT_TYPES: readonly string[] = [
  "text/html",
  "application/xhtml+xml",
  "image/svg+xml",
  "text/xml",
  "application/xml",
  "text/javascript",
  "application/javascript",
];

const THUMBNAIL_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** The props with every default filled in, once checked. */
export interface Settings {
  readonly rawBucketName: string;
  readonly processedBucketName: string;
  readonly maxUploadBytes: number;
  readonly allowedContentTypes: readonly string[];
  readonly presignExpirySeconds: number;
  readonly unprocessedExpiryDays: number;
  readonly thumbnailSizes: readonly ThumbnailSize[];
  readonly thumbnailMemoryMiB: number;
  readonly thumbnailTimeoutSeconds: number;
  readonly aliases: readonly string[];
  readonly certificateArn: string | undefined;
  readonly priceClass: PriceClass;
  readonly preventDestroy: boolean;
}

/**
 * Every problem with an `UploadPipeline`'s props, found before anything is built (none when they
 * hold): what the constructor would refuse, the two functions' code folders included.
 */
export function uploadPipelinePropProblems(props: UploadPipelineProps): readonly PropProblem[] {
  return propProblems(() => validate(undefined, props));
}

/** Props of the pipeline a function check reports under the pipeline's own names: checked once, at the top. */
const PIPELINE_PROPS = new Set(["name", "region", "accountId", "logRetentionDays", "preventDestroy"]);

/** A function's problems, renamed to the pipeline's prop (`code.folder` of the presign function is `presignFunction.folder`). */
function functionProblems(prop: "presignFunction" | "thumbnailFunction", props: LambdaFunctionProps): PropProblem[] {
  return lambdaFunctionPropProblems(props)
    .filter((p) => !PIPELINE_PROPS.has(p.prop))
    .map((p) => ({ ...p, prop: `${prop}.${p.prop === "code.folder" ? "folder" : p.prop}` }));
}

/** The function props the pipeline builds from its own (the environment aside, which it sets itself). */
export function functionProps(
  props: UploadPipelineProps,
  functionName: string,
  code: PresignFunctionCode | ThumbnailFunctionCode,
  size: { readonly memoryMiB: number; readonly timeoutSeconds: number },
): LambdaFunctionProps {
  return {
    name: props.name,
    functionName,
    region: props.region,
    accountId: props.accountId,
    code: { folder: code.folder },
    runtime: code.runtime,
    handler: code.handler,
    architecture: "arm64",
    tracing: true,
    memoryMiB: size.memoryMiB,
    timeoutSeconds: size.timeoutSeconds,
    logRetentionDays: props.logRetentionDays,
    preventDestroy: props.preventDestroy ?? false,
  };
}

/** The presign function's size: signing is a few HMACs. */
export const PRESIGN_SIZE = { memoryMiB: 256, timeoutSeconds: 10 } as const;

/**
 * Checks the props and fills in the defaults. With a construct it throws a `PropsError` naming
 * it; without one (`uploadPipelinePropProblems`) it stops for `propProblems` to collect.
 */
export function validate(scope: Construct | undefined, props: UploadPipelineProps): Settings {
  const v = new PropsValidator(scope, "UploadPipeline");
  v.check(isValidNamePrefix(props.name), "name", NAME_PREFIX_RULE, props.name);
  v.check(isKnownRegion(props.region), "region", regionProblem(props.region) ?? "", props.region);
  v.check(ACCOUNT_ID_PATTERN.test(props.accountId), "accountId", 'must be a 12-digit AWS account id (e.g. "123456789012")', props.accountId);
  v.checkLogRetention("logRetentionDays", props.logRetentionDays);

  const rawBucketName = props.rawBucketName ?? `${resourceName(props.name, "uploads")}-${props.accountId}`;
  const processedBucketName = props.processedBucketName ?? `${resourceName(props.name, "assets")}-${props.accountId}`;
  for (const [prop, bucketName] of [
    ["rawBucketName", rawBucketName],
    ["processedBucketName", processedBucketName],
  ] as const) {
    const problem = bucketNameProblem(bucketName);
    v.check(problem === undefined, prop, `${problem ?? ""} (S3 bucket naming rules)`, bucketName);
  }
  v.check(
    rawBucketName !== processedBucketName,
    "processedBucketName",
    "must differ from rawBucketName: uploads and thumbnails live in two buckets, so the thumbnail function never writes where it is triggered",
    processedBucketName,
  );

  v.check(props.allowedOrigins.length > 0, "allowedOrigins", "must list at least one origin (the site that uploads)", props.allowedOrigins);
  props.allowedOrigins.forEach((origin, i) => {
    v.check(
      origin !== "*" && isValidCorsOrigin(origin),
      `allowedOrigins[${i}]`,
      'must be an origin such as "https://www.example.com" (https, no path or trailing slash; http only for localhost), never "*"',
      origin,
    );
  });

  const maxUploadBytes = props.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  v.checkWholeNumber("maxUploadBytes", maxUploadBytes, 1, MAX_POST_BYTES, { unit: "bytes", why: "5 GiB is the most S3 takes in one POST" });

  const allowedContentTypes = props.allowedContentTypes ?? DEFAULT_ALLOWED_CONTENT_TYPES;
  v.check(allowedContentTypes.length > 0, "allowedContentTypes", `must list at least one content type (${THUMBNAIL_INPUT_TYPES.join(", ")})`, allowedContentTypes);
  allowedContentTypes.forEach((type, i) => {
    const prop = `allowedContentTypes[${i}]`;
    if (type.includes("*")) {
      v.fail(prop, "must be one exact content type, not a pattern: the signed POST policy names the type the browser must send, and a pattern would let it send text/html", type);
    } else if (SCRIPT_CONTENT_TYPES.includes(type.toLowerCase())) {
      v.fail(prop, "must not be a type browsers run script from (HTML, SVG, XML, JavaScript): an upload served back with it is an attack on whoever opens it", type);
    } else {
      v.check(THUMBNAIL_INPUT_TYPES.includes(type), prop, `must be an image type the thumbnail function reads: one of ${THUMBNAIL_INPUT_TYPES.join(", ")}`, type);
    }
    v.check(allowedContentTypes.indexOf(type) === i, prop, "must be listed once", type);
  });

  const presignExpirySeconds = props.presignExpirySeconds ?? 300;
  v.checkWholeNumber("presignExpirySeconds", presignExpirySeconds, 1, 3600, { unit: "seconds", why: "an upload form is used at once; an hour at most" });
  const unprocessedExpiryDays = props.unprocessedExpiryDays ?? 1;
  v.checkWholeNumber("unprocessedExpiryDays", unprocessedExpiryDays, 1, 365, { unit: "days" });

  const thumbnailSizes = props.thumbnailSizes ?? DEFAULT_THUMBNAIL_SIZES;
  v.check(thumbnailSizes.length >= 1 && thumbnailSizes.length <= 10, "thumbnailSizes", "must list 1 to 10 sizes", thumbnailSizes);
  thumbnailSizes.forEach((size, i) => {
    v.check(THUMBNAIL_NAME.test(size.name), `thumbnailSizes[${i}].name`, "must be 1 to 32 lowercase letters, digits and hyphens, starting with a letter or digit (a key segment)", size.name);
    v.check(thumbnailSizes.findIndex((s) => s.name === size.name) === i, `thumbnailSizes[${i}].name`, "must be unique (it names the thumbnails' key prefix)", size.name);
    v.checkWholeNumber(`thumbnailSizes[${i}].width`, size.width, 16, 4096, { unit: "pixels" });
  });

  const assets = props.assets ?? {};
  const aliases = assets.aliases ?? [];
  const priceClass = assets.priceClass ?? "PriceClass_100";
  checkDistributionDomain(v, "assets.", { aliases, certificateArn: assets.certificateArn, priceClass }, 'must be a lowercase domain name such as "assets.example.com" (no wildcard)');

  const thumbnailMemoryMiB = props.thumbnailFunction.memoryMiB ?? DEFAULT_THUMBNAIL_MEMORY_MIB;
  const thumbnailTimeoutSeconds = props.thumbnailFunction.timeoutSeconds ?? DEFAULT_THUMBNAIL_TIMEOUT_SECONDS;
  for (const problem of [
    ...functionProblems("presignFunction", functionProps(props, "presign", props.presignFunction, PRESIGN_SIZE)),
    ...functionProblems(
      "thumbnailFunction",
      functionProps(props, "thumbnail", props.thumbnailFunction, { memoryMiB: thumbnailMemoryMiB, timeoutSeconds: thumbnailTimeoutSeconds }),
    ),
  ]) {
    v.fail(problem.prop, problem.expected, problem.given);
  }

  v.throwIfInvalid();
  return {
    rawBucketName,
    processedBucketName,
    maxUploadBytes,
    allowedContentTypes,
    presignExpirySeconds,
    unprocessedExpiryDays,
    thumbnailSizes,
    thumbnailMemoryMiB,
    thumbnailTimeoutSeconds,
    aliases,
    certificateArn: assets.certificateArn,
    priceClass,
    preventDestroy: props.preventDestroy ?? false,
  };
}
