import type { IConstruct } from "constructs";

/**
 * The environment's alarm thresholds, each with its default filled in. A monitorable reads the
 * ones for its kind; `Monitoring` documents each default.
 */
export interface AlarmThresholds {
  readonly api5xxPerMinute: number;
  readonly apiLatencyP99Ms: number;
  readonly serviceCpuPercent: number;
  readonly serviceMemoryPercent: number;
  readonly databaseCpuPercent: number;
  readonly databaseFreeStoragePercent: number;
  readonly databaseFreeMemoryPercent: number;
  readonly databaseConnectionsPercent: number;
  /** A function's errors (invocations that failed) in one minute above which its alarm goes off. */
  readonly functionErrorsPerMinute: number;
  /** A function's throttled invocations in one minute above which its alarm goes off. */
  readonly functionThrottlesPerMinute: number;
  /** A function's p99 duration, in percent of its timeout, above which its alarm goes off. */
  readonly functionDurationP99Percent: number;
  /** A function's concurrent executions, in percent of its reserved concurrency, above which its alarm goes off. */
  readonly functionConcurrencyPercent: number;
}

/** One alarm's metric and condition; `Monitoring` adds the prefix to its name and the alarm topic. */
export interface AlarmSpec {
  /** The alarm's construct id within `Monitoring` (its Terraform address): stable. */
  readonly id: string;
  /** The alarm's name after the environment prefix, kebab case. */
  readonly name: string;
  /** What happened and where to look first. */
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic?: "Average" | "Sum" | "Minimum" | "Maximum" | "SampleCount";
  readonly extendedStatistic?: string;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly threshold: number;
  readonly comparison: "GreaterThanThreshold" | "LessThanThreshold" | "GreaterThanOrEqualToThreshold";
  readonly treatMissingData: "notBreaching" | "breaching";
}

/** A graph on the dashboard: a title and metrics as CloudWatch's widget JSON lists them. */
export interface DashboardGraph {
  readonly title: string;
  readonly metrics: readonly (readonly (string | Readonly<Record<string, string>>)[])[];
}

/** What a monitorable asks to be watched: its alarms and its row of graphs on the dashboard. */
export interface MonitoringSpec {
  /** The row's title, e.g. `API (HttpApi)`. */
  readonly title: string;
  readonly graphs: readonly DashboardGraph[];
  readonly alarms: readonly AlarmSpec[];
}

/**
 * Anything `Monitoring.watch` can watch: an HTTP API, a container service, a database, a
 * migrations pipeline, a Lambda function, and (later) a load balancer. It says which alarms and
 * graphs it needs; `Monitoring` creates them, routes them to the alarm topic and draws the row.
 */
export interface Monitorable extends IConstruct {
  monitoringSpec(thresholds: AlarmThresholds): MonitoringSpec;
}

/** `{ ApiId: "a", Stage: "s" }` as a dashboard metric lists it: `["ApiId", "a", "Stage", "s"]`. */
export function dimensionList(dimensions: Readonly<Record<string, string>>): string[] {
  return Object.entries(dimensions).flat();
}

/** A construct id in kebab case (`ApiService` becomes `api-service`): how alarm names carry it. */
export function kebabCase(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}
