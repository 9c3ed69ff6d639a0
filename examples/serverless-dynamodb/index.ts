import type { ExampleSystem } from "../system";
import { bootstrap } from "./bootstrap";
import { production } from "./production";
import { staging } from "./staging";

/** Planning document 003: TypeScript Lambdas per route group, DynamoDB, S3, Cognito and the site, with previews. */
export const serverlessDynamodb: ExampleSystem = {
  system: "serverless-dynamodb",
  title: "TypeScript Lambdas with DynamoDB behind the HTTP API",
  document: "003",
  bootstrap,
  environments: [staging, production],
};
