/**
 * The containers of the diagram: one per module, named after it, with the kinds of its main
 * resources as the technology and their key settings as the description, all read from the
 * synthesized stack.
 */
import { block, blocks, literal, strings, textMark } from "../../inspect";
import { type Purpose, PURPOSE_MARK } from "../../modules/shared/purpose";
import { compareText, StackModel, StackResource, unique } from "./stack";

/** A module drawn as a box. */
export interface ContainerInfo {
  /** The module's construct id, also the diagram alias. */
  readonly module: string;
  /** `ContainerDb` for modules that only keep data (a database, a bucket), else `Container`. */
  readonly shape: "Container" | "ContainerDb";
  /** The kinds of its main resources: `RDS PostgreSQL`, `ECS Fargate, ECR, Cloud Map`. */
  readonly technology: string;
  /** Key settings: `db.t4g.micro, single AZ, ...`. */
  readonly description: string;
  /** Its main resources, each as `aws_type name`, for the legend. */
  readonly mainResources: readonly string[];
  /** How many resources of each other type it has, for the legend: `aws_iam_role ×2`. */
  readonly otherResources: readonly string[];
  /** Whether it places resources in the VPC's network (or is the network). */
  readonly inVpc: boolean;
  /** Sort key: where its first main kind sits between the user and the network. */
  readonly rank: number;
}

/** A kind of main resource: what to call it, where it sits, and its key settings. */
interface MainKind {
  /** What the kind adds to the container's technology: `CloudFront`, `RDS PostgreSQL 17`. */
  readonly technology: (resources: readonly StackResource[]) => string;
  /** From the user's side to the network: edge 1, API 2, compute 3, data 4, pipelines 5, operations 6, network 7. Containers sort by their first kind's. */
  readonly rank: number;
  /** True for kinds that only keep data: a module of those only is a `ContainerDb`. */
  readonly data?: boolean;
  /** Key settings of the module's resources of this kind. */
  readonly settings: (resources: readonly StackResource[], model: StackModel) => string[];
}

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const nameOf = (r: StackResource): string =>
  literal(r.values.name) ??
  literal(r.values.function_name) ??
  literal(r.values.identifier) ??
  literal(r.values.bucket) ??
  literal(r.values.alarm_name) ??
  literal(r.values.dashboard_name) ??
  literal((r.values.tags as Record<string, unknown> | undefined)?.Name) ??
  r.localPath;

/** Public or private: a subnet whose route table sends 0.0.0.0/0 to an internet gateway is public. */
export function subnetTier(model: StackModel, subnet: StackResource): "public" | "private" {
  return defaultRouteTargets(model, subnet).some((t) => t.type === "aws_internet_gateway") ? "public" : "private";
}

/** Where a subnet's default route (0.0.0.0/0) goes: the gateways, NAT gateways or instances. */
export function defaultRouteTargets(model: StackModel, subnet: StackResource): StackResource[] {
  const tables = model
    .ofType("aws_route_table_association")
    .filter((a) => model.target(a.values.subnet_id) === subnet)
    .map((a) => model.target(a.values.route_table_id))
    .filter((t): t is StackResource => t !== undefined);
  const targets: StackResource[] = [];
  const routeTarget = (route: Readonly<Record<string, unknown>>): StackResource | undefined =>
    model.target(route.gateway_id) ?? model.target(route.nat_gateway_id) ?? model.target(route.network_interface_id) ?? model.target(route.instance_id);
  for (const table of tables) {
    const routes = [
      ...model.ofType("aws_route").filter((r) => model.target(r.values.route_table_id) === table).map((r) => r.values),
      ...blocks(table.values.route),
    ];
    for (const route of routes) {
      const destination = literal(route.destination_cidr_block) ?? literal(route.cidr_block);
      if (destination !== "0.0.0.0/0") continue;
      const target = routeTarget(route);
      if (target !== undefined) targets.push(target);
    }
  }
  return unique(targets);
}

/** What a default route target is, in words: `internet gateway`, `NAT gateway`, `NAT instance`. */
export function gatewayKind(target: StackResource): string {
  if (target.type === "aws_internet_gateway") return "internet gateway";
  if (target.type === "aws_nat_gateway") return "NAT gateway";
  if (target.type === "aws_instance") return "NAT instance";
  return target.type;
}

/** The subnets a module's resources are placed in, by tier: `public subnets`, `private subnets`. */
export function placementOf(model: StackModel, resources: readonly StackResource[]): string | undefined {
  const subnets = unique(
    resources.flatMap((r) =>
      model
        .referencesIn(r.values)
        .map((ref) => ref.resource)
        .filter((s) => s.type === "aws_subnet" && s.module !== r.module),
    ),
  );
  if (subnets.length === 0) return undefined;
  const tiers = unique(subnets.map((s) => subnetTier(model, s))).sort(compareText);
  return `${tiers.join(" and ")} subnets`;
}

const MiB_PER_GB = 1024;
const CPU_UNITS_PER_VCPU = 1024;
const vcpu = (units: string | undefined): string | undefined => (units === undefined ? undefined : `${Number(units) / CPU_UNITS_PER_VCPU} vCPU`);
const gb = (mib: string | undefined): string | undefined => (mib === undefined ? undefined : `${Number(mib) / MiB_PER_GB} GB`);

function ecsSettings(services: readonly StackResource[], model: StackModel): string[] {
  const settings: string[] = [];
  for (const service of services) {
    const task = model.target(service.values.task_definition);
    const platform = block(task?.values.runtime_platform);
    const size = [vcpu(literal(task?.values.cpu)), gb(literal(task?.values.memory))].filter((s) => s !== undefined).join(" / ");
    const arch = literal(platform?.cpu_architecture) ?? "X86_64";
    settings.push(size === "" ? `${arch} tasks` : `${arch} tasks of ${size}`);
    const scaling = model
      .ofType("aws_appautoscaling_target")
      .find((t) => model.referencesIn(t.values.resource_id).some((ref) => ref.resource === service));
    if (scaling !== undefined) {
      const metrics = model
        .ofType("aws_appautoscaling_policy")
        .filter((p) => model.target(p.values.resource_id) === scaling)
        .map((p) => literal(block(block(p.values.target_tracking_scaling_policy_configuration)?.predefined_metric_specification)?.predefined_metric_type))
        .filter((m): m is string => m !== undefined)
        .map((m) => (/CPU/i.test(m) ? "CPU" : /Memory/i.test(m) ? "memory" : m));
      const bounds = `${literal(scaling.values.min_capacity)}-${literal(scaling.values.max_capacity)} tasks`;
      settings.push(metrics.length > 0 ? `${bounds} scaled on ${metrics.join(" and ")}` : bounds);
    } else {
      const desired = literal(service.values.desired_count);
      if (desired !== undefined) settings.push(count(Number(desired), "task"));
    }
    const strategy = blocks(service.values.capacity_provider_strategy).filter((s) => Number(literal(s.weight) ?? "0") > 0 || Number(literal(s.base) ?? "0") > 0);
    const providers = unique(strategy.map((s) => literal(s.capacity_provider) ?? "?"));
    if (providers.length === 1) settings.push(providers[0] === "FARGATE_SPOT" ? "Fargate Spot" : "Fargate on demand");
    else if (providers.length > 1) settings.push(`mixed ${providers.map((p) => (p === "FARGATE_SPOT" ? "Spot" : "on demand")).join(" and ")}`);
    const network = block(service.values.network_configuration);
    const placement = placementOf(model, [service]);
    if (placement !== undefined) settings.push(`${placement}${literal(network?.assign_public_ip) === "true" ? " with public IPs" : ""}`);
    if (literal(block(service.values.deployment_circuit_breaker)?.rollback) === "true") settings.push("rollback on failed deployments");
  }
  return settings;
}

function databaseSettings(instances: readonly StackResource[], model: StackModel): string[] {
  return instances.flatMap((db) => {
    const v = db.values;
    const allocated = literal(v.allocated_storage);
    const max = literal(v.max_allocated_storage);
    const storage = [allocated === undefined ? undefined : `${allocated}${max !== undefined ? `-${max}` : ""} GiB`, literal(v.storage_type), literal(v.storage_encrypted) === "true" ? "encrypted" : undefined];
    const backups = literal(v.backup_retention_period);
    const settings = [
      literal(v.instance_class) ?? "instance class from a variable",
      literal(v.multi_az) === "true" ? "Multi-AZ" : "single AZ",
      storage.filter((s) => s !== undefined).join(" "),
      backups === undefined ? "default backups" : backups === "0" ? "no backups" : `backups ${backups} days`,
      literal(v.deletion_protection) === "true" ? "deletion protection" : "no deletion protection",
    ].filter((s) => s !== "");
    if (literal(v.manage_master_user_password) === "true") settings.push("password kept by RDS in Secrets Manager");
    const parameters = model.ofType("aws_ssm_parameter", db.module).length;
    if (parameters > 0) settings.push(`connection settings in ${count(parameters, "SSM parameter")}`);
    const placement = placementOf(model, model.inModule(db.module));
    if (placement !== undefined) settings.push(placement);
    return settings;
  });
}

/** How the diagram words each purpose a module marks a bucket with (`modules/shared/purpose.ts`): "the site bucket". */
const PURPOSE_WORDS: Readonly<Record<Purpose, string>> = {
  "site-content": "site",
  media: "media",
  uploads: "raw uploads",
  "processed-assets": "processed assets",
  "access-logs": "logs",
  "terraform-state": "state",
  "pipeline-artifacts": "artifacts",
};

/** Whether a bucket's notifications invoke a Lambda function when an object is created in it (an upload pipeline's raw uploads). */
export function notifiesOnUpload(model: StackModel, bucket: StackResource): boolean {
  return model
    .ofType("aws_s3_bucket_notification")
    .some((n) => model.target(n.values.bucket) === bucket && blocks(n.values.lambda_function).some((f) => strings(f.events).some((e) => e.startsWith("s3:ObjectCreated:"))));
}

/** Whether a CloudFront distribution serves the bucket (an origin's domain name refers to it) and not the site's bucket. */
function servedWithoutSite(model: StackModel, bucket: StackResource): boolean {
  return model.ofType("aws_cloudfront_distribution").some((d) => {
    const origins = blocks(d.values.origin).map((o) => model.target(o.domain_name));
    return origins.includes(bucket) && !origins.some((o) => o !== undefined && textMark(o.marks, PURPOSE_MARK) === "site-content");
  });
}

/** Whether a bucket holds raw uploads: marked so, or, unmarked or marked `media`, notifying a function of each new object. */
function holdsUploads(model: StackModel, bucket: StackResource): boolean {
  const purpose = textMark(bucket.marks, PURPOSE_MARK);
  return purpose === "uploads" || ((purpose === undefined || purpose === "media") && notifiesOnUpload(model, bucket));
}

/**
 * What a bucket is for: the purpose its module marked it with. For a bucket without a mark or
 * marked `media` (user files of any kind), what the stack does with it when the model is given: a
 * bucket whose notifications invoke a function on each new object holds `raw uploads`; one a
 * distribution serves without the site's bucket, beside such a bucket, `processed assets`. Then
 * the mark's words, or for a bucket without a mark its construct id in words (`Artifacts/Bucket` → `artifacts`).
 */
export function bucketRole(bucket: StackResource, model?: StackModel): string {
  const purpose = textMark(bucket.marks, PURPOSE_MARK);
  if ((purpose === undefined || purpose === "media") && model !== undefined) {
    if (holdsUploads(model, bucket)) return "raw uploads";
    const uploadsBeside = model.ofType("aws_s3_bucket").some((b) => b !== bucket && holdsUploads(model, b));
    if (uploadsBeside && servedWithoutSite(model, bucket)) return "processed assets";
  }
  if (purpose !== undefined && Object.hasOwn(PURPOSE_WORDS, purpose)) return PURPOSE_WORDS[purpose as Purpose];
  const segments = bucket.localPath.split("/");
  const named = segments.length > 1 ? segments[segments.length - 2]! : bucket.module;
  return named.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

function bucketSettings(buckets: readonly StackResource[], model: StackModel): string[] {
  return buckets.map((bucket) => {
    const about = (type: string) => model.ofType(type).find((r) => model.target(r.values.bucket) === bucket);
    const adjectives: string[] = [];
    if (about("aws_s3_bucket_public_access_block") !== undefined) adjectives.push("private");
    if (literal(block(about("aws_s3_bucket_versioning")?.values.versioning_configuration)?.status) === "Enabled") adjectives.push("versioned");
    const cors = about("aws_s3_bucket_cors_configuration");
    const methods = unique(blocks(cors?.values.cors_rule).flatMap((r) => strings(r.allowed_methods)));
    const uploads = methods.includes("PUT") || methods.includes("POST") ? " with CORS for browser uploads" : "";
    return `${[...adjectives, bucketRole(bucket, model)].join(" ")} bucket${uploads}`;
  });
}

function distributionSettings(distributions: readonly StackResource[]): string[] {
  return distributions.flatMap((d) => {
    const v = d.values;
    const settings = [literal(v.price_class) ?? "all edge locations"];
    const behaviors = [block(v.default_cache_behavior), ...blocks(v.ordered_cache_behavior)].filter((b) => b !== undefined);
    const policies = unique(behaviors.map((b) => literal(b.viewer_protocol_policy)));
    if (policies.every((p) => p === "redirect-to-https" || p === "https-only")) settings.push("HTTPS only");
    const errors = blocks(v.custom_error_response).filter((e) => literal(e.response_page_path) !== undefined);
    if (errors.length > 0) settings.push(`SPA fallback to ${literal(errors[0]!.response_page_path)}`);
    const aliases = strings(v.aliases);
    if (aliases.length > 0) settings.push(aliases.join(", "));
    const origins = blocks(v.origin);
    if (origins.some((o) => o.origin_access_control_id !== undefined)) settings.push("origin access control");
    if (block(v.logging_config) !== undefined) settings.push("access logs");
    return settings;
  });
}

function httpApiSettings(apis: readonly StackResource[], model: StackModel): string[] {
  return apis.flatMap((api) => {
    const settings: string[] = [];
    const routes = model.ofType("aws_apigatewayv2_route").filter((r) => model.target(r.values.api_id) === api);
    if (routes.length > 0) {
      settings.push(`routes ${routes.map((r) => literal(r.values.route_key) ?? "?").sort(compareText).join(", ")}`);
      const authorization = unique(routes.map((r) => literal(r.values.authorization_type) ?? "NONE"));
      settings.push(authorization.every((a) => a === "NONE") ? "public routes" : `${authorization.filter((a) => a !== "NONE").join(", ")} authorization`);
    }
    const cors = block(api.values.cors_configuration);
    if (cors !== undefined) settings.push(`CORS for ${count(strings(cors.allow_origins).length, "origin")}`);
    for (const stage of model.ofType("aws_apigatewayv2_stage").filter((s) => model.target(s.values.api_id) === api)) {
      const route = block(stage.values.default_route_settings);
      const rate = literal(route?.throttling_rate_limit);
      if (rate !== undefined) settings.push(`throttled at ${rate} requests/s (burst ${literal(route?.throttling_burst_limit) ?? "?"})`);
      if (block(stage.values.access_log_settings) !== undefined) settings.push("JSON access logs");
    }
    const links = model.ofType("aws_apigatewayv2_vpc_link", api.module);
    const placement = placementOf(model, links);
    if (placement !== undefined) settings.push(`VPC link in the ${placement}`);
    return settings;
  });
}

/**
 * A function's key settings: its runtime (or `container` for an image), and the architecture and
 * memory the stack sets; `no VPC` when it is not placed in subnets (a function in the VPC is drawn
 * inside the VPC's boundary); reserved concurrency and active tracing when set.
 */
function functionSettings(functions: readonly StackResource[], model: StackModel): string[] {
  return functions.flatMap((fn) => {
    const v = fn.values;
    const memory = literal(v.memory_size);
    const about = [literal(v.runtime) ?? "container", ...strings(v.architectures), ...(memory !== undefined ? [`${memory} MB`] : [])];
    const settings = [`function ${nameOf(fn)} (${about.join(", ")})`];
    if (placementOf(model, [fn]) === undefined && !placedInVpc(model, fn)) settings.push("no VPC");
    const reserved = literal(v.reserved_concurrent_executions);
    if (reserved !== undefined && reserved !== "-1") settings.push(`reserved concurrency ${reserved}`);
    if (literal(block(v.tracing_config)?.mode) === "Active") settings.push("X-Ray tracing");
    settings.push(...triggersInModule(model, fn));
    return settings;
  });
}

/** The function a value refers to: the function, or an alias of it (whose `function_name` refers to it). */
export function functionOf(model: StackModel, value: unknown): StackResource | undefined {
  const target = model.referencesIn(value).map((ref) => ref.resource).find((r) => r.type === "aws_lambda_function" || r.type === "aws_lambda_alias");
  return target?.type === "aws_lambda_alias" ? model.target(target.values.function_name) : target;
}

/** How Cognito's `lambda_config` keys read: `post_confirmation` → `post-confirmation`. */
export const triggerWords = (key: string): string => key.replace(/_/g, "-");

/**
 * What invokes a function from inside its own module (an arrow shows it when the source is in
 * another): an uploads bucket's notifications, a table's stream, a user pool's trigger.
 */
function triggersInModule(model: StackModel, fn: StackResource): string[] {
  const found: string[] = [];
  for (const notification of model.ofType("aws_s3_bucket_notification", fn.module)) {
    const bucket = model.target(notification.values.bucket);
    if (bucket?.module !== fn.module) continue;
    if (blocks(notification.values.lambda_function).some((f) => functionOf(model, f.lambda_function_arn) === fn)) found.push(`run on new objects in the ${bucketRole(bucket, model)} bucket`);
  }
  for (const mapping of model.ofType("aws_lambda_event_source_mapping")) {
    const source = model.target(mapping.values.event_source_arn);
    if (source?.module !== fn.module || functionOf(model, mapping.values.function_name) !== fn) continue;
    found.push(source.type === "aws_dynamodb_table" ? `run on the stream of table ${nameOf(source)}` : `run on ${source.type.replace(/^aws_/, "").replace(/_/g, " ")} ${nameOf(source)}`);
  }
  for (const pool of model.ofType("aws_cognito_user_pool", fn.module)) {
    for (const [key, value] of Object.entries(block(pool.values.lambda_config) ?? {})) {
      if (functionOf(model, value) === fn) found.push(`${triggerWords(key)} trigger of user pool ${nameOf(pool)}`);
    }
  }
  return found;
}

const TIER_WORDS: Readonly<Record<string, string>> = { LITE: "Lite", ESSENTIALS: "Essentials", PLUS: "Plus" };

/**
 * A user pool's key settings: its name and feature plan (Essentials when `user_pool_tier` is not
 * set, AWS's default for new pools), how users sign in, MFA, its sign-in domain (a custom domain
 * or a Cognito prefix), its app clients and the triggers it calls.
 */
function userPoolSettings(pools: readonly StackResource[], model: StackModel): string[] {
  return pools.flatMap((pool) => {
    const v = pool.values;
    const tier = literal(v.user_pool_tier);
    const settings = [`user pool ${nameOf(pool)} (${tier === undefined ? "Essentials plan, the default" : `${TIER_WORDS[tier] ?? tier} plan`})`];
    const usernames = [...strings(v.username_attributes), ...strings(v.alias_attributes)];
    if (usernames.length > 0) settings.push(`sign-in with ${unique(usernames).join(" or ").replace(/_/g, " ")}`);
    const mfa = literal(v.mfa_configuration);
    if (mfa === "ON") settings.push("MFA required");
    else if (mfa === "OPTIONAL") settings.push("optional MFA");
    for (const domain of model.ofType("aws_cognito_user_pool_domain").filter((d) => model.target(d.values.user_pool_id) === pool)) {
      const name = literal(domain.values.domain) ?? "a domain from a variable";
      settings.push(domain.values.certificate_arn !== undefined ? `custom domain ${name}` : `domain prefix ${name}`);
    }
    const clients = model.ofType("aws_cognito_user_pool_client").filter((c) => model.target(c.values.user_pool_id) === pool);
    if (clients.length > 0) settings.push(count(clients.length, "app client"));
    const triggers = Object.entries(block(v.lambda_config) ?? {}).filter(([, value]) => functionOf(model, value) !== undefined).map(([key]) => triggerWords(key));
    if (triggers.length > 0) settings.push(`${triggers.join(", ")} ${triggers.length === 1 ? "trigger" : "triggers"}`);
    if (literal(v.deletion_protection) === "ACTIVE") settings.push("deletion protection");
    return settings;
  });
}

/** A table's key settings: its name, capacity mode, point-in-time recovery, stream, TTL, key and indexes. */
function tableSettings(tables: readonly StackResource[]): string[] {
  return tables.map((table) => {
    const v = table.values;
    const about = [literal(v.billing_mode) === "PAY_PER_REQUEST" ? "on demand" : "provisioned capacity"];
    if (literal(block(v.point_in_time_recovery)?.enabled) === "true") about.push("point-in-time recovery");
    if (literal(v.stream_enabled) === "true") about.push(`stream ${literal(v.stream_view_type) ?? ""}`.trim());
    const ttl = block(v.ttl);
    if (literal(ttl?.enabled) === "true") about.push(`TTL on ${literal(ttl?.attribute_name) ?? "an attribute"}`);
    const sse = block(v.server_side_encryption);
    if (literal(sse?.enabled) === "true") about.push(sse?.kms_key_arn !== undefined ? "customer managed KMS key" : "AWS managed KMS key");
    const indexes = blocks(v.global_secondary_index).length;
    if (indexes > 0) about.push(count(indexes, "global secondary index", "global secondary indexes"));
    return `table ${nameOf(table)} (${about.join(", ")})`;
  });
}

/** Whether a queue receives a function's failed events: an event invoke config's on-failure destination, or a dead-letter queue. */
export function isFailureQueue(model: StackModel, queue: StackResource): boolean {
  return (
    model.ofType("aws_lambda_function_event_invoke_config").some((c) => model.target(block(block(c.values.destination_config)?.on_failure)?.destination) === queue) ||
    model.ofType("aws_lambda_function").some((f) => model.target(block(f.values.dead_letter_config)?.target_arn) === queue)
  );
}

/** A queue's key settings: a function's failure queue or a queue, its name, how long it keeps messages. */
function queueSettings(queues: readonly StackResource[], model: StackModel): string[] {
  return queues.map((queue) => {
    const seconds = Number(literal(queue.values.message_retention_seconds) ?? "345600");
    const days = Math.round((seconds / 86400) * 10) / 10;
    return `${isFailureQueue(model, queue) ? "failure queue" : "queue"} ${nameOf(queue)} (messages kept ${days} ${days === 1 ? "day" : "days"})`;
  });
}

function pipelineSettings(pipelines: readonly StackResource[]): string[] {
  return pipelines.map((p) => `pipeline ${blocks(p.values.stage).map((s) => literal(s.name) ?? "?").join(" → ")}`);
}

function buildSettings(projects: readonly StackResource[], model: StackModel): string[] {
  return projects.flatMap((p) => {
    const env = block(p.values.environment);
    const type = literal(env?.type) === "ARM_CONTAINER" ? "ARM" : literal(env?.type) === "LINUX_CONTAINER" ? "x86" : (literal(env?.type) ?? "");
    const size = (literal(env?.compute_type) ?? "").replace(/^BUILD_GENERAL1_/, "").toLowerCase();
    const settings = [`${type} ${size} builds`.trim()];
    const timeout = literal(p.values.build_timeout);
    if (timeout !== undefined) settings.push(`${timeout} min timeout`);
    const placement = placementOf(model, [p]);
    if (placement !== undefined) settings.push(`in the ${placement}`);
    return settings;
  });
}

function alarmSettings(alarms: readonly StackResource[], model: StackModel): string[] {
  const settings = [count(alarms.length, "alarm")];
  const dashboards = model.ofType("aws_cloudwatch_dashboard", alarms[0]?.module);
  if (dashboards.length > 0) settings.push(count(dashboards.length, "dashboard"));
  return settings;
}

function topicSettings(topics: readonly StackResource[]): string[] {
  return topics.map((t) => `SNS topic ${nameOf(t)}${t.values.kms_master_key_id !== undefined ? " (KMS-encrypted)" : ""}`);
}

/** How AWS writes the names of the services VPC endpoints reach. */
const SERVICE_NAMES: Readonly<Record<string, string>> = {
  s3: "S3",
  dynamodb: "DynamoDB",
  ecr: "ECR",
  "ecr.api": "ECR API",
  "ecr.dkr": "ECR Docker",
  logs: "CloudWatch Logs",
  secretsmanager: "Secrets Manager",
  ssm: "SSM",
  ssmmessages: "SSM messages",
  sts: "STS",
  kms: "KMS",
};

function vpcSettings(vpcs: readonly StackResource[], model: StackModel): string[] {
  return vpcs.flatMap((vpc) => {
    const settings = [literal(vpc.values.cidr_block) ?? "CIDR from a variable"];
    const subnets = model.ofType("aws_subnet").filter((s) => model.target(s.values.vpc_id) === vpc);
    const tiers = ["public", "private"].map((tier) => ({ tier, n: subnets.filter((s) => subnetTier(model, s) === tier).length })).filter((t) => t.n > 0);
    const zones = unique(subnets.map((s) => literal(s.values.availability_zone)).filter((z): z is string => z !== undefined)).sort(compareText);
    const total = tiers.reduce((sum, t) => sum + t.n, 0);
    settings.push(`${tiers.map((t) => `${t.n} ${t.tier}`).join(" + ")} ${total === 1 ? "subnet" : "subnets"}${zones.length > 0 ? ` in ${zones.join(", ")}` : ""}`);
    const natGateways = model.ofType("aws_nat_gateway", vpc.module).length;
    if (natGateways > 0) settings.push(count(natGateways, "NAT gateway"));
    const natInstances = model.ofType("aws_instance", vpc.module).filter((i) => literal(i.values.source_dest_check) === "false");
    if (natInstances.length > 0) {
      const template = model.target(block(natInstances[0]!.values.launch_template)?.id);
      const size = literal(natInstances[0]!.values.instance_type) ?? literal(template?.values.instance_type);
      settings.push(`${count(natInstances.length, "NAT instance")}${size !== undefined ? ` (${size})` : ""}`);
    }
    if (natGateways === 0 && natInstances.length === 0) settings.push("no NAT");
    for (const endpoint of model.ofType("aws_vpc_endpoint", vpc.module)) {
      const service = (literal(endpoint.values.service_name) ?? "?").split(".").pop() ?? "?";
      settings.push(`${SERVICE_NAMES[service] ?? service} ${(literal(endpoint.values.vpc_endpoint_type) ?? "Gateway").toLowerCase()} endpoint`);
    }
    for (const flowLog of model.ofType("aws_flow_log", vpc.module)) {
      const traffic = literal(flowLog.values.traffic_type) ?? "ALL";
      settings.push(`flow logs of ${traffic === "ALL" ? "all" : traffic === "REJECT" ? "rejected" : traffic === "ACCEPT" ? "accepted" : traffic} traffic`);
    }
    return settings;
  });
}

/**
 * The main resource kinds. A module's technology lists the kinds it has, in this order; its
 * description, their settings. Other types count as supporting resources.
 */
const MAIN_KINDS: ReadonlyMap<string, MainKind> = new Map<string, MainKind>([
  ["aws_cloudfront_distribution", { technology: () => "CloudFront", rank: 1, settings: distributionSettings }],
  ["aws_apigatewayv2_api", { technology: () => "API Gateway HTTP API", rank: 2, settings: httpApiSettings }],
  ["aws_apigatewayv2_vpc_link", { technology: () => "VPC link", rank: 2, settings: () => [] }],
  ["aws_cognito_user_pool", { technology: () => "Cognito user pool", rank: 2, settings: userPoolSettings }],
  ["aws_route53_zone", { technology: () => "Route 53", rank: 1, settings: (rs) => rs.map((r) => `hosted zone ${nameOf(r)}`) }],
  ["aws_route53_record", {
    technology: () => "Route 53",
    rank: 1,
    settings: (rs) => {
      const aliases = unique(rs.filter((r) => block(r.values.alias) !== undefined).map((r) => literal(r.values.name) ?? "?")).sort(compareText);
      return aliases.length > 0 ? [`alias records ${aliases.join(", ")}`] : [];
    },
  }],
  ["aws_acm_certificate", {
    technology: () => "ACM",
    rank: 1,
    settings: (rs) => rs.map((r) => `DNS-validated certificate for ${[literal(r.values.domain_name) ?? "?", ...strings(r.values.subject_alternative_names).filter((n) => n !== literal(r.values.domain_name))].join(", ")}`),
  }],
  ["aws_lb", {
    technology: () => "Elastic Load Balancing",
    rank: 2,
    settings: (rs) =>
      rs.map((r) => `${literal(r.values.internal) === "true" ? "internal" : "internet-facing"} ${literal(r.values.load_balancer_type) ?? "application"} load balancer`),
  }],
  ["aws_lb_listener", {
    technology: () => "Elastic Load Balancing",
    rank: 2,
    settings: (rs) => rs.map((r) => (literal(r.values.protocol) === "HTTPS" ? `HTTPS ${literal(r.values.port) ?? ""} (${literal(r.values.ssl_policy) ?? "default TLS policy"})` : `HTTP ${literal(r.values.port) ?? ""} redirected to HTTPS`)),
  }],
  ["aws_ecr_pull_through_cache_rule", {
    technology: () => "ECR pull-through cache",
    rank: 3,
    settings: (rs) => rs.map((r) => `${literal(r.values.upstream_registry_url) ?? "?"} cached under ${literal(r.values.ecr_repository_prefix) ?? "?"}/`),
  }],
  ["aws_ecs_service", { technology: () => "ECS Fargate", rank: 3, settings: ecsSettings }],
  ["aws_lambda_function", { technology: () => "Lambda", rank: 3, settings: functionSettings }],
  ["aws_sqs_queue", { technology: () => "SQS", rank: 4, data: true, settings: queueSettings }],
  ["aws_ecr_repository", {
    technology: () => "ECR",
    rank: 3,
    settings: (rs) => rs.map((r) => `ECR ${nameOf(r)}${literal(r.values.image_tag_mutability) === "IMMUTABLE" ? " (immutable tags)" : ""}`),
  }],
  ["aws_service_discovery_service", {
    technology: () => "Cloud Map",
    rank: 3,
    settings: (rs, model) =>
      rs.map((r) => {
        const namespace = model.target(block(r.values.dns_config)?.namespace_id);
        return `Cloud Map ${nameOf(r)}${namespace !== undefined ? `.${nameOf(namespace)}` : ""}`;
      }),
  }],
  ["aws_codepipeline", { technology: () => "CodePipeline", rank: 5, settings: pipelineSettings }],
  ["aws_codebuild_project", { technology: () => "CodeBuild", rank: 5, settings: buildSettings }],
  ["aws_db_instance", {
    technology: (rs) => `RDS ${unique(rs.map((r) => `${literal(r.values.engine) === "postgres" ? "PostgreSQL" : (literal(r.values.engine) ?? "")} ${literal(r.values.engine_version) ?? ""}`.trim())).join(", ")}`,
    rank: 4,
    data: true,
    settings: databaseSettings,
  }],
  ["aws_dynamodb_table", { technology: () => "DynamoDB", rank: 4, data: true, settings: tableSettings }],
  ["aws_s3_bucket", { technology: () => "S3", rank: 4, data: true, settings: bucketSettings }],
  ["aws_cloudwatch_metric_alarm", { technology: () => "CloudWatch alarms", rank: 6, settings: alarmSettings }],
  ["aws_sns_topic", { technology: () => "SNS", rank: 6, settings: topicSettings }],
  ["aws_vpc", { technology: () => "VPC", rank: 7, settings: vpcSettings }],
  ["aws_nat_gateway", { technology: () => "NAT gateway", rank: 7, settings: () => [] }],
  ["aws_instance", {
    technology: (rs) => (rs.every((r) => literal(r.values.source_dest_check) === "false") ? "NAT instance" : "EC2"),
    rank: 7,
    settings: () => [],
  }],
]);

/**
 * Whether a resource sits in another module's VPC: it refers to the VPC or its subnets, directly
 * or through the module's own resources (a database through its subnet group).
 */
function placedInVpc(model: StackModel, resource: StackResource, hops = 2): boolean {
  return model.referencesIn(resource.values).some(({ resource: target }) => {
    if (target.module !== resource.module) return target.type === "aws_vpc" || target.type === "aws_subnet";
    return hops > 0 && target !== resource && placedInVpc(model, target, hops - 1);
  });
}

/** One container per module of the stack, sorted from the user's side to operations, then by name. */
export function containersOf(model: StackModel): ContainerInfo[] {
  const containers = model.modules.map((module): ContainerInfo => {
    const resources = model.inModule(module);
    const kinds = [...MAIN_KINDS].filter(([type]) => resources.some((r) => r.type === type));
    const technology = unique(kinds.map(([type, kind]) => kind.technology(resources.filter((r) => r.type === type))));
    const settings = unique(kinds.flatMap(([type, kind]) => kind.settings(resources.filter((r) => r.type === type), model)));
    const main = resources.filter((r) => MAIN_KINDS.has(r.type));
    // The module is in the VPC when the resources of its first main kind are (an API is not, though its VPC link is).
    const primary = kinds.length > 0 ? resources.filter((r) => r.type === kinds[0]![0]) : [];
    const byType = new Map<string, StackResource[]>();
    for (const r of main) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
    const otherCounts = new Map<string, number>();
    for (const r of resources.filter((r) => !MAIN_KINDS.has(r.type))) otherCounts.set(r.type, (otherCounts.get(r.type) ?? 0) + 1);
    const ownsVpc = resources.some((r) => r.type === "aws_vpc");
    return {
      module,
      shape: kinds.length > 0 && kinds.every(([, kind]) => kind.data === true) ? "ContainerDb" : "Container",
      technology: technology.join(", ") || "Terraform resources",
      description: settings.join(", ") || count(resources.length, "resource"),
      mainResources: [...byType].flatMap(([type, rs]) => (rs.length > 3 ? [`${type} ×${rs.length}`] : rs.map((r) => `${type} ${nameOf(r)}`))),
      otherResources: [...otherCounts].sort(([a], [b]) => compareText(a, b)).map(([type, n]) => `${type} ×${n}`),
      inVpc: ownsVpc || primary.some((r) => placedInVpc(model, r)),
      rank: kinds[0]?.[1].rank ?? 8,
    };
  });
  return containers.sort((a, b) => a.rank - b.rank || compareText(a.module, b.module));
}

/** The literal name of a resource (its name, identifier or bucket), or its construct path. */
export function resourceName(resource: StackResource): string {
  return nameOf(resource);
}
