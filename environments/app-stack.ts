import { LocalBackend, S3Backend, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { Vpc2Az } from "../modules/vpc-2az";
import type { EnvironmentConfig } from "./config";
import { addAwsProvider } from "./provider";

/** Where an environment stack keeps its state: the S3 bucket (the default), or a local file for trying things out. */
export type StateBackend = "s3" | "local";

export interface AppStackOptions {
  /**
   * `local` writes state to `terraform.<environment>.tfstate` in the project folder, for trying a
   * stack without the state bucket. Never use it for a shared environment.
   * @default "s3"
   */
  readonly backend?: StateBackend;
}

/** The state key of an environment in the state bucket: `<project>/<environment>/terraform.tfstate`. */
export function stateKey(config: Pick<EnvironmentConfig, "project" | "name">): string {
  return `${config.project}/${config.name}/terraform.tfstate`;
}

/**
 * One environment: every module composed from one checked config. The stack is named after
 * the environment (`staging`, `production`).
 */
export class AppStack extends TerraformStack {
  readonly config: EnvironmentConfig;
  readonly network: Vpc2Az;

  constructor(scope: Construct, config: EnvironmentConfig, options: AppStackOptions = {}) {
    super(scope, config.name);
    this.config = config;
    const namePrefix = `${config.project}-${config.name}`;

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
      new LocalBackend(this, { path: `../../../terraform.${config.name}.tfstate` });
    }

    this.network = new Vpc2Az(this, "Network", {
      name: namePrefix,
      region: config.region,
      cidr: config.network.cidr,
      availabilityZones: config.network.availabilityZones,
      egress: config.network.egress,
      natLayout: config.network.natLayout,
      flowLogs: config.network.flowLogs,
      flowLogRetentionDays: config.logRetentionDays,
    });

    new TerraformOutput(this, "vpc_id", { value: this.network.vpcId, description: "The VPC's id" });
    new TerraformOutput(this, "public_subnet_ids", {
      value: this.network.publicSubnetIds,
      description: "Public subnet ids, in availability-zone order",
    });
    new TerraformOutput(this, "private_subnet_ids", {
      value: this.network.privateSubnetIds,
      description: "Private subnet ids, in availability-zone order",
    });
  }
}
