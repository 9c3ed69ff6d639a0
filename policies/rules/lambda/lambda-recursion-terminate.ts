import { unreadable } from "../../json";
import { fail, pass, Rule } from "../../types";

/**
 * No `aws_lambda_function_recursion_config` sets `recursive_loop` to `Allow`. A function without
 * one keeps AWS's default, `Terminate`: Lambda stops a loop (a function that writes to the queue,
 * topic or bucket that invokes it) after about 16 invocations.
 */
export const lambdaRecursionTerminate: Rule = {
  id: "lambda-recursion-terminate",
  level: "error",
  resourceTypes: ["aws_lambda_function_recursion_config"],
  summary: "Lambda recursion config lets a recursive loop run on",
  why: "With Allow, a function that triggers itself through SQS, SNS or S3 runs until someone notices: every invocation is billed, and the loop can exhaust the account's concurrency for every other function.",
  check(config) {
    const loop = config.values.recursive_loop;
    if (loop === "Terminate") return pass();
    if (loop === "Allow") return fail("recursive_loop is Allow");
    return fail(loop === undefined ? "recursive_loop is not set" : unreadable("recursive_loop", loop));
  },
};
