import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { suppress } from "../../policies/suppressions";
import { Grantee, GranteeRole } from "../shared/grants";
import { AlarmThresholds, kebabCase, Monitorable, MonitoringSpec } from "../shared/monitorable";
import { inlinePolicy } from "../_internal/iam";
import { resourceName } from "../_internal/naming";
import { PolicyStatement } from "../_internal/policy";
import { httpsEgressAnywhere, replaceableSecurityGroup, tcpEgressToGroup, tcpIngressFromGroup } from "../_internal/security-group";
import { APP_CONTAINER_NAME, containerDefinitions, taskVolumes } from "./container";
import { ecsTasksRole, executionStatements, secretStatements, taskFeatureStatements } from "./iam";
import { serviceImage } from "./image";
import { serviceMonitoringSpec } from "./monitoring";
import { capacityStrategy, serviceAutoscaling } from "./scaling";
import { ContainerSecret } from "./secrets";
import { cloudMapRegistration } from "./service-discovery";
import { validate } from "./validate";

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

/**
 * An application container on ECS Fargate, reached through Cloud Map (SRV and A records, for
 * API Gateway's VPC link and services calling each other), load balancer target groups, or
 * both: ECR repository, task definition with an X-Ray sidecar, least-privilege roles, security
 * group, service with rollback on failed deployments, and autoscaling. A {@link Grantee} (grants
 * go to its task role) and a {@link Monitorable}.
 */
export class FargateService extends Construct implements Grantee, Monitorable {
  readonly cluster: FargateClusterRef;
  /** The Cloud Map namespace the service registers in (undefined without `serviceDiscovery`). */
  readonly namespace: NamespaceRef | undefined;
  readonly service: EcsService;
  /** The ECS service's name. */
  readonly serviceName: string;
  readonly taskDefinition: EcsTaskDefinition;
  readonly containerPort: number;
  readonly securityGroup: SecurityGroup;
  readonly securityGroupId: string;
  /** The role the application runs as: grant it what the app needs (`grantRole`, `grantTaskRole`). */
  readonly taskRole: IamRole;
  /** The task role, as grants take it: `media.grantReadWrite(service)` puts its policy there. */
  readonly grantRole: GranteeRole;
  /** The role ECS uses to start tasks: pull the image, write logs, read the secrets. */
  readonly executionRole: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  /** The Cloud Map service (undefined without `serviceDiscovery`). */
  readonly cloudMapService: ServiceDiscoveryService | undefined;
  /** The Cloud Map service's ARN, what API Gateway's integration resolves (undefined without `serviceDiscovery`). */
  readonly cloudMapServiceArn: string | undefined;
  /** The service's DNS name inside the VPC, `<serviceName>.<namespace>` (undefined without `serviceDiscovery`). */
  readonly internalDnsName: string | undefined;
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

    // Image: the module's own repository, or an image from elsewhere.
    const image = serviceImage(this, props, s, prefix);
    this.repository = image.repository;
    this.repositoryUrl = image.repository?.repositoryUrl;

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
      ...executionStatements(image.pullRepositoryArns, this.logGroup.arn),
      ...secretStatements(props.secrets ?? {}),
    ]);
    this.taskRole = ecsTasksRole(this, "TaskRole", {
      name: `${prefix}-task`,
      description: `The ${prefix} application runs as this role`,
      ...trust,
    });
    // Grants go to the task role: its name, ARN (and id) are the role's own.
    this.grantRole = this.taskRole;
    const taskStatements = taskFeatureStatements({
      xraySidecar: s.xraySidecar,
      enableExecuteCommand: s.enableExecuteCommand,
      logGroupArn: this.logGroup.arn,
    });
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
      containerDefinitions: JSON.stringify(containerDefinitions({ props, settings: s, image: image.image, logGroupName: this.logGroup.name })),
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

    const cloudMap = s.serviceDiscovery ? cloudMapRegistration(this, props, s, prefix) : undefined;
    this.namespace = cloudMap?.namespace;
    this.cloudMapService = cloudMap?.service;
    this.cloudMapServiceArn = cloudMap?.service.arn;
    this.internalDnsName = cloudMap?.internalDnsName;

    const autoscaling = s.maxTasks > s.minTasks;
    const dependsOn: ITerraformDependable[] = [executionPolicy];
    if (capacityProviders) dependsOn.push(capacityProviders);
    // ECS refuses a target group no load balancer uses yet: wait for the listeners.
    for (const target of s.loadBalancerTargets) {
      if (target.listener !== undefined && !dependsOn.includes(target.listener)) dependsOn.push(target.listener);
    }
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
      serviceRegistries: cloudMap && {
        registryArn: cloudMap.service.arn,
        containerName: APP_CONTAINER_NAME,
        containerPort: props.containerPort,
      },
      loadBalancer:
        s.loadBalancerTargets.length === 0
          ? undefined
          : s.loadBalancerTargets.map((target) => ({
              targetGroupArn: target.targetGroupArn,
              containerName: APP_CONTAINER_NAME,
              containerPort: target.containerPort,
            })),
      healthCheckGracePeriodSeconds: s.healthCheckGracePeriodSeconds,
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
      this.scalingTarget = serviceAutoscaling(this, { prefix, clusterName: this.cluster.name, serviceName: this.service.name, settings: s });
    }
  }

  /**
   * Lets a security group's members reach the container port (a VPC link, a load balancer), or
   * another port of the app container that a load balancer target uses. Returns the rule.
   */
  allowFrom(id: string, peer: SecurityGroupPeer, description: string, port: number = this.containerPort): VpcSecurityGroupIngressRule {
    return tcpIngressFromGroup(this, `Ingress${id}`, {
      securityGroupId: this.securityGroup.id,
      peerSecurityGroupId: peer.securityGroupId,
      port,
      description,
    });
  }

  /** Lets the tasks open connections to a security group's members on one TCP port. Returns the rule. */
  allowTo(id: string, peer: SecurityGroupPeer, port: number, description: string): VpcSecurityGroupEgressRule {
    return tcpEgressToGroup(this, `Egress${id}`, { securityGroupId: this.securityGroup.id, peerSecurityGroupId: peer.securityGroupId, port, description });
  }

  /**
   * Grants the application (its task role) what it needs, e.g. a bucket's objects. Returns the
   * inline policy, named `<id>` in kebab case. Grants that take a {@link Grantee} use `grantRole` instead.
   */
  grantTaskRole(id: string, statements: readonly PolicyStatement[]): IamRolePolicy {
    return inlinePolicy(this, `Grant${id}`, this.taskRole, kebabCase(id), statements);
  }

  /**
   * The service's alarms (CPU and memory above the thresholds for five minutes, fewer running
   * tasks than `minTasks`) and its dashboard row. Counting tasks needs Container Insights: a
   * service of more than one task without it is refused (a `PropsError` on `minTasks`), since a
   * partial outage would go unseen; one of a single task is watched for having none.
   */
  monitoringSpec(thresholds: AlarmThresholds): MonitoringSpec {
    return serviceMonitoringSpec(this, thresholds);
  }
}
