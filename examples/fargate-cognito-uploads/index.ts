import type { ExampleSystem } from "../system";
import { bootstrap } from "./bootstrap";
import { production } from "./production";
import { staging } from "./staging";

/** Planning document 002: Flask on Fargate behind API Gateway and an internal ALB, RDS + DynamoDB streams, Cognito, presigned uploads and thumbnails. */
export const fargateCognitoUploads: ExampleSystem = {
  system: "fargate-cognito-uploads",
  title: "Flask on Fargate with Cognito, DynamoDB streams and an image pipeline",
  document: "002",
  bootstrap,
  environments: [staging, production],
};
