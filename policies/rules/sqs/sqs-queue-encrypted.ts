import { hasText, readFlag } from "../../json";
import { fail, pass, Rule } from "../../types";

/**
 * A queue sets `sqs_managed_sse_enabled` to true (SSE-SQS, keys owned by SQS) or a
 * `kms_master_key_id` (SSE-KMS). A queue that sets neither gets whatever the account's default
 * is when it is created: the pack does not count on it.
 */
export const sqsQueueEncrypted: Rule = {
  id: "sqs-queue-encrypted",
  checkov: "CKV_AWS_27",
  trivy: "AVD-AWS-0096",
  level: "error",
  resourceTypes: ["aws_sqs_queue"],
  summary: "SQS queue without server-side encryption",
  why: "Messages (a failure queue holds whole events: requests, user data) wait in the queue for up to 14 days; server-side encryption keeps them encrypted at rest, at no cost with SSE-SQS.",
  check(queue) {
    if (hasText(queue.values.kms_master_key_id)) return pass();
    const managed = readFlag(queue.values.sqs_managed_sse_enabled, "sqs_managed_sse_enabled", false);
    if (!managed.ok) return fail(managed.detail);
    if (managed.value) return pass();
    return fail(
      queue.values.sqs_managed_sse_enabled === undefined
        ? "neither sqs_managed_sse_enabled nor kms_master_key_id is set: the queue gets the account's default at creation; set sqs_managed_sse_enabled = true"
        : "sqs_managed_sse_enabled is false and no kms_master_key_id is set",
    );
  },
};
