import type { IConstruct } from "constructs";
import { AlarmSpec, AlarmThresholds, DashboardGraph, dimensionList, kebabCase, MonitoringSpec } from "../shared/monitorable";

/**
 * The stream consumer's IteratorAge, in milliseconds, above which its alarm goes off: one minute.
 * IteratorAge is the age of the newest record of a batch when Lambda reads it: a healthy
 * consumer stays at seconds, whatever its batching window (the window delays the oldest record of
 * a batch, not the newest). A minute sustained for five means the function falls behind the
 * writes, or a failing batch is being retried; the stream keeps records for 24 hours only, so
 * this fires long before any are lost. No threshold of `AlarmThresholds` measures this, hence a
 * constant.
 */
export const STREAM_ITERATOR_AGE_ALARM_MS = 60_000;

/**
 * The item operations whose `SystemErrors` are watched: the ones the grants allow. DynamoDB
 * publishes `SystemErrors` per operation only (dimensions `TableName` and `Operation`, no table
 * total), so each has an alarm of its own.
 */
export const WATCHED_OPERATIONS: readonly string[] = ["GetItem", "BatchGetItem", "Query", "Scan", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"];

/** What the table's alarms and graphs read: a `DynamoDbTable` fits. */
export interface MonitoredTable extends IConstruct {
  readonly tableName: string;
  /** The stream consumers' function names, by the id given to `addStreamConsumer`. */
  readonly streamConsumerFunctions: ReadonlyMap<string, string>;
}

/**
 * The table's alarms and dashboard row. Alarms: any throttled read or write event in five minutes
 * (`ReadThrottleEvents`, `WriteThrottleEvents`, which DynamoDB publishes per table; the
 * `ThrottledRequests` metric exists only per operation); any system error (HTTP 500) of an item
 * operation in five minutes; and per stream consumer, its function's IteratorAge above
 * {@link STREAM_ITERATOR_AGE_ALARM_MS} for five minutes. An on-demand table throttles only
 * past twice its previous peak within 30 minutes, or at the table's or a partition's limits: any
 * throttle is news. Missing data is not breaching (no traffic, no metric).
 */
export function tableMonitoringSpec(table: MonitoredTable, _thresholds: AlarmThresholds): MonitoringSpec {
  const key = table.node.id;
  const name = kebabCase(key);
  const dimensions = { TableName: table.tableName };
  const d = dimensionList(dimensions);
  const alarms: AlarmSpec[] = [];
  for (const [direction, metricName] of [
    ["Read", "ReadThrottleEvents"],
    ["Write", "WriteThrottleEvents"],
  ] as const) {
    alarms.push({
      id: `${key}${direction}Throttles`,
      name: `${name}-${direction.toLowerCase()}-throttles`,
      description: `${direction} requests to the table ${table.tableName} were throttled in the last five minutes. On demand, DynamoDB throttles past twice the previous peak or at a partition's limit (3,000 reads or 1,000 writes a second per key range): look for a hot partition key, or a burst to spread out.`,
      namespace: "AWS/DynamoDB",
      metricName,
      dimensions,
      statistic: "Sum",
      periodSeconds: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparison: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
    });
  }
  for (const operation of WATCHED_OPERATIONS) {
    alarms.push({
      id: `${key}SystemErrors${operation}`,
      name: `${name}-system-errors-${kebabCase(operation)}`,
      description: `DynamoDB answered ${operation} on the table ${table.tableName} with a server error (HTTP 500) in the last five minutes. The SDKs retry these; check the AWS Health Dashboard if they persist.`,
      namespace: "AWS/DynamoDB",
      metricName: "SystemErrors",
      dimensions: { ...dimensions, Operation: operation },
      statistic: "Sum",
      periodSeconds: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparison: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
    });
  }
  const graphs: DashboardGraph[] = [
    {
      title: "Consumed capacity (units)",
      metrics: [
        ["AWS/DynamoDB", "ConsumedReadCapacityUnits", ...d, { stat: "Sum" }],
        ["AWS/DynamoDB", "ConsumedWriteCapacityUnits", ...d, { stat: "Sum" }],
      ],
    },
    {
      title: "Throttled events",
      metrics: [
        ["AWS/DynamoDB", "ReadThrottleEvents", ...d, { stat: "Sum" }],
        ["AWS/DynamoDB", "WriteThrottleEvents", ...d, { stat: "Sum" }],
      ],
    },
  ];
  const iteratorAges: (readonly (string | Readonly<Record<string, string>>)[])[] = [];
  for (const [consumerId, functionName] of table.streamConsumerFunctions) {
    // As the function's own alarms do: the FunctionName dimension, every version and alias.
    const fn = { FunctionName: functionName };
    alarms.push({
      id: `${key}${consumerId}IteratorAge`,
      name: `${name}-${kebabCase(consumerId)}-iterator-age`,
      description: `The stream consumer ${functionName} read records more than ${STREAM_ITERATOR_AGE_ALARM_MS / 1000} s old for five minutes: it falls behind the table's writes, or retries a failing batch. Records older than 24 hours leave the stream; read the function's log group and failure queue.`,
      namespace: "AWS/Lambda",
      metricName: "IteratorAge",
      dimensions: fn,
      statistic: "Maximum",
      periodSeconds: 60,
      evaluationPeriods: 5,
      threshold: STREAM_ITERATOR_AGE_ALARM_MS,
      comparison: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
    });
    iteratorAges.push(["AWS/Lambda", "IteratorAge", ...dimensionList(fn), { stat: "Maximum" }]);
  }
  if (iteratorAges.length > 0) graphs.push({ title: "Stream iterator age (ms)", metrics: iteratorAges });
  return { title: `Table (${key})`, graphs, alarms };
}
