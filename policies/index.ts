export * from "./types";
export * from "./json";
export { suppress, PolicyError, reasonProblem } from "./suppressions";
export { evaluate, applyPolicyPack, errorsOf, warningsOf, failureMessage, lastPolicyReport } from "./engine";
export type { RuleResult, PolicyReport, PolicyPackOptions, EvaluateOptions, UnknownSuppression, InvalidSuppression, RecordedSuppression } from "./engine";
export type { StackJson, PolicyPackMetadata } from "./context";
export { ALL_RULES, ruleById } from "./rules";
export { formatReport, summarize, totals } from "./report";
export type { RuleStatus, RuleSummary } from "./report";
