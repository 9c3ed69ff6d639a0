/**
 * Connections that events make, and the way in to sign-in: the browser signs in at a user pool;
 * a user pool calls its trigger functions; a table's stream feeds the function its event source
 * mapping names; a bucket's notifications invoke a function on new objects. Each is read from the
 * references in the JSON (`lambda_config`, `event_source_arn` and `function_name`, the
 * notification's `bucket` and `lambda_function_arn`), and drawn when the two ends are in different
 * modules (inside one module the function's box says what runs it).
 */
import { block, blocks, literal, strings } from "../../../inspect";
import { bucketRole, functionOf, resourceName, triggerWords } from "../containers";
import { StackModel, unique } from "../stack";
import { Connection, pathOf, paths, USER } from "./connection";

/** What each Cognito trigger is called on, in words (the others: `calls its <name> trigger`). */
const TRIGGER_MOMENTS: Readonly<Record<string, string>> = {
  pre_sign_up: "before each sign-up",
  post_confirmation: "after each confirmed sign-up",
  pre_authentication: "before each sign-in",
  post_authentication: "after each sign-in",
  pre_token_generation: "before issuing tokens",
  custom_message: "to write its messages",
  user_migration: "to migrate users at sign-in",
};

/** The browser signs up and signs in at each user pool that has an app client, through its domain when it has one. */
export function signInConnections(model: StackModel): Connection[] {
  return model.ofType("aws_cognito_user_pool").flatMap((pool) => {
    const clients = model.ofType("aws_cognito_user_pool_client").filter((c) => model.target(c.values.user_pool_id) === pool);
    if (clients.length === 0) return [];
    const domains = model.ofType("aws_cognito_user_pool_domain").filter((d) => model.target(d.values.user_pool_id) === pool);
    const where = domains.map((d) => literal(d.values.domain) ?? "a domain from a variable");
    const flows = unique(clients.flatMap((c) => strings(c.values.allowed_oauth_flows)));
    return [
      {
        from: USER,
        to: pool.module,
        label: "Signs in",
        technology: domains.length > 0 ? "HTTPS, Cognito hosted sign-in" : "HTTPS, Cognito",
        detail: `Signs up and signs in to user pool ${resourceName(pool)}${where.length > 0 ? ` at ${where.join(", ")}` : ""}`,
        via: `app client ${clients.map((c) => resourceName(c)).join(", ")}${flows.length > 0 ? `, OAuth ${flows.join(", ")}` : ""}`,
        evidence: paths([pool, ...clients, ...domains]),
        order: 1,
      },
    ];
  });
}

/** A user pool's trigger functions, a table's stream consumers and a bucket's notified functions, in other modules. */
export function triggerConnections(model: StackModel): Connection[] {
  const connections: Connection[] = [];
  for (const pool of model.ofType("aws_cognito_user_pool")) {
    for (const [key, value] of Object.entries(block(pool.values.lambda_config) ?? {})) {
      const fn = functionOf(model, value);
      if (fn === undefined || fn.module === pool.module) continue;
      const moment = TRIGGER_MOMENTS[key];
      connections.push({
        from: pool.module,
        to: fn.module,
        label: `Calls the ${triggerWords(key)} trigger`,
        technology: "Cognito trigger",
        detail: `Invokes function ${resourceName(fn)} ${moment ?? `as its ${triggerWords(key)} trigger`}`,
        via: `lambda_config.${key} of user pool ${resourceName(pool)}`,
        evidence: [pathOf(pool)],
        order: 1,
      });
    }
  }
  for (const mapping of model.ofType("aws_lambda_event_source_mapping")) {
    const source = model.target(mapping.values.event_source_arn);
    const fn = functionOf(model, mapping.values.function_name);
    if (source === undefined || fn === undefined || source.module === fn.module) continue;
    const table = source.type === "aws_dynamodb_table";
    const batch = literal(mapping.values.batch_size);
    connections.push({
      from: source.module,
      to: fn.module,
      label: table ? "Streams item changes" : "Sends records",
      technology: table ? "DynamoDB Streams, Lambda" : "Lambda event source mapping",
      detail: table
        ? `Sends the changes to the items of table ${resourceName(source)} (${literal(source.values.stream_view_type) ?? "stream"}) to function ${resourceName(fn)}${batch !== undefined ? `, up to ${batch} records a batch` : ""}`
        : `Sends the records of ${source.type.replace(/^aws_/, "").replace(/_/g, " ")} ${resourceName(source)} to function ${resourceName(fn)}`,
      via: `event source mapping${literal(mapping.values.starting_position) !== undefined ? `, from ${literal(mapping.values.starting_position)}` : ""}${blocks(mapping.values.filter_criteria).length > 0 ? ", filtered" : ""}`,
      evidence: [pathOf(mapping)],
      order: 1,
    });
  }
  for (const notification of model.ofType("aws_s3_bucket_notification")) {
    const bucket = model.target(notification.values.bucket);
    if (bucket === undefined) continue;
    for (const target of blocks(notification.values.lambda_function)) {
      const fn = functionOf(model, target.lambda_function_arn);
      if (fn === undefined || fn.module === bucket.module) continue;
      const events = strings(target.events);
      const created = events.some((e) => e.startsWith("s3:ObjectCreated:"));
      const filter = [literal(target.filter_prefix), literal(target.filter_suffix)].filter((f) => f !== undefined);
      connections.push({
        from: bucket.module,
        to: fn.module,
        label: created ? "New objects" : "Object events",
        technology: "S3 event notification",
        detail: `Invokes function ${resourceName(fn)} on ${events.join(", ") || "its events"} in the ${bucketRole(bucket, model)} bucket${filter.length > 0 ? ` (keys ${filter.join(" … ")})` : ""}`,
        via: `bucket notification of ${resourceName(bucket)}`,
        evidence: [pathOf(notification)],
        order: 1,
      });
    }
  }
  return connections;
}
