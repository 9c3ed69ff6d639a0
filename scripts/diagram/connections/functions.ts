/** Connections of functions: where a function sends the events that still fail, when that is another module. */
import { block, literal } from "../../../inspect";
import { resourceName } from "../containers";
import type { StackModel } from "../stack";
import { Connection, paths } from "./connection";

/** How long an event may wait, in words: `6 hours`, `90 minutes`, `45 seconds`. */
function ageInWords(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? "" : "s"}`;
  if (seconds % 60 === 0) return `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

/**
 * A function's event invoke config whose on-failure destination (a queue, a topic, a bus, a
 * function) is in another module: the function's module sends it the events that still fail. A
 * destination in the function's own module is part of its box.
 */
export function failureConnections(model: StackModel): Connection[] {
  return model.ofType("aws_lambda_function_event_invoke_config").flatMap((config) => {
    const fn = model.target(config.values.function_name);
    const destination = model.target(block(block(config.values.destination_config)?.on_failure)?.destination);
    if (fn === undefined || destination === undefined || destination.module === fn.module) return [];
    const retries = literal(config.values.maximum_retry_attempts);
    const age = literal(config.values.maximum_event_age_in_seconds);
    const kind = destination.type.replace(/^aws_/, "").replace(/_/g, " ").replace(/^sqs queue$/, "queue").replace(/^sns topic$/, "topic");
    const after = [retries !== undefined ? `${retries} ${retries === "1" ? "retry" : "retries"}` : undefined, age !== undefined ? `up to ${ageInWords(Number(age))}` : undefined]
      .filter((t) => t !== undefined)
      .join(", ");
    return [
      {
        from: fn.module,
        to: destination.module,
        label: "sends failed events",
        technology: "Lambda destination",
        detail: `Sends the asynchronous events of function ${resourceName(fn)} that still fail${after !== "" ? ` (after ${after})` : ""} to ${kind} ${resourceName(destination)}`,
        via: "event invoke config, on-failure destination",
        evidence: paths([config]),
        order: 3,
      },
    ];
  });
}
