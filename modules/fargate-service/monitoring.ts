import { Construct } from "constructs";
import { PropsValidator } from "../shared/errors";
import { AlarmSpec, AlarmThresholds, dimensionList, kebabCase, MonitoringSpec } from "../shared/monitorable";

/** What the service's monitoring reads of it: a `FargateService` fits. */
export interface MonitoredFargateService extends Construct {
  readonly cluster: { readonly name: string };
  readonly serviceName: string;
  readonly minTasks: number;
  readonly containerInsights: boolean;
}

/**
 * The service's alarms and dashboard row: CPU and memory above the thresholds for five minutes,
 * and fewer running tasks than `minTasks`. Counting tasks needs Container Insights
 * (ECS/ContainerInsights RunningTaskCount); without it, a service of one task is watched for
 * having none (its AWS/ECS metrics stop), and a service of more is refused with a `PropsError`,
 * since a partial outage would go unseen. Alarm ids and names start with the construct's id.
 */
export function serviceMonitoringSpec(service: MonitoredFargateService, thresholds: AlarmThresholds): MonitoringSpec {
  const key = service.node.id;
  if (!service.containerInsights && service.minTasks > 1) {
    const v = new PropsValidator(service, "FargateService");
    v.fail(
      "minTasks",
      "above 1 can be monitored only with Container Insights on the service's cluster, which counts running tasks (ECS/ContainerInsights RunningTaskCount): set containerInsights: true on the FargateService (a cluster passed in counts as without)",
      `${service.minTasks} without Container Insights`,
    );
    v.throwIfInvalid();
  }
  const dimensions = { ClusterName: service.cluster.name, ServiceName: service.serviceName };
  const utilization = (metric: "CPUUtilization" | "MemoryUtilization", what: string, threshold: number): AlarmSpec => ({
    id: `${key}${metric === "CPUUtilization" ? "Cpu" : "Memory"}High`,
    name: `${kebabCase(key)}-${metric === "CPUUtilization" ? "cpu" : "memory"}-high`,
    description: `The service's average ${what} stayed above ${threshold}% for five minutes: raise maxTasks or the task size.`,
    namespace: "AWS/ECS",
    metricName: metric,
    dimensions,
    statistic: "Average",
    periodSeconds: 60,
    evaluationPeriods: 5,
    threshold,
    comparison: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
  });
  const running: AlarmSpec = service.containerInsights
    ? {
        id: `${key}TasksBelowMinimum`,
        name: `${kebabCase(key)}-tasks-below-minimum`,
        description: `Fewer than ${service.minTasks} tasks ran for five minutes: read the service's events and its stopped tasks' reasons.`,
        namespace: "ECS/ContainerInsights",
        metricName: "RunningTaskCount",
        dimensions,
        statistic: "Minimum",
        periodSeconds: 60,
        evaluationPeriods: 5,
        threshold: service.minTasks,
        comparison: "LessThanThreshold",
        treatMissingData: "breaching",
      }
    : {
        id: `${key}TasksBelowMinimum`,
        name: `${kebabCase(key)}-tasks-below-minimum`,
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
      };
  return {
    title: `Service (${key})`,
    graphs: [
      { title: "CPU (%)", metrics: [["AWS/ECS", "CPUUtilization", ...dimensionList(dimensions), { stat: "Average" }]] },
      { title: "Memory (%)", metrics: [["AWS/ECS", "MemoryUtilization", ...dimensionList(dimensions), { stat: "Average" }]] },
      {
        title: "Running tasks",
        metrics: [[running.namespace, running.metricName, ...dimensionList(dimensions), { stat: running.statistic ?? "Minimum" }]],
      },
    ],
    alarms: [
      utilization("CPUUtilization", "CPU", thresholds.serviceCpuPercent),
      utilization("MemoryUtilization", "memory", thresholds.serviceMemoryPercent),
      running,
    ],
  };
}
