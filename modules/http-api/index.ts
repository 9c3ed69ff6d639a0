export * from "./http-api";
