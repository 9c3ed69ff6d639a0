import { block, hasText } from "../../json";
import { fail, Rule, verdictOf } from "../../types";
import { settingsOfFunction } from "./_shared";

const isSet = (value: unknown): boolean => typeof value === "number" || hasText(value);

/**
 * Every function has an `aws_lambda_function_event_invoke_config` (on the function or one of its
 * aliases or versions) that sends failed asynchronous events to a destination
 * (`destination_config.on_failure.destination`, an SQS queue, SNS topic, bus or function) and
 * sets `maximum_retry_attempts` and `maximum_event_age_in_seconds`. Each config of the function
 * is judged. A legacy `dead_letter_config` does not count: it sets neither limit.
 */
export const lambdaAsyncFailureDestination: Rule = {
  id: "lambda-async-failure-destination",
  level: "error",
  resourceTypes: ["aws_lambda_function"],
  summary: "Lambda function whose failed asynchronous events are dropped",
  why: "Without an on-failure destination, an event from S3, SNS, EventBridge or an asynchronous invoke that still fails after AWS's defaults (2 retries, kept up to 6 hours) is discarded, and nothing records what was lost; explicit limits say how long a failing event may be retried.",
  check(fn, context) {
    const configs = settingsOfFunction("aws_lambda_function_event_invoke_config", fn, context);
    if (configs.length === 0) {
      return fail("no aws_lambda_function_event_invoke_config: failed asynchronous events get AWS's defaults (2 retries, 6 hours) and are then dropped");
    }
    return verdictOf(
      configs.flatMap((config) => {
        const problems: string[] = [];
        const destination = block(block(config.values.destination_config)?.on_failure)?.destination;
        if (!hasText(destination)) problems.push(`${config.address} has no destination_config.on_failure.destination`);
        if (!isSet(config.values.maximum_retry_attempts)) problems.push(`${config.address} does not set maximum_retry_attempts (AWS's default: 2)`);
        if (!isSet(config.values.maximum_event_age_in_seconds)) problems.push(`${config.address} does not set maximum_event_age_in_seconds (AWS's default: 21600, 6 hours)`);
        return problems;
      }),
    );
  },
};
