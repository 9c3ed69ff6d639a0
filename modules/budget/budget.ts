import { BudgetsBudget, BudgetsBudgetNotification } from "@cdktf/provider-aws/lib/budgets-budget";
import { Construct } from "constructs";
import type { MonthlyBudgetProps } from "./props";
import { validate } from "./validate";

/**
 * A monthly AWS Budgets cost budget over the costs of one cost allocation tag, in US dollars,
 * with two alerts to the same subscribers: actual cost over `actualPercent` of the limit, and
 * forecast cost over `forecastPercent`. It alerts only: nothing stops the spending.
 */
export class MonthlyBudget extends Construct {
  /** The `aws_budgets_budget`. */
  readonly budget: BudgetsBudget;
  /** The budget's name (a reference to the resource's `name`). */
  readonly budgetName: string;

  constructor(scope: Construct, id: string, props: MonthlyBudgetProps) {
    super(scope, id);
    const s = validate(this, props);

    const subscribers = {
      subscriberEmailAddresses: s.alertEmails.length > 0 ? [...s.alertEmails] : undefined,
      subscriberSnsTopicArns: props.alertTopicArn === undefined ? undefined : [props.alertTopicArn],
    };
    const alert = (notificationType: "ACTUAL" | "FORECASTED", threshold: number): BudgetsBudgetNotification => ({
      notificationType,
      comparisonOperator: "GREATER_THAN",
      threshold,
      thresholdType: "PERCENTAGE",
      ...subscribers,
    });

    this.budget = new BudgetsBudget(this, "Budget", {
      name: props.name,
      budgetType: "COST",
      timeUnit: "MONTHLY",
      limitAmount: s.limitAmount,
      limitUnit: "USD",
      costFilter: [{ name: "TagKeyValue", values: [s.costFilterValue] }],
      notification: [alert("ACTUAL", s.actualPercent), alert("FORECASTED", s.forecastPercent)],
      tags: { Name: props.name },
    });
    this.budgetName = this.budget.name;
  }
}
