import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { DeveloperAccess } from "../modules/developer-access";
import { GithubApplicationRole, GithubOidc } from "../modules/github-oidc";
import { PermissionsBoundary, PREVIEW_ENVIRONMENTS } from "../modules/permissions-boundary";
import { StateBucket } from "../modules/state-bucket";
import { applyPolicyPack, suppress } from "../policies";
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
  /** Each environment's permissions boundary, which every role of its stack carries. */
  readonly boundaries: readonly PermissionsBoundary[];
  /** The boundary every preview's roles carry (with `previews` in the config). */
  readonly previewBoundary?: PermissionsBoundary;
  /** The developers' roles (with `developerAccess` in the config). */
  readonly developerAccess?: DeveloperAccess;
  /** The OIDC provider and roles for GitHub Actions (only with `github` in the config). */
  readonly github?: GithubOidc;
  /**
   * The application repository's role in each deploy environment (`<project>-github-app-<env>`),
   * with `applicationDelivery` in the config; none without it.
   */
  readonly applicationRoles: readonly GithubApplicationRole[];

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
      accessLogBucketName: config.stateAccessLogBucket,
      accessLogRetentionDays: config.stateAccessLogRetentionDays,
      accountId: config.accountId,
    });
    const environments = options.deployEnvironments ?? ["staging", "production"];
    this.boundaries = environments.map(
      (environment) =>
        new PermissionsBoundary(this, `Boundary-${environment}`, {
          project: config.project,
          environment,
          accountId: config.accountId,
          region: config.region,
        }),
    );
    // Every preview's roles carry one boundary, scoped to all previews (`pv-*`).
    this.previewBoundary =
      config.previews === undefined
        ? undefined
        : new PermissionsBoundary(this, "Boundary-previews", {
            project: config.project,
            environment: PREVIEW_ENVIRONMENTS,
            accountId: config.accountId,
            region: config.region,
          });
    // The pack's grant rules read every customer managed policy as a grant; a boundary is a
    // ceiling, attached as a boundary only, where "*" means "up to the role's own policies".
    for (const boundary of [...this.boundaries, ...(this.previewBoundary === undefined ? [] : [this.previewBoundary])]) {
      const reason = "a permissions boundary grants nothing: its Allow * is the ceiling up to the role's own policies, and its Deny statements are the point";
      suppress(boundary.policy, [
        { id: "iam-no-wildcard-actions", reason },
        { id: "iam-no-wildcard-resource", reason },
        { id: "iam-no-passrole-star", reason: "the boundary denies iam:PassRole outside the environment's own roles (DenyPassingOtherRoles); the Allow * is only the ceiling" },
      ]);
    }
    if (config.github !== undefined) {
      this.github = new GithubOidc(this, "GitHub", {
        name: config.project,
        repository: config.github.repository,
        defaultBranch: config.github.defaultBranch,
        providerArn: config.github.providerArn,
        accountId: config.accountId,
        region: config.region,
        stateBucket: this.stateBucket,
        deployEnvironments: this.boundaries.map((boundary, i) => ({ name: environments[i]!, permissionsBoundaryArn: boundary.policyArn })),
        previews:
          this.previewBoundary === undefined ? undefined : { permissionsBoundaryArn: this.previewBoundary.policyArn, githubEnvironment: config.previews?.githubEnvironment },
      });
      // A plan refreshes every resource the stacks hold, most of them known by ids AWS picks at
      // apply: the plan role's read actions cannot name ARNs. They are listed one by one (none
      // returns data), narrowed to the project's tagged resources, and the data reads are denied.
      suppress(this.github.planConfigurationPolicy, [
        {
          id: "iam-no-wildcard-resource",
          reason:
            "terraform plan refreshes every resource of the stacks, whose ARNs hold ids AWS assigns at apply; the listed read actions return configuration only, and the role denies every data read",
        },
      ]);
      new TerraformOutput(this, "github_plan_role_arn", { value: this.github.planRoleArn, description: "AWS_PLAN_ROLE_ARN for GitHub Actions" });
      new TerraformOutput(this, "github_deploy_role_arns", {
        value: Object.fromEntries(this.github.deployRoles.map((d) => [d.environment, d.roleArn])),
        description: "AWS_DEPLOY_ROLE_ARN of each GitHub environment, by environment",
      });
      if (this.github.previewRole !== undefined) {
        new TerraformOutput(this, "github_preview_role_arn", { value: this.github.previewRole.roleArn, description: "AWS_PREVIEW_ROLE_ARN of the preview GitHub environment" });
      }
    }
    // The application's repository delivers its container to each environment through its own
    // role, trusted through the same provider (the config requires github with applicationDelivery).
    const delivery = config.applicationDelivery;
    const providerArn = this.github?.providerArn;
    this.applicationRoles =
      delivery === undefined || providerArn === undefined
        ? []
        : this.boundaries.map(
            (boundary, i) =>
              new GithubApplicationRole(this, `GitHubApplicationRole-${environments[i]!}`, {
                project: config.project,
                environment: environments[i]!,
                repository: delivery.repository,
                accountId: config.accountId,
                region: config.region,
                providerArn,
                permissionsBoundaryArn: boundary.policyArn,
                pushImagesToEcr: delivery.pushImagesToEcr,
              }),
          );
    if (this.applicationRoles.length > 0) {
      new TerraformOutput(this, "github_application_role_arns", {
        value: Object.fromEntries(this.applicationRoles.map((r) => [r.environment, r.roleArn])),
        description: "AWS_ROLE_ARN of the application repository's GitHub environments",
      });
    }
    // Developers' own roles, in a test account (the developerAccess section needs previews).
    if (config.developerAccess !== undefined && this.previewBoundary !== undefined) {
      this.developerAccess = new DeveloperAccess(this, "Developers", {
        project: config.project,
        accountId: config.accountId,
        region: config.region,
        stateBucket: this.stateBucket,
        previewBoundaryArn: this.previewBoundary.policyArn,
        developers: config.developerAccess.developers,
        environments,
        protectedEnvironments: config.developerAccess.protectedEnvironments ?? environments.filter((env) => env === "production"),
      });
      new TerraformOutput(this, "developer_role_arns", {
        value: Object.fromEntries(this.developerAccess.developerRoles.map((d) => [d.name, d.roleArn])),
        description: "Each developer's role (assume it with MFA, and --source-identity <name>)",
      });
      if (this.developerAccess.accessRequestRole !== undefined) {
        new TerraformOutput(this, "access_request_role_arn", { value: this.developerAccess.accessRequestRole.roleArn, description: "The access request role, for a repair (MFA, one-hour sessions)" });
      }
    }
    // Every environment's state lives here: the data-loss guards always apply.
    applyPolicyPack(this, { protected: true });
    new TerraformOutput(this, "state_bucket", { value: this.stateBucket.bucketName, description: "The Terraform state bucket" });
  }
}
