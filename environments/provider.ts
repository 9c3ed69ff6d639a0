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
  return new AwsProvider(stack, "Aws", providerConfig(settings, settings.region));
}

/** The region CloudFront takes certificates from (and other global services' regional homes). */
export const GLOBAL_REGION = "us-east-1";

/**
 * A second AWS provider of the stack, aliased `us-east-1`, for what CloudFront needs there (its
 * certificates), with the default provider's account pin and tags.
 */
export function addGlobalAwsProvider(stack: TerraformStack, settings: StackProviderSettings): AwsProvider {
  return new AwsProvider(stack, "AwsGlobal", { ...providerConfig(settings, GLOBAL_REGION), alias: GLOBAL_REGION });
}

function providerConfig(settings: StackProviderSettings, region: string) {
  return {
    region,
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
  };
}
