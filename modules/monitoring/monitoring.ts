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
import { PropProblem, propProblems, PropsValidator } from "../shared/errors";
import type { AlarmSpec, AlarmThresholds, Monitorable, MonitoringSpec } from "../shared/monitorable";
import { isValidNamePrefix, NAME_PREFIX_RULE, resourceName } from "../_internal/naming";

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
   * A Lambda function's errors (invocations that ended in an error) in one minute above which its
   * alarm goes off.
   * @default 5
   */
  readonly functionErrorsPerMinute?: number;
  /**
   * A Lambda function's throttled invocations in one minute above which its alarm goes off. Any
   * throttle means a request was refused for want of concurrency.
   * @default 1
   */
  readonly functionThrottlesPerMinute?: number;
  /**
   * A Lambda function's p99 duration, in percent of its timeout, that raises an alarm when
   * exceeded for five minutes: invocations getting close to being cut off.
   * @default 80
   */
  readonly functionDurationP99Percent?: number;
  /**
   * A Lambda function's concurrent executions, in percent of its reserved concurrency, that raise
   * an alarm when exceeded for five minutes (only for functions with reserved concurrency).
   * @default 80
   */
  readonly functionConcurrencyPercent?: number;
  /**
   * For a protected environment: Terraform refuses any plan that deletes or replaces the alarm
   * topic's KMS key (`prevent_destroy`).
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/** The thresholds of an environment that sets none: each prop's `@default`. */
export const DEFAULT_ALARM_THRESHOLDS: AlarmThresholds = {
  api5xxPerMinute: 150,
  apiLatencyP99Ms: 2000,
  serviceCpuPercent: 80,
  serviceMemoryPercent: 80,
  databaseCpuPercent: 80,
  databaseFreeStoragePercent: 5,
  databaseFreeMemoryPercent: 10,
  databaseConnectionsPercent: 80,
  functionErrorsPerMinute: 5,
  functionThrottlesPerMinute: 1,
  functionDurationP99Percent: 80,
  functionConcurrencyPercent: 80,
};

/** A dashboard row is 24 units wide: at most one graph per unit. */
const MAX_GRAPHS_PER_ROW = 24;

/**
 * Alarms that reach people, and one dashboard per environment. An SNS topic under a
 * customer-managed KMS key (CloudWatch cannot publish to a topic under the AWS-managed SNS key:
 * its notifications are dropped) receives every alarm and every recovery; email subscriptions
 * come from props. `watch(monitorable)` is the one way in: it takes anything that says what it
 * needs watched (a {@link Monitorable}: `HttpApi`, `FargateService`, `RdsPrivate`,
 * `CodebuildMigrations`, `LambdaFunction`), creates its alarms, adds its row to the dashboard, and returns the
 * alarms. Monitoring itself knows nothing of APIs, services, databases or builds: each module's
 * `monitoringSpec(thresholds)` decides its alarms, and may refuse to be watched.
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
  /** The thresholds every monitorable's spec is given: the props, with their defaults filled in. */
  readonly thresholds: AlarmThresholds;

  private readonly props: MonitoringProps;
  private readonly rows: Pick<MonitoringSpec, "title" | "graphs">[] = [];

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

  /**
   * Watches a monitorable: asks it for its spec with this environment's {@link thresholds},
   * creates each alarm in this construct (the spec's `id`, named `<name>-<spec name>`, telling the
   * topic when it goes off and when it recovers) and adds the spec's row of graphs to the
   * dashboard, below the rows before it (a spec without graphs adds no row). Returns the alarms.
   * Refuses a spec whose alarm ids this construct already has (a construct watched twice) or
   * with more graphs than a row holds (24).
   */
  watch(monitorable: Monitorable): CloudwatchMetricAlarm[] {
    const spec = monitorable.monitoringSpec(this.thresholds);
    const v = new PropsValidator(this, "Monitoring");
    const what = `watch(${monitorable.node.path})`;
    const ids = spec.alarms.map((alarm) => alarm.id);
    const taken = ids.filter((id, i) => this.node.tryFindChild(id) !== undefined || ids.indexOf(id) !== i);
    v.check(
      taken.length === 0,
      what,
      "needs alarm ids of its own: Monitoring already has these (is the construct watched twice?)",
      taken,
    );
    v.check(
      spec.graphs.length <= MAX_GRAPHS_PER_ROW,
      what,
      `must ask for at most ${MAX_GRAPHS_PER_ROW} graphs, one row of the dashboard`,
      `${spec.graphs.length} graphs`,
    );
    v.throwIfInvalid();
    if (spec.graphs.length > 0) this.rows.push({ title: spec.title, graphs: spec.graphs });
    return spec.alarms.map((alarm) => this.alarm(alarm));
  }

  private alarm(spec: AlarmSpec): CloudwatchMetricAlarm {
    const name = resourceName(this.props.name, spec.name);
    const alarm = new CloudwatchMetricAlarm(this, spec.id, {
      alarmName: name,
      alarmDescription: spec.description,
      namespace: spec.namespace,
      metricName: spec.metricName,
      dimensions: { ...spec.dimensions },
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

/** Every problem with the props, without building anything (none when they hold): what the constructor would refuse. */
export function monitoringPropProblems(props: MonitoringProps): readonly PropProblem[] {
  return propProblems(() => validate(undefined, props));
}

function validate(scope: Construct | undefined, props: MonitoringProps): AlarmThresholds {
  const v = new PropsValidator(scope, "Monitoring");
  v.requireLiterals(props, ["name", "region"]);
  v.check(isValidNamePrefix(props.name), "name", NAME_PREFIX_RULE, props.name);
  v.check(isKnownRegion(props.region), "region", regionProblem(props.region) ?? "", props.region);
  v.check(ACCOUNT_ID_PATTERN.test(props.accountId), "accountId", "must be a 12-digit AWS account id", props.accountId);
  v.checkEmails("alarmEmails", props.alarmEmails ?? []);
  const d = DEFAULT_ALARM_THRESHOLDS;
  const t: AlarmThresholds = {
    api5xxPerMinute: props.api5xxPerMinute ?? d.api5xxPerMinute,
    apiLatencyP99Ms: props.apiLatencyP99Ms ?? d.apiLatencyP99Ms,
    serviceCpuPercent: props.serviceCpuPercent ?? d.serviceCpuPercent,
    serviceMemoryPercent: props.serviceMemoryPercent ?? d.serviceMemoryPercent,
    databaseCpuPercent: props.databaseCpuPercent ?? d.databaseCpuPercent,
    databaseFreeStoragePercent: props.databaseFreeStoragePercent ?? d.databaseFreeStoragePercent,
    databaseFreeMemoryPercent: props.databaseFreeMemoryPercent ?? d.databaseFreeMemoryPercent,
    databaseConnectionsPercent: props.databaseConnectionsPercent ?? d.databaseConnectionsPercent,
    functionErrorsPerMinute: props.functionErrorsPerMinute ?? d.functionErrorsPerMinute,
    functionThrottlesPerMinute: props.functionThrottlesPerMinute ?? d.functionThrottlesPerMinute,
    functionDurationP99Percent: props.functionDurationP99Percent ?? d.functionDurationP99Percent,
    functionConcurrencyPercent: props.functionConcurrencyPercent ?? d.functionConcurrencyPercent,
  };
  v.checkWholeNumber("api5xxPerMinute", t.api5xxPerMinute, 1, 1_000_000, { unit: "responses" });
  v.checkWholeNumber("apiLatencyP99Ms", t.apiLatencyP99Ms, 10, 30_000, { unit: "milliseconds", why: "API Gateway times out at 30 s" });
  for (const prop of ["serviceCpuPercent", "serviceMemoryPercent", "databaseCpuPercent", "databaseConnectionsPercent"] as const) {
    v.checkWholeNumber(prop, t[prop], 1, 100, { unit: "percent" });
  }
  v.checkWholeNumber("functionErrorsPerMinute", t.functionErrorsPerMinute, 0, 1_000_000, { unit: "errors" });
  v.checkWholeNumber("functionThrottlesPerMinute", t.functionThrottlesPerMinute, 0, 1_000_000, { unit: "throttles" });
  for (const prop of ["functionDurationP99Percent", "functionConcurrencyPercent"] as const) {
    v.checkWholeNumber(prop, t[prop], 1, 100, { unit: "percent" });
  }
  for (const prop of ["databaseFreeStoragePercent", "databaseFreeMemoryPercent"] as const) {
    v.checkWholeNumber(prop, t[prop], 1, 50, { unit: "percent" });
  }
  v.throwIfInvalid();
  return t;
}
