import type { BootstrapInput } from "../../environments/config";

/**
 * The example's state bucket and CI roles, as `environments/bootstrap.ts` holds the project's:
 * copy it there when you start from this example. Only CI deploys (the infrastructure
 * repository's GitHub OIDC roles): no access keys anywhere.
 */
export const bootstrap: BootstrapInput = {
  project: "woocom",
  accountId: "123456789012",
  region: "us-east-1",
  stateBucket: "woocom-terraform-state-123456789012",
  noncurrentVersionRetentionDays: 90,
  stateAccessLogBucket: "woocom-terraform-state-logs-123456789012",
  stateAccessLogRetentionDays: 365,
  github: {
    repository: "acme/woocom",
    defaultBranch: "main",
  },
  // Preview environments per pull request (README, "Previews"): their boundary, and the role the
  // preview workflow deploys them with, trusted by the "preview" GitHub environment only.
  previews: {},
  // The planning document's developers: previews' resources, read-only elsewhere, and the access
  // request role for a repair outside production (project README, "Developers"). This example
  // keeps one account; give developers a test account without production where you can.
  developerAccess: {
    developers: [
      { name: "sameer", principalArn: "arn:aws:iam::123456789012:user/sameer", canRequestAccess: true },
      { name: "dana", principalArn: "arn:aws:iam::123456789012:user/dana" },
    ],
  },
};
