import type { BootstrapInput } from "../../environments/config";

/**
 * The example's state bucket and CI roles, as `environments/bootstrap.ts` holds the project's:
 * copy it there when you start from this example. Besides the infrastructure repository's plan
 * and deploy roles, it creates the application repository's role per environment
 * (`alb-fargate-github-app-<env>`), which templates/app-ci.yml assumes.
 */
export const bootstrap: BootstrapInput = {
  project: "alb-fargate",
  accountId: "123456789012",
  region: "us-east-1",
  stateBucket: "alb-fargate-terraform-state-123456789012",
  noncurrentVersionRetentionDays: 90,
  stateAccessLogBucket: "alb-fargate-terraform-state-logs-123456789012",
  stateAccessLogRetentionDays: 365,
  github: {
    repository: "acme/drf-infrastructure",
    defaultBranch: "main",
  },
  applicationDelivery: {
    // The DRF application's own repository: its CI pushes images to Docker Hub, registers task
    // definitions, runs the migrations and updates the service.
    repository: "acme/drf-api",
    pushImagesToEcr: false,
  },
};
