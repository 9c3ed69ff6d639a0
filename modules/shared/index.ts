// Helpers and contracts the modules share, public so the environments (and users' own stacks)
// use the same rules the modules enforce.
export * from "./arn";
export * from "./cidr";
export * from "./environment-variables";
export * from "./errors";
export * from "./grants";
export * from "./logs";
export * from "./monitorable";
export * from "./regions";
export * from "./s3-names";
export * from "./tags";
export * from "./purpose";
