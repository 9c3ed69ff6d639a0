import { fail, notApplicable, pass, Rule } from "../../types";
import { eventSourceOf } from "./lambda-event-source-mapping-bounded";

/**
 * An event source mapping that reads a DynamoDB or Kinesis stream or an SQS queue lists
 * `ReportBatchItemFailures` in `function_response_types`, so the function can return the records
 * that failed and Lambda retries only those. A warning: it needs the function's code to answer
 * with `batchItemFailures`, which the pack cannot see.
 */
export const lambdaEventSourceMappingItemFailures: Rule = {
  id: "lambda-event-source-mapping-item-failures",
  level: "warning",
  resourceTypes: ["aws_lambda_event_source_mapping"],
  attributes: ["function_response_types"],
  summary: "Lambda event source mapping that retries a whole batch for one failed record",
  why: "Without partial batch responses one failing record makes Lambda retry the whole batch: the records that succeeded are processed again (twice-sent emails, double counts) and the batch may end in the failure destination whole; with ReportBatchItemFailures the function names the failed records and only those are retried.",
  check(mapping, context) {
    const source = eventSourceOf(mapping, context);
    if (source === undefined) return notApplicable("the source is not a DynamoDB stream, a Kinesis stream or an SQS queue");
    const types = mapping.values.function_response_types;
    if (Array.isArray(types) && types.includes("ReportBatchItemFailures")) return pass();
    return fail(
      `${source.label}: function_response_types does not include "ReportBatchItemFailures": set function_response_types = ["ReportBatchItemFailures"] and return batchItemFailures from the function`,
    );
  },
};
