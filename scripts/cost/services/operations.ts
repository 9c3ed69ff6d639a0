/** Prices of operations: log groups, alarms, dashboards, KMS keys, SSM parameters, budgets. */
import { block, blocks, stringOf } from "../../../inspect";
import { ASSUMPTIONS, HOURS_PER_MONTH } from "../assumptions";
import { address, Component, Context, Line, PriceRule } from "../context";
import { formatQuantity } from "../format";

/** One line for all log groups: their ingest (usage.logIngestGiBPerMonth) and what their retention keeps. */
export function logGroupsLine(ctx: Context): Line | undefined {
  const groups = ctx.of("aws_cloudwatch_log_group");
  if (groups.length === 0) return undefined;
  const months = groups.map(([, g]) => {
    const days = typeof g.retention_in_days === "number" ? g.retention_in_days : 0;
    return days > 0 ? days / (365 / 12) : ASSUMPTIONS.unexpiringLogRetentionMonths;
  });
  const averageMonths = months.reduce((a, b) => a + b, 0) / months.length;
  const ingest = ctx.usage.logIngestGiBPerMonth;
  return ctx.line(`${groups.length} log groups`, "aws_cloudwatch_log_group", `CloudWatch Logs: usage.logIngestGiBPerMonth, kept ${formatQuantity(averageMonths)} months on average (retention)`, [
    { key: "logs-ingest-gb", quantity: ingest, what: "GB ingested" },
    { key: "logs-storage-gb-month", quantity: ingest * averageMonths, what: "GB-month stored" },
  ]);
}

/** One line for all metric alarms: one metric each, or each metric of a metric-math alarm. */
export function alarmsLine(ctx: Context): Line | undefined {
  const alarms = ctx.of("aws_cloudwatch_metric_alarm");
  if (alarms.length === 0) return undefined;
  let standard = 0;
  let high = 0;
  for (const [, alarm] of alarms) {
    const queries = blocks(alarm.metric_query);
    const metrics = queries.length > 0 ? queries.filter((q) => q.metric !== undefined).length : 1;
    const periods = queries.length > 0 ? queries.map((q) => block(q.metric)?.period) : [alarm.period];
    if (periods.some((p) => typeof p === "number" && p < 60)) high += metrics;
    else standard += metrics;
  }
  const components: Component[] = [{ key: "cloudwatch-alarm-metric-month", quantity: standard, what: "standard alarm metrics" }];
  if (high > 0) components.push({ key: "cloudwatch-high-resolution-alarm-metric-month", quantity: high, what: "high-resolution alarm metrics" });
  return ctx.line(`${alarms.length} metric alarms`, "aws_cloudwatch_metric_alarm", "CloudWatch alarms", components);
}

export const OPERATIONS_RULES: Readonly<Record<string, PriceRule>> = {
  aws_kms_key: (ctx, name) => [
    ctx.line(address("aws_kms_key", name), "aws_kms_key", "KMS customer managed key (its first year; each yearly rotation adds $1 a month, twice at most)", [
      { key: "kms-key-month", quantity: 1, what: "key-month" },
    ]),
  ],

  aws_cloudwatch_dashboard: (ctx, name) => [
    ctx.line(address("aws_cloudwatch_dashboard", name), "aws_cloudwatch_dashboard", "CloudWatch dashboard", [
      { key: "cloudwatch-dashboard-month", quantity: 1, what: "dashboard-month" },
    ]),
  ],

  aws_ssm_parameter: (ctx, name, parameter) => {
    const at = address("aws_ssm_parameter", name);
    if (parameter.tier === "Advanced" || parameter.tier === "Intelligent-Tiering") {
      return [ctx.notPriced(at, "aws_ssm_parameter", `SSM parameter, ${stringOf(parameter.tier)} tier: not priced (standard parameters are free)`)];
    }
    return [ctx.free(at, "aws_ssm_parameter", "SSM parameter, standard tier: free")];
  },

  // A budget's notifications cost nothing: the AWS Price List bills budget-days at $0.00; only
  // action-enabled budgets (an aws_budgets_budget_action, which no module creates) and budget
  // reports are charged. See budgets-budget-day in prices.json.
  aws_budgets_budget: (ctx, name) => [
    ctx.line(address("aws_budgets_budget", name), "aws_budgets_budget", "AWS Budgets budget with alerts, no actions", [
      { key: "budgets-budget-day", quantity: HOURS_PER_MONTH / 24, what: "budget-days" },
    ]),
  ],
};
