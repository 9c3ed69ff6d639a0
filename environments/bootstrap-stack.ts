import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { GithubOidc } from "../modules/github-oidc";
import { StateBucket } from "../modules/state-bucket";
import { applyPolicyPack } from "../policies";
import type { BootstrapConfig } from "./config";
import { addAwsProvider } from "./provider";

/** The bootstrap stack's name, and its folder under cdktf.out/stacks. */
export const BOOTSTRAP_STACK_NAME = "bootstrap";

/**
 * Creates the S3 bucket that holds every environment's state. It keeps its own state in a local
 * file, `terraform.bootstrap.tfstate` in the project folder: it is applied once per account,
 * before any environment, and changes rarely.
 */
export interface BootstrapStackOptions {
  /**
   * The environments GitHub deploys (each a GitHub environment of the same name): the deploy
   * role trusts jobs in these only.
   * @default ["staging", "production"]
   */
  readonly deployEnvironments?: readonly string[];
}

export class BootstrapStack extends TerraformStack {
  readonly stateBucket: StateBucket;
  /** The OIDC provider and roles for GitHub Actions (only with `github` in the config). */
  readonly github?: GithubOidc;

  constructor(scope: Construct, config: BootstrapConfig, options: BootstrapStackOptions = {}) {
    super(scope, BOOTSTRAP_STACK_NAME);
    addAwsProvider(this, {
      project: config.project,
      environment: BOOTSTRAP_STACK_NAME,
      accountId: config.accountId,
      region: config.region,
    });
    // Relative to the stack's folder, cdktf.out/stacks/bootstrap: the file lands in the project folder.
    new LocalBackend(this, { path: `../../../terraform.${BOOTSTRAP_STACK_NAME}.tfstate` });

    this.stateBucket = new StateBucket(this, "StateBucket", {
      bucketName: config.stateBucket,
      noncurrentVersionRetentionDays: config.noncurrentVersionRetentionDays,
    });
    if (config.github !== undefined) {
      this.github = new GithubOidc(this, "GitHub", {
        name: config.project,
        repository: config.github.repository,
        defaultBranch: config.github.defaultBranch,
        providerArn: config.github.providerArn,
        accountId: config.accountId,
        region: config.region,
        stateBucket: this.stateBucket,
        deployEnvironments: options.deployEnvironments ?? ["staging", "production"],
      });
      new TerraformOutput(this, "github_plan_role_arn", { value: this.github.planRoleArn, description: "AWS_PLAN_ROLE_ARN for GitHub Actions" });
      new TerraformOutput(this, "github_deploy_role_arn", { value: this.github.deployRoleArn, description: "AWS_DEPLOY_ROLE_ARN for GitHub Actions" });
    }
    // Every environment's state lives here: the data-loss guards always apply.
    applyPolicyPack(this, { protected: true });
    new TerraformOutput(this, "state_bucket", { value: this.stateBucket.bucketName, description: "The Terraform state bucket" });
  }
}
