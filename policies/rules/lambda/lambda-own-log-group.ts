import { block, isExpression } from "../../json";
import { fail, pass, PolicyContext, PolicySubject, Rule } from "../../types";
import { literalText } from "./_shared";

/** The stack's log group a function's `logging_config.log_group` names, and whether it names it by reference. */
function logGroupOf(value: unknown, context: PolicyContext): { group: PolicySubject; byReference: boolean } | undefined {
  const target = context.resolve(value);
  if (target?.type === "aws_cloudwatch_log_group") return { group: target, byReference: true };
  const name = literalText(value);
  if (name === undefined) return undefined;
  const group = context.ofType("aws_cloudwatch_log_group").find((g) => literalText(g.values.name) === name);
  return group === undefined ? undefined : { group, byReference: false };
}

/** True when the function's `depends_on` lists the group (`aws_cloudwatch_log_group.G`, or `${aws_cloudwatch_log_group.G}`). */
function dependsOn(fn: PolicySubject, group: PolicySubject): boolean {
  const listed = Array.isArray(fn.values.depends_on) ? (fn.values.depends_on as unknown[]) : [];
  return listed.some((d) => typeof d === "string" && d.replace(/^\$\{(.*)\}$/, "$1").trim() === group.address);
}

/**
 * A function writes to a log group the stack creates (so logs-retention judges its retention),
 * in the JSON log format, and Terraform creates that group before the function: Lambda creates
 * `/aws/lambda/<name>` itself, with no retention, for a function without `logging_config`, and for
 * one whose group does not exist yet when it first runs. `logging_config.log_group` must refer to
 * an `aws_cloudwatch_log_group` of the stack (`${aws_cloudwatch_log_group.G.name}`: the reference
 * is itself the dependency Terraform orders by) or be the literal name of one, and then the
 * function's `depends_on` must list the group, since a literal name makes no dependency.
 */
export const lambdaOwnLogGroup: Rule = {
  id: "lambda-own-log-group",
  level: "error",
  resourceTypes: ["aws_lambda_function"],
  summary: "Lambda function not logging in JSON to a log group the stack creates first",
  why: "A group Lambda creates for itself keeps its logs forever (nothing in the stack sets its retention, and destroying the stack leaves it behind); JSON logs are what CloudWatch Logs Insights and metric filters read field by field.",
  check(fn, context) {
    const config = block(fn.values.logging_config);
    if (config === undefined) return fail("logging_config is not set: Lambda writes to /aws/lambda/<function name>, a group it creates itself, with no retention");
    const problems: string[] = [];
    const format = config.log_format;
    if (format !== "JSON") {
      problems.push(format === undefined ? "logging_config.log_format is not set (Text)" : `logging_config.log_format is ${isExpression(format) ? "an expression the pack cannot read" : JSON.stringify(format)}; use JSON`);
    }
    const value = config.log_group;
    if (value === undefined || value === null || value === "") {
      problems.push("logging_config.log_group is not set: Lambda writes to /aws/lambda/<function name>, a group it creates itself, with no retention");
    } else {
      const found = logGroupOf(value, context);
      if (found === undefined) problems.push(`logging_config.log_group ${JSON.stringify(value)} is not a log group this stack creates`);
      else if (!found.byReference && !dependsOn(fn, found.group)) {
        problems.push(`logging_config.log_group names ${found.group.address} by its literal name and depends_on does not list it: Terraform may create the function first`);
      }
    }
    return problems.length === 0 ? pass() : fail(problems.join("; "));
  },
};
