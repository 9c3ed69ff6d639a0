import type { BootstrapInput } from "../../environments/config";

/** The example's state bucket and CI roles, as `environments/bootstrap.ts` holds the project's. */
export const bootstrap: BootstrapInput = {
  project: "flaskapp",
  accountId: "123456789012",
  region: "us-east-1",
  stateBucket: "flaskapp-terraform-state-123456789012",
  noncurrentVersionRetentionDays: 90,
  stateAccessLogBucket: "flaskapp-terraform-state-logs-123456789012",
  stateAccessLogRetentionDays: 365,
  github: {
    repository: "acme/flaskapp-infrastructure",
    defaultBranch: "main",
  },
};
