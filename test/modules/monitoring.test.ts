import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { PropsError } from "../../modules/shared/errors";
import {
  instanceClassMemoryGiB,
  MonitoredApi,
  MonitoredDatabase,
  MonitoredMigrations,
  MonitoredService,
  Monitoring,
  MonitoringProps,
} from "../../modules/monitoring";
import { countOf, onlyResource, parseJsonAttribute, refTo, resourceList, SynthesizedStack, synthJson, testStack } from "../support/synth";

const base: MonitoringProps = { name: "acme-test", region: "eu-west-1", accountId: "123456789012" };

/** Stand-ins with the fields the monitor methods read (HttpApi, FargateService, RdsPrivate and CodebuildMigrations have them). */
class FakeApi extends Construct implements MonitoredApi {
  readonly apiId = "a1b2c3d4e5";
  readonly stage = { name: "$default" };
}
class FakeService extends Construct implements MonitoredService {
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
}
class FakeDatabase extends Construct implements MonitoredDatabase {
  readonly identifier = "acme-test-postgres";
  constructor(
    scope: Construct,
    id: string,
    readonly instanceClass = "db.t4g.micro",
    readonly allocatedStorageGiB = 20,
  ) {
    super(scope, id);
  }
}
class FakeMigrations extends Construct implements MonitoredMigrations {
  readonly projectName = "acme-test-db-migrations";
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
  monitoring.monitorApi(new FakeApi(stack, "HttpApi"));
  monitoring.monitorService(new FakeService(stack, "ApiService"));
  monitoring.monitorDatabase(new FakeDatabase(stack, "Database"));
  monitoring.monitorMigrations(new FakeMigrations(stack, "Migrations"));
  const json = synthJson(stack);
  const topicArn = refTo(json, "aws_sns_topic", "Monitoring_AlarmTopic", "arn");

  test("the topic is encrypted with a rotated customer-managed key CloudWatch may use", () => {
    expect(onlyResource(json, "aws_sns_topic")).toMatchObject({
      name: "acme-test-alarms",
      kms_master_key_id: refTo(json, "aws_kms_key", "Monitoring_AlarmKey", "arn"),
    });
    const key = onlyResource(json, "aws_kms_key");
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
    const policy = parseJsonAttribute<{ Statement: Statement[] }>(onlyResource(json, "aws_sns_topic_policy").policy);
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

  test("database: thresholds worked out from db.t4g.micro (1 GiB) and 20 GiB of storage; free storage below autoscaling's 10% trigger", () => {
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

  test("migrations: any failed build", () => {
    expect(alarmNamed(json, "acme-test-migrations-build-failed")).toMatchObject({
      namespace: "AWS/CodeBuild",
      metric_name: "FailedBuilds",
      dimensions: { ProjectName: "acme-test-db-migrations" },
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
  monitoring.monitorApi(new FakeApi(stack, "HttpApi"));
  monitoring.monitorService(new FakeService(stack, "ApiService"));
  monitoring.monitorDatabase(new FakeDatabase(stack, "Database"));
  monitoring.monitorMigrations(new FakeMigrations(stack, "Migrations"));
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
    m.monitorApi(new FakeApi(s, "HttpApi"));
    m.monitorService(new FakeService(s, "ApiService"));
    m.monitorDatabase(new FakeDatabase(s, "Database"));
    m.monitorMigrations(new FakeMigrations(s, "Migrations"));
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
    const [, , running] = monitoring.monitorService(new FakeService(stack, "ApiService", 2, true));
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
    monitoring.monitorApi(new FakeApi(stack, "HttpApi"));
    monitoring.monitorService(new FakeService(stack, "ApiService"));
    monitoring.monitorDatabase(new FakeDatabase(stack, "Database", "db.m7g.large", 100));
    const json = synthJson(stack);
    expect(alarmNamed(json, "acme-test-http-api-5xx").threshold).toBe(10);
    expect(alarmNamed(json, "acme-test-http-api-latency-p99").threshold).toBe(500);
    expect(alarmNamed(json, "acme-test-api-service-cpu-high").threshold).toBe(70);
    expect(alarmNamed(json, "acme-test-database-free-storage-low").threshold).toBe(20 * 1024 ** 3);
    // db.m7g.large: 8 GiB, so about 675 connections; half of that.
    expect(alarmNamed(json, "acme-test-database-connections-high").threshold).toBe(337);
  });

  test("the monitor methods return what they made", () => {
    const { stack, monitoring } = build();
    expect(monitoring.monitorApi(new FakeApi(stack, "HttpApi"))).toHaveLength(2);
    expect(monitoring.monitorService(new FakeService(stack, "ApiService"))).toHaveLength(3);
    expect(monitoring.monitorDatabase(new FakeDatabase(stack, "Database"))).toHaveLength(4);
    expect(monitoring.monitorMigrations(new FakeMigrations(stack, "Migrations"))).toHaveLength(1);
    expect(countOf(synthJson(stack), "aws_cloudwatch_metric_alarm")).toBe(10);
  });

  test("without monitored constructs: the topic and a dashboard with its heading only", () => {
    const json = synthJson(build().stack);
    expect(countOf(json, "aws_cloudwatch_metric_alarm")).toBe(0);
    expect(countOf(json, "aws_sns_topic_subscription")).toBe(0);
    expect(parseJsonAttribute<{ widgets: unknown[] }>(onlyResource(json, "aws_cloudwatch_dashboard").dashboard_body).widgets).toHaveLength(1);
  });

  test.each([
    ["db.t4g.micro", 1],
    ["db.t3.small", 2],
    ["db.t4g.2xlarge", 32],
    ["db.m5.large", 8],
    ["db.m6g.4xlarge", 64],
    ["db.r6g.xlarge", 32],
    ["db.r7g.16xlarge", 512],
    ["db.m5.metal", undefined],
    ["db.m5.small", undefined],
  ])("%s has %p GiB of memory", (instanceClass, gib) => {
    expect(instanceClassMemoryGiB(instanceClass)).toBe(gib);
  });
});

describe("Monitoring README example", () => {
  test("compiles and synthesizes", () => {
    const stack = testStack("eu-west-1");
    const api = new FakeApi(stack, "HttpApi");
    const service = new FakeService(stack, "ApiService");
    const database = new FakeDatabase(stack, "Database");
    const migrations = new FakeMigrations(stack, "Migrations");
    // The same code as the usage example in modules/monitoring/README.md.
    const monitoring = new Monitoring(stack, "Monitoring", {
      name: "acme-staging",
      region: "eu-west-1",
      accountId: "123456789012",
      alarmEmails: ["oncall@example.com"],
    });
    monitoring.monitorApi(api);
    monitoring.monitorService(service);
    monitoring.monitorDatabase(database);
    monitoring.monitorMigrations(migrations);
    expect(countOf(synthJson(stack), "aws_cloudwatch_metric_alarm")).toBe(10);
  });
});

describe("Monitoring refuses bad input, naming it", () => {
  test.each([
    ["a bad name", { name: "Acme" }, /name must be 2 to 32 lowercase/],
    ["a bad region", { region: "europe" }, /region "europe" is not an AWS region \(known regions as of/],
    ["a region that does not exist", { region: "us-east-9" }, /region "us-east-9" is not an AWS region; did you mean us-east-1 or us-east-2\? .*modules\/shared\/regions\.ts\); got "us-east-9"/],
    ["a bad account", { accountId: "12" }, /accountId must be a 12-digit AWS account id/],
    ["a bad email", { alarmEmails: ["ops"] }, /alarmEmails\[0\] must be an email address; got "ops"/],
    ["a zero 5xx threshold", { api5xxPerMinute: 0 }, /api5xxPerMinute must be a whole number of responses from 1/],
    ["a latency beyond API Gateway's timeout", { apiLatencyP99Ms: 40000 }, /apiLatencyP99Ms must be a whole number of milliseconds from 10 to 30000/],
    ["a CPU percent above 100", { serviceCpuPercent: 120 }, /serviceCpuPercent must be a whole number of percent from 1 to 100/],
    ["a fractional percent", { databaseConnectionsPercent: 80.5 }, /databaseConnectionsPercent must be a whole number/],
    ["a free storage percent above 50", { databaseFreeStoragePercent: 60 }, /databaseFreeStoragePercent must be a whole number of percent from 1 to 50/],
  ] as [string, Partial<MonitoringProps>, RegExp][])("fails on %s", (_label, overrides, message) => {
    expect(() => build(overrides)).toThrow(PropsError);
    expect(() => build(overrides)).toThrow(message);
  });

  test("a service of more than one task without Container Insights: a partial outage would go unseen", () => {
    const { stack, monitoring } = build();
    expect(() => monitoring.monitorService(new FakeService(stack, "ApiService", 2, false))).toThrow(
      /monitorService\(test\/ApiService\) needs Container Insights .* set containerInsights: true on the FargateService; got "minTasks=2 without Container Insights"/,
    );
  });

  test("a database class whose memory is unknown", () => {
    const { stack, monitoring } = build();
    expect(() => monitoring.monitorDatabase(new FakeDatabase(stack, "Database", "db.m5.metal"))).toThrow(
      /monitorDatabase\(test\/Database\) needs an instance class whose memory the module knows .*; got "db.m5.metal"/,
    );
  });
});
