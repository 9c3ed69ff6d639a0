import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { ECR_PUSH_ACTIONS } from "../_internal/ecr";
import { CodebuildProject } from "@cdktf/provider-aws/lib/codebuild-project";
import { Codepipeline, CodepipelineStage, CodepipelineStageAction } from "@cdktf/provider-aws/lib/codepipeline";
import type { CodestarconnectionsConnection } from "@cdktf/provider-aws/lib/codestarconnections-connection";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import type { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { dependable, Token } from "cdktf";
import { Construct } from "constructs";
import { suppress } from "../../policies/suppressions";
import type { MigrationDatabase, MigrationDatabaseSettings, MigrationNetwork } from "../codebuild-migrations";
import type { FargateService } from "../fargate-service";
import type { DatabaseConnection } from "../rds-private";
import { ACCOUNT_ID_PATTERN, partitionOf } from "../shared/arn";
import { PropProblem, propProblems, PropsValidator } from "../shared/errors";
import type { Monitorable, MonitoringSpec } from "../shared/monitorable";
import { isKnownRegion, regionProblem } from "../shared/regions";
import { inlinePolicy } from "../_internal/iam";
import { isValidNamePrefix, NAME_PREFIX_RULE, resourceName } from "../_internal/naming";
import {
  applicationRoleSql,
  BUILD_IMAGES,
  BuildArchitecture,
  checkApplicationUsername,
  checkRepositorySource,
  codebuildRole,
  failedBuildNotifications,
  noRouteProblem,
  pipelineArtifactBucket,
  pipelineArtifactsStatement,
  queuedPipeline,
  quoteIdentifier,
  readArtifactsStatement,
  repositorySource,
  REQUIRED_ENDPOINTS,
  unreachableBuildServices,
  vpcBuildPolicy,
  writeLogsStatement,
} from "../_internal/pipeline";
import type { PolicyStatement } from "../_internal/policy";
import type { PrivateBucket } from "../_internal/private-bucket";
import { httpsEgressAnywhere, replaceableSecurityGroup, tcpEgressToGroup } from "../_internal/security-group";
import {
  ARTIFACTS,
  buildBuildspec,
  deployBuildspec,
  FunctionBuild,
  IMAGE_DEFINITIONS_FILE,
  IMAGE_VARIABLES_NAMESPACE,
  imageBuildspec,
  migrateBuildspec,
  SiteBuild,
} from "./buildspecs";
import { deliveryMonitoringSpec } from "./monitoring";

/** The site the pipeline deploys: its bucket and distribution. A `StaticSite` fits. */
export interface DeliverySite {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly distributionId: string;
  readonly distributionArn: string;
}

/** The Lambda function whose code the pipeline deploys, and the alias that serves it. The lambda-function module's construct fits. */
export interface DeliveryFunction {
  readonly functionName: string;
  /** The unqualified ARN: the deploy role may act on it and on its versions and aliases (`<arn>:*`). */
  readonly functionArn: string;
  /** The alias the pipeline moves to each published version (the one the API invokes). */
  readonly aliasName: string;
  readonly architecture: "arm64" | "x86_64";
  /** The Lambda runtime (`python3.13`); undefined for a container image, which this pipeline does not build. */
  readonly runtime: string | undefined;
}

/** The database the pipeline migrates with the function's package, before the new code takes traffic. */
export interface DeliveryMigrations {
  /** The VPC; a `Vpc2Az` fits. The migrate build runs in its private subnets. */
  readonly network: MigrationNetwork;
  /** The database; an `RdsPrivate` fits. Its security group is opened to the migrate build's. */
  readonly database: MigrationDatabase;
  /**
   * The migration command, run in the unpacked package (one line).
   * @default "python manage.py migrate --noinput"
   */
  readonly command?: string;
}

/**
 * The ECS service whose image the pipeline builds and deploys: its cluster, its task definition's
 * family and container, the ECR repository it pulls from and its two roles. A `FargateService`
 * made with `imageTag` and `imageUpdates: "pipeline"` gives one through {@link deliveryServiceOf}.
 */
export interface DeliveryService {
  /** The ECS cluster's name (the ECS action's `ClusterName`). */
  readonly clusterName: string;
  /** The cluster's ARN, in the pipeline's region and account: the pipeline may list its tasks. */
  readonly clusterArn: string;
  /** The ECS service's name in the cluster: the only service the pipeline may update. */
  readonly serviceName: string;
  /** The task definition's container that runs the image (`imagedefinitions.json` names it). */
  readonly containerName: string;
  /** The task definition family: the only one the pipeline may register revisions of. */
  readonly family: string;
  /** The ECR repository to push to: its URL (`<account>.dkr.ecr.<region>.amazonaws.com/<name>`, no tag) and ARN. */
  readonly repositoryUrl: string;
  /** The repository's ARN: the only one the image build may push to. */
  readonly repositoryArn: string;
  /** The task definition's execution and task roles: the only roles the pipeline may pass, to ECS tasks only. */
  readonly executionRoleArn: string;
  /** The task role's ARN (see `executionRoleArn`). */
  readonly taskRoleArn: string;
  /** The task's CPU: the image is built for it, on a build host of the same CPU. */
  readonly architecture: "arm64" | "x86_64";
}

/**
 * The {@link DeliveryService} of a `FargateService`: its cluster, service, family, container,
 * repository and roles. Refuses (a `PropsError` naming the service) one that does not own its
 * ECR repository (made with `imageUri`: the pipeline would have nowhere of its own to push), or
 * whose `imageUpdates` is not `"pipeline"` (the next `terraform apply` would put back the task
 * definition Terraform knows, undoing the pipeline's deploy).
 */
export function deliveryServiceOf(service: FargateService): DeliveryService {
  const v = new PropsValidator(service, "deliveryServiceOf");
  const repository = service.repository;
  if (repository === undefined) {
    v.fail("repository", "must be the service's own ECR repository (a FargateService made with imageTag, not imageUri): the pipeline pushes its images there", undefined);
  }
  // The FargateService's imageUpdates "pipeline" is what makes Terraform ignore the service's task definition.
  const ignored = service.service.lifecycle?.ignoreChanges;
  const pipelineOwned = ignored === "all" || (Array.isArray(ignored) && ignored.includes("task_definition"));
  if (!pipelineOwned) {
    v.fail("imageUpdates", 'must be "pipeline" on the FargateService: otherwise the next terraform apply puts back the task definition Terraform knows, undoing the pipeline\'s deploy', "terraform");
  }
  v.throwIfInvalid();
  // The task definition's CPU, as the FargateService wrote it (a literal, ARM64 unless set).
  const cpu = service.taskDefinition.runtimePlatform.cpuArchitectureInput;
  return {
    clusterName: service.cluster.name,
    clusterArn: service.cluster.arn,
    serviceName: service.serviceName,
    containerName: service.containerName,
    family: service.family,
    repositoryUrl: repository!.repositoryUrl,
    repositoryArn: repository!.arn,
    executionRoleArn: service.executionRoleArn,
    taskRoleArn: service.taskRoleArn,
    architecture: cpu === "X86_64" ? "x86_64" : "arm64",
  };
}

/** How the function's package is made. Only Python for now; Node.js bundling is a later addition. */
export type FunctionPackage = "python";

export interface DeliveryPipelineProps {
  /** Prefix of every resource name, `${project}-${environment}` (e.g. `acme-staging`). */
  readonly name: string;
  /** The AWS region. */
  readonly region: string;
  /** The AWS account (12 digits): trust conditions, ARNs and the notification key's policy. */
  readonly accountId: string;

  /** The GitHub repository, `owner/name`, reached through a CodeStar connection. */
  readonly repository: string;
  /**
   * The branch whose pushes run the pipeline.
   * @default "main"
   */
  readonly branch?: string;
  /**
   * An existing CodeStar connection (arn:aws:codestar-connections:... or arn:aws:codeconnections:...).
   * @default - a new connection to GitHub, which someone approves once in the console
   */
  readonly connectionArn?: string;

  /**
   * The site to deploy the Vite build to. A `StaticSite` fits. At least one of `site`, `function` and `service`.
   * @default - no site: the pipeline delivers the function or the service alone
   */
  readonly site?: DeliverySite;
  /**
   * The Vite project's folder in the source (holding package.json and package-lock.json).
   * @default "web"
   */
  readonly siteDirectory?: string;
  /**
   * The folder `npm run build` writes, inside `siteDirectory` (Vite's `build.outDir`).
   * @default "dist"
   */
  readonly siteOutputDirectory?: string;

  /**
   * The function whose code the pipeline deploys. The lambda-function module's construct fits
   * (with `codeUpdates: "pipeline"`). At least one of `site`, `function` and `service`; not with `service`.
   * @default - no function: the pipeline delivers the site or the service
   */
  readonly function?: DeliveryFunction;
  /**
   * The Python project's folder in the source (holding requirements.txt, and manage.py for
   * collectstatic and the migrations).
   * @default "app"
   */
  readonly functionDirectory?: string;
  /**
   * How the function's package is made: `python` installs requirements.txt for the function's
   * architecture and Python version, copies the folder's code in and zips it. (Node.js bundling is a
   * later addition.)
   * @default "python"
   */
  readonly functionPackage?: FunctionPackage;
  /**
   * Run `python manage.py collectstatic --noinput` in the build, into the site's output under
   * `static/`: Django's `STATIC_URL` must then be the site's absolute `/static/` URL (the API
   * answers on another host) and its `STATIC_ROOT` read from the environment variable the build sets. Only with a function and a site.
   * @default true with a function and a site, false otherwise
   */
  readonly collectStatic?: boolean;

  /**
   * The ECS service whose container image the pipeline builds (Docker, in a privileged CodeBuild
   * build on the task's CPU), pushes to its ECR repository tagged `git-<commit>`, and deploys with
   * CodePipeline's ECS action. `deliveryServiceOf(fargateService)` gives one. Not with `function`.
   * @default - no service
   */
  readonly service?: DeliveryService;
  /**
   * The Dockerfile's folder in the source: the build context (`.` for the repository's root).
   * @default "."
   */
  readonly serviceDirectory?: string;
  /**
   * The Dockerfile, relative to `serviceDirectory`.
   * @default "Dockerfile"
   */
  readonly dockerfile?: string;
  /**
   * Minutes the ECS deploy action waits for the service's deployment to complete (new tasks
   * healthy, old ones drained) before it fails, 1 to 60. Only with `service`.
   * @default 30
   */
  readonly serviceDeploymentTimeoutMinutes?: number;

  /**
   * Migrate the database with the function's package, between the build and the deploy: the new
   * code takes traffic only after its migrations ran. Needs a function (the build runs its package).
   * @default - no migrate stage
   */
  readonly migrations?: DeliveryMigrations;

  /**
   * Minutes before a build of any stage is stopped, 5 to 480.
   * @default 30
   */
  readonly buildTimeoutMinutes?: number;
  /**
   * Retention of the build logs, in days.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Addresses told by email when a build of the pipeline fails (each confirms its subscription once).
   * @default [] - the topic exists; subscribe to it as you like
   */
  readonly notificationEmails?: readonly string[];
  /**
   * For a protected environment: Terraform refuses any plan that deletes or replaces the
   * artifact bucket or the notification key (`prevent_destroy`), and never empties the bucket.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/** The migrations as {@link deliveryPipelinePropProblems} reads them: the database needs only its application user's name. */
export interface DeliveryMigrationsToCheck extends Omit<DeliveryMigrations, "database"> {
  readonly database: MigrationDatabaseSettings;
}

/**
 * The props as {@link deliveryPipelinePropProblems} reads them: the same, but the migrations'
 * database is only its application user's name (no construct exists yet to let the build in).
 */
export interface DeliveryPipelinePropsToCheck extends Omit<DeliveryPipelineProps, "migrations"> {
  readonly migrations?: DeliveryMigrationsToCheck;
}

/** The stages with a CodeBuild project of their own (`image`: the service's image, in the Build stage). */
export type DeliveryStage = "build" | "image" | "migrate" | "deploy";

/**
 * Delivery of a web application from GitHub: CodePipeline (V2, runs queued) takes the source,
 * CodeBuild builds the Vite site and the function's Python package, migrates the database with
 * that package from inside the VPC, then deploys: the package as a new function version the
 * alias moves to, the site to its bucket with cache headers and a CloudFront invalidation. With a
 * `service` instead of the function, it builds the container image (Docker, tagged with the
 * commit), pushes it to the service's ECR repository and deploys it with CodePipeline's ECS action. Each
 * stage has its own least-privilege role; failed builds are announced on an encrypted SNS topic.
 * A {@link Monitorable} (`monitoring.watch(delivery)`: an alarm on any failed build).
 */
export class DeliveryPipeline extends Construct implements Monitorable {
  readonly pipeline: Codepipeline;
  readonly pipelineName: string;
  readonly pipelineRole: IamRole;
  readonly artifactBucket: PrivateBucket;
  /** The CodeStar connection the module created (only without `connectionArn`). */
  readonly connection?: CodestarconnectionsConnection;
  /** The connection the source stage uses. */
  readonly connectionArn: string;

  /** The build stage's project (outside the VPC): the site and the function's package (undefined with a service alone). */
  readonly buildProject?: CodebuildProject;
  readonly buildRole?: IamRole;
  readonly buildLogGroup?: CloudwatchLogGroup;
  /** The service's image build (only with `service`): Docker, privileged, pushing to the service's repository. */
  readonly imageBuildProject?: CodebuildProject;
  readonly imageBuildRole?: IamRole;
  readonly imageBuildLogGroup?: CloudwatchLogGroup;
  /** The migrate stage's project, in the VPC (only with `migrations`). */
  readonly migrateProject?: CodebuildProject;
  readonly migrateRole?: IamRole;
  readonly migrateLogGroup?: CloudwatchLogGroup;
  /** The migrate build's security group (only with `migrations`). */
  readonly securityGroup?: SecurityGroup;
  /** Its id, or undefined without `migrations`. */
  readonly securityGroupId?: string;
  /** The deploy stage's project (outside the VPC): the function's code and alias, the site (undefined with a service alone: CodePipeline's ECS action deploys it). */
  readonly deployProject?: CodebuildProject;
  readonly deployRole?: IamRole;
  readonly deployLogGroup?: CloudwatchLogGroup;
  /** The ARN of the ECS service the pipeline deploys (only with `service`): the one its role may update. */
  readonly serviceArn?: string;

  readonly notificationTopic: SnsTopic;
  readonly notificationTopicArn: string;

  /** The stages' project names, in pipeline order (for the alarms). */
  private readonly projectNames: readonly { readonly stage: DeliveryStage; readonly projectName: string }[];

  constructor(scope: Construct, id: string, props: DeliveryPipelineProps) {
    super(scope, id);
    const s = validate(this, props);
    const prefix = resourceName(props.name, "delivery");
    const stageName = (stage: DeliveryStage | "pipeline") => `${prefix}-${stage}`;

    this.artifactBucket = pipelineArtifactBucket(this, "Artifacts", {
      bucketName: `${prefix}-${props.accountId}`,
      preventDestroy: props.preventDestroy ?? false,
    });
    const artifacts = this.artifactBucket.bucketArn;

    // Build: outside the VPC (it downloads packages), its logs and the artifacts, nothing else.
    const build = !s.site && !s.function ? undefined : this.addProject("Build", {
      name: stageName("build"),
      logGroupName: `/${props.name}/codebuild/delivery-build`,
      description: "Builds the site and the function's package",
      architecture: s.buildArchitecture,
      buildspec: buildBuildspec(s.site, s.function),
      logRetentionDays: s.logRetentionDays,
      buildTimeoutMinutes: s.buildTimeoutMinutes,
      accountId: props.accountId,
      policyName: "delivery-build",
      statements: (logGroupArn) => [
        writeLogsStatement(logGroupArn),
        {
          Sid: "ReadWriteArtifacts",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
          Resource: `${artifacts}/*`,
        },
      ],
    });
    this.buildProject = build?.project;
    this.buildRole = build?.role;
    this.buildLogGroup = build?.logGroup;

    // The service's image: Docker in a privileged build, pushing to the service's repository only.
    const svc = props.service;
    if (svc && s.service) {
      const image = this.addProject("ImageBuild", {
        name: stageName("image"),
        logGroupName: `/${props.name}/codebuild/delivery-image`,
        description: "Builds the service's container image and pushes it, tagged with the commit",
        architecture: s.service.buildArchitecture,
        image: IMAGE_BUILD_IMAGES[svc.architecture],
        privileged: true,
        buildspec: imageBuildspec({
          repositoryUrl: svc.repositoryUrl,
          containerName: svc.containerName,
          directory: s.service.directory,
          dockerfile: s.service.dockerfile,
          platform: s.service.platform,
        }),
        logRetentionDays: s.logRetentionDays,
        buildTimeoutMinutes: s.buildTimeoutMinutes,
        accountId: props.accountId,
        policyName: "delivery-image",
        statements: (logGroupArn) => [
          writeLogsStatement(logGroupArn),
          {
            Sid: "ReadWriteArtifacts",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
            Resource: `${artifacts}/*`,
          },
          // GetAuthorizationToken takes no resource (the registry's token); the statement below
          // decides which repository that token may push to.
          { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
          { Sid: "PushServiceImages", Effect: "Allow", Action: [...IMAGE_PUSH_ACTIONS], Resource: svc.repositoryArn },
        ],
      });
      suppress(image.project, [
        {
          id: "codebuild-not-privileged",
          reason:
            "This project builds the service's container image, and the Docker daemon needs privileged mode. Its role may only write its own logs and the run's artifacts and push to the service's one ECR repository: it holds no ECS, IAM or deploy right.",
        },
      ]);
      this.imageBuildProject = image.project;
      this.imageBuildRole = image.role;
      this.imageBuildLogGroup = image.logGroup;
    }

    // Migrate: in the VPC, with the master user's settings and secret.
    if (props.migrations && s.migrate) {
      const migrations = props.migrations;
      const connection = migrations.database.connection;
      this.securityGroup = replaceableSecurityGroup(this, "MigrateSecurityGroup", {
        name: stageName("migrate"),
        description: `${stageName("migrate")} builds: HTTPS out, and the database`,
        vpcId: migrations.network.vpcId,
      });
      this.securityGroupId = this.securityGroup.id;
      httpsEgressAnywhere(this, "MigrateEgressHttps", this.securityGroup.id, "HTTPS: AWS APIs");
      const groupId = this.securityGroup.id;
      migrations.database.allowFrom(`${id}Migrate`, { securityGroupId: groupId, allowTo: (...args) => this.allowTo(...args) }, `${stageName("migrate")} builds`);
      const migrate = this.addProject("Migrate", {
        name: stageName("migrate"),
        logGroupName: `/${props.name}/codebuild/delivery-migrate`,
        description: "Migrates the database with the function's package, from inside the VPC",
        architecture: s.buildArchitecture,
        buildspec: migrateBuildspec({
          connection,
          pythonVersion: s.migrate.pythonVersion,
          command: s.migrate.command,
          applicationRoleSql: s.migrate.applicationRoleSql,
        }),
        logRetentionDays: s.logRetentionDays,
        buildTimeoutMinutes: s.buildTimeoutMinutes,
        accountId: props.accountId,
        policyName: "delivery-migrate",
        statements: (logGroupArn) => [writeLogsStatement(logGroupArn), readArtifactsStatement(artifacts), ...connectionStatements(connection)],
        vpc: {
          vpcId: migrations.network.vpcId,
          subnetIds: migrations.network.privateSubnetIds,
          securityGroupId: groupId,
          policy: (role) =>
            vpcBuildPolicy(this, "MigrateVpcPolicy", role, {
              region: props.region,
              accountId: props.accountId,
              privateSubnetIds: migrations.network.privateSubnetIds,
            }),
        },
      });
      this.migrateProject = migrate.project;
      this.migrateRole = migrate.role;
      this.migrateLogGroup = migrate.logGroup;
    }

    // Deploy: the function's code and alias, the site's objects and invalidations.
    const site = props.site;
    const fn = props.function;
    const deployStatements = (logGroupArn: string): PolicyStatement[] => [
      writeLogsStatement(logGroupArn),
      readArtifactsStatement(artifacts),
      ...(fn
        ? [
            {
              Sid: "DeployFunction",
              Effect: "Allow" as const,
              Action: [
                "lambda:GetAlias",
                "lambda:GetFunction",
                "lambda:GetFunctionConfiguration",
                "lambda:PublishVersion",
                "lambda:UpdateAlias",
                "lambda:UpdateFunctionCode",
              ],
              Resource: [fn.functionArn, `${fn.functionArn}:*`],
            },
          ]
        : []),
      ...(site
        ? [
            { Sid: "ListSite", Effect: "Allow" as const, Action: "s3:ListBucket", Resource: site.bucketArn },
            { Sid: "WriteSite", Effect: "Allow" as const, Action: ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"], Resource: `${site.bucketArn}/*` },
            { Sid: "InvalidateSite", Effect: "Allow" as const, Action: ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"], Resource: site.distributionArn },
          ]
        : []),
    ];
    const deploy = !s.site && !s.function ? undefined : this.addProject("Deploy", {
      name: stageName("deploy"),
      logGroupName: `/${props.name}/codebuild/delivery-deploy`,
      description: "Deploys the function's package (a new version, then the alias) and the site",
      // The AWS CLI only: the cheapest compute, whatever the function runs on.
      architecture: "ARM64",
      buildspec: deployBuildspec({
        function: fn ? { functionName: fn.functionName, aliasName: fn.aliasName } : undefined,
        site: site ? { bucketName: site.bucketName, distributionId: site.distributionId } : undefined,
      }),
      logRetentionDays: s.logRetentionDays,
      buildTimeoutMinutes: s.buildTimeoutMinutes,
      accountId: props.accountId,
      policyName: "delivery-deploy",
      statements: deployStatements,
    });
    this.deployProject = deploy?.project;
    this.deployRole = deploy?.role;
    this.deployLogGroup = deploy?.logGroup;

    // Source
    const source = repositorySource(this, {
      repository: props.repository,
      branch: s.branch,
      connectionArn: props.connectionArn,
      connectionName: prefix,
      providerType: "GitHub",
      tagName: prefix,
      outputArtifact: ARTIFACTS.source,
    });
    this.connection = source.connection;
    this.connectionArn = source.connectionArn;

    // The pipeline: Source, Build, Migrate (optional), Deploy.
    const buildOutputs = [...(s.site ? [ARTIFACTS.site] : []), ...(s.function ? [ARTIFACTS.function] : [])];
    const deployInputs = [...(s.function ? [ARTIFACTS.function] : []), ...(s.site ? [ARTIFACTS.site] : [])];
    const codebuild = (name: string, project: CodebuildProject, inputs: readonly string[], outputs: readonly string[] = [], extra: Partial<CodepipelineStageAction> = {}) => ({
      name,
      category: "Build",
      owner: "AWS",
      provider: "CodeBuild",
      version: "1",
      inputArtifacts: [...inputs],
      ...(outputs.length > 0 ? { outputArtifacts: [...outputs] } : {}),
      configuration: { ProjectName: project.name, ...(inputs.length > 1 ? { PrimarySource: inputs[0]! } : {}) },
      ...extra,
    });
    // The service: its image beside the site's build; its deploy before the site's (a new page
    // may call a new API route: it answers by then), as the function's is.
    const imageAction = this.imageBuildProject
      ? [codebuild("BuildImage", this.imageBuildProject, [ARTIFACTS.source], [ARTIFACTS.image], { namespace: IMAGE_VARIABLES_NAMESPACE })]
      : [];
    const serviceAction: CodepipelineStageAction[] =
      svc && s.service
        ? [
            {
              name: "DeployService",
              category: "Deploy",
              owner: "AWS",
              provider: "ECS",
              version: "1",
              inputArtifacts: [ARTIFACTS.image],
              configuration: {
                ClusterName: svc.clusterName,
                ServiceName: svc.serviceName,
                FileName: IMAGE_DEFINITIONS_FILE,
                DeploymentTimeout: String(s.service.deploymentTimeoutMinutes),
              },
              runOrder: 1,
            },
          ]
        : [];
    const stages: CodepipelineStage[] = [
      { name: "Source", action: [source.action] },
      { name: "Build", action: [...(this.buildProject ? [codebuild("Build", this.buildProject, [ARTIFACTS.source], buildOutputs)] : []), ...imageAction] },
      ...(this.migrateProject ? [{ name: "Migrate", action: [codebuild("Migrate", this.migrateProject, [ARTIFACTS.function])] }] : []),
      {
        name: "Deploy",
        action: [...serviceAction, ...(this.deployProject ? [codebuild("Deploy", this.deployProject, deployInputs, [], serviceAction.length > 0 ? { runOrder: 2 } : {})] : [])],
      },
    ];
    const named = (stage: DeliveryStage, project: CodebuildProject | undefined) => (project ? [{ stage, project }] : []);
    const stageProjects = [
      ...named("build", this.buildProject),
      ...named("image", this.imageBuildProject),
      ...named("migrate", this.migrateProject),
      ...named("deploy", this.deployProject),
    ];
    const projects = stageProjects.map((p) => p.project);
    this.projectNames = stageProjects.map((p) => ({ stage: p.stage, projectName: p.project.name }));

    const { pipeline, role: pipelineRole } = queuedPipeline(this, {
      name: prefix,
      roleName: stageName("pipeline"),
      accountId: props.accountId,
      artifactBucketName: this.artifactBucket.bucketName,
      stages,
      statements: [
        pipelineArtifactsStatement(artifacts),
        {
          Sid: "RunBuilds",
          Effect: "Allow",
          Action: ["codebuild:StartBuild", "codebuild:BatchGetBuilds"],
          Resource: projects.map((p) => p.arn),
        },
        source.statement,
        ...(svc ? serviceDeployStatements(svc, props.region, props.accountId) : []),
      ],
    });
    this.pipeline = pipeline;
    this.pipelineRole = pipelineRole;
    this.pipelineName = this.pipeline.name;
    if (svc) {
      this.serviceArn = ecsArn(props.region, props.accountId, `service/${svc.clusterName}/${svc.serviceName}`);
      // ListTasks is authorized on "*" and narrowed by the cluster: a policy of its own, so the
      // suppression below covers this statement and no other.
      const listTasks = inlinePolicy(this, "PipelineListTasksPolicy", pipelineRole, "watch-service-tasks", [
        { Sid: "ListServiceTasks", Effect: "Allow", Action: "ecs:ListTasks", Resource: "*", Condition: { ArnEquals: { "ecs:cluster": svc.clusterArn } } },
      ]);
      suppress(listTasks, [
        {
          id: "iam-no-wildcard-resource",
          reason:
            "CodePipeline's ECS deploy action lists the service's tasks to follow the deployment; ListTasks names no task ARN (its only resource is a container instance, which Fargate tasks have none of), so it is granted on Resource * and narrowed to the service's cluster by the ecs:cluster condition.",
        },
      ]);
      pipeline.dependsOn = [...(pipeline.dependsOn ?? []), dependable(listTasks)];
    }

    this.notificationTopic = failedBuildNotifications(this, {
      name: `${prefix}-failed`,
      description: "A delivery build failed or was stopped",
      displayName: "Delivery failed",
      projectNames: stageProjects.map((p) => stageName(p.stage)),
      message: '"Delivery build <build> of <project> ended <status>. Nothing after that stage ran: read the build log."',
      region: props.region,
      accountId: props.accountId,
      emails: props.notificationEmails ?? [],
      preventDestroy: props.preventDestroy ?? false,
    });
    this.notificationTopicArn = this.notificationTopic.arn;
  }

  /**
   * What `Monitoring.watch` creates for the pipeline: an alarm on any failed build of each of its
   * projects (no threshold applies), and a row with the builds and their duration.
   */
  monitoringSpec(): MonitoringSpec {
    return deliveryMonitoringSpec(this, this.projectNames);
  }

  /**
   * Lets the migrate build reach a security group's members on one TCP port (the database's
   * `allowFrom` calls this). Only with `migrations`: without them there is no build in the VPC.
   */
  allowTo(id: string, peer: { readonly securityGroupId: string }, port: number, description: string): VpcSecurityGroupEgressRule {
    if (this.securityGroup === undefined) {
      new PropsValidator(this, "DeliveryPipeline").fail("migrations", "are needed by allowTo: only the migrate build runs in the VPC", undefined).throwIfInvalid();
    }
    return tcpEgressToGroup(this, `MigrateEgress${id}`, { securityGroupId: this.securityGroup!.id, peerSecurityGroupId: peer.securityGroupId, port, description });
  }

  /** A stage's log group, role, policies and CodeBuild project (construct ids `<Stage>LogGroup`, `<Stage>Role`, ...). */
  private addProject(stage: string, options: ProjectOptions): { project: CodebuildProject; role: IamRole; logGroup: CloudwatchLogGroup } {
    const logGroup = new CloudwatchLogGroup(this, `${stage}LogGroup`, {
      name: options.logGroupName,
      retentionInDays: options.logRetentionDays,
      tags: { Name: options.name },
    });
    const role = codebuildRole(this, `${stage}Role`, {
      name: options.name,
      description: `CodeBuild runs ${options.name} with this role`,
      accountId: options.accountId,
    });
    const policies: IamRolePolicy[] = [inlinePolicy(this, `${stage}RolePolicy`, role, options.policyName, options.statements(logGroup.arn))];
    if (options.vpc) policies.push(options.vpc.policy(role));
    const image = options.image ?? BUILD_IMAGES[options.architecture];
    const project = new CodebuildProject(this, `${stage}Project`, {
      name: options.name,
      description: options.description,
      serviceRole: role.arn,
      source: { type: "CODEPIPELINE", buildspec: options.buildspec },
      artifacts: { type: "CODEPIPELINE" },
      environment: {
        computeType: "BUILD_GENERAL1_SMALL",
        image: image.image,
        type: image.type,
        imagePullCredentialsType: "CODEBUILD",
        privilegedMode: options.privileged ?? false,
      },
      vpcConfig: options.vpc
        ? { vpcId: options.vpc.vpcId, subnets: [...options.vpc.subnetIds], securityGroupIds: [options.vpc.securityGroupId] }
        : undefined,
      logsConfig: {
        cloudwatchLogs: { groupName: logGroup.name, status: "ENABLED" },
        s3Logs: { status: "DISABLED" },
      },
      buildTimeout: options.buildTimeoutMinutes,
      queuedTimeout: 60,
      // One build at a time: the pipeline queues its runs, and nothing else starts these projects.
      concurrentBuildLimit: 1,
      dependsOn: policies,
      tags: { Name: options.name },
    });
    return { project, role, logGroup };
  }
}

interface ProjectOptions {
  readonly name: string;
  readonly logGroupName: string;
  readonly description: string;
  readonly architecture: BuildArchitecture;
  /** Another image than the architecture's shared one (the image build's). */
  readonly image?: { readonly image: string; readonly type: string };
  /** Privileged mode, for the Docker daemon (the image build only). */
  readonly privileged?: boolean;
  readonly buildspec: string;
  readonly logRetentionDays: number;
  readonly buildTimeoutMinutes: number;
  readonly accountId: string;
  readonly policyName: string;
  readonly statements: (logGroupArn: string) => PolicyStatement[];
  readonly vpc?: {
    readonly vpcId: string;
    readonly subnetIds: readonly string[];
    readonly securityGroupId: string;
    readonly policy: (role: IamRole) => IamRolePolicy;
  };
}

/** The migrate build reads the four connection parameters and the master secret, and nothing else. */
function connectionStatements(connection: DatabaseConnection): PolicyStatement[] {
  return [
    {
      Sid: "ReadConnectionSettings",
      Effect: "Allow",
      Action: "ssm:GetParameters",
      Resource: [connection.parameterArns.host, connection.parameterArns.port, connection.parameterArns.database, connection.parameterArns.username],
    },
    { Sid: "ReadDatabasePassword", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: connection.secretArn },
  ];
}

/**
 * The CodeBuild images of the service's image build, by the task's CPU: Amazon Linux 2023 with
 * Docker, on a host of that CPU (the image is built natively, no emulation).
 */
export const IMAGE_BUILD_IMAGES: Readonly<Record<DeliveryService["architecture"], { readonly image: string; readonly type: string }>> = {
  arm64: { image: "aws/codebuild/amazonlinux-aarch64-standard:3.0", type: "ARM_CONTAINER" },
  x86_64: { image: "aws/codebuild/amazonlinux-x86_64-standard:5.0", type: "LINUX_CONTAINER" },
};

/** The ECR actions that push an image (and read back its layers and manifest), on the service's repository only. */
export const IMAGE_PUSH_ACTIONS = ECR_PUSH_ACTIONS;

/** An ECS ARN of the service's account and region. */
function ecsArn(region: string, accountId: string, resource: string): string {
  return `arn:${partitionOf(region)}:ecs:${region}:${accountId}:${resource}`;
}

/**
 * What CodePipeline's ECS deploy action does with the pipeline's role, on the one service:
 * read it and its current task definition, register the next revision of its family (tagged as
 * the last one), follow the deployment's tasks, update the service, and pass the task
 * definition's two roles to ECS tasks. `ecs:ListTasks` is in a policy of its own (see the
 * constructor).
 */
function serviceDeployStatements(svc: DeliveryService, region: string, accountId: string): PolicyStatement[] {
  const taskDefinitions = ecsArn(region, accountId, `task-definition/${svc.family}:*`);
  return [
    {
      Sid: "DeployService",
      Effect: "Allow",
      Action: ["ecs:DescribeServices", "ecs:UpdateService"],
      Resource: ecsArn(region, accountId, `service/${svc.clusterName}/${svc.serviceName}`),
    },
    {
      // The Service Authorization Reference lists the task-definition resource for
      // RegisterTaskDefinition: new revisions of the service's family only.
      Sid: "RegisterTaskDefinitions",
      Effect: "Allow",
      Action: "ecs:RegisterTaskDefinition",
      Resource: taskDefinitions,
    },
    {
      // The action registers the revision with the tags of the one it copies: tagging on creation only.
      Sid: "TagNewTaskDefinitions",
      Effect: "Allow",
      Action: "ecs:TagResource",
      Resource: taskDefinitions,
      Condition: { StringEquals: { "ecs:CreateAction": "RegisterTaskDefinition" } },
    },
    {
      // DescribeTaskDefinition takes no resource (Resource "*" only): the action reads the
      // revision the service runs, to copy it with the new image.
      Sid: "DescribeTaskDefinitions",
      Effect: "Allow",
      Action: "ecs:DescribeTaskDefinition",
      Resource: "*",
    },
    { Sid: "WatchServiceTasks", Effect: "Allow", Action: "ecs:DescribeTasks", Resource: ecsArn(region, accountId, `task/${svc.clusterName}/*`) },
    {
      Sid: "PassServiceRoles",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: [svc.executionRoleArn, svc.taskRoleArn],
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    },
  ];
}

/** The default migration command: Django's, without prompts. */
export const DEFAULT_MIGRATE_COMMAND = "python manage.py migrate --noinput";

/**
 * The Python versions of Lambda's runtimes that the CodeBuild images also run (`runtime-versions`),
 * by the function's architecture: collectstatic and the migrations import the packaged wheels, so
 * the build's Python must be the function's.
 */
export const PYTHON_VERSIONS: Readonly<Record<DeliveryFunction["architecture"], readonly string[]>> = {
  arm64: ["3.9", "3.10", "3.11", "3.12", "3.13"],
  x86_64: ["3.9", "3.10", "3.11", "3.12", "3.13", "3.14"],
};

/**
 * The pip `--platform` tags of a Lambda runtime: manylinux2014 (glibc 2.17) everywhere, and
 * manylinux_2_28 too from Python 3.12, whose runtimes run on Amazon Linux 2023 (glibc 2.34).
 */
export function lambdaPlatforms(architecture: DeliveryFunction["architecture"], pythonVersion: string): string[] {
  const cpu = architecture === "arm64" ? "aarch64" : "x86_64";
  const minor = Number(pythonVersion.split(".")[1]);
  return [`manylinux2014_${cpu}`, ...(minor >= 12 ? [`manylinux_2_28_${cpu}`] : [])];
}

/** A folder of the source: a relative path, no `.` or `..` segments. */
const SOURCE_FOLDER = /^(?!\.{1,2}(\/|$))(?!.*\/\.{1,2}(\/|$))[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const SOURCE_FOLDER_RULE = 'must be a folder of the source: a relative path of letters, digits and _ . - (e.g. "web"), without "." or ".." segments';

/** An ECS cluster, service, container or task definition family name. */
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const ECS_NAME_RULE = "must be an ECS name: 1 to 255 letters, digits, hyphens and underscores";
const CLUSTER_ARN = /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):(\d{12}):cluster\/([A-Za-z0-9_-]{1,255})$/;
const REPOSITORY_ARN = /^arn:aws[a-z-]*:ecr:([a-z0-9-]+):(\d{12}):repository\/([a-z0-9._/-]+)$/;
const REPOSITORY_URL = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9._/-]+)$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[A-Za-z0-9+=,.@_/-]+$/;

/**
 * Every problem with the props, without building anything (none when they hold): what the
 * constructor would refuse. The site, the function and the network may be plain objects whose
 * ids are unresolved tokens; the function's `architecture` and `runtime`, the network's `egress`
 * and `interfaceEndpointServices` and the database's `applicationUsername` must be the real values.
 */
export function deliveryPipelinePropProblems(props: DeliveryPipelinePropsToCheck): readonly PropProblem[] {
  return propProblems(() => validate(undefined, props));
}

interface Settings {
  readonly branch: string;
  readonly site?: SiteBuild;
  readonly function?: FunctionBuild;
  readonly migrate?: { readonly pythonVersion: string; readonly command: string; readonly applicationRoleSql: string };
  readonly buildArchitecture: BuildArchitecture;
  readonly service?: {
    readonly directory: string;
    readonly dockerfile: string;
    readonly platform: string;
    readonly buildArchitecture: BuildArchitecture;
    readonly deploymentTimeoutMinutes: number;
  };
  readonly buildTimeoutMinutes: number;
  readonly logRetentionDays: number;
}

function validate(scope: Construct | undefined, props: DeliveryPipelinePropsToCheck): Settings {
  const v = new PropsValidator(scope, "DeliveryPipeline");
  v.check(isValidNamePrefix(props.name), "name", NAME_PREFIX_RULE, props.name);
  v.check(isKnownRegion(props.region), "region", regionProblem(props.region) ?? "", props.region);
  v.check(ACCOUNT_ID_PATTERN.test(props.accountId), "accountId", 'must be a 12-digit AWS account id (e.g. "123456789012")', props.accountId);

  // Source
  const branch = props.branch ?? "main";
  checkRepositorySource(v, {
    repository: ["repository", props.repository],
    branch: ["branch", branch],
    connectionArn: ["connectionArn", props.connectionArn],
  });

  // What is delivered
  const site = props.site;
  const fn = props.function;
  const svc = props.service;
  if (site === undefined && fn === undefined && svc === undefined) {
    v.fail("site", "or function must be given: the pipeline delivers a site, a function or both", undefined);
  }
  if (fn !== undefined && svc !== undefined) {
    v.fail("service", "and function are exclusive: the pipeline delivers one application, a container service or a Lambda function (and a site beside it)", "both");
  }
  const folder = (prop: string, value: string | undefined, fallback: string, needs: "site" | "function"): string => {
    if (value !== undefined && (needs === "site" ? site : fn) === undefined) v.fail(prop, `applies only with ${needs}`, value);
    const folderValue = value ?? fallback;
    v.check(SOURCE_FOLDER.test(folderValue), prop, SOURCE_FOLDER_RULE, folderValue);
    return folderValue;
  };
  const siteDirectory = folder("siteDirectory", props.siteDirectory, "web", "site");
  const siteOutputDirectory = folder("siteOutputDirectory", props.siteOutputDirectory, "dist", "site");
  const functionDirectory = folder("functionDirectory", props.functionDirectory, "app", "function");
  const functionPackage = props.functionPackage ?? "python";
  if (props.functionPackage !== undefined && fn === undefined) v.fail("functionPackage", "applies only with function", props.functionPackage);
  v.check(functionPackage === "python", "functionPackage", 'must be "python" (Node.js bundling is not offered yet)', functionPackage);

  let pythonVersion: string | undefined;
  if (fn) {
    const architecture = fn.architecture;
    const knownArchitecture = architecture === "arm64" || architecture === "x86_64";
    if (Token.isUnresolved(architecture)) {
      v.fail("function.architecture", 'must be known at synth ("arm64" or "x86_64"): the build installs wheels for it', "an unresolved token");
    } else {
      v.check(knownArchitecture, "function.architecture", 'must be "arm64" or "x86_64"', architecture);
    }
    const versions = knownArchitecture ? PYTHON_VERSIONS[architecture] : PYTHON_VERSIONS.arm64;
    const runtimes = `${versions.map((version) => `python${version}`).join(", ")}${knownArchitecture ? ` on ${architecture}` : ""}`;
    const runtime = fn.runtime;
    if (runtime !== undefined && Token.isUnresolved(runtime)) {
      v.fail("function.runtime", `must be known at synth for functionPackage "python": the build installs the requirements for that Python (${runtimes})`, "an unresolved token");
    } else {
      const match = runtime === undefined ? null : /^python(3\.\d+)$/.exec(runtime);
      if (match === null) {
        v.fail("function.runtime", `must be a Python runtime for functionPackage "python" (${runtimes}): the package is built with pip`, runtime);
      } else if (!versions.includes(match[1]!)) {
        v.fail("function.runtime", `must be a Python runtime the CodeBuild image also runs (${runtimes}): collectstatic and the migrations import the packaged wheels`, runtime);
      } else {
        pythonVersion = match[1]!;
      }
    }
  }

  const service = checkService(v, props);

  const collectStatic = props.collectStatic ?? (fn !== undefined && site !== undefined);
  if (props.collectStatic === true && (fn === undefined || site === undefined)) {
    v.fail("collectStatic", "needs both function and site: collectstatic runs the function's manage.py and writes into the site's build", props.collectStatic);
  }

  // Migrations
  let migrate: Settings["migrate"];
  const migrations = props.migrations;
  if (migrations) {
    if (fn === undefined) v.fail("migrations", "need a function: the migrate stage runs the function's package (its manage.py)", "no function");
    const network = migrations.network;
    v.check(
      Token.isUnresolved(network.privateSubnetIds) || network.privateSubnetIds.length > 0,
      "migrations.network.privateSubnetIds",
      "must list at least one private subnet for the migrate build",
      network.privateSubnetIds,
    );
    const missing = unreachableBuildServices(network);
    if (missing.length > 0) {
      v.fail(
        "migrations.network",
        `${noRouteProblem(missing)}. Give the VPC NAT egress (egress "nat-instance", about $7 a month) or the interface endpoints ${REQUIRED_ENDPOINTS.join(", ")} (about $44 a month)`,
        { egress: network.egress, interfaceEndpointServices: network.interfaceEndpointServices },
      );
    }
    const applicationUsername = migrations.database.connection.applicationUsername;
    checkApplicationUsername(v, "migrations.database.connection.applicationUsername", applicationUsername, "the migrate stage writes it into SQL");
    const command = migrations.command ?? DEFAULT_MIGRATE_COMMAND;
    v.check(
      command.trim() !== "" && !/[\r\n]/.test(command) && !command.includes("${") && !command.includes("%{"),
      "migrations.command",
      'must be one non-empty line without "${" or "%{" (Terraform would read them as its own; write shell variables as $NAME)',
      command,
    );
    migrate = {
      pythonVersion: pythonVersion ?? "",
      command,
      applicationRoleSql: applicationRoleSql(applicationUsername, [
        "  -- Django's record of what ran is not the application's to change (it may read it).",
        `  REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON TABLE public.django_migrations FROM ${quoteIdentifier(applicationUsername)};`,
      ]),
    };
  }

  const buildTimeoutMinutes = props.buildTimeoutMinutes ?? 30;
  v.checkWholeNumber("buildTimeoutMinutes", buildTimeoutMinutes, 5, 480, { unit: "minutes" });
  const logRetentionDays = props.logRetentionDays ?? 30;
  v.checkLogRetention("logRetentionDays", logRetentionDays);
  v.checkEmails("notificationEmails", props.notificationEmails ?? []);

  v.throwIfInvalid();
  const architecture = fn?.architecture === "x86_64" ? "x86_64" : "arm64";
  return {
    branch,
    site: site ? { directory: siteDirectory, outputDirectory: siteOutputDirectory } : undefined,
    function:
      fn && pythonVersion !== undefined
        ? {
            directory: functionDirectory,
            pythonVersion,
            platforms: lambdaPlatforms(architecture, pythonVersion),
            collectStatic,
            rdsCaBundle: migrations !== undefined,
          }
        : undefined,
    migrate,
    // The build and the migrations run the packaged wheels: the function's CPU.
    buildArchitecture: architecture === "x86_64" ? "X86_64" : "ARM64",
    service,
    buildTimeoutMinutes,
    logRetentionDays,
  };
}

/** Records the problems of `service` and its folders; returns its build settings (undefined without a service). */
function checkService(v: PropsValidator, props: DeliveryPipelinePropsToCheck): Settings["service"] {
  const svc = props.service;
  const onlyWithService = (prop: string, value: unknown) => {
    if (value !== undefined && svc === undefined) v.fail(prop, "applies only with service", value);
  };
  onlyWithService("serviceDirectory", props.serviceDirectory);
  onlyWithService("dockerfile", props.dockerfile);
  onlyWithService("serviceDeploymentTimeoutMinutes", props.serviceDeploymentTimeoutMinutes);
  const directory = props.serviceDirectory ?? ".";
  v.check(directory === "." || SOURCE_FOLDER.test(directory), "serviceDirectory", `${SOURCE_FOLDER_RULE}, or "." for the repository's root`, directory);
  const dockerfile = props.dockerfile ?? "Dockerfile";
  v.check(SOURCE_FOLDER.test(dockerfile), "dockerfile", 'must be a file of serviceDirectory: a relative path of letters, digits and _ . - (e.g. "Dockerfile"), without "." or ".." segments', dockerfile);
  const deploymentTimeoutMinutes = props.serviceDeploymentTimeoutMinutes ?? 30;
  v.checkWholeNumber("serviceDeploymentTimeoutMinutes", deploymentTimeoutMinutes, 1, 60, { unit: "minutes", why: "the most CodePipeline's ECS action waits" });
  if (svc === undefined) return undefined;

  const architecture = svc.architecture;
  const known = architecture === "arm64" || architecture === "x86_64";
  if (Token.isUnresolved(architecture)) {
    v.fail("service.architecture", 'must be known at synth ("arm64" or "x86_64"): the image is built for it, on a build host of that CPU', "an unresolved token");
  } else {
    v.check(known, "service.architecture", 'must be "arm64" or "x86_64"', architecture);
  }
  for (const key of ["clusterName", "serviceName", "containerName", "family"] as const) {
    v.check(ECS_NAME.test(svc[key]), `service.${key}`, ECS_NAME_RULE, svc[key]);
  }
  // ARNs and the URL: their shape, then that they are of this account and region.
  const home = isKnownRegion(props.region) && ACCOUNT_ID_PATTERN.test(props.accountId);
  const here = `in ${props.region} of account ${props.accountId} (the pipeline's)`;
  const cluster = CLUSTER_ARN.exec(svc.clusterArn);
  v.check(cluster !== null, "service.clusterArn", "must be an ECS cluster ARN (arn:aws:ecs:<region>:<account>:cluster/<name>)", svc.clusterArn);
  if (cluster !== null) {
    if (home) v.check(cluster[1] === props.region && cluster[2] === props.accountId, "service.clusterArn", `must be a cluster ${here}`, svc.clusterArn);
    if (!Token.isUnresolved(svc.clusterName)) v.check(cluster[3] === svc.clusterName, "service.clusterArn", `must be the ARN of the cluster clusterName names (${svc.clusterName})`, svc.clusterArn);
  }
  const repositoryArn = REPOSITORY_ARN.exec(svc.repositoryArn);
  v.check(repositoryArn !== null, "service.repositoryArn", "must be an ECR repository ARN (arn:aws:ecr:<region>:<account>:repository/<name>)", svc.repositoryArn);
  if (repositoryArn !== null && home) {
    v.check(repositoryArn[1] === props.region && repositoryArn[2] === props.accountId, "service.repositoryArn", `must be a repository ${here}`, svc.repositoryArn);
  }
  const repositoryUrl = REPOSITORY_URL.exec(svc.repositoryUrl);
  v.check(
    repositoryUrl !== null,
    "service.repositoryUrl",
    "must be a private ECR repository's URL without a tag (<account>.dkr.ecr.<region>.amazonaws.com/<name>): the pipeline tags each image with its commit",
    svc.repositoryUrl,
  );
  if (repositoryUrl !== null && repositoryArn !== null) {
    v.check(
      repositoryUrl[1] === repositoryArn[2] && repositoryUrl[2] === repositoryArn[1] && repositoryUrl[3] === repositoryArn[3],
      "service.repositoryUrl",
      `must be the URL of the repository repositoryArn names (${svc.repositoryArn}): the build role may push there only`,
      svc.repositoryUrl,
    );
  }
  for (const key of ["executionRoleArn", "taskRoleArn"] as const) {
    const role = ROLE_ARN.exec(svc[key]);
    v.check(role !== null, `service.${key}`, "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)", svc[key]);
    if (role !== null && ACCOUNT_ID_PATTERN.test(props.accountId)) v.check(role[1] === props.accountId, `service.${key}`, `must be a role of account ${props.accountId} (accountId)`, svc[key]);
  }
  const arm = architecture !== "x86_64";
  return {
    directory,
    dockerfile,
    platform: arm ? "linux/arm64" : "linux/amd64",
    buildArchitecture: arm ? "ARM64" : "X86_64",
    deploymentTimeoutMinutes,
  };
}
