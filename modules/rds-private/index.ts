export * from "./rds-private";
export { estimatedMaxConnections, instanceClassMemoryGiB } from "./monitoring";
