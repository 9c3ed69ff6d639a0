import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { EcsServiceCapacityProviderStrategy } from "@cdktf/provider-aws/lib/ecs-service";
import { Construct } from "constructs";
import type { Settings } from "./validate";

/** The service's capacity provider strategy: regular Fargate (with its base) and Fargate Spot, each only with a share. */
export function capacityStrategy(s: Settings): EcsServiceCapacityProviderStrategy[] {
  const strategy: EcsServiceCapacityProviderStrategy[] = [];
  if (s.onDemandWeight > 0 || s.onDemandBase > 0) {
    strategy.push({ capacityProvider: "FARGATE", weight: s.onDemandWeight, base: s.onDemandBase });
  }
  if (s.spotWeight > 0) strategy.push({ capacityProvider: "FARGATE_SPOT", weight: s.spotWeight, base: 0 });
  return strategy;
}

/**
 * Target tracking on the service's average CPU and memory, between `minTasks` and `maxTasks`:
 * the scalable target (`ScalingTarget`) and one policy per metric (`ScalingCpu`, `ScalingMemory`).
 */
export function serviceAutoscaling(
  scope: Construct,
  options: { readonly prefix: string; readonly clusterName: string; readonly serviceName: string; readonly settings: Settings },
): AppautoscalingTarget {
  const { prefix, settings: s } = options;
  const target = new AppautoscalingTarget(scope, "ScalingTarget", {
    serviceNamespace: "ecs",
    scalableDimension: "ecs:service:DesiredCount",
    resourceId: `service/${options.clusterName}/${options.serviceName}`,
    minCapacity: s.minTasks,
    maxCapacity: s.maxTasks,
  });
  const metrics = [
    ["Cpu", "ECSServiceAverageCPUUtilization", s.cpuTargetPercent],
    ["Memory", "ECSServiceAverageMemoryUtilization", s.memoryTargetPercent],
  ] as const;
  for (const [suffix, metric, targetValue] of metrics) {
    new AppautoscalingPolicy(scope, `Scaling${suffix}`, {
      name: `${prefix}-${suffix.toLowerCase()}`,
      policyType: "TargetTrackingScaling",
      serviceNamespace: target.serviceNamespace,
      scalableDimension: target.scalableDimension,
      resourceId: target.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue,
        predefinedMetricSpecification: { predefinedMetricType: metric },
        scaleInCooldown: s.scaleInCooldownSeconds,
        scaleOutCooldown: s.scaleOutCooldownSeconds,
      },
    });
  }
  return target;
}
