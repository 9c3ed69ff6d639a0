export * from "./upload-pipeline";
export * from "./props";
export { uploadPipelineMonitoringSpec } from "./monitoring";
export type { MonitoredUploadPipeline } from "./monitoring";
export {
  DEFAULT_ALLOWED_CONTENT_TYPES,
  DEFAULT_MAX_UPLOAD_BYTES,
  DEFAULT_THUMBNAIL_MEMORY_MIB,
  DEFAULT_THUMBNAIL_SIZES,
  DEFAULT_THUMBNAIL_TIMEOUT_SECONDS,
  MAX_POST_BYTES,
  SCRIPT_CONTENT_TYPES,
  THUMBNAIL_INPUT_TYPES,
  uploadPipelinePropProblems,
} from "./validate";
export type { Settings as UploadPipelineSettings } from "./validate";
