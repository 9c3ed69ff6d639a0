/**
 * The monthly cost of a synthesized stack: every resource priced from `prices.json` and the
 * environment's usage assumptions (`config.usage`), declared free with the reason, or reported
 * as "not priced" (never a silent zero). Pure: it reads the JSON it is given and nothing else.
 *
 * Assumptions that hold for every line:
 * - A month is {@link HOURS_PER_MONTH} hours (the figure AWS's own calculator uses); everything
 *   provisioned runs all month.
 * - List prices, on demand, in USD, before taxes, free tiers and discounts. Free tiers are per
 *   account and shared by every environment in it, so none is applied.
 * - Usage in GiB is billed as GB: AWS meters GB, and the difference (7%) is below the accuracy
 *   of the usage figures.
 * - Quantities come from the synthesized JSON (instance class, Multi-AZ, storage, task size and
 *   count, capacity provider weights, public IPs, NAT devices, endpoints, alarms, ...); traffic,
 *   storage and build minutes come from the environment's `usage` settings.
 * - The fixed figures the JSON cannot give are in {@link ASSUMPTIONS}, each documented.
 */
import type { EnvironmentConfig } from "../../environments/config";
import priceFile from "./prices.json";

/** Hours in a month, for everything billed by the hour. */
export const HOURS_PER_MONTH = 730;

/** The environment's expected monthly traffic and storage (`config.usage`). */
export type Usage = EnvironmentConfig["usage"];

/** One resource's arguments in the synthesized JSON. */
export type TerraformResource = Record<string, unknown>;

/** The part of a synthesized stack (`stack.toTerraform()` or `cdk.tf.json`) the estimate reads. */
export interface SynthesizedStack {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, TerraformResource>>>>;
  readonly [key: string]: unknown;
}

/** One price: the USD price of one `unit` of `key` in `region` ("global": every region without its own). */
export interface PriceEntry {
  readonly key: string;
  readonly region: string;
  readonly usd: number;
  readonly unit: string;
  /** The page the number was read from. */
  readonly source: string;
  /** The date of the source page's version (YYYY-MM-DD or YYYY-MM), or the day it was read. */
  readonly read: string;
  readonly note?: string;
}

/** The price data file, `scripts/cost/prices.json`. */
export interface PriceData {
  readonly currency: "USD";
  readonly hoursPerMonth: number;
  readonly prices: readonly PriceEntry[];
}

/** priced: a cost from the price data; free: costs nothing (the reason is in the description); not priced: no price known. */
export type LineStatus = "priced" | "free" | "not priced";

/** One line of the estimate. */
export interface CostLine {
  /** The Terraform address (`aws_nat_gateway.Network_NatGatewayA_129C0222`) or a group label. */
  readonly resource: string;
  /** The Terraform resource type, or what a group prices. */
  readonly type: string;
  /** What is priced, with its quantities and unit prices; for free lines, why they are free. */
  readonly description: string;
  /** USD a month; 0 for free and not-priced lines. */
  readonly monthly: number;
  readonly status: LineStatus;
}

/** The same workload on the common default architecture, for comparison. */
export interface DefaultArchitectureEstimate {
  readonly description: string;
  /** What the default architecture adds, and one line for everything it keeps. */
  readonly lines: readonly CostLine[];
  readonly total: number;
  /** `total` minus this stack's total: what this stack saves a month (negative: what it costs more). */
  readonly difference: number;
}

export interface CostEstimate {
  readonly region: string;
  /** Every line, most expensive first. */
  readonly lines: readonly CostLine[];
  /** The sum of the priced lines. */
  readonly total: number;
  /** The oldest and newest `read` dates of the prices used. */
  readonly pricesRead: { readonly oldest: string; readonly newest: string } | undefined;
  readonly defaultArchitecture: DefaultArchitectureEstimate;
}

/**
 * Figures the synthesized JSON and the usage settings do not give, used as stated. Each is a
 * deliberate, documented guess; change the usage settings rather than these where you can.
 */
export const ASSUMPTIONS = {
  /**
   * Root volume of an EC2 instance whose launch template or block device mappings give no size:
   * the 8 GiB of the Amazon Linux 2023 AMIs the NAT instance boots.
   */
  defaultRootVolumeGiB: 8,
  /** Share of site requests CloudFront forwards to S3 (cache misses): each is one S3 GET. */
  siteCacheMissRatio: 0.1,
  /** PUT, COPY, POST and LIST requests a month to each bucket (deploys, uploads, artifacts, state). */
  putRequestsPerBucketPerMonth: 1_000,
  /**
   * Storage of buckets other than the site's and the media bucket (pipeline artifacts, access
   * logs, Terraform state), in GiB each.
   */
  otherBucketStorageGiB: 1,
  /** Months a log group that never expires is assumed to hold (for its storage). */
  unexpiringLogRetentionMonths: 12,
  /** Data through each interface endpoint a month, in GiB (AWS API calls are small). */
  interfaceEndpointGiBPerMonth: 1,
  /**
   * Minutes of one migration run, to count pipeline runs from the build minutes: each run adds
   * about one action-minute for its source action to the build minutes.
   */
  buildMinutesPerRun: 5,
  /**
   * Container Insights (standard, `enabled`) metrics, charged as custom metrics: about 13 per
   * cluster, 14 per service and 11 per task-definition family (the metric names in the
   * Container Insights ECS reference, counted by dimension). A rough count: check the bill.
   */
  containerInsightsMetrics: { perCluster: 13, perService: 14, perTaskFamily: 11 },
  /** Availability zones the default architecture spans when the stack's subnets name none. */
  defaultAvailabilityZones: 2,
} as const;

/**
 * Resource types that cost nothing by themselves, with the reason. Types priced conditionally
 * (gateway endpoints, standard SSM parameters, integrations without Cloud Map) are handled by
 * their own rules, which say so on the line.
 */
export const FREE_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  aws_vpc: "VPCs are free",
  aws_subnet: "subnets are free",
  aws_route_table: "route tables are free",
  aws_route: "routes are free",
  aws_route_table_association: "route table associations are free",
  aws_internet_gateway: "internet gateways are free; data out is priced on the lines that send it",
  aws_default_security_group: "security groups are free",
  aws_default_network_acl: "network ACLs are free",
  aws_default_route_table: "route tables are free",
  aws_s3_bucket_logging: "S3 server access log delivery is free; the log objects are billed as storage of the target bucket",
  aws_security_group: "security groups are free",
  aws_vpc_security_group_ingress_rule: "security group rules are free",
  aws_vpc_security_group_egress_rule: "security group rules are free",
  aws_flow_log: "flow logs are billed as CloudWatch Logs ingestion, in the log groups line",
  aws_launch_template: "launch templates are free; the instances they launch are priced",
  aws_iam_role: "IAM roles are free",
  aws_iam_role_policy: "IAM policies are free",
  aws_iam_policy: "IAM policies are free",
  aws_iam_role_policy_attachment: "IAM policy attachments are free",
  aws_iam_openid_connect_provider: "IAM OIDC identity providers are free",
  aws_kms_alias: "KMS aliases are free; the keys are priced",
  aws_db_subnet_group: "DB subnet groups are free",
  aws_db_parameter_group: "DB parameter groups are free",
  aws_ecs_cluster_capacity_providers: "capacity provider settings are free; the tasks are priced on the service",
  aws_ecs_task_definition: "task definitions are free; the tasks a service runs are priced on the service",
  aws_appautoscaling_target: "Application Auto Scaling is free; extra tasks are priced on the service (usage.extraTasksAverage)",
  aws_appautoscaling_policy: "Application Auto Scaling is free; its CloudWatch alarms are managed by AWS at no charge",
  aws_apigatewayv2_route: "routes are free; requests are priced on the API",
  aws_apigatewayv2_stage: "stages are free; requests are priced on the API (access logs in the log groups line)",
  aws_apigatewayv2_authorizer: "JWT authorizers are free",
  aws_apigatewayv2_vpc_link: "VPC links for HTTP APIs have no charge",
  aws_cloudfront_origin_access_control: "origin access controls are free",
  aws_cloudfront_response_headers_policy: "response headers policies are free",
  aws_cloudwatch_event_rule: "rules for AWS service events on the default event bus are free",
  aws_cloudwatch_event_target: "event targets are free",
  aws_codestarconnections_connection: "CodeStar (CodeConnections) connections are free",
  aws_ecr_lifecycle_policy: "lifecycle policies are free (they keep storage down)",
  aws_s3_bucket_cors_configuration: "bucket settings are free; the bucket is priced",
  aws_s3_bucket_lifecycle_configuration: "bucket settings are free; the bucket is priced",
  aws_s3_bucket_ownership_controls: "bucket settings are free; the bucket is priced",
  aws_s3_bucket_policy: "bucket settings are free; the bucket is priced",
  aws_s3_bucket_public_access_block: "bucket settings are free; the bucket is priced",
  aws_s3_bucket_server_side_encryption_configuration: "bucket settings are free (SSE-S3); the bucket is priced",
  aws_s3_bucket_versioning: "bucket settings are free; old versions are in the bucket's storage",
  aws_sns_topic: "the first million publishes a month are free; alarms and failed builds publish a few",
  aws_sns_topic_policy: "topic policies are free",
  aws_sns_topic_subscription: "email notifications: the first 1,000 a month are free",
};

// ---------------------------------------------------------------------------------------------
// Price data

/** Checks a price file and returns it typed; throws naming the first bad entry. */
export function parsePriceData(raw: unknown): PriceData {
  if (!isRecord(raw) || raw.currency !== "USD" || typeof raw.hoursPerMonth !== "number" || !Array.isArray(raw.prices)) {
    throw new Error('price data must be an object with currency "USD", hoursPerMonth and prices[]');
  }
  const seen = new Set<string>();
  raw.prices.forEach((entry: unknown, i) => {
    const at = `prices[${i}]`;
    if (!isRecord(entry)) throw new Error(`${at} must be an object`);
    for (const field of ["key", "region", "unit", "source", "read"] as const) {
      if (typeof entry[field] !== "string" || entry[field] === "") throw new Error(`${at}.${field} must be a non-empty string`);
    }
    if (typeof entry.usd !== "number" || !(entry.usd >= 0)) throw new Error(`${at}.usd must be a number, 0 or more`);
    if (!/^https:\/\//.test(entry.source as string)) throw new Error(`${at}.source must be an https URL`);
    if (!/^\d{4}-\d{2}(-\d{2})?$/.test(entry.read as string)) throw new Error(`${at}.read must be YYYY-MM-DD or YYYY-MM`);
    const id = `${entry.key as string}@${entry.region as string}`;
    if (seen.has(id)) throw new Error(`${at}: ${id} is listed twice`);
    seen.add(id);
  });
  return raw as unknown as PriceData;
}

/** The prices shipped in `scripts/cost/prices.json`. */
export const DEFAULT_PRICES: PriceData = parsePriceData(priceFile);

// ---------------------------------------------------------------------------------------------
// Lines

/** What a line prices: `quantity` units of the price `key`. */
interface Component {
  readonly key: string;
  readonly quantity: number;
  /** The quantity's unit as shown: "h", "GB processed", "GB-month". */
  readonly what: string;
}

interface Line extends CostLine {
  /** Replaced on the default architecture (API entry, service discovery, task IPs, NAT). */
  readonly replaced: boolean;
}

class Context {
  readonly resources: Readonly<Record<string, Readonly<Record<string, TerraformResource>>>>;
  readonly used = new Set<PriceEntry>();

  constructor(
    stack: SynthesizedStack,
    readonly usage: Usage,
    readonly region: string,
    readonly prices: PriceData,
  ) {
    this.resources = stack.resource ?? {};
  }

  price(key: string): PriceEntry | undefined {
    return (
      this.prices.prices.find((p) => p.key === key && p.region === this.region) ??
      this.prices.prices.find((p) => p.key === key && p.region === "global")
    );
  }

  of(type: string): [string, TerraformResource][] {
    return Object.entries(this.resources[type] ?? {});
  }

  get(type: string, name: string): TerraformResource | undefined {
    return this.resources[type]?.[name];
  }

  /** A line from its components; "not priced", naming the missing prices, when one has none. */
  line(resource: string, type: string, subject: string, components: readonly Component[], replaced = false): Line {
    const entries = components.map((c) => this.price(c.key));
    const missing = components.filter((_, i) => entries[i] === undefined).map((c) => c.key);
    if (missing.length > 0) {
      return {
        resource,
        type,
        description: `${subject}: no price for ${missing.join(", ")} in ${this.region} (add it to scripts/cost/prices.json)`,
        monthly: 0,
        status: "not priced",
        replaced,
      };
    }
    let monthly = 0;
    const parts = components.map((c, i) => {
      const entry = entries[i]!;
      this.used.add(entry);
      monthly += c.quantity * entry.usd;
      return `${formatQuantity(c.quantity)} ${c.what} × ${formatUnitPrice(entry.usd)}`;
    });
    return { resource, type, description: `${subject}: ${parts.join(" + ")}`, monthly, status: "priced", replaced };
  }

  notPriced(resource: string, type: string, reason: string, replaced = false): Line {
    return { resource, type, description: reason, monthly: 0, status: "not priced", replaced };
  }
}

type Rule = (ctx: Context, name: string, resource: TerraformResource) => Line[];

const address = (type: string, name: string): string => `${type}.${name}`;

// ---------------------------------------------------------------------------------------------
// Rules, one per priced resource type

const RULES: Readonly<Record<string, Rule>> = {
  aws_nat_gateway: (ctx, name) => {
    const gateways = ctx.of("aws_nat_gateway").length;
    const gb = ctx.usage.natDataGiBPerMonth / gateways;
    return [
      ctx.line(address("aws_nat_gateway", name), "aws_nat_gateway", `NAT gateway (usage.natDataGiBPerMonth shared by ${gateways})`, [
        { key: "nat-gateway-hour", quantity: HOURS_PER_MONTH, what: "h" },
        { key: "nat-gateway-gb", quantity: gb, what: "GB processed" },
      ], true),
    ];
  },

  aws_eip: (ctx, name) => [
    ctx.line(address("aws_eip", name), "aws_eip", "public IPv4 address (elastic IP)", [
      { key: "public-ipv4-hour", quantity: HOURS_PER_MONTH, what: "h" },
    ], isNatEip(ctx, name)),
  ],

  aws_instance: (ctx, name, instance) => {
    const at = address("aws_instance", name);
    const template = referenced(ctx, instance.launch_template, "aws_launch_template");
    const instanceType = str(instance.instance_type) ?? str(template?.instance_type);
    const nat = instance.source_dest_check === false;
    if (instanceType === undefined) return [ctx.notPriced(at, "aws_instance", "EC2 instance: no instance type in the instance or its launch template", nat)];
    const volume = rootVolume(instance, template);
    const components: Component[] = [
      { key: `ec2-${instanceType}-hour`, quantity: HOURS_PER_MONTH, what: "h" },
      { key: `ebs-${volume.type}-gb-month`, quantity: volume.sizeGiB, what: `GB-month ${volume.type} root volume${volume.assumed ? " (AMI default)" : ""}` },
    ];
    const eipAttached = ctx.of("aws_eip").some(([, eip]) => refName(eip.instance, "aws_instance") === name);
    if (instance.associate_public_ip_address === true && !eipAttached) {
      components.push({ key: "public-ipv4-hour", quantity: HOURS_PER_MONTH, what: "h public IPv4" });
    }
    return [ctx.line(at, "aws_instance", `${nat ? "NAT instance" : "EC2 instance"} ${instanceType}, Linux, on demand`, components, nat)];
  },

  aws_ecs_service: (ctx, name, service) => ecsServiceLines(ctx, name, service),

  aws_ecs_cluster: (ctx, name, cluster) => {
    const at = address("aws_ecs_cluster", name);
    const setting = list(cluster.setting).find((s) => isRecord(s) && s.name === "containerInsights");
    const mode = isRecord(setting) ? str(setting.value) : undefined;
    if (mode === undefined || mode === "disabled") {
      return [{ resource: at, type: "aws_ecs_cluster", description: "ECS cluster: free (Container Insights off)", monthly: 0, status: "free", replaced: false }];
    }
    if (mode !== "enabled") {
      return [ctx.notPriced(at, "aws_ecs_cluster", `Container Insights "${mode}" (observation-based pricing) is not priced`)];
    }
    const services = ctx.of("aws_ecs_service").filter(([, s]) => refName(s.cluster, "aws_ecs_cluster") === name);
    const families = new Set(services.map(([, s]) => refName(s.task_definition, "aws_ecs_task_definition") ?? ""));
    const m = ASSUMPTIONS.containerInsightsMetrics;
    const metrics = m.perCluster + m.perService * services.length + m.perTaskFamily * families.size;
    return [
      ctx.line(at, "aws_ecs_cluster", `Container Insights: ${services.length} service(s), ${families.size} task family(ies), about ${metrics} custom metrics (ASSUMPTIONS.containerInsightsMetrics)`, [
        { key: "cloudwatch-custom-metric-month", quantity: metrics, what: "metric-months" },
      ]),
    ];
  },

  aws_service_discovery_service: (ctx, name) => {
    const tasks = ctx
      .of("aws_ecs_service")
      .filter(([, s]) => records(s.service_registries).some((r) => refName(r.registry_arn, "aws_service_discovery_service") === name))
      .reduce((sum, [, s]) => sum + taskCount(ctx, s), 0);
    return [
      ctx.line(address("aws_service_discovery_service", name), "aws_service_discovery_service", "Cloud Map: the service's tasks as registered instances", [
        { key: "cloudmap-instance-month", quantity: tasks, what: "instance-months" },
      ], true),
    ];
  },

  aws_service_discovery_private_dns_namespace: (ctx, name) => [
    ctx.line(address("aws_service_discovery_private_dns_namespace", name), "aws_service_discovery_private_dns_namespace", "Cloud Map private DNS namespace: a Route 53 private hosted zone", [
      { key: "route53-hosted-zone-month", quantity: 1, what: "hosted zone-month" },
    ], true),
  ],

  aws_service_discovery_public_dns_namespace: (ctx, name) => [
    ctx.line(address("aws_service_discovery_public_dns_namespace", name), "aws_service_discovery_public_dns_namespace", "Cloud Map public DNS namespace: a Route 53 hosted zone", [
      { key: "route53-hosted-zone-month", quantity: 1, what: "hosted zone-month" },
    ], true),
  ],

  aws_service_discovery_http_namespace: (_ctx, name) => [
    { resource: address("aws_service_discovery_http_namespace", name), type: "aws_service_discovery_http_namespace", description: "Cloud Map HTTP namespace: free (instances and API calls are priced)", monthly: 0, status: "free", replaced: true },
  ],

  aws_apigatewayv2_api: (ctx, name, api) => {
    const at = address("aws_apigatewayv2_api", name);
    if (api.protocol_type !== "HTTP") return [ctx.notPriced(at, "aws_apigatewayv2_api", `API Gateway ${str(api.protocol_type) ?? "?"} API: only HTTP APIs are priced`, true)];
    const requests = ctx.usage.apiRequestsPerMonth / httpApiCount(ctx);
    return [
      ctx.line(at, "aws_apigatewayv2_api", "HTTP API requests (usage.apiRequestsPerMonth)", [
        { key: "apigw-http-million-requests", quantity: requests / 1e6, what: "million requests" },
      ], true),
    ];
  },

  aws_apigatewayv2_integration: (ctx, name, integration) => {
    const at = address("aws_apigatewayv2_integration", name);
    if (refName(integration.integration_uri, "aws_service_discovery_service") === undefined) {
      return [{ resource: at, type: "aws_apigatewayv2_integration", description: "integration: free (requests are priced on the API)", monthly: 0, status: "free", replaced: true }];
    }
    const requests = ctx.usage.apiRequestsPerMonth / httpApiCount(ctx);
    return [
      ctx.line(at, "aws_apigatewayv2_integration", "Cloud Map DiscoverInstances calls by the VPC link integration, one per request at most", [
        { key: "cloudmap-million-api-calls", quantity: requests / 1e6, what: "million calls" },
      ], true),
    ];
  },

  aws_cloudfront_distribution: (ctx, name, distribution) => {
    const share = 1 / ctx.of("aws_cloudfront_distribution").length;
    const priceClass = str(distribution.price_class) ?? "PriceClass_All";
    return [
      ctx.line(address("aws_cloudfront_distribution", name), "aws_cloudfront_distribution", `CloudFront (${priceClass}; usage.siteRequestsPerMonth, usage.siteDataOutGiBPerMonth; North America and Europe rates)`, [
        { key: "cloudfront-10k-https-requests", quantity: (ctx.usage.siteRequestsPerMonth * share) / 1e4, what: "× 10,000 HTTPS requests" },
        { key: "cloudfront-gb-out", quantity: ctx.usage.siteDataOutGiBPerMonth * share, what: "GB out" },
      ]),
    ];
  },

  aws_s3_bucket: (ctx, name, bucket) => {
    const role = bucketRole(bucket);
    const storage = role === "site" ? ctx.usage.siteStorageGiB : role === "media" ? ctx.usage.mediaStorageGiB : ASSUMPTIONS.otherBucketStorageGiB;
    const components: Component[] = [
      { key: "s3-standard-gb-month", quantity: storage, what: "GB-month" },
      { key: "s3-1k-put-requests", quantity: ASSUMPTIONS.putRequestsPerBucketPerMonth / 1000, what: "× 1,000 PUT/LIST" },
    ];
    if (role === "site") {
      components.push({ key: "s3-1k-get-requests", quantity: (ctx.usage.siteRequestsPerMonth * ASSUMPTIONS.siteCacheMissRatio) / 1000, what: "× 1,000 GET (CloudFront cache misses)" });
    }
    const storageSource = role === "site" ? "usage.siteStorageGiB" : role === "media" ? "usage.mediaStorageGiB" : "ASSUMPTIONS.otherBucketStorageGiB";
    return [ctx.line(address("aws_s3_bucket", name), "aws_s3_bucket", `S3 Standard, ${role === "other" ? "" : `${role} bucket, `}storage from ${storageSource}`, components)];
  },

  aws_ecr_repository: (ctx, name) => [
    ctx.line(address("aws_ecr_repository", name), "aws_ecr_repository", "ECR image storage (usage.imageStorageGiB)", [
      { key: "ecr-gb-month", quantity: ctx.usage.imageStorageGiB / ctx.of("aws_ecr_repository").length, what: "GB-month" },
    ]),
  ],

  aws_db_instance: (ctx, name, db) => dbInstanceLines(ctx, name, db),

  aws_secretsmanager_secret: (ctx, name) => [
    ctx.line(address("aws_secretsmanager_secret", name), "aws_secretsmanager_secret", "Secrets Manager secret", [
      { key: "secretsmanager-secret-month", quantity: 1, what: "secret-month" },
    ]),
  ],

  aws_kms_key: (ctx, name) => [
    ctx.line(address("aws_kms_key", name), "aws_kms_key", "KMS customer managed key (its first year; each yearly rotation adds $1 a month, twice at most)", [
      { key: "kms-key-month", quantity: 1, what: "key-month" },
    ]),
  ],

  aws_cloudwatch_dashboard: (ctx, name) => [
    ctx.line(address("aws_cloudwatch_dashboard", name), "aws_cloudwatch_dashboard", "CloudWatch dashboard", [
      { key: "cloudwatch-dashboard-month", quantity: 1, what: "dashboard-month" },
    ]),
  ],

  aws_vpc_endpoint: (ctx, name, endpoint) => {
    const at = address("aws_vpc_endpoint", name);
    const kind = str(endpoint.vpc_endpoint_type) ?? "Gateway";
    const service = str(endpoint.service_name) ?? "?";
    if (kind === "Gateway") {
      return [{ resource: at, type: "aws_vpc_endpoint", description: `gateway endpoint (${service}): free`, monthly: 0, status: "free", replaced: false }];
    }
    if (kind !== "Interface") return [ctx.notPriced(at, "aws_vpc_endpoint", `${kind} endpoint (${service}) is not priced`)];
    const zones = list(endpoint.subnet_ids).length;
    if (zones === 0) return [ctx.notPriced(at, "aws_vpc_endpoint", `interface endpoint ${service}: its subnets are not known at synth, so neither is its hourly cost`)];
    return [
      ctx.line(at, "aws_vpc_endpoint", `interface endpoint ${service} in ${zones} AZ(s)`, [
        { key: "vpc-interface-endpoint-az-hour", quantity: zones * HOURS_PER_MONTH, what: "AZ-h" },
        { key: "vpc-interface-endpoint-gb", quantity: ASSUMPTIONS.interfaceEndpointGiBPerMonth, what: "GB processed" },
      ]),
    ];
  },

  aws_codebuild_project: (ctx, name, project) => {
    const at = address("aws_codebuild_project", name);
    const environment = records(project.environment)[0];
    const envType = str(environment?.type) ?? "LINUX_CONTAINER";
    const size = /^BUILD_GENERAL1_(SMALL|MEDIUM|LARGE)$/.exec(str(environment?.compute_type) ?? "")?.[1];
    const family = envType === "ARM_CONTAINER" ? "arm1" : envType === "LINUX_CONTAINER" ? "general1" : undefined;
    if (size === undefined || family === undefined) {
      return [ctx.notPriced(at, "aws_codebuild_project", `CodeBuild ${envType} ${str(environment?.compute_type) ?? "?"} is not priced`)];
    }
    const minutes = ctx.usage.buildMinutesPerMonth / ctx.of("aws_codebuild_project").length;
    return [
      ctx.line(at, "aws_codebuild_project", `CodeBuild ${family}.${size.toLowerCase()} (usage.buildMinutesPerMonth)`, [
        { key: `codebuild-${family}.${size.toLowerCase()}-minute`, quantity: minutes, what: "build minutes" },
      ]),
    ];
  },

  aws_codepipeline: (ctx, name, pipeline) => {
    const at = address("aws_codepipeline", name);
    if (pipeline.pipeline_type === "V2") {
      const buildMinutes = ctx.usage.buildMinutesPerMonth / ctx.of("aws_codepipeline").length;
      const actionMinutes = buildMinutes + buildMinutes / ASSUMPTIONS.buildMinutesPerRun;
      return [
        ctx.line(at, "aws_codepipeline", `CodePipeline V2: the build minutes plus a source action-minute per run (${ASSUMPTIONS.buildMinutesPerRun}-minute runs)`, [
          { key: "codepipeline-v2-action-minute", quantity: actionMinutes, what: "action minutes" },
        ]),
      ];
    }
    return [ctx.line(at, "aws_codepipeline", "CodePipeline V1 active pipeline", [{ key: "codepipeline-v1-pipeline-month", quantity: 1, what: "pipeline-month" }])];
  },

  aws_ssm_parameter: (ctx, name, parameter) => {
    const at = address("aws_ssm_parameter", name);
    if (parameter.tier === "Advanced" || parameter.tier === "Intelligent-Tiering") {
      return [ctx.notPriced(at, "aws_ssm_parameter", `SSM parameter, ${str(parameter.tier)} tier: not priced (standard parameters are free)`)];
    }
    return [{ resource: at, type: "aws_ssm_parameter", description: "SSM parameter, standard tier: free", monthly: 0, status: "free", replaced: false }];
  },

  aws_lb: (ctx, name, lb) => {
    const at = address("aws_lb", name);
    if ((str(lb.load_balancer_type) ?? "application") !== "application") return [ctx.notPriced(at, "aws_lb", `${str(lb.load_balancer_type)} load balancer is not priced`)];
    return [albLine(ctx, at, "Application Load Balancer (LCUs from usage.apiRequestsPerMonth and usage.apiDataOutGiBPerMonth)")];
  },
};

/** One line for all log groups: their ingest (usage.logIngestGiBPerMonth) and what their retention keeps. */
function logGroupsLine(ctx: Context): Line | undefined {
  const groups = ctx.of("aws_cloudwatch_log_group");
  if (groups.length === 0) return undefined;
  const months = groups.map(([, g]) => {
    const days = typeof g.retention_in_days === "number" ? g.retention_in_days : 0;
    return days > 0 ? days / (365 / 12) : ASSUMPTIONS.unexpiringLogRetentionMonths;
  });
  const averageMonths = months.reduce((a, b) => a + b, 0) / months.length;
  const ingest = ctx.usage.logIngestGiBPerMonth;
  return ctx.line(`${groups.length} log groups`, "aws_cloudwatch_log_group", `CloudWatch Logs: usage.logIngestGiBPerMonth, kept ${formatQuantity(averageMonths)} months on average (retention)`, [
    { key: "logs-ingest-gb", quantity: ingest, what: "GB ingested" },
    { key: "logs-storage-gb-month", quantity: ingest * averageMonths, what: "GB-month stored" },
  ]);
}

/** One line for all metric alarms: one metric each, or each metric of a metric-math alarm. */
function alarmsLine(ctx: Context): Line | undefined {
  const alarms = ctx.of("aws_cloudwatch_metric_alarm");
  if (alarms.length === 0) return undefined;
  let standard = 0;
  let high = 0;
  for (const [, alarm] of alarms) {
    const queries = list(alarm.metric_query).filter(isRecord);
    const metrics = queries.length > 0 ? queries.filter((q) => q.metric !== undefined).length : 1;
    const periods = queries.length > 0 ? queries.map((q) => records(q.metric)[0]?.period) : [alarm.period];
    if (periods.some((p) => typeof p === "number" && p < 60)) high += metrics;
    else standard += metrics;
  }
  const components: Component[] = [{ key: "cloudwatch-alarm-metric-month", quantity: standard, what: "standard alarm metrics" }];
  if (high > 0) components.push({ key: "cloudwatch-high-resolution-alarm-metric-month", quantity: high, what: "high-resolution alarm metrics" });
  return ctx.line(`${alarms.length} metric alarms`, "aws_cloudwatch_metric_alarm", "CloudWatch alarms", components);
}

/** Responses from the API to the internet, billed at data transfer rates (the same with a load balancer). */
function apiDataOutLine(ctx: Context): Line | undefined {
  if (httpApiCount(ctx) === 0 && ctx.of("aws_lb").length === 0) return undefined;
  return ctx.line("API responses", "data transfer out", "data transfer out to the internet (usage.apiDataOutGiBPerMonth)", [
    { key: "data-transfer-out-gb", quantity: ctx.usage.apiDataOutGiBPerMonth, what: "GB" },
  ]);
}

function ecsServiceLines(ctx: Context, name: string, service: TerraformResource): Line[] {
  const at = address("aws_ecs_service", name);
  const taskDefinitionName = refName(service.task_definition, "aws_ecs_task_definition");
  const taskDefinition = taskDefinitionName === undefined ? undefined : ctx.get("aws_ecs_task_definition", taskDefinitionName);
  if (taskDefinition === undefined) return [ctx.notPriced(at, "aws_ecs_service", "ECS service: its task definition is not in the stack")];
  const cpuUnits = Number(taskDefinition.cpu);
  const memoryMiB = Number(taskDefinition.memory);
  if (!(cpuUnits > 0) || !(memoryMiB > 0)) return [ctx.notPriced(at, "aws_ecs_service", "ECS service: the task definition gives no task-level cpu and memory")];
  const split = capacitySplit(ctx, service);
  if (split === undefined) return [ctx.notPriced(at, "aws_ecs_service", "ECS service on EC2 capacity: the instances would be priced, not the tasks")];
  const platform = records(taskDefinition.runtime_platform)[0];
  const arm = str(platform?.cpu_architecture) === "ARM64";
  const arch = arm ? "arm" : "x86";
  const vcpu = cpuUnits / 1024;
  const gb = memoryMiB / 1024;
  const desired = typeof service.desired_count === "number" ? service.desired_count : 0;
  const tasks = taskCount(ctx, service);
  const components: Component[] = [];
  const shares: [string, number][] = [["", split.onDemand * tasks], ["spot-", split.spot * tasks]];
  for (const [spot, count] of shares) {
    if (count === 0) continue;
    const label = spot === "" ? "on demand" : "Spot";
    components.push({ key: `fargate-${spot}vcpu-hour-${arch}`, quantity: count * vcpu * HOURS_PER_MONTH, what: `vCPU-h ${label}` });
    components.push({ key: `fargate-${spot}gb-hour-${arch}`, quantity: count * gb * HOURS_PER_MONTH, what: `GB-h ${label}` });
  }
  const ephemeral = records(taskDefinition.ephemeral_storage)[0]?.size_in_gib;
  if (typeof ephemeral === "number" && ephemeral > 20) {
    components.push({ key: "fargate-ephemeral-gb-hour", quantity: tasks * (ephemeral - 20) * HOURS_PER_MONTH, what: "GB-h ephemeral storage over 20 GB" });
  }
  const extra = ctx.usage.extraTasksAverage;
  const subject =
    `Fargate ${arm ? "ARM64" : "X86_64"}: ${formatQuantity(tasks)} task(s) (desired ${desired}${extra > 0 ? ` + ${formatQuantity(extra)} extra on average` : ""}) × ` +
    `${formatQuantity(vcpu)} vCPU / ${formatQuantity(gb)} GB, ${formatPercent(split.spot)} on Spot`;
  const lines = [ctx.line(at, "aws_ecs_service", subject, components.length > 0 ? components : [{ key: `fargate-vcpu-hour-${arch}`, quantity: 0, what: "vCPU-h" }])];
  const network = records(service.network_configuration)[0];
  if (network?.assign_public_ip === true) {
    lines.push(
      ctx.line(at, "aws_ecs_service", `public IPv4 address per task (assign_public_ip), ${formatQuantity(tasks)} task(s)`, [
        { key: "public-ipv4-hour", quantity: tasks * HOURS_PER_MONTH, what: "h" },
      ], true),
    );
  }
  return lines;
}

/** Tasks a service runs on average: its desired count plus `usage.extraTasksAverage`. */
function taskCount(ctx: Context, service: TerraformResource): number {
  const desired = typeof service.desired_count === "number" ? service.desired_count : 0;
  return desired + ctx.usage.extraTasksAverage;
}

/**
 * The share of a service's tasks on regular Fargate and on Fargate Spot, from its capacity
 * provider strategy (or the cluster's default): `base` tasks first, the rest by weight, with the
 * desired count as the task count. Undefined for EC2 capacity.
 */
function capacitySplit(ctx: Context, service: TerraformResource): { onDemand: number; spot: number } | undefined {
  let strategy = list(service.capacity_provider_strategy).filter(isRecord);
  if (strategy.length === 0 && service.launch_type === undefined) {
    const clusterName = refName(service.cluster, "aws_ecs_cluster");
    const defaults = ctx.of("aws_ecs_cluster_capacity_providers").find(([, c]) => refName(c.cluster_name, "aws_ecs_cluster") === clusterName)?.[1];
    strategy = list(defaults?.default_capacity_provider_strategy).filter(isRecord);
  }
  if (strategy.length === 0) return service.launch_type === undefined || service.launch_type === "FARGATE" ? { onDemand: 1, spot: 0 } : undefined;
  if (strategy.some((s) => s.capacity_provider !== "FARGATE" && s.capacity_provider !== "FARGATE_SPOT")) return undefined;
  const tasks = Math.max(typeof service.desired_count === "number" ? service.desired_count : 0, 1);
  let remaining = tasks;
  const placed = { FARGATE: 0, FARGATE_SPOT: 0 };
  for (const s of strategy) {
    const base = Math.min(typeof s.base === "number" ? s.base : 0, remaining);
    placed[s.capacity_provider as "FARGATE" | "FARGATE_SPOT"] += base;
    remaining -= base;
  }
  const totalWeight = strategy.reduce((sum, s) => sum + (typeof s.weight === "number" ? s.weight : 0), 0);
  for (const s of strategy) {
    const weight = typeof s.weight === "number" ? s.weight : 0;
    placed[s.capacity_provider as "FARGATE" | "FARGATE_SPOT"] += totalWeight === 0 ? 0 : (remaining * weight) / totalWeight;
  }
  if (totalWeight === 0) placed.FARGATE += remaining;
  return { onDemand: placed.FARGATE / tasks, spot: placed.FARGATE_SPOT / tasks };
}

function dbInstanceLines(ctx: Context, name: string, db: TerraformResource): Line[] {
  const at = address("aws_db_instance", name);
  const engine = str(db.engine) ?? "?";
  const instanceClass = str(db.instance_class) ?? "?";
  const multiAz = db.multi_az === true;
  const az = multiAz ? "multi-az" : "single-az";
  const storageType = str(db.storage_type) ?? "gp2";
  if (typeof db.allocated_storage !== "number") {
    return [ctx.notPriced(at, "aws_db_instance", `RDS ${engine} ${instanceClass}: allocated_storage is not a number at synth (${JSON.stringify(db.allocated_storage)})`)];
  }
  const storage = db.allocated_storage;
  const copies = multiAz ? 2 : 1;
  const lines = [
    ctx.line(at, "aws_db_instance", `RDS ${engine} ${instanceClass}, ${multiAz ? "Multi-AZ (a standby in a second AZ)" : "single-AZ"}, ${storage} GB ${storageType}${multiAz ? " stored twice" : ""}; backups free up to the storage size`, [
      { key: `rds-${engine}-${instanceClass}-${az}-hour`, quantity: HOURS_PER_MONTH, what: "h" },
      { key: `rds-${storageType}-gb-month`, quantity: storage * copies, what: "GB-month" },
    ]),
  ];
  const insightsRetention = typeof db.performance_insights_retention_period === "number" ? db.performance_insights_retention_period : 7;
  if (db.performance_insights_enabled === true && insightsRetention > 7) {
    lines.push(ctx.notPriced(at, "aws_db_instance", `Performance Insights with ${insightsRetention} days of retention (7 days are free)`));
  }
  if (db.manage_master_user_password === true) {
    lines.push(
      ctx.line(at, "aws_db_instance", "Secrets Manager: the RDS-managed master password secret", [
        { key: "secretsmanager-secret-month", quantity: 1, what: "secret-month" },
      ]),
    );
  }
  return lines;
}

function albLine(ctx: Context, resource: string, subject: string): Line {
  const requestsPerSecond = ctx.usage.apiRequestsPerMonth / (HOURS_PER_MONTH * 3600);
  const gbPerHour = ctx.usage.apiDataOutGiBPerMonth / HOURS_PER_MONTH;
  // One new connection per request (no keep-alive) is the larger of the connection dimensions.
  const lcu = Math.max(requestsPerSecond / 25, gbPerHour / 1);
  return ctx.line(resource, "aws_lb", subject, [
    { key: "alb-hour", quantity: HOURS_PER_MONTH, what: "h" },
    { key: "alb-lcu-hour", quantity: lcu * HOURS_PER_MONTH, what: "LCU-h" },
  ], false);
}

// ---------------------------------------------------------------------------------------------
// The default architecture

/**
 * The same workload on the common default architecture: an internet-facing Application Load
 * Balancer (one public IPv4 address per AZ) in front of the service instead of API Gateway, the
 * VPC link and Cloud Map; tasks in private subnets (no public IPv4 each), reaching out through
 * one NAT gateway per AZ (each with an elastic IP) instead of the stack's NAT devices. Everything
 * else (database, site, logs, alarms, builds, tasks' compute) is kept as it is.
 */
function defaultArchitecture(ctx: Context, lines: readonly Line[], total: number): DefaultArchitectureEstimate {
  const zones = new Set(ctx.of("aws_subnet").map(([, s]) => str(s.availability_zone)).filter((z): z is string => z !== undefined)).size || ASSUMPTIONS.defaultAvailabilityZones;
  const kept = lines.filter((l) => !l.replaced && l.status === "priced");
  const keptTotal = kept.reduce((sum, l) => sum + l.monthly, 0);
  const added: Line[] = [
    albLine(ctx, "Application Load Balancer", "Application Load Balancer (LCUs from usage.apiRequestsPerMonth and usage.apiDataOutGiBPerMonth)"),
    ctx.line("Load balancer IPv4", "public IPv4", `a public IPv4 address per AZ for the load balancer, ${zones} AZs`, [
      { key: "public-ipv4-hour", quantity: zones * HOURS_PER_MONTH, what: "h" },
    ]),
    ctx.line(`${zones} NAT gateways`, "aws_nat_gateway", `one NAT gateway per AZ (usage.natDataGiBPerMonth)`, [
      { key: "nat-gateway-hour", quantity: zones * HOURS_PER_MONTH, what: "h" },
      { key: "nat-gateway-gb", quantity: ctx.usage.natDataGiBPerMonth, what: "GB processed" },
    ]),
    ctx.line("NAT gateway IPv4", "public IPv4", `an elastic IP per NAT gateway, ${zones}`, [{ key: "public-ipv4-hour", quantity: zones * HOURS_PER_MONTH, what: "h" }]),
  ];
  const keptLine: Line = {
    resource: "the rest of this stack",
    type: "kept",
    description: `${kept.length} priced lines unchanged (database, site, logs, alarms, builds, the tasks' compute, ...)`,
    monthly: keptTotal,
    status: "priced",
    replaced: false,
  };
  const all = [...added, keptLine];
  const defaultTotal = all.filter((l) => l.status === "priced").reduce((sum, l) => sum + l.monthly, 0);
  return {
    description: `an Application Load Balancer in front of the service and one NAT gateway per AZ (${zones}), tasks in private subnets`,
    lines: sortLines(all).map(strip),
    total: defaultTotal,
    difference: defaultTotal - total,
  };
}

// ---------------------------------------------------------------------------------------------
// The estimate

/**
 * Estimates the monthly cost of one synthesized stack in `region` with the environment's usage.
 * Every resource type is priced by a rule, declared free ({@link FREE_RESOURCE_TYPES}), or reported
 * as "not priced"; the total is the sum of the priced lines.
 */
export function estimateCost(stack: SynthesizedStack, usage: Usage, region: string, prices: PriceData = DEFAULT_PRICES): CostEstimate {
  const ctx = new Context(stack, usage, region, prices);
  const lines: Line[] = [];
  const freeCounts = new Map<string, number>();
  for (const type of Object.keys(ctx.resources).sort()) {
    if (type === "aws_cloudwatch_log_group" || type === "aws_cloudwatch_metric_alarm") continue;
    const rule = RULES[type];
    for (const [name, resource] of ctx.of(type)) {
      if (rule !== undefined) lines.push(...rule(ctx, name, resource));
      else if (FREE_RESOURCE_TYPES[type] !== undefined) freeCounts.set(type, (freeCounts.get(type) ?? 0) + 1);
      else lines.push(ctx.notPriced(address(type, name), type, `${type}: no price rule and not declared free`));
    }
  }
  for (const group of [logGroupsLine(ctx), alarmsLine(ctx), apiDataOutLine(ctx)]) if (group !== undefined) lines.push(group);
  for (const [type, count] of freeCounts) {
    lines.push({ resource: `${count} × ${type}`, type, description: `free: ${FREE_RESOURCE_TYPES[type]}`, monthly: 0, status: "free", replaced: false });
  }
  const total = lines.filter((l) => l.status === "priced").reduce((sum, l) => sum + l.monthly, 0);
  const comparison = defaultArchitecture(ctx, lines, total);
  const dates = [...ctx.used].map((p) => p.read).sort();
  return {
    region,
    lines: sortLines(lines).map(strip),
    total,
    pricesRead: dates.length === 0 ? undefined : { oldest: dates[0]!, newest: dates[dates.length - 1]! },
    defaultArchitecture: comparison,
  };
}

/** Whether every resource type of a stack is priced by a rule or declared free (the types that are neither). */
export function unpricedResourceTypes(stack: SynthesizedStack): string[] {
  return Object.keys(stack.resource ?? {}).filter((type) => RULES[type] === undefined && FREE_RESOURCE_TYPES[type] === undefined && !GROUPED_TYPES.includes(type));
}

/** Resource types priced by a rule. */
export const PRICED_RESOURCE_TYPES: readonly string[] = [...Object.keys(RULES), "aws_cloudwatch_log_group", "aws_cloudwatch_metric_alarm"].sort();

const GROUPED_TYPES = ["aws_cloudwatch_log_group", "aws_cloudwatch_metric_alarm"];

// ---------------------------------------------------------------------------------------------
// Controls the stacks do not use (`npm run cost -- <environment> --controls`)

/**
 * priced: a monthly figure (what it leaves out is in `plus`); unit price only: no volume to
 * multiply, so the unit price is given; in use: the stack already has it (its cost is in the
 * estimate); not applicable: the stack has nothing to apply it to; not priced: a price is missing.
 */
export type ControlStatus = "priced" | "unit price only" | "in use" | "not applicable" | "not priced";

/** One security control the stacks deliberately do not use, and what it would add a month. */
export interface ControlLine {
  readonly control: string;
  readonly status: ControlStatus;
  /** USD a month of what can be estimated; 0 unless the status is "priced". */
  readonly monthly: number;
  /** What is priced, with its quantities and unit prices; the unit price for "unit price only"; the reason otherwise. */
  readonly description: string;
  /** What the monthly figure leaves out, with its unit price where one is known. */
  readonly plus: readonly string[];
  /** The environment setting that turns the control on, or "none" (it would need a change to the modules). */
  readonly configSwitch: string;
}

export interface ControlsEstimate {
  readonly region: string;
  /** One line per control, in a fixed order. */
  readonly lines: readonly ControlLine[];
  /** The oldest and newest `read` dates of the prices used. */
  readonly pricesRead: { readonly oldest: string; readonly newest: string } | undefined;
}

export interface ControlsOptions {
  /** The environment's log retention in days (`config.logRetentionDays`): how long S3 access logs would be kept. */
  readonly logRetentionDays: number;
}

/**
 * The figures the controls' estimate uses that neither the stack nor the usage settings give,
 * each with where it comes from (see PRICES.md, "Controls the stacks do not use").
 */
export const CONTROL_ASSUMPTIONS = {
  /**
   * The AWS managed rule groups of the priced web ACL. Each rule group is billed as one rule;
   * these baseline and IP reputation groups carry no subscription or per-request fee of their own,
   * and take 700 + 200 + 25 WCU, within the 1,500 the web ACL's base price covers.
   */
  wafManagedRuleGroups: [
    { name: "AWSManagedRulesCommonRuleSet", label: "core rule set" },
    { name: "AWSManagedRulesKnownBadInputsRuleSet", label: "known bad inputs" },
    { name: "AWSManagedRulesAmazonIpReputationList", label: "Amazon IP reputation list" },
  ],
  /**
   * Bytes per S3 server access log record: the first example record on AWS's "Amazon S3 server
   * access log format" page is 570 bytes with its newline. Records with long keys or user agents
   * are longer.
   */
  s3AccessLogBytesPerRecord: 570,
  /** Days CloudWatch Logs keeps Enhanced Monitoring's RDSOSMetrics by default (RDS User Guide). */
  enhancedMonitoringRetentionDays: 30,
  /** The Enhanced Monitoring interval priced, in seconds. */
  enhancedMonitoringIntervalSeconds: 60,
} as const;

/**
 * What each security control the stacks do not use would cost a month in `region`: AWS WAF on
 * the distribution and (through it) on the HTTP API, customer-managed KMS keys, S3 server access
 * logs, cross-region replication, RDS Enhanced Monitoring, CloudFront origin failover and a custom
 * domain certificate. Priced from the same price data and usage settings as {@link estimateCost};
 * each line is the control on its own, added to the stack as it is (the lines overlap: origin
 * failover needs the replicas that cross-region replication creates).
 */
export function estimateControls(stack: SynthesizedStack, usage: Usage, region: string, options: ControlsOptions, prices: PriceData = DEFAULT_PRICES): ControlsEstimate {
  const ctx = new Context(stack, usage, region, prices);
  const lines = [
    wafDistributionControl(ctx),
    wafApiControl(ctx),
    kmsControl(ctx),
    accessLogsControl(ctx, options.logRetentionDays),
    replicationControl(ctx),
    enhancedMonitoringControl(ctx),
    originFailoverControl(ctx),
    certificateControl(ctx),
  ];
  const dates = [...ctx.used].map((p) => p.read).sort();
  return { region, lines, pricesRead: dates.length === 0 ? undefined : { oldest: dates[0]!, newest: dates[dates.length - 1]! } };
}

const NO_SWITCH = "none";

/** A control line from priced components: "priced", or "not priced" naming the missing prices. */
function controlLine(ctx: Context, control: string, subject: string, components: readonly Component[], plus: readonly string[] = [], configSwitch = NO_SWITCH): ControlLine {
  const line = ctx.line(control, "control", subject, components);
  return { control, status: line.status === "priced" ? "priced" : "not priced", monthly: line.monthly, description: line.description, plus, configSwitch };
}

function controlNote(control: string, status: "in use" | "not applicable", description: string, configSwitch = NO_SWITCH): ControlLine {
  return { control, status, monthly: 0, description, plus: [], configSwitch };
}

/** A unit price as text ("$0.02 per GB replicated"), marking the price used; a "no price" note when there is none. */
function unitPrice(ctx: Context, key: string, what: string): string {
  const entry = ctx.price(key);
  if (entry === undefined) return `(no price for ${key} in ${ctx.region}) per ${what}`;
  ctx.used.add(entry);
  return `${formatUnitPrice(entry.usd)} per ${what}`;
}

function wafDistributionControl(ctx: Context): ControlLine {
  const control = "AWS WAF on the CloudFront distribution";
  const distributions = ctx.of("aws_cloudfront_distribution");
  if (distributions.length === 0) return controlNote(control, "not applicable", "the stack has no CloudFront distribution");
  if (distributions.every(([, d]) => str(d.web_acl_id) !== undefined)) return controlNote(control, "in use", "every distribution has a web ACL (web_acl_id); npm run cost prices it");
  const groups = CONTROL_ASSUMPTIONS.wafManagedRuleGroups;
  const shared = distributions.length > 1 ? `, shared by the ${distributions.length} distributions` : "";
  return controlLine(ctx, control, `one web ACL (CloudFront scope${shared}) with the AWS managed ${joinAnd(groups.map((g) => g.label))} rule groups (700 + 200 + 25 WCU, within the 1,500 the base price covers), inspecting usage.siteRequestsPerMonth`, [
    { key: "waf-web-acl-month", quantity: 1, what: "web ACL-month" },
    { key: "waf-rule-month", quantity: groups.length, what: "rule group-months" },
    { key: "waf-million-requests", quantity: ctx.usage.siteRequestsPerMonth / 1e6, what: "million requests" },
  ]);
}

function wafApiControl(ctx: Context): ControlLine {
  const control = "AWS WAF on the HTTP API";
  if (httpApiCount(ctx) === 0) return controlNote(control, "not applicable", "the stack has no HTTP API");
  const requests = ctx.usage.apiRequestsPerMonth;
  return controlLine(
    ctx,
    control,
    "HTTP APIs cannot take a web ACL (API Gateway REST APIs can); the API is covered only behind the CloudFront distribution, by the same web ACL: its requests (usage.apiRequestsPerMonth) inspected there and served through CloudFront",
    [
      { key: "waf-million-requests", quantity: requests / 1e6, what: "million requests inspected" },
      { key: "cloudfront-10k-https-requests", quantity: requests / 1e4, what: "× 10,000 HTTPS requests through CloudFront" },
    ],
    ["the web ACL itself (priced on the distribution's line)", "the API's data out at CloudFront's rate instead of API Gateway's (not compared)"],
  );
}

/** The buckets the pipelines keep their artifacts in. */
function artifactBucketNames(ctx: Context): Set<string> {
  const names = new Set<string>();
  for (const [, pipeline] of ctx.of("aws_codepipeline")) {
    for (const store of records(pipeline.artifact_store)) {
      const name = refName(store.location, "aws_s3_bucket");
      if (name !== undefined) names.add(name);
    }
  }
  return names;
}

function bucketUsesKms(ctx: Context, name: string): boolean {
  return ctx.of("aws_s3_bucket_server_side_encryption_configuration").some(
    ([, sse]) =>
      refName(sse.bucket, "aws_s3_bucket") === name &&
      records(sse.rule).some((rule) => records(rule.apply_server_side_encryption_by_default).some((d) => str(d.sse_algorithm)?.startsWith("aws:kms") === true)),
  );
}

function kmsControl(ctx: Context): ControlLine {
  const control = "Customer-managed KMS keys";
  const artifacts = artifactBucketNames(ctx);
  const buckets = ctx.of("aws_s3_bucket").filter(([name]) => !artifacts.has(name));
  const artifactBuckets = ctx.of("aws_s3_bucket").filter(([name]) => artifacts.has(name));
  const logGroups = ctx.of("aws_cloudwatch_log_group");
  const repositories = ctx.of("aws_ecr_repository");
  const pipelines = ctx.of("aws_codepipeline");
  const kinds = [
    { kind: "buckets", present: buckets.length > 0, inUse: buckets.length > 0 && buckets.every(([name]) => bucketUsesKms(ctx, name)) },
    { kind: "log groups", present: logGroups.length > 0, inUse: logGroups.length > 0 && logGroups.every(([, g]) => str(g.kms_key_id) !== undefined) },
    {
      kind: "ECR repository",
      present: repositories.length > 0,
      inUse: repositories.length > 0 && repositories.every(([, r]) => records(r.encryption_configuration).some((c) => c.encryption_type === "KMS" && str(c.kms_key) !== undefined)),
    },
    {
      kind: "pipeline artifacts",
      present: pipelines.length > 0,
      inUse: pipelines.length > 0 && pipelines.every(([, p]) => records(p.artifact_store).every((s) => records(s.encryption_key).length > 0)),
    },
  ];
  const wanted = kinds.filter((k) => k.present && !k.inUse);
  if (wanted.length === 0) {
    return kinds.some((k) => k.present)
      ? controlNote(control, "in use", "buckets, log groups, the ECR repository and the pipeline artifacts already use customer-managed keys; npm run cost prices them")
      : controlNote(control, "not applicable", "the stack has no buckets, log groups, ECR repository or pipeline");
  }
  const wants = (kind: string) => wanted.some((k) => k.kind === kind);
  // One KMS request per S3 object read or write without an S3 Bucket Key (an upper bound):
  // the CloudFront cache misses and the PUT/LIST requests the cost estimate assumes per bucket.
  const requestBuckets = [...(wants("buckets") ? buckets : []), ...(wants("pipeline artifacts") ? artifactBuckets : [])];
  const servesSite = requestBuckets.some(([, b]) => bucketRole(b) !== "other");
  const requests = (servesSite ? ctx.usage.siteRequestsPerMonth * ASSUMPTIONS.siteCacheMissRatio : 0) + ASSUMPTIONS.putRequestsPerBucketPerMonth * requestBuckets.length;
  const unestimated = [...(wants("log groups") ? ["the log groups"] : []), ...(wants("ECR repository") ? ["the ECR repository"] : []), ...(wants("pipeline artifacts") ? ["the pipeline's artifact reads"] : [])];
  const components: Component[] = [{ key: "kms-key-month", quantity: wanted.length, what: "key-months" }];
  if (requests > 0) components.push({ key: "kms-10k-requests", quantity: requests / 1e4, what: "× 10,000 requests" });
  const plus = [
    ...(unestimated.length > 0 ? [`requests of ${joinAnd(unestimated)} (${unitPrice(ctx, "kms-10k-requests", "10,000 requests")}; no volume in the usage settings)`] : []),
    `with automatic rotation, ${unitPrice(ctx, "kms-key-month", "key-month")} more after each yearly rotation, twice at most`,
  ];
  return controlLine(
    ctx,
    control,
    `one key per kind (${wanted.map((k) => k.kind).join(", ")}); requests: one per S3 GET or PUT of those buckets with no S3 Bucket Key, an upper bound (CloudFront cache misses of usage.siteRequestsPerMonth and ASSUMPTIONS.putRequestsPerBucketPerMonth per bucket)`,
    components,
    plus,
  );
}

function accessLogsControl(ctx: Context, logRetentionDays: number): ControlLine {
  const control = "S3 server access logs on the application buckets";
  const buckets = ctx.of("aws_s3_bucket").filter(([, b]) => bucketRole(b) !== "other");
  if (buckets.length === 0) return controlNote(control, "not applicable", "the stack has no site or media bucket");
  const logged = new Set(ctx.of("aws_s3_bucket_logging").map(([, l]) => refName(l.bucket, "aws_s3_bucket")));
  const wanted = buckets.filter(([name]) => !logged.has(name));
  if (wanted.length === 0) return controlNote(control, "in use", "the site and media buckets already log to a bucket (aws_s3_bucket_logging); npm run cost prices the storage");
  const roles = wanted.map(([, b]) => bucketRole(b));
  const gets = ctx.usage.siteRequestsPerMonth * ASSUMPTIONS.siteCacheMissRatio;
  const requests = gets + ASSUMPTIONS.putRequestsPerBucketPerMonth * wanted.length;
  const gbPerMonth = (requests * CONTROL_ASSUMPTIONS.s3AccessLogBytesPerRecord) / 1e9;
  const months = logRetentionDays / (365 / 12);
  return controlLine(
    ctx,
    control,
    `the ${joinAnd(roles)} bucket(s); log delivery is free, the log objects are stored: one ${CONTROL_ASSUMPTIONS.s3AccessLogBytesPerRecord}-byte record per request, so the volume follows the requests (${formatQuantity(requests)} a month: the CloudFront cache misses of usage.siteRequestsPerMonth and ASSUMPTIONS.putRequestsPerBucketPerMonth per bucket = ${formatQuantity(gbPerMonth)} GB a month), kept ${logRetentionDays} days (logRetentionDays)`,
    [{ key: "s3-standard-gb-month", quantity: gbPerMonth * months, what: "GB-month" }],
    [`${unitPrice(ctx, "s3-standard-gb-month", "GB-month")} for every further GB of logs`],
  );
}

/** A second copy of `buckets` in another region: its storage, the replication PUTs, and the transfer per GB written. */
function replicaComponents(ctx: Context, buckets: readonly [string, TerraformResource][]): { components: Component[]; plus: string[]; storage: string } {
  const storage = buckets.reduce((sum, [, b]) => {
    const role = bucketRole(b);
    return sum + (role === "site" ? ctx.usage.siteStorageGiB : role === "media" ? ctx.usage.mediaStorageGiB : ASSUMPTIONS.otherBucketStorageGiB);
  }, 0);
  const sources = buckets.map(([, b]) => {
    const role = bucketRole(b);
    return role === "site" ? "usage.siteStorageGiB" : role === "media" ? "usage.mediaStorageGiB" : "ASSUMPTIONS.otherBucketStorageGiB";
  });
  return {
    storage: sources.join(" + "),
    components: [
      { key: "s3-standard-gb-month", quantity: storage, what: "GB-month second copy (at this region's S3 Standard rate)" },
      { key: "s3-1k-put-requests", quantity: (ASSUMPTIONS.putRequestsPerBucketPerMonth * buckets.length) / 1000, what: "× 1,000 replication PUTs" },
    ],
    plus: [`${unitPrice(ctx, "data-transfer-inter-region-gb", "GB replicated")} (the objects written each month, a volume the usage settings do not give; existing objects replicate only with S3 Batch Replication)`],
  };
}

function replicationControl(ctx: Context): ControlLine {
  const control = "Cross-region replication of the media and site buckets";
  const buckets = ctx.of("aws_s3_bucket").filter(([, b]) => bucketRole(b) !== "other");
  if (buckets.length === 0) return controlNote(control, "not applicable", "the stack has no site or media bucket");
  const replicated = new Set(ctx.of("aws_s3_bucket_replication_configuration").map(([, r]) => refName(r.bucket, "aws_s3_bucket")));
  const wanted = buckets.filter(([name]) => !replicated.has(name));
  if (wanted.length === 0) return controlNote(control, "in use", "the site and media buckets already replicate (aws_s3_bucket_replication_configuration)");
  const versioned = new Set(ctx.of("aws_s3_bucket_versioning").map(([, v]) => refName(v.bucket, "aws_s3_bucket")));
  const versioning = wanted.every(([name]) => versioned.has(name)) ? "versioning, which replication needs, is already on" : "replication needs versioning on both buckets";
  const replica = replicaComponents(ctx, wanted);
  return controlLine(ctx, control, `a replica bucket in a second region for the ${joinAnd(wanted.map(([, b]) => bucketRole(b)))} bucket(s) (${replica.storage}; ${versioning})`, replica.components, replica.plus);
}

function enhancedMonitoringControl(ctx: Context): ControlLine {
  const control = `RDS Enhanced Monitoring (${CONTROL_ASSUMPTIONS.enhancedMonitoringIntervalSeconds} s)`;
  const databases = ctx.of("aws_db_instance");
  if (databases.length === 0) return controlNote(control, "not applicable", "the stack has no RDS instance");
  const wanted = databases.filter(([, db]) => !(typeof db.monitoring_interval === "number" && db.monitoring_interval > 0));
  if (wanted.length === 0) return controlNote(control, "in use", "every RDS instance has a monitoring_interval");
  const ingest = ctx.price("logs-ingest-gb");
  const storage = ctx.price("logs-storage-gb-month");
  const multiAz = wanted.filter(([, db]) => db.multi_az === true).length;
  const instances = `${wanted.length} instance(s)${multiAz > 0 ? `, ${multiAz} Multi-AZ (its standby reports OS metrics too)` : ""}`;
  if (ingest === undefined || storage === undefined) {
    const missing = [...(ingest === undefined ? ["logs-ingest-gb"] : []), ...(storage === undefined ? ["logs-storage-gb-month"] : [])];
    return { control, status: "not priced", monthly: 0, description: `${instances}: no price for ${missing.join(", ")} in ${ctx.region} (add it to scripts/cost/prices.json)`, plus: [], configSwitch: NO_SWITCH };
  }
  ctx.used.add(ingest);
  ctx.used.add(storage);
  const months = CONTROL_ASSUMPTIONS.enhancedMonitoringRetentionDays / (365 / 12);
  const perGb = ingest.usd + storage.usd * months;
  return {
    control,
    status: "unit price only",
    monthly: 0,
    description:
      `${formatUnitPrice(Number(perGb.toPrecision(4)))} per GB of RDSOSMetrics (${formatUnitPrice(ingest.usd)} ingested + ${formatUnitPrice(storage.usd)} a GB-month for the ${CONTROL_ASSUMPTIONS.enhancedMonitoringRetentionDays} days CloudWatch Logs keeps it by default), ${instances}; ` +
      "AWS gives no volume per instance (it grows with a shorter interval and with the instance's process activity): read the log group's IncomingBytes after a day",
    plus: [],
    configSwitch: NO_SWITCH,
  };
}

function originFailoverControl(ctx: Context): ControlLine {
  const control = "CloudFront origin failover";
  const distributions = ctx.of("aws_cloudfront_distribution");
  if (distributions.length === 0) return controlNote(control, "not applicable", "the stack has no CloudFront distribution");
  if (distributions.every(([, d]) => records(d.origin_group).length > 0)) return controlNote(control, "in use", "every distribution has an origin group");
  const names = new Set<string>();
  for (const [, d] of distributions) {
    for (const origin of records(d.origin)) {
      const name = refName(origin.domain_name, "aws_s3_bucket");
      if (name !== undefined) names.add(name);
    }
  }
  const buckets = ctx.of("aws_s3_bucket").filter(([name]) => names.has(name));
  if (buckets.length === 0) return controlNote(control, "not applicable", "the distribution has no S3 origin");
  const replica = replicaComponents(ctx, buckets);
  return controlLine(
    ctx,
    control,
    `an origin group per S3 origin (${joinAnd(buckets.map(([, b]) => bucketRole(b)))}) with a second origin bucket in another region, kept in step by replication (${replica.storage}): the same replicas as cross-region replication, not on top of it`,
    replica.components,
    replica.plus,
  );
}

function certificateControl(ctx: Context): ControlLine {
  const control = "Custom domain certificate (CloudFront refuses TLS 1.0/1.1)";
  const configSwitch = "`site.aliases` + `site.certificateArn`";
  const distributions = ctx.of("aws_cloudfront_distribution");
  if (distributions.length === 0) return controlNote(control, "not applicable", "the stack has no CloudFront distribution", configSwitch);
  const custom = (d: TerraformResource) => records(d.viewer_certificate).some((v) => str(v.acm_certificate_arn) !== undefined || str(v.iam_certificate_id) !== undefined);
  if (distributions.every(([, d]) => custom(d))) return controlNote(control, "in use", "the distribution serves its own certificate", configSwitch);
  return controlLine(
    ctx,
    control,
    "with the default *.cloudfront.net certificate CloudFront's security policy stays TLSv1 whatever minimum_protocol_version says; an ACM certificate (in us-east-1) for the site's domain allows TLSv1.2_2021; the domain's hosted zone, if Route 53 hosts it",
    [
      { key: "acm-public-certificate-month", quantity: 1, what: "public certificate" },
      { key: "route53-hosted-zone-month", quantity: 1, what: "hosted zone-month" },
    ],
    ["the domain's registration and DNS queries (not priced)"],
    configSwitch,
  );
}

function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------
// Helpers

const STATUS_ORDER: Record<LineStatus, number> = { priced: 0, "not priced": 1, free: 2 };

function sortLines<T extends CostLine>(lines: readonly T[]): T[] {
  return [...lines].sort(
    (a, b) => b.monthly - a.monthly || STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.resource.localeCompare(b.resource) || a.description.localeCompare(b.description),
  );
}

function strip(line: Line): CostLine {
  return { resource: line.resource, type: line.type, description: line.description, monthly: line.monthly, status: line.status };
}

function httpApiCount(ctx: Context): number {
  return ctx.of("aws_apigatewayv2_api").filter(([, api]) => api.protocol_type === "HTTP").length;
}

/** An elastic IP of a NAT device: allocated to a NAT gateway, or attached to a NAT instance. */
function isNatEip(ctx: Context, name: string): boolean {
  if (ctx.of("aws_nat_gateway").some(([, gw]) => refName(gw.allocation_id, "aws_eip") === name)) return true;
  const instanceName = refName(ctx.get("aws_eip", name)?.instance, "aws_instance");
  return instanceName !== undefined && ctx.get("aws_instance", instanceName)?.source_dest_check === false;
}

/** The role of a bucket, from its construct path: StaticSite's `Site` bucket, MediaBucket's `Media`, or other. */
function bucketRole(bucket: TerraformResource): "site" | "media" | "other" {
  const meta = isRecord(bucket["//"]) && isRecord(bucket["//"].metadata) ? bucket["//"].metadata : undefined;
  const segments = (str(meta?.path) ?? "").split("/");
  const parent = segments[segments.length - 2];
  return parent === "Site" ? "site" : parent === "Media" ? "media" : "other";
}

function rootVolume(instance: TerraformResource, template: TerraformResource | undefined): { type: string; sizeGiB: number; assumed: boolean } {
  const fromInstance = records(instance.root_block_device)[0];
  const ebs = records(records(template?.block_device_mappings)[0]?.ebs)[0];
  const source = fromInstance ?? ebs;
  const size = Number(source?.volume_size);
  return {
    type: str(source?.volume_type) ?? "gp3",
    sizeGiB: size > 0 ? size : ASSUMPTIONS.defaultRootVolumeGiB,
    assumed: !(size > 0),
  };
}

/** The resource a reference such as `${aws_launch_template.Name.id}` (or `{ id: "${...}" }`) points to. */
function referenced(ctx: Context, value: unknown, type: string): TerraformResource | undefined {
  const holder = records(value)[0];
  const name = refName(holder?.id ?? holder?.name ?? value, type);
  return name === undefined ? undefined : ctx.get(type, name);
}

/** The name in a `${type.name.attribute}` reference to a resource of `type`. */
function refName(value: unknown, type: string): string | undefined {
  if (typeof value !== "string") return undefined;
  const match = new RegExp(`\\$\\{${type}\\.([A-Za-z0-9_-]+)[.}]`).exec(value);
  return match?.[1];
}

/** A nested block as the JSON gives it: one object, or a list of them. */
function records(value: unknown): Record<string, unknown>[] {
  return isRecord(value) ? [value] : list(value).filter(isRecord);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** 730, 0.25, 2,000,000, 5.48: at most 4 significant decimals, thousands separated. */
export function formatQuantity(value: number): string {
  const rounded = Math.abs(value) >= 100 ? Math.round(value * 100) / 100 : Number(value.toPrecision(4));
  return rounded.toLocaleString("en-US", { maximumFractionDigits: 4 });
}

/** A unit price as given: $0.045, $0.000111, $3. */
export function formatUnitPrice(usd: number): string {
  return `$${usd.toLocaleString("en-US", { maximumFractionDigits: 8 })}`;
}

/** A monthly amount: $11.68. */
export function formatMoney(usd: number): string {
  return `${usd < 0 ? "-" : ""}$${Math.abs(usd).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
