import type { IConstruct } from "constructs";
import { AlarmSpec, AlarmThresholds, dimensionList, kebabCase, MonitoringSpec } from "../shared/monitorable";

/** What the function's alarms and graphs read: a `LambdaFunction` fits. */
export interface MonitoredFunction extends IConstruct {
  readonly functionName: string;
  readonly timeoutSeconds: number;
  readonly reservedConcurrency: number | undefined;
  /** The failure queue's name (its `name` attribute). */
  readonly failureQueueName: string;
}

/**
 * The function's alarms and dashboard row. Alarms, on the function (every version and alias):
 * errors and throttles summed per minute above `functionErrorsPerMinute` and
 * `functionThrottlesPerMinute`; p99 duration above `functionDurationP99Percent` of the timeout for
 * five minutes; concurrent executions above `functionConcurrencyPercent` of the reserved
 * concurrency for five minutes (only with reserved concurrency: that is the limit sized to what
 * its dependencies hold); and any message in the failure queue (asynchronous events that failed
 * every attempt). Alarm ids and names start with the construct's id.
 */
export function functionMonitoringSpec(fn: MonitoredFunction, t: AlarmThresholds): MonitoringSpec {
  const key = fn.node.id;
  const name = kebabCase(key);
  const dimensions = { FunctionName: fn.functionName };
  const d = dimensionList(dimensions);
  const durationMs = Math.floor((fn.timeoutSeconds * 1000 * t.functionDurationP99Percent) / 100);
  const alarms: AlarmSpec[] = [
    {
      id: `${key}Errors`,
      name: `${name}-errors`,
      description: `More than ${t.functionErrorsPerMinute} invocations of the function ended in an error in a minute: read its log group.`,
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions,
      statistic: "Sum",
      periodSeconds: 60,
      evaluationPeriods: 1,
      threshold: t.functionErrorsPerMinute,
      comparison: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
    },
    {
      id: `${key}Throttles`,
      name: `${name}-throttles`,
      description: `More than ${t.functionThrottlesPerMinute} invocations of the function were throttled in a minute: it ran out of concurrency (reserved, or the account's).`,
      namespace: "AWS/Lambda",
      metricName: "Throttles",
      dimensions,
      statistic: "Sum",
      periodSeconds: 60,
      evaluationPeriods: 1,
      threshold: t.functionThrottlesPerMinute,
      comparison: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
    },
    {
      id: `${key}DurationP99`,
      name: `${name}-duration-p99`,
      description: `The function's p99 duration stayed above ${durationMs} ms (${t.functionDurationP99Percent}% of its ${fn.timeoutSeconds} s timeout) for five minutes: invocations are close to being cut off.`,
      namespace: "AWS/Lambda",
      metricName: "Duration",
      dimensions,
      extendedStatistic: "p99",
      periodSeconds: 60,
      evaluationPeriods: 5,
      threshold: durationMs,
      comparison: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
    },
  ];
  if (fn.reservedConcurrency !== undefined) {
    const concurrency = Math.max(1, Math.floor((fn.reservedConcurrency * t.functionConcurrencyPercent) / 100));
    alarms.push({
      id: `${key}ConcurrencyHigh`,
      name: `${name}-concurrency-high`,
      description: `More than ${concurrency} concurrent executions (${t.functionConcurrencyPercent}% of the ${fn.reservedConcurrency} reserved) for five minutes: throttles come next; check what the function waits on before raising the reservation.`,
      namespace: "AWS/Lambda",
      metricName: "ConcurrentExecutions",
      dimensions,
      statistic: "Maximum",
      periodSeconds: 60,
      evaluationPeriods: 5,
      threshold: concurrency,
      comparison: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
    });
  }
  alarms.push({
    id: `${key}FailedEvents`,
    name: `${name}-failed-events`,
    description: `Asynchronous events failed every attempt and wait in the queue ${fn.failureQueueName}: read them (each holds the request and the error) before they expire.`,
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: fn.failureQueueName },
    statistic: "Maximum",
    // SQS publishes its metrics every five minutes.
    periodSeconds: 300,
    evaluationPeriods: 1,
    threshold: 0,
    comparison: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
  });
  return {
    title: `Function (${key})`,
    graphs: [
      {
        title: "Invocations",
        metrics: [
          ["AWS/Lambda", "Invocations", ...d, { stat: "Sum" }],
          ["AWS/Lambda", "Errors", ...d, { stat: "Sum" }],
          ["AWS/Lambda", "Throttles", ...d, { stat: "Sum" }],
        ],
      },
      {
        title: "Duration (ms)",
        metrics: [
          ["AWS/Lambda", "Duration", ...d, { stat: "p50" }],
          ["AWS/Lambda", "Duration", ...d, { stat: "p99" }],
        ],
      },
      { title: "Concurrent executions", metrics: [["AWS/Lambda", "ConcurrentExecutions", ...d, { stat: "Maximum" }]] },
    ],
    alarms,
  };
}
