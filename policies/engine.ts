import { TerraformStack } from "cdktf";
import { contextOf, stackNameOf, StackJson, subjectsOf } from "./context";
import { ALL_RULES } from "./rules";
import { PolicyError, reasonProblem } from "./suppress";
import type { PolicySubject, Rule } from "./types";

/** The outcome of one rule on one subject, after suppressions. */
export interface RuleResult {
  readonly rule: Rule;
  readonly subject: PolicySubject;
  readonly status: "pass" | "fail" | "suppressed" | "not-applicable";
  /** For a failure, what is wrong; for a suppression, what would have failed. */
  readonly detail?: string;
  /** The suppression's reason. */
  readonly reason?: string;
}

/** A suppression naming a rule the pack does not have: an error, since it silences nothing. */
export interface UnknownSuppression {
  readonly subject: PolicySubject;
  readonly id: string;
}

/** A suppression found in the JSON without a real reason, or malformed: an error. */
export interface InvalidSuppression {
  readonly subject: PolicySubject;
  readonly problem: string;
}

/** Every suppression recorded in the stack, and whether it silenced a failure. */
export interface RecordedSuppression {
  readonly subject: PolicySubject;
  readonly id: string;
  readonly reason: string;
  /** False when the rule passed, did not apply, or did not run on the resource. */
  readonly used: boolean;
}

/** Every rule's results on one stack. */
export interface PolicyReport {
  readonly stack: string;
  readonly protected: boolean;
  readonly rules: readonly Rule[];
  readonly results: readonly RuleResult[];
  readonly unknownSuppressions: readonly UnknownSuppression[];
  readonly invalidSuppressions: readonly InvalidSuppression[];
  readonly suppressions: readonly RecordedSuppression[];
}

export interface EvaluateOptions {
  /** Whether the data-loss guards and production-only rules apply. */
  readonly protected: boolean;
  /** @default ALL_RULES */
  readonly rules?: readonly Rule[];
  /**
   * The permissions boundary every IAM role of the stack must carry.
   * @default - the one `applyPolicyPack` recorded in the JSON, if any
   */
  readonly permissionsBoundaryArn?: string;
}

/** Runs the rules over a synthesized stack. Pure: reads the JSON, changes nothing. */
export function evaluate(json: StackJson, options: EvaluateOptions): PolicyReport {
  const rules = options.rules ?? ALL_RULES;
  const subjects = subjectsOf(json);
  const context = contextOf(subjects, options.protected, options.permissionsBoundaryArn ?? json["//"]?.policy_pack?.permissions_boundary);
  const results: RuleResult[] = [];
  for (const rule of rules) {
    for (const subject of subjects) {
      if (!rule.resourceTypes.includes(subject.type)) continue;
      if (rule.protectedOnly === true && !options.protected) {
        results.push({ rule, subject, status: "not-applicable", detail: "only in protected environments" });
        continue;
      }
      let verdict;
      try {
        verdict = rule.check(subject, context);
      } catch (e) {
        verdict = { status: "fail" as const, detail: `the rule could not read the resource: ${(e as Error).message}` };
      }
      if (verdict.status !== "fail") {
        results.push(verdict.status === "pass" ? { rule, subject, status: "pass" } : { rule, subject, status: "not-applicable", detail: verdict.detail });
        continue;
      }
      const suppression = subject.suppressions.find((s) => s.id === rule.id && reasonProblem(s.reason) === undefined);
      results.push(
        suppression === undefined
          ? { rule, subject, status: "fail", detail: verdict.detail }
          : { rule, subject, status: "suppressed", detail: verdict.detail, reason: suppression.reason },
      );
    }
  }
  const known = new Set([...ALL_RULES, ...rules].map((r) => r.id));
  const unknownSuppressions = subjects.flatMap((subject) =>
    subject.suppressions.filter((s) => !known.has(s.id)).map((s) => ({ subject, id: s.id })),
  );
  const invalidSuppressions = subjects.flatMap((subject): InvalidSuppression[] => [
    ...(subject.suppressionProblem === undefined ? [] : [{ subject, problem: subject.suppressionProblem }]),
    ...subject.suppressions.flatMap((s) => {
      const problem = reasonProblem(s.reason);
      return problem === undefined ? [] : [{ subject, problem: `the suppression of ${s.id} ${problem}` }];
    }),
  ]);
  const suppressions = subjects.flatMap((subject) =>
    subject.suppressions.map((s) => ({
      subject,
      id: s.id,
      reason: s.reason,
      used: results.some((r) => r.subject === subject && r.rule.id === s.id && r.status === "suppressed"),
    })),
  );
  return { stack: stackNameOf(json), protected: options.protected, rules, results, unknownSuppressions, invalidSuppressions, suppressions };
}

/** The message for a failed rule: rule, resource, path, what is wrong and how to go on. */
export function failureMessage(result: RuleResult): string {
  const { rule, subject } = result;
  const keys = [...new Set((rule.attributes ?? []).flatMap((attribute) => subject.configKeys?.[attribute] ?? []))];
  const fix =
    keys.length > 0
      ? `The environment's config sets it: change ${keys.join(", ")} there, or if it is deliberate suppress the rule on the construct with its reason.`
      : `Fix the resource, or if it is deliberate call suppress(construct, [{ id: "${rule.id}", reason: "<why, in a sentence>" }]).`;
  return `policy ${rule.id} (${rule.level}): ${rule.summary}: ${subject.address} at ${subject.path}: ${result.detail ?? "failed"}. ${rule.why} ${fix}`;
}

/** Errors that fail synth: failed error-level rules and suppressions of unknown rules. */
export function errorsOf(report: PolicyReport): string[] {
  return [
    ...report.results.filter((r) => r.status === "fail" && r.rule.level === "error").map(failureMessage),
    ...report.unknownSuppressions.map(
      (u) => `policy: ${u.subject.address} at ${u.subject.path} suppresses "${u.id}", which is not a rule of the pack (see policies/README.md for the ids)`,
    ),
    ...report.invalidSuppressions.map((i) => `policy: ${i.subject.address} at ${i.subject.path}: ${i.problem}`),
  ];
}

/** Failed warning-level rules: printed, synth goes on. */
export function warningsOf(report: PolicyReport): string[] {
  return report.results.filter((r) => r.status === "fail" && r.rule.level === "warning").map(failureMessage);
}

export interface PolicyPackOptions {
  /**
   * A protected environment (production): the data-loss guards and production-only rules apply.
   */
  readonly protected: boolean;
  /**
   * The permissions boundary every IAM role of the stack must carry (an environment's stack:
   * its deploy role may create roles only with it). Recorded in the JSON for `npm run policy`.
   * @default - no boundary is required
   */
  readonly permissionsBoundaryArn?: string;
  /**
   * The rules to run.
   * @default ALL_RULES - the whole pack
   */
  readonly rules?: readonly Rule[];
  /**
   * Told each failed warning-level rule.
   * @default - printed to stderr
   */
  readonly onWarning?: (message: string) => void;
}

const lastReports = new WeakMap<TerraformStack, PolicyReport>();

/**
 * Hands the JSON the pack just checked to the `toTerraform()` call that follows validation in
 * cdktf's synthesizer, instead of resolving every token of the stack a second time: a seventh of
 * a synth. Only while that synthesizer runs, and only when the pack passed: the reused JSON is
 * dropped when the synthesizer returns or throws, so validation alone (`Testing.synth`, a
 * failed synth, `runAllValidations`) never leaves it for a later call. A test checks the written
 * JSON equals a fresh resolution.
 */
function reuseDuringSynth(stack: TerraformStack): { offer: (json: Record<string, unknown>) => void } {
  const instance = stack as unknown as { toTerraform?: () => unknown };
  const forget = () => {
    if (Object.prototype.hasOwnProperty.call(instance, "toTerraform")) delete instance.toTerraform;
  };
  let synthesizing = false;
  const synthesizer = stack.synthesizer;
  const synthesize = synthesizer.synthesize.bind(synthesizer);
  synthesizer.synthesize = (session) => {
    synthesizing = true;
    try {
      synthesize(session);
    } finally {
      synthesizing = false;
      forget();
    }
  };
  return {
    offer: (json) => {
      if (!synthesizing) return;
      instance.toTerraform = () => {
        forget();
        return json;
      };
    },
  };
}

/**
 * The report of the last synth of a stack that {@link applyPolicyPack} checks, for summaries
 * (warnings counted, rules run); undefined before the stack is synthesized.
 */
export function lastPolicyReport(stack: TerraformStack): PolicyReport | undefined {
  return lastReports.get(stack);
}

/**
 * Checks a stack against the pack on every synth: failed error-level rules fail synth with a
 * `PolicyError` listing each with the resource's path and the rule's text; a failed warning is
 * printed. Records `protected` in the synthesized JSON so `npm run policy` can report from it.
 */
export function applyPolicyPack(stack: TerraformStack, options: PolicyPackOptions): void {
  stack.addOverride("//.policy_pack.protected", options.protected);
  if (options.permissionsBoundaryArn !== undefined) stack.addOverride("//.policy_pack.permissions_boundary", options.permissionsBoundaryArn);
  const onWarning = options.onWarning ?? ((message: string) => process.stderr.write(`warning: ${message}\n`));
  const reuse = reuseDuringSynth(stack);
  stack.node.addValidation({
    validate: () => {
      const json = stack.toTerraform();
      const report = evaluate(json as StackJson, {
        protected: options.protected,
        rules: options.rules,
        ...(options.permissionsBoundaryArn === undefined ? {} : { permissionsBoundaryArn: options.permissionsBoundaryArn }),
      });
      lastReports.set(stack, report);
      warningsOf(report).forEach((w) => onWarning(w));
      const errors = errorsOf(report);
      if (errors.length > 0) {
        const heading = `Policy pack: ${errors.length} error${errors.length === 1 ? "" : "s"} in stack "${report.stack}"`;
        throw new PolicyError(`${heading}:\n${errors.map((e) => `  - ${e}`).join("\n")}`);
      }
      reuse.offer(json);
      return [];
    },
  });
}
