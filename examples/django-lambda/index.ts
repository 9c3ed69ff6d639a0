import type { ExampleSystem } from "../system";
import { bootstrap } from "./bootstrap";
import { production } from "./production";
import { staging } from "./staging";

/** Planning document 000: Django + Mangum on Lambda behind API Gateway, RDS PostgreSQL, S3 media, a Vite site, CodePipeline delivery. */
export const djangoLambda: ExampleSystem = {
  system: "django-lambda",
  title: "Django on Lambda behind API Gateway",
  document: "000",
  bootstrap,
  environments: [staging, production],
};
