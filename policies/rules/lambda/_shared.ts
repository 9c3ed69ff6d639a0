import type { PolicyContext, PolicySubject } from "../../types";

/**
 * The function a `function_name` (of an alias, an event invoke config, a permission, a recursion
 * config) names: a reference to the function (`${aws_lambda_function.F.function_name}`, `.arn`),
 * a reference to one of its aliases (`${aws_lambda_alias.A.arn}`), or the function's literal name.
 * Undefined when it names no function of the stack.
 */
export function functionNamed(value: unknown, context: PolicyContext): PolicySubject | undefined {
  const target = context.resolve(value);
  if (target?.type === "aws_lambda_function") return target;
  if (target?.type === "aws_lambda_alias") {
    const aliased = context.resolve(target.values.function_name);
    return aliased?.type === "aws_lambda_function" ? aliased : functionByName(literalText(target.values.function_name), context);
  }
  return target === undefined ? functionByName(literalText(value), context) : undefined;
}

/** A string known at synth (no Terraform expression in it). */
export function literalText(value: unknown): string | undefined {
  return typeof value === "string" && !value.includes("${") ? value : undefined;
}

/** The function of the stack whose literal `function_name` is `name` (an ARN's last part counts). */
function functionByName(name: string | undefined, context: PolicyContext): PolicySubject | undefined {
  if (name === undefined || name === "") return undefined;
  const bare = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(name)?.[1] ?? name;
  return context.ofType("aws_lambda_function").find((f) => literalText(f.values.function_name) === bare);
}

/** The resources of `type` whose `function_name` names the function (see {@link functionNamed}). */
export function settingsOfFunction(type: string, fn: PolicySubject, context: PolicyContext): readonly PolicySubject[] {
  return context.ofType(type).filter((s) => functionNamed(s.values.function_name, context) === fn);
}
