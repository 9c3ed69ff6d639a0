import { block, hasText, numberOf, parseJsonAttribute, parseReference, readFlag, unreadable } from "../../json";
import { fail, notApplicable, pass, PolicyContext, PolicySubject, Rule, verdictOf } from "../../types";
import { literalText } from "./_shared";

/** What an event source mapping reads: a stream (DynamoDB or Kinesis) or an SQS queue, and the queue when the stack holds it. */
export type EventSource =
  | { readonly kind: "dynamodb-stream" | "kinesis"; readonly label: string }
  | { readonly kind: "sqs"; readonly label: string; readonly queue?: PolicySubject };

const DYNAMODB_STREAM_ARN = /^arn:aws[a-z-]*:dynamodb:[^:]*:[^:]*:table\/[^/]+\/stream\//;
const KINESIS_STREAM_ARN = /^arn:aws[a-z-]*:kinesis:[^:]*:[^:]*:stream\//;
const SQS_ARN = /^arn:aws[a-z-]*:sqs:[^:]*:[^:]*:([^:/]+)$/;

/**
 * The source of a mapping's `event_source_arn`: a reference to a table (its `stream_arn`), a
 * Kinesis stream or stream consumer, or a queue (of the stack, or a data source), or a literal
 * DynamoDB stream, Kinesis stream or SQS queue ARN. Undefined for any other source (Kafka, MQ,
 * DocumentDB) and for a value the pack cannot place.
 */
export function eventSourceOf(mapping: PolicySubject, context: PolicyContext): EventSource | undefined {
  const value = mapping.values.event_source_arn;
  const reference = parseReference(value);
  if (reference !== undefined) {
    const type = reference.type.replace(/^data\./, "");
    const label = `event_source_arn ${reference.address}${reference.attribute === "" ? "" : `.${reference.attribute}`}`;
    if (type === "aws_dynamodb_table") return { kind: "dynamodb-stream", label };
    if (type === "aws_kinesis_stream" || type === "aws_kinesis_stream_consumer") return { kind: "kinesis", label };
    if (type === "aws_sqs_queue") {
      const queue = context.resolve(value);
      return queue?.type === "aws_sqs_queue" ? { kind: "sqs", label, queue } : { kind: "sqs", label };
    }
    return undefined;
  }
  if (typeof value !== "string") return undefined;
  const arn = value.trim();
  const label = `event_source_arn ${arn}`;
  if (DYNAMODB_STREAM_ARN.test(arn)) return { kind: "dynamodb-stream", label };
  if (KINESIS_STREAM_ARN.test(arn)) return { kind: "kinesis", label };
  const name = SQS_ARN.exec(arn)?.[1];
  if (name === undefined) return undefined;
  const queue = context.ofType("aws_sqs_queue").find((q) => literalText(q.values.name) === name);
  return queue === undefined ? { kind: "sqs", label } : { kind: "sqs", label, queue };
}

/** The problem with a limit that must be set and must not be -1 (AWS's "forever"), or undefined. */
function limitProblem(value: unknown, attribute: string, otherwise: string): string | undefined {
  if (value === undefined || value === null) return `${attribute} is not set (AWS's default -1: ${otherwise})`;
  if (value === -1 || value === "-1") return `${attribute} is -1: ${otherwise}`;
  return numberOf(value) === "unreadable" ? unreadable(attribute, value) : undefined;
}

/** The dead-letter target of a queue's redrive policy (inline, or an `aws_sqs_queue_redrive_policy`), or why there is none. */
function redriveProblem(queue: PolicySubject, context: PolicyContext): string | undefined {
  const sources = [
    ...(queue.values.redrive_policy === undefined || queue.values.redrive_policy === null || queue.values.redrive_policy === ""
      ? []
      : [{ what: `${queue.address} redrive_policy`, value: queue.values.redrive_policy }]),
    ...context.referrers("aws_sqs_queue_redrive_policy", "queue_url", queue).map((r) => ({ what: `${r.address} redrive_policy`, value: r.values.redrive_policy })),
  ];
  if (sources.length === 0) {
    return `the queue ${queue.address} has no redrive policy: a message that keeps failing returns to the queue until its retention ends and is lost; give the queue a redrive_policy with a deadLetterTargetArn and maxReceiveCount`;
  }
  const problems: string[] = [];
  for (const source of sources) {
    const parsed = parseJsonAttribute(source.value, source.what);
    if (!parsed.ok) problems.push(parsed.detail);
    else if (typeof parsed.value === "object" && parsed.value !== null && hasText((parsed.value as Record<string, unknown>).deadLetterTargetArn)) return undefined;
    else problems.push(`${source.what} has no deadLetterTargetArn`);
  }
  return problems.join("; ");
}

/**
 * An event source mapping that reads a stream (a DynamoDB table's `stream_arn`, a Kinesis
 * stream) sets `maximum_retry_attempts` and `maximum_record_age_in_seconds` (neither missing nor
 * -1), `bisect_batch_on_function_error = true` and `destination_config.on_failure.destination_arn`.
 * One that reads an SQS queue of the stack needs the queue's redrive policy to a dead-letter
 * queue instead (a queue mapping has none of those settings); a queue the stack does not hold is
 * not the pack's to see. Other sources (Kafka, MQ, DocumentDB) are not applicable.
 * `function_response_types` is lambda-event-source-mapping-item-failures' to judge.
 */
export const lambdaEventSourceMappingBounded: Rule = {
  id: "lambda-event-source-mapping-bounded",
  level: "error",
  resourceTypes: ["aws_lambda_event_source_mapping"],
  attributes: ["maximum_retry_attempts", "maximum_record_age_in_seconds", "bisect_batch_on_function_error", "destination_config"],
  summary: "Lambda event source mapping that retries a failing record without limit or drops it unrecorded",
  why: "On a stream AWS's defaults retry a failing batch until its records expire (a day to a year), and the shard waits behind it: every later change stalls, then the records are gone with no copy; bounded retries, bisecting the batch and an on-failure destination keep the stream moving and keep what failed. A queue without a dead-letter queue retries a poison message until its retention ends and then loses it.",
  check(mapping, context) {
    const source = eventSourceOf(mapping, context);
    if (source === undefined) return notApplicable("the source is not a DynamoDB stream, a Kinesis stream or an SQS queue");
    if (source.kind === "sqs") {
      if (source.queue === undefined) return notApplicable(`${source.label} is a queue this stack does not hold: its redrive policy is not the pack's to see`);
      const problem = redriveProblem(source.queue, context);
      return verdictOf(problem === undefined ? [] : [problem]);
    }
    const v = mapping.values;
    const problems: string[] = [];
    const retries = limitProblem(v.maximum_retry_attempts, "maximum_retry_attempts", "retries until the record expires, and the shard waits behind it");
    if (retries !== undefined) problems.push(retries);
    const age = limitProblem(v.maximum_record_age_in_seconds, "maximum_record_age_in_seconds", "a failing record is retried for as long as the stream keeps it");
    if (age !== undefined) problems.push(age);
    const bisect = readFlag(v.bisect_batch_on_function_error, "bisect_batch_on_function_error", false);
    if (!bisect.ok) problems.push(bisect.detail);
    else if (!bisect.value) problems.push("bisect_batch_on_function_error is not true: one bad record fails its whole batch on every retry; set it to true");
    if (!hasText(block(block(v.destination_config)?.on_failure)?.destination_arn)) {
      problems.push("destination_config.on_failure.destination_arn is not set: records that run out of retries are dropped; send them to an SQS queue or SNS topic");
    }
    return problems.length === 0 ? pass() : fail(`${source.label}: ${problems.join("; ")}`);
  },
};
