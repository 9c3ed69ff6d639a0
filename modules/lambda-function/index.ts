export * from "./lambda-function";
export * from "./props";
export { functionMonitoringSpec } from "./monitoring";
export type { MonitoredFunction } from "./monitoring";
export { isSkipped, MAX_UNZIPPED_BYTES, MAX_ZIP_BYTES, packageFolder, PACKAGES_FOLDER, packageSizeProblems, writePackage, zipEntries, zipFolder } from "./package";
export type { FolderPackage, PackageEntry } from "./package";
export { BUNDLE_FILE, BundleError, bundleEntry, ENTRY_EXTENSIONS, esbuildTarget, packageEntry, RUNTIME_PROVIDED_PACKAGES } from "./bundle";
export type { BundleOptions, EntryBundle } from "./bundle";
export {
  DEPRECATED_RUNTIMES,
  isSupportedRuntime,
  LAMBDA_RUNTIMES,
  NEWEST_RUNTIME,
  PINNED_PROVIDER,
  PROVIDER_UNSUPPORTED_RUNTIMES,
  runtimeProblem,
  RUNTIMES_COMPILED_ON,
} from "./runtimes";
export type { RuntimeFamily, RuntimeInfo } from "./runtimes";
export {
  GATEWAY_ENDPOINT_SERVICES,
  isReservedVariable,
  lambdaFunctionPropProblems,
  MAX_ENVIRONMENT_BYTES,
  MAX_FUNCTION_NAME_LENGTH,
  RESERVED_ENVIRONMENT_VARIABLES,
  UNRESERVED_AWS_LAMBDA_VARIABLES,
} from "./validate";
