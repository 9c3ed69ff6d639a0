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
import { ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { suppress } from "../../policies/suppressions";
import { Grantee, GranteeRole } from "../shared/grants";
import { AlarmThresholds, kebabCase, Monitorable, MonitoringSpec } from "../shared/monitorable";
import { inlinePolicy } from "../_internal/iam";
import { resourceName } from "../_internal/naming";
import { PolicyStatement } from "../_internal/policy";
import { httpsEgressAnywhere, replaceableSecurityGroup, tcpEgressToGroup, tcpIngressFromGroup } from "../_internal/security-group";
import { APP_CONTAINER_NAME, containerDefinitions, oneOffContainerDefinitions, taskVolumes } from "./container";
import {
  ecsTasksRole,
  executionStatements,
  pullThroughCacheStatements,
  registryCredentialStatements,
  secretStatements,
  taskFeatureStatements,
} from "./iam";
import { serviceImage } from "./image";
import { serviceMonitoringSpec } from "./monitoring";
import { capacityStrategy, serviceAutoscaling } from "./scaling";
import { cloudMapRegistration } from "./service-discovery";
import { validate } from "./validate";
import { FargateClusterRef, FargateServiceProps, NamespaceRef, SecurityGroupPeer } from "./props";

export * from "./props";

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
  /** The service's task definition family, `<name>-<serviceName>`: what a CI registers new revisions of with `imageUpdates: "pipeline"`. */
  readonly family: string;
  /** The one-off task definition (only with `oneOffTaskDefinition`). */
  readonly oneOffTaskDefinition?: EcsTaskDefinition;
  /** The one-off task definition's family, `<name>-<serviceName>-oneoff` (only with `oneOffTaskDefinition`): `aws ecs run-task --task-definition <it>`. */
  readonly oneOffFamily?: string;
  /** The app container's name in both task definitions (`APP_CONTAINER_NAME`): what `run-task --overrides` names. */
  readonly containerName: string;
  /** The subnets the service's tasks run in (public or private, as `subnets` says): where a one-off task runs too. */
  readonly subnetIds: readonly string[];
  /** The execution role's ARN (a CI registering revisions passes it, and needs `iam:PassRole` on it). */
  readonly executionRoleArn: string;
  /** The task role's ARN (a CI registering revisions passes it, and needs `iam:PassRole` on it). */
  readonly taskRoleArn: string;
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
    const credentials = props.registryCredentialsSecretArn;
    const executionPolicy = inlinePolicy(this, "ExecutionRolePolicy", this.executionRole, "start-tasks", [
      ...executionStatements(image.pullRepositoryArns, this.logGroup.arn),
      ...(image.cacheRepositoryArnPattern === undefined ? [] : pullThroughCacheStatements(image.cacheRepositoryArnPattern)),
      ...(credentials === undefined
        ? []
        : registryCredentialStatements({
            secretArn: credentials,
            kmsKeyArn: props.registryCredentialsKmsKeyArn,
            // The secret may live in another region; its key is in the secret's.
            region: Token.isUnresolved(credentials) ? props.region : (credentials.split(":")[3] ?? props.region),
          })),
      // The one-off task definition's secrets too: the same role starts both.
      ...secretStatements({
        ...props.secrets,
        ...Object.fromEntries(Object.entries(props.oneOffSecrets ?? {}).map(([name, secret]) => [`oneoff:${name}`, secret])),
      }),
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

    this.executionRoleArn = this.executionRole.arn;
    this.taskRoleArn = this.taskRole.arn;
    this.containerName = APP_CONTAINER_NAME;
    const pipeline = s.imageUpdates === "pipeline";
    const containerInput = { props, settings: s, image: image.image, logGroupName: this.logGroup.name };
    const taskShape = {
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(s.cpuUnits),
      memory: String(s.memoryMiB),
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: s.cpuArchitecture },
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      volume: taskVolumes(s).map((name) => ({ name })),
    };
    this.family = prefix;
    this.taskDefinition = new EcsTaskDefinition(this, "TaskDefinition", {
      family: this.family,
      ...taskShape,
      containerDefinitions: JSON.stringify(containerDefinitions(containerInput)),
      // With a pipeline, the service may still run the revision Terraform replaces (until the CI's
      // next deploy): Terraform keeps it registered instead of deregistering it.
      skipDestroy: pipeline ? true : undefined,
      tags: { Name: prefix },
    });
    if (s.oneOffTaskDefinition) {
      this.oneOffFamily = `${prefix}-oneoff`;
      this.oneOffTaskDefinition = new EcsTaskDefinition(this, "OneOffTaskDefinition", {
        family: this.oneOffFamily,
        ...taskShape,
        containerDefinitions: JSON.stringify(oneOffContainerDefinitions(containerInput)),
        tags: { Name: this.oneOffFamily },
      });
    }

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
    // No task pulls through the cache before its rule exists.
    if (props.pullThroughCache?.rule !== undefined) dependsOn.push(props.pullThroughCache.rule);
    // ECS refuses a target group no load balancer uses yet: wait for the listeners.
    for (const target of s.loadBalancerTargets) {
      if (target.listener !== undefined && !dependsOn.includes(target.listener)) dependsOn.push(target.listener);
    }
    this.subnetIds = [...(s.subnets === "public" ? props.network.publicSubnetIds : props.network.privateSubnetIds)];
    // With autoscaling, the scaler owns the running count; with a pipeline, the CI owns the
    // running revision: an apply must reset neither.
    const ignoreChanges = [...(pipeline ? ["task_definition"] : []), ...(autoscaling ? ["desired_count"] : [])];
    const service = new EcsService(this, "Service", {
      name: prefix,
      cluster: this.cluster.arn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: s.desiredCount,
      capacityProviderStrategy: capacityStrategy(s),
      platformVersion: "LATEST",
      networkConfiguration: {
        subnets: [...this.subnetIds],
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
      lifecycle: ignoreChanges.length > 0 ? { ignoreChanges } : undefined,
      dependsOn,
      tags: { Name: prefix },
    });
    this.service = service;
    if (s.subnets === "public") {
      suppress(service, [
        {
          id: "ecs-service-no-public-ip",
          reason:
            "Tasks run in public subnets with a public IP so they pull images and reach AWS without paying for NAT; their security group admits only the named security groups (the API's VPC link, or the load balancer), never the internet.",
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
