import { Lazy, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { CodebuildMigrations } from "../../modules/codebuild-migrations";
import { FargateService, FargateServiceProps } from "../../modules/fargate-service";
import { MonitoredFargateService, serviceMonitoringSpec } from "../../modules/fargate-service/monitoring";
import { CloudMapIntegration, HttpApi } from "../../modules/http-api";
import { httpApiMonitoringSpec } from "../../modules/http-api/monitoring";
import { PropsError } from "../../modules/shared/errors";
import { AlarmThresholds, dimensionList, kebabCase, Monitorable, MonitoringSpec } from "../../modules/shared";
import { DEFAULT_ALARM_THRESHOLDS, Monitoring, monitoringPropProblems, MonitoringProps } from "../../modules/monitoring";
import { RdsPrivate, RdsPrivateProps } from "../../modules/rds-private";
import { testRefusedProps } from "../support/refuses-props";
import {
  countOf,
  onlyResource,
  parseJsonAttribute,
  refTo,
  resourceList,
  resourcesOf,
  SynthesizedStack,
  synthJson,
  testStack,
} from "../support/synth";

const base: MonitoringProps = { name: "acme-test", region: "eu-west-1", accountId: "123456789012" };

/**
 * Stand-ins for an HttpApi and a FargateService with literal ids, so the alarms' dimensions can be
 * asserted as written. Their specs are the modules' own (`httpApiMonitoringSpec`,
 * `serviceMonitoringSpec`); "the stand-ins watch like the real modules" checks they agree.
 */
class FakeApi extends Construct implements Monitorable {
  readonly apiId = "a1b2c3d4e5";
  readonly stage = { name: "$default" };

  monitoringSpec(thresholds: AlarmThresholds): MonitoringSpec {
    return httpApiMonitoringSpec({ id: this.node.id, apiId: this.apiId, stageName: this.stage.name }, thresholds);
  }
}
class FakeService extends Construct implements Monitorable, MonitoredFargateService {
  readonly cluster = { name: "acme-test-cluster" };
  readonly serviceName = "acme-test-api";
  constructor(
    scope: Construct,
    id: string,
    readonly minTasks = 1,
    readonly containerInsights = false,
  ) {
    super(scope, id);
  }

  monitoringSpec(thresholds: AlarmThresholds): MonitoringSpec {
    return serviceMonitoringSpec(this, thresholds);
  }
}

const privateNetwork = { vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-private-a", "subnet-private-b"] };

/** The real database and migrations beside stand-ins for the API and the service: all monitorables. */
function monitoredModules(stack: TerraformStack, database: Partial<RdsPrivateProps> = {}) {
  const db = new RdsPrivate(stack, "Database", { name: "acme-test", network: privateNetwork, ...database });
  return {
    api: new FakeApi(stack, "HttpApi"),
    service: new FakeService(stack, "ApiService"),
    database: db,
    migrations: migrationsOf(stack, db),
  };
}

function migrationsOf(stack: TerraformStack, db: RdsPrivate): CodebuildMigrations {
  return new CodebuildMigrations(stack, "Migrations", {
    name: "acme-test",
    region: "eu-west-1",
    accountId: "123456789012",
    network: { ...privateNetwork, egress: "nat-instance", interfaceEndpointServices: [] },
    database: db,
    sourceRepository: "acme/app",
  });
}

/** A real FargateService, `ApiService` like the stand-in. */
function realService(stack: TerraformStack, overrides: Partial<FargateServiceProps> = {}): FargateService {
  return new FargateService(stack, "ApiService", {
    name: "acme-test",
    serviceName: "api",
    region: "eu-west-1",
    accountId: "123456789012",
    network: { ...privateNetwork, publicSubnetIds: ["subnet-public-a", "subnet-public-b"], egress: "nat-instance" },
    imageTag: "1.0.0",
    containerPort: 8000,
    ...overrides,
  });
}

/** Every module an environment watches, real: an HttpApi in front of a FargateService, the database and the migrations. */
function realModules(stack: TerraformStack) {
  const service = realService(stack);
  const database = new RdsPrivate(stack, "Database", { name: "acme-test", network: privateNetwork });
  return {
    api: new HttpApi(stack, "HttpApi", {
      name: "acme-test",
      vpcId: privateNetwork.vpcId,
      subnetIds: privateNetwork.privateSubnetIds,
      integrations: { service: new CloudMapIntegration(service) },
    }),
    service,
    database,
    migrations: migrationsOf(stack, database),
  };
}

/** What an environment watches, in its order: the API, the service, the database, the migrations. */
function watchAll(monitoring: Monitoring, modules: { readonly api: Monitorable; readonly service: Monitorable; readonly database: Monitorable; readonly migrations: Monitorable }): void {
  monitoring.watch(modules.api);
  monitoring.watch(modules.service);
  monitoring.watch(modules.database);
  monitoring.watch(modules.migrations);
}

/** The one resource of a type that Monitoring made (the migrations have a topic and a key of their own). */
function monitoringResource(json: SynthesizedStack, type: string): Record<string, unknown> {
  const found = Object.entries(resourcesOf(json, type)).filter(([address]) => address.startsWith("Monitoring_"));
  if (found.length !== 1) throw new Error(`expected one ${type} of Monitoring, found ${found.length}`);
  return found[0]![1];
}

function build(overrides: Partial<MonitoringProps> = {}): { stack: TerraformStack; monitoring: Monitoring } {
  const stack = testStack();
  const monitoring = new Monitoring(stack, "Monitoring", { ...base, ...overrides });
  return { stack, monitoring };
}

interface Statement {
  Sid?: string;
  Effect: string;
  Principal: unknown;
  Action: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const alarmNamed = (json: SynthesizedStack, name: string) => {
  const alarm = resourceList(json, "aws_cloudwatch_metric_alarm").find((a) => a.alarm_name === name);
  if (alarm === undefined) throw new Error(`no alarm ${name}`);
  return alarm;
};

describe("Monitoring defaults", () => {
  const { stack, monitoring } = build({ alarmEmails: ["oncall@example.com", "dev@example.com"] });
  watchAll(monitoring, monitoredModules(stack));
  const json = synthJson(stack);
  const topicArn = refTo(json, "aws_sns_topic", "Monitoring_AlarmTopic", "arn");

  test("the topic is encrypted with a rotated customer-managed key CloudWatch may use", () => {
    expect(monitoringResource(json, "aws_sns_topic")).toMatchObject({
      name: "acme-test-alarms",
      kms_master_key_id: refTo(json, "aws_kms_key", "Monitoring_AlarmKey", "arn"),
    });
    const key = monitoringResource(json, "aws_kms_key");
    expect(key.enable_key_rotation).toBe(true);
    expect(parseJsonAttribute<{ Statement: Statement[] }>(key.policy).Statement).toContainEqual({
      Sid: "PublishersEncrypt",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
    });
  });

  test("only this account's alarms may publish, and only over TLS", () => {
    const policy = parseJsonAttribute<{ Statement: Statement[] }>(monitoringResource(json, "aws_sns_topic_policy").policy);
    expect(policy.Statement).toEqual([
      {
        Sid: "ServicePublishes",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: {
          StringEquals: { "aws:SourceAccount": "123456789012" },
          ArnLike: { "aws:SourceArn": ["arn:aws:cloudwatch:eu-west-1:123456789012:alarm:*"] },
        },
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  test("each address is subscribed by email", () => {
    expect(resourceList(json, "aws_sns_topic_subscription").map((s) => [s.protocol, s.endpoint, s.topic_arn])).toEqual([
      ["email", "oncall@example.com", topicArn],
      ["email", "dev@example.com", topicArn],
    ]);
  });

  test("ten alarms, each telling the topic when it goes off and when it recovers", () => {
    const alarms = resourceList(json, "aws_cloudwatch_metric_alarm");
    expect(alarms).toHaveLength(10);
    expect(monitoring.alarms).toHaveLength(10);
    for (const alarm of alarms) {
      expect({ name: alarm.alarm_name, alarm: alarm.alarm_actions, ok: alarm.ok_actions }).toEqual({
        name: alarm.alarm_name,
        alarm: [topicArn],
        ok: [topicArn],
      });
      expect(alarm.alarm_description).toEqual(expect.stringMatching(/: .+\.$/));
    }
  });

  test("API: more than 150 responses with a 5xx status in a minute (seed 003), p99 latency above 2 s for five minutes", () => {
    expect(alarmNamed(json, "acme-test-http-api-5xx")).toMatchObject({
      namespace: "AWS/ApiGateway",
      metric_name: "5xx",
      dimensions: { ApiId: "a1b2c3d4e5", Stage: "$default" },
      statistic: "Sum",
      period: 60,
      evaluation_periods: 1,
      threshold: 150,
      comparison_operator: "GreaterThanThreshold",
      treat_missing_data: "notBreaching",
    });
    expect(alarmNamed(json, "acme-test-http-api-latency-p99")).toMatchObject({
      metric_name: "Latency",
      extended_statistic: "p99",
      evaluation_periods: 5,
      datapoints_to_alarm: 5,
      threshold: 2000,
    });
    expect(alarmNamed(json, "acme-test-http-api-latency-p99").statistic).toBeUndefined();
  });

  test("service: CPU and memory above 80% for five minutes; no running task, without Container Insights", () => {
    const dimensions = { ClusterName: "acme-test-cluster", ServiceName: "acme-test-api" };
    expect(alarmNamed(json, "acme-test-api-service-cpu-high")).toMatchObject({
      namespace: "AWS/ECS",
      metric_name: "CPUUtilization",
      dimensions,
      statistic: "Average",
      threshold: 80,
      evaluation_periods: 5,
    });
    expect(alarmNamed(json, "acme-test-api-service-memory-high")).toMatchObject({ metric_name: "MemoryUtilization", threshold: 80 });
    // AWS/ECS publishes nothing for a service with no running task: missing data is the signal.
    expect(alarmNamed(json, "acme-test-api-service-tasks-below-minimum")).toMatchObject({
      namespace: "AWS/ECS",
      metric_name: "CPUUtilization",
      statistic: "SampleCount",
      threshold: 1,
      comparison_operator: "LessThanThreshold",
      treat_missing_data: "breaching",
    });
  });

  test("database (its own spec): thresholds worked out from db.t4g.micro (1 GiB) and 20 GiB of storage; free storage below autoscaling's 10% trigger", () => {
    const dimensions = { DBInstanceIdentifier: "acme-test-postgres" };
    expect(alarmNamed(json, "acme-test-database-cpu-high")).toMatchObject({ dimensions, threshold: 80, evaluation_periods: 10 });
    expect(alarmNamed(json, "acme-test-database-free-storage-low")).toMatchObject({
      metric_name: "FreeStorageSpace",
      threshold: 1024 ** 3,
      comparison_operator: "LessThanThreshold",
    });
    expect(alarmNamed(json, "acme-test-database-free-memory-low")).toMatchObject({
      metric_name: "FreeableMemory",
      threshold: Math.round(0.1 * 1024 ** 3),
    });
    // max_connections ≈ 0.75 × 1 GiB / 9531392 = 84; 80% of that.
    expect(alarmNamed(json, "acme-test-database-connections-high")).toMatchObject({
      metric_name: "DatabaseConnections",
      threshold: 67,
      comparison_operator: "GreaterThanThreshold",
    });
  });

  test("migrations (their own spec): any failed build", () => {
    expect(alarmNamed(json, "acme-test-migrations-build-failed")).toMatchObject({
      namespace: "AWS/CodeBuild",
      metric_name: "FailedBuilds",
      dimensions: { ProjectName: refTo(json, "aws_codebuild_project", "Migrations_Project", "name") },
      statistic: "Sum",
      threshold: 1,
      comparison_operator: "GreaterThanOrEqualToThreshold",
    });
  });

  test("one dashboard with a row per monitored construct, in order", () => {
    const dashboard = onlyResource(json, "aws_cloudwatch_dashboard");
    expect(dashboard.dashboard_name).toBe("acme-test");
    const body = parseJsonAttribute<{ widgets: { type: string; y: number; properties: Record<string, unknown> }[] }>(dashboard.dashboard_body);
    const headings = body.widgets.filter((w) => w.type === "text").map((w) => w.properties.markdown);
    expect(headings).toEqual([
      expect.stringContaining("acme-test-alarms"),
      "## API (HttpApi)",
      "## Service (ApiService)",
      "## Database (Database)",
      "## Migrations (Migrations)",
    ]);
    const graphs = body.widgets.filter((w) => w.type === "metric");
    expect(graphs).toHaveLength(3 + 3 + 4 + 2);
    for (const graph of graphs) expect(graph.properties.region).toBe("eu-west-1");
    expect(JSON.stringify(graphs)).toContain('["AWS/RDS","FreeStorageSpace","DBInstanceIdentifier","acme-test-postgres",{"stat":"Minimum"}]');
  });
});

describe("Monitoring: each alarm's metric and condition", () => {
  const { stack, monitoring } = build();
  watchAll(monitoring, monitoredModules(stack));
  const json = synthJson(stack);
  const GT = "GreaterThanThreshold";
  const LT = "LessThanThreshold";
  test.each([
    ["http-api-5xx", "AWS/ApiGateway", "5xx", "Sum", 60, 1, GT, "notBreaching"],
    ["http-api-latency-p99", "AWS/ApiGateway", "Latency", "p99", 60, 5, GT, "notBreaching"],
    ["api-service-cpu-high", "AWS/ECS", "CPUUtilization", "Average", 60, 5, GT, "notBreaching"],
    ["api-service-memory-high", "AWS/ECS", "MemoryUtilization", "Average", 60, 5, GT, "notBreaching"],
    ["api-service-tasks-below-minimum", "AWS/ECS", "CPUUtilization", "SampleCount", 60, 5, LT, "breaching"],
    ["database-cpu-high", "AWS/RDS", "CPUUtilization", "Average", 60, 10, GT, "notBreaching"],
    ["database-free-storage-low", "AWS/RDS", "FreeStorageSpace", "Average", 60, 5, LT, "notBreaching"],
    ["database-free-memory-low", "AWS/RDS", "FreeableMemory", "Average", 60, 5, LT, "notBreaching"],
    ["database-connections-high", "AWS/RDS", "DatabaseConnections", "Average", 60, 5, GT, "notBreaching"],
    ["migrations-build-failed", "AWS/CodeBuild", "FailedBuilds", "Sum", 300, 1, "GreaterThanOrEqualToThreshold", "notBreaching"],
  ])("%s: %s %s (%s) over %ss, %s periods, %s, missing data %s", (name, namespace, metric, stat, period, periods, comparison, missing) => {
    const alarm = alarmNamed(json, `acme-test-${name}`);
    expect({
      namespace: alarm.namespace,
      metric: alarm.metric_name,
      stat: alarm.statistic ?? alarm.extended_statistic,
      period: alarm.period,
      periods: [alarm.evaluation_periods, alarm.datapoints_to_alarm],
      comparison: alarm.comparison_operator,
      missing: alarm.treat_missing_data,
    }).toEqual({ namespace, metric, stat, period, periods: [periods, periods], comparison, missing });
  });

  test.each([
    ["api5xxPerMinute", 11, "http-api-5xx", 11],
    ["apiLatencyP99Ms", 1234, "http-api-latency-p99", 1234],
    ["serviceCpuPercent", 61, "api-service-cpu-high", 61],
    ["serviceMemoryPercent", 62, "api-service-memory-high", 62],
    ["databaseCpuPercent", 63, "database-cpu-high", 63],
    ["databaseFreeStoragePercent", 20, "database-free-storage-low", 4 * 1024 ** 3],
    ["databaseFreeMemoryPercent", 25, "database-free-memory-low", 0.25 * 1024 ** 3],
    ["databaseConnectionsPercent", 50, "database-connections-high", 42],
  ] as [keyof MonitoringProps, number, string, number][])("%s=%p moves only the %s alarm", (prop, value, changed, threshold) => {
    const { stack: s, monitoring: m } = build({ [prop]: value });
    watchAll(m, monitoredModules(s));
    const thresholds = (j: SynthesizedStack) => Object.fromEntries(resourceList(j, "aws_cloudwatch_metric_alarm").map((a) => [a.alarm_name, a.threshold]));
    const before = thresholds(json);
    const after = thresholds(synthJson(s));
    const differing = Object.keys(after).filter((name) => after[name] !== before[name]);
    expect(differing).toEqual([`acme-test-${changed}`]);
    expect(after[`acme-test-${changed}`]).toBe(threshold);
  });
});

describe("Monitoring behaviour", () => {
  test("with Container Insights, fewer running tasks than minTasks raise the alarm", () => {
    const { stack, monitoring } = build();
    const [, , running] = monitoring.watch(new FakeService(stack, "ApiService", 2, true));
    expect(running).toBeDefined();
    expect(alarmNamed(synthJson(stack), "acme-test-api-service-tasks-below-minimum")).toMatchObject({
      namespace: "ECS/ContainerInsights",
      metric_name: "RunningTaskCount",
      statistic: "Minimum",
      threshold: 2,
      comparison_operator: "LessThanThreshold",
      treat_missing_data: "breaching",
    });
  });

  test("thresholds from props", () => {
    const { stack, monitoring } = build({
      api5xxPerMinute: 10,
      apiLatencyP99Ms: 500,
      serviceCpuPercent: 70,
      databaseFreeStoragePercent: 20,
      databaseConnectionsPercent: 50,
    });
    watchAll(monitoring, monitoredModules(stack, { instanceClass: "db.m7g.large", allocatedStorageGiB: 100 }));
    const json = synthJson(stack);
    expect(alarmNamed(json, "acme-test-http-api-5xx").threshold).toBe(10);
    expect(alarmNamed(json, "acme-test-http-api-latency-p99").threshold).toBe(500);
    expect(alarmNamed(json, "acme-test-api-service-cpu-high").threshold).toBe(70);
    expect(alarmNamed(json, "acme-test-database-free-storage-low").threshold).toBe(20 * 1024 ** 3);
    // db.m7g.large: 8 GiB, so about 675 connections; half of that.
    expect(alarmNamed(json, "acme-test-database-connections-high").threshold).toBe(337);
  });

  test("watch returns what it made", () => {
    const { stack, monitoring } = build();
    const modules = monitoredModules(stack);
    expect(monitoring.watch(modules.api)).toHaveLength(2);
    expect(monitoring.watch(modules.service)).toHaveLength(3);
    expect(monitoring.watch(modules.database)).toHaveLength(4);
    expect(monitoring.watch(modules.migrations)).toHaveLength(1);
    expect(countOf(synthJson(stack), "aws_cloudwatch_metric_alarm")).toBe(10);
  });

  test("without monitored constructs: the topic and a dashboard with its heading only", () => {
    const json = synthJson(build().stack);
    expect(countOf(json, "aws_cloudwatch_metric_alarm")).toBe(0);
    expect(countOf(json, "aws_sns_topic_subscription")).toBe(0);
    expect(parseJsonAttribute<{ widgets: unknown[] }>(onlyResource(json, "aws_cloudwatch_dashboard").dashboard_body).widgets).toHaveLength(1);
  });
});

/** A monitorable Monitoring knows nothing of: a job queue, with one alarm and one graph. It records the thresholds it was given. */
class FakeQueue extends Construct implements Monitorable {
  readonly queueName = "acme-test-jobs";
  readonly given: AlarmThresholds[] = [];
  constructor(
    scope: Construct,
    id: string,
    private readonly graphCount = 1,
  ) {
    super(scope, id);
  }

  monitoringSpec(thresholds: AlarmThresholds): MonitoringSpec {
    this.given.push(thresholds);
    const dimensions = { QueueName: this.queueName };
    return {
      title: `Queue (${this.node.id})`,
      graphs: Array.from({ length: this.graphCount }, (_, i) => ({
        title: `Oldest message (s) ${i}`,
        metrics: [["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", this.queueName, { stat: "Maximum" }]],
      })),
      alarms: [
        {
          id: `${this.node.id}Backlog`,
          name: "jobs-backlog",
          description: "The oldest job waited more than 15 minutes: look at the workers.",
          namespace: "AWS/SQS",
          metricName: "ApproximateAgeOfOldestMessage",
          dimensions,
          statistic: "Maximum",
          periodSeconds: 60,
          evaluationPeriods: 15,
          threshold: 900,
          comparison: "GreaterThanThreshold",
          treatMissingData: "notBreaching",
        },
      ],
    };
  }
}

type DashboardBody = { widgets: { type: string; x: number; y: number; width: number; properties: Record<string, unknown> }[] };
const dashboardOf = (json: SynthesizedStack) => parseJsonAttribute<DashboardBody>(onlyResource(json, "aws_cloudwatch_dashboard").dashboard_body);

describe("Monitoring.watch", () => {
  test("creates the spec's alarms in Monitoring, with the spec's ids, the environment's prefix and the topic", () => {
    const { stack, monitoring } = build();
    const queue = new FakeQueue(stack, "Jobs");
    const alarms = monitoring.watch(queue);
    expect(alarms.map((a) => a.node.path)).toEqual(["test/Monitoring/JobsBacklog"]);
    expect(monitoring.alarms).toEqual(alarms);
    const json = synthJson(stack);
    const topicArn = refTo(json, "aws_sns_topic", "Monitoring_AlarmTopic", "arn");
    const byAddress = resourcesOf(json, "aws_cloudwatch_metric_alarm");
    expect(Object.keys(byAddress)).toEqual([expect.stringMatching(/^Monitoring_JobsBacklog_/)]);
    expect(Object.values(byAddress)[0]).toMatchObject({
      alarm_name: "acme-test-jobs-backlog",
      alarm_description: "The oldest job waited more than 15 minutes: look at the workers.",
      namespace: "AWS/SQS",
      metric_name: "ApproximateAgeOfOldestMessage",
      dimensions: { QueueName: "acme-test-jobs" },
      statistic: "Maximum",
      period: 60,
      evaluation_periods: 15,
      datapoints_to_alarm: 15,
      threshold: 900,
      comparison_operator: "GreaterThanThreshold",
      treat_missing_data: "notBreaching",
      alarm_actions: [topicArn],
      ok_actions: [topicArn],
      tags: { Name: "acme-test-jobs-backlog" },
    });
  });

  test("gives the spec the environment's thresholds, defaults filled in", () => {
    const { stack, monitoring } = build({ api5xxPerMinute: 10, databaseFreeMemoryPercent: 20 });
    const queue = new FakeQueue(stack, "Jobs");
    monitoring.watch(queue);
    expect(queue.given).toEqual([{ ...DEFAULT_ALARM_THRESHOLDS, api5xxPerMinute: 10, databaseFreeMemoryPercent: 20 }]);
    expect(monitoring.thresholds).toEqual(queue.given[0]);
  });

  test("adds the spec's row below the rows before it, its graphs sharing the width", () => {
    const { stack, monitoring } = build();
    monitoring.watch(new FakeApi(stack, "HttpApi"));
    monitoring.watch(new FakeQueue(stack, "Jobs", 2));
    const widgets = dashboardOf(synthJson(stack)).widgets;
    expect(widgets.filter((w) => w.type === "text").map((w) => [w.properties.markdown, w.y])).toEqual([
      [expect.stringContaining("acme-test-alarms"), 0],
      ["## API (HttpApi)", 2],
      ["## Queue (Jobs)", 9],
    ]);
    const queueGraphs = widgets.filter((w) => w.type === "metric" && String(w.properties.title).startsWith("Oldest message"));
    expect(queueGraphs.map((w) => [w.x, w.y, w.width])).toEqual([
      [0, 10, 12],
      [12, 10, 12],
    ]);
    expect(queueGraphs[0]!.properties).toMatchObject({
      region: "eu-west-1",
      metrics: [["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", "acme-test-jobs", { stat: "Maximum" }]],
    });
  });

  test("a spec without graphs gets its alarms and no row", () => {
    const { stack, monitoring } = build();
    expect(monitoring.watch(new FakeQueue(stack, "Jobs", 0))).toHaveLength(1);
    expect(dashboardOf(synthJson(stack)).widgets).toHaveLength(1);
  });

  test("refuses to watch a construct twice, naming it and the alarm ids", () => {
    const { stack, monitoring } = build();
    const queue = new FakeQueue(stack, "Jobs");
    monitoring.watch(queue);
    expect(() => monitoring.watch(queue)).toThrow(PropsError);
    expect(() => monitoring.watch(queue)).toThrow(
      /Monitoring "test\/Monitoring": watch\(test\/Jobs\) needs alarm ids of its own: Monitoring already has these \(is the construct watched twice\?\); got \["JobsBacklog"\]/,
    );
    expect(monitoring.alarms).toHaveLength(1);
  });

  test("refuses a row of more than 24 graphs, creating nothing", () => {
    const { stack, monitoring } = build();
    expect(() => monitoring.watch(new FakeQueue(stack, "Jobs", 25))).toThrow(/watch\(test\/Jobs\) must ask for at most 24 graphs, one row of the dashboard; got "25 graphs"/);
    expect(monitoring.alarms).toHaveLength(0);
    expect(countOf(synthJson(stack), "aws_cloudwatch_metric_alarm")).toBe(0);
  });
});

describe("Monitoring needs no method per kind: each module says what to watch", () => {
  test("HttpApi, FargateService, RdsPrivate and CodebuildMigrations are monitorables", () => {
    const { api, service, database, migrations } = realModules(testStack());
    const monitorables: Monitorable[] = [api, service, database, migrations];
    expect(monitorables.map((m) => m.monitoringSpec(DEFAULT_ALARM_THRESHOLDS).title)).toEqual([
      "API (HttpApi)",
      "Service (ApiService)",
      "Database (Database)",
      "Migrations (Migrations)",
    ]);
  });

  test("the stand-ins watch like the real modules: the same alarms at the same addresses, and the same rows, but for the dimensions", () => {
    const synthesized = (modules: Parameters<typeof watchAll>[1], stack: TerraformStack, monitoring: Monitoring) => {
      watchAll(monitoring, modules);
      const json = synthJson(stack);
      const alarms = Object.fromEntries(
        Object.entries(resourcesOf(json, "aws_cloudwatch_metric_alarm")).map(([address, { dimensions, ...alarm }]) => [address, { ...alarm, dimensions: Object.keys(dimensions as object) }]),
      );
      const widgets = dashboardOf(json).widgets.map((w) => [w.type, w.x, w.y, w.width, w.properties.markdown ?? w.properties.title]);
      return { alarms, widgets };
    };
    const fake = build();
    const real = build();
    const watchedFakes = synthesized(monitoredModules(fake.stack), fake.stack, fake.monitoring);
    expect(Object.keys(watchedFakes.alarms)).toHaveLength(10);
    expect(synthesized(realModules(real.stack), real.stack, real.monitoring)).toEqual(watchedFakes);
  });

  test("a database class whose memory is unknown is refused by the database's spec, naming its instanceClass, before anything is made", () => {
    const { stack, monitoring } = build();
    const { database } = monitoredModules(stack, { instanceClass: "db.m5.metal" });
    expect(() => monitoring.watch(database)).toThrow(PropsError);
    expect(() => monitoring.watch(database)).toThrow(
      /RdsPrivate "test\/Database": instanceClass must be a class whose memory the monitoring spec knows .*; got "db.m5.metal"/,
    );
    expect(monitoring.alarms).toHaveLength(0);
    expect(dashboardOf(synthJson(stack)).widgets).toHaveLength(1);
  });
});

describe("Monitoring README example", () => {
  test("compiles and synthesizes", () => {
    const stack = testStack("eu-west-1");
    const { api, service, database, migrations } = realModules(stack);
    // The same code as the usage example in modules/monitoring/README.md.
    const monitoring = new Monitoring(stack, "Monitoring", {
      name: "acme-staging",
      region: "eu-west-1",
      accountId: "123456789012",
      alarmEmails: ["oncall@example.com"],
    });
    monitoring.watch(api);
    monitoring.watch(service);
    monitoring.watch(database);
    monitoring.watch(migrations);
    expect(countOf(synthJson(stack), "aws_cloudwatch_metric_alarm")).toBe(10);
  });
});

// The same class as the Monitorable example in modules/monitoring/README.md.
/** A job queue whose oldest message must not wait more than 15 minutes. */
class JobQueue extends Construct implements Monitorable {
  readonly queueName = "acme-staging-jobs";

  monitoringSpec(_thresholds: AlarmThresholds): MonitoringSpec {
    const dimensions = { QueueName: this.queueName };
    return {
      title: `Queue (${this.node.id})`,
      graphs: [{ title: "Oldest message (s)", metrics: [["AWS/SQS", "ApproximateAgeOfOldestMessage", ...dimensionList(dimensions), { stat: "Maximum" }]] }],
      alarms: [
        {
          id: `${this.node.id}Backlog`,
          name: `${kebabCase(this.node.id)}-backlog`,
          description: "The oldest job waited more than 15 minutes: look at the workers.",
          namespace: "AWS/SQS",
          metricName: "ApproximateAgeOfOldestMessage",
          dimensions,
          statistic: "Maximum",
          periodSeconds: 60,
          evaluationPeriods: 15,
          threshold: 900,
          comparison: "GreaterThanThreshold",
          treatMissingData: "notBreaching",
        },
      ],
    };
  }
}

describe("Monitoring README Monitorable example", () => {
  test("compiles, and watching it gives the alarm and the row the README names", () => {
    const stack = testStack("eu-west-1");
    const monitoring = new Monitoring(stack, "Monitoring", { name: "acme-staging", region: "eu-west-1", accountId: "123456789012" });
    monitoring.watch(new JobQueue(stack, "Jobs"));
    const json = synthJson(stack);
    expect(resourceList(json, "aws_cloudwatch_metric_alarm").map((a) => a.alarm_name)).toEqual(["acme-staging-jobs-backlog"]);
    expect(dashboardOf(json).widgets.map((w) => w.properties.markdown).filter(Boolean)).toContain("## Queue (Jobs)");
  });
});

describe("Monitoring refuses bad input, naming it", () => {
  testRefusedProps<MonitoringProps>(
    [
      ["a bad name", { name: "Acme" }, /name must be 2 to 32 lowercase/],
      ["a name known only at apply", { name: Lazy.stringValue({ produce: () => "acme-test" }) }, /name must be a literal value known at synth/],
      ["a bad region", { region: "europe" }, /region "europe" is not an AWS region \(known regions as of/],
      ["a region that does not exist", { region: "us-east-9" }, /region "us-east-9" is not an AWS region; did you mean us-east-1 or us-east-2\? .*modules\/shared\/regions\.ts\); got "us-east-9"/],
      ["a bad account", { accountId: "12" }, /accountId must be a 12-digit AWS account id/],
      ["a bad email", { alarmEmails: ["ops"] }, /alarmEmails\[0\] must be an email address; got "ops"/],
      ["a zero 5xx threshold", { api5xxPerMinute: 0 }, /api5xxPerMinute must be a whole number of responses from 1/],
      ["a latency beyond API Gateway's timeout", { apiLatencyP99Ms: 40000 }, /apiLatencyP99Ms must be a whole number of milliseconds from 10 to 30000/],
      ["a CPU percent above 100", { serviceCpuPercent: 120 }, /serviceCpuPercent must be a whole number of percent from 1 to 100/],
      ["a fractional percent", { databaseConnectionsPercent: 80.5 }, /databaseConnectionsPercent must be a whole number/],
      ["a free storage percent above 50", { databaseFreeStoragePercent: 60 }, /databaseFreeStoragePercent must be a whole number of percent from 1 to 50/],
      ["a negative function error threshold", { functionErrorsPerMinute: -1 }, /functionErrorsPerMinute must be a whole number of errors from 0 to 1000000/],
      ["a fractional function throttle threshold", { functionThrottlesPerMinute: 0.5 }, /functionThrottlesPerMinute must be a whole number of throttles from 0 to 1000000/],
      ["a function duration percent above 100", { functionDurationP99Percent: 150 }, /functionDurationP99Percent must be a whole number of percent from 1 to 100/],
      ["a function concurrency percent of 0", { functionConcurrencyPercent: 0 }, /functionConcurrencyPercent must be a whole number of percent from 1 to 100/],
    ],
    {
      build: (overrides) => build(overrides),
      check: (overrides) => monitoringPropProblems({ ...base, ...overrides }),
    },
  );

  test("the exported check finds nothing wrong with good props, and every problem at once with bad ones", () => {
    expect(monitoringPropProblems({ ...base, alarmEmails: ["oncall@example.com"], api5xxPerMinute: 10 })).toEqual([]);
    expect(monitoringPropProblems({ ...base, accountId: "12", serviceCpuPercent: 0 }).map((p) => p.prop)).toEqual(["accountId", "serviceCpuPercent"]);
  });

  test("a service of more than one task without Container Insights is refused by the service's spec (a partial outage would go unseen), before anything is made", () => {
    const { stack, monitoring } = build();
    const service = realService(stack, { minTasks: 2, maxTasks: 2 });
    expect(() => monitoring.watch(service)).toThrow(PropsError);
    expect(() => monitoring.watch(service)).toThrow(
      /FargateService "test\/ApiService": minTasks above 1 can be monitored only with Container Insights .* set containerInsights: true on the FargateService .*; got "2 without Container Insights"/,
    );
    expect(monitoring.alarms).toHaveLength(0);
    expect(dashboardOf(synthJson(stack)).widgets).toHaveLength(1);
  });
});
