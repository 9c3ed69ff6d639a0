import type { BootstrapInput } from "./config";

/**
 * The bootstrap stack: the S3 bucket that holds every environment's Terraform state. Applied
 * once per account with local state, before any environment. Keep `stateBucket` in step with
 * each environment's `state.bucket` (synth refuses a mismatch).
 */
export const bootstrap: BootstrapInput = {
  project: "acme",
  accountId: "123456789012",
  region: "us-east-1",
  stateBucket: "acme-terraform-state-123456789012",
  noncurrentVersionRetentionDays: 90,
  // Who read or wrote which state, and when: S3 server access logs of the state bucket, kept a year.
  stateAccessLogBucket: "acme-terraform-state-logs-123456789012",
  stateAccessLogRetentionDays: 365,
  // GitHub Actions of this repository plan and deploy through OIDC roles (see README, "Deploying").
  github: {
    repository: "acme/infrastructure",
    defaultBranch: "main",
  },
  // Preview environments per pull request (README, "Previews"): their boundary, and the role the
  // preview workflow deploys them with, trusted by the "preview" GitHub environment only.
  previews: {},
};
