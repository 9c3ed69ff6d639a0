export * from "./cognito-auth";
export * from "./props";
export { COGNITO_MFA, COGNITO_SCOPES, COGNITO_TIERS, DEFAULT_SCOPES } from "./validate";
export { userPoolMonitoringSpec } from "./monitoring";
export type { MonitoredUserPool } from "./monitoring";
