import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { ACCOUNT_ID_PATTERN, partitionOf } from "../shared/arn";
import { isKnownRegion, regionProblem } from "../shared/regions";
import { encryptedTopic } from "../_internal/encrypted-topic";
import { PropsValidator } from "../shared/errors";
import { isValidNamePrefix, NAME_PREFIX_RULE, resourceName } from "../_internal/naming";

/** What `monitorApi` reads: an `HttpApi` fits. */
export interface MonitoredApi {
  readonly node: Construct["node"];
  readonly apiId: string;
  readonly stage: { readonly name: string };
}

/** What `monitorService` reads: a `FargateService` fits. */
export interface MonitoredService {
  readonly node: Construct["node"];
  readonly cluster: { readonly name: string };
  readonly serviceName: string;
  readonly minTasks: number;
  readonly containerInsights: boolean;
}

/** What `monitorDatabase` reads: an `RdsPrivate` fits. */
export interface MonitoredDatabase {
  readonly node: Construct["node"];
  readonly identifier: string;
  readonly instanceClass: string;
  readonly allocatedStorageGiB: number;
}

/** What `monitorMigrations` reads: a `CodebuildMigrations` fits. */
export interface MonitoredMigrations {
  readonly node: Construct["node"];
  readonly projectName: string;
}

export interface MonitoringProps {
  /** Prefix of every name: `${project}-${environment}`, e.g. `acme-staging`. */
  readonly name: string;
  /** The region of the monitored resources (the dashboard's graphs read it). */
  readonly region: string;
  /** The AWS account (12 digits): the alert key's and topic's policies admit its alarms only. */
  readonly accountId: string;
  /**
   * Addresses told of every alarm and recovery (each confirms its subscription once).
   * @default [] - the topic exists; subscribe to it as you like
   */
  readonly alarmEmails?: readonly string[];
  /**
   * API responses with a 5xx status in one minute above which the API alarm goes off.
   * @default 150
   */
  readonly api5xxPerMinute?: number;
  /**
   * The API's 99th-percentile latency, in milliseconds, that raises an alarm when exceeded for five minutes.
   * @default 2000
   */
  readonly apiLatencyP99Ms?: number;
  /**
   * Average CPU of a service's tasks, in percent, that raises an alarm when exceeded for five minutes.
   * @default 80
   */
  readonly serviceCpuPercent?: number;
  /**
   * Average memory of a service's tasks, in percent, that raises an alarm when exceeded for five minutes.
   * @default 80
   */
  readonly serviceMemoryPercent?: number;
  /**
   * Database CPU, in percent, that raises an alarm when exceeded for ten minutes.
   * @default 80
   */
  readonly databaseCpuPercent?: number;
  /**
   * Free storage, in percent of the storage allocated at creation, below which the database alarm
   * goes off. Below RDS storage autoscaling's own trigger (10% free), so the alarm means autoscaling
   * could not keep up or reached its maximum, not normal growth.
   * @default 5
   */
  readonly databaseFreeStoragePercent?: number;
  /**
   * Freeable memory, in percent of the instance class's memory, below which the database alarm goes off.
   * @default 10
   */
  readonly databaseFreeMemoryPercent?: number;
  /**
   * Connections, in percent of the class's estimated `max_connections`, above which the database alarm goes off.
   * @default 80
   */
  readonly databaseConnectionsPercent?: number;
  /**
   * For a protected environment: Terraform refuses any plan that deletes or replaces the alarm
   * topic's KMS key (`prevent_destroy`).
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/** Every threshold, with its default filled in. */
type Thresholds = Required<Omit<MonitoringProps, "name" | "region" | "accountId" | "alarmEmails" | "preventDestroy">>;

/** One alarm's metric and condition, before names and actions are added. */
interface AlarmSpec {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly statistic?: "Average" | "Sum" | "Minimum" | "Maximum" | "SampleCount";
  readonly extendedStatistic?: string;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly threshold: number;
  readonly comparison: "GreaterThanThreshold" | "LessThanThreshold" | "GreaterThanOrEqualToThreshold";
  readonly treatMissingData: "notBreaching" | "breaching";
}

/** A graph on the dashboard: a title and metrics as CloudWatch's widget JSON lists them. */
interface Graph {
  readonly title: string;
  readonly metrics: readonly (readonly (string | Record<string, string>)[])[];
}

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
/** RDS PostgreSQL's default max_connections is LEAST(DBInstanceClassMemory / 9531392, 5000). */
const BYTES_PER_CONNECTION = 9531392;
/** The share of nominal memory RDS counts as DBInstanceClassMemory (the rest is the OS and RDS's own processes). */
const USABLE_MEMORY_SHARE = 0.75;

/**
 * The memory of an RDS instance class in GiB, for the default thresholds: burstable (t) classes
 * double from 1 GiB (micro), general purpose (m) have 4 GiB and memory optimized (r) 8 GiB per
 * vCPU. Undefined for a class the table does not know (metal).
 */
export function instanceClassMemoryGiB(instanceClass: string): number | undefined {
  const match = /^db\.([tmr])[0-9a-z]*\.(micro|small|medium|large|xlarge|(\d{1,2})xlarge)$/.exec(instanceClass);
  if (!match) return undefined;
  const [, family, size, multiple] = match;
  if (family === "t") return { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16 }[size as string] ?? Number(multiple) * 16;
  if (size === "micro" || size === "small" || size === "medium") return undefined;
  const vcpus = size === "large" ? 2 : size === "xlarge" ? 4 : Number(multiple) * 4;
  return vcpus * (family === "m" ? 4 : 8);
}

/**
 * Alarms that reach people, and one dashboard per environment. An SNS topic under a
 * customer-managed KMS key (CloudWatch cannot publish to a topic under the AWS-managed SNS key:
 * its notifications are dropped) receives every alarm and every recovery; email subscriptions
 * come from props. `monitorApi`, `monitorService`, `monitorDatabase` and `monitorMigrations`
 * take the other modules' constructs, add their alarms and a row to the dashboard, and return
 * the alarms.
 */
export class Monitoring extends Construct {
  readonly topic: SnsTopic;
  readonly topicArn: string;
  readonly key: KmsKey;
  readonly subscriptions: readonly SnsTopicSubscription[];
  readonly dashboard: CloudwatchDashboard;
  readonly dashboardName: string;
  /** Every alarm made so far. */
  readonly alarms: CloudwatchMetricAlarm[] = [];

  private readonly props: MonitoringProps;
  private readonly thresholds: Thresholds;
  private readonly rows: { readonly title: string; readonly graphs: readonly Graph[] }[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.thresholds = validate(this, props);
    this.props = props;
    const partition = partitionOf(props.region);
    const alerts = encryptedTopic(this, "Alarm", {
      name: resourceName(props.name, "alarms"),
      displayName: `${props.name} alarms`,
      region: props.region,
      accountId: props.accountId,
      publishers: [{ service: "cloudwatch.amazonaws.com", sourceArns: [`arn:${partition}:cloudwatch:${props.region}:${props.accountId}:alarm:*`] }],
      emails: props.alarmEmails ?? [],
      preventDestroy: props.preventDestroy ?? false,
    });
    this.topic = alerts.topic;
    this.topicArn = alerts.topic.arn;
    this.key = alerts.key;
    this.subscriptions = alerts.subscriptions;

    this.dashboardName = props.name;
    this.dashboard = new CloudwatchDashboard(this, "Dashboard", {
      dashboardName: this.dashboardName,
      dashboardBody: Lazy.stringValue({ produce: () => this.dashboardBody() }),
    });
  }

  /** HTTP API: 5xx responses above `api5xxPerMinute` in a minute, p99 latency above `apiLatencyP99Ms` for five minutes. */
  monitorApi(api: MonitoredApi): CloudwatchMetricAlarm[] {
    const key = api.node.id;
    const dimensions = { ApiId: api.apiId, Stage: api.stage.name };
    const t = this.thresholds;
    this.rows.push({
      title: `API (${key})`,
      graphs: [
        { title: "Requests", metrics: [["AWS/ApiGateway", "Count", ...flat(dimensions), { stat: "Sum" }]] },
        {
          title: "Errors",
          metrics: [
            ["AWS/ApiGateway", "5xx", ...flat(dimensions), { stat: "Sum" }],
            ["AWS/ApiGateway", "4xx", ...flat(dimensions), { stat: "Sum" }],
          ],
        },
        {
          title: "Latency (ms)",
          metrics: [
            ["AWS/ApiGateway", "Latency", ...flat(dimensions), { stat: "p50" }],
            ["AWS/ApiGateway", "Latency", ...flat(dimensions), { stat: "p99" }],
            ["AWS/ApiGateway", "IntegrationLatency", ...flat(dimensions), { stat: "p99" }],
          ],
        },
      ],
    });
    return [
      this.alarm({
        id: `${key}5xx`,
        name: `${kebab(key)}-5xx`,
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
      }),
      this.alarm({
        id: `${key}LatencyP99`,
        name: `${kebab(key)}-latency-p99`,
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
      }),
    ];
  }

  /**
   * ECS service: CPU and memory high for five minutes, and fewer running tasks than `minTasks`.
   * Counting tasks needs Container Insights (ECS/ContainerInsights RunningTaskCount); without
   * it, a service of one task is watched for having none (its AWS/ECS metrics stop), and a
   * service of more is refused, since a partial outage would go unseen.
   */
  monitorService(service: MonitoredService): CloudwatchMetricAlarm[] {
    const key = service.node.id;
    if (!service.containerInsights && service.minTasks > 1) {
      const v = new PropsValidator(this, "Monitoring");
      v.fail(
        `monitorService(${service.node.path})`,
        "needs Container Insights on the service's cluster to count running tasks when minTasks is above 1: set containerInsights: true on the FargateService",
        `minTasks=${service.minTasks} without Container Insights`,
      );
      v.throwIfInvalid();
    }
    const dimensions = { ClusterName: service.cluster.name, ServiceName: service.serviceName };
    const t = this.thresholds;
    const utilization = (metric: "CPUUtilization" | "MemoryUtilization", what: string, threshold: number): AlarmSpec => ({
      id: `${key}${metric === "CPUUtilization" ? "Cpu" : "Memory"}High`,
      name: `${kebab(key)}-${metric === "CPUUtilization" ? "cpu" : "memory"}-high`,
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
          name: `${kebab(key)}-tasks-below-minimum`,
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
          name: `${kebab(key)}-tasks-below-minimum`,
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
    this.rows.push({
      title: `Service (${key})`,
      graphs: [
        { title: "CPU (%)", metrics: [["AWS/ECS", "CPUUtilization", ...flat(dimensions), { stat: "Average" }]] },
        { title: "Memory (%)", metrics: [["AWS/ECS", "MemoryUtilization", ...flat(dimensions), { stat: "Average" }]] },
        {
          title: "Running tasks",
          metrics: [[running.namespace, running.metricName, ...flat(dimensions), { stat: running.statistic ?? "Minimum" }]],
        },
      ],
    });
    return [
      this.alarm(utilization("CPUUtilization", "CPU", t.serviceCpuPercent)),
      this.alarm(utilization("MemoryUtilization", "memory", t.serviceMemoryPercent)),
      this.alarm(running),
    ];
  }

  /**
   * RDS: CPU high for ten minutes; free storage, freeable memory low; connections near the
   * class's `max_connections`. Storage and memory thresholds are worked out from the
   * database's allocated storage and instance class.
   */
  monitorDatabase(database: MonitoredDatabase): CloudwatchMetricAlarm[] {
    const key = database.node.id;
    const t = this.thresholds;
    const memoryGiB = instanceClassMemoryGiB(database.instanceClass);
    if (memoryGiB === undefined) {
      const v = new PropsValidator(this, "Monitoring");
      v.fail(
        `monitorDatabase(${database.node.path})`,
        "needs an instance class whose memory the module knows (db.t*, db.m*, db.r* sizes micro to 48xlarge) to set the memory and connection thresholds",
        database.instanceClass,
      );
      v.throwIfInvalid();
    }
    const memoryBytes = (memoryGiB ?? 0) * GIB;
    const maxConnections = Math.min(5000, Math.floor((memoryBytes * USABLE_MEMORY_SHARE) / BYTES_PER_CONNECTION));
    const connections = Math.max(1, Math.floor((maxConnections * t.databaseConnectionsPercent) / 100));
    const freeStorageBytes = Math.round((database.allocatedStorageGiB * GIB * t.databaseFreeStoragePercent) / 100);
    const freeMemoryBytes = Math.round((memoryBytes * t.databaseFreeMemoryPercent) / 100);
    const dimensions = { DBInstanceIdentifier: database.identifier };
    const spec = (
      id: string,
      metricName: string,
      threshold: number,
      comparison: AlarmSpec["comparison"],
      evaluationPeriods: number,
      description: string,
    ): AlarmSpec => ({
      id: `${key}${id}`,
      name: `${kebab(key)}-${kebab(id)}`,
      description,
      namespace: "AWS/RDS",
      metricName,
      dimensions,
      statistic: "Average",
      periodSeconds: 60,
      evaluationPeriods,
      threshold,
      comparison,
      treatMissingData: "notBreaching",
    });
    this.rows.push({
      title: `Database (${key})`,
      graphs: [
        { title: "CPU (%)", metrics: [["AWS/RDS", "CPUUtilization", ...flat(dimensions), { stat: "Average" }]] },
        { title: "Connections", metrics: [["AWS/RDS", "DatabaseConnections", ...flat(dimensions), { stat: "Maximum" }]] },
        { title: "Free storage (bytes)", metrics: [["AWS/RDS", "FreeStorageSpace", ...flat(dimensions), { stat: "Minimum" }]] },
        { title: "Freeable memory (bytes)", metrics: [["AWS/RDS", "FreeableMemory", ...flat(dimensions), { stat: "Minimum" }]] },
      ],
    });
    return [
      this.alarm(
        spec("CpuHigh", "CPUUtilization", t.databaseCpuPercent, "GreaterThanThreshold", 10, `Database CPU stayed above ${t.databaseCpuPercent}% for ten minutes: look for slow queries in Performance Insights.`),
      ),
      this.alarm(
        spec(
          "FreeStorageLow",
          "FreeStorageSpace",
          freeStorageBytes,
          "LessThanThreshold",
          5,
          `Free storage fell below ${formatBytes(freeStorageBytes)} (${t.databaseFreeStoragePercent}% of the ${database.allocatedStorageGiB} GiB allocated at creation): storage autoscaling could not keep up or reached its maximum; raise maxAllocatedStorageGiB.`,
        ),
      ),
      this.alarm(
        spec(
          "FreeMemoryLow",
          "FreeableMemory",
          freeMemoryBytes,
          "LessThanThreshold",
          5,
          `Freeable memory stayed below ${formatBytes(freeMemoryBytes)} (${t.databaseFreeMemoryPercent}% of ${database.instanceClass}) for five minutes: the instance is about to swap; consider a larger class.`,
        ),
      ),
      this.alarm(
        spec(
          "ConnectionsHigh",
          "DatabaseConnections",
          connections,
          "GreaterThanThreshold",
          5,
          `More than ${connections} connections (${t.databaseConnectionsPercent}% of about ${maxConnections} for ${database.instanceClass}) for five minutes: look for connection leaks or add a pooler.`,
        ),
      ),
    ];
  }

  /** Migrations: any failed build of the migration project. */
  monitorMigrations(migrations: MonitoredMigrations): CloudwatchMetricAlarm[] {
    const key = migrations.node.id;
    const dimensions = { ProjectName: migrations.projectName };
    this.rows.push({
      title: `Migrations (${key})`,
      graphs: [
        {
          title: "Builds",
          metrics: [
            ["AWS/CodeBuild", "SucceededBuilds", ...flat(dimensions), { stat: "Sum" }],
            ["AWS/CodeBuild", "FailedBuilds", ...flat(dimensions), { stat: "Sum" }],
          ],
        },
        { title: "Duration (s)", metrics: [["AWS/CodeBuild", "Duration", ...flat(dimensions), { stat: "Maximum" }]] },
      ],
    });
    return [
      this.alarm({
        id: `${key}BuildFailed`,
        name: `${kebab(key)}-build-failed`,
        description: "A database migration build failed: read the build log before deploying again.",
        namespace: "AWS/CodeBuild",
        metricName: "FailedBuilds",
        dimensions,
        statistic: "Sum",
        periodSeconds: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparison: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
      }),
    ];
  }

  private alarm(spec: AlarmSpec): CloudwatchMetricAlarm {
    const name = resourceName(this.props.name, spec.name);
    const alarm = new CloudwatchMetricAlarm(this, spec.id, {
      alarmName: name,
      alarmDescription: spec.description,
      namespace: spec.namespace,
      metricName: spec.metricName,
      dimensions: spec.dimensions,
      statistic: spec.statistic,
      extendedStatistic: spec.extendedStatistic,
      period: spec.periodSeconds,
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.evaluationPeriods,
      threshold: spec.threshold,
      comparisonOperator: spec.comparison,
      treatMissingData: spec.treatMissingData,
      alarmActions: [this.topic.arn],
      okActions: [this.topic.arn],
      tags: { Name: name },
    });
    this.alarms.push(alarm);
    return alarm;
  }

  private dashboardBody(): string {
    const widgets: Record<string, unknown>[] = [
      {
        type: "text",
        x: 0,
        y: 0,
        width: 24,
        height: 2,
        properties: { markdown: `# ${this.props.name}\nAlarms go to the SNS topic ${resourceName(this.props.name, "alarms")}.` },
      },
    ];
    let y = 2;
    for (const row of this.rows) {
      widgets.push({ type: "text", x: 0, y, width: 24, height: 1, properties: { markdown: `## ${row.title}` } });
      y += 1;
      const width = Math.floor(24 / row.graphs.length);
      row.graphs.forEach((graph, i) => {
        widgets.push({
          type: "metric",
          x: i * width,
          y,
          width,
          height: 6,
          properties: { title: graph.title, region: this.props.region, view: "timeSeries", stat: "Average", period: 60, metrics: graph.metrics },
        });
      });
      y += 6;
    }
    return JSON.stringify({ widgets });
  }
}

/** Dimensions as a CloudWatch widget metric lists them: name, value, name, value. */
function flat(dimensions: Record<string, string>): string[] {
  return Object.entries(dimensions).flat();
}

function kebab(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

function formatBytes(bytes: number): string {
  return bytes >= GIB ? `${(bytes / GIB).toFixed(1)} GiB` : `${Math.round(bytes / MIB)} MiB`;
}


function validate(scope: Construct, props: MonitoringProps): Thresholds {
  const v = new PropsValidator(scope, "Monitoring");
  v.requireLiterals(props, ["name", "region"]);
  v.check(isValidNamePrefix(props.name), "name", NAME_PREFIX_RULE, props.name);
  v.check(isKnownRegion(props.region), "region", regionProblem(props.region) ?? "", props.region);
  v.check(ACCOUNT_ID_PATTERN.test(props.accountId), "accountId", "must be a 12-digit AWS account id", props.accountId);
  v.checkEmails("alarmEmails", props.alarmEmails ?? []);
  const t: Thresholds = {
    api5xxPerMinute: props.api5xxPerMinute ?? 150,
    apiLatencyP99Ms: props.apiLatencyP99Ms ?? 2000,
    serviceCpuPercent: props.serviceCpuPercent ?? 80,
    serviceMemoryPercent: props.serviceMemoryPercent ?? 80,
    databaseCpuPercent: props.databaseCpuPercent ?? 80,
    databaseFreeStoragePercent: props.databaseFreeStoragePercent ?? 5,
    databaseFreeMemoryPercent: props.databaseFreeMemoryPercent ?? 10,
    databaseConnectionsPercent: props.databaseConnectionsPercent ?? 80,
  };
  v.checkWholeNumber("api5xxPerMinute", t.api5xxPerMinute, 1, 1_000_000, { unit: "responses" });
  v.checkWholeNumber("apiLatencyP99Ms", t.apiLatencyP99Ms, 10, 30_000, { unit: "milliseconds", why: "API Gateway times out at 30 s" });
  for (const prop of ["serviceCpuPercent", "serviceMemoryPercent", "databaseCpuPercent", "databaseConnectionsPercent"] as const) {
    v.checkWholeNumber(prop, t[prop], 1, 100, { unit: "percent" });
  }
  for (const prop of ["databaseFreeStoragePercent", "databaseFreeMemoryPercent"] as const) {
    v.checkWholeNumber(prop, t[prop], 1, 50, { unit: "percent" });
  }
  v.throwIfInvalid();
  return t;
}
