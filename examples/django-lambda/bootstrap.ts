import type { BootstrapInput } from "../../environments/config";

/**
 * The example's state bucket and CI roles, as `environments/bootstrap.ts` holds the project's:
 * copy it there when you start from this example. `npm run examples` checks the environments
 * against it (state bucket, account), but synthesizes only the environment stacks.
 */
export const bootstrap: BootstrapInput = {
  project: "django-lambda",
  accountId: "123456789012",
  region: "us-east-1",
  stateBucket: "django-lambda-terraform-state-123456789012",
  noncurrentVersionRetentionDays: 90,
  stateAccessLogBucket: "django-lambda-terraform-state-logs-123456789012",
  stateAccessLogRetentionDays: 365,
  github: {
    repository: "acme/django-lambda-infrastructure",
    defaultBranch: "main",
  },
};
