import type { LambdaRuntime } from "../../modules/lambda-function";
import { UploadPipeline, uploadPipelinePropProblems, UploadPipelineProps } from "../../modules/upload-pipeline";
import type { ConfigIssue } from "../config/errors";
import type { FunctionCodeConfig } from "../config/product-schema";
import type { EnvironmentConfig } from "../config/schema";
import { EnvironmentContext, EnvironmentSettings, output, unresolved } from "./context";
import type { DomainFeature } from "./domain";
import { configIssues, PropSources } from "./module-problems";

// Browser uploads (the uploads section): a presigned POST from a function behind the API's
// `POST /uploads` (JWT-authorized), the raw object turned into thumbnails by a function S3
// runs, served by CloudFront at the assets' own name.

type UploadsConfig = NonNullable<EnvironmentConfig["uploads"]>;

/** The route the presign function answers, authorized by the pool's JWTs. */
export const UPLOAD_ROUTE = "POST /uploads";

// The upload pipeline takes its functions' folders (the config check refuses `entry` here).
const code = (fn: FunctionCodeConfig) => ({ folder: fn.codeFolder ?? "", handler: fn.handler ?? "index.handler", runtime: fn.runtime as LambdaRuntime });

function uploadProps(context: EnvironmentSettings, uploads: UploadsConfig, siteOrigins: readonly string[], certificateArn: string | undefined): UploadPipelineProps {
  return {
    name: context.namePrefix,
    region: context.region,
    accountId: context.accountId,
    logRetentionDays: context.logRetentionDays,
    preventDestroy: context.protected,
    allowedOrigins: siteOrigins,
    maxUploadBytes: uploads.maxUploadBytes,
    allowedContentTypes: uploads.allowedContentTypes,
    unprocessedExpiryDays: uploads.unprocessedExpiryDays,
    presignFunction: code(uploads.presignFunction),
    thumbnailFunction: { ...code(uploads.thumbnailFunction), memoryMiB: uploads.thumbnailFunction.memoryMiB, timeoutSeconds: uploads.thumbnailFunction.timeoutSeconds },
    assets: uploads.assetsDomainName === undefined ? undefined : { aliases: [uploads.assetsDomainName], certificateArn },
  };
}

const SOURCES: PropSources = {
  name: null,
  region: null,
  accountId: null,
  logRetentionDays: "logRetentionDays",
  preventDestroy: "protected",
  // The site's origins: the site section's own names.
  allowedOrigins: null,
  maxUploadBytes: "uploads.maxUploadBytes",
  allowedContentTypes: "uploads.allowedContentTypes",
  unprocessedExpiryDays: "uploads.unprocessedExpiryDays",
  presignFunction: (rest) => `uploads.presignFunction${rest.replace(/^\.folder/, ".codeFolder")}`,
  thumbnailFunction: (rest) => `uploads.thumbnailFunction${rest.replace(/^\.folder/, ".codeFolder")}`,
  assets: (rest) => (rest.startsWith(".aliases") ? "uploads.assetsDomainName" : null),
};

/** The upload pipeline's problems with this config, under the config keys. */
export function checkUploads(context: EnvironmentSettings, uploads: UploadsConfig, siteOriginCount: number): ConfigIssue[] {
  const origins = Array.from({ length: siteOriginCount }, () => unresolved.string());
  const certificateArn = uploads.assetsDomainName === undefined ? undefined : unresolved.string();
  return configIssues("UploadPipeline", "uploads", SOURCES, uploadPipelinePropProblems(uploadProps(context, uploads, origins, certificateArn)));
}

/** The pipeline, its assets at their own name (a us-east-1 certificate and an alias record); outputs the assets' URL. */
export function addUploads(context: EnvironmentContext, uploads: UploadsConfig, siteOrigins: readonly string[], domain: DomainFeature | undefined): UploadPipeline {
  const certificateArn = uploads.assetsDomainName === undefined ? undefined : domain?.certificateArn("AssetsCertificate", [uploads.assetsDomainName], { forCloudFront: true });
  const pipeline = new UploadPipeline(context.scope, "Uploads", uploadProps(context, uploads, siteOrigins, certificateArn));
  if (uploads.assetsDomainName !== undefined) domain?.alias(uploads.assetsDomainName, pipeline.domainTarget);
  output(context, "assets_url", pipeline.assetsUrl, "Where the processed images are served (CloudFront)");
  output(context, "upload_bucket", pipeline.rawBucketName, "The raw uploads' bucket (browsers POST to it with a signed policy)");
  return pipeline;
}
