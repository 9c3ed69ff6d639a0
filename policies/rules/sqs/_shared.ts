import { block, parsePolicyDocument, Parsed, parseReference, Statement } from "../../json";
import type { PolicyContext, PolicySubject } from "../../types";

/** One policy on a queue, parsed. */
export interface QueuePolicy {
  /** Where the policy is written, for messages: `aws_sqs_queue_policy.p policy`. */
  readonly what: string;
  readonly statements: readonly Statement[];
}

/**
 * Every policy on the queue: each `aws_sqs_queue_policy` whose `queue_url` refers to it
 * (`${aws_sqs_queue.Q.url}`, `.id`, which is the URL) and the queue's inline `policy`. Fails with
 * the parse detail when one cannot be read.
 */
export function queuePolicies(queue: PolicySubject, context: PolicyContext): Parsed<readonly QueuePolicy[]> {
  const sources = context.referrers("aws_sqs_queue_policy", "queue_url", queue).map((p) => ({ what: `${p.address} policy`, value: p.values.policy }));
  if (queue.values.policy !== undefined && queue.values.policy !== "") sources.push({ what: "the queue's inline policy", value: queue.values.policy });
  const policies: QueuePolicy[] = [];
  for (const source of sources) {
    const parsed = parsePolicyDocument(source.value, source.what);
    if (!parsed.ok) return parsed;
    policies.push({ what: source.what, statements: parsed.value });
  }
  return { ok: true, value: policies };
}

/** True when a value is, or holds, a reference to the queue (`${aws_sqs_queue.Q.arn}`, also inside a JSON document). */
function mentions(value: unknown, queue: PolicySubject): boolean {
  if (typeof value !== "string") return false;
  const reference = parseReference(value);
  if (reference !== undefined) return reference.address === queue.address;
  return value.includes(`\${${queue.address}.`) || value.includes(`${queue.address}.arn`);
}

/**
 * What sends failed work to the queue, as addresses with the setting: an event invoke config's
 * `on_failure` destination, a function's `dead_letter_config`, an event source mapping's
 * `on_failure` destination, another queue's redrive policy (inline or `aws_sqs_queue_redrive_policy`).
 * Empty when the queue is not a failure destination.
 */
export function failureSourcesOf(queue: PolicySubject, context: PolicyContext): string[] {
  const found: string[] = [];
  for (const config of context.ofType("aws_lambda_function_event_invoke_config")) {
    if (mentions(block(block(config.values.destination_config)?.on_failure)?.destination, queue)) found.push(`${config.address} on_failure`);
  }
  for (const fn of context.ofType("aws_lambda_function")) {
    if (mentions(block(fn.values.dead_letter_config)?.target_arn, queue)) found.push(`${fn.address} dead_letter_config`);
  }
  for (const mapping of context.ofType("aws_lambda_event_source_mapping")) {
    if (mentions(block(block(mapping.values.destination_config)?.on_failure)?.destination_arn, queue)) found.push(`${mapping.address} on_failure`);
  }
  for (const source of context.ofType("aws_sqs_queue")) {
    if (source !== queue && mentions(source.values.redrive_policy, queue)) found.push(`${source.address} redrive_policy`);
  }
  for (const redrive of context.ofType("aws_sqs_queue_redrive_policy")) {
    if (mentions(redrive.values.redrive_policy, queue)) found.push(`${redrive.address} redrive_policy`);
  }
  for (const subscription of context.ofType("aws_sns_topic_subscription")) {
    if (mentions(subscription.values.redrive_policy, queue)) found.push(`${subscription.address} redrive_policy`);
  }
  return found;
}
