import { block } from "../../json";
import { Rule, verdictOf } from "../../types";

const LIMITS = ["throttling_burst_limit", "throttling_rate_limit"] as const;

/** Why a throttling limit is not usable, or undefined when it is set (a reference counts as set). */
function limitProblem(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === "") return `default_route_settings.${name} is not set`;
  const number = typeof value === "number" ? value : typeof value === "string" && /^\s*-?[\d.]+\s*$/.test(value) ? Number(value) : undefined;
  return number !== undefined && !(number > 0) ? `default_route_settings.${name} is ${String(value)}` : undefined;
}

/**
 * A stage sets `default_route_settings.throttling_burst_limit` and `throttling_rate_limit`, both
 * above 0. Unset, the stage only has the account-wide limit (10,000 requests per second shared by
 * every API of the account and region).
 */
export const apigwThrottling: Rule = {
  id: "apigw-throttling",
  level: "error",
  resourceTypes: ["aws_apigatewayv2_stage"],
  summary: "API Gateway stage without default throttling limits",
  why: "Without stage limits one client can send traffic up to the account-wide quota: it runs up the bill of everything behind the API and starves the account's other APIs.",
  check(stage) {
    const settings = block(stage.values.default_route_settings);
    return verdictOf(settings === undefined ? ["default_route_settings is not set"] : LIMITS.flatMap((name) => limitProblem(settings[name], name) ?? []));
  },
};
