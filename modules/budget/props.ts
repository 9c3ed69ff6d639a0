/**
 * A cost allocation tag the budget counts the costs of: only resources carrying `key` = `value`
 * are in the budget (AWS Budgets' `TagKeyValue` filter, `user:<key>$<value>`).
 */
export interface CostTag {
  /**
   * The tag's key, e.g. `Environment`: 1 to 128 letters, digits, spaces and `_ . : / = + - @`,
   * not starting with `aws:`. It must be activated as a cost allocation tag in the Billing
   * console once per account (payer account in an organization): until then the budget counts
   * nothing and never alerts.
   */
  readonly key: string;
  /** The tag's value, e.g. `pv-pr-123`: 1 to 256 letters, digits, spaces and `_ . : / = + - @`. */
  readonly value: string;
}

export interface MonthlyBudgetProps {
  /**
   * The budget's name, unique in the account, e.g. `acme-pv-pr-123`: 1 to 100 characters, no `:`
   * or `\`, no `/action/` (AWS Budgets' rule). AWS also screens names for content: one holding a
   * phone number, URL or email address may be refused at apply. Changing it replaces the budget.
   */
  readonly name: string;

  /**
   * The monthly limit in US dollars, above 0 and at most 10000 (`MAX_LIMIT_USD`), in whole cents
   * (`25`, `12.5`). The alert thresholds are percentages of it.
   */
  readonly limitUsd: number;

  /**
   * Who gets the alerts by email: 1 to 10 addresses (AWS Budgets' limit per notification), each
   * once. At least one of `alertEmails` and `alertTopicArn` is required.
   * @default - no email subscribers (then `alertTopicArn` is required)
   */
  readonly alertEmails?: readonly string[];

  /**
   * A standard SNS topic that gets the alerts too, in the budget's account (AWS Budgets publishes
   * to no other account's topic). Its topic policy must let `budgets.amazonaws.com` publish
   * (`SNS:Publish`, conditioned on `aws:SourceAccount` and `aws:SourceArn`
   * `arn:aws:budgets::<account>:*`), and, if the topic is encrypted, its KMS key policy must let
   * that service use the key. At least one of `alertEmails` and `alertTopicArn` is required.
   * @default - no SNS subscriber (then `alertEmails` is required)
   */
  readonly alertTopicArn?: string;

  /**
   * The tag whose costs the budget counts. Preview environments pass
   * `{ key: "Environment", value: "pv-<slug>" }`: the provider's `default_tags` put it on every
   * resource of the preview.
   */
  readonly tag: CostTag;

  /**
   * The ACTUAL alert: when the month's actual cost goes over this percentage of `limitUsd`, a
   * whole number from 1 to 1000.
   * @default 80
   */
  readonly actualPercent?: number;

  /**
   * The FORECASTED alert: when AWS's forecast of the month's cost goes over this percentage of
   * `limitUsd`, a whole number from 1 to 1000. A forecast needs some history of the tag's costs, so
   * this alert may stay silent for a budget that is days old: the ACTUAL alert is the one to rely on.
   * @default 100
   */
  readonly forecastPercent?: number;
}
