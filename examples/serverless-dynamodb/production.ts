import type { EnvironmentInput } from "../../environments/config";
import { staging } from "./staging";

type Functions = Extract<EnvironmentInput["service"], { kind: "functions" }>["functions"];
const stagingFunctions = (staging.service as { functions: Functions }).functions;

/**
 * Production of the serverless shop: staging's functions and tables, with every data store
 * protected (deletion protection and prevent_destroy on the tables, the user pool and the files
 * bucket), MFA for every user, reserved concurrency on the order function (a runaway client
 * cannot take the account's whole quota), and a year of logs.
 */
export const production: EnvironmentInput = {
  ...staging,
  name: "production",
  protected: true,
  logRetentionDays: 365,
  network: { ...staging.network, cidr: "10.47.0.0/16", flowLogs: "rejected" },
  service: {
    kind: "functions",
    architecture: "arm64",
    tracing: true,
    functions: {
      ...stagingFunctions,
      orders: { ...stagingFunctions.orders!, reservedConcurrency: 50 },
    },
  },
  api: {
    domainName: "api.woocom-example.com",
    throttlingRateLimit: 200,
    throttlingBurstLimit: 400,
  },
  domain: {
    name: "woocom-example.com",
  },
  site: {
    domainNames: ["woocom-example.com", "www.woocom-example.com"],
  },
  auth: {
    callbackUrls: ["https://www.woocom-example.com/auth/callback"],
    logoutUrls: ["https://www.woocom-example.com/"],
    domainPrefix: "woocom-production-signin",
    mfa: "required",
  },
  monitoring: {
    alarmEmails: ["oncall@example.com"],
    api5xxPerMinute: 150,
  },
};
