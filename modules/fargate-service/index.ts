export { APP_CONTAINER_NAME } from "./container";
export * from "./fargate-service";
export { containerSecretFromArn } from "./secrets";
export type { ContainerSecret } from "./secrets";
export { FARGATE_SIZES, fargateServicePropProblems, MAX_HEALTH_CHECK_GRACE_PERIOD_SECONDS, MAX_LOAD_BALANCER_TARGETS } from "./validate";
