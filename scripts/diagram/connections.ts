/**
 * The connections of the diagram, each read from the synthesized stack and traced to the
 * resources that make it: security group rules between modules, internet egress through the
 * network's gateways, API Gateway integrations, CloudFront origins, IAM grants on another
 * module's resources, EventBridge targets and alarm actions, alarms on another module's metrics,
 * email subscriptions, pipeline sources, and the ways in from the browser and the team's CI.
 */
import { bucketRole, defaultRouteTargets, gatewayKind, resourceName } from "./containers";
import { block, blocks, compareText, literal, statementsOf, StackModel, StackResource, strings, unique } from "./stack";

/** The people and outside systems a diagram can have, by alias. */
export const USER = "user";
export const TEAM = "team";
export const EMAIL = "email";
export const SOURCE = "source";

/** One fact behind an arrow. */
export interface Connection {
  /** A module, or one of USER, TEAM, EMAIL, SOURCE. */
  readonly from: string;
  readonly to: string;
  /** What flows, short, for the arrow: `reads parameters, reads the password`. */
  readonly label: string;
  /** The label's parts, so that an arrow merging several facts names each once. @default [label] */
  readonly parts?: readonly string[];
  /** How, short, for the arrow: `IAM`, `TCP 5432`. */
  readonly technology: string;
  /** What flows, in full, for the table: `Reads 5 parameters /acme-staging/database/* and the database password`. */
  readonly detail: string;
  /** How, in full, for the table: `IAM role acme-staging-api-task`. */
  readonly via: string;
  /** The construct paths (`Module/Id`) of the resources that make it. */
  readonly evidence: readonly string[];
  /** Order of facts on one arrow: requests first, then network access, then grants, then operations. */
  readonly order: number;
}

/** The outside systems, when the stack has them. */
export interface Externals {
  /** The email addresses subscribed to the stack's topics. */
  readonly emails: readonly string[];
  /** The repository a pipeline reads: its host (`GitHub`) and what it reads. */
  readonly source?: { readonly provider: string; readonly repositories: readonly string[] };
}

const pathOf = (r: StackResource): string => `${r.module}/${r.localPath}`;
const paths = (resources: readonly StackResource[]): string[] => unique(resources.map(pathOf)).sort(compareText);
const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Phrases as one sentence: `Reads 5 parameters and reads the database password`. */
export function sentence(phrases: readonly string[]): string {
  const text = phrases.length <= 1 ? (phrases[0] ?? "") : `${phrases.slice(0, -1).join(", ")} and ${phrases[phrases.length - 1]}`;
  return capitalize(text);
}

const PORT_NAMES: Readonly<Record<string, string>> = {
  "22": "SSH",
  "80": "HTTP",
  "443": "HTTPS",
  "3306": "MySQL",
  "5432": "PostgreSQL",
  "6379": "Redis",
  "11211": "Memcached",
  "27017": "MongoDB",
};

/** A security group rule's traffic: its protocol name when the port has a well-known one, and `TCP 5432`. */
function trafficOf(rule: Readonly<Record<string, unknown>>): { name?: string; transport: string } {
  const protocol = (literal(rule.ip_protocol) ?? literal(rule.protocol) ?? "tcp").toLowerCase();
  if (protocol === "-1" || protocol === "all") return { transport: "all traffic" };
  const from = literal(rule.from_port);
  const to = literal(rule.to_port);
  const ports = from === to || to === undefined ? (from ?? "") : `${from}-${to}`;
  return { name: from === to && from !== undefined ? PORT_NAMES[from] : undefined, transport: `${protocol.toUpperCase()} ${ports}`.trim() };
}

/** Security group rules whose peer is another module's security group: the peer's module connects to the group's. */
function securityGroupConnections(model: StackModel): Connection[] {
  const found = new Map<string, { from: string; to: string; rule: Readonly<Record<string, unknown>>; evidence: StackResource[] }>();
  const add = (from: StackResource | undefined, to: StackResource | undefined, rule: Readonly<Record<string, unknown>>, evidence: StackResource) => {
    if (from === undefined || to === undefined || from.module === to.module) return;
    const key = `${from.module}|${to.module}|${trafficOf(rule).transport}`;
    const entry = found.get(key) ?? { from: from.module, to: to.module, rule, evidence: [] };
    entry.evidence.push(evidence);
    found.set(key, entry);
  };
  for (const rule of model.ofType("aws_vpc_security_group_ingress_rule")) {
    add(model.target(rule.values.referenced_security_group_id), model.target(rule.values.security_group_id), rule.values, rule);
  }
  for (const rule of model.ofType("aws_vpc_security_group_egress_rule")) {
    add(model.target(rule.values.security_group_id), model.target(rule.values.referenced_security_group_id), rule.values, rule);
  }
  for (const rule of model.ofType("aws_security_group_rule")) {
    const group = model.target(rule.values.security_group_id);
    const peer = model.target(rule.values.source_security_group_id);
    if (literal(rule.values.type) === "egress") add(group, peer, rule.values, rule);
    else add(peer, group, rule.values, rule);
  }
  for (const group of model.ofType("aws_security_group")) {
    for (const rule of blocks(group.values.ingress)) for (const peer of strings(rule.security_groups)) add(model.target(peer), group, rule, group);
    for (const rule of blocks(group.values.egress)) for (const peer of strings(rule.security_groups)) add(group, model.target(peer), rule, group);
  }
  return [...found.values()].map(({ from, to, rule, evidence }) => {
    const traffic = trafficOf(rule);
    return {
      from,
      to,
      label: traffic.name ?? traffic.transport,
      technology: traffic.name !== undefined ? traffic.transport : "security groups",
      detail: `Connects over ${traffic.name !== undefined ? `${traffic.name}, ` : ""}${traffic.transport}`,
      via: `Security group rules from ${from} to ${to}`,
      evidence: paths(evidence),
      order: 2,
    };
  });
}

/** Egress to the internet (0.0.0.0/0) from a module's security group, through another module's gateways. */
function internetEgressConnections(model: StackModel): Connection[] {
  const connections: Connection[] = [];
  const rules = [
    ...model.ofType("aws_vpc_security_group_egress_rule").filter((r) => literal(r.values.cidr_ipv4) === "0.0.0.0/0"),
    ...model.ofType("aws_security_group_rule").filter((r) => literal(r.values.type) === "egress" && strings(r.values.cidr_blocks).includes("0.0.0.0/0")),
  ];
  for (const rule of rules) {
    const group = model.target(rule.values.security_group_id);
    if (group === undefined) continue;
    // The resources that use the group, and the subnets they are placed in.
    const users = model.resources.filter((r) => r.module === group.module && r !== group && model.referencesIn(r.values).some((ref) => ref.resource === group));
    const subnets = unique(users.flatMap((u) => model.referencesIn(u.values).map((ref) => ref.resource).filter((s) => s.type === "aws_subnet")));
    const publicIp = users.some((u) => literal(block(u.values.network_configuration)?.assign_public_ip) === "true" || literal(u.values.associate_public_ip_address) === "true");
    // Through an internet gateway only with a public IP; through NAT from anywhere.
    const ways = unique(subnets.flatMap((s) => defaultRouteTargets(model, s))).filter(
      (g) => g.module !== group.module && (g.type !== "aws_internet_gateway" || publicIp),
    );
    const traffic = trafficOf(rule.values);
    for (const owner of unique(ways.map((g) => g.module))) {
      const through = unique(ways.filter((g) => g.module === owner).map(gatewayKind)).sort(compareText);
      connections.push({
        from: group.module,
        to: owner,
        label: `${traffic.name ?? traffic.transport} out`,
        technology: through.join(", "),
        detail: literal(rule.values.description) ?? `${traffic.name ?? traffic.transport} to the internet`,
        via: `${traffic.transport} to 0.0.0.0/0 through the ${through.join(" and ")}${through.includes("internet gateway") ? " (public IP)" : ""}`,
        evidence: [pathOf(rule)],
        order: 3,
      });
    }
  }
  return connections;
}

/** API Gateway integrations whose target (a Cloud Map service, a load balancer listener, a function) is in another module. */
function integrationConnections(model: StackModel): Connection[] {
  return model.ofType("aws_apigatewayv2_integration").flatMap((integration) => {
    const target = model.target(integration.values.integration_uri);
    if (target === undefined || target.module === integration.module) return [];
    const kind =
      target.type === "aws_service_discovery_service"
        ? "Cloud Map"
        : target.type === "aws_lb_listener"
          ? "load balancer"
          : target.type === "aws_lambda_function"
            ? "Lambda"
            : target.type.replace(/^aws_/, "");
    const vpcLink = literal(integration.values.connection_type) === "VPC_LINK";
    const link = model.target(integration.values.connection_id);
    const type = (literal(integration.values.integration_type) ?? "").replace("HTTP_PROXY", "HTTP proxy").replace("AWS_PROXY", "AWS proxy");
    return [
      {
        from: integration.module,
        to: target.module,
        label: "Forwards requests",
        technology: vpcLink ? `VPC link, ${kind}` : kind,
        detail: `Forwards every request to ${kind} ${target.type === "aws_lb_listener" ? "listener" : `service ${resourceName(target)}`}`,
        via: `${type} integration${vpcLink ? " over the VPC link" : ""}`.trim(),
        evidence: paths([integration, ...(link !== undefined ? [link] : [])]),
        order: 1,
      },
    ];
  });
}

/** CloudFront origins in another module (a bucket, an API), with the paths they serve. */
function originConnections(model: StackModel): Connection[] {
  return model.ofType("aws_cloudfront_distribution").flatMap((distribution) => {
    const behaviors = [
      { pattern: "/*", behavior: block(distribution.values.default_cache_behavior) },
      ...blocks(distribution.values.ordered_cache_behavior).map((b) => ({ pattern: literal(b.path_pattern) ?? "?", behavior: b })),
    ];
    return blocks(distribution.values.origin).flatMap((origin) => {
      const target = model.target(origin.domain_name);
      if (target === undefined || target.module === distribution.module) return [];
      const id = literal(origin.origin_id);
      const patterns = behaviors.filter((b) => b.behavior !== undefined && literal(b.behavior.target_origin_id) === id).map((b) => b.pattern);
      const what = target.type === "aws_s3_bucket" ? `the ${bucketRole(target)} bucket` : resourceName(target);
      const oac = model.target(origin.origin_access_control_id);
      const withOac = origin.origin_access_control_id !== undefined;
      return [
        {
          from: distribution.module,
          to: target.module,
          label: `Serves ${patterns.join(", ") || "no path"}`,
          technology: withOac ? "CloudFront, OAC" : "CloudFront",
          detail: `Serves ${patterns.join(", ") || "no path"} from ${what}`,
          via: `CloudFront origin ${id ?? ""}${withOac ? " with origin access control" : ""}`.replace("  ", " "),
          evidence: paths([distribution, ...(oac !== undefined ? [oac] : [])]),
          order: 1,
        },
      ];
    });
  });
}

/** What a set of actions on a resource lets its holder do: short for the arrow, in full for the table. */
function grantPhrases(target: StackResource, attribute: string, actions: readonly string[]): { short: string; full: string } {
  const any = (re: RegExp) => actions.some((a) => re.test(a));
  switch (target.type) {
    case "aws_s3_bucket": {
      const verbs = (
        [
          [/^s3:(\*|Get)/, "reads"],
          [/^s3:(\*|Put)/, "writes"],
          [/^s3:(\*|Delete)/, "deletes"],
          [/^s3:(\*|List)/, "lists"],
        ] as const
      )
        .filter(([re]) => any(re))
        .map(([, verb]) => verb);
      const main = verbs.filter((v) => v === "reads" || v === "writes");
      return {
        short: `${(main.length > 0 ? main : verbs).join("/") || "uses"} objects`,
        full: `${verbs.join("/") || "uses"} objects in the ${bucketRole(target)} bucket`,
      };
    }
    case "aws_db_instance":
      if (attribute === "master_user_secret") return { short: "reads the password", full: "reads the database password (Secrets Manager)" };
      // rds-db:connect: a login with IAM database authentication.
      if (actions.some((a) => a.toLowerCase() === "rds-db:connect")) return { short: "logs in with IAM", full: `logs in to ${resourceName(target)} with IAM database authentication (no password)` };
      return { short: "uses the database", full: `uses database ${resourceName(target)}` };
    case "aws_secretsmanager_secret":
      return { short: "reads a secret", full: `reads secret ${resourceName(target)}` };
    case "aws_kms_key":
      return { short: "uses a key", full: `uses KMS key ${resourceName(target)}` };
    case "aws_sns_topic":
      return { short: "publishes", full: `publishes to topic ${resourceName(target)}` };
    case "aws_codebuild_project":
      return { short: "starts builds", full: `starts builds of ${resourceName(target)}` };
    case "aws_cloudfront_distribution":
      return { short: "invalidates the cache", full: "invalidates the distribution's cache" };
    case "aws_ecr_repository":
      return any(/^ecr:(\*|Put|InitiateLayerUpload|UploadLayerPart|CompleteLayerUpload)/)
        ? { short: "pushes images", full: `pushes images to ${resourceName(target)}` }
        : { short: "pulls images", full: `pulls images from ${resourceName(target)}` };
    case "aws_cloudwatch_log_group":
      return { short: "writes logs", full: `writes logs to ${resourceName(target)}` };
    default: {
      const kind = target.type.replace(/^aws_/, "").replace(/_/g, " ");
      return { short: `uses a ${kind}`, full: `uses ${kind} ${resourceName(target)} (${unique(actions.map((a) => a.split(":")[0])).join(", ")})` };
    }
  }
}

/** The common path of SSM parameter names: `/acme-staging/database/*`. */
function parameterPrefix(parameters: readonly StackResource[]): string | undefined {
  const names = parameters.map((p) => literal(p.values.name)).filter((n): n is string => n !== undefined);
  if (names.length === 0) return undefined;
  if (names.length === 1) return names[0];
  let prefix = names[0]!;
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = prefix.lastIndexOf("/");
  return cut > 0 ? `${prefix.slice(0, cut + 1)}*` : undefined;
}

/** The grants of one policy document on other modules' resources, by module: short and full phrases. */
function grantsOf(policy: unknown, holderModule: string | undefined, model: StackModel): Map<string, { short: string[]; full: string[] }> {
  // Actions by granted resource (and the attribute named: a database's secret is not the database).
  const granted = new Map<string, { resource: StackResource; attribute: string; actions: string[] }>();
  for (const statement of statementsOf(policy)) {
    if (statement.effect !== "Allow") continue;
    for (const ref of model.referencesIn(statement.resources)) {
      if (ref.resource.module === holderModule) continue;
      const attribute = ref.resource.type === "aws_db_instance" && ref.attribute.startsWith("master_user_secret") ? "master_user_secret" : "";
      const key = `${ref.resource.address}|${attribute}`;
      const entry = granted.get(key) ?? { resource: ref.resource, attribute, actions: [] };
      entry.actions.push(...statement.actions);
      granted.set(key, entry);
    }
  }
  const byModule = new Map<string, { short: string[]; full: string[]; parameters: StackResource[] }>();
  for (const { resource, attribute, actions } of granted.values()) {
    const entry = byModule.get(resource.module) ?? { short: [], full: [], parameters: [] };
    if (resource.type === "aws_ssm_parameter") {
      entry.parameters.push(resource);
    } else {
      const phrases = grantPhrases(resource, attribute, unique(actions));
      entry.short.push(phrases.short);
      entry.full.push(phrases.full);
    }
    byModule.set(resource.module, entry);
  }
  const result = new Map<string, { short: string[]; full: string[] }>();
  for (const [module, entry] of byModule) {
    if (entry.parameters.length > 0) {
      const prefix = parameterPrefix(entry.parameters);
      const n = entry.parameters.length;
      entry.short.unshift("reads parameters");
      entry.full.unshift(`reads ${n === 1 ? "SSM parameter" : `${n} SSM parameters`}${prefix !== undefined ? ` ${prefix}` : ""}`);
    }
    result.set(module, { short: unique(entry.short), full: unique(entry.full) });
  }
  return result;
}

/**
 * IAM grants on another module's resources: inline role policies, managed policies attached to
 * a role, and managed policies attached to nothing in the stack (made for the team's CI to use).
 */
function grantConnections(model: StackModel): Connection[] {
  const connections: Connection[] = [];
  const emit = (holder: string, via: string, policy: unknown, evidence: readonly StackResource[], holderModule: string | undefined) => {
    for (const [module, phrases] of grantsOf(policy, holderModule, model)) {
      connections.push({
        from: holder,
        to: module,
        label: phrases.short.join(", "),
        parts: phrases.short,
        technology: "IAM",
        detail: sentence(phrases.full),
        via,
        evidence: paths(evidence),
        order: 3,
      });
    }
  };
  for (const policy of model.ofType("aws_iam_role_policy")) {
    const role = model.target(policy.values.role);
    if (role !== undefined) emit(role.module, `IAM role ${resourceName(role)}`, policy.values.policy, [policy], role.module);
  }
  for (const role of model.ofType("aws_iam_role")) {
    for (const inline of blocks(role.values.inline_policy)) emit(role.module, `IAM role ${resourceName(role)}`, inline.policy, [role], role.module);
  }
  const attachments = model.ofType("aws_iam_role_policy_attachment");
  for (const policy of model.ofType("aws_iam_policy")) {
    const attached = attachments.filter((a) => model.target(a.values.policy_arn) === policy);
    for (const attachment of attached) {
      const role = model.target(attachment.values.role);
      if (role !== undefined) emit(role.module, `IAM role ${resourceName(role)}`, policy.values.policy, [policy, attachment], role.module);
    }
    if (attached.length === 0) emit(TEAM, `IAM policy ${resourceName(policy)}, for CI to use`, policy.values.policy, [policy], undefined);
  }
  return connections;
}

/** The resources an alarm's dimensions name: by reference, or by a literal name or identifier. */
function dimensionTargets(model: StackModel, alarm: StackResource): StackResource[] {
  const dimensions = block(alarm.values.dimensions) ?? {};
  const targets = model.referencesIn(dimensions).map((ref) => ref.resource);
  for (const value of Object.values(dimensions)) {
    const text = literal(value);
    if (text === undefined) continue;
    const named = model.resources.find((r) => r.type !== "aws_cloudwatch_metric_alarm" && (literal(r.values.identifier) === text || literal(r.values.name) === text));
    if (named !== undefined) targets.push(named);
  }
  return unique(targets);
}

/** Alarms on another module's metrics (the watcher points at what it watches), and alarm actions on another module's topic. */
function alarmConnections(model: StackModel): Connection[] {
  const watched = new Map<string, { from: string; to: string; metrics: string[]; alarms: StackResource[] }>();
  const connections: Connection[] = [];
  for (const alarm of model.ofType("aws_cloudwatch_metric_alarm")) {
    for (const module of unique(dimensionTargets(model, alarm).map((t) => t.module))) {
      if (module === alarm.module) continue;
      const key = `${alarm.module}|${module}`;
      const entry = watched.get(key) ?? { from: alarm.module, to: module, metrics: [], alarms: [] };
      entry.metrics.push(literal(alarm.values.metric_name) ?? "a metric");
      entry.alarms.push(alarm);
      watched.set(key, entry);
    }
    for (const topic of unique(model.referencesIn([alarm.values.alarm_actions, alarm.values.ok_actions]).map((ref) => ref.resource))) {
      if (topic.module === alarm.module || topic.type !== "aws_sns_topic") continue;
      connections.push({
        from: alarm.module,
        to: topic.module,
        label: "Alarm state changes",
        technology: "SNS",
        detail: `Publishes the state changes of alarm ${resourceName(alarm)}`,
        via: `alarm actions to topic ${resourceName(topic)}`,
        evidence: [pathOf(alarm)],
        order: 4,
      });
    }
  }
  for (const entry of watched.values()) {
    const n = entry.alarms.length;
    connections.push({
      from: entry.from,
      to: entry.to,
      label: "Watches",
      technology: n === 1 ? "1 alarm" : `${n} alarms`,
      detail: `Alarms on ${unique(entry.metrics).join(", ")}`,
      via: n === 1 ? "1 CloudWatch alarm" : `${n} CloudWatch alarms`,
      evidence: paths(entry.alarms),
      order: 4,
    });
  }
  return connections;
}

/** EventBridge rules whose target is in another module. */
function eventConnections(model: StackModel): Connection[] {
  return model.ofType("aws_cloudwatch_event_target").flatMap((target) => {
    const destination = model.target(target.values.arn);
    const rule = model.target(target.values.rule);
    if (destination === undefined || destination.module === target.module) return [];
    const description = literal(rule?.values.description);
    return [
      {
        from: target.module,
        to: destination.module,
        label: description ?? "Sends events",
        technology: "EventBridge",
        detail: description ?? `Sends the events of rule ${rule !== undefined ? resourceName(rule) : "?"}`,
        via: `EventBridge rule target: ${destination.type.replace(/^aws_/, "").replace(/_/g, " ")} ${resourceName(destination)}`,
        evidence: paths([target, ...(rule !== undefined ? [rule] : [])]),
        order: 4,
      },
    ];
  });
}

/** Email subscriptions: the topic's module mails the recipients what its alarms and rules publish. */
function notificationConnections(model: StackModel): Connection[] {
  const subscriptions = model.ofType("aws_sns_topic_subscription").filter((s) => /^email/.test(literal(s.values.protocol) ?? ""));
  const topics = unique(subscriptions.map((s) => model.target(s.values.topic_arn)).filter((t): t is StackResource => t !== undefined));
  return topics.map((topic) => {
    const alarms = model.ofType("aws_cloudwatch_metric_alarm").filter((a) => model.referencesIn(a.values.alarm_actions).some((ref) => ref.resource === topic));
    const recoveries = alarms.some((a) => model.referencesIn(a.values.ok_actions).some((ref) => ref.resource === topic));
    const targets = model.ofType("aws_cloudwatch_event_target").filter((t) => model.target(t.values.arn) === topic);
    const rules = unique(targets.map((t) => model.target(t.values.rule)).filter((r): r is StackResource => r !== undefined));
    const what: string[] = [];
    const from: string[] = [];
    if (alarms.length > 0) {
      what.push(recoveries ? "Alarms and recoveries" : "Alarms");
      from.push(alarms.length === 1 ? "1 CloudWatch alarm" : `${alarms.length} CloudWatch alarms`);
    }
    const events: string[] = [];
    for (const rule of rules) {
      const description = literal(rule.values.description);
      what.push(description ?? `Events of rule ${resourceName(rule)}`);
      events.push(`each event of rule ${resourceName(rule)}${description !== undefined ? ` (${description})` : ""}`);
      from.push(`EventBridge rule ${resourceName(rule)}`);
    }
    const encrypted = topic.values.kms_master_key_id !== undefined ? " (KMS-encrypted)" : "";
    const ofTopic = subscriptions.filter((s) => model.target(s.values.topic_arn) === topic);
    return {
      from: topic.module,
      to: EMAIL,
      label: what.join("; ") || "Topic messages",
      technology: rules.length > 0 && alarms.length === 0 ? "EventBridge, SNS email" : "SNS email",
      detail: `Emails ${[...(alarms.length > 0 ? [recoveries ? "alarms and recoveries" : "alarms"] : []), ...events].join("; ") || "the topic's messages"}`,
      via: [from.join(", "), `SNS topic ${resourceName(topic)}${encrypted}`, `${ofTopic.length === 1 ? "1 email subscription" : `${ofTopic.length} email subscriptions`}`]
        .filter((t) => t !== "")
        .join(" → "),
      evidence: paths([topic, ...targets, ...rules, ...ofTopic]),
      order: 4,
    };
  });
}

interface PipelineSource {
  readonly pipeline: StackResource;
  readonly provider: string;
  readonly repository: string;
  readonly connection?: StackResource;
}

/** The repository each pipeline's source action reads, and the connection it reads through. */
function pipelineSources(model: StackModel): PipelineSource[] {
  const sources: PipelineSource[] = [];
  for (const pipeline of model.ofType("aws_codepipeline")) {
    for (const stage of blocks(pipeline.values.stage)) {
      for (const action of blocks(stage.action)) {
        if (literal(action.category) !== "Source") continue;
        const configuration = block(action.configuration) ?? {};
        const connection = model.target(configuration.ConnectionArn);
        const repository = literal(configuration.FullRepositoryId) ?? literal(configuration.RepositoryName) ?? literal(configuration.S3Bucket) ?? "a repository";
        const branch = literal(configuration.BranchName);
        const provider = literal(connection?.values.provider_type) ?? (literal(action.provider) === "CodeStarSourceConnection" ? "Git host" : (literal(action.provider) ?? "Source"));
        sources.push({ pipeline, provider, repository: branch !== undefined ? `${repository}@${branch}` : repository, connection });
      }
    }
  }
  return sources;
}

function sourceConnections(model: StackModel): Connection[] {
  const sources = pipelineSources(model);
  const connections: Connection[] = sources.map((s) => ({
    from: s.pipeline.module,
    to: SOURCE,
    label: `Fetches ${s.repository}`,
    technology: s.connection !== undefined ? "CodeStar connection" : "pipeline source",
    detail: `Fetches ${s.repository} on every push, then runs pipeline ${resourceName(s.pipeline)}`,
    via: s.connection !== undefined ? `CodeStar connection ${resourceName(s.connection)} (${s.provider})` : "pipeline source action",
    evidence: paths([s.pipeline, ...(s.connection !== undefined ? [s.connection] : [])]),
    order: 1,
  }));
  if (sources.length > 0) {
    connections.push({
      from: TEAM,
      to: SOURCE,
      label: "Pushes commits",
      technology: "git",
      detail: `Pushes to ${unique(sources.map((s) => s.repository)).join(", ")}, which starts the pipeline`,
      via: "git",
      evidence: paths(sources.map((s) => s.pipeline)),
      order: 1,
    });
  }
  return connections;
}

/** How viewers reach a distribution, from its default behaviour's viewer protocol policy. */
function viewerProtocol(policy: string | undefined): string {
  if (policy === "redirect-to-https") return "HTTPS (HTTP redirected)";
  if (policy === "https-only") return "HTTPS only";
  return "HTTP or HTTPS";
}

/** The ways in from the browser: the CDN, the API, and buckets that take uploads from browsers. */
function userConnections(model: StackModel): Connection[] {
  const connections: Connection[] = [];
  for (const distribution of model.ofType("aws_cloudfront_distribution")) {
    const aliases = strings(distribution.values.aliases);
    connections.push({
      from: USER,
      to: distribution.module,
      label: literal(distribution.values.default_root_object) !== undefined ? "Loads the web app" : "Loads content",
      technology: "HTTPS",
      detail: `Loads the web app from ${aliases.length > 0 ? aliases.join(", ") : "the distribution's CloudFront domain"}`,
      via: viewerProtocol(literal(block(distribution.values.default_cache_behavior)?.viewer_protocol_policy)),
      evidence: [pathOf(distribution)],
      order: 1,
    });
  }
  for (const api of model.ofType("aws_apigatewayv2_api")) {
    const origins = model.referencesIn(block(api.values.cors_configuration)?.allow_origins).map((ref) => ref.resource.module);
    connections.push({
      from: USER,
      to: api.module,
      label: "Calls the API",
      technology: "HTTPS",
      detail: `Calls the API${origins.length > 0 ? ` from the pages of ${unique(origins).join(", ")}` : ""}`,
      via: `HTTPS${block(api.values.cors_configuration) !== undefined ? ", CORS" : ""}`,
      evidence: [pathOf(api)],
      order: 1,
    });
  }
  for (const cors of model.ofType("aws_s3_bucket_cors_configuration")) {
    const rules = blocks(cors.values.cors_rule);
    const methods = unique(rules.flatMap((r) => strings(r.allowed_methods))).filter((m) => m === "PUT" || m === "POST");
    if (methods.length === 0) continue;
    const bucket = model.target(cors.values.bucket);
    const origins = unique(rules.flatMap((r) => model.referencesIn(r.allowed_origins).map((ref) => ref.resource.module)));
    connections.push({
      from: USER,
      to: cors.module,
      label: "Uploads files",
      technology: "presigned URLs",
      detail: `Uploads files to the ${bucket !== undefined ? bucketRole(bucket) : ""} bucket with presigned URLs`.replace("  ", " "),
      via: `HTTPS ${methods.join("/")}, CORS${origins.length > 0 ? ` for the origin of ${origins.join(", ")}` : ""}`,
      evidence: [pathOf(cors)],
      order: 1,
    });
  }
  return connections;
}

/** What the team's CI does directly: push images to the repositories the stack makes. */
function teamConnections(model: StackModel): Connection[] {
  return model.ofType("aws_ecr_repository").map((repository) => ({
    from: TEAM,
    to: repository.module,
    label: "Pushes images",
    technology: "ECR",
    detail: `Pushes images to ${resourceName(repository)}${literal(repository.values.image_tag_mutability) === "IMMUTABLE" ? " (a new tag per build)" : ""}`,
    via: "docker push",
    evidence: [pathOf(repository)],
    order: 1,
  }));
}

/** Every connection the stack makes, sorted by origin, destination and order. */
export function connectionsOf(model: StackModel): Connection[] {
  const all = [
    ...userConnections(model),
    ...teamConnections(model),
    ...integrationConnections(model),
    ...originConnections(model),
    ...securityGroupConnections(model),
    ...internetEgressConnections(model),
    ...grantConnections(model),
    ...eventConnections(model),
    ...alarmConnections(model),
    ...notificationConnections(model),
    ...sourceConnections(model),
  ];
  return all.sort(
    (a, b) =>
      compareText(a.from, b.from) ||
      compareText(a.to, b.to) ||
      a.order - b.order ||
      compareText(a.via, b.via) ||
      compareText(a.label, b.label) ||
      compareText(a.detail, b.detail),
  );
}

/** The email addresses and the source repository, for the outside systems' boxes. */
export function externalsOf(model: StackModel): Externals {
  const emails = unique(
    model
      .ofType("aws_sns_topic_subscription")
      .filter((s) => /^email/.test(literal(s.values.protocol) ?? ""))
      .map((s) => literal(s.values.endpoint) ?? "an address from a variable"),
  ).sort(compareText);
  const sources = pipelineSources(model);
  return {
    emails,
    source: sources.length > 0 ? { provider: unique(sources.map((s) => s.provider)).join(", "), repositories: unique(sources.map((s) => s.repository)).sort(compareText) } : undefined,
  };
}
