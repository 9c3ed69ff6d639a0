import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { applyPermissionsBoundary, permissionsBoundaryArn } from "../modules/permissions-boundary";
import { applyPolicyPack } from "../policies";
import type { EnvironmentConfig } from "./config";
import { composeEnvironment, EnvironmentFeatures } from "./features";
import { addAwsProvider } from "./provider";
import { isPreviewName } from "./preview";
import { applyPreviewSettings } from "./preview-stack";

/** Where an environment stack keeps its state: the S3 bucket (the default), or a local file for trying things out. */
export type StateBackend = "s3" | "local";

export interface AppStackOptions {
  /**
   * `local` writes state to `terraform.<environment>.tfstate` in the project folder, for trying a
   * stack without the state bucket. Never use it for a shared environment.
   * @default "s3"
   */
  readonly backend?: StateBackend;
  /**
   * The stack's name (its folder in the synth output, and what `cdktf deploy` takes). The
   * examples name theirs `<system>-<environment>`.
   * @default the environment's name
   */
  readonly stackName?: string;
}

/** The state key of an environment in the state bucket: `<project>/<environment>/terraform.tfstate`. */
export function stateKey(config: Pick<EnvironmentConfig, "project" | "name">): string {
  return `${config.project}/${config.name}/terraform.tfstate`;
}

/**
 * One environment: its features composed from one checked config (see `environments/features`),
 * on a provider pinned to its account, with its state in the state bucket, every role under its
 * permissions boundary, and the policy pack checked at every synth. The stack is named after
 * the environment (`staging`, `production`) unless `stackName` says otherwise.
 */
export class AppStack extends TerraformStack {
  readonly config: EnvironmentConfig;
  /** What the environment is made of: each feature's modules, present when its config section is. */
  readonly features: EnvironmentFeatures;

  constructor(scope: Construct, config: EnvironmentConfig, options: AppStackOptions = {}) {
    super(scope, options.stackName ?? config.name);
    this.config = config;

    addAwsProvider(this, {
      project: config.project,
      environment: config.name,
      accountId: config.accountId,
      region: config.region,
      tags: config.tags,
    });

    if ((options.backend ?? "s3") === "s3") {
      new S3Backend(this, {
        bucket: config.state.bucket,
        key: stateKey(config),
        region: config.state.region,
        encrypt: true,
      });
      // S3-native locking (Terraform 1.10+); cdktf 0.21's S3Backend has no prop for it yet.
      this.addOverride("terraform.backend.s3.use_lockfile", true);
    } else {
      // Relative to the stack's folder, cdktf.out/stacks/<name>: the file lands in the project folder.
      new LocalBackend(this, { path: `../../../terraform.${options.stackName ?? config.name}.tfstate` });
    }

    this.features = composeEnvironment(this, config);
    if (isPreviewName(config.name)) applyPreviewSettings(this, config);

    // Every role of the environment carries its boundary (the bootstrap stack creates it): the
    // deploy role may create roles only with it attached.
    const boundary = permissionsBoundaryArn({ project: config.project, environment: config.name, accountId: config.accountId, region: config.region });
    applyPermissionsBoundary(this, boundary);

    // Every synth checks the stack against the policy pack; protected environments also get the
    // data-loss guards, and every role must carry the environment's boundary.
    applyPolicyPack(this, { protected: config.protected, permissionsBoundaryArn: boundary });
  }
}
