export * from "./budget";
export * from "./props";
export {
  DEFAULT_ACTUAL_PERCENT,
  DEFAULT_FORECAST_PERCENT,
  MAX_ALERT_EMAILS,
  MAX_BUDGET_NAME_LENGTH,
  MAX_LIMIT_USD,
  MAX_THRESHOLD_PERCENT,
  monthlyBudgetPropProblems,
  tagKeyValueFilter,
} from "./validate";
