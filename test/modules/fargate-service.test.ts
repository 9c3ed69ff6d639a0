import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Lazy, TerraformLocal, TerraformStack, Testing } from "cdktf";
import {
  APP_CONTAINER_NAME,
  containerSecretFromArn,
  FargateNetwork,
  FargateService,
  FargateServiceProps,
  fargateServicePropProblems,
  XRAY_DAEMON_IMAGE,
} from "../../modules/fargate-service";
import { EcrPullThroughCache } from "../../modules/ecr-pull-through-cache";
import { Monitoring } from "../../modules/monitoring";
import { PropsError } from "../../modules/shared/errors";
import { Grantee } from "../../modules/shared/grants";
import { AlarmThresholds, Monitorable } from "../../modules/shared/monitorable";
import { Vpc2Az } from "../../modules/vpc-2az";
import { testRefusedProps } from "../support/refuses-props";
import {
  addressOf,
  countOf,
  onlyResource,
  parseJsonAttribute,
  refTo,
  resourceCounts,
  resourceList,
  SynthesizedStack,
  synthJson,
  testStack,
} from "../support/synth";

const PARAMETER_ARN = "arn:aws:ssm:eu-west-1:123456789012:parameter/acme/test/secret-key";
const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/test/db-AbCdEf";

const network: FargateNetwork = {
  vpcId: "vpc-0123456789abcdef0",
  publicSubnetIds: ["subnet-public-a", "subnet-public-b"],
  privateSubnetIds: ["subnet-private-a", "subnet-private-b"],
  egress: "nat-instance",
};

const base: FargateServiceProps = {
  name: "acme-test",
  serviceName: "api",
  region: "eu-west-1",
  accountId: "123456789012",
  network,
  imageTag: "1.0.0",
  containerPort: 8000,
};

function build(overrides: Partial<FargateServiceProps> = {}): { stack: TerraformStack; service: FargateService } {
  const stack = testStack();
  const service = new FargateService(stack, "Api", { ...base, ...overrides });
  return { stack, service };
}

function synthWith(overrides: Partial<FargateServiceProps> = {}): SynthesizedStack {
  return synthJson(build(overrides).stack);
}

interface ContainerDefinition {
  name: string;
  image: string;
  essential: boolean;
  environment: { name: string; value: string }[];
  secrets?: { name: string; valueFrom: string }[];
  readonlyRootFilesystem: boolean;
  mountPoints?: { sourceVolume: string; containerPath: string; readOnly: boolean }[];
  portMappings: { containerPort: number; protocol: string }[];
  healthCheck?: { command: string[]; startPeriod: number };
  linuxParameters?: { initProcessEnabled: boolean };
  logConfiguration: { logDriver: string; options: Record<string, string> };
  repositoryCredentials?: { credentialsParameter: string };
}

/** A value as Terraform sees it: its tokens turned into references (`${aws_iam_role.X.arn}`), through a local of the stack. */
function resolvedIn<T>(stack: TerraformStack, value: T): T {
  const id = `Resolved${stack.node.children.length}`;
  new TerraformLocal(stack, id, value);
  return (JSON.parse(Testing.synth(stack)) as { locals: Record<string, T> }).locals[id]!;
}

function containers(json: SynthesizedStack): ContainerDefinition[] {
  return parseJsonAttribute<ContainerDefinition[]>(onlyResource(json, "aws_ecs_task_definition").container_definitions);
}

function app(json: SynthesizedStack): ContainerDefinition {
  return containers(json).find((c) => c.name === APP_CONTAINER_NAME)!;
}

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: unknown;
}

function policyOf(json: SynthesizedStack, namePrefix: string): Statement[] {
  const policy = resourceList(json, "aws_iam_role_policy").find(
    (p) => p.role === refTo(json, "aws_iam_role", namePrefix, "id"),
  );
  if (!policy) throw new Error(`no inline policy on ${namePrefix}`);
  return parseJsonAttribute<{ Statement: Statement[] }>(policy.policy).Statement;
}

describe("FargateService defaults", () => {
  const json = synthWith();
  const synthesized = JSON.stringify(json);

  test("creates a cluster, a repository, the task, its roles, a security group, Cloud Map, and no autoscaling", () => {
    expect(resourceCounts(json)).toEqual({
      aws_ecs_cluster: 1,
      aws_ecs_cluster_capacity_providers: 1,
      aws_service_discovery_private_dns_namespace: 1,
      aws_service_discovery_service: 1,
      aws_ecr_repository: 1,
      aws_ecr_lifecycle_policy: 1,
      aws_cloudwatch_log_group: 1,
      aws_iam_role: 2,
      aws_iam_role_policy: 2,
      aws_ecs_task_definition: 1,
      aws_security_group: 1,
      aws_vpc_security_group_egress_rule: 1,
      aws_ecs_service: 1,
    });
  });

  test("the cluster offers FARGATE and FARGATE_SPOT, with Container Insights off", () => {
    expect(onlyResource(json, "aws_ecs_cluster")).toMatchObject({
      name: "acme-test",
      setting: [{ name: "containerInsights", value: "disabled" }],
    });
    expect(onlyResource(json, "aws_ecs_cluster_capacity_providers")).toMatchObject({
      capacity_providers: ["FARGATE", "FARGATE_SPOT"],
    });
  });

  test("the repository scans on push, keeps tags immutable and expires all but the last 20 images", () => {
    expect(onlyResource(json, "aws_ecr_repository")).toMatchObject({
      name: "acme-test/api",
      image_tag_mutability: "IMMUTABLE",
      image_scanning_configuration: { scan_on_push: true },
      force_delete: false,
    });
    const lifecycle = parseJsonAttribute<{ rules: { selection: Record<string, unknown>; action: unknown }[] }>(
      onlyResource(json, "aws_ecr_lifecycle_policy").policy,
    );
    expect(lifecycle.rules).toEqual([
      expect.objectContaining({
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 20 },
        action: { type: "expire" },
      }),
    ]);
  });

  test("the task is ARM64 Fargate, 256 CPU units and 512 MiB, running the tagged image from its repository", () => {
    expect(onlyResource(json, "aws_ecs_task_definition")).toMatchObject({
      family: "acme-test-api",
      requires_compatibilities: ["FARGATE"],
      network_mode: "awsvpc",
      cpu: "256",
      memory: "512",
      runtime_platform: { operating_system_family: "LINUX", cpu_architecture: "ARM64" },
      execution_role_arn: refTo(json, "aws_iam_role", "Api_ExecutionRole", "arn"),
      task_role_arn: refTo(json, "aws_iam_role", "Api_TaskRole", "arn"),
      volume: [{ name: "tmp" }],
    });
    expect(app(json).image).toBe(`${refTo(json, "aws_ecr_repository", "Api_Repository", "repository_url")}:1.0.0`);
  });

  test("the app container has a read-only root with a writable /tmp, a health check and logs to its group", () => {
    const container = app(json);
    expect(container).toMatchObject({
      essential: true,
      readonlyRootFilesystem: true,
      mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
      portMappings: [expect.objectContaining({ containerPort: 8000, protocol: "tcp" })],
      healthCheck: { command: ["CMD-SHELL", "curl -fsS http://localhost:8000/health || exit 1"], interval: 30, timeout: 5, retries: 3, startPeriod: 60 },
      linuxParameters: { initProcessEnabled: true },
    });
    expect(container.logConfiguration).toEqual({
      logDriver: "awslogs",
      options: expect.objectContaining({
        "awslogs-group": refTo(json, "aws_cloudwatch_log_group", "Api_LogGroup", "name"),
        "awslogs-region": "eu-west-1",
        mode: "non-blocking",
      }),
    });
    expect(onlyResource(json, "aws_cloudwatch_log_group")).toMatchObject({ name: "/acme-test/ecs/api", retention_in_days: 30 });
  });

  test("an X-Ray daemon sidecar runs beside the app, which is told where to find it", () => {
    const xray = containers(json).find((c) => c.name === "xray-daemon");
    expect(xray).toMatchObject({
      image: XRAY_DAEMON_IMAGE,
      essential: false,
      portMappings: [{ containerPort: 2000, protocol: "udp" }],
      readonlyRootFilesystem: true,
    });
    expect(app(json).environment).toContainEqual({ name: "AWS_XRAY_DAEMON_ADDRESS", value: "127.0.0.1:2000" });
    // Pinned by digest, not by a tag that could be moved.
    expect(XRAY_DAEMON_IMAGE).toMatch(/^public\.ecr\.aws\/xray\/aws-xray-daemon@sha256:[a-f0-9]{64}$/);
    expect(policyOf(json, "Api_TaskRole")).toEqual([
      expect.objectContaining({ Sid: "WriteTraces", Action: expect.arrayContaining(["xray:PutTraceSegments"]) }),
    ]);
  });

  test("the execution role may pull from its own repository and write its own log group, nothing more", () => {
    const statements = policyOf(json, "Api_ExecutionRole");
    expect(statements).toEqual([
      {
        Sid: "WriteLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${refTo(json, "aws_cloudwatch_log_group", "Api_LogGroup", "arn")}:*`,
      },
      { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Sid: "PullImage",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        Resource: [refTo(json, "aws_ecr_repository", "Api_Repository", "arn")],
      },
    ]);
  });

  test("both roles trust only ECS tasks of the service's own account and region (SourceAccount and SourceArn)", () => {
    const roles = resourceList(json, "aws_iam_role");
    expect(roles.map((r) => r.name).sort()).toEqual(["acme-test-api-execution", "acme-test-api-task"]);
    for (const role of roles) {
      const trust = parseJsonAttribute<{ Statement: Statement[] }>(role.assume_role_policy);
      expect(trust.Statement).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": "123456789012" },
            ArnLike: { "aws:SourceArn": "arn:aws:ecs:eu-west-1:123456789012:*" },
          },
        },
      ]);
    }
  });

  test("the roles' SourceArn is in the region's partition", () => {
    const roles = resourceList(synthWith({ region: "us-gov-west-1" }), "aws_iam_role");
    for (const role of roles) {
      const trust = parseJsonAttribute<{ Statement: { Condition: { ArnLike: Record<string, string> } }[] }>(role.assume_role_policy);
      expect(trust.Statement[0]!.Condition.ArnLike).toEqual({ "aws:SourceArn": "arn:aws-us-gov:ecs:us-gov-west-1:123456789012:*" });
    }
  });

  test("the service runs in the public subnets with a public IP, rolls back failed deployments and never dips below 100%", () => {
    expect(synthesized).toHaveResourceWithProperties(EcsService, {
      name: "acme-test-api",
      cluster: refTo(json, "aws_ecs_cluster", "Api_Cluster", "arn"),
      task_definition: refTo(json, "aws_ecs_task_definition", "Api_TaskDefinition", "arn"),
      desired_count: 1,
      network_configuration: {
        subnets: ["subnet-public-a", "subnet-public-b"],
        security_groups: [refTo(json, "aws_security_group", "Api_SecurityGroup", "id")],
        assign_public_ip: true,
      },
      deployment_circuit_breaker: { enable: true, rollback: true },
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
      enable_execute_command: false,
    });
  });

  test("the service registers its app container in the SRV-record Cloud Map service", () => {
    const service = onlyResource(json, "aws_ecs_service");
    expect(service.service_registries).toEqual({
      registry_arn: refTo(json, "aws_service_discovery_service", "Api_CloudMapService", "arn"),
      container_name: APP_CONTAINER_NAME,
      container_port: 8000,
    });
    const cloudMap = onlyResource(json, "aws_service_discovery_service");
    expect(cloudMap).toMatchObject({
      name: "api",
      dns_config: {
        namespace_id: refTo(json, "aws_service_discovery_private_dns_namespace", "Api_Namespace", "id"),
        routing_policy: "MULTIVALUE",
        dns_records: [
          { type: "SRV", ttl: 10 },
          { type: "A", ttl: 10 },
        ],
      },
    });
    expect(onlyResource(json, "aws_service_discovery_private_dns_namespace")).toMatchObject({
      name: "acme-test.internal",
      vpc: "vpc-0123456789abcdef0",
    });
  });

  test("the service waits for its execution policy and the cluster's capacity providers", () => {
    expect([...(onlyResource(json, "aws_ecs_service").depends_on as string[])].sort()).toEqual(
      [
        addressOf(json, "aws_iam_role_policy", "Api_ExecutionRolePolicy"),
        addressOf(json, "aws_ecs_cluster_capacity_providers", "Api_ClusterCapacityProviders"),
      ].sort(),
    );
  });

  test("Cloud Map takes task health from ECS", () => {
    expect(onlyResource(json, "aws_service_discovery_service").health_check_custom_config).toEqual({ failure_threshold: 1 });
  });

  test("no load balancer: no load_balancer blocks and no health check grace period", () => {
    const service = onlyResource(json, "aws_ecs_service");
    expect(service.load_balancer).toBeUndefined();
    expect(service.health_check_grace_period_seconds).toBeUndefined();
  });

  test("a changed capacity strategy updates the service with a new deployment instead of replacing it", () => {
    expect(onlyResource(json, "aws_ecs_service")).toMatchObject({ force_new_deployment: true, wait_for_steady_state: false });
  });

  test("the container definitions are valid JSON once Terraform fills in its references", () => {
    const filled = (onlyResource(json, "aws_ecs_task_definition").container_definitions as string).replace(/\$\{[^}]*\}/g, "VALUE");
    expect(() => JSON.parse(filled)).not.toThrow();
  });

  test("all tasks run on regular Fargate", () => {
    expect(onlyResource(json, "aws_ecs_service").capacity_provider_strategy).toEqual([
      { capacity_provider: "FARGATE", weight: 1, base: 0 },
    ]);
  });

  test("the security group admits nothing and lets only HTTPS out", () => {
    expect(synthesized).toHaveResourceWithProperties(SecurityGroup, { name_prefix: "acme-test-api-", vpc_id: "vpc-0123456789abcdef0" });
    expect(countOf(json, "aws_vpc_security_group_ingress_rule")).toBe(0);
    expect(onlyResource(json, "aws_vpc_security_group_egress_rule")).toMatchObject({
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
      cidr_ipv4: "0.0.0.0/0",
    });
  });

  test("the security group can be replaced while tasks use it: a name prefix, created before the old one is destroyed", () => {
    const group = onlyResource(json, "aws_security_group");
    expect(group).toMatchObject({ tags: { Name: "acme-test-api" }, lifecycle: { create_before_destroy: true } });
    expect(group.name).toBeUndefined();
  });

  test("exposes typed outputs", () => {
    const { service } = build();
    expect(service.containerPort).toBe(8000);
    expect(service.repositoryUrl).toBeDefined();
    expect(service.scalingTarget).toBeUndefined();
    for (const value of [service.serviceName, service.securityGroupId, service.cloudMapServiceArn, service.internalDnsName]) {
      expect(typeof value).toBe("string");
    }
  });
});

describe("FargateService secrets", () => {
  const json = synthWith({
    environment: { LOG_LEVEL: "info" },
    secrets: {
      SECRET_KEY: { parameterArn: PARAMETER_ARN },
      DB_PASSWORD: { secretArn: SECRET_ARN, jsonKey: "password" },
      DB_USER: { secretArn: SECRET_ARN, jsonKey: "username" },
    },
  });

  test("arrive through the container's secrets, never its environment", () => {
    expect(app(json).secrets).toEqual([
      { name: "DB_PASSWORD", valueFrom: `${SECRET_ARN}:password::` },
      { name: "DB_USER", valueFrom: `${SECRET_ARN}:username::` },
      { name: "SECRET_KEY", valueFrom: PARAMETER_ARN },
    ]);
    expect(app(json).environment.map((e) => e.name).sort()).toEqual(["AWS_XRAY_DAEMON_ADDRESS", "LOG_LEVEL"]);
  });

  test("the execution role may read exactly those parameters and secrets", () => {
    const statements = policyOf(json, "Api_ExecutionRole");
    expect(statements.filter((st) => st.Sid === "ReadParameters")).toEqual([
      { Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: [PARAMETER_ARN] },
    ]);
    expect(statements.filter((st) => st.Sid === "ReadSecrets")).toEqual([
      { Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [SECRET_ARN] },
    ]);
    const actions = statements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
    expect(actions.filter((a) => a.startsWith("ssm:") || a.startsWith("secretsmanager:"))).toEqual([
      "ssm:GetParameters",
      "secretsmanager:GetSecretValue",
    ]);
  });

  test("no secret reader at all without secrets", () => {
    const sids = policyOf(synthWith(), "Api_ExecutionRole").map((st) => st.Sid);
    expect(sids).not.toContain("ReadParameters");
    expect(sids).not.toContain("ReadSecrets");
  });

  test.each([
    [PARAMETER_ARN, { parameterArn: PARAMETER_ARN }],
    [SECRET_ARN, { secretArn: SECRET_ARN }],
    [`${SECRET_ARN}:password::`, { secretArn: SECRET_ARN, jsonKey: "password" }],
    ["hunter2", undefined],
    ["arn:aws:s3:::bucket", undefined],
    [`${SECRET_ARN}:password:AWSPREVIOUS:`, undefined],
    ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/test/db", undefined],
  ])("containerSecretFromArn(%s)", (arn, expected) => {
    expect(containerSecretFromArn(arn)).toEqual(expected);
  });
});

describe("FargateService options", () => {
  test("autoscaling between min and max on CPU and memory, with the desired count left to the scaler", () => {
    const { stack, service } = build({ desiredCount: 2, minTasks: 2, maxTasks: 6 });
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_ecs_service")).toMatchObject({ desired_count: 2, lifecycle: { ignore_changes: ["desired_count"] } });
    expect(onlyResource(json, "aws_appautoscaling_target")).toMatchObject({
      service_namespace: "ecs",
      scalable_dimension: "ecs:service:DesiredCount",
      resource_id: `service/\${${addressOf(json, "aws_ecs_cluster", "Api_Cluster")}.name}/\${${addressOf(json, "aws_ecs_service", "Api_Service")}.name}`,
      min_capacity: 2,
      max_capacity: 6,
    });
    const policies = resourceList(json, "aws_appautoscaling_policy");
    expect(policies.map((p) => p.target_tracking_scaling_policy_configuration)).toEqual([
      {
        target_value: 60,
        predefined_metric_specification: { predefined_metric_type: "ECSServiceAverageCPUUtilization" },
        scale_in_cooldown: 300,
        scale_out_cooldown: 60,
      },
      {
        target_value: 80,
        predefined_metric_specification: { predefined_metric_type: "ECSServiceAverageMemoryUtilization" },
        scale_in_cooldown: 300,
        scale_out_cooldown: 60,
      },
    ]);
    expect(service.scalingTarget).toBeDefined();
  });

  test("without autoscaling, Terraform keeps managing the desired count", () => {
    const json = synthWith({ minTasks: 2 });
    expect(onlyResource(json, "aws_ecs_service").lifecycle).toBeUndefined();
    expect(onlyResource(json, "aws_ecs_service").desired_count).toBe(2);
    expect(countOf(json, "aws_appautoscaling_target")).toBe(0);
  });

  test("Spot weights: all on Spot, or a regular base with Spot beside it", () => {
    expect(onlyResource(synthWith({ onDemandWeight: 0, spotWeight: 1 }), "aws_ecs_service").capacity_provider_strategy).toEqual([
      { capacity_provider: "FARGATE_SPOT", weight: 1, base: 0 },
    ]);
    expect(
      onlyResource(synthWith({ onDemandBase: 1, onDemandWeight: 1, spotWeight: 3 }), "aws_ecs_service").capacity_provider_strategy,
    ).toEqual([
      { capacity_provider: "FARGATE", weight: 1, base: 1 },
      { capacity_provider: "FARGATE_SPOT", weight: 3, base: 0 },
    ]);
  });

  test("private subnets: no public IP, and no suppression of the public-IP rule", () => {
    expect(onlyResource(synthWith({ subnets: "private" }), "aws_ecs_service").network_configuration).toMatchObject({
      subnets: ["subnet-private-a", "subnet-private-b"],
      assign_public_ip: false,
    });
    // The suppressions live in the resources' "//" metadata, which only the full JSON keeps.
    const suppressionsOf = (overrides: Partial<FargateServiceProps>): unknown => {
      const full = build(overrides).stack.toTerraform() as SynthesizedStack;
      return (onlyResource(full, "aws_ecs_service")["//"] as { policy_suppressions?: unknown } | undefined)?.policy_suppressions;
    };
    expect(suppressionsOf({ subnets: "private" })).toBeUndefined();
    // Public subnets carry the documented suppression instead.
    expect(suppressionsOf({})).toEqual([expect.objectContaining({ id: "ecs-service-no-public-ip" })]);
  });

  test("allowFrom admits a security group on the container port only; allowTo opens one port to a group", () => {
    const { stack, service } = build({ allowedSecurityGroupIds: ["sg-link"] });
    service.allowTo("Database", { securityGroupId: "sg-db" }, 5432, "PostgreSQL");
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_vpc_security_group_ingress_rule")).toMatchObject({
      security_group_id: refTo(json, "aws_security_group", "Api_SecurityGroup", "id"),
      ip_protocol: "tcp",
      from_port: 8000,
      to_port: 8000,
      referenced_security_group_id: "sg-link",
    });
    expect(resourceList(json, "aws_vpc_security_group_egress_rule")).toContainEqual(
      expect.objectContaining({ from_port: 5432, to_port: 5432, referenced_security_group_id: "sg-db" }),
    );
  });

  test("allowAllOutbound opens every outbound connection instead of HTTPS only", () => {
    expect(onlyResource(synthWith({ allowAllOutbound: true }), "aws_vpc_security_group_egress_rule")).toMatchObject({
      ip_protocol: "-1",
      cidr_ipv4: "0.0.0.0/0",
    });
  });

  test("grantTaskRole adds an inline policy to the task role and returns it", () => {
    const { stack, service } = build();
    const grant = service.grantTaskRole("MediaBucket", [
      { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::acme-media/*" },
    ]);
    const json = synthJson(stack);
    const policy = resourceList(json, "aws_iam_role_policy").find((p) => p.name === "media-bucket");
    expect(policy?.role).toBe(refTo(json, "aws_iam_role", "Api_TaskRole", "id"));
    expect(grant.node.id).toBe("GrantMediaBucket");
  });

  test("ECS Exec: the flag, the SSM channel and session log permissions, and writable agent folders on a read-only root", () => {
    const json = synthWith({ enableExecuteCommand: true });
    expect(onlyResource(json, "aws_ecs_service").enable_execute_command).toBe(true);
    const statements = policyOf(json, "Api_TaskRole");
    expect(statements).toContainEqual(
      expect.objectContaining({ Sid: "EcsExecChannels", Action: expect.arrayContaining(["ssmmessages:OpenDataChannel"]) }),
    );
    expect(statements).toContainEqual({ Sid: "EcsExecFindLogGroup", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" });
    expect(statements).toContainEqual(
      expect.objectContaining({
        Sid: "EcsExecSessionLogs",
        Resource: `${refTo(json, "aws_cloudwatch_log_group", "Api_LogGroup", "arn")}:*`,
      }),
    );
    expect(app(json).mountPoints?.map((m) => m.containerPath)).toEqual(["/tmp", "/var/lib/amazon", "/var/log/amazon", "/managed-agents"]);
    expect(onlyResource(json, "aws_ecs_task_definition").volume).toEqual([
      { name: "tmp" },
      { name: "ssm-agent-lib" },
      { name: "ssm-agent-log" },
      { name: "managed-agents" },
    ]);
  });

  test("a writable root: no read-only flag, and ECS Exec needs no extra folders", () => {
    const json = synthWith({ readonlyRootFilesystem: false, enableExecuteCommand: true });
    expect(app(json).readonlyRootFilesystem).toBe(false);
    expect(app(json).mountPoints?.map((m) => m.containerPath)).toEqual(["/tmp"]);
    expect(onlyResource(json, "aws_ecs_task_definition").volume).toEqual([{ name: "tmp" }]);
  });

  test("the desired count starts at minTasks unless given", () => {
    expect(onlyResource(synthWith({ minTasks: 2, maxTasks: 5 }), "aws_ecs_service").desired_count).toBe(2);
  });

  test("a health check command and start period of its own", () => {
    const json = synthWith({ healthCheckCommand: ["CMD", "/app/healthcheck"], healthCheckStartPeriodSeconds: 120 });
    expect(app(json).healthCheck).toMatchObject({ command: ["CMD", "/app/healthcheck"], startPeriod: 120 });
  });

  test("no sidecar: one container, no X-Ray permissions, no task role policy", () => {
    const json = synthWith({ xraySidecar: false });
    expect(containers(json).map((c) => c.name)).toEqual([APP_CONTAINER_NAME]);
    expect(app(json).environment.map((e) => e.name)).not.toContain("AWS_XRAY_DAEMON_ADDRESS");
    expect(countOf(json, "aws_iam_role_policy")).toBe(1);
  });

  test("an external private ECR image: no repository, pull rights on that image's repository", () => {
    const imageUri = "210987654321.dkr.ecr.eu-west-1.amazonaws.com/shared/api:2.3.4";
    const { stack, service } = build({ imageTag: undefined, imageUri });
    const json = synthJson(stack);
    expect(countOf(json, "aws_ecr_repository")).toBe(0);
    expect(service.repositoryUrl).toBeUndefined();
    expect(app(json).image).toBe(imageUri);
    expect(policyOf(json, "Api_ExecutionRole")).toContainEqual(
      expect.objectContaining({ Sid: "PullImage", Resource: ["arn:aws:ecr:eu-west-1:210987654321:repository/shared/api"] }),
    );
  });

  test("an external public image: no ECR permissions at all", () => {
    const json = synthWith({ imageTag: undefined, imageUri: "public.ecr.aws/nginx/nginx:1.27" });
    const sids = policyOf(json, "Api_ExecutionRole").map((st) => st.Sid);
    expect(sids).toEqual(["WriteLogs"]);
  });

  test("shares a cluster and namespace passed in, creating neither", () => {
    const stack = testStack();
    const first = new FargateService(stack, "Api", base);
    new FargateService(stack, "Worker", { ...base, serviceName: "worker", cluster: first.cluster, namespace: first.namespace });
    const json = synthJson(stack);
    expect(countOf(json, "aws_ecs_cluster")).toBe(1);
    expect(countOf(json, "aws_service_discovery_private_dns_namespace")).toBe(1);
    expect(countOf(json, "aws_ecs_service")).toBe(2);
    const worker = resourceList(json, "aws_ecs_service").find((s) => s.name === "acme-test-worker");
    expect(worker?.cluster).toBe(refTo(json, "aws_ecs_cluster", "Api_Cluster", "arn"));
  });

  test("tells monitoring whether Container Insights counts its tasks: never known for a cluster passed in", () => {
    const stack = testStack();
    const first = new FargateService(stack, "Api", { ...base, containerInsights: true, minTasks: 2, maxTasks: 2 });
    const worker = new FargateService(stack, "Worker", { ...base, serviceName: "worker", cluster: first.cluster, namespace: first.namespace });
    expect([first.containerInsights, first.minTasks]).toEqual([true, 2]);
    expect([worker.containerInsights, worker.minTasks]).toEqual([false, 1]);
  });

  test("retainRepository protects the repository from destroy", () => {
    expect(onlyResource(synthWith({ retainRepository: true }), "aws_ecr_repository").lifecycle).toEqual({ prevent_destroy: true });
  });

  test("sizes, architecture and container insights as given", () => {
    const json = synthWith({ cpuUnits: 1024, memoryMiB: 4096, cpuArchitecture: "X86_64", containerInsights: true });
    expect(onlyResource(json, "aws_ecs_task_definition")).toMatchObject({
      cpu: "1024",
      memory: "4096",
      runtime_platform: { cpu_architecture: "X86_64" },
    });
    expect(onlyResource(json, "aws_ecs_cluster").setting).toEqual([{ name: "containerInsights", value: "enabled" }]);
  });
});

describe("FargateService README example", () => {
  test("compiles and synthesizes", () => {
    // The same code as the usage example in modules/fargate-service/README.md.
    const stack = testStack("eu-west-1");
    const network = new Vpc2Az(stack, "Network", {
      name: "acme-staging",
      region: "eu-west-1",
      cidr: "10.10.0.0/16",
      availabilityZones: ["eu-west-1a", "eu-west-1b"],
    });
    const service = new FargateService(stack, "Api", {
      name: "acme-staging",
      serviceName: "api",
      region: "eu-west-1",
      accountId: "123456789012",
      network,
      imageTag: "1.4.2",
      containerPort: 8000,
      environment: { LOG_LEVEL: "info" },
      secrets: {
        SECRET_KEY: { parameterArn: "arn:aws:ssm:eu-west-1:123456789012:parameter/acme/staging/secret-key" },
      },
      onDemandWeight: 0,
      spotWeight: 1,
    });
    expect(service.internalDnsName).toBe("api.acme-staging.internal");
    expect(countOf(synthJson(stack), "aws_ecs_service")).toBe(1);
  });
});

describe("FargateService without Cloud Map", () => {
  const { stack, service } = build({ serviceDiscovery: false });
  const json = synthJson(stack);

  test("creates no namespace, no Cloud Map service and registers nothing", () => {
    expect(countOf(json, "aws_service_discovery_private_dns_namespace")).toBe(0);
    expect(countOf(json, "aws_service_discovery_service")).toBe(0);
    expect(onlyResource(json, "aws_ecs_service").service_registries).toBeUndefined();
    expect(countOf(json, "aws_ecs_service")).toBe(1);
  });

  test("its Cloud Map outputs are undefined", () => {
    expect([service.namespace, service.cloudMapService, service.cloudMapServiceArn, service.internalDnsName]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  test("with Cloud Map (the default), the outputs are the registration's", () => {
    const { stack: withStack, service: withMap } = build();
    const withJson = synthJson(withStack);
    expect(resolvedIn(withStack, withMap.cloudMapServiceArn)).toBe(refTo(withJson, "aws_service_discovery_service", "Api_CloudMapService", "arn"));
    expect(withMap.internalDnsName).toBe("api.acme-test.internal");
  });
});

const TARGET_GROUP_ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/acme-test-api/0123456789abcdef";

/** A load balancer with an HTTP listener forwarding to one IP target group per port (an ALB module comes later). */
function loadBalancer(stack: TerraformStack, ports: readonly number[]): { targetGroups: LbTargetGroup[]; listeners: LbListener[] } {
  const alb = new Lb(stack, "Alb", { name: "acme-test", loadBalancerType: "application", subnets: [...network.publicSubnetIds] });
  const targetGroups = ports.map(
    (port) => new LbTargetGroup(stack, `Targets${port}`, { name: `acme-test-${port}`, targetType: "ip", port, protocol: "HTTP", vpcId: network.vpcId }),
  );
  const listeners = targetGroups.map(
    (targetGroup, i) =>
      new LbListener(stack, `Listener${i}`, {
        loadBalancerArn: alb.arn,
        port: 8080 + i,
        protocol: "HTTP",
        defaultAction: [{ type: "forward", targetGroupArn: targetGroup.arn }],
      }),
  );
  return { targetGroups, listeners };
}

describe("FargateService behind load balancer target groups", () => {
  test("a load_balancer block per target (the app container, its port), a grace period and a dependency on the listener", () => {
    const stack = testStack();
    const { targetGroups, listeners } = loadBalancer(stack, [8000]);
    new FargateService(stack, "Api", { ...base, loadBalancerTargets: [{ targetGroupArn: targetGroups[0]!.arn, listener: listeners[0] }] });
    const json = synthJson(stack);
    const service = onlyResource(json, "aws_ecs_service");
    expect(service.load_balancer).toEqual([
      { target_group_arn: refTo(json, "aws_lb_target_group", "Targets8000", "arn"), container_name: APP_CONTAINER_NAME, container_port: 8000 },
    ]);
    // The grace period follows the container health check's start period.
    expect(service.health_check_grace_period_seconds).toBe(60);
    expect(service.depends_on).toEqual([
      addressOf(json, "aws_iam_role_policy", "Api_ExecutionRolePolicy"),
      addressOf(json, "aws_ecs_cluster_capacity_providers", "Api_ClusterCapacityProviders"),
      addressOf(json, "aws_lb_listener", "Listener0"),
    ]);
    // Cloud Map stays on unless turned off.
    expect(service.service_registries).toBeDefined();
  });

  test("the grace period follows healthCheckStartPeriodSeconds, or its own prop", () => {
    const targets = { loadBalancerTargets: [{ targetGroupArn: TARGET_GROUP_ARN }] };
    expect(onlyResource(synthWith({ ...targets, healthCheckStartPeriodSeconds: 120 }), "aws_ecs_service").health_check_grace_period_seconds).toBe(120);
    expect(onlyResource(synthWith({ ...targets, healthCheckGracePeriodSeconds: 0 }), "aws_ecs_service").health_check_grace_period_seconds).toBe(0);
  });

  test("a target without a listener adds no dependency", () => {
    const service = onlyResource(synthWith({ loadBalancerTargets: [{ targetGroupArn: TARGET_GROUP_ARN }] }), "aws_ecs_service");
    expect(service.load_balancer).toEqual([{ target_group_arn: TARGET_GROUP_ARN, container_name: APP_CONTAINER_NAME, container_port: 8000 }]);
    expect(service.depends_on).toHaveLength(2);
  });

  test("a second port: mapped in the app container, its own load_balancer block, and allowFrom on that port", () => {
    const stack = testStack();
    const { targetGroups, listeners } = loadBalancer(stack, [8000, 9000]);
    const service = new FargateService(stack, "Api", {
      ...base,
      serviceDiscovery: false,
      loadBalancerTargets: [
        { targetGroupArn: targetGroups[0]!.arn, listener: listeners[0] },
        { targetGroupArn: targetGroups[1]!.arn, containerPort: 9000, listener: listeners[1] },
      ],
    });
    const rule = service.allowFrom("Admin", { securityGroupId: "sg-alb" }, "The load balancer, to the admin port", 9000);
    const json = synthJson(stack);
    const ecs = onlyResource(json, "aws_ecs_service");
    expect(ecs.load_balancer).toEqual([
      { target_group_arn: refTo(json, "aws_lb_target_group", "Targets8000", "arn"), container_name: APP_CONTAINER_NAME, container_port: 8000 },
      { target_group_arn: refTo(json, "aws_lb_target_group", "Targets9000", "arn"), container_name: APP_CONTAINER_NAME, container_port: 9000 },
    ]);
    expect(ecs.depends_on).toEqual(
      expect.arrayContaining([addressOf(json, "aws_lb_listener", "Listener0"), addressOf(json, "aws_lb_listener", "Listener1")]),
    );
    expect(ecs.service_registries).toBeUndefined();
    expect(app(json).portMappings).toEqual([
      { name: "http", containerPort: 8000, protocol: "tcp" },
      { name: "tcp-9000", containerPort: 9000, protocol: "tcp" },
    ]);
    expect(onlyResource(json, "aws_vpc_security_group_ingress_rule")).toMatchObject({ from_port: 9000, to_port: 9000, referenced_security_group_id: "sg-alb" });
    expect(rule.node.id).toBe("IngressAdmin");
  });

  test("one listener shared by two targets is depended on once", () => {
    const stack = testStack();
    const { listeners } = loadBalancer(stack, [8000]);
    new FargateService(stack, "Api", {
      ...base,
      loadBalancerTargets: [
        { targetGroupArn: TARGET_GROUP_ARN, listener: listeners[0] },
        { targetGroupArn: TARGET_GROUP_ARN.replace("acme-test-api", "acme-test-two"), listener: listeners[0] },
      ],
    });
    expect(onlyResource(synthJson(stack), "aws_ecs_service").depends_on).toHaveLength(3);
  });
});

describe("FargateService behind a load balancer, README example", () => {
  test("compiles and synthesizes", () => {
    // The same code as the "Behind a load balancer" example in modules/fargate-service/README.md.
    const stack = testStack("eu-west-1");
    const network = new Vpc2Az(stack, "Network", {
      name: "acme-staging",
      region: "eu-west-1",
      cidr: "10.10.0.0/16",
      availabilityZones: ["eu-west-1a", "eu-west-1b"],
    });
    const albSecurityGroup = new SecurityGroup(stack, "AlbSecurityGroup", {
      namePrefix: "acme-staging-alb-",
      description: "The load balancer: HTTPS from anywhere, out to the tasks",
      vpcId: network.vpcId,
    });
    const alb = new Lb(stack, "Alb", {
      name: "acme-staging",
      loadBalancerType: "application",
      subnets: network.publicSubnetIds,
      securityGroups: [albSecurityGroup.id],
    });
    const targetGroup = new LbTargetGroup(stack, "WebTargets", {
      name: "acme-staging-web",
      targetType: "ip",
      port: 3000,
      protocol: "HTTP",
      vpcId: network.vpcId,
      healthCheck: { path: "/health", matcher: "200" },
    });
    const listener = new LbListener(stack, "Https", {
      loadBalancerArn: alb.arn,
      port: 443,
      protocol: "HTTPS",
      certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
      defaultAction: [{ type: "forward", targetGroupArn: targetGroup.arn }],
    });
    const web = new FargateService(stack, "Web", {
      name: "acme-staging",
      serviceName: "web",
      region: "eu-west-1",
      accountId: "123456789012",
      network,
      imageTag: "2.0.1",
      containerPort: 3000,
      serviceDiscovery: false,
      loadBalancerTargets: [{ targetGroupArn: targetGroup.arn, listener }],
      healthCheckGracePeriodSeconds: 90,
    });
    web.allowFrom("Alb", { securityGroupId: albSecurityGroup.id }, "The load balancer");
    new VpcSecurityGroupEgressRule(stack, "AlbToWeb", {
      securityGroupId: albSecurityGroup.id,
      referencedSecurityGroupId: web.securityGroupId,
      ipProtocol: "tcp",
      fromPort: 3000,
      toPort: 3000,
      description: "Requests to the web tasks",
    });

    const json = synthJson(stack);
    expect(onlyResource(json, "aws_ecs_service")).toMatchObject({
      load_balancer: [{ target_group_arn: refTo(json, "aws_lb_target_group", "WebTargets", "arn"), container_name: "app", container_port: 3000 }],
      health_check_grace_period_seconds: 90,
      depends_on: expect.arrayContaining([addressOf(json, "aws_lb_listener", "Https")]),
    });
    expect(countOf(json, "aws_service_discovery_service")).toBe(0);
    expect(web.cloudMapServiceArn).toBeUndefined();
  });
});

describe("FargateService as a grantee", () => {
  test("its grant role is the task role: name and ARN", () => {
    const { stack, service } = build();
    const grantee: Grantee = service;
    const json = synthJson(stack);
    expect(resolvedIn(stack, { name: grantee.grantRole.name, arn: grantee.grantRole.arn })).toEqual({
      name: refTo(json, "aws_iam_role", "Api_TaskRole", "name"),
      arn: refTo(json, "aws_iam_role", "Api_TaskRole", "arn"),
    });
  });
});

const THRESHOLDS: AlarmThresholds = {
  api5xxPerMinute: 150,
  apiLatencyP99Ms: 2000,
  serviceCpuPercent: 70,
  serviceMemoryPercent: 85,
  databaseCpuPercent: 80,
  databaseFreeStoragePercent: 5,
  databaseFreeMemoryPercent: 10,
  databaseConnectionsPercent: 80,
  functionErrorsPerMinute: 5,
  functionThrottlesPerMinute: 1,
  functionDurationP99Percent: 80,
  functionConcurrencyPercent: 80,
};

describe("FargateService monitoring spec", () => {
  test("CPU and memory high for five minutes, and no task running, on its cluster and service", () => {
    const { stack, service } = build();
    const monitorable: Monitorable = service;
    const spec = monitorable.monitoringSpec(THRESHOLDS);
    const json = synthJson(stack);
    const dimensions = {
      ClusterName: refTo(json, "aws_ecs_cluster", "Api_Cluster", "name"),
      ServiceName: refTo(json, "aws_ecs_service", "Api_Service", "name"),
    };
    const resolved = resolvedIn(stack, spec);
    expect(resolved.title).toBe("Service (Api)");
    expect(resolved.alarms).toEqual([
      {
        id: "ApiCpuHigh",
        name: "api-cpu-high",
        description: "The service's average CPU stayed above 70% for five minutes: raise maxTasks or the task size.",
        namespace: "AWS/ECS",
        metricName: "CPUUtilization",
        dimensions,
        statistic: "Average",
        periodSeconds: 60,
        evaluationPeriods: 5,
        threshold: 70,
        comparison: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
      },
      {
        id: "ApiMemoryHigh",
        name: "api-memory-high",
        description: "The service's average memory stayed above 85% for five minutes: raise maxTasks or the task size.",
        namespace: "AWS/ECS",
        metricName: "MemoryUtilization",
        dimensions,
        statistic: "Average",
        periodSeconds: 60,
        evaluationPeriods: 5,
        threshold: 85,
        comparison: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
      },
      {
        id: "ApiTasksBelowMinimum",
        name: "api-tasks-below-minimum",
        description: "No task ran for five minutes (the service's metrics stopped): read the service's events and its stopped tasks' reasons.",
        namespace: "AWS/ECS",
        metricName: "CPUUtilization",
        dimensions,
        statistic: "SampleCount",
        periodSeconds: 60,
        evaluationPeriods: 5,
        threshold: 1,
        comparison: "LessThanThreshold",
        treatMissingData: "breaching",
      },
    ]);
    const flat = ["ClusterName", dimensions.ClusterName, "ServiceName", dimensions.ServiceName];
    expect(resolved.graphs).toEqual([
      { title: "CPU (%)", metrics: [["AWS/ECS", "CPUUtilization", ...flat, { stat: "Average" }]] },
      { title: "Memory (%)", metrics: [["AWS/ECS", "MemoryUtilization", ...flat, { stat: "Average" }]] },
      { title: "Running tasks", metrics: [["AWS/ECS", "CPUUtilization", ...flat, { stat: "SampleCount" }]] },
    ]);
  });

  test("with Container Insights, fewer running tasks than minTasks", () => {
    const { service } = build({ containerInsights: true, minTasks: 2, maxTasks: 4 });
    const spec = service.monitoringSpec(THRESHOLDS);
    expect(spec.alarms[2]).toMatchObject({
      id: "ApiTasksBelowMinimum",
      description: "Fewer than 2 tasks ran for five minutes: read the service's events and its stopped tasks' reasons.",
      namespace: "ECS/ContainerInsights",
      metricName: "RunningTaskCount",
      statistic: "Minimum",
      threshold: 2,
      comparison: "LessThanThreshold",
      treatMissingData: "breaching",
    });
    expect(spec.graphs[2]?.metrics[0]?.slice(0, 2)).toEqual(["ECS/ContainerInsights", "RunningTaskCount"]);
    expect(spec.graphs[2]?.metrics[0]?.at(-1)).toEqual({ stat: "Minimum" });
  });

  test("refuses a service of more than one task without Container Insights, naming minTasks", () => {
    const { service } = build({ minTasks: 2, maxTasks: 2 });
    expect(() => service.monitoringSpec(THRESHOLDS)).toThrow(PropsError);
    expect(() => service.monitoringSpec(THRESHOLDS)).toThrow(
      /FargateService "test\/Api": minTasks above 1 can be monitored only with Container Insights .* set containerInsights: true on the FargateService .*; got "2 without Container Insights"/,
    );
    // A cluster passed in counts as without Container Insights.
    const stack = testStack();
    const first = new FargateService(stack, "Api", { ...base, containerInsights: true });
    const worker = new FargateService(stack, "Worker", { ...base, serviceName: "worker", cluster: first.cluster, namespace: first.namespace, minTasks: 2 });
    expect(() => worker.monitoringSpec(THRESHOLDS)).toThrow(/FargateService "test\/Worker": minTasks above 1/);
  });

  test("watch(service) creates exactly the spec's alarms and row", () => {
    const { stack, service } = build({ containerInsights: true, minTasks: 2, maxTasks: 3 });
    const monitoring = new Monitoring(stack, "Monitoring", {
      name: "acme-test",
      region: "eu-west-1",
      accountId: "123456789012",
      serviceCpuPercent: THRESHOLDS.serviceCpuPercent,
      serviceMemoryPercent: THRESHOLDS.serviceMemoryPercent,
    });
    const alarms = monitoring.watch(service);
    const json = synthJson(stack);
    const spec = resolvedIn(stack, service.monitoringSpec(THRESHOLDS));
    expect(alarms.map((a) => a.node.id)).toEqual(spec.alarms.map((a) => a.id));
    expect(countOf(json, "aws_cloudwatch_metric_alarm")).toBe(spec.alarms.length);
    for (const alarm of spec.alarms) {
      expect(onlyResource({ resource: { a: resourcesWithPrefix(json, `Monitoring_${alarm.id}_`) } }, "a")).toMatchObject({
        alarm_name: `acme-test-${alarm.name}`,
        alarm_description: alarm.description,
        namespace: alarm.namespace,
        metric_name: alarm.metricName,
        dimensions: alarm.dimensions,
        statistic: alarm.statistic,
        period: alarm.periodSeconds,
        evaluation_periods: alarm.evaluationPeriods,
        threshold: alarm.threshold,
        comparison_operator: alarm.comparison,
        treat_missing_data: alarm.treatMissingData,
      });
    }
    const widgets = parseJsonAttribute<{ widgets: { type: string; properties: { markdown?: string; title?: string; metrics?: unknown } }[] }>(
      onlyResource(json, "aws_cloudwatch_dashboard").dashboard_body,
    ).widgets;
    // The dashboard's heading, then the service's row and nothing else.
    expect(widgets).toHaveLength(2 + spec.graphs.length);
    expect(widgets[1]!.properties.markdown).toBe(`## ${spec.title}`);
    const graphs = widgets.slice(2).map((w) => ({ title: w.properties.title, metrics: w.properties.metrics }));
    expect(graphs).toEqual(spec.graphs);
  });
});

/** The resources of a stack, of any type, whose Terraform names start with a prefix. */
function resourcesWithPrefix(json: SynthesizedStack, prefix: string): Record<string, Record<string, unknown>> {
  const found: Record<string, Record<string, unknown>> = {};
  for (const byName of Object.values(json.resource ?? {})) {
    for (const [name, resource] of Object.entries(byName)) if (name.startsWith(prefix)) found[name] = resource;
  }
  return found;
}

describe("fargateServicePropProblems, the check run before any construct exists", () => {
  test("none for valid props, with a network of unresolved tokens (as the environment config has it)", () => {
    const lazyNetwork: FargateNetwork = {
      vpcId: Lazy.stringValue({ produce: () => "vpc-123" }),
      publicSubnetIds: Lazy.listValue({ produce: () => ["subnet-a"] }),
      privateSubnetIds: [Lazy.stringValue({ produce: () => "subnet-b" })],
      egress: "nat-gateway",
    };
    expect(fargateServicePropProblems({ ...base, network: lazyNetwork })).toEqual([]);
    expect(fargateServicePropProblems({ ...base, network: lazyNetwork, subnets: "private" })).toEqual([]);
    expect(fargateServicePropProblems({ ...base, network: lazyNetwork, loadBalancerTargets: [{ targetGroupArn: Lazy.stringValue({ produce: () => "x" }) }] })).toEqual([]);
  });

  test("every problem at once, each naming its prop", () => {
    const problems = fargateServicePropProblems({ ...base, containerPort: 0, cpuUnits: 300, serviceDiscovery: false, namespaceName: "x.internal" });
    expect(problems.map((p) => p.prop)).toEqual(["namespaceName", "cpuUnits", "containerPort"]);
  });

  test("stops at a prop the module computes with that is an unresolved token", () => {
    expect(fargateServicePropProblems({ ...base, serviceName: Lazy.stringValue({ produce: () => "api" }) })).toEqual([
      { prop: "serviceName", expected: "must be a literal value known at synth, not a reference resolved at apply", given: "an unresolved token" },
    ]);
  });

  test("a Vpc2Az is a FargateNetwork", () => {
    const stack = testStack();
    const vpc = new Vpc2Az(stack, "Network", { name: "acme-test", region: "eu-west-1", cidr: "10.10.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"] });
    const asNetwork: FargateNetwork = vpc;
    expect(fargateServicePropProblems({ ...base, network: asNetwork })).toEqual([]);
  });
});

const DOCKER_HUB_IMAGE = "docker.io/library/python:3.12-slim";
const REGISTRY_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/test/docker-hub-AbCdEf";
const KMS_KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const CACHE_CREDENTIALS = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf";
const CACHE_PATTERN = "arn:aws:ecr:eu-west-1:123456789012:repository/docker-hub/*";
const CACHED_PYTHON = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/docker-hub/library/python:3.12-slim";
/** A cache as FargateService reads it, without the construct (no rule to depend on). */
const cacheRef = { repositoryPrefix: "docker-hub", repositoryArnPattern: CACHE_PATTERN };
const direct: Partial<FargateServiceProps> = { imageTag: undefined, imageUri: DOCKER_HUB_IMAGE };

/** The task definition of a family. */
function taskDefinitionOf(json: SynthesizedStack, family: string): Record<string, unknown> {
  const found = resourceList(json, "aws_ecs_task_definition").filter((t) => t.family === family);
  if (found.length !== 1) throw new Error(`expected one task definition of family ${family}, found ${found.length}`);
  return found[0]!;
}

describe("FargateService with registry credentials (an image outside ECR)", () => {
  const json = synthWith({ ...direct, registryCredentialsSecretArn: REGISTRY_SECRET_ARN });

  test("the app container pulls its image with the secret as repositoryCredentials; the sidecar without", () => {
    expect(app(json)).toMatchObject({ image: DOCKER_HUB_IMAGE, repositoryCredentials: { credentialsParameter: REGISTRY_SECRET_ARN } });
    expect(containers(json).find((c) => c.name === "xray-daemon")!.repositoryCredentials).toBeUndefined();
  });

  test("the execution role may read exactly that secret, in its own statement, and pulls nothing from ECR", () => {
    expect(policyOf(json, "Api_ExecutionRole")).toEqual([
      expect.objectContaining({ Sid: "WriteLogs" }),
      { Sid: "ReadRegistryCredentials", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: REGISTRY_SECRET_ARN },
    ]);
  });

  test("without the prop, no repositoryCredentials and no such statement", () => {
    const plain = synthWith(direct);
    expect(app(plain).repositoryCredentials).toBeUndefined();
    expect(policyOf(plain, "Api_ExecutionRole").map((st) => st.Sid)).toEqual(["WriteLogs"]);
  });

  test("a customer-managed key: kms:Decrypt on that key only, through Secrets Manager in the secret's region", () => {
    const otherRegionSecret = REGISTRY_SECRET_ARN.replace("eu-west-1", "eu-central-1");
    const withKey = synthWith({
      ...direct,
      registryCredentialsSecretArn: otherRegionSecret,
      registryCredentialsKmsKeyArn: KMS_KEY_ARN.replace("eu-west-1", "eu-central-1"),
    });
    expect(policyOf(withKey, "Api_ExecutionRole").filter((st) => st.Sid?.includes("RegistryCredentials"))).toEqual([
      { Sid: "ReadRegistryCredentials", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: otherRegionSecret },
      {
        Sid: "DecryptRegistryCredentials",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: KMS_KEY_ARN.replace("eu-west-1", "eu-central-1"),
        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-central-1.amazonaws.com" } },
      },
    ]);
  });

  test("beside container secrets, each statement keeps its own ARNs", () => {
    const both = synthWith({ ...direct, registryCredentialsSecretArn: REGISTRY_SECRET_ARN, secrets: { DB_PASSWORD: { secretArn: SECRET_ARN } } });
    const statements = policyOf(both, "Api_ExecutionRole");
    expect(statements.find((st) => st.Sid === "ReadRegistryCredentials")!.Resource).toBe(REGISTRY_SECRET_ARN);
    expect(statements.find((st) => st.Sid === "ReadSecrets")!.Resource).toEqual([SECRET_ARN]);
  });
});

describe("FargateService pulling through an ECR pull-through cache", () => {
  const stack = testStack();
  const cache = new EcrPullThroughCache(stack, "DockerHub", {
    name: "acme-test",
    region: "eu-west-1",
    accountId: "123456789012",
    repositoryPrefix: "docker-hub",
    upstream: "docker-hub",
    credentialsSecretArn: CACHE_CREDENTIALS,
  });
  new FargateService(stack, "Api", { ...base, imageTag: undefined, imageUri: cache.imageUri("python", "3.12-slim"), pullThroughCache: cache });
  const json = synthJson(stack);

  test("runs the cached image and creates no repository of its own", () => {
    expect(app(json).image).toBe(CACHED_PYTHON);
    expect(app(json).repositoryCredentials).toBeUndefined();
    expect(countOf(json, "aws_ecr_repository")).toBe(0);
    expect(countOf(json, "aws_ecr_pull_through_cache_rule")).toBe(1);
  });

  test("the execution role pulls from, creates and imports into the cache's repositories only", () => {
    expect(policyOf(json, "Api_ExecutionRole")).toEqual([
      expect.objectContaining({ Sid: "WriteLogs" }),
      { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Sid: "PullImage",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        Resource: [CACHE_PATTERN],
      },
      { Sid: "PullThroughCache", Effect: "Allow", Action: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"], Resource: CACHE_PATTERN },
    ]);
  });

  test("the service waits for the cache's rule", () => {
    expect(onlyResource(json, "aws_ecs_service").depends_on).toContain(addressOf(json, "aws_ecr_pull_through_cache_rule", "DockerHub_Rule"));
  });

  test("a plain cache reference (no rule) adds no dependency", () => {
    const service = onlyResource(synthWith({ imageTag: undefined, imageUri: CACHED_PYTHON, pullThroughCache: cacheRef }), "aws_ecs_service");
    expect(service.depends_on).toHaveLength(2);
  });

  test("a digest-pinned cached image is accepted", () => {
    const digest = `${CACHED_PYTHON.replace(/:3\.12-slim$/, "")}@sha256:${"ab".repeat(32)}`;
    expect(fargateServicePropProblems({ ...base, imageTag: undefined, imageUri: digest, pullThroughCache: cacheRef })).toEqual([]);
  });
});

describe("FargateService images from Docker Hub, README example", () => {
  test("compiles and synthesizes", () => {
    // The same code as the "Images from Docker Hub" example in modules/fargate-service/README.md.
    const stack = testStack("eu-west-1");
    const network = new Vpc2Az(stack, "Network", {
      name: "acme-staging",
      region: "eu-west-1",
      cidr: "10.10.0.0/16",
      availabilityZones: ["eu-west-1a", "eu-west-1b"],
    });
    const dockerHub = new EcrPullThroughCache(stack, "DockerHub", {
      name: "acme-staging",
      region: "eu-west-1",
      accountId: "123456789012",
      repositoryPrefix: "acme-staging-hub",
      upstream: "docker-hub",
      credentialsSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf",
    });
    const api = new FargateService(stack, "Api", {
      name: "acme-staging",
      serviceName: "api",
      region: "eu-west-1",
      accountId: "123456789012",
      network,
      imageUri: dockerHub.imageUri("acme/api", "1.4.2"),
      pullThroughCache: dockerHub,
      containerPort: 8000,
    });
    const json = synthJson(stack);
    expect(app(json).image).toBe("123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-staging-hub/acme/api:1.4.2");
    expect(api.repository).toBeUndefined();
  });
});

describe("FargateService one-off task definition", () => {
  const { stack, service } = build({
    oneOffTaskDefinition: true,
    environment: { LOG_LEVEL: "info" },
    secrets: { SECRET_KEY: { parameterArn: PARAMETER_ARN } },
    cpuUnits: 512,
    memoryMiB: 1024,
  });
  const json = synthJson(stack);
  const oneOff = taskDefinitionOf(json, "acme-test-api-oneoff");
  const oneOffContainers = parseJsonAttribute<ContainerDefinition[]>(oneOff.container_definitions);
  const serviceApp = parseJsonAttribute<ContainerDefinition[]>(taskDefinitionOf(json, "acme-test-api").container_definitions).find(
    (c) => c.name === APP_CONTAINER_NAME,
  )!;

  test("a second task definition beside the service's, of its own family", () => {
    expect(countOf(json, "aws_ecs_task_definition")).toBe(2);
    expect(service.family).toBe("acme-test-api");
    expect(service.oneOffFamily).toBe("acme-test-api-oneoff");
    expect(service.oneOffTaskDefinition).toBeDefined();
    // The service runs its own family, never the one-off.
    expect(onlyResource(json, "aws_ecs_service").task_definition).toBe(refTo(json, "aws_ecs_task_definition", "Api_TaskDefinition", "arn"));
  });

  test("the same size, platform, roles and volumes as the service's", () => {
    const own = taskDefinitionOf(json, "acme-test-api");
    for (const key of ["cpu", "memory", "runtime_platform", "execution_role_arn", "task_role_arn", "volume", "network_mode", "requires_compatibilities"]) {
      expect({ key, value: oneOff[key] }).toEqual({ key, value: own[key] });
    }
    expect(oneOff).toMatchObject({ cpu: "512", memory: "1024", tags: { Name: "acme-test-api-oneoff" } });
  });

  test("the app container alone: no sidecar, no ports, no health check, same image, environment and secrets", () => {
    expect(oneOffContainers.map((c) => c.name)).toEqual([APP_CONTAINER_NAME]);
    const container = oneOffContainers[0]!;
    expect(container.image).toBe(serviceApp.image);
    expect(container.portMappings).toBeUndefined();
    expect(container.healthCheck).toBeUndefined();
    // The service's environment, without the daemon's address: there is no daemon.
    expect(container.environment).toEqual([{ name: "LOG_LEVEL", value: "info" }]);
    expect(container.secrets).toEqual(serviceApp.secrets);
    expect(container).toMatchObject({ essential: true, readonlyRootFilesystem: true, linuxParameters: { initProcessEnabled: true } });
  });

  test("logs to the service's log group under the stream prefix oneoff", () => {
    expect(oneOffContainers[0]!.logConfiguration.options).toEqual({ ...serviceApp.logConfiguration.options, "awslogs-stream-prefix": "oneoff" });
  });

  test("with registry credentials, the one-off pulls with them too", () => {
    const withCredentials = synthWith({ ...direct, oneOffTaskDefinition: true, registryCredentialsSecretArn: REGISTRY_SECRET_ARN });
    const container = parseJsonAttribute<ContainerDefinition[]>(taskDefinitionOf(withCredentials, "acme-test-api-oneoff").container_definitions)[0]!;
    expect(container.repositoryCredentials).toEqual({ credentialsParameter: REGISTRY_SECRET_ARN });
  });

  test("off by default: one task definition, no one-off fields; what run-task needs is always there", () => {
    const { stack: plainStack, service: plain } = build({ subnets: "private" });
    const plainJson = synthJson(plainStack);
    expect(countOf(plainJson, "aws_ecs_task_definition")).toBe(1);
    expect([plain.oneOffTaskDefinition, plain.oneOffFamily]).toEqual([undefined, undefined]);
    expect(plain.family).toBe("acme-test-api");
    expect(plain.containerName).toBe(APP_CONTAINER_NAME);
    expect(plain.subnetIds).toEqual(["subnet-private-a", "subnet-private-b"]);
    expect(resolvedIn(plainStack, [plain.executionRoleArn, plain.taskRoleArn])).toEqual([
      refTo(plainJson, "aws_iam_role", "Api_ExecutionRole", "arn"),
      refTo(plainJson, "aws_iam_role", "Api_TaskRole", "arn"),
    ]);
  });

  test("subnetIds are the public ones with public subnets", () => {
    expect(build().service.subnetIds).toEqual(["subnet-public-a", "subnet-public-b"]);
  });
});

describe("FargateService imageUpdates", () => {
  test('"terraform" (the default): the service follows the task definition, whose old revisions Terraform deregisters', () => {
    const json = synthWith();
    expect(onlyResource(json, "aws_ecs_service").lifecycle).toBeUndefined();
    expect(onlyResource(json, "aws_ecs_task_definition").skip_destroy).toBeUndefined();
  });

  test('"pipeline": Terraform ignores the service\'s task_definition and keeps the revisions it replaces', () => {
    const json = synthWith({ imageUpdates: "pipeline" });
    expect(onlyResource(json, "aws_ecs_service").lifecycle).toEqual({ ignore_changes: ["task_definition"] });
    expect(onlyResource(json, "aws_ecs_service").task_definition).toBe(refTo(json, "aws_ecs_task_definition", "Api_TaskDefinition", "arn"));
    expect(onlyResource(json, "aws_ecs_task_definition").skip_destroy).toBe(true);
  });

  test('"pipeline" with autoscaling: the desired count is ignored too', () => {
    const json = synthWith({ imageUpdates: "pipeline", minTasks: 1, maxTasks: 4 });
    expect(onlyResource(json, "aws_ecs_service").lifecycle).toEqual({ ignore_changes: ["task_definition", "desired_count"] });
  });

  test('"pipeline" with a one-off task definition: the one-off is Terraform\'s as before', () => {
    const json = synthWith({ imageUpdates: "pipeline", oneOffTaskDefinition: true });
    expect(taskDefinitionOf(json, "acme-test-api-oneoff").skip_destroy).toBeUndefined();
  });
});

describe("FargateService one-off task's own variables and secrets", () => {
  const MASTER_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0123abcd-AbCdEf";
  const json = synthWith({
    oneOffTaskDefinition: true,
    environment: { LOG_LEVEL: "info", DB_USER: "app_user" },
    secrets: { SECRET_KEY: { parameterArn: PARAMETER_ARN } },
    oneOffEnvironment: { APP_ROLE_SQL: "GRANT ...", LOG_LEVEL: "debug" },
    oneOffSecrets: { DB_USER: { secretArn: MASTER_SECRET, jsonKey: "username" }, DB_PASSWORD: { secretArn: MASTER_SECRET, jsonKey: "password" } },
  });
  const appOf = (family: string) => parseJsonAttribute<ContainerDefinition[]>(taskDefinitionOf(json, family).container_definitions).find((c) => c.name === APP_CONTAINER_NAME)!;

  test("the one-off task gets them, replacing the service's of the same name (a variable by a secret too); the service does not", () => {
    const oneOff = appOf("acme-test-api-oneoff");
    expect(oneOff.environment).toEqual([
      { name: "APP_ROLE_SQL", value: "GRANT ..." },
      { name: "LOG_LEVEL", value: "debug" },
    ]);
    expect(oneOff.secrets).toEqual([
      { name: "DB_PASSWORD", valueFrom: `${MASTER_SECRET}:password::` },
      { name: "DB_USER", valueFrom: `${MASTER_SECRET}:username::` },
      { name: "SECRET_KEY", valueFrom: PARAMETER_ARN },
    ]);
    const service = appOf("acme-test-api");
    expect(service.environment?.map((e) => e.name)).toEqual(["AWS_XRAY_DAEMON_ADDRESS", "DB_USER", "LOG_LEVEL"]);
    expect(service.secrets?.map((e) => e.name)).toEqual(["SECRET_KEY"]);
  });

  test("the execution role may read the one-off task's secrets (it starts both task definitions)", () => {
    const read = policyOf(json, "Api_ExecutionRole").find((st) => st.Sid === "ReadSecrets")!;
    expect(read.Resource).toEqual([MASTER_SECRET]);
  });
});

describe("FargateService refuses bad props, naming the prop", () => {
  const twoTargets = (a: string, b: string) => [{ targetGroupArn: a }, { targetGroupArn: b }];
  testRefusedProps<FargateServiceProps>(
    [
      [
        "a memory size Fargate does not accept for the CPU",
        { cpuUnits: 256, memoryMiB: 4096 },
        /memoryMiB must be one of the sizes Fargate accepts with cpuUnits 256: 512, 1024, 2048; got 4096/,
      ],
      ["a CPU size Fargate does not offer", { cpuUnits: 300 }, /cpuUnits must be one of the CPU sizes Fargate offers: 256, 512, 1024, 2048, 4096, 8192, 16384; got 300/],
      ["min above max", { minTasks: 3, maxTasks: 2 }, /minTasks must be at most maxTasks \(2\); got 3/],
      ["one-off variables without the one-off task definition", { oneOffEnvironment: { A: "b" } }, /oneOffEnvironment needs oneOffTaskDefinition: true/],
      [
        "a one-off secret given as a plain value",
        { oneOffTaskDefinition: true, oneOffSecrets: { DB_PASSWORD: { secretArn: "hunter2" } } },
        /oneOffSecrets\.DB_PASSWORD\.secretArn must be the full ARN of a Secrets Manager secret/,
      ],
      ["a secret-looking one-off variable", { oneOffTaskDefinition: true, oneOffEnvironment: { DB_PASSWORD: "hunter2" } }, /oneOffEnvironment\.DB_PASSWORD looks like a secret/],
      ["a desired count outside min and max", { minTasks: 1, maxTasks: 3, desiredCount: 5 }, /desiredCount must be a whole number from minTasks \(1\) to maxTasks \(3\); got 5/],
      ["port 0", { containerPort: 0 }, /containerPort must be a whole number from 1 to 65535; got 0/],
      ["port 70000", { containerPort: 70000 }, /containerPort must be a whole number from 1 to 65535; got 70000/],
      [
        "a secret given as a plain value",
        { secrets: { SECRET_KEY: { parameterArn: "s3cr3t-value" } } },
        /secrets\.SECRET_KEY\.parameterArn must be the ARN of an SSM parameter .*never the secret itself; got "a value that is not such an ARN \(not shown: it may be the secret\)"/,
      ],
      [
        "a Secrets Manager secret given as a plain value",
        { secrets: { DB_PASSWORD: { secretArn: "hunter2" } } },
        /secrets\.DB_PASSWORD\.secretArn must be the full ARN of a Secrets Manager secret/,
      ],
      [
        "a secret-looking plain environment value",
        { environment: { DATABASE_PASSWORD: "hunter2" } },
        /environment\.DATABASE_PASSWORD looks like a secret; pass it through secrets .*; got "a plain value \(not shown\)"/,
      ],
      [
        "a Secrets Manager ARN without its suffix (IAM would not match it)",
        { secrets: { DB_PASSWORD: { secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/test/db" } } },
        /secrets\.DB_PASSWORD\.secretArn must be the full ARN .* with the 6-character suffix/,
      ],
      [
        "a variable in both environment and secrets",
        { environment: { SECRET_KEY_NAME: "x", LOG: "1" }, secrets: { LOG: { parameterArn: PARAMETER_ARN } } },
        /environment\.LOG is also in secrets/,
      ],
      ["no image", { imageTag: undefined }, /imageTag and imageUri are exclusive, and one is required: imageTag for the service.s own ECR repository/],
      ["both images", { imageUri: "public.ecr.aws/nginx/nginx:1.27" }, /imageTag and imageUri are exclusive/],
      ["the latest tag", { imageTag: "latest" }, /imageTag must name a version, not "latest"/],
      ["an unpinned image URI", { imageTag: undefined, imageUri: "public.ecr.aws/nginx/nginx" }, /imageUri must end in a version tag or a digest/],
      ["private subnets without NAT", { subnets: "private", network: { ...network, egress: "none" } }, /subnets can be "private" only when the VPC has NAT egress/],
      ["no subnets of the kind chosen", { network: { ...network, publicSubnetIds: [] } }, /network\.publicSubnetIds must list at least one subnet for subnets "public"/],
      ["no weight anywhere", { onDemandWeight: 0, spotWeight: 0 }, /spotWeight or onDemandWeight must be above 0/],
      ["a bad service name", { serviceName: "API_v1" }, /serviceName must be a DNS label/],
      ["a malformed account id", { accountId: "1234" }, /accountId must be a 12-digit AWS account id/],
      ["a region that does not exist", { region: "eu-west-9" }, /region "eu-west-9" is not an AWS region; did you mean eu-west-1, eu-west-2 or eu-west-3\?/],
      ["a health check without CMD", { healthCheckCommand: ["curl", "localhost"] }, /healthCheckCommand must start with "CMD" or "CMD-SHELL"/],
      ["a target above 95%", { minTasks: 1, maxTasks: 2, cpuTargetPercent: 99 }, /cpuTargetPercent must be a percentage from 10 to 95; got 99/],
      ["a retention CloudWatch refuses", { logRetentionDays: 45 }, /logRetentionDays must be one of the retention periods/],
      ["an X-Ray image by tag", { xrayDaemonImage: "public.ecr.aws/xray/aws-xray-daemon:3.x" }, /xrayDaemonImage must be pinned by digest/],
      ["keepImages with an external image", { imageTag: undefined, imageUri: "public.ecr.aws/nginx/nginx:1.27", keepImages: 5 }, /keepImages applies only to the ECR repository/],
      [
        "containerInsights with a cluster passed in",
        { cluster: { name: "shared", arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/shared" }, containerInsights: true },
        /containerInsights applies only to the cluster the module creates/,
      ],
      ["namespaceName with a namespace passed in", { namespace: { id: "ns-123", name: "shared.internal" }, namespaceName: "x.internal" }, /namespaceName applies only to the namespace the module creates/],
      ["a namespace without serviceDiscovery", { serviceDiscovery: false, namespace: { id: "ns-123", name: "shared.internal" } }, /namespace applies only with serviceDiscovery/],
      ["a namespaceName without serviceDiscovery", { serviceDiscovery: false, namespaceName: "acme-test.internal" }, /namespaceName applies only with serviceDiscovery/],
      [
        "a target group that is not a target group ARN",
        { loadBalancerTargets: [{ targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/acme/0123456789abcdef" }] },
        /loadBalancerTargets\[0\]\.targetGroupArn must be the ARN of an Elastic Load Balancing target group/,
      ],
      ["a target group listed twice", { loadBalancerTargets: twoTargets(TARGET_GROUP_ARN, TARGET_GROUP_ARN) }, /loadBalancerTargets\[1\]\.targetGroupArn is listed twice/],
      [
        "more target groups than ECS attaches",
        { loadBalancerTargets: [1, 2, 3, 4, 5, 6].map((n) => ({ targetGroupArn: TARGET_GROUP_ARN.replace(/.$/, String(n)) })) },
        /loadBalancerTargets must list at most 5 target groups .*; got "6 target groups"/,
      ],
      [
        "a target port of 0",
        { loadBalancerTargets: [{ targetGroupArn: TARGET_GROUP_ARN, containerPort: 0 }] },
        /loadBalancerTargets\[0\]\.containerPort must be a whole number from 1 to 65535; got 0/,
      ],
      ["a grace period without load balancer targets", { healthCheckGracePeriodSeconds: 60 }, /healthCheckGracePeriodSeconds applies only with loadBalancerTargets/],
      [
        "registry credentials that are not a secret ARN",
        { ...direct, registryCredentialsSecretArn: "hunter2" },
        /registryCredentialsSecretArn must be the full ARN of a Secrets Manager secret, with the 6-character suffix.*; got "a value that is not such an ARN \(not shown: it may be the credentials\)"/,
      ],
      [
        "registry credentials with imageTag",
        { registryCredentialsSecretArn: REGISTRY_SECRET_ARN },
        /registryCredentialsSecretArn applies only with imageUri \(an image in a registry outside ECR\)/,
      ],
      [
        "registry credentials for an ECR image",
        { imageTag: undefined, imageUri: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/api:1.0.0", registryCredentialsSecretArn: REGISTRY_SECRET_ARN },
        /registryCredentialsSecretArn applies only to an image outside ECR: ECR images are pulled with the execution role's ECR permissions.*use pullThroughCache/,
      ],
      [
        "registry credentials for an image of the pull-through cache",
        { imageTag: undefined, imageUri: CACHED_PYTHON, pullThroughCache: cacheRef, registryCredentialsSecretArn: REGISTRY_SECRET_ARN },
        /registryCredentialsSecretArn applies only to an image outside ECR/,
      ],
      [
        "a KMS key without registry credentials",
        { ...direct, registryCredentialsKmsKeyArn: KMS_KEY_ARN },
        /registryCredentialsKmsKeyArn applies only with registryCredentialsSecretArn/,
      ],
      [
        "a KMS alias instead of a key",
        { ...direct, registryCredentialsSecretArn: REGISTRY_SECRET_ARN, registryCredentialsKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:alias/docker-hub" },
        /registryCredentialsKmsKeyArn must be the ARN of a KMS key .*not an alias/,
      ],
      [
        "a KMS key in another region than the secret",
        { ...direct, registryCredentialsSecretArn: REGISTRY_SECRET_ARN, registryCredentialsKmsKeyArn: KMS_KEY_ARN.replace("eu-west-1", "us-east-1") },
        /registryCredentialsKmsKeyArn must be a key in the secret's region \(eu-west-1\)/,
      ],
      ["a pull-through cache with imageTag", { pullThroughCache: cacheRef }, /pullThroughCache applies only with imageUri, an image of the cache/],
      [
        "a pull-through cache with an image from elsewhere",
        { ...direct, pullThroughCache: cacheRef },
        /imageUri must be an image of pullThroughCache, "123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/docker-hub\/" then/,
      ],
      [
        "a pull-through cache image under another prefix",
        { imageTag: undefined, imageUri: CACHED_PYTHON.replace("/docker-hub/", "/other-hub/"), pullThroughCache: cacheRef },
        /imageUri must be an image of pullThroughCache/,
      ],
      [
        "an official image of the cache without library/",
        { imageTag: undefined, imageUri: CACHED_PYTHON.replace("library/", ""), pullThroughCache: cacheRef },
        /imageUri must be an image of pullThroughCache, .* then a lowercase upstream repository \(library\/<name> for an official image\)/,
      ],
      [
        "a pull-through cache of another account",
        { imageTag: undefined, imageUri: CACHED_PYTHON, pullThroughCache: { ...cacheRef, repositoryArnPattern: CACHE_PATTERN.replace("123456789012", "210987654321") } },
        /pullThroughCache\.repositoryArnPattern must be the repositories of the cache's prefix in the service's account and region, "arn:aws:ecr:eu-west-1:123456789012:repository\/docker-hub\/\*"/,
      ],
      ["an imageUpdates that is neither", { imageUpdates: "manual" as "pipeline" }, /imageUpdates must be "terraform" .* or "pipeline"/],
      [
        "a negative grace period",
        { loadBalancerTargets: [{ targetGroupArn: TARGET_GROUP_ARN }], healthCheckGracePeriodSeconds: -1 },
        /healthCheckGracePeriodSeconds must be a whole number of seconds from 0 to 2147483647 .*; got -1/,
      ],
      [
        "a grace period above ECS's maximum",
        { loadBalancerTargets: [{ targetGroupArn: TARGET_GROUP_ARN }], healthCheckGracePeriodSeconds: 2147483648 },
        /healthCheckGracePeriodSeconds must be a whole number of seconds from 0 to 2147483647/,
      ],
    ],
    {
      build: (overrides) => build(overrides),
      check: (overrides) => fargateServicePropProblems({ ...base, ...overrides }),
    },
  );

  test("never echoes a secret value in the error", () => {
    expect(() => build({ secrets: { SECRET_KEY: { parameterArn: "s3cr3t-value" } } })).not.toThrow(/s3cr3t-value/);
    expect(() => build({ environment: { API_TOKEN: "tok-123" } })).not.toThrow(/tok-123/);
    expect(() => build({ ...direct, registryCredentialsSecretArn: "hunter2" })).not.toThrow(/hunter2/);
    expect(() => build({ registryCredentialsSecretArn: "hunter2" })).not.toThrow(/hunter2/);
  });
});
