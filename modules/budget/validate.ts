import { Construct } from "constructs";
import { isUnresolved, PropProblem, propProblems, PropsValidator } from "../shared/errors";
import { TAG_CHARACTERS } from "../shared/tags";
import type { CostTag, MonthlyBudgetProps } from "./props";

/** The longest budget name AWS Budgets takes. */
export const MAX_BUDGET_NAME_LENGTH = 100;
/** The largest `limitUsd` taken: a budget for a short-lived environment, not for an account. */
export const MAX_LIMIT_USD = 10000;
/** Email subscribers a budget notification takes (AWS Budgets: up to 10 emails and one SNS topic). */
export const MAX_ALERT_EMAILS = 10;
/** The ACTUAL alert's threshold when `actualPercent` is not given. */
export const DEFAULT_ACTUAL_PERCENT = 80;
/** The FORECASTED alert's threshold when `forecastPercent` is not given. */
export const DEFAULT_FORECAST_PERCENT = 100;
/** The highest threshold taken, in percent of the limit. */
export const MAX_THRESHOLD_PERCENT = 1000;

/** A standard SNS topic: FIFO topics (`.fifo`) need a message group id, which Budgets does not send. */
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/**
 * The cost filter value AWS Budgets' `TagKeyValue` takes for a user-defined tag:
 * `user:<key>$<value>` (`user:Environment$pv-pr-123`).
 */
export function tagKeyValueFilter(tag: CostTag): string {
  return `user:${tag.key}$${tag.value}`;
}

/** The checked props, with defaults filled in. */
export interface BudgetSettings {
  /** `limitUsd` with two decimals, as the API takes it (`"25.00"`). */
  readonly limitAmount: string;
  readonly alertEmails: readonly string[];
  readonly actualPercent: number;
  readonly forecastPercent: number;
  /** {@link tagKeyValueFilter} of the tag. */
  readonly costFilterValue: string;
}

/**
 * Every problem with a `MonthlyBudget`'s props, found before anything is built (none when they
 * hold): what the constructor would refuse.
 */
export function monthlyBudgetPropProblems(props: MonthlyBudgetProps): readonly PropProblem[] {
  return propProblems(() => validate(undefined, props));
}

/** AWS Budgets' rule for a name: no `:` or `\`, no `/action/`, no script tags. */
function isBudgetName(name: string): boolean {
  return (
    typeof name === "string" &&
    name.length >= 1 &&
    name.length <= MAX_BUDGET_NAME_LENGTH &&
    !/[:\\]/.test(name) &&
    !name.includes("/action/") &&
    !/<script>.*<\/script>/i.test(name)
  );
}

const isWholeCents = (usd: number) => Math.abs(usd * 100 - Math.round(usd * 100)) < 1e-6;

export function validate(scope: Construct | undefined, props: MonthlyBudgetProps): BudgetSettings {
  const v = new PropsValidator(scope, "MonthlyBudget");
  // The limit is formatted at synth; a reference would format as a placeholder number.
  v.requireLiterals(props, ["limitUsd"]);

  v.check(
    isBudgetName(props.name),
    "name",
    `must be 1 to ${MAX_BUDGET_NAME_LENGTH} characters without ":" or "\\" and without "/action/" (AWS Budgets' rule for a budget name; e.g. "acme-pv-pr-123")`,
    props.name,
  );

  const limit = props.limitUsd;
  v.check(
    typeof limit === "number" && Number.isFinite(limit) && limit > 0 && limit <= MAX_LIMIT_USD && isWholeCents(limit),
    "limitUsd",
    `must be an amount of US dollars above 0 and at most ${MAX_LIMIT_USD}, in whole cents (e.g. 25 or 12.5)`,
    limit,
  );

  // Subscribers: emails, a topic, or both; never none.
  const emails = props.alertEmails ?? [];
  if (props.alertEmails === undefined && props.alertTopicArn === undefined) {
    v.fail("alertEmails", "or alertTopicArn is required: a budget without subscribers alerts no one; give 1 to 10 email addresses, an SNS topic ARN, or both", undefined);
  }
  if (props.alertEmails !== undefined && !isUnresolved(props.alertEmails)) {
    v.check(
      emails.length >= 1 && emails.length <= MAX_ALERT_EMAILS,
      "alertEmails",
      `must hold 1 to ${MAX_ALERT_EMAILS} addresses (AWS Budgets takes at most ${MAX_ALERT_EMAILS} email subscribers per alert)${props.alertTopicArn === undefined ? "" : "; leave it out to alert the topic only"}`,
      emails,
    );
    v.checkEmails("alertEmails", emails);
    const literal = emails.filter((e) => !isUnresolved(e));
    v.check(new Set(literal).size === literal.length, "alertEmails", "must list each address once", emails);
  }
  if (props.alertTopicArn !== undefined) {
    v.check(
      SNS_TOPIC_ARN.test(props.alertTopicArn),
      "alertTopicArn",
      "must be the ARN of a standard SNS topic in the budget's account (arn:aws:sns:<region>:<account>:<name>; a FIFO topic cannot take Budgets' messages)",
      props.alertTopicArn,
    );
  }

  // The cost filter: a user-defined cost allocation tag.
  const tag = props.tag;
  if (tag === undefined || typeof tag !== "object") {
    v.fail("tag", 'is required: the { key, value } of the cost allocation tag whose costs the budget counts (e.g. { key: "Environment", value: "pv-pr-123" })', tag);
  } else {
    v.check(
      typeof tag.key === "string" && tag.key.length >= 1 && tag.key.length <= 128 && TAG_CHARACTERS.test(tag.key) && !tag.key.toLowerCase().startsWith("aws:"),
      "tag.key",
      'must be a tag key of 1 to 128 letters, digits, spaces and _ . : / = + - @, not starting with "aws:" (AWS\'s own tags), e.g. "Environment"',
      tag.key,
    );
    v.check(
      typeof tag.value === "string" && tag.value.length >= 1 && tag.value.length <= 256 && TAG_CHARACTERS.test(tag.value),
      "tag.value",
      'must be a tag value of 1 to 256 letters, digits, spaces and _ . : / = + - @, e.g. "pv-pr-123"',
      tag.value,
    );
  }

  const actualPercent = props.actualPercent ?? DEFAULT_ACTUAL_PERCENT;
  const forecastPercent = props.forecastPercent ?? DEFAULT_FORECAST_PERCENT;
  v.checkWholeNumber("actualPercent", actualPercent, 1, MAX_THRESHOLD_PERCENT, { why: "a percentage of limitUsd" });
  v.checkWholeNumber("forecastPercent", forecastPercent, 1, MAX_THRESHOLD_PERCENT, { why: "a percentage of limitUsd" });

  v.throwIfInvalid();
  return {
    limitAmount: limit.toFixed(2),
    alertEmails: emails,
    actualPercent,
    forecastPercent,
    costFilterValue: tagKeyValueFilter(tag),
  };
}
