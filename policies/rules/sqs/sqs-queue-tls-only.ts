import { globSource, isPublicPrincipal, parseReference, Statement } from "../../json";
import { fail, pass, PolicySubject, Rule } from "../../types";
import { queuePolicies } from "./_shared";

const BOOL_OPERATORS = ["Bool", "BoolIfExists"];

/** The queue's literal name, when it has one (not `name_prefix`, not a reference). */
function literalQueueName(queue: PolicySubject): string | undefined {
  const name = queue.values.name;
  return typeof name === "string" && name !== "" && !name.includes("${") ? name : undefined;
}

/** True when a policy `Resource` covers the queue: `*`, a reference to its ARN, or an SQS ARN pattern matching its literal name. */
function coversQueue(resource: string, queue: PolicySubject): boolean {
  if (resource === "*") return true;
  const reference = parseReference(resource);
  if (reference !== undefined) return reference.address === queue.address && reference.attribute === "arn";
  const name = literalQueueName(queue);
  const arn = /^arn:aws[a-z-]*:sqs:[^:]*:[^:]*:(.+)$/.exec(resource);
  return name !== undefined && arn !== null && new RegExp(`^${globSource(arn[1]!)}$`).test(name);
}

/** A Deny to everyone of every SQS action on the queue whose only condition is `aws:SecureTransport` false. */
function deniesInsecureTransport(s: Statement, queue: PolicySubject): boolean {
  if (s.effect !== "Deny" || s.notPrincipal || !isPublicPrincipal(s)) return false;
  if (s.notActions.length > 0 || s.notResources.length > 0) return false;
  if (!s.actions.some((a) => ["*", "sqs:*"].includes(a.toLowerCase()))) return false;
  if (!s.resources.some((r) => coversQueue(r, queue))) return false;
  const entries = Object.entries(s.conditions).flatMap(([op, byKey]) => Object.entries(byKey).map(([key, values]) => ({ op, key, values })));
  return (
    entries.length > 0 &&
    entries.every((c) => BOOL_OPERATORS.includes(c.op) && c.key.toLowerCase() === "aws:securetransport" && c.values.some((v) => v.toLowerCase() === "false"))
  );
}

/**
 * The queue's policy (an `aws_sqs_queue_policy` on its URL, or its inline `policy`) denies every
 * SQS action on the queue, to everyone, when `aws:SecureTransport` is false.
 */
export const sqsQueueTlsOnly: Rule = {
  id: "sqs-queue-tls-only",
  level: "error",
  resourceTypes: ["aws_sqs_queue"],
  summary: "SQS queue whose policy does not deny requests made without TLS",
  why: "SQS answers plain HTTP on its endpoints unless the queue policy denies aws:SecureTransport false; without it messages and their signed requests can cross the network unencrypted.",
  check(queue, context) {
    const policies = queuePolicies(queue, context);
    if (!policies.ok) return fail(policies.detail);
    if (policies.value.length === 0) return fail("no queue policy (aws_sqs_queue_policy or inline policy) on the queue");
    if (policies.value.some((p) => p.statements.some((s) => deniesInsecureTransport(s, queue)))) return pass();
    return fail(
      `${policies.value.map((p) => p.what).join(", ")} has no Deny statement for principal "*" on sqs:* covering the queue, conditioned only on Bool aws:SecureTransport "false"`,
    );
  },
};
