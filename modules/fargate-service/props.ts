import type { ITerraformDependable } from "cdktf";
import type { ContainerSecret } from "./secrets";

/**
 * The X-Ray daemon sidecar's image, pinned by digest: release 3.7.0 from the public ECR gallery
 * (`public.ecr.aws/xray/aws-xray-daemon:3.7.0`). A tag can be moved to other content; a digest
 * cannot, and a wrong one fails the task's start instead of running something else. To update:
 * `docker buildx imagetools inspect public.ecr.aws/xray/aws-xray-daemon:<version>` (or
 * `crane digest ...`), then replace the digest and the version here, or pass `xrayDaemonImage`.
 */
export const XRAY_DAEMON_IMAGE = "public.ecr.aws/xray/aws-xray-daemon@sha256:b67576293f4d3a0a155f807244957ed0aa4bc945df1573d62d81380a1d548071";
/** The release {@link XRAY_DAEMON_IMAGE} is. */
export const XRAY_DAEMON_VERSION = "3.7.0";

/** CPU architecture of the task. ARM64 (Graviton) costs about 20% less than X86_64 for the same size. */
export type CpuArchitecture = "ARM64" | "X86_64";

/** Which subnets the tasks run in: public (with a public IP, no NAT needed) or private (needs a NAT). */
export type ServiceSubnets = "public" | "private";

/**
 * What the service reads of the network, and nothing more: `Vpc2Az` has all of it, and so does
 * a plain object (its ids may be unresolved tokens, e.g. in the environment config's prop check).
 */
export interface FargateNetwork {
  /** The VPC of the security group (and of the Cloud Map namespace the module creates). */
  readonly vpcId: string;
  /** The subnets of `subnets: "public"`. */
  readonly publicSubnetIds: readonly string[];
  /** The subnets of `subnets: "private"`. */
  readonly privateSubnetIds: readonly string[];
  /** The private subnets' egress: tasks in private subnets need one to pull images. */
  readonly egress: "none" | "nat-instance" | "nat-gateway";
}

/** An ECS cluster to run in (an `EcsCluster`, or another service's `cluster`). */
export interface FargateClusterRef {
  readonly name: string;
  readonly arn: string;
}

/** A Cloud Map private DNS namespace (a `ServiceDiscoveryPrivateDnsNamespace`, or another service's `namespace`). */
export interface NamespaceRef {
  readonly id: string;
  readonly name: string;
}

/** Anything with a security group, to allow traffic from or to. */
export interface SecurityGroupPeer {
  readonly securityGroupId: string;
}


/**
 * A load balancer target group the service's tasks register in (target type `ip`, as Fargate's
 * `awsvpc` networking needs), with the listener that forwards to it.
 */
export interface LoadBalancerTarget {
  /** The target group's ARN (an `LbTargetGroup`'s `arn`). */
  readonly targetGroupArn: string;
  /**
   * The app container's port the target group sends to. Another port than `containerPort` is
   * added to the container's port mappings; admit the load balancer on it with `allowFrom(..., port)`.
   * @default - the service's `containerPort`
   */
  readonly containerPort?: number;
  /**
   * The listener (or listener rule) that forwards to the target group. The ECS service depends
   * on it: ECS refuses a target group that no load balancer uses yet.
   * @default - no dependency: the target group must already be attached to a load balancer
   */
  readonly listener?: ITerraformDependable;
}

/**
 * An ECR pull-through cache the service's image comes from (an `EcrPullThroughCache`, or any
 * object with these fields). The execution role may pull from, create and import upstream images
 * into the repositories under `repositoryPrefix` (matched by `repositoryArnPattern`), nothing else.
 */
export interface PullThroughCacheRef {
  /** The cache's ECR repository prefix, without the trailing slash (`docker-hub`). */
  readonly repositoryPrefix: string;
  /** The ARN pattern of the cache's repositories: `arn:<partition>:ecr:<region>:<account>:repository/<prefix>/*`. */
  readonly repositoryArnPattern: string;
  /**
   * The pull-through cache rule: the ECS service depends on it, so no task starts before the
   * cache exists.
   * @default - no dependency: the rule must already exist
   */
  readonly rule?: ITerraformDependable;
}

/**
 * Who moves the running service to a new image. `terraform`: every image change goes through
 * the config and an apply. `pipeline`: an application CI registers new revisions of the task
 * definition's family and updates the service; Terraform creates the first revision and the
 * service, then leaves the service's `task_definition` alone.
 */
export type ImageUpdates = "terraform" | "pipeline";

export interface FargateServiceProps {
  /** Prefix of every resource name, `${project}-${environment}` (e.g. `acme-staging`). */
  readonly name: string;

  /**
   * The service's short name: its Cloud Map name (`api.<namespace>`), and the suffix of its
   * resource names. A DNS label: lowercase letters, digits and hyphens, at most 20 characters.
   */
  readonly serviceName: string;

  /** The AWS region (for the log driver, and the roles' `aws:SourceArn` condition). */
  readonly region: string;

  /**
   * The AWS account the service runs in (12 digits): only ECS tasks of this account, in
   * `region`, may assume the service's roles (`aws:SourceAccount` and `aws:SourceArn`).
   */
  readonly accountId: string;

  /** The VPC and its subnets; a `Vpc2Az` fits. */
  readonly network: FargateNetwork;

  /**
   * Which subnets the tasks run in. `public` gives each task a public IP (about $3.65 a month
   * each) and needs no NAT; `private` needs the VPC's NAT egress.
   * @default "public"
   */
  readonly subnets?: ServiceSubnets;

  /**
   * An existing cluster to run in; it must have the FARGATE and FARGATE_SPOT capacity providers.
   * @default - a cluster named after `name`, with both Fargate capacity providers
   */
  readonly cluster?: FargateClusterRef;

  /**
   * CloudWatch Container Insights on the created cluster (per-task metrics, billed as custom
   * metrics and log ingestion). Only without `cluster`.
   * @default false
   */
  readonly containerInsights?: boolean;

  /**
   * Register the tasks in Cloud Map (SRV and A records), so API Gateway's VPC link and other
   * services in the VPC find them (`internalDnsName`). Off, the module creates no namespace, no
   * Cloud Map service and no registry, and `cloudMapServiceArn` is undefined: for a service
   * reached only through `loadBalancerTargets`, or a worker no one calls.
   * @default true
   */
  readonly serviceDiscovery?: boolean;

  /**
   * An existing Cloud Map private DNS namespace to register in, shared by the environment's
   * services. Only with `serviceDiscovery`.
   * @default - a namespace named `namespaceName`, in `network.vpcId`
   */
  readonly namespace?: NamespaceRef;

  /**
   * The name of the namespace created when `namespace` is not given. Only with `serviceDiscovery`.
   * @default `${name}.internal`
   */
  readonly namespaceName?: string;

  /**
   * The image to run, from elsewhere: a full URI with a version tag or digest. Exclusive with
   * `imageTag`. A private ECR image's repository gets pull rights in the execution role.
   * @default - an ECR repository is created, and `imageTag` names the image in it
   */
  readonly imageUri?: string;

  /**
   * The tag of the image to run from the service's own ECR repository (tags are immutable, so
   * each build pushes a new one). Exclusive with `imageUri`.
   * @default - required unless `imageUri` is given
   */
  readonly imageTag?: string;

  /**
   * A Secrets Manager secret holding the credentials of the registry `imageUri` is in (Docker Hub,
   * a private registry): a JSON value `{"username": "...", "password": "..."}`, read by ECS at
   * each task start. The full secret ARN, with the 6 characters AWS appends to its name. The app
   * container gets `repositoryCredentials`, and the execution role may read exactly this secret.
   * Only with `imageUri`, and not for an ECR image (ECR images are pulled with the execution
   * role's ECR permissions).
   * @default - the image is pulled without credentials (anonymously, outside ECR)
   */
  readonly registryCredentialsSecretArn?: string;

  /**
   * The customer-managed KMS key the registry credentials secret is encrypted with (a key ARN,
   * not an alias): the execution role may decrypt with it, only through Secrets Manager in the
   * secret's region (`kms:ViaService`). Only with `registryCredentialsSecretArn`.
   * @default - the secret uses the AWS managed key `aws/secretsmanager`, which needs no grant
   */
  readonly registryCredentialsKmsKeyArn?: string;

  /**
   * The ECR pull-through cache `imageUri` is an image of (an `EcrPullThroughCache`): the
   * execution role may pull from the cache's repositories and, for the first pull of an image,
   * create its repository and import it from upstream (`ecr:CreateRepository`,
   * `ecr:BatchImportUpstreamImage`), on those repositories only; the ECS service depends on the
   * cache's rule. Only with `imageUri`, which must start with
   * `<accountId>.dkr.ecr.<region>.amazonaws.com/<repositoryPrefix>/`.
   * @default - no cache: an ECR `imageUri` is pulled from its repository only
   */
  readonly pullThroughCache?: PullThroughCacheRef;

  /**
   * A second task definition, family `<name>-<serviceName>-oneoff`, for one-off commands
   * (migrations, management commands) started with `aws ecs run-task --overrides`: the app
   * container alone (no X-Ray sidecar, no port mappings, no health check) with the same image,
   * environment, secrets, size and roles, logging to the service's log group under the stream
   * prefix `oneoff`.
   * @default false
   */
  readonly oneOffTaskDefinition?: boolean;

  /**
   * Plain variables the one-off task gets on top of the service's: one of the same name (a
   * variable or a secret of the service's) is replaced. Only with `oneOffTaskDefinition`.
   * @default {} - the service's variables
   */
  readonly oneOffEnvironment?: Readonly<Record<string, string>>;

  /**
   * Secrets the one-off task gets on top of the service's (a migration identity: the database
   * owner's user and password, say), replacing any variable or secret of the same name. The
   * execution role may read them too (it starts both task definitions). Only with
   * `oneOffTaskDefinition`.
   * @default {} - the service's secrets
   */
  readonly oneOffSecrets?: Readonly<Record<string, ContainerSecret>>;

  /**
   * Who moves the running service to a new image. `"pipeline"`: Terraform creates the first
   * task definition revision and the service, then ignores the service's `task_definition`
   * (and, with autoscaling, `desired_count` as before) and keeps the revisions it replaces
   * registered; the application's CI registers revisions of `family` and updates the service.
   * Configuration changes made here (environment, secrets, size) then register a new revision
   * the service does not run until the CI's next deploy copies it: the CI must copy the family's
   * latest registered revision, not the service's current one.
   * @default "terraform" - an apply moves the service to the task definition it describes
   */
  readonly imageUpdates?: ImageUpdates;

  /**
   * How many images the ECR repository keeps; older ones are expired.
   * @default 20
   */
  readonly keepImages?: number;

  /**
   * Terraform `prevent_destroy` on the ECR repository, so a mistaken destroy cannot take the
   * images with it.
   * @default false
   */
  readonly retainRepository?: boolean;

  /**
   * The task's CPU architecture. The image must be built for it.
   * @default "ARM64" - about 20% cheaper than X86_64
   */
  readonly cpuArchitecture?: CpuArchitecture;

  /**
   * CPU units of the task (1024 = 1 vCPU): 256, 512, 1024, 2048, 4096, 8192 or 16384.
   * @default 256
   */
  readonly cpuUnits?: number;

  /**
   * Memory of the task in MiB; one of the sizes Fargate accepts for `cpuUnits`.
   * @default 512
   */
  readonly memoryMiB?: number;

  /** The port the application listens on (TCP). */
  readonly containerPort: number;

  /**
   * Plain environment variables. Never secrets: names that look like one (`*_PASSWORD`,
   * `*_SECRET`, `*_TOKEN`, `*_API_KEY`, ...) are refused here and belong in `secrets`.
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;

  /**
   * Secrets as environment variables, each read by ECS from Parameter Store or Secrets Manager
   * at task start. The execution role may read exactly these and nothing else.
   * @default {}
   */
  readonly secrets?: Readonly<Record<string, ContainerSecret>>;

  /**
   * The container health check command, as ECS takes it (`["CMD-SHELL", "..."]` or `["CMD", ...]`).
   * An unhealthy task is replaced, and a deployment whose tasks never get healthy is rolled back.
   * @default ["CMD-SHELL", "curl -fsS http://localhost:<containerPort>/health || exit 1"] - the image needs curl and a /health route
   */
  readonly healthCheckCommand?: readonly string[];

  /**
   * Seconds a new task has before failed health checks count.
   * @default 60
   */
  readonly healthCheckStartPeriodSeconds?: number;

  /**
   * Mount the container's root filesystem read-only; `/tmp` stays writable.
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;

  /**
   * Run the X-Ray daemon as a sidecar; the app finds it at `AWS_XRAY_DAEMON_ADDRESS`.
   * @default true
   */
  readonly xraySidecar?: boolean;

  /**
   * The X-Ray daemon's image, pinned by digest (`<registry>/<repository>@sha256:<64 hex>`).
   * @default XRAY_DAEMON_IMAGE - release 3.7.0 of public.ecr.aws/xray/aws-xray-daemon
   */
  readonly xrayDaemonImage?: string;

  /**
   * Load balancer target groups the tasks register in (at most 5, ECS's limit): each adds a
   * `load_balancer` block (the app container and its port) to the ECS service, which then
   * depends on the target's listener. The tasks' security group still admits only the groups
   * you name: admit the load balancer's with `allowFrom`.
   * @default [] - no load balancer
   */
  readonly loadBalancerTargets?: readonly LoadBalancerTarget[];

  /**
   * Seconds a new task has before failing load balancer health checks count, from 0 up to
   * ECS's maximum of 2147483647. Keep it near the app's start-up time: a long one delays the
   * replacement (and rollback) of a task that never gets healthy. Only with `loadBalancerTargets`.
   * @default `healthCheckStartPeriodSeconds` (60 unless set) - the app's start-up time, which the container health check waits for too
   */
  readonly healthCheckGracePeriodSeconds?: number;

  /**
   * Retention of the service's log group, in days.
   * @default 30
   */
  readonly logRetentionDays?: number;

  /**
   * Tasks to run at creation. With autoscaling (`maxTasks` above `minTasks`), later applies leave
   * the running count to the scaler.
   * @default `minTasks`
   */
  readonly desiredCount?: number;

  /**
   * The fewest tasks autoscaling keeps.
   * @default 1
   */
  readonly minTasks?: number;

  /**
   * The most tasks autoscaling starts. Equal to `minTasks` means no autoscaling.
   * @default `minTasks`
   */
  readonly maxTasks?: number;

  /**
   * Average CPU utilization (percent) autoscaling aims for.
   * @default 60
   */
  readonly cpuTargetPercent?: number;

  /**
   * Average memory utilization (percent) autoscaling aims for.
   * @default 80
   */
  readonly memoryTargetPercent?: number;

  /**
   * Seconds between scaling in steps.
   * @default 300
   */
  readonly scaleInCooldownSeconds?: number;

  /**
   * Seconds between scaling out steps.
   * @default 60
   */
  readonly scaleOutCooldownSeconds?: number;

  /**
   * Tasks that always run on regular (on-demand) Fargate before weights apply.
   * @default 0
   */
  readonly onDemandBase?: number;

  /**
   * Relative share of tasks on regular Fargate.
   * @default 1
   */
  readonly onDemandWeight?: number;

  /**
   * Relative share of tasks on Fargate Spot (about 70% cheaper; interrupted with two minutes'
   * notice when AWS needs the capacity back). `spotWeight: 1, onDemandWeight: 0` runs all on Spot.
   * @default 0
   */
  readonly spotWeight?: number;

  /**
   * Security groups whose members may reach the container port (e.g. an API Gateway VPC link's,
   * or a load balancer's).
   * More can be added with `allowFrom`.
   * @default [] - nothing can reach the tasks
   */
  readonly allowedSecurityGroupIds?: readonly string[];

  /**
   * Let tasks open any outbound connection. Otherwise only HTTPS (443) to anywhere, plus what
   * `allowTo` adds (a database, say).
   * @default false
   */
  readonly allowAllOutbound?: boolean;

  /**
   * ECS Exec (`aws ecs execute-command`) into running tasks, for debugging. Adds the SSM
   * channel permissions to the task role.
   * @default false
   */
  readonly enableExecuteCommand?: boolean;
}
