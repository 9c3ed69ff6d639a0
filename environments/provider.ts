import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";

export interface StackProviderSettings {
  readonly project: string;
  /** The environment name, or "bootstrap" for the state stack. */
  readonly environment: string;
  readonly accountId: string;
  readonly region: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** Terraform 1.10 is the first with S3-native state locking (`use_lockfile`). */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.10.0";

/**
 * The AWS provider every stack uses: pinned to one account (`allowed_account_ids`, so a plan
 * with the wrong credentials fails before it touches anything) and tagging every resource with
 * Project, Environment and ManagedBy.
 */
export function addAwsProvider(stack: TerraformStack, settings: StackProviderSettings): AwsProvider {
  stack.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
  return new AwsProvider(stack, "Aws", {
    region: settings.region,
    allowedAccountIds: [settings.accountId],
    defaultTags: [
      {
        tags: {
          ...settings.tags,
          Project: settings.project,
          Environment: settings.environment,
          ManagedBy: "cdktf",
        },
      },
    ],
  });
}
