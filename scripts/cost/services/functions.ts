/**
 * Prices of functions: Lambda requests and duration for the function an HTTP API reaches and for
 * the functions events trigger (an uploads bucket's notifications, a table's stream through an
 * event source mapping, a user pool's triggers), and the function's failure queue (free at its
 * volume). A function nothing in the stack invokes, or invoked only by events no usage setting
 * counts, is not priced, and the line says why.
 */
import { block, blocks, parsePolicyDocument, referencedName, referencesIn, strings } from "../../../inspect";
import { ASSUMPTIONS, usageSetting } from "../assumptions";
import { bucketRole, bucketsOfRole, createsObjects } from "../buckets";
import { address, Context, Line, PriceRule } from "../context";
import { formatQuantity } from "../format";
import type { TerraformResource } from "../types";
import { tableUsage } from "./tables";

/** What the estimate reads of a stack: its resources of a type, as name and arguments (a Context, or the stack itself). */
export interface ResourceLookup {
  of(type: string): [string, TerraformResource][];
}

/** Lambda's memory when `memory_size` is not set, in MiB. */
const DEFAULT_MEMORY_MIB = 128;
/** Ephemeral storage included with every function, in MiB; more is billed. */
const INCLUDED_EPHEMERAL_MIB = 512;

/**
 * The function an integration reaches: its `integration_uri` refers to the function
 * (`.arn`, `.invoke_arn`, `.qualified_arn`) or to one of its aliases (the alias's ARN), and the
 * alias's `function_name` refers to the function.
 */
export function functionOfIntegration(stack: ResourceLookup, integration: TerraformResource): string | undefined {
  return functionReferenced(stack, integration.integration_uri);
}

/**
 * Invocations a month of each function an HTTP API reaches: each HTTP API's share of
 * `usage.apiRequestsPerMonth` (split evenly between the stack's HTTP APIs, as on their own lines),
 * split evenly between the functions its integrations reach. A function no HTTP API reaches is
 * not in the map.
 */
export function apiInvocations(ctx: Context): Map<string, number> {
  const apis = ctx.of("aws_apigatewayv2_api").filter(([, api]) => api.protocol_type === "HTTP").map(([name]) => name);
  const invocations = new Map<string, number>();
  if (apis.length === 0) return invocations;
  const perApi = ctx.usage.apiRequestsPerMonth / apis.length;
  for (const api of apis) {
    const reached = new Set<string>();
    for (const [, integration] of ctx.of("aws_apigatewayv2_integration")) {
      const owner = referencedName(integration.api_id, "aws_apigatewayv2_api") ?? (apis.length === 1 ? api : undefined);
      if (owner !== api) continue;
      const fn = functionOfIntegration(ctx, integration);
      if (fn !== undefined) reached.add(fn);
    }
    for (const fn of reached) invocations.set(fn, (invocations.get(fn) ?? 0) + perApi / reached.size);
  }
  return invocations;
}

/** The function a value refers to: the function itself (`.arn`, `.function_name`, ...) or one of its aliases (whose `function_name` refers to it). */
export function functionReferenced(stack: ResourceLookup, value: unknown): string | undefined {
  const direct = referencedName(value, "aws_lambda_function");
  if (direct !== undefined) return direct;
  const aliasName = referencedName(value, "aws_lambda_alias");
  const alias = aliasName === undefined ? undefined : stack.of("aws_lambda_alias").find(([n]) => n === aliasName)?.[1];
  return alias === undefined ? undefined : referencedName(alias.function_name, "aws_lambda_function");
}

/**
 * One way events invoke a function: what invokes it (for the line), how many times a month and
 * for how long each (undefined invocations: no usage setting counts them, with the reason).
 */
export interface EventSource {
  /** What invokes it, for the line: `object-created notifications of aws_s3_bucket.Raw (usage.uploadsPerMonth)`. */
  readonly via: string;
  readonly invocations?: number;
  readonly durationMs: number;
  /** Where the duration comes from: `ASSUMPTIONS.eventFunctionDurationMs.s3`. */
  readonly durationSource: string;
  /** Why the invocations are not known, when they are not. */
  readonly unknown?: string;
}

/** Cognito triggers invoked once per confirmed sign-up (the others run per sign-in, token or message: no usage setting counts them). */
const SIGN_UP_TRIGGERS = new Set(["post_confirmation", "pre_sign_up"]);

/**
 * The events that invoke each function, by function name:
 * - an `aws_s3_bucket_notification` whose `lambda_function` blocks name the function: on
 *   object creation in an uploads bucket, once per upload (`usage.uploadsPerMonth`, shared by the
 *   uploads buckets); other events or buckets have no usage setting;
 * - an `aws_lambda_event_source_mapping` whose `function_name` names it: from a table's stream,
 *   once per write to the table (its share of `usage.dynamodbWritesPerMonth`: at this traffic the
 *   records come one at a time, so an upper bound); queues and other streams have no usage setting;
 * - a user pool's `lambda_config`: `post_confirmation` and `pre_sign_up` once per sign-up
 *   (`usage.signUpsPerMonth`, shared by the pools); the other triggers have no usage setting.
 */
export function eventSources(ctx: Context): Map<string, EventSource[]> {
  const sources = new Map<string, EventSource[]>();
  const add = (fn: string | undefined, source: EventSource) => {
    if (fn !== undefined) sources.set(fn, [...(sources.get(fn) ?? []), source]);
  };
  const durations = ASSUMPTIONS.eventFunctionDurationMs;
  const uploadBuckets = bucketsOfRole(ctx, "uploads").length;
  const uploads = usageSetting(ctx.usage, "uploadsPerMonth");
  for (const [, notification] of ctx.of("aws_s3_bucket_notification")) {
    const bucket = referencedName(notification.bucket, "aws_s3_bucket");
    for (const target of blocks(notification.lambda_function)) {
      const fn = functionReferenced(ctx, target.lambda_function_arn);
      const events = strings(target.events);
      const via = `${events.join(", ") || "?"} notifications of ${bucket !== undefined ? `aws_s3_bucket.${bucket}` : "a bucket outside the stack"}`;
      const base = { durationMs: durations.s3, durationSource: "ASSUMPTIONS.eventFunctionDurationMs.s3" };
      if (bucket !== undefined && createsObjects(events) && bucketRole(ctx, bucket) === "uploads") {
        add(fn, { ...base, via: `${via} (${uploads.source}${uploadBuckets > 1 ? `, shared by ${uploadBuckets} uploads buckets` : ""})`, invocations: uploads.value / Math.max(uploadBuckets, 1) });
      } else {
        add(fn, { ...base, via, unknown: "only object creation in an uploads bucket is counted (usage.uploadsPerMonth)" });
      }
    }
  }
  for (const [, mapping] of ctx.of("aws_lambda_event_source_mapping")) {
    const fn = functionReferenced(ctx, mapping.function_name);
    const table = referencedName(mapping.event_source_arn, "aws_dynamodb_table");
    const base = { durationMs: durations.dynamodbStream, durationSource: "ASSUMPTIONS.eventFunctionDurationMs.dynamodbStream" };
    if (table !== undefined) {
      const usage = tableUsage(ctx);
      const writes = usageSetting(ctx.usage, "dynamodbWritesPerMonth");
      const tables = ctx.of("aws_dynamodb_table").length;
      add(fn, { ...base, via: `the stream of aws_dynamodb_table.${table}, one batch per write (${writes.source}${tables > 1 ? `, shared by ${tables} tables` : ""}; an upper bound)`, invocations: usage.writes });
    } else {
      const source = sourceOf(mapping.event_source_arn);
      add(fn, { ...base, via: `an event source mapping from ${source}`, unknown: "no usage setting gives the records of a queue or another stream" });
    }
  }
  const pools = ctx.of("aws_cognito_user_pool");
  const signUps = usageSetting(ctx.usage, "signUpsPerMonth");
  for (const [poolName, pool] of pools) {
    const config = block(pool.lambda_config) ?? {};
    for (const [trigger, value] of Object.entries(config)) {
      const fn = functionReferenced(ctx, value);
      if (fn === undefined) continue;
      const base = { durationMs: durations.cognito, durationSource: "ASSUMPTIONS.eventFunctionDurationMs.cognito" };
      const via = `the ${trigger} trigger of aws_cognito_user_pool.${poolName}`;
      if (SIGN_UP_TRIGGERS.has(trigger)) add(fn, { ...base, via: `${via}, once per sign-up (${signUps.source}${pools.length > 1 ? `, shared by ${pools.length} pools` : ""})`, invocations: signUps.value / pools.length });
      else add(fn, { ...base, via, unknown: "it runs per sign-in, token or message, which no usage setting counts" });
    }
  }
  return sources;
}

/** The resource a value refers to, as its address, or "a source outside the stack". */
function sourceOf(value: unknown): string {
  return referencesIn(value)[0]?.address ?? "a source outside the stack";
}

/**
 * The uploads bucket a function signs uploads for: its role's inline policies allow `s3:PutObject`
 * on objects of an uploads bucket (a presigned PUT or POST acts with the signer's permissions).
 * Such a function behind the API is called once per upload, not once per API request.
 */
export function signedUploadsBucket(ctx: Context, fn: TerraformResource): string | undefined {
  const role = referencedName(fn.role, "aws_iam_role");
  if (role === undefined) return undefined;
  const documents = [
    ...ctx.of("aws_iam_role_policy").filter(([, p]) => referencedName(p.role, "aws_iam_role") === role).map(([, p]) => p.policy),
    ...blocks(ctx.get("aws_iam_role", role)?.inline_policy).map((inline) => inline.policy),
  ];
  for (const document of documents) {
    const parsed = parsePolicyDocument(document);
    for (const statement of parsed.ok ? parsed.value : []) {
      if (statement.effect !== "Allow" || !statement.actions.some((a) => a === "s3:PutObject" || a === "s3:*" || a === "*")) continue;
      const bucket = statement.resources.map((r) => referencedName(r, "aws_s3_bucket")).find((b) => b !== undefined && bucketRole(ctx, b) === "uploads");
      if (bucket !== undefined) return bucket;
    }
  }
  return undefined;
}

/** A function's requests and GB-seconds for some invocations of some duration. */
function invocationLine(ctx: Context, at: string, memory: number, arm: boolean, invocations: number, via: string, durationMs: number, durationSource: string): Line {
  const gbSeconds = ((invocations * durationMs) / 1000) * (memory / 1024);
  return ctx.line(
    at,
    "aws_lambda_function",
    `Lambda ${arm ? "arm64" : "x86_64"}, ${memory} MB: ${formatQuantity(invocations)} invocations (${via}) of ${formatQuantity(durationMs)} ms (${durationSource}); ` +
      "before the free tier of 1M requests and 400,000 GB-s a month, shared by the account",
    [
      { key: "lambda-million-requests", quantity: invocations / 1e6, what: "million requests" },
      { key: `lambda-gb-second-${arm ? "arm" : "x86"}`, quantity: gbSeconds, what: "GB-s" },
    ],
  );
}

function lambdaLines(ctx: Context, name: string, fn: TerraformResource): Line[] {
  const at = address("aws_lambda_function", name);
  const invocations = apiInvocations(ctx).get(name);
  const events = eventSources(ctx).get(name) ?? [];
  if (invocations === undefined && events.length === 0) {
    return [
      ctx.notPriced(
        at,
        "aws_lambda_function",
        "Lambda function no HTTP API integration reaches: no usage setting gives its invocations (events, schedules, queues, other callers); price it from the invocations you expect",
      ),
    ];
  }
  const memory = fn.memory_size ?? DEFAULT_MEMORY_MIB;
  if (typeof memory !== "number") return [ctx.notPriced(at, "aws_lambda_function", `Lambda function: memory_size is not a number at synth (${JSON.stringify(memory)})`)];
  const arm = strings(fn.architectures).includes("arm64");
  const lines: Line[] = [];
  const signs = invocations === undefined ? undefined : signedUploadsBucket(ctx, fn);
  if (signs !== undefined) {
    const uploads = usageSetting(ctx.usage, "uploadsPerMonth");
    lines.push(
      invocationLine(ctx, at, memory, arm, uploads.value, `through the HTTP API, once per upload: it signs the uploads to aws_s3_bucket.${signs} (${uploads.source})`, ctx.usage.functionAverageDurationMs, "usage.functionAverageDurationMs"),
    );
  } else if (invocations !== undefined) {
    lines.push(invocationLine(ctx, at, memory, arm, invocations, "usage.apiRequestsPerMonth, through the HTTP API", ctx.usage.functionAverageDurationMs, "usage.functionAverageDurationMs"));
  }
  for (const source of events) {
    if (source.invocations === undefined) lines.push(ctx.notPriced(at, "aws_lambda_function", `Lambda function invoked by ${source.via}: not priced, ${source.unknown ?? "its invocations are not known"}`));
    else lines.push(invocationLine(ctx, at, memory, arm, source.invocations, source.via, source.durationMs, source.durationSource));
  }
  const ephemeral = block(fn.ephemeral_storage)?.size;
  if (typeof ephemeral === "number" && ephemeral > INCLUDED_EPHEMERAL_MIB) {
    lines.push(ctx.notPriced(at, "aws_lambda_function", `Lambda ephemeral storage of ${ephemeral} MB: the ${ephemeral - INCLUDED_EPHEMERAL_MIB} MB over the included 512 MB are not priced`));
  }
  return lines;
}

/**
 * The functions whose failed asynchronous events the queue receives: an event invoke config's
 * `on_failure` destination, or a function's `dead_letter_config`.
 */
export function failuresSentTo(stack: ResourceLookup, queueName: string): string[] {
  const functions: string[] = [];
  for (const [, config] of stack.of("aws_lambda_function_event_invoke_config")) {
    if (referencedName(block(block(config.destination_config)?.on_failure)?.destination, "aws_sqs_queue") !== queueName) continue;
    const fn = referencedName(config.function_name, "aws_lambda_function");
    if (fn !== undefined) functions.push(address("aws_lambda_function", fn));
  }
  for (const [fnName, fn] of stack.of("aws_lambda_function")) {
    if (referencedName(block(fn.dead_letter_config)?.target_arn, "aws_sqs_queue") === queueName) functions.push(address("aws_lambda_function", fnName));
  }
  return [...new Set(functions)];
}

export const FUNCTION_RULES: Readonly<Record<string, PriceRule>> = {
  aws_lambda_function: (ctx, name, fn) => lambdaLines(ctx, name, fn),
};

/**
 * A type priced only where the stack says what a resource of it is for: the rule gives the
 * resource's lines, or undefined when it cannot tell (the resource is then not priced, like a
 * type without a rule).
 */
export interface ConditionalRule {
  /** Whether the rule prices this resource. */
  covers(stack: ResourceLookup, name: string): boolean;
  lines(ctx: Context, name: string, resource: TerraformResource): Line[];
}

export const FUNCTION_CONDITIONAL_RULES: Readonly<Record<string, ConditionalRule>> = {
  /**
   * A function's failure queue receives only the asynchronous invocations that still fail after
   * their retries: a few requests a month, far within the million SQS requests a month that cost
   * nothing. A queue with any other use has a volume no usage setting gives.
   */
  aws_sqs_queue: {
    covers: (stack, name) => failuresSentTo(stack, name).length > 0,
    lines: (ctx, name) => [
      ctx.free(
        address("aws_sqs_queue", name),
        "aws_sqs_queue",
        `SQS failure queue of ${failuresSentTo(ctx, name).join(", ")}: free at this volume (only the events that still fail after their retries, a few requests a month; SQS charges nothing for the first million requests a month, account-wide)`,
      ),
    ],
  },
};
