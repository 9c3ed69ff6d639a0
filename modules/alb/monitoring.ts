import { AlarmSpec, AlarmThresholds, dimensionList, kebabCase, MonitoringSpec } from "../shared/monitorable";

/** What the load balancer's alarms and graphs read. */
export interface MonitoredLoadBalancer {
  /** The construct id: it names the alarms (`<id>Elb5xx`, `<id>-elb-5xx`). */
  readonly id: string;
  /** The load balancer's `arn_suffix` (`app/<name>/<id>`): the `LoadBalancer` dimension. */
  readonly loadBalancerArnSuffix: string;
  /** The target group's `arn_suffix` (`targetgroup/<name>/<id>`): the `TargetGroup` dimension. */
  readonly targetGroupArnSuffix: string;
}

const NAMESPACE = "AWS/ApplicationELB";

/**
 * A load balancer's alarms and its dashboard row. The load balancer is the API's front door, so
 * it reads the API thresholds: 5xx answers the load balancer made itself (no healthy target, a
 * target that timed out or closed the connection) and 5xx answers of the targets, each above
 * `api5xxPerMinute` in a minute; the targets' p99 response time above `apiLatencyP99Ms` for five
 * minutes (CloudWatch reports it in seconds); and any unhealthy target for two minutes.
 */
export function albMonitoringSpec(lb: MonitoredLoadBalancer, t: AlarmThresholds): MonitoringSpec {
  const key = lb.id;
  const name = kebabCase(key);
  const onLoadBalancer = { LoadBalancer: lb.loadBalancerArnSuffix };
  const onTargets = { TargetGroup: lb.targetGroupArnSuffix, LoadBalancer: lb.loadBalancerArnSuffix };
  const l = dimensionList(onLoadBalancer);
  const g = dimensionList(onTargets);
  const latencySeconds = t.apiLatencyP99Ms / 1000;
  const perMinute = (id: string, alarmName: string, metricName: string, dimensions: Record<string, string>, description: string): AlarmSpec => ({
    id: `${key}${id}`,
    name: `${name}-${alarmName}`,
    description,
    namespace: NAMESPACE,
    metricName,
    dimensions,
    statistic: "Sum",
    periodSeconds: 60,
    evaluationPeriods: 1,
    threshold: t.api5xxPerMinute,
    comparison: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
  });
  return {
    title: `Load balancer (${key})`,
    graphs: [
      { title: "Requests", metrics: [[NAMESPACE, "RequestCount", ...l, { stat: "Sum" }]] },
      {
        title: "Errors",
        metrics: [
          [NAMESPACE, "HTTPCode_ELB_5XX_Count", ...l, { stat: "Sum" }],
          [NAMESPACE, "HTTPCode_Target_5XX_Count", ...g, { stat: "Sum" }],
          [NAMESPACE, "HTTPCode_Target_4XX_Count", ...g, { stat: "Sum" }],
        ],
      },
      {
        title: "Target response time (s)",
        metrics: [
          [NAMESPACE, "TargetResponseTime", ...g, { stat: "p50" }],
          [NAMESPACE, "TargetResponseTime", ...g, { stat: "p99" }],
        ],
      },
      {
        title: "Targets",
        metrics: [
          [NAMESPACE, "HealthyHostCount", ...g, { stat: "Minimum" }],
          [NAMESPACE, "UnHealthyHostCount", ...g, { stat: "Maximum" }],
        ],
      },
    ],
    alarms: [
      perMinute(
        "Elb5xx",
        "elb-5xx",
        "HTTPCode_ELB_5XX_Count",
        onLoadBalancer,
        `More than ${t.api5xxPerMinute} 5xx answers from the load balancer itself in a minute (502/503/504: no healthy target, or targets that failed or timed out): check the target group's health and the service's events.`,
      ),
      perMinute(
        "Target5xx",
        "target-5xx",
        "HTTPCode_Target_5XX_Count",
        onTargets,
        `More than ${t.api5xxPerMinute} 5xx answers from the service behind the load balancer in a minute: read the service's logs.`,
      ),
      {
        id: `${key}LatencyP99`,
        name: `${name}-latency-p99`,
        description: `The targets' p99 response time stayed above ${t.apiLatencyP99Ms} ms (${latencySeconds} s) for five minutes: check the service's CPU and the database.`,
        namespace: NAMESPACE,
        metricName: "TargetResponseTime",
        dimensions: onTargets,
        extendedStatistic: "p99",
        periodSeconds: 60,
        evaluationPeriods: 5,
        threshold: latencySeconds,
        comparison: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
      },
      {
        id: `${key}UnhealthyTargets`,
        name: `${name}-unhealthy-targets`,
        description: "A target of the load balancer failed its health checks for two minutes: read the service's logs and its tasks' stopped reasons.",
        namespace: NAMESPACE,
        metricName: "UnHealthyHostCount",
        dimensions: onTargets,
        statistic: "Maximum",
        periodSeconds: 60,
        evaluationPeriods: 2,
        threshold: 0,
        comparison: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
      },
    ],
  };
}
