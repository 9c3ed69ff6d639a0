import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TerraformStack } from "cdktf";
import { buildApp } from "../../environments";
import { controlsReport, costCommand, costReport, formatControlsReport, formatCostReport } from "../../scripts/cost";
import {
  ControlLine,
  ControlsEstimate,
  CostEstimate,
  CostLine,
  DEFAULT_PRICES,
  estimateControls,
  estimateCost,
  formatMoney,
  FREE_RESOURCE_TYPES,
  parsePriceData,
  PRICED_RESOURCE_TYPES,
  PriceData,
  SynthesizedStack,
  TerraformResource,
  unpricedResourceTypes,
  Usage,
} from "../../scripts/cost/estimate";
import type { Purpose } from "../../modules/shared/purpose";
import { capture } from "../support/capture";
import { NO_USAGE } from "../support/usage";

/** Fixed prices, so the arithmetic below does not move when prices.json is updated. */
const PRICES: PriceData = parsePriceData({
  currency: "USD",
  hoursPerMonth: 730,
  prices: [
    ["nat-gateway-hour", 0.045],
    ["nat-gateway-gb", 0.045],
    ["public-ipv4-hour", 0.005],
    ["ec2-t4g.nano-hour", 0.0042],
    ["ebs-gp3-gb-month", 0.08],
    ["fargate-vcpu-hour-arm", 0.03238],
    ["fargate-gb-hour-arm", 0.00356],
    ["fargate-spot-vcpu-hour-arm", 0.0097],
    ["fargate-spot-gb-hour-arm", 0.00107],
    ["rds-postgres-db.t4g.micro-single-az-hour", 0.016],
    ["rds-postgres-db.t4g.small-single-az-hour", 0.032],
    ["rds-postgres-db.t4g.small-multi-az-hour", 0.064],
    ["rds-gp3-gb-month", 0.115],
    ["secretsmanager-secret-month", 0.4],
    ["apigw-http-million-requests", 1.0],
    ["cloudmap-instance-month", 0.1],
    ["cloudmap-million-api-calls", 1.0],
    ["route53-hosted-zone-month", 0.5],
    ["cloudfront-gb-out", 0.085],
    ["cloudfront-10k-https-requests", 0.01],
    ["logs-ingest-gb", 0.5],
    ["logs-storage-gb-month", 0.03],
    ["cloudwatch-alarm-metric-month", 0.1],
    ["data-transfer-out-gb", 0.09],
    ["alb-hour", 0.0225],
    ["alb-lcu-hour", 0.008],
  ].map(([key, usd]) => ({ key, region: "us-east-1", usd, unit: "unit", source: "https://example.com/prices", read: "2026-11-21" })),
});

const USAGE = NO_USAGE;

function stack(resources: Record<string, Record<string, TerraformResource>>): SynthesizedStack {
  return { resource: resources };
}

function estimate(resources: Record<string, Record<string, TerraformResource>>, usage: Partial<Usage> = {}, region = "us-east-1"): CostEstimate {
  return estimateCost(stack(resources), { ...USAGE, ...usage }, region, PRICES);
}

function lineOf(result: { lines: readonly CostLine[] }, resource: string, descriptionPart = ""): CostLine {
  const found = result.lines.filter((l) => l.resource === resource && l.description.includes(descriptionPart));
  if (found.length !== 1) throw new Error(`expected one line for ${resource} "${descriptionPart}", got ${found.length}`);
  return found[0]!;
}

/** An ARM64 task definition of the given size. */
const taskDefinition = (cpu: string, memory: string): TerraformResource => ({
  cpu,
  memory,
  requires_compatibilities: ["FARGATE"],
  runtime_platform: { cpu_architecture: "ARM64", operating_system_family: "LINUX" },
});

describe("estimateCost: the arithmetic on fixed inputs", () => {
  test("NAT gateways: 730 hours each, and the NAT data shared between them", () => {
    const result = estimate({ aws_nat_gateway: { A: {}, B: {} } }, { natDataGiBPerMonth: 10 });
    // Each: 730 h × $0.045 = $32.85, plus 10 GB / 2 × $0.045 = $0.225.
    for (const name of ["A", "B"]) {
      const line = lineOf(result, `aws_nat_gateway.${name}`);
      expect(line.status).toBe("priced");
      expect(line.monthly).toBeCloseTo(33.075, 6);
    }
    expect(result.total).toBeCloseTo(66.15, 6);
  });

  test("Fargate ARM64: base tasks on demand, the rest split by weight between regular and Spot", () => {
    const result = estimate({
      aws_ecs_task_definition: { Task: taskDefinition("512", "1024") },
      aws_ecs_service: {
        Api: {
          desired_count: 4,
          task_definition: "${aws_ecs_task_definition.Task.arn}",
          capacity_provider_strategy: [
            { capacity_provider: "FARGATE", base: 1, weight: 1 },
            { capacity_provider: "FARGATE_SPOT", base: 0, weight: 3 },
          ],
        },
      },
    });
    // 4 tasks: 1 base on demand, then 3 split 1:3 -> 1.75 on demand, 2.25 on Spot; 0.5 vCPU / 1 GB each.
    // On demand: 1.75 × 0.5 × 730 = 638.75 vCPU-h × $0.03238 = $20.682725; 1.75 × 1 × 730 = 1277.5 GB-h × $0.00356 = $4.5479.
    // Spot: 2.25 × 0.5 × 730 = 821.25 vCPU-h × $0.0097 = $7.966125; 1642.5 GB-h × $0.00107 = $1.757475.
    const line = lineOf(result, "aws_ecs_service.Api", "Fargate");
    expect(line.monthly).toBeCloseTo(34.954225, 6);
    expect(line.description).toContain("56% on Spot");
    expect(line.description).toContain("638.75 vCPU-h on demand × $0.03238");
  });

  test("RDS: Multi-AZ doubles the instance hours and the storage", () => {
    const db = (multiAz: boolean): TerraformResource => ({
      engine: "postgres",
      instance_class: "db.t4g.small",
      multi_az: multiAz,
      allocated_storage: 100,
      storage_type: "gp3",
    });
    const result = estimate({ aws_db_instance: { Single: db(false), Multi: db(true) } });
    // Single-AZ: 730 × $0.032 = $23.36 + 100 GB × $0.115 = $11.50.
    expect(lineOf(result, "aws_db_instance.Single").monthly).toBeCloseTo(34.86, 6);
    // Multi-AZ: 730 × $0.064 = $46.72 + 2 × 100 GB × $0.115 = $23.00.
    const multi = lineOf(result, "aws_db_instance.Multi");
    expect(multi.monthly).toBeCloseTo(69.72, 6);
    expect(multi.description).toContain("200 GB-month × $0.115");
  });

  test("the RDS-managed master password counts as a Secrets Manager secret", () => {
    const result = estimate({
      aws_db_instance: { Db: { engine: "postgres", instance_class: "db.t4g.micro", allocated_storage: 20, storage_type: "gp3", manage_master_user_password: true } },
    });
    expect(lineOf(result, "aws_db_instance.Db", "Secrets Manager").monthly).toBeCloseTo(0.4, 6);
    expect(lineOf(result, "aws_db_instance.Db", "RDS postgres").monthly).toBeCloseTo(11.68 + 2.3, 6);
  });

  test("a public IPv4 address per task, extra autoscaled tasks included", () => {
    const result = estimate(
      {
        aws_ecs_task_definition: { Task: taskDefinition("256", "512") },
        aws_ecs_service: {
          Api: { desired_count: 3, task_definition: "${aws_ecs_task_definition.Task.arn}", launch_type: "FARGATE", network_configuration: { assign_public_ip: true } },
        },
      },
      { extraTasksAverage: 0.5 },
    );
    // 3.5 tasks × 730 h × $0.005.
    expect(lineOf(result, "aws_ecs_service.Api", "public IPv4").monthly).toBeCloseTo(12.775, 6);
  });

  test("HTTP API requests, and the Cloud Map discovery calls of its integration", () => {
    const result = estimate(
      {
        aws_apigatewayv2_api: { Api: { protocol_type: "HTTP" } },
        aws_apigatewayv2_integration: { Integration: { integration_uri: "${aws_service_discovery_service.Map.arn}" } },
        aws_service_discovery_service: { Map: {} },
      },
      { apiRequestsPerMonth: 2_500_000 },
    );
    expect(lineOf(result, "aws_apigatewayv2_api.Api").monthly).toBeCloseTo(2.5, 6);
    expect(lineOf(result, "aws_apigatewayv2_integration.Integration").monthly).toBeCloseTo(2.5, 6);
  });

  test("CloudFront: HTTPS requests per 10,000 and data out per GB", () => {
    const result = estimate({ aws_cloudfront_distribution: { Site: { price_class: "PriceClass_100" } } }, { siteRequestsPerMonth: 3_000_000, siteDataOutGiBPerMonth: 50 });
    // 300 × $0.01 + 50 GB × $0.085.
    expect(lineOf(result, "aws_cloudfront_distribution.Site").monthly).toBeCloseTo(7.25, 6);
  });

  test("log groups: the ingest, and storage for as long as the retention keeps it", () => {
    const result = estimate({ aws_cloudwatch_log_group: { A: { retention_in_days: 365 }, B: {} } }, { logIngestGiBPerMonth: 4 });
    // 4 GB × $0.5 = $2; retention 12 months (365 days) and 12 (never expires) -> 48 GB-month × $0.03 = $1.44.
    expect(lineOf(result, "2 log groups").monthly).toBeCloseTo(3.44, 6);
  });

  test("alarms: one metric each, every metric of a metric-math alarm", () => {
    const result = estimate({
      aws_cloudwatch_metric_alarm: {
        Cpu: { period: 60, statistic: "Average" },
        Ratio: { metric_query: [{ id: "a", metric: { period: 60 } }, { id: "b", metric: { period: 60 } }, { id: "e", expression: "a/b" }] },
      },
    });
    expect(lineOf(result, "2 metric alarms").monthly).toBeCloseTo(0.3, 6);
  });

  test("S3 buckets: storage by the purpose their module marked them with, never by their construct ids", () => {
    const result = estimateCost(
      stack({
        aws_s3_bucket: {
          Content: bucketFor("site-content", "qa/Frontend/Content/Bucket"),
          Uploads: bucketFor("media", "qa/Files/Store/Bucket"),
          // The construct ids of StaticSite's bucket, but no mark: any other bucket.
          Site: { "//": { metadata: { path: "qa/Site/Site/Bucket" } } },
        },
      }),
      { ...USAGE, siteStorageGiB: 2, mediaStorageGiB: 10, siteRequestsPerMonth: 100_000 },
      "us-east-1",
      CONTROL_PRICES,
    );
    // The site's bucket also serves the CloudFront cache misses: GET requests, which these prices lack.
    expect(lineOf(result, "aws_s3_bucket.Content")).toMatchObject({
      status: "not priced",
      description: "S3 Standard, site bucket, storage from usage.siteStorageGiB: no price for s3-1k-get-requests in us-east-1 (add it to scripts/cost/prices.json)",
    });
    expect(lineOf(result, "aws_s3_bucket.Uploads").description).toMatch(/^S3 Standard, media bucket, storage from usage\.mediaStorageGiB: 10 GB-month × \$0\.03 \+ 1 × 1,000 PUT\/LIST × \$0\.01$/);
    expect(lineOf(result, "aws_s3_bucket.Uploads").monthly).toBeCloseTo(0.31, 6);
    expect(lineOf(result, "aws_s3_bucket.Site").description).toMatch(/^S3 Standard, storage from ASSUMPTIONS\.otherBucketStorageGiB: 1 GB-month/);
  });

  test("lines are sorted by monthly cost, most expensive first, and the total sums the priced ones", () => {
    const result = estimate({ aws_nat_gateway: { A: {} }, aws_eip: { Ip: {} }, aws_iam_role: { Role: {} } });
    const monthly = result.lines.map((l) => l.monthly);
    expect(monthly).toEqual([...monthly].sort((a, b) => b - a));
    expect(result.lines[0]!.resource).toBe("aws_nat_gateway.A");
    expect(result.total).toBeCloseTo(32.85 + 3.65, 6);
    expect(lineOf(result, "1 × aws_iam_role")).toMatchObject({ status: "free", monthly: 0, description: "free: IAM roles are free" });
  });
});

describe("estimateCost: never a silent zero", () => {
  test("an unknown resource type is not priced, and says so", () => {
    const result = estimate({ aws_sqs_queue: { Jobs: {} }, aws_nat_gateway: { A: {} } });
    const line = lineOf(result, "aws_sqs_queue.Jobs");
    expect(line).toMatchObject({ status: "not priced", monthly: 0, type: "aws_sqs_queue" });
    expect(line.description).toBe("aws_sqs_queue: no price rule and not declared free");
    expect(unpricedResourceTypes(stack({ aws_sqs_queue: {} }))).toEqual(["aws_sqs_queue"]);
  });

  test("a price missing for the region makes the line not priced, naming the price", () => {
    const result = estimate({ aws_db_instance: { Db: { engine: "postgres", instance_class: "db.r6g.large", allocated_storage: 20, storage_type: "gp3" } } });
    const line = lineOf(result, "aws_db_instance.Db");
    expect(line.status).toBe("not priced");
    expect(line.description).toContain("no price for rds-postgres-db.r6g.large-single-az-hour in us-east-1");
    expect(result.total).toBe(0);
    const elsewhere = estimate({ aws_nat_gateway: { A: {} } }, {}, "eu-west-1");
    expect(lineOf(elsewhere, "aws_nat_gateway.A").status).toBe("not priced");
  });

  test("quantities unknown at synth make a line not priced, not free", () => {
    const result = estimate({
      aws_vpc_endpoint: { Logs: { vpc_endpoint_type: "Interface", service_name: "com.amazonaws.us-east-1.logs", subnet_ids: "${var.subnets}" } },
      aws_db_instance: { Db: { engine: "postgres", instance_class: "db.t4g.micro", allocated_storage: "${var.storage}", storage_type: "gp3" } },
    });
    expect(lineOf(result, "aws_vpc_endpoint.Logs").status).toBe("not priced");
    expect(lineOf(result, "aws_db_instance.Db")).toMatchObject({ status: "not priced", description: expect.stringContaining("allocated_storage is not a number") });
  });
});

describe("estimateCost: the default architecture", () => {
  test("an ALB and a NAT gateway per AZ replace API Gateway, Cloud Map, the task IPs and the NAT instance", () => {
    const result = estimate(
      {
        aws_subnet: { A: { availability_zone: "us-east-1a" }, B: { availability_zone: "us-east-1b" } },
        aws_launch_template: { Nat: { instance_type: "t4g.nano" } },
        aws_instance: { Nat: { launch_template: { id: "${aws_launch_template.Nat.id}" }, source_dest_check: false, associate_public_ip_address: true } },
        aws_eip: { NatIp: { instance: "${aws_instance.Nat.id}" } },
        aws_ecs_cluster: { Cluster: {} },
        aws_ecs_task_definition: { Task: taskDefinition("256", "512") },
        aws_ecs_service: {
          Api: {
            desired_count: 1,
            cluster: "${aws_ecs_cluster.Cluster.arn}",
            task_definition: "${aws_ecs_task_definition.Task.arn}",
            capacity_provider_strategy: [{ capacity_provider: "FARGATE_SPOT", weight: 1 }],
            network_configuration: { assign_public_ip: true },
            service_registries: { registry_arn: "${aws_service_discovery_service.Map.arn}" },
          },
        },
        aws_service_discovery_private_dns_namespace: { Namespace: {} },
        aws_service_discovery_service: { Map: {} },
        aws_apigatewayv2_api: { Api: { protocol_type: "HTTP" } },
        aws_apigatewayv2_integration: { Integration: { integration_uri: "${aws_service_discovery_service.Map.arn}" } },
        aws_db_instance: { Db: { engine: "postgres", instance_class: "db.t4g.micro", allocated_storage: 20, storage_type: "gp3", manage_master_user_password: true } },
      },
      { apiRequestsPerMonth: 1_000_000, apiDataOutGiBPerMonth: 5, natDataGiBPerMonth: 5 },
    );
    // This stack: NAT instance 730 × $0.0042 + 8 GB × $0.08 = $3.706; its EIP $3.65; Fargate Spot
    // 182.5 × $0.0097 + 365 × $0.00107 = $2.1608; task IPv4 $3.65; namespace $0.50; Cloud Map
    // instance $0.10; API $1; discovery calls $1; database $11.68 + $2.30; secret $0.40; data out $0.45.
    expect(result.total).toBeCloseTo(30.5968, 6);
    expect(result.lines.filter((l) => l.status === "not priced")).toEqual([]);

    const comparison = result.defaultArchitecture;
    // Kept: Fargate $2.1608, database $13.98, secret $0.40, data out $0.45 = $16.9908.
    expect(lineOf(comparison, "the rest of this stack").monthly).toBeCloseTo(16.9908, 6);
    // ALB: 730 × $0.0225 + (1,000,000 requests / (730 × 3600 s) / 25 per LCU) × 730 h × $0.008.
    expect(lineOf(comparison, "Application Load Balancer").monthly).toBeCloseTo(16.425 + (1_000_000 / 3600 / 25) * 0.008, 6);
    expect(lineOf(comparison, "Load balancer IPv4").monthly).toBeCloseTo(7.3, 6);
    // Two NAT gateways: 2 × 730 × $0.045 + 5 GB × $0.045; and their two elastic IPs.
    expect(lineOf(comparison, "2 NAT gateways").monthly).toBeCloseTo(65.925, 6);
    expect(lineOf(comparison, "NAT gateway IPv4").monthly).toBeCloseTo(7.3, 6);
    expect(comparison.total).toBeCloseTo(114.0296889, 6);
    expect(comparison.difference).toBeCloseTo(114.0296889 - 30.5968, 6);
  });
});

describe("the price data", () => {
  test("prices.json parses: every entry has a source URL and the date it was read", () => {
    expect(DEFAULT_PRICES.hoursPerMonth).toBe(730);
    for (const entry of DEFAULT_PRICES.prices) {
      expect(entry.source).toMatch(/^https:\/\//);
      expect(entry.read).toMatch(/^20\d\d-\d\d(-\d\d)?$/);
    }
  });

  test("PRICES.md lists every price of prices.json, with its source and date", () => {
    const doc = fs.readFileSync(path.join(__dirname, "../../scripts/cost/PRICES.md"), "utf8");
    const rows = doc.split("\n").filter((l) => /^\| `[^`]+` \| [a-z0-9-]+ \| \$/.test(l));
    expect(rows).toHaveLength(DEFAULT_PRICES.prices.length);
    for (const p of DEFAULT_PRICES.prices) {
      expect(rows.some((row) => row.startsWith(`| \`${p.key}\` | ${p.region} | $${p.usd} |`) && row.includes(`](${p.source}) | ${p.read} |`))).toBe(true);
    }
  });

  test("a price without a source is refused", () => {
    const entry = { key: "x", region: "us-east-1", usd: 1, unit: "unit", read: "2026-11-21" };
    expect(() => parsePriceData({ currency: "USD", hoursPerMonth: 730, prices: [entry] })).toThrow("prices[0].source must be a non-empty string");
    expect(() => parsePriceData({ currency: "USD", hoursPerMonth: 730, prices: [{ ...entry, source: "https://a", read: "last week" }] })).toThrow(
      "prices[0].read must be YYYY-MM-DD or YYYY-MM",
    );
  });

  test("us-east-1 has a price for everything the library creates, and for the comparison", () => {
    const keys = [
      "nat-gateway-hour",
      "nat-gateway-gb",
      "ec2-t4g.nano-hour",
      "ebs-gp3-gb-month",
      "public-ipv4-hour",
      "fargate-vcpu-hour-x86",
      "fargate-gb-hour-x86",
      "fargate-vcpu-hour-arm",
      "fargate-gb-hour-arm",
      "fargate-spot-vcpu-hour-x86",
      "fargate-spot-gb-hour-x86",
      "fargate-spot-vcpu-hour-arm",
      "fargate-spot-gb-hour-arm",
      "rds-postgres-db.t4g.micro-single-az-hour",
      "rds-postgres-db.t4g.micro-multi-az-hour",
      "rds-postgres-db.t4g.small-multi-az-hour",
      "rds-gp3-gb-month",
      "apigw-http-million-requests",
      "cloudmap-instance-month",
      "cloudmap-million-api-calls",
      "route53-hosted-zone-month",
      "cloudfront-gb-out",
      "cloudfront-10k-https-requests",
      "s3-standard-gb-month",
      "s3-1k-get-requests",
      "s3-1k-put-requests",
      "logs-ingest-gb",
      "logs-storage-gb-month",
      "cloudwatch-alarm-metric-month",
      "cloudwatch-dashboard-month",
      "cloudwatch-custom-metric-month",
      "secretsmanager-secret-month",
      "kms-key-month",
      "vpc-interface-endpoint-az-hour",
      "vpc-interface-endpoint-gb",
      "codebuild-arm1.small-minute",
      "codebuild-general1.small-minute",
      "codepipeline-v2-action-minute",
      "ecr-gb-month",
      "alb-hour",
      "alb-lcu-hour",
      "data-transfer-out-gb",
      // npm run cost -- <environment> --controls
      "waf-web-acl-month",
      "waf-rule-month",
      "waf-million-requests",
      "kms-10k-requests",
      "acm-public-certificate-month",
      "data-transfer-inter-region-gb",
    ];
    const missing = keys.filter((key) => !DEFAULT_PRICES.prices.some((p) => p.key === key && (p.region === "us-east-1" || p.region === "global")));
    expect(missing).toEqual([]);
  });
});

describe("the synthesized stacks", () => {
  let stacks: TerraformStack[];
  let environments: ReturnType<typeof buildApp>["environments"];

  beforeAll(() => {
    const app = buildApp({ outdir: path.join(os.tmpdir(), "cost-test-unused") });
    environments = app.environments;
    stacks = [app.bootstrap, ...app.environments];
  });

  test("every resource type in bootstrap, staging and production is priced or declared free", () => {
    expect(stacks.map((s) => s.node.id)).toEqual(["bootstrap", "staging", "production"]);
    for (const s of stacks) {
      const json = s.toTerraform() as SynthesizedStack;
      expect({ stack: s.node.id, unpriced: unpricedResourceTypes(json) }).toEqual({ stack: s.node.id, unpriced: [] });
      const result = estimateCost(json, environments[0]!.config.usage, "us-east-1");
      expect({ stack: s.node.id, notPriced: result.lines.filter((l) => l.status === "not priced") }).toEqual({ stack: s.node.id, notPriced: [] });
    }
  });

  test("the shipped environments' totals, and the default architecture's, as the price data stands", () => {
    const totals = environments.map((e) => {
      const result = estimateCost(e.toTerraform() as SynthesizedStack, e.config.usage, e.config.region);
      return [e.config.name, result.total.toFixed(2), result.defaultArchitecture.total.toFixed(2)];
    });
    // A change here is a change of the stacks, the usage defaults or the prices: update it knowingly.
    expect(totals).toEqual([
      ["staging", "42.24", "125.68"],
      ["production", "144.20", "201.81"],
    ]);
  });

  test("no resource type is both priced and declared free", () => {
    expect(PRICED_RESOURCE_TYPES.filter((type) => FREE_RESOURCE_TYPES[type] !== undefined)).toEqual([]);
  });

  test("costReport prices the environment from its own usage and region", () => {
    const staging = environments.find((s) => s.config.name === "staging")!;
    const json = staging.toTerraform() as SynthesizedStack;
    const busier = { ...staging.config, usage: { ...staging.config.usage, apiRequestsPerMonth: staging.config.usage.apiRequestsPerMonth + 5_000_000 } };
    const base = costReport(json, staging.config).estimate;
    expect(costReport(json, busier).estimate.total - base.total).toBeCloseTo(5 * (1 + 1), 6); // the API and Cloud Map calls, $1 a million each
    expect(base.region).toBe("us-east-1");
  });
});

describe("npm run cost", () => {
  test("prints staging's priced lines, the total and the comparison with the default architecture", () => {
    const stdout = capture();
    const stderr = capture();
    expect(costCommand(["staging"], { stdout, stderr })).toBe(0);
    expect(stderr.text()).toBe("");
    const text = stdout.text();

    const app = buildApp({ outdir: path.join(os.tmpdir(), "cost-test-unused") });
    const staging = app.environments.find((s) => s.config.name === "staging")!;
    const { estimate: result } = costReport(staging.toTerraform() as SynthesizedStack, staging.config);
    const priced = result.lines.filter((l) => l.status === "priced");
    for (const line of priced) {
      const amount = formatMoney(line.monthly);
      expect(text).toMatch(new RegExp(`\\${amount}\\s+priced\\s+${escape(line.resource)}\\s+${escape(line.description)}`));
    }
    for (const type of ["aws_db_instance", "aws_instance", "aws_eip", "aws_ecs_service", "aws_cloudfront_distribution", "aws_apigatewayv2_api", "aws_kms_key", "aws_codebuild_project", "aws_codepipeline", "aws_ecr_repository", "aws_s3_bucket"]) {
      expect(priced.some((l) => l.type === type)).toBe(true);
    }
    expect(text).toContain("Estimated monthly cost of staging (us-east-1), USD");
    expect(text).toContain(`Total: ${formatMoney(result.total)} a month (${priced.length} priced,`);
    expect(text).toContain("0 not priced");
    expect(text).toContain("The same workload on the default architecture: an Application Load Balancer in front of the service and one NAT gateway per AZ (2)");
    expect(text).toMatch(/\$\d+\.\d\d\s+priced\s+2 NAT gateways\s+one NAT gateway per AZ/);
    expect(text).toContain(
      `Default architecture: ${formatMoney(result.defaultArchitecture.total)} a month; this stack saves ${formatMoney(result.defaultArchitecture.difference)} a month`,
    );
    expect(result.defaultArchitecture.difference).toBeGreaterThan(0);
    expect(text).toMatch(/Prices: scripts\/cost\/prices\.json, read \d{4}-\d\d(-\d\d)? to \d{4}-\d\d-\d\d/);
    expect(text).toContain("These are estimates");
    expect(text).toMatch(/-\s+free\s+5 × aws_iam_role\s+free: IAM roles are free/);
  });

  test("a missing, unknown or extra argument is a usage error", () => {
    for (const argv of [[], ["--all"], ["staging", "production"]]) {
      const stderr = capture();
      expect(costCommand(argv, { stdout: capture(), stderr })).toBe(2);
      expect(stderr.text()).toContain("usage: npm run cost -- <environment>");
    }
    const stderr = capture();
    expect(costCommand(["qa"], { stdout: capture(), stderr })).toBe(2);
    expect(stderr.text()).toContain('No environment named "qa". Environments: staging, production.');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("formatCostReport", () => {
  test("says the comparison is incomplete when lines are not priced", () => {
    const result = estimateCost(stack({ aws_nat_gateway: { A: {} }, aws_sqs_queue: { Jobs: {} } }), USAGE, "us-east-1", PRICES);
    const text = formatCostReport("qa", result);
    expect(text).toMatch(/-\s+not priced\s+aws_sqs_queue\.Jobs\s+aws_sqs_queue: no price rule and not declared free/);
    expect(text).toContain("(1 priced, 0 free, 1 not priced: not in the total)");
    expect(text).toContain("The comparison is incomplete: 1 line(s) of this stack and 0 of the default architecture are not priced.");
  });
});

// ---------------------------------------------------------------------------------------------
// npm run cost -- <environment> --controls

/** Prices unlike the shipped ones, so a figure can only have come from the price data given. */
const CONTROL_PRICES: PriceData = parsePriceData({
  currency: "USD",
  hoursPerMonth: 730,
  prices: [
    ["waf-web-acl-month", 10],
    ["waf-rule-month", 2],
    ["waf-million-requests", 1],
    ["cloudfront-10k-https-requests", 0.02],
    ["kms-key-month", 2],
    ["kms-10k-requests", 0.05],
    ["s3-standard-gb-month", 0.03],
    ["s3-1k-put-requests", 0.01],
    ["data-transfer-inter-region-gb", 0.04],
    ["logs-ingest-gb", 0.6],
    ["logs-storage-gb-month", 0.06],
    ["acm-public-certificate-month", 0],
    ["route53-hosted-zone-month", 0.7],
  ].map(([key, usd]) => ({ key, region: "us-east-1", usd, unit: "unit", source: "https://example.com/prices", read: "2026-11-21" })),
});

/** A bucket marked with its purpose (markPurpose, in modules/shared/purpose.ts), as StaticSite and MediaBucket mark theirs. */
const bucketFor = (purpose: Purpose, constructPath: string): TerraformResource => ({ "//": { metadata: { path: constructPath }, purpose } });

/** The parts of the app stack the controls look at. */
const CONTROLS_STACK: Record<string, Record<string, TerraformResource>> = {
  aws_s3_bucket: {
    Site: bucketFor("site-content", "qa/Frontend/Content/Bucket"),
    Media: bucketFor("media", "qa/Uploads/Store/Bucket"),
    Artifacts: { "//": { metadata: { path: "qa/Migrations/Artifacts/Bucket" } } },
  },
  aws_s3_bucket_versioning: { SiteVersioning: { bucket: "${aws_s3_bucket.Site.id}" }, MediaVersioning: { bucket: "${aws_s3_bucket.Media.id}" } },
  aws_cloudfront_distribution: {
    Distribution: {
      origin: [
        { origin_id: "site", domain_name: "${aws_s3_bucket.Site.bucket_regional_domain_name}" },
        { origin_id: "media", domain_name: "${aws_s3_bucket.Media.bucket_regional_domain_name}" },
      ],
      viewer_certificate: { cloudfront_default_certificate: true },
    },
  },
  aws_apigatewayv2_api: { Api: { protocol_type: "HTTP" } },
  aws_codepipeline: { Pipeline: { artifact_store: [{ location: "${aws_s3_bucket.Artifacts.bucket}", type: "S3" }] } },
  aws_cloudwatch_log_group: { Api: { retention_in_days: 365 } },
  aws_ecr_repository: { Repository: { encryption_configuration: [{ encryption_type: "AES256" }] } },
  aws_db_instance: { Db: { engine: "postgres", instance_class: "db.t4g.small", multi_az: true, allocated_storage: 20 } },
};

function controls(resources = CONTROLS_STACK, usage: Partial<Usage> = {}, region = "us-east-1", prices = CONTROL_PRICES): ControlsEstimate {
  return estimateControls(stack(resources), { ...USAGE, siteRequestsPerMonth: 3_000_000, apiRequestsPerMonth: 2_000_000, mediaStorageGiB: 10, siteStorageGiB: 1, ...usage }, region, { logRetentionDays: 365 }, prices);
}

function controlOf(result: ControlsEstimate, name: string): ControlLine {
  const found = result.lines.filter((l) => l.control.startsWith(name));
  if (found.length !== 1) throw new Error(`expected one control starting "${name}", got ${found.length}`);
  return found[0]!;
}

const CONTROL_NAMES = [
  "AWS WAF on the CloudFront distribution",
  "AWS WAF on the HTTP API",
  "Customer-managed KMS keys",
  "S3 server access logs on the application buckets",
  "Cross-region replication of the media and site buckets",
  "RDS Enhanced Monitoring (60 s)",
  "CloudFront origin failover",
  "Custom domain certificate (CloudFront refuses TLS 1.0/1.1)",
];

describe("estimateControls: the figures follow from the price data", () => {
  test("one line per control, in order, each with its config switch", () => {
    const result = controls();
    expect(result.lines.map((l) => l.control)).toEqual(CONTROL_NAMES);
    expect(result.lines.map((l) => l.configSwitch)).toEqual([...Array(7).fill("none"), "`site.aliases` + `site.certificateArn`"]);
    expect(result.pricesRead).toEqual({ oldest: "2026-11-21", newest: "2026-11-21" });
  });

  test("WAF on the distribution: one web ACL, three managed rule groups, the site's requests", () => {
    const line = controlOf(controls(), "AWS WAF on the CloudFront distribution");
    // $10 + 3 × $2 + 3 million requests × $1.
    expect(line).toMatchObject({ status: "priced", plus: [] });
    expect(line.monthly).toBeCloseTo(19, 6);
    expect(line.description).toContain("core rule set, known bad inputs and Amazon IP reputation list");
  });

  test("WAF on the HTTP API: says it cannot be attached, and prices the API's requests through the distribution", () => {
    const line = controlOf(controls(), "AWS WAF on the HTTP API");
    // 2 million requests × $1 inspected + 200 × 10,000 CloudFront requests × $0.02.
    expect(line.monthly).toBeCloseTo(6, 6);
    expect(line.description).toContain("HTTP APIs cannot take a web ACL");
    expect(line.plus).toContain("the web ACL itself (priced on the distribution's line)");
  });

  test("KMS: a key per kind, and the S3 requests the usage gives; plus requests where it gives none", () => {
    const line = controlOf(controls(), "Customer-managed KMS keys");
    // 4 kinds × $2, and (300,000 cache misses + 1,000 PUT/LIST × 3 buckets) / 10,000 × $0.05.
    expect(line.monthly).toBeCloseTo(8 + 30.3 * 0.05, 6);
    expect(line.description).toContain("one key per kind (buckets, log groups, ECR repository, pipeline artifacts)");
    expect(line.plus[0]).toBe("requests of the log groups, the ECR repository and the pipeline's artifact reads ($0.05 per 10,000 requests; no volume in the usage settings)");
    expect(line.plus[1]).toContain("$2 per key-month more after each yearly rotation");
  });

  test("S3 access logs: a record per request, stored for the log retention, with the per-GB price", () => {
    const line = controlOf(controls(), "S3 server access logs");
    // (300,000 + 2 × 1,000) records × 570 bytes = 0.17214 GB a month, kept 365 days (12 months), × $0.03.
    expect(line.monthly).toBeCloseTo(0.17214 * 12 * 0.03, 6);
    expect(line.description).toContain("302,000 a month");
    expect(line.plus).toEqual(["$0.03 per GB-month for every further GB of logs"]);
  });

  test("replication and origin failover: the second copy of the usage's storage, the PUTs, and the transfer's unit price", () => {
    const result = controls();
    for (const name of ["Cross-region replication", "CloudFront origin failover"]) {
      const line = controlOf(result, name);
      // (10 + 1) GB × $0.03 + 2 × 1,000 PUTs × $0.01.
      expect(line.monthly).toBeCloseTo(0.35, 6);
      expect(line.plus[0]).toMatch(/^\$0\.04 per GB replicated/);
    }
    expect(controlOf(result, "Cross-region replication").description).toContain("versioning, which replication needs, is already on");
    expect(controlOf(result, "CloudFront origin failover").description).toContain("not on top of it");
  });

  test("Enhanced Monitoring: the unit price per GB of RDSOSMetrics, since AWS gives no volume", () => {
    const line = controlOf(controls(), "RDS Enhanced Monitoring");
    // $0.6 ingested + $0.06 × 30 days / (365 / 12) stored = $0.6592 per GB.
    expect(line).toMatchObject({ status: "unit price only", monthly: 0 });
    expect(line.description).toMatch(/^\$0\.6592 per GB of RDSOSMetrics \(\$0\.6 ingested \+ \$0\.06 a GB-month/);
    expect(line.description).toContain("1 Multi-AZ (its standby reports OS metrics too)");
  });

  test("certificate: free from ACM, and the hosted zone", () => {
    const line = controlOf(controls(), "Custom domain certificate");
    expect(line.monthly).toBeCloseTo(0.7, 6);
    expect(line.description).toContain("1 public certificate × $0 + 1 hosted zone-month × $0.7");
  });

  test("a control the stack already has is in use, and one with nothing to apply to is n/a", () => {
    const resources = {
      ...CONTROLS_STACK,
      aws_cloudfront_distribution: {
        Distribution: {
          ...CONTROLS_STACK.aws_cloudfront_distribution!.Distribution,
          web_acl_id: "${aws_wafv2_web_acl.Acl.arn}",
          origin_group: [{ origin_id: "group" }],
          viewer_certificate: { acm_certificate_arn: "arn:aws:acm:us-east-1:123456789012:certificate/abc", minimum_protocol_version: "TLSv1.2_2021" },
        },
      },
      aws_s3_bucket_logging: { SiteLogging: { bucket: "${aws_s3_bucket.Site.id}" }, MediaLogging: { bucket: "${aws_s3_bucket.Media.id}" } },
      aws_s3_bucket_replication_configuration: { Site: { bucket: "${aws_s3_bucket.Site.id}" }, Media: { bucket: "${aws_s3_bucket.Media.id}" } },
      aws_db_instance: { Db: { engine: "postgres", monitoring_interval: 60 } },
    };
    const result = controls(resources);
    for (const name of ["AWS WAF on the CloudFront distribution", "S3 server access logs", "Cross-region replication", "RDS Enhanced Monitoring", "CloudFront origin failover", "Custom domain certificate"]) {
      expect({ name, status: controlOf(result, name).status }).toEqual({ name, status: "in use" });
    }
    const bare = controls({ aws_vpc: { Vpc: {} } });
    expect(bare.lines.map((l) => l.status)).toEqual(Array(8).fill("not applicable"));
  });

  test("a price missing for the region makes the control not priced, naming the price", () => {
    const result = controls(CONTROLS_STACK, {}, "eu-west-1", DEFAULT_PRICES);
    expect(controlOf(result, "S3 server access logs")).toMatchObject({ status: "not priced", monthly: 0 });
    expect(controlOf(result, "S3 server access logs").description).toContain("no price for s3-standard-gb-month in eu-west-1");
    expect(controlOf(result, "RDS Enhanced Monitoring").description).toContain("no price for logs-ingest-gb, logs-storage-gb-month in eu-west-1");
    // WAF, KMS and ACM are priced the same in every region.
    expect(controlOf(result, "AWS WAF on the CloudFront distribution").status).toBe("priced");
    expect(controlOf(result, "S3 server access logs").plus).toEqual(["(no price for s3-standard-gb-month in eu-west-1) per GB-month for every further GB of logs"]);
    expect(formatControlsReport("qa", result)).toContain("4 control(s) not priced: a price is missing for eu-west-1 (see the line).");
  });
});

describe("npm run cost -- <environment> --controls", () => {
  let environments: ReturnType<typeof buildApp>["environments"];

  beforeAll(() => {
    environments = buildApp({ outdir: path.join(os.tmpdir(), "cost-test-unused") }).environments;
  });

  test("prints every control of staging and production with its monthly cost and config switch", () => {
    for (const name of ["staging", "production"]) {
      const stdout = capture();
      const stderr = capture();
      expect(costCommand([name, "--controls"], { stdout, stderr })).toBe(0);
      expect(stderr.text()).toBe("");
      const text = stdout.text();
      const env = environments.find((e) => e.config.name === name)!;
      const { estimate: result, text: expected } = controlsReport(env.toTerraform() as SynthesizedStack, env.config);
      expect(text).toBe(expected);
      expect(text).toContain(`Security controls the stacks do not use: what each would add a month in ${name} (us-east-1), USD`);
      expect(result.lines.map((l) => l.control)).toEqual(CONTROL_NAMES);
      expect(result.lines.filter((l) => l.status === "not priced" || l.status === "in use" || l.status === "not applicable")).toEqual([]);
      for (const line of result.lines) {
        const amount = line.status === "priced" ? (line.monthly < 0.005 ? "< $0.01" : formatMoney(line.monthly)) : line.status;
        expect(text).toMatch(new RegExp(`${escape(amount)}\\s+${escape(line.control)}\\s+${escape(line.configSwitch)}\\s+${escape(line.description)}`));
      }
      expect(text).toMatch(/unit price only\s+RDS Enhanced Monitoring \(60 s\)\s+none\s+\$0\.5296 per GB of RDSOSMetrics/);
      expect(text).toMatch(/\$\d+\.\d\d\s+Custom domain certificate \(CloudFront refuses TLS 1\.0\/1\.1\)\s+`site\.aliases` \+ `site\.certificateArn`/);
      expect(text).toContain("they do not add up");
      expect(text).toMatch(/Prices: scripts\/cost\/prices\.json, read \d{4}-\d\d(-\d\d)? to \d{4}-\d\d-\d\d/);
    }
  });

  test("the shipped environments' control figures, as the price data stands", () => {
    const figures = environments.map((e) => {
      const { estimate: result } = controlsReport(e.toTerraform() as SynthesizedStack, e.config);
      return [e.config.name, ...result.lines.map((l) => (l.status === "priced" ? l.monthly.toFixed(2) : l.status))];
    });
    // The README's security model quotes these: a change here is a change of the stacks, the usage defaults or the prices.
    expect(figures).toEqual([
      ["staging", "9.20", "1.60", "4.61", "0.00", "0.26", "unit price only", "0.26", "0.50"],
      ["production", "9.20", "1.60", "4.61", "0.03", "0.26", "unit price only", "0.26", "0.50"],
    ]);
  });

  test("the option may come before the environment; an unknown or repeated option is a usage error", () => {
    expect(costCommand(["--controls", "staging"], { stdout: capture(), stderr: capture() })).toBe(0);
    const unknown = capture();
    expect(costCommand(["staging", "--control"], { stdout: capture(), stderr: unknown })).toBe(2);
    expect(unknown.text()).toContain('Unknown option "--control" (known: --controls).');
    expect(unknown.text()).toContain("usage: npm run cost -- <environment> [--controls]");
    for (const argv of [["--controls"], ["staging", "--controls", "--controls"], ["staging", "production", "--controls"]]) {
      const stderr = capture();
      expect(costCommand(argv, { stdout: capture(), stderr })).toBe(2);
      expect(stderr.text()).toContain("usage: npm run cost -- <environment> [--controls]");
    }
  });
});
