/** Prices of the containers: Fargate tasks, Container Insights, Cloud Map, ECR storage. */
import { block, blocks, referencedName, stringOf } from "../../../inspect";
import { ASSUMPTIONS, HOURS_PER_MONTH } from "../assumptions";
import { address, Component, Context, Line, PriceRule } from "../context";
import { formatPercent, formatQuantity } from "../format";
import type { TerraformResource } from "../types";

/** Tasks a service runs on average: its desired count plus `usage.extraTasksAverage`. */
function taskCount(ctx: Context, service: TerraformResource): number {
  const desired = typeof service.desired_count === "number" ? service.desired_count : 0;
  return desired + ctx.usage.extraTasksAverage;
}

/**
 * The share of a service's tasks on regular Fargate and on Fargate Spot, from its capacity
 * provider strategy (or the cluster's default): `base` tasks first, the rest by weight, with the
 * desired count as the task count. Undefined for EC2 capacity.
 */
function capacitySplit(ctx: Context, service: TerraformResource): { onDemand: number; spot: number } | undefined {
  let strategy = blocks(service.capacity_provider_strategy);
  if (strategy.length === 0 && service.launch_type === undefined) {
    const clusterName = referencedName(service.cluster, "aws_ecs_cluster");
    const defaults = ctx.of("aws_ecs_cluster_capacity_providers").find(([, c]) => referencedName(c.cluster_name, "aws_ecs_cluster") === clusterName)?.[1];
    strategy = blocks(defaults?.default_capacity_provider_strategy);
  }
  if (strategy.length === 0) return service.launch_type === undefined || service.launch_type === "FARGATE" ? { onDemand: 1, spot: 0 } : undefined;
  if (strategy.some((s) => s.capacity_provider !== "FARGATE" && s.capacity_provider !== "FARGATE_SPOT")) return undefined;
  const tasks = Math.max(typeof service.desired_count === "number" ? service.desired_count : 0, 1);
  let remaining = tasks;
  const placed = { FARGATE: 0, FARGATE_SPOT: 0 };
  for (const s of strategy) {
    const base = Math.min(typeof s.base === "number" ? s.base : 0, remaining);
    placed[s.capacity_provider as "FARGATE" | "FARGATE_SPOT"] += base;
    remaining -= base;
  }
  const totalWeight = strategy.reduce((sum, s) => sum + (typeof s.weight === "number" ? s.weight : 0), 0);
  for (const s of strategy) {
    const weight = typeof s.weight === "number" ? s.weight : 0;
    placed[s.capacity_provider as "FARGATE" | "FARGATE_SPOT"] += totalWeight === 0 ? 0 : (remaining * weight) / totalWeight;
  }
  if (totalWeight === 0) placed.FARGATE += remaining;
  return { onDemand: placed.FARGATE / tasks, spot: placed.FARGATE_SPOT / tasks };
}

function ecsServiceLines(ctx: Context, name: string, service: TerraformResource): Line[] {
  const at = address("aws_ecs_service", name);
  const taskDefinitionName = referencedName(service.task_definition, "aws_ecs_task_definition");
  const taskDefinition = taskDefinitionName === undefined ? undefined : ctx.get("aws_ecs_task_definition", taskDefinitionName);
  if (taskDefinition === undefined) return [ctx.notPriced(at, "aws_ecs_service", "ECS service: its task definition is not in the stack")];
  const cpuUnits = Number(taskDefinition.cpu);
  const memoryMiB = Number(taskDefinition.memory);
  if (!(cpuUnits > 0) || !(memoryMiB > 0)) return [ctx.notPriced(at, "aws_ecs_service", "ECS service: the task definition gives no task-level cpu and memory")];
  const split = capacitySplit(ctx, service);
  if (split === undefined) return [ctx.notPriced(at, "aws_ecs_service", "ECS service on EC2 capacity: the instances would be priced, not the tasks")];
  const platform = block(taskDefinition.runtime_platform);
  const arm = stringOf(platform?.cpu_architecture) === "ARM64";
  const arch = arm ? "arm" : "x86";
  const vcpu = cpuUnits / 1024;
  const gb = memoryMiB / 1024;
  const desired = typeof service.desired_count === "number" ? service.desired_count : 0;
  const tasks = taskCount(ctx, service);
  const components: Component[] = [];
  const shares: [string, number][] = [["", split.onDemand * tasks], ["spot-", split.spot * tasks]];
  for (const [spot, count] of shares) {
    if (count === 0) continue;
    const label = spot === "" ? "on demand" : "Spot";
    components.push({ key: `fargate-${spot}vcpu-hour-${arch}`, quantity: count * vcpu * HOURS_PER_MONTH, what: `vCPU-h ${label}` });
    components.push({ key: `fargate-${spot}gb-hour-${arch}`, quantity: count * gb * HOURS_PER_MONTH, what: `GB-h ${label}` });
  }
  const ephemeral = block(taskDefinition.ephemeral_storage)?.size_in_gib;
  if (typeof ephemeral === "number" && ephemeral > 20) {
    components.push({ key: "fargate-ephemeral-gb-hour", quantity: tasks * (ephemeral - 20) * HOURS_PER_MONTH, what: "GB-h ephemeral storage over 20 GB" });
  }
  const extra = ctx.usage.extraTasksAverage;
  const subject =
    `Fargate ${arm ? "ARM64" : "X86_64"}: ${formatQuantity(tasks)} task(s) (desired ${desired}${extra > 0 ? ` + ${formatQuantity(extra)} extra on average` : ""}) × ` +
    `${formatQuantity(vcpu)} vCPU / ${formatQuantity(gb)} GB, ${formatPercent(split.spot)} on Spot`;
  const lines = [ctx.line(at, "aws_ecs_service", subject, components.length > 0 ? components : [{ key: `fargate-vcpu-hour-${arch}`, quantity: 0, what: "vCPU-h" }])];
  const network = block(service.network_configuration);
  if (network?.assign_public_ip === true) {
    lines.push(
      ctx.line(at, "aws_ecs_service", `public IPv4 address per task (assign_public_ip), ${formatQuantity(tasks)} task(s)`, [
        { key: "public-ipv4-hour", quantity: tasks * HOURS_PER_MONTH, what: "h" },
      ], true),
    );
  }
  return lines;
}

export const CONTAINER_RULES: Readonly<Record<string, PriceRule>> = {
  aws_ecs_service: (ctx, name, service) => ecsServiceLines(ctx, name, service),

  aws_ecs_cluster: (ctx, name, cluster) => {
    const at = address("aws_ecs_cluster", name);
    const mode = stringOf(blocks(cluster.setting).find((s) => s.name === "containerInsights")?.value);
    if (mode === undefined || mode === "disabled") return [ctx.free(at, "aws_ecs_cluster", "ECS cluster: free (Container Insights off)")];
    if (mode !== "enabled") {
      return [ctx.notPriced(at, "aws_ecs_cluster", `Container Insights "${mode}" (observation-based pricing) is not priced`)];
    }
    const services = ctx.of("aws_ecs_service").filter(([, s]) => referencedName(s.cluster, "aws_ecs_cluster") === name);
    const families = new Set(services.map(([, s]) => referencedName(s.task_definition, "aws_ecs_task_definition") ?? ""));
    const m = ASSUMPTIONS.containerInsightsMetrics;
    const metrics = m.perCluster + m.perService * services.length + m.perTaskFamily * families.size;
    return [
      ctx.line(at, "aws_ecs_cluster", `Container Insights: ${services.length} service(s), ${families.size} task family(ies), about ${metrics} custom metrics (ASSUMPTIONS.containerInsightsMetrics)`, [
        { key: "cloudwatch-custom-metric-month", quantity: metrics, what: "metric-months" },
      ]),
    ];
  },

  aws_service_discovery_service: (ctx, name) => {
    const tasks = ctx
      .of("aws_ecs_service")
      .filter(([, s]) => blocks(s.service_registries).some((r) => referencedName(r.registry_arn, "aws_service_discovery_service") === name))
      .reduce((sum, [, s]) => sum + taskCount(ctx, s), 0);
    return [
      ctx.line(address("aws_service_discovery_service", name), "aws_service_discovery_service", "Cloud Map: the service's tasks as registered instances", [
        { key: "cloudmap-instance-month", quantity: tasks, what: "instance-months" },
      ], true),
    ];
  },

  aws_service_discovery_private_dns_namespace: (ctx, name) => [
    ctx.line(address("aws_service_discovery_private_dns_namespace", name), "aws_service_discovery_private_dns_namespace", "Cloud Map private DNS namespace: a Route 53 private hosted zone", [
      { key: "route53-hosted-zone-month", quantity: 1, what: "hosted zone-month" },
    ], true),
  ],

  aws_service_discovery_public_dns_namespace: (ctx, name) => [
    ctx.line(address("aws_service_discovery_public_dns_namespace", name), "aws_service_discovery_public_dns_namespace", "Cloud Map public DNS namespace: a Route 53 hosted zone", [
      { key: "route53-hosted-zone-month", quantity: 1, what: "hosted zone-month" },
    ], true),
  ],

  aws_service_discovery_http_namespace: (ctx, name) => [
    ctx.free(address("aws_service_discovery_http_namespace", name), "aws_service_discovery_http_namespace", "Cloud Map HTTP namespace: free (instances and API calls are priced)", true),
  ],

  aws_ecr_repository: (ctx, name) => [
    ctx.line(address("aws_ecr_repository", name), "aws_ecr_repository", "ECR image storage (usage.imageStorageGiB)", [
      { key: "ecr-gb-month", quantity: ctx.usage.imageStorageGiB / imageStores(ctx), what: "GB-month" },
    ]),
  ],

  // The cache's repositories are created on the first pull, outside Terraform: their images are
  // the stack's image storage.
  aws_ecr_pull_through_cache_rule: (ctx, name) => [
    ctx.line(address("aws_ecr_pull_through_cache_rule", name), "aws_ecr_pull_through_cache_rule", "ECR storage of the images the pull-through cache keeps (usage.imageStorageGiB)", [
      { key: "ecr-gb-month", quantity: ctx.usage.imageStorageGiB / imageStores(ctx), what: "GB-month" },
    ]),
  ],
};

/** Where the stack's images are kept: its ECR repositories and its pull-through caches share usage.imageStorageGiB. */
function imageStores(ctx: Context): number {
  return ctx.of("aws_ecr_repository").length + ctx.of("aws_ecr_pull_through_cache_rule").length;
}
