import type { ExampleSystem } from "../system";
import { bootstrap } from "./bootstrap";
import { production } from "./production";
import { staging } from "./staging";

/** Planning document 001: Django REST Framework on Fargate behind an ALB, RDS PostgreSQL, Docker Hub images, GitHub Actions delivery. */
export const albFargate: ExampleSystem = {
  system: "alb-fargate",
  title: "Django REST Framework on Fargate behind a load balancer",
  document: "001",
  bootstrap,
  environments: [staging, production],
};
