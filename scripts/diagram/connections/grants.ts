/** IAM grants on another module's resources, read from the policy documents (parsed by the inspection layer). */
import { blocks, literal, parsePolicyDocument } from "../../../inspect";
import { bucketRole, resourceName } from "../containers";
import { StackModel, StackResource, unique } from "../stack";
import { Connection, paths, sentence, TEAM } from "./connection";

/** What a set of actions on a resource lets its holder do: short for the arrow, in full for the table. */
function grantPhrases(target: StackResource, attribute: string, actions: readonly string[], model: StackModel): { short: string; full: string } {
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
        full: `${verbs.join("/") || "uses"} objects in the ${bucketRole(target, model)} bucket`,
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
    case "aws_lambda_function":
      if (any(/^lambda:(\*|UpdateFunctionCode|PublishVersion)/)) return { short: "deploys the code", full: `deploys new code to function ${resourceName(target)}` };
      if (any(/^lambda:(\*|Invoke)/)) return { short: "invokes", full: `invokes function ${resourceName(target)}` };
      return { short: "reads the function", full: `reads function ${resourceName(target)} (${unique(actions).join(", ")})` };
    case "aws_lambda_alias":
      if (any(/^lambda:(\*|UpdateAlias)/)) return { short: "deploys the code", full: `points alias ${resourceName(target)} at the new version` };
      if (any(/^lambda:(\*|Invoke)/)) return { short: "invokes", full: `invokes alias ${resourceName(target)}` };
      return { short: "reads the function", full: `reads alias ${resourceName(target)} (${unique(actions).join(", ")})` };
    case "aws_sqs_queue": {
      const sends = any(/^sqs:(\*|Send)/);
      const receives = any(/^sqs:(\*|Receive)/);
      const queue = resourceName(target);
      if (sends && receives) return { short: "sends/receives messages", full: `sends and receives messages of queue ${queue}` };
      if (sends) return { short: "sends messages", full: `sends messages to queue ${queue}` };
      if (receives) return { short: "receives messages", full: `receives messages from queue ${queue}` };
      return { short: "uses a queue", full: `uses queue ${queue} (${unique(actions).join(", ")})` };
    }
    case "aws_dynamodb_table": {
      if (attribute.startsWith("stream")) return { short: "reads the stream", full: `reads the stream of table ${resourceName(target)}` };
      const reads = any(/^dynamodb:(\*|Get|BatchGet|Query|Scan|PartiQLSelect)/);
      const writes = any(/^dynamodb:(\*|Put|Update|Delete|BatchWrite|PartiQL(Insert|Update|Delete))/);
      const verbs = [reads ? "reads" : undefined, writes ? "writes" : undefined].filter((v) => v !== undefined).join("/") || "uses";
      return { short: `${verbs} items`, full: `${verbs} items of table ${resourceName(target)}` };
    }
    case "aws_cognito_user_pool":
      return any(/^cognito-idp:(\*|Admin(Create|Update|Delete|Disable|Enable|Add|Remove|Set|Reset|Confirm))/)
        ? { short: "manages users", full: `manages the users of user pool ${resourceName(target)}` }
        : { short: "reads users", full: `reads the users of user pool ${resourceName(target)}` };
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
  const parsed = parsePolicyDocument(policy);
  // A document that cannot be read at synth (an expression, invalid JSON) shows no grants.
  for (const statement of parsed.ok ? parsed.value : []) {
    if (statement.effect !== "Allow") continue;
    for (const ref of model.referencesIn(statement.resources)) {
      if (ref.resource.module === holderModule) continue;
      const attribute =
        ref.resource.type === "aws_db_instance" && ref.attribute.startsWith("master_user_secret")
          ? "master_user_secret"
          : ref.resource.type === "aws_dynamodb_table" && ref.attribute.startsWith("stream_arn")
            ? "stream_arn"
            : "";
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
      const phrases = grantPhrases(resource, attribute, unique(actions), model);
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
export function grantConnections(model: StackModel): Connection[] {
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
