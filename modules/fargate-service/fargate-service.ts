import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { EcsService, EcsServiceCapacityProviderStrategy } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { ServiceDiscoveryPrivateDnsNamespace } from "@cdktf/provider-aws/lib/service-discovery-private-dns-namespace";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { suppress } from "../../policies/suppressions";
import {
  ACCOUNT_ID_PATTERN,
  ecrRepositoryArnOf,
  partitionOf,
  SECRETS_MANAGER_ARN,
  SSM_PARAMETER_ARN,
} from "../shared/arn";
import { isKnownRegion, regionProblem } from "../shared/regions";
import { PropsValidator } from "../shared/errors";
import { inlinePolicy } from "../_internal/iam";
import { isValidNamePrefix, NAME_PREFIX_RULE, resourceName } from "../_internal/naming";
import { policyDocument, PolicyStatement } from "../_internal/policy";
import { httpsEgressAnywhere, replaceableSecurityGroup, tcpEgressToGroup, tcpIngressFromGroup } from "../_internal/security-group";

/** CPU architecture of the task. ARM64 (Graviton) costs about 20% less than X86_64 for the same size. */
export type CpuArchitecture = "ARM64" | "X86_64";

/** Which subnets the tasks run in: public (with a public IP, no NAT needed) or private (needs a NAT). */
export type ServiceSubnets = "public" | "private";

/**
 * Where a container secret comes from. Never the secret itself: ECS reads it at task start and
 * hands it to the container as an environment variable.
 * - `{ parameterArn }`: an SSM Parameter Store parameter (SecureString for secrets).
 * - `{ secretArn, jsonKey? }`: a Secrets Manager secret, or one key of its JSON value.
 */
export type ContainerSecret = { readonly parameterArn: string } | { readonly secretArn: string; readonly jsonKey?: string };

/** What the service needs of the network. `Vpc2Az` has all of it. */
export interface FargateNetwork {
  readonly vpcId: string;
  readonly publicSubnetIds: readonly string[];
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

/** The CPU units Fargate offers, and the memory sizes (MiB) each accepts. */
export const FARGATE_SIZES: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

/** The name of the application container in the task definition. */
export const APP_CONTAINER_NAME = "app";
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
const DIGEST_PINNED_IMAGE = /^[a-z0-9.-]+(?::\d+)?\/[a-z0-9._/-]+@sha256:[a-f0-9]{64}$/;

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
   * An existing Cloud Map private DNS namespace to register in, shared by the environment's services.
   * @default - a namespace named `namespaceName`, in `network.vpcId`
   */
  readonly namespace?: NamespaceRef;

  /**
   * The name of the namespace created when `namespace` is not given.
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
   * Security groups whose members may reach the container port (e.g. an API Gateway VPC link's).
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

/**
 * An application container on ECS Fargate, reached through Cloud Map (SRV and A records) and
 * no load balancer: ECR repository, task definition with an X-Ray sidecar, least-privilege
 * roles, security group, service with rollback on failed deployments, and autoscaling.
 */
export class FargateService extends Construct {
  readonly cluster: FargateClusterRef;
  readonly namespace: NamespaceRef;
  readonly service: EcsService;
  /** The ECS service's name. */
  readonly serviceName: string;
  readonly taskDefinition: EcsTaskDefinition;
  readonly containerPort: number;
  readonly securityGroup: SecurityGroup;
  readonly securityGroupId: string;
  /** The role the application runs as: grant it what the app needs with `grantTaskRole`. */
  readonly taskRole: IamRole;
  /** The role ECS uses to start tasks: pull the image, write logs, read the secrets. */
  readonly executionRole: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  readonly cloudMapService: ServiceDiscoveryService;
  readonly cloudMapServiceArn: string;
  /** The service's DNS name inside the VPC: `<serviceName>.<namespace>`. */
  readonly internalDnsName: string;
  /** The ECR repository (only when the module created it). */
  readonly repository?: EcrRepository;
  /** The repository URL to push images to (only when the module created the repository). */
  readonly repositoryUrl?: string;
  /** The autoscaling target (only when `maxTasks` is above `minTasks`). */
  readonly scalingTarget?: AppautoscalingTarget;
  /** The fewest tasks the service runs. */
  readonly minTasks: number;
  /** Whether the cluster this module created has Container Insights (false for a cluster passed in: unknown). */
  readonly containerInsights: boolean;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const s = validate(this, props);
    const prefix = resourceName(props.name, props.serviceName);
    this.minTasks = s.minTasks;
    this.containerInsights = props.cluster === undefined && s.containerInsights;
    this.containerPort = props.containerPort;

    // Cluster, with both Fargate capacity providers, unless one is given.
    let capacityProviders: EcsClusterCapacityProviders | undefined;
    if (props.cluster) {
      this.cluster = props.cluster;
    } else {
      const cluster = new EcsCluster(this, "Cluster", {
        name: props.name,
        setting: [{ name: "containerInsights", value: s.containerInsights ? "enabled" : "disabled" }],
        tags: { Name: props.name },
      });
      capacityProviders = new EcsClusterCapacityProviders(this, "ClusterCapacityProviders", {
        clusterName: cluster.name,
        capacityProviders: ["FARGATE", "FARGATE_SPOT"],
        defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }],
      });
      this.cluster = cluster;
    }

    this.namespace =
      props.namespace ??
      new ServiceDiscoveryPrivateDnsNamespace(this, "Namespace", {
        name: s.namespaceName,
        vpc: props.network.vpcId,
        description: `Service discovery for ${props.name}`,
        tags: { Name: s.namespaceName },
      });

    // Image: the module's own repository, or an image from elsewhere.
    let image: string;
    const pullRepositoryArns: string[] = [];
    if (props.imageTag !== undefined) {
      const repository = new EcrRepository(this, "Repository", {
        name: `${props.name}/${props.serviceName}`,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: "AES256" }],
        forceDelete: false,
        lifecycle: s.retainRepository ? { preventDestroy: true } : undefined,
        tags: { Name: prefix },
      });
      new EcrLifecyclePolicy(this, "RepositoryLifecycle", {
        repository: repository.name,
        policy: JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              description: `Keep the last ${s.keepImages} images`,
              selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: s.keepImages },
              action: { type: "expire" },
            },
          ],
        }),
      });
      this.repository = repository;
      this.repositoryUrl = repository.repositoryUrl;
      image = `${repository.repositoryUrl}:${props.imageTag}`;
      pullRepositoryArns.push(repository.arn);
    } else {
      image = props.imageUri!;
      const arn = ecrRepositoryArnOf(image);
      if (arn) pullRepositoryArns.push(arn);
    }

    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: `/${props.name}/ecs/${props.serviceName}`,
      retentionInDays: s.logRetentionDays,
      tags: { Name: prefix },
    });

    // Roles, which only ECS tasks of the service's own account and region may assume.
    const trust = { region: props.region, accountId: props.accountId };
    this.executionRole = ecsTasksRole(this, "ExecutionRole", {
      name: `${prefix}-execution`,
      description: `ECS starts ${prefix} tasks with this role: image pull, logs, secrets`,
      ...trust,
    });
    const executionPolicy = inlinePolicy(this, "ExecutionRolePolicy", this.executionRole, "start-tasks", [
      ...executionStatements(pullRepositoryArns, this.logGroup.arn),
      ...secretStatements(props.secrets ?? {}),
    ]);
    this.taskRole = ecsTasksRole(this, "TaskRole", {
      name: `${prefix}-task`,
      description: `The ${prefix} application runs as this role`,
      ...trust,
    });
    const taskStatements: PolicyStatement[] = [];
    if (s.xraySidecar) {
      taskStatements.push({
        Sid: "WriteTraces",
        Effect: "Allow",
        // X-Ray has no resource-level permissions for these actions.
        Action: [
          "xray:PutTraceSegments",
          "xray:PutTelemetryRecords",
          "xray:GetSamplingRules",
          "xray:GetSamplingTargets",
          "xray:GetSamplingStatisticSummaries",
        ],
        Resource: "*",
      });
    }
    if (s.enableExecuteCommand) {
      taskStatements.push(
        {
          Sid: "EcsExecChannels",
          Effect: "Allow",
          Action: [
            "ssmmessages:CreateControlChannel",
            "ssmmessages:CreateDataChannel",
            "ssmmessages:OpenControlChannel",
            "ssmmessages:OpenDataChannel",
          ],
          Resource: "*",
        },
        // Exec sessions are logged to the service's log group; the agent looks the group up first.
        { Sid: "EcsExecFindLogGroup", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
        {
          Sid: "EcsExecSessionLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
          Resource: `${this.logGroup.arn}:*`,
        },
      );
    }
    if (taskStatements.length > 0) inlinePolicy(this, "TaskRolePolicy", this.taskRole, "service-features", taskStatements);

    this.taskDefinition = new EcsTaskDefinition(this, "TaskDefinition", {
      family: prefix,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(s.cpuUnits),
      memory: String(s.memoryMiB),
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: s.cpuArchitecture },
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      volume: taskVolumes(s).map((name) => ({ name })),
      containerDefinitions: JSON.stringify(
        containerDefinitions({ props, settings: s, image, logGroupName: this.logGroup.name }),
      ),
      tags: { Name: prefix },
    });

    this.securityGroup = replaceableSecurityGroup(this, "SecurityGroup", {
      name: prefix,
      description: `${prefix} tasks: the container port from named groups only`,
      vpcId: props.network.vpcId,
    });
    this.securityGroupId = this.securityGroup.id;
    (props.allowedSecurityGroupIds ?? []).forEach((groupId, i) => {
      this.allowFrom(`AllowedGroup${i}`, { securityGroupId: groupId }, "Allowed by the service's props");
    });
    if (s.allowAllOutbound) {
      new VpcSecurityGroupEgressRule(this, "EgressAll", {
        securityGroupId: this.securityGroup.id,
        description: "Any outbound connection",
        ipProtocol: "-1",
        cidrIpv4: "0.0.0.0/0",
      });
    } else {
      httpsEgressAnywhere(this, "EgressHttps", this.securityGroup.id, "HTTPS: image pulls, AWS APIs, third-party APIs");
    }

    this.cloudMapService = new ServiceDiscoveryService(this, "CloudMapService", {
      name: props.serviceName,
      description: `${prefix} tasks`,
      dnsConfig: {
        namespaceId: this.namespace.id,
        routingPolicy: "MULTIVALUE",
        // SRV for API Gateway's integration (it needs the port), A for services calling each other.
        dnsRecords: [
          { type: "SRV", ttl: 10 },
          { type: "A", ttl: 10 },
        ],
      },
      // ECS reports task health to Cloud Map itself.
      healthCheckCustomConfig: { failureThreshold: 1 },
      tags: { Name: prefix },
    });
    this.cloudMapServiceArn = this.cloudMapService.arn;
    this.internalDnsName = `${props.serviceName}.${props.namespace ? props.namespace.name : s.namespaceName}`;

    const autoscaling = s.maxTasks > s.minTasks;
    const dependsOn: ITerraformDependable[] = [executionPolicy];
    if (capacityProviders) dependsOn.push(capacityProviders);
    const service = new EcsService(this, "Service", {
      name: prefix,
      cluster: this.cluster.arn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: s.desiredCount,
      capacityProviderStrategy: capacityStrategy(s),
      platformVersion: "LATEST",
      networkConfiguration: {
        subnets: [...(s.subnets === "public" ? props.network.publicSubnetIds : props.network.privateSubnetIds)],
        securityGroups: [this.securityGroup.id],
        assignPublicIp: s.subnets === "public",
      },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      // New tasks start before old ones stop: no capacity dip during a deployment.
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      serviceRegistries: {
        registryArn: this.cloudMapService.arn,
        containerName: APP_CONTAINER_NAME,
        containerPort: props.containerPort,
      },
      enableExecuteCommand: s.enableExecuteCommand,
      // Lets a changed capacity provider strategy (Spot weights) update the service with a new
      // deployment instead of replacing it, and rolls tasks onto new platform versions.
      forceNewDeployment: true,
      propagateTags: "SERVICE",
      enableEcsManagedTags: true,
      // Apply does not wait for tasks to become healthy; a rolled-back deployment shows in the
      // service's events (and its alarms), not as a failed apply.
      waitForSteadyState: false,
      // With autoscaling, the scaler owns the running count: an apply must not reset it.
      lifecycle: autoscaling ? { ignoreChanges: ["desired_count"] } : undefined,
      dependsOn,
      tags: { Name: prefix },
    });
    this.service = service;
    if (s.subnets === "public") {
      suppress(service, [
        {
          id: "ecs-service-no-public-ip",
          reason:
            "Tasks run in public subnets with a public IP so they pull images and reach AWS without paying for NAT; their security group admits only the named security groups (the API's VPC link), never the internet.",
        },
      ]);
    }
    this.serviceName = this.service.name;

    if (autoscaling) {
      this.scalingTarget = new AppautoscalingTarget(this, "ScalingTarget", {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: `service/${this.cluster.name}/${this.service.name}`,
        minCapacity: s.minTasks,
        maxCapacity: s.maxTasks,
      });
      const metrics = [
        ["Cpu", "ECSServiceAverageCPUUtilization", s.cpuTargetPercent],
        ["Memory", "ECSServiceAverageMemoryUtilization", s.memoryTargetPercent],
      ] as const;
      for (const [suffix, metric, target] of metrics) {
        new AppautoscalingPolicy(this, `Scaling${suffix}`, {
          name: `${prefix}-${suffix.toLowerCase()}`,
          policyType: "TargetTrackingScaling",
          serviceNamespace: this.scalingTarget.serviceNamespace,
          scalableDimension: this.scalingTarget.scalableDimension,
          resourceId: this.scalingTarget.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            targetValue: target,
            predefinedMetricSpecification: { predefinedMetricType: metric },
            scaleInCooldown: s.scaleInCooldownSeconds,
            scaleOutCooldown: s.scaleOutCooldownSeconds,
          },
        });
      }
    }
  }

  /** Lets a security group's members reach the container port. Returns the rule. */
  allowFrom(id: string, peer: SecurityGroupPeer, description: string): VpcSecurityGroupIngressRule {
    return tcpIngressFromGroup(this, `Ingress${id}`, {
      securityGroupId: this.securityGroup.id,
      peerSecurityGroupId: peer.securityGroupId,
      port: this.containerPort,
      description,
    });
  }

  /** Lets the tasks open connections to a security group's members on one TCP port. Returns the rule. */
  allowTo(id: string, peer: SecurityGroupPeer, port: number, description: string): VpcSecurityGroupEgressRule {
    return tcpEgressToGroup(this, `Egress${id}`, { securityGroupId: this.securityGroup.id, peerSecurityGroupId: peer.securityGroupId, port, description });
  }

  /**
   * Grants the application (its task role) what it needs, e.g. a bucket's objects. Returns the
   * inline policy, named `<id>` in kebab case.
   */
  grantTaskRole(id: string, statements: readonly PolicyStatement[]): IamRolePolicy {
    return inlinePolicy(this, `Grant${id}`, this.taskRole, kebab(id), statements);
  }
}

interface Settings {
  readonly subnets: ServiceSubnets;
  readonly containerInsights: boolean;
  readonly namespaceName: string;
  readonly keepImages: number;
  readonly retainRepository: boolean;
  readonly cpuArchitecture: CpuArchitecture;
  readonly cpuUnits: number;
  readonly memoryMiB: number;
  readonly healthCheckCommand: readonly string[];
  readonly healthCheckStartPeriodSeconds: number;
  readonly readonlyRootFilesystem: boolean;
  readonly xraySidecar: boolean;
  readonly xrayDaemonImage: string;
  readonly logRetentionDays: number;
  readonly desiredCount: number;
  readonly minTasks: number;
  readonly maxTasks: number;
  readonly cpuTargetPercent: number;
  readonly memoryTargetPercent: number;
  readonly scaleInCooldownSeconds: number;
  readonly scaleOutCooldownSeconds: number;
  readonly onDemandBase: number;
  readonly onDemandWeight: number;
  readonly spotWeight: number;
  readonly allowAllOutbound: boolean;
  readonly enableExecuteCommand: boolean;
}

/** Volumes mounted writable into the app container: /tmp always; the SSM agent's folders for ECS Exec on a read-only root. */
const EXEC_AGENT_MOUNTS: readonly (readonly [string, string])[] = [
  ["ssm-agent-lib", "/var/lib/amazon"],
  ["ssm-agent-log", "/var/log/amazon"],
  ["managed-agents", "/managed-agents"],
];

function taskVolumes(s: Settings): string[] {
  const execMounts = s.enableExecuteCommand && s.readonlyRootFilesystem ? EXEC_AGENT_MOUNTS.map(([name]) => name) : [];
  return ["tmp", ...execMounts];
}

function containerDefinitions(input: {
  props: FargateServiceProps;
  settings: Settings;
  image: string;
  logGroupName: string;
}): object[] {
  const { props, settings: s, image, logGroupName } = input;
  const logging = (streamPrefix: string) => ({
    logDriver: "awslogs",
    options: {
      "awslogs-group": logGroupName,
      "awslogs-region": props.region,
      "awslogs-stream-prefix": streamPrefix,
      // A full log buffer must never stall the application.
      mode: "non-blocking",
      "max-buffer-size": "25m",
    },
  });
  const environment: Record<string, string> = { ...props.environment };
  if (s.xraySidecar && environment.AWS_XRAY_DAEMON_ADDRESS === undefined) {
    environment.AWS_XRAY_DAEMON_ADDRESS = "127.0.0.1:2000";
  }
  const execMounts = s.enableExecuteCommand && s.readonlyRootFilesystem ? EXEC_AGENT_MOUNTS : [];
  const app = {
    name: APP_CONTAINER_NAME,
    image,
    essential: true,
    portMappings: [{ name: "http", containerPort: props.containerPort, protocol: "tcp" }],
    environment: Object.entries(environment)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value })),
    secrets: Object.entries(props.secrets ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, secret]) => ({ name, valueFrom: valueFromOf(secret) })),
    readonlyRootFilesystem: s.readonlyRootFilesystem,
    mountPoints: [
      { sourceVolume: "tmp", containerPath: "/tmp", readOnly: false },
      ...execMounts.map(([sourceVolume, containerPath]) => ({ sourceVolume, containerPath, readOnly: false })),
    ],
    // An init process reaps zombies and forwards signals; ECS Exec needs it too.
    linuxParameters: { initProcessEnabled: true },
    healthCheck: {
      command: [...s.healthCheckCommand],
      interval: 30,
      timeout: 5,
      retries: 3,
      startPeriod: s.healthCheckStartPeriodSeconds,
    },
    logConfiguration: logging(APP_CONTAINER_NAME),
  };
  if (!s.xraySidecar) return [app];
  const xray = {
    name: "xray-daemon",
    image: s.xrayDaemonImage,
    essential: false,
    cpu: 32,
    memoryReservation: 64,
    portMappings: [{ containerPort: 2000, protocol: "udp" }],
    readonlyRootFilesystem: true,
    logConfiguration: logging("xray-daemon"),
  };
  return [app, xray];
}

/**
 * A role only ECS tasks may assume, and only on behalf of the given account and region: the
 * trust carries `aws:SourceAccount` and `aws:SourceArn` (`arn:<partition>:ecs:<region>:<account>:*`,
 * the form AWS documents for ECS), against the confused deputy. No permissions until policies are added.
 */
function ecsTasksRole(
  scope: Construct,
  id: string,
  options: { readonly name: string; readonly description: string; readonly region: string; readonly accountId: string },
): IamRole {
  const { name, description, region, accountId } = options;
  return new IamRole(scope, id, {
    name,
    description,
    assumeRolePolicy: policyDocument([
      {
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ArnLike: { "aws:SourceArn": `arn:${partitionOf(region)}:ecs:${region}:${accountId}:*` },
        },
      },
    ]),
    tags: { Name: name },
  });
}

/** The ARN (with JSON key) ECS reads a secret from. */
function valueFromOf(secret: ContainerSecret): string {
  if ("parameterArn" in secret) return secret.parameterArn;
  return secret.jsonKey === undefined ? secret.secretArn : `${secret.secretArn}:${secret.jsonKey}::`;
}

function executionStatements(repositoryArns: readonly string[], logGroupArn: string): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: "WriteLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${logGroupArn}:*`,
    },
  ];
  if (repositoryArns.length > 0) {
    statements.push(
      // Registry login has no resource-level permission.
      { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Sid: "PullImage",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        Resource: [...repositoryArns],
      },
    );
  }
  return statements;
}

/** Read access to exactly the secrets the container gets. */
function secretStatements(secrets: Readonly<Record<string, ContainerSecret>>): PolicyStatement[] {
  const parameters = new Set<string>();
  const secretArns = new Set<string>();
  for (const secret of Object.values(secrets)) {
    if ("parameterArn" in secret) parameters.add(secret.parameterArn);
    else secretArns.add(secret.secretArn);
  }
  const statements: PolicyStatement[] = [];
  if (parameters.size > 0) {
    statements.push({ Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: [...parameters].sort() });
  }
  if (secretArns.size > 0) {
    statements.push({ Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [...secretArns].sort() });
  }
  return statements;
}

function capacityStrategy(s: Settings): EcsServiceCapacityProviderStrategy[] {
  const strategy: EcsServiceCapacityProviderStrategy[] = [];
  if (s.onDemandWeight > 0 || s.onDemandBase > 0) {
    strategy.push({ capacityProvider: "FARGATE", weight: s.onDemandWeight, base: s.onDemandBase });
  }
  if (s.spotWeight > 0) strategy.push({ capacityProvider: "FARGATE_SPOT", weight: s.spotWeight, base: 0 });
  return strategy;
}

/**
 * Reads a secret reference written as one ARN string (as configs hold them): an SSM parameter
 * ARN, or a Secrets Manager secret ARN optionally followed by `:<json key>::`. Returns undefined
 * for anything else, including a value that may be the secret itself.
 */
export function containerSecretFromArn(arn: string): ContainerSecret | undefined {
  if (SSM_PARAMETER_ARN.test(arn)) return { parameterArn: arn };
  const parts = arn.split(":");
  const secretArn = parts.slice(0, 7).join(":");
  if (!SECRETS_MANAGER_ARN.test(secretArn)) return undefined;
  if (parts.length === 7) return { secretArn };
  const [jsonKey = "", versionStage = "", versionId = "", ...rest] = parts.slice(7);
  if (rest.length > 0 || versionStage !== "" || versionId !== "" || !/^[A-Za-z0-9_.-]+$/.test(jsonKey)) return undefined;
  return { secretArn, jsonKey };
}

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

function kebab(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

const SERVICE_NAME = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Variable names that hold secrets by convention; their values belong in `secrets`. */
const SECRET_LOOKING_NAME = /(^|_)(PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|PRIVATE_KEY|ACCESS_KEY|CREDENTIALS?)(_|$)/i;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

function validate(scope: Construct, props: FargateServiceProps): Settings {
  const v = new PropsValidator(scope, "FargateService");
  v.requireLiterals(props, ["name", "serviceName", "containerPort", "cpuUnits", "memoryMiB", "minTasks", "maxTasks", "subnets", "imageTag"]);

  v.check(isValidNamePrefix(props.name), "name", NAME_PREFIX_RULE, props.name);
  v.check(
    SERVICE_NAME.test(props.serviceName),
    "serviceName",
    'must be a DNS label of 2 to 20 lowercase letters, digits and hyphens, starting with a letter (e.g. "api")',
    props.serviceName,
  );
  v.check(isKnownRegion(props.region), "region", regionProblem(props.region) ?? "", props.region);
  v.check(ACCOUNT_ID_PATTERN.test(props.accountId), "accountId", 'must be a 12-digit AWS account id (e.g. "123456789012")', props.accountId);

  const subnets = props.subnets ?? "public";
  v.check(subnets === "public" || subnets === "private", "subnets", 'must be "public" or "private"', subnets);
  const subnetIds = subnets === "public" ? props.network.publicSubnetIds : props.network.privateSubnetIds;
  v.check(
    Token.isUnresolved(subnetIds) || subnetIds.length > 0,
    `network.${subnets}SubnetIds`,
    `must list at least one subnet for subnets "${subnets}"`,
    subnetIds,
  );
  if (subnets === "private" && props.network.egress === "none") {
    v.fail(
      "subnets",
      'can be "private" only when the VPC has NAT egress (network.egress is "none": tasks there could not pull images or reach AWS APIs); use "public" or give the VPC a NAT',
      subnets,
    );
  }

  if (props.cluster && props.containerInsights !== undefined) {
    v.fail("containerInsights", "applies only to the cluster the module creates; set it on the cluster you pass", props.containerInsights);
  }
  const namespaceName = props.namespaceName ?? `${props.name}.internal`;
  if (props.namespace && props.namespaceName !== undefined) {
    v.fail("namespaceName", "applies only to the namespace the module creates; drop it when passing namespace", props.namespaceName);
  }
  v.check(DNS_NAME.test(namespaceName), "namespaceName", 'must be a DNS name such as "acme-staging.internal"', namespaceName);

  // Image
  const hasUri = props.imageUri !== undefined;
  v.checkExactlyOne(
    ["imageTag", props.imageTag],
    ["imageUri", props.imageUri],
    "imageTag for the service's own ECR repository, or imageUri for an image elsewhere",
  );
  if (props.imageTag !== undefined) {
    v.check(IMAGE_TAG.test(props.imageTag), "imageTag", "must be a Docker tag: letters, digits, _ . -, at most 128 characters", props.imageTag);
    v.check(
      props.imageTag !== "latest",
      "imageTag",
      'must name a version, not "latest": the repository\'s tags are immutable, and a moving tag makes deploys unrepeatable',
      props.imageTag,
    );
  }
  if (props.imageUri !== undefined && !Token.isUnresolved(props.imageUri)) {
    const pinned = /(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/.exec(props.imageUri.replace(/^[^/]*\//, ""));
    v.check(pinned !== null, "imageUri", "must end in a version tag or a digest (repository:1.2.3 or repository@sha256:...)", props.imageUri);
    v.check(!/:latest$/.test(props.imageUri), "imageUri", 'must pin a version, not "latest": a moving tag makes deploys unrepeatable', props.imageUri);
  }
  const keepImages = props.keepImages ?? 20;
  v.checkWholeNumber("keepImages", keepImages, 1, 1000);
  if (hasUri && props.keepImages !== undefined) v.fail("keepImages", "applies only to the ECR repository created with imageTag", props.keepImages);
  if (hasUri && props.retainRepository !== undefined) {
    v.fail("retainRepository", "applies only to the ECR repository created with imageTag", props.retainRepository);
  }

  // Size
  const cpuArchitecture = props.cpuArchitecture ?? "ARM64";
  v.check(cpuArchitecture === "ARM64" || cpuArchitecture === "X86_64", "cpuArchitecture", 'must be "ARM64" or "X86_64"', cpuArchitecture);
  const cpuUnits = props.cpuUnits ?? 256;
  const memoryMiB = props.memoryMiB ?? 512;
  const validMemory = FARGATE_SIZES[cpuUnits];
  if (validMemory === undefined) {
    v.fail("cpuUnits", `must be one of the CPU sizes Fargate offers: ${Object.keys(FARGATE_SIZES).join(", ")}`, cpuUnits);
  } else {
    v.check(
      validMemory.includes(memoryMiB),
      "memoryMiB",
      `must be one of the sizes Fargate accepts with cpuUnits ${cpuUnits}: ${validMemory.join(", ")}`,
      memoryMiB,
    );
  }

  // Container
  v.checkWholeNumber("containerPort", props.containerPort, 1, 65535);
  const environment = props.environment ?? {};
  const secrets = props.secrets ?? {};
  for (const [key, value] of Object.entries(environment)) {
    v.check(ENV_NAME.test(key), `environment.${key}`, "must be a variable name: letters, digits and _, not starting with a digit", key);
    if (SECRET_LOOKING_NAME.test(key) && !Token.isUnresolved(value)) {
      v.fail(
        `environment.${key}`,
        "looks like a secret; pass it through secrets (a Parameter Store or Secrets Manager ARN), never as a plain value",
        "a plain value (not shown)",
      );
    }
    if (key in secrets) v.fail(`environment.${key}`, "is also in secrets; a variable comes from one or the other", key);
  }
  for (const [key, secret] of Object.entries(secrets)) {
    v.check(ENV_NAME.test(key), `secrets.${key}`, "must be a variable name: letters, digits and _, not starting with a digit", key);
    if ("parameterArn" in secret) {
      v.check(
        Token.isUnresolved(secret.parameterArn) || SSM_PARAMETER_ARN.test(secret.parameterArn),
        `secrets.${key}.parameterArn`,
        "must be the ARN of an SSM parameter (arn:aws:ssm:<region>:<account>:parameter/<name>), never the secret itself",
        "a value that is not such an ARN (not shown: it may be the secret)",
      );
    } else if ("secretArn" in secret) {
      v.check(
        Token.isUnresolved(secret.secretArn) || SECRETS_MANAGER_ARN.test(secret.secretArn),
        `secrets.${key}.secretArn`,
        "must be the full ARN of a Secrets Manager secret, with the 6-character suffix AWS adds to its name (arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf), never the secret itself",
        "a value that is not such an ARN (not shown: it may be the secret)",
      );
      if (secret.jsonKey !== undefined) {
        v.check(/^[A-Za-z0-9_.-]+$/.test(secret.jsonKey), `secrets.${key}.jsonKey`, "must be a JSON key of letters, digits, _ . -", secret.jsonKey);
      }
    } else {
      v.fail(`secrets.${key}`, "must be { parameterArn } or { secretArn, jsonKey? }", "an object with neither");
    }
  }
  const healthCheckCommand = props.healthCheckCommand ?? [
    "CMD-SHELL",
    `curl -fsS http://localhost:${props.containerPort}/health || exit 1`,
  ];
  v.check(
    healthCheckCommand.length >= 2 && (healthCheckCommand[0] === "CMD" || healthCheckCommand[0] === "CMD-SHELL"),
    "healthCheckCommand",
    'must start with "CMD" or "CMD-SHELL" followed by the command',
    healthCheckCommand,
  );
  const healthCheckStartPeriodSeconds = props.healthCheckStartPeriodSeconds ?? 60;
  v.checkWholeNumber("healthCheckStartPeriodSeconds", healthCheckStartPeriodSeconds, 0, 300, {
    unit: "seconds",
    why: "the most ECS allows",
  });
  const logRetentionDays = props.logRetentionDays ?? 30;
  v.checkLogRetention("logRetentionDays", logRetentionDays);

  // Counts and scaling
  const minTasks = props.minTasks ?? 1;
  const maxTasks = props.maxTasks ?? minTasks;
  const desiredCount = props.desiredCount ?? minTasks;
  v.checkWholeNumber("minTasks", minTasks, 0, 1000);
  v.checkWholeNumber("maxTasks", maxTasks, 0, 1000);
  v.check(minTasks <= maxTasks, "minTasks", `must be at most maxTasks (${maxTasks})`, minTasks);
  v.check(
    Number.isInteger(desiredCount) && desiredCount >= minTasks && desiredCount <= maxTasks,
    "desiredCount",
    `must be a whole number from minTasks (${minTasks}) to maxTasks (${maxTasks})`,
    desiredCount,
  );
  const cpuTargetPercent = props.cpuTargetPercent ?? 60;
  const memoryTargetPercent = props.memoryTargetPercent ?? 80;
  for (const [prop, value] of [
    ["cpuTargetPercent", cpuTargetPercent],
    ["memoryTargetPercent", memoryTargetPercent],
  ] as const) {
    v.check(value >= 10 && value <= 95, prop, "must be a percentage from 10 to 95", value);
  }
  const scaleInCooldownSeconds = props.scaleInCooldownSeconds ?? 300;
  const scaleOutCooldownSeconds = props.scaleOutCooldownSeconds ?? 60;
  for (const [prop, value] of [
    ["scaleInCooldownSeconds", scaleInCooldownSeconds],
    ["scaleOutCooldownSeconds", scaleOutCooldownSeconds],
  ] as const) {
    v.checkWholeNumber(prop, value, 0, 3600, { unit: "seconds" });
  }

  // Capacity providers
  const onDemandBase = props.onDemandBase ?? 0;
  const onDemandWeight = props.onDemandWeight ?? 1;
  const spotWeight = props.spotWeight ?? 0;
  for (const [prop, value, max] of [
    ["onDemandBase", onDemandBase, 100000],
    ["onDemandWeight", onDemandWeight, 1000],
    ["spotWeight", spotWeight, 1000],
  ] as const) {
    v.checkWholeNumber(prop, value, 0, max);
  }
  v.check(
    onDemandWeight > 0 || spotWeight > 0,
    "spotWeight",
    "or onDemandWeight must be above 0, or no task has anywhere to run",
    spotWeight,
  );

  const xrayDaemonImage = props.xrayDaemonImage ?? XRAY_DAEMON_IMAGE;
  v.check(
    DIGEST_PINNED_IMAGE.test(xrayDaemonImage),
    "xrayDaemonImage",
    "must be pinned by digest, <registry>/<repository>@sha256:<64 hex digits> (a tag can be moved to other content); find the digest with docker buildx imagetools inspect <image>:<version>",
    xrayDaemonImage,
  );
  v.throwIfInvalid();
  return {
    subnets,
    containerInsights: props.containerInsights ?? false,
    namespaceName,
    keepImages,
    retainRepository: props.retainRepository ?? false,
    cpuArchitecture,
    cpuUnits,
    memoryMiB,
    healthCheckCommand,
    healthCheckStartPeriodSeconds,
    readonlyRootFilesystem: props.readonlyRootFilesystem ?? true,
    xraySidecar: props.xraySidecar ?? true,
    xrayDaemonImage,
    logRetentionDays,
    desiredCount,
    minTasks,
    maxTasks,
    cpuTargetPercent,
    memoryTargetPercent,
    scaleInCooldownSeconds,
    scaleOutCooldownSeconds,
    onDemandBase,
    onDemandWeight,
    spotWeight,
    allowAllOutbound: props.allowAllOutbound ?? false,
    enableExecuteCommand: props.enableExecuteCommand ?? false,
  };
}
