export * from "./rds-private";
