/**
 * Prices of functions: Lambda requests and duration for the function an HTTP API reaches, and
 * the function's failure queue (free at its volume).
 */
import { block, referencedName, strings } from "../../../inspect";
import { address, Context, Line, PriceRule } from "../context";
import { formatQuantity } from "../format";
import type { TerraformResource } from "../types";

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
  const direct = referencedName(integration.integration_uri, "aws_lambda_function");
  if (direct !== undefined) return direct;
  const aliasName = referencedName(integration.integration_uri, "aws_lambda_alias");
  const alias = aliasName === undefined ? undefined : stack.of("aws_lambda_alias").find(([n]) => n === aliasName)?.[1];
  return alias === undefined ? undefined : referencedName(alias.function_name, "aws_lambda_function");
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

function lambdaLines(ctx: Context, name: string, fn: TerraformResource): Line[] {
  const at = address("aws_lambda_function", name);
  const invocations = apiInvocations(ctx).get(name);
  if (invocations === undefined) {
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
  const durationMs = ctx.usage.functionAverageDurationMs;
  const gbSeconds = ((invocations * durationMs) / 1000) * (memory / 1024);
  const lines = [
    ctx.line(
      at,
      "aws_lambda_function",
      `Lambda ${arm ? "arm64" : "x86_64"}, ${memory} MB: ${formatQuantity(invocations)} invocations (usage.apiRequestsPerMonth, through the HTTP API) of ${formatQuantity(durationMs)} ms (usage.functionAverageDurationMs); ` +
        "before the free tier of 1M requests and 400,000 GB-s a month, shared by the account",
      [
        { key: "lambda-million-requests", quantity: invocations / 1e6, what: "million requests" },
        { key: `lambda-gb-second-${arm ? "arm" : "x86"}`, quantity: gbSeconds, what: "GB-s" },
      ],
    ),
  ];
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
