export * from "./alb";
export * from "./props";
export { ACCESS_LOG_PREFIX } from "./access-logs";
