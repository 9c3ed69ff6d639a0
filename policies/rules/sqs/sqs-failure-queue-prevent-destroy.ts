import { block, isTrue } from "../../json";
import { fail, notApplicable, pass, Rule } from "../../types";
import { failureSourcesOf } from "./_shared";

/**
 * In a protected environment, a queue that receives failed work (a function's on-failure
 * destination or dead-letter queue, an event source mapping's on-failure destination, another
 * queue's or a subscription's redrive target) sets `lifecycle.prevent_destroy`. Other queues are
 * not applicable: the messages of a work queue are in flight, and replacing the queue is routine.
 * data-prevent-destroy stays by type and does not cover queues for that reason.
 */
export const sqsFailureQueuePreventDestroy: Rule = {
  id: "sqs-failure-queue-prevent-destroy",
  level: "error",
  resourceTypes: ["aws_sqs_queue"],
  protectedOnly: true,
  summary: "Failure queue that Terraform may destroy with the failed events in it",
  why: "A failure queue holds the only copy of the events that could not be processed; a rename, a replacement or a mistaken destroy deletes them with the queue, and prevent_destroy makes Terraform stop the plan instead.",
  check(queue, context) {
    const sources = failureSourcesOf(queue, context);
    if (sources.length === 0) return notApplicable("the queue receives no failed events");
    const preventDestroy = block(queue.values.lifecycle)?.prevent_destroy;
    if (isTrue(preventDestroy)) return pass();
    const setting = preventDestroy === undefined ? "lifecycle.prevent_destroy not set" : `lifecycle.prevent_destroy is ${JSON.stringify(preventDestroy)}`;
    return fail(`${setting}; the queue receives the failures of ${sources.join(", ")}`);
  },
};
