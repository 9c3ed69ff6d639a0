export { ConfigError, formatPath } from "./errors";
export type { ConfigIssue } from "./errors";
export { MIN_PROTECTED_LOG_RETENTION_DAYS } from "./schema";
export type { BootstrapConfig, BootstrapInput, ContainerServiceConfig, EnvironmentConfig, EnvironmentInput, FunctionServiceConfig, ServiceConfig } from "./schema";
export { environmentIssues, parseBootstrapConfig, parseEnvironmentConfig, parseProjectConfig } from "./parse";
export { DATABASE_PASSWORD_VARIABLES, DATABASE_VARIABLES, MEDIA_VARIABLE } from "../features";
