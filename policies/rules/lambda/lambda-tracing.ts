import { block, isExpression, unreadable } from "../../json";
import { fail, pass, Rule } from "../../types";

/**
 * A function sets `tracing_config.mode = "Active"`: Lambda samples its invocations and records
 * them in X-Ray. Missing, the block or the mode means `PassThrough`: the function traces only
 * when a caller sends a sampled trace header, which an HTTP API never does.
 */
export const lambdaTracing: Rule = {
  id: "lambda-tracing",
  checkov: "CKV_AWS_50",
  trivy: "AVD-AWS-0066",
  level: "error",
  resourceTypes: ["aws_lambda_function"],
  attributes: ["tracing_config"],
  summary: "Lambda function without X-Ray active tracing",
  why: "Without traces a slow or failing request cannot be followed from the API through the function to the database and AWS calls it made; every function of the library traces by default (lambda-function's tracing), so an error here is a setting turned off, to be suppressed with its reason where that is deliberate.",
  check(fn) {
    const config = block(fn.values.tracing_config);
    if (config === undefined) return fail('tracing_config is not set (PassThrough): set tracing_config { mode = "Active" }');
    const mode = config.mode;
    if (mode === "Active") return pass();
    if (mode === undefined || mode === null) return fail('tracing_config.mode is not set (PassThrough): set it to "Active"');
    return fail(isExpression(mode) ? unreadable("tracing_config.mode", mode) : `tracing_config.mode is ${JSON.stringify(mode)}: set it to "Active"`);
  },
};
