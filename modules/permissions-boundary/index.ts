export * from "./permissions-boundary";
