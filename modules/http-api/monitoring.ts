import { AlarmThresholds, dimensionList, kebabCase, MonitoringSpec } from "../shared/monitorable";

/** What the API's alarms and graphs read. */
export interface MonitoredApi {
  /** The construct id: it names the alarms (`<id>5xx`, `<id>-5xx`). */
  readonly id: string;
  readonly apiId: string;
  readonly stageName: string;
}

/**
 * An HTTP API's alarms, 5xx responses above `api5xxPerMinute` in a minute and p99 latency above
 * `apiLatencyP99Ms` for five minutes, and its dashboard row: requests, errors, latency.
 */
export function httpApiMonitoringSpec(api: MonitoredApi, t: AlarmThresholds): MonitoringSpec {
  const key = api.id;
  const dimensions = { ApiId: api.apiId, Stage: api.stageName };
  const d = dimensionList(dimensions);
  return {
    title: `API (${key})`,
    graphs: [
      { title: "Requests", metrics: [["AWS/ApiGateway", "Count", ...d, { stat: "Sum" }]] },
      {
        title: "Errors",
        metrics: [
          ["AWS/ApiGateway", "5xx", ...d, { stat: "Sum" }],
          ["AWS/ApiGateway", "4xx", ...d, { stat: "Sum" }],
        ],
      },
      {
        title: "Latency (ms)",
        metrics: [
          ["AWS/ApiGateway", "Latency", ...d, { stat: "p50" }],
          ["AWS/ApiGateway", "Latency", ...d, { stat: "p99" }],
          ["AWS/ApiGateway", "IntegrationLatency", ...d, { stat: "p99" }],
        ],
      },
    ],
    alarms: [
      {
        id: `${key}5xx`,
        name: `${kebabCase(key)}-5xx`,
        description: `More than ${t.api5xxPerMinute} API responses with a 5xx status in a minute: read the service's logs and the API's access log.`,
        namespace: "AWS/ApiGateway",
        metricName: "5xx",
        dimensions,
        statistic: "Sum",
        periodSeconds: 60,
        evaluationPeriods: 1,
        threshold: t.api5xxPerMinute,
        comparison: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
      },
      {
        id: `${key}LatencyP99`,
        name: `${kebabCase(key)}-latency-p99`,
        description: `The API's p99 latency stayed above ${t.apiLatencyP99Ms} ms for five minutes: check the service's CPU and the database.`,
        namespace: "AWS/ApiGateway",
        metricName: "Latency",
        dimensions,
        extendedStatistic: "p99",
        periodSeconds: 60,
        evaluationPeriods: 5,
        threshold: t.apiLatencyP99Ms,
        comparison: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
      },
    ],
  };
}
