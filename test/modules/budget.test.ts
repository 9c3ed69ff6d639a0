import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { TerraformOutput, TerraformStack, Testing, Token } from "cdktf";
import {
  DEFAULT_ACTUAL_PERCENT,
  DEFAULT_FORECAST_PERCENT,
  MAX_LIMIT_USD,
  MonthlyBudget,
  monthlyBudgetPropProblems,
  MonthlyBudgetProps,
  tagKeyValueFilter,
} from "../../modules/budget";
import { estimateCost, unpricedResourceTypes } from "../../scripts/cost/estimate";
import type { SynthesizedStack as CostStack } from "../../scripts/cost/types";
import { testRefusedProps } from "../support/refuses-props";
import { addressOf, onlyResource, resourceCounts, synthJson, testStack } from "../support/synth";
import { NO_USAGE } from "../support/usage";

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:acme-staging-alerts";

const base: MonthlyBudgetProps = {
  name: "acme-pv-pr-123",
  limitUsd: 25,
  alertEmails: ["ops@example.com"],
  tag: { key: "Environment", value: "pv-pr-123" },
};

function build(overrides: Partial<MonthlyBudgetProps> = {}): { stack: TerraformStack; budget: MonthlyBudget } {
  const stack = testStack();
  const budget = new MonthlyBudget(stack, "Budget", { ...base, ...overrides });
  return { stack, budget };
}

interface Notification {
  notification_type: string;
  comparison_operator: string;
  threshold: number;
  threshold_type: string;
  subscriber_email_addresses?: string[];
  subscriber_sns_topic_arns?: string[];
}

const notificationsOf = (stack: TerraformStack) => onlyResource(synthJson(stack), "aws_budgets_budget").notification as Notification[];
const byType = (stack: TerraformStack, type: string) => notificationsOf(stack).find((n) => n.notification_type === type);

describe("MonthlyBudget README example", () => {
  test("builds as the README shows", () => {
    const stack = testStack();
    const budget = new MonthlyBudget(stack, "Budget", {
      name: "acme-pv-pr-123",
      limitUsd: 25,
      alertEmails: ["ops@example.com"],
      tag: { key: "Environment", value: "pv-pr-123" },
    });
    new TerraformOutput(stack, "BudgetName", { value: budget.budgetName });
    const json = synthJson(stack);
    expect(json.output?.BudgetName?.value).toBe(`\${${addressOf(json, "aws_budgets_budget", "Budget_")}.name}`);
  });
});

describe("MonthlyBudget defaults", () => {
  const { stack, budget } = build();
  const json = synthJson(stack);
  const synthesized = JSON.stringify(json);

  test("creates one budget and nothing else", () => {
    expect(resourceCounts(json)).toEqual({ aws_budgets_budget: 1 });
  });

  test("a monthly cost budget in US dollars, the limit with two decimals, named and tagged", () => {
    expect(synthesized).toHaveResourceWithProperties(BudgetsBudget, {
      name: "acme-pv-pr-123",
      budget_type: "COST",
      time_unit: "MONTHLY",
      limit_amount: "25.00",
      limit_unit: "USD",
      tags: { Name: "acme-pv-pr-123" },
    });
  });

  test("counts only the costs of the tag: TagKeyValue user:<key>$<value>", () => {
    expect(onlyResource(json, "aws_budgets_budget").cost_filter).toEqual([{ name: "TagKeyValue", values: ["user:Environment$pv-pr-123"] }]);
    expect(tagKeyValueFilter({ key: "Environment", value: "pv-pr-123" })).toBe("user:Environment$pv-pr-123");
  });

  test("one ACTUAL alert over 80% and one FORECASTED alert over 100%, both to the emails", () => {
    const notifications = notificationsOf(stack);
    expect(notifications).toHaveLength(2);
    expect(byType(stack, "ACTUAL")).toEqual({
      notification_type: "ACTUAL",
      comparison_operator: "GREATER_THAN",
      threshold: 80,
      threshold_type: "PERCENTAGE",
      subscriber_email_addresses: ["ops@example.com"],
    });
    expect(byType(stack, "FORECASTED")).toEqual({
      notification_type: "FORECASTED",
      comparison_operator: "GREATER_THAN",
      threshold: 100,
      threshold_type: "PERCENTAGE",
      subscriber_email_addresses: ["ops@example.com"],
    });
    expect([DEFAULT_ACTUAL_PERCENT, DEFAULT_FORECAST_PERCENT]).toEqual([80, 100]);
  });

  test("no action, no planned limits, no fixed period: an alert-only budget that renews every month", () => {
    const resource = onlyResource(json, "aws_budgets_budget");
    expect(resource.planned_limit).toBeUndefined();
    expect(resource.auto_adjust_data).toBeUndefined();
    expect(resource.time_period_end).toBeUndefined();
    expect(synthesized).not.toContain("aws_budgets_budget_action");
  });

  test("exposes the budget and its name", () => {
    expect(budget.budget).toBeInstanceOf(BudgetsBudget);
    // A reference to the resource's name (its value is checked in the README example's output).
    expect(Token.isUnresolved(budget.budgetName)).toBe(true);
  });

  test("the props check finds nothing in valid props", () => {
    expect(monthlyBudgetPropProblems(base)).toEqual([]);
  });
});

describe("MonthlyBudget options", () => {
  test("a limit in cents is written with two decimals", () => {
    const { stack } = build({ limitUsd: 12.5 });
    expect(onlyResource(synthJson(stack), "aws_budgets_budget").limit_amount).toBe("12.50");
    const { stack: top } = build({ limitUsd: MAX_LIMIT_USD });
    expect(onlyResource(synthJson(top), "aws_budgets_budget").limit_amount).toBe("10000.00");
  });

  test("the thresholds are the props'", () => {
    const { stack } = build({ actualPercent: 50, forecastPercent: 120 });
    expect(byType(stack, "ACTUAL")?.threshold).toBe(50);
    expect(byType(stack, "FORECASTED")?.threshold).toBe(120);
  });

  test("emails and a topic: both alerts go to both", () => {
    const { stack } = build({ alertEmails: ["ops@example.com", "dev@example.com"], alertTopicArn: TOPIC });
    for (const n of notificationsOf(stack)) {
      expect(n.subscriber_email_addresses).toEqual(["ops@example.com", "dev@example.com"]);
      expect(n.subscriber_sns_topic_arns).toEqual([TOPIC]);
    }
  });

  test("a topic alone: no email subscribers", () => {
    const { stack } = build({ alertEmails: undefined, alertTopicArn: TOPIC });
    for (const n of notificationsOf(stack)) {
      expect(n.subscriber_email_addresses).toBeUndefined();
      expect(n.subscriber_sns_topic_arns).toEqual([TOPIC]);
    }
  });

  test("a topic known only at apply (a reference) is taken", () => {
    const stack = testStack();
    const topic = new SnsTopic(stack, "Alerts", { name: "acme-staging-alerts" });
    new MonthlyBudget(stack, "Budget", { ...base, alertEmails: undefined, alertTopicArn: topic.arn });
    const json = synthJson(stack);
    const notifications = onlyResource(json, "aws_budgets_budget").notification as Notification[];
    for (const n of notifications) expect(n.subscriber_sns_topic_arns).toEqual([expect.stringMatching(/^\$\{aws_sns_topic\.Alerts\.arn\}$/)]);
    expect(monthlyBudgetPropProblems({ ...base, alertEmails: undefined, alertTopicArn: topic.arn })).toEqual([]);
  });

  test("another tag: the filter follows it", () => {
    const { stack } = build({ tag: { key: "Project", value: "acme docs" } });
    expect(onlyResource(synthJson(stack), "aws_budgets_budget").cost_filter).toEqual([{ name: "TagKeyValue", values: ["user:Project$acme docs"] }]);
  });
});

describe("MonthlyBudget in the cost estimate", () => {
  const USAGE = NO_USAGE;

  test("is priced, at $0 a budget-day (the AWS Price List's rate for a budget without actions), in every region", () => {
    const { stack } = build();
    const json = JSON.parse(Testing.synth(stack)) as CostStack;
    expect(unpricedResourceTypes(json)).toEqual([]);
    for (const region of ["us-east-1", "eu-west-1"]) {
      const estimate = estimateCost(json, USAGE, region);
      const lines = estimate.lines.filter((l) => l.type === "aws_budgets_budget");
      expect(lines).toEqual([expect.objectContaining({ status: "priced", monthly: 0 })]);
      expect(lines[0]!.description).toMatch(/^AWS Budgets budget with alerts, no actions: 30\.4\d* budget-days × \$0/);
    }
  });
});

describe("MonthlyBudget refusals", () => {
  testRefusedProps<MonthlyBudgetProps>(
    [
      ["an empty name", { name: "" }, /name must be 1 to 100 characters without ":" or "\\" and without "\/action\/"/],
      ["a name over 100 characters", { name: "a".repeat(101) }, /name must be 1 to 100 characters/],
      ["a name with a colon", { name: "acme:pv-pr-123" }, /name must be 1 to 100 characters without ":"/],
      ["a name with a backslash", { name: "acme\\pv" }, /name must be 1 to 100 characters without ":" or "\\"/],
      ["a name with /action/", { name: "acme/action/pv" }, /name .*without "\/action\/" \(AWS Budgets' rule for a budget name/],
      ["a limit of 0", { limitUsd: 0 }, /limitUsd must be an amount of US dollars above 0 and at most 10000, in whole cents \(e\.g\. 25 or 12\.5\); got 0$/],
      ["a negative limit", { limitUsd: -5 }, /limitUsd must be an amount of US dollars above 0/],
      ["a limit over 10000", { limitUsd: 10000.01 }, /limitUsd must be an amount of US dollars above 0 and at most 10000/],
      ["a limit in fractions of a cent", { limitUsd: 12.345 }, /limitUsd .*in whole cents \(e\.g\. 25 or 12\.5\); got 12\.345/],
      ["a limit that is not a number", { limitUsd: Number.NaN }, /limitUsd must be an amount of US dollars above 0 .*; got NaN/],
      [
        "no subscriber at all",
        { alertEmails: undefined, alertTopicArn: undefined },
        /alertEmails or alertTopicArn is required: a budget without subscribers alerts no one/,
      ],
      ["an empty email list", { alertEmails: [] }, /alertEmails must hold 1 to 10 addresses \(AWS Budgets takes at most 10 email subscribers per alert\); got \[\]/],
      ["an empty email list beside a topic", { alertEmails: [], alertTopicArn: TOPIC }, /alertEmails must hold 1 to 10 addresses .*; leave it out to alert the topic only/],
      ["eleven emails", { alertEmails: Array.from({ length: 11 }, (_, i) => `ops${i}@example.com`) }, /alertEmails must hold 1 to 10 addresses/],
      ["an address that is not one", { alertEmails: ["ops@example.com", "not-an-address"] }, /alertEmails\[1\] must be an email address; got "not-an-address"/],
      ["an address twice", { alertEmails: ["ops@example.com", "ops@example.com"] }, /alertEmails must list each address once/],
      ["a topic ARN that is not one", { alertTopicArn: "acme-staging-alerts" }, /alertTopicArn must be the ARN of a standard SNS topic in the budget's account/],
      ["a FIFO topic", { alertTopicArn: `${TOPIC}.fifo` }, /alertTopicArn must be the ARN of a standard SNS topic .*a FIFO topic cannot take Budgets' messages/],
      ["a queue's ARN as the topic", { alertTopicArn: "arn:aws:sqs:eu-west-1:123456789012:alerts" }, /alertTopicArn must be the ARN of a standard SNS topic/],
      ["no tag", { tag: undefined as unknown as MonthlyBudgetProps["tag"] }, /tag is required: the \{ key, value \} of the cost allocation tag/],
      ["an empty tag key", { tag: { key: "", value: "pv-pr-123" } }, /tag\.key must be a tag key of 1 to 128 letters/],
      ["an aws: tag key", { tag: { key: "aws:createdBy", value: "x" } }, /tag\.key .*not starting with "aws:"/],
      ["a tag key with a $", { tag: { key: "Env$", value: "pv-pr-123" } }, /tag\.key must be a tag key of 1 to 128 letters, digits, spaces and _ \. : \/ = \+ - @/],
      ["a tag key over 128 characters", { tag: { key: "k".repeat(129), value: "v" } }, /tag\.key must be a tag key of 1 to 128/],
      ["an empty tag value", { tag: { key: "Environment", value: "" } }, /tag\.value must be a tag value of 1 to 256 letters/],
      ["a tag value over 256 characters", { tag: { key: "Environment", value: "v".repeat(257) } }, /tag\.value must be a tag value of 1 to 256/],
      ["a tag value with a character AWS refuses", { tag: { key: "Environment", value: "pv-pr-123!" } }, /tag\.value must be a tag value .*; got "pv-pr-123!"/],
      ["an actual threshold of 0", { actualPercent: 0 }, /actualPercent must be a whole number from 1 to 1000 \(a percentage of limitUsd\); got 0/],
      ["a fractional forecast threshold", { forecastPercent: 99.5 }, /forecastPercent must be a whole number from 1 to 1000/],
      ["a forecast threshold over 1000", { forecastPercent: 1001 }, /forecastPercent must be a whole number from 1 to 1000/],
    ],
    {
      build: (overrides) => build(overrides),
      check: (overrides) => monthlyBudgetPropProblems({ ...base, ...overrides }),
    },
  );

  test("every problem is reported in one run", () => {
    const problems = monthlyBudgetPropProblems({ name: "a:b", limitUsd: 0, alertEmails: [], tag: { key: "", value: "" }, actualPercent: 0 });
    expect(problems.map((p) => p.prop).sort()).toEqual(["actualPercent", "alertEmails", "limitUsd", "name", "tag.key", "tag.value"]);
  });

  test("a limit known only at apply is refused: it is formatted at synth", () => {
    const stack = testStack();
    const topic = new SnsTopic(stack, "Alerts", { name: "acme-staging-alerts" });
    // A number token, as a reference to another resource's numeric attribute would be.
    const limit = topic.getNumberAttribute("delivery_policy");
    expect(() => new MonthlyBudget(stack, "Budget", { ...base, limitUsd: limit })).toThrow(/limitUsd must be a literal value known at synth/);
  });
});
