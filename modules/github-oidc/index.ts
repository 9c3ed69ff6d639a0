export * from "./github-oidc";
export * from "./application-role";
