import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { Codepipeline, CodepipelineStage, CodepipelineStageAction } from "@cdktf/provider-aws/lib/codepipeline";
import { CodestarconnectionsConnection } from "@cdktf/provider-aws/lib/codestarconnections-connection";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { suppress } from "../../policies/suppressions";
import { partitionOf } from "../shared/arn";
import type { PropsValidator } from "../shared/errors";
import { type AlarmSpec, dimensionList } from "../shared/monitorable";
import { markPurpose } from "../shared/purpose";
import { encryptedTopic } from "./encrypted-topic";
import { inlinePolicy, serviceRole } from "./iam";
import type { PolicyStatement } from "./policy";
import { PrivateBucket } from "./private-bucket";

export { applicationRoleSql, quoteIdentifier, quoteLiteral } from "./database-roles";

// The pieces the library's pipelines share (codebuild-migrations, delivery-pipeline): the
// artifact bucket, a repository source through a CodeStar connection, CodeBuild roles and their
// VPC policy, the build images, the failed-build notification, the checks on a build's network
// and the SQL that gives the application its database role.

/** CPU architecture of a CodeBuild build. */
export type BuildArchitecture = "ARM64" | "X86_64";

/** The Amazon Linux 2023 CodeBuild images, by architecture. */
export const BUILD_IMAGES: Readonly<Record<BuildArchitecture, { readonly image: string; readonly type: string }>> = {
  ARM64: { image: "aws/codebuild/amazonlinux2-aarch64-standard:3.0", type: "ARM_CONTAINER" },
  X86_64: { image: "aws/codebuild/amazonlinux2-x86_64-standard:5.0", type: "LINUX_CONTAINER" },
};

/** The AWS services a build in the VPC calls (logs, connection settings, the master secret); without NAT, each needs an interface endpoint. */
export const REQUIRED_ENDPOINTS = ["logs", "secretsmanager", "ssm"] as const;

// ---------------------------------------------------------------------------------------------
// Artifacts

export interface ArtifactBucketOptions {
  /** The bucket's globally unique name. */
  readonly bucketName: string;
  /** Terraform `prevent_destroy` on the bucket (a protected environment); it is then never emptied by Terraform. */
  readonly preventDestroy: boolean;
}

/**
 * A pipeline's artifact bucket: private, SSE-S3, versioned, objects expiring after 30 days
 * (old versions after 7), marked `pipeline-artifacts` for the cost estimate and the diagram.
 */
export function pipelineArtifactBucket(scope: Construct, id: string, options: ArtifactBucketOptions): PrivateBucket {
  const bucket = new PrivateBucket(scope, id, {
    bucketName: options.bucketName,
    encryption: "sse-s3",
    versioned: true,
    preventDestroy: options.preventDestroy,
    // Artifacts are rebuilt from the source on every run: nothing here needs protecting.
    forceDestroy: true,
    lifecycleRules: [
      {
        id: "expire-artifacts",
        status: "Enabled",
        filter: [{ prefix: "" }],
        expiration: [{ days: 30 }],
        noncurrentVersionExpiration: [{ noncurrentDays: 7 }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
      },
    ],
  });
  markPurpose(bucket.bucket, "pipeline-artifacts");
  return bucket;
}

/** What a pipeline's own role needs of its artifact bucket: read and write the artifacts. */
export function pipelineArtifactsStatement(bucketArn: string): PolicyStatement {
  return {
    Sid: "Artifacts",
    Effect: "Allow",
    Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:GetBucketVersioning"],
    Resource: [bucketArn, `${bucketArn}/*`],
  };
}

// ---------------------------------------------------------------------------------------------
// Source

/** Git hosts a CodeStar connection can reach. */
export type SourceProvider = "GitHub" | "GitHubEnterpriseServer" | "Bitbucket" | "GitLab";

export interface RepositorySourceOptions {
  /** `owner/name`. */
  readonly repository: string;
  readonly branch: string;
  /** An existing connection; without it one is created (construct id `Connection`), to approve once in the console. */
  readonly connectionArn?: string;
  /** The new connection's name (cut to the 32 characters AWS allows). */
  readonly connectionName: string;
  readonly providerType: SourceProvider;
  /** The new connection's Name tag. */
  readonly tagName: string;
  /** The artifact the source action outputs. */
  readonly outputArtifact: string;
}

/** A repository source: the connection (when created), its ARN, the action, and the pipeline role's statement. */
export interface RepositorySource {
  readonly connection?: CodestarconnectionsConnection;
  readonly connectionArn: string;
  readonly action: CodepipelineStageAction;
  /** `UseConnection` on this connection, for the pipeline's role. */
  readonly statement: PolicyStatement;
}

/** The `Source` action of a repository reached through a CodeStar connection, created here unless given. */
export function repositorySource(scope: Construct, options: RepositorySourceOptions): RepositorySource {
  const connection =
    options.connectionArn === undefined
      ? new CodestarconnectionsConnection(scope, "Connection", {
          name: options.connectionName.slice(0, 32),
          providerType: options.providerType,
          tags: { Name: options.tagName },
        })
      : undefined;
  const connectionArn = options.connectionArn ?? connection!.arn;
  return {
    connection,
    connectionArn,
    action: {
      name: "Source",
      category: "Source",
      owner: "AWS",
      provider: "CodeStarSourceConnection",
      version: "1",
      outputArtifacts: [options.outputArtifact],
      configuration: {
        ConnectionArn: connectionArn,
        FullRepositoryId: options.repository,
        BranchName: options.branch,
        DetectChanges: "true",
      },
    },
    statement: {
      Sid: "UseConnection",
      Effect: "Allow",
      Action: ["codestar-connections:UseConnection", "codeconnections:UseConnection"],
      Resource: connectionArn,
    },
  };
}

/** `owner/name` on a Git host. */
export interface QueuedPipelineOptions {
  /** The pipeline's name (and its tag). */
  readonly name: string;
  /** The pipeline role's name. */
  readonly roleName: string;
  readonly accountId: string;
  readonly artifactBucketName: string;
  readonly stages: CodepipelineStage[];
  /** What the pipeline role may do: the artifacts, the source, the actions' targets. */
  readonly statements: readonly PolicyStatement[];
}

/**
 * A CodePipeline V2 whose runs queue (each waits for the one before: migrations and deploys
 * apply in order, never two at once), with a role of its own that CodePipeline alone assumes
 * and the statements given, in place before the pipeline. Ids `PipelineRole`,
 * `PipelineRolePolicy`, `Pipeline`.
 */
export function queuedPipeline(scope: Construct, options: QueuedPipelineOptions): { pipeline: Codepipeline; role: IamRole } {
  const role = serviceRole(scope, "PipelineRole", {
    name: options.roleName,
    description: `CodePipeline runs ${options.name} with this role`,
    servicePrincipal: "codepipeline.amazonaws.com",
    sourceAccount: options.accountId,
  });
  const policy = inlinePolicy(scope, "PipelineRolePolicy", role, "run-pipeline", options.statements);
  const pipeline = new Codepipeline(scope, "Pipeline", {
    name: options.name,
    pipelineType: "V2",
    executionMode: "QUEUED",
    roleArn: role.arn,
    artifactStore: [{ location: options.artifactBucketName, type: "S3" }],
    stage: options.stages,
    dependsOn: [policy],
    tags: { Name: options.name },
  });
  return { pipeline, role };
}

export const REPOSITORY_PATTERN = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+$/;
/** A Git branch name, as far as the pipeline's configuration can tell. */
export const BRANCH_PATTERN = /^[^\s~^:?*[\\]+$/;
/** A CodeStar (or CodeConnections) connection ARN. */
export const CONNECTION_ARN_PATTERN = /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[A-Za-z0-9-]+$/;
export const CONNECTION_ARN_RULE = "must be a CodeStar connection ARN (arn:aws:codestar-connections:<region>:<account>:connection/<id>)";

/** Records the problems of a repository source's props: `owner/name`, a branch name, a connection ARN. */
export function checkRepositorySource(
  v: PropsValidator,
  source: {
    /** Without a value (another kind of source), not checked. */
    readonly repository: readonly [prop: string, value: string | undefined];
    readonly branch: readonly [prop: string, value: string];
    readonly connectionArn: readonly [prop: string, value: string | undefined];
  },
): void {
  const [repositoryProp, repository] = source.repository;
  if (repository !== undefined) v.check(REPOSITORY_PATTERN.test(repository), repositoryProp, 'must be "owner/name"', repository);
  const [branchProp, branch] = source.branch;
  v.check(BRANCH_PATTERN.test(branch), branchProp, "must be a Git branch name", branch);
  const [connectionProp, connectionArn] = source.connectionArn;
  if (connectionArn !== undefined) {
    v.check(Token.isUnresolved(connectionArn) || CONNECTION_ARN_PATTERN.test(connectionArn), connectionProp, CONNECTION_ARN_RULE, connectionArn);
  }
}

// ---------------------------------------------------------------------------------------------
// CodeBuild roles

export interface CodebuildRoleOptions {
  /** The role's name (at most 64 characters). */
  readonly name: string;
  readonly description: string;
  /** The account whose builds may assume the role (`aws:SourceAccount`). */
  readonly accountId: string;
}

/** A role CodeBuild assumes, for builds of this account only; no permissions until policies are added. */
export function codebuildRole(scope: Construct, id: string, options: CodebuildRoleOptions): IamRole {
  return serviceRole(scope, id, {
    name: options.name,
    description: options.description,
    servicePrincipal: "codebuild.amazonaws.com",
    sourceAccount: options.accountId,
  });
}

/** Lets a build write its log streams, in its own log group only. */
export function writeLogsStatement(logGroupArn: string): PolicyStatement {
  return {
    Sid: "WriteLogs",
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    Resource: `${logGroupArn}:*`,
  };
}

/** Lets a build read its input artifacts, and nothing else of the bucket. */
export function readArtifactsStatement(bucketArn: string): PolicyStatement {
  return {
    Sid: "ReadArtifacts",
    Effect: "Allow",
    Action: ["s3:GetObject", "s3:GetObjectVersion"],
    Resource: `${bucketArn}/*`,
  };
}

export interface VpcBuildPolicyOptions {
  readonly region: string;
  readonly accountId: string;
  /** The subnets the build runs in: the only ones it may attach an interface in. */
  readonly privateSubnetIds: readonly string[];
}

/**
 * The policy a VPC build's role needs for CodeBuild to create its network interfaces (named
 * `build-in-vpc`), in a policy of its own so the policy pack's suppression of
 * `iam-no-wildcard-resource` covers these statements and no other.
 */
export function vpcBuildPolicy(scope: Construct, id: string, role: { readonly id: string }, options: VpcBuildPolicyOptions): IamRolePolicy {
  const partition = partitionOf(options.region);
  const subnetArns = options.privateSubnetIds.map((subnetId) => `arn:${partition}:ec2:${options.region}:${options.accountId}:subnet/${subnetId}`);
  const policy = inlinePolicy(scope, id, role, "build-in-vpc", [
    {
      // CodeBuild creates a network interface in the subnets for each build, with this role,
      // as AWS documents for VPC builds (the interface does not exist yet to be named).
      Sid: "VpcNetworkInterfaces",
      Effect: "Allow",
      Action: [
        "ec2:CreateNetworkInterface",
        "ec2:DeleteNetworkInterface",
        "ec2:DescribeDhcpOptions",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSubnets",
        "ec2:DescribeVpcs",
      ],
      Resource: "*",
    },
    {
      Sid: "VpcNetworkInterfacePermission",
      Effect: "Allow",
      Action: "ec2:CreateNetworkInterfacePermission",
      Resource: `arn:${partition}:ec2:${options.region}:${options.accountId}:network-interface/*`,
      Condition: {
        StringEquals: { "ec2:AuthorizedService": "codebuild.amazonaws.com" },
        ArnEquals: { "ec2:Subnet": subnetArns },
      },
    },
  ]);
  suppress(policy, [
    {
      id: "iam-no-wildcard-resource",
      reason:
        "CodeBuild creates and deletes each build's network interface with this role, and AWS documents these calls on Resource * for VPC builds; attaching an interface (ec2:CreateNetworkInterfacePermission) is limited to the project's subnets.",
    },
  ]);
  return policy;
}

// ---------------------------------------------------------------------------------------------
// The network of a build in the VPC

/** What a VPC build's route check reads of the network. */
export interface BuildNetworkRoutes {
  readonly egress: "none" | "nat-instance" | "nat-gateway";
  readonly interfaceEndpointServices: readonly string[];
}

/**
 * The services of {@link REQUIRED_ENDPOINTS} a build in the network cannot reach: none with NAT
 * egress; without it, those that have no interface endpoint.
 */
export function unreachableBuildServices(network: BuildNetworkRoutes): readonly string[] {
  if (network.egress !== "none") return [];
  return REQUIRED_ENDPOINTS.filter((service) => !network.interfaceEndpointServices.includes(service));
}

/** The start of the refusal of a network that gives a VPC build no route, given its missing services. */
export function noRouteProblem(missing: readonly string[]): string {
  return `gives the build no route to its dependencies: egress is "none" and there are no interface endpoints for ${missing.join(", ")}`;
}

// ---------------------------------------------------------------------------------------------
// Failed builds

export interface FailedBuildNotificationsOptions {
  /** The rule's and the topic's name (`${prefix}-failed`). */
  readonly name: string;
  /** The rule's description. */
  readonly description: string;
  /** The topic's display name (the email sender's name). */
  readonly displayName: string;
  /** The projects whose failed or stopped builds are announced (literal names). */
  readonly projectNames: readonly string[];
  /** The message, an EventBridge input template over `<build>`, `<project>` and `<status>`, as a JSON string literal. */
  readonly message: string;
  readonly region: string;
  readonly accountId: string;
  readonly emails: readonly string[];
  readonly preventDestroy: boolean;
}

/**
 * An EventBridge rule on every failed or stopped build of the projects, and the encrypted SNS
 * topic it tells (construct ids `FailedBuildRule`, `Notification*`, `FailedBuildTarget`).
 */
export function failedBuildNotifications(scope: Construct, options: FailedBuildNotificationsOptions): SnsTopic {
  const rule = new CloudwatchEventRule(scope, "FailedBuildRule", {
    name: options.name,
    description: options.description,
    eventPattern: JSON.stringify({
      source: ["aws.codebuild"],
      "detail-type": ["CodeBuild Build State Change"],
      detail: { "build-status": ["FAILED", "STOPPED"], "project-name": [...options.projectNames] },
    }),
    tags: { Name: options.name },
  });
  const { topic } = encryptedTopic(scope, "Notification", {
    name: options.name,
    displayName: options.displayName,
    region: options.region,
    accountId: options.accountId,
    publishers: [{ service: "events.amazonaws.com", sourceArns: [rule.arn] }],
    emails: options.emails,
    preventDestroy: options.preventDestroy,
  });
  new CloudwatchEventTarget(scope, "FailedBuildTarget", {
    rule: rule.name,
    arn: topic.arn,
    inputTransformer: {
      inputPaths: { project: "$.detail.project-name", status: "$.detail.build-status", build: "$.detail.build-id" },
      inputTemplate: options.message,
    },
  });
  return topic;
}

/** A CodeBuild metric of one project, as a dashboard graph lists it. */
export function codebuildMetric(projectName: string, metricName: string, stat: string): (string | Readonly<Record<string, string>>)[] {
  return ["AWS/CodeBuild", metricName, ...dimensionList({ ProjectName: projectName }), { stat }];
}

/** An alarm on any failed build of a project in five minutes: no threshold applies. */
export function failedBuildAlarm(alarm: { readonly id: string; readonly name: string; readonly description: string; readonly projectName: string }): AlarmSpec {
  return {
    id: alarm.id,
    name: alarm.name,
    description: alarm.description,
    namespace: "AWS/CodeBuild",
    metricName: "FailedBuilds",
    dimensions: { ProjectName: alarm.projectName },
    statistic: "Sum",
    periodSeconds: 300,
    evaluationPeriods: 1,
    threshold: 1,
    comparison: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
  };
}

// ---------------------------------------------------------------------------------------------
// The application's database role

/** A role name the pipelines write into SQL: what rds-private allows, minus names PostgreSQL or RDS keep. */
const ROLE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const RESERVED_ROLE_NAMES = ["postgres", "public", "none", "user", "current_user", "current_role", "session_user", "rdsadmin", "rds_superuser", "rds_iam", "template0", "template1"];

/**
 * Records the problems of the application's role name (`prop`), which the SQL below names; `why`
 * says who writes it into SQL, for a name known only at apply ("the migrations write it into SQL").
 */
export function checkApplicationUsername(v: PropsValidator, prop: string, applicationUsername: string, why: string): void {
  if (Token.isUnresolved(applicationUsername)) {
    v.fail(prop, `must be a role name known at synth: ${why}`, "an unresolved token");
    return;
  }
  v.check(ROLE_NAME.test(applicationUsername), prop, "must be 1 to 63 letters, digits and _, starting with a letter (set applicationUsername on the RdsPrivate)", applicationUsername);
  const lower = applicationUsername.toLowerCase();
  v.check(
    !RESERVED_ROLE_NAMES.includes(lower) && !lower.startsWith("pg_") && !lower.startsWith("rds"),
    prop,
    `must not be a role PostgreSQL or RDS keeps (${RESERVED_ROLE_NAMES.join(", ")}, pg_*, rds*): name the application's own role, e.g. "app_user"`,
    applicationUsername,
  );
}

/** One bash word holding `value` as it is. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}

