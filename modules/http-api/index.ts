export * from "./http-api";
export * from "./integrations";
