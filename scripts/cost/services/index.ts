/** The price rules of every service family, by resource type, the rules of types priced where the stack says what a resource is for, and the lines that group a type. */
import type { Context, Line, PriceRule } from "../context";
import { API_RULES, apiDataOutLine } from "./api";
import { AUTH_RULES } from "./auth";
import { CONTAINER_RULES } from "./containers";
import { DATABASE_RULES } from "./database";
import { ConditionalRule, FUNCTION_CONDITIONAL_RULES, FUNCTION_RULES } from "./functions";
import { NETWORK_RULES } from "./network";
import { alarmsLine, logGroupsLine, OPERATIONS_RULES } from "./operations";
import { PIPELINE_RULES } from "./pipelines";
import { SITE_RULES } from "./site";
import { TABLE_RULES } from "./tables";

/** One rule per priced resource type. */
export const RULES: Readonly<Record<string, PriceRule>> = {
  ...NETWORK_RULES,
  ...CONTAINER_RULES,
  ...API_RULES,
  ...SITE_RULES,
  ...DATABASE_RULES,
  ...OPERATIONS_RULES,
  ...PIPELINE_RULES,
  ...FUNCTION_RULES,
  ...AUTH_RULES,
  ...TABLE_RULES,
};

/**
 * Types priced only where the stack says what a resource is for (an SQS queue that is a
 * function's failure queue); any other resource of the type is not priced, as a type without a rule.
 */
export const CONDITIONAL_RULES: Readonly<Record<string, ConditionalRule>> = {
  ...FUNCTION_CONDITIONAL_RULES,
};

/** Types priced as one line for all their resources, not a line each. */
export const GROUPED_TYPES: readonly string[] = ["aws_cloudwatch_log_group", "aws_cloudwatch_metric_alarm"];

/** The lines for groups: all log groups, all alarms, the API's data out. */
export function groupLines(ctx: Context): Line[] {
  return [logGroupsLine(ctx), alarmsLine(ctx), apiDataOutLine(ctx)].filter((l): l is Line => l !== undefined);
}
