/**
 * The shapes the policy pack works with: a rule, the synthesized resources it reads, and the
 * verdicts it returns.
 */
import type { InspectedResource } from "../inspect";
import type { Suppression } from "./suppress";

export type { Suppression } from "./suppress";

/** `error` fails synth; `warning` is printed and synth goes on. */
export type RuleLevel = "error" | "warning";

/**
 * One thing a rule can look at: a resource of the synthesized stack as the inspection layer reads
 * it (type, name, address, construct path, values), or the stack's backend: type
 * `terraform_backend`, named after the backend kind (`s3`), at address `terraform.backend.s3`,
 * with the stack's name as its path.
 */
export interface PolicySubject extends Omit<InspectedResource, "marks"> {
  /** The config keys that set the resource's attributes, by attribute (`multi_az: "database.multiAz"`), where the stack records them. */
  readonly configKeys?: Readonly<Record<string, string>>;
  /** The suppressions recorded on the resource. */
  readonly suppressions: readonly Suppression[];
  /** Set when the recorded suppressions are not a list of `{ id, reason }` (written by hand into the JSON). */
  readonly suppressionProblem?: string;
}


/** What a rule sees besides the one subject: the whole stack, for rules about relations. */
export interface PolicyContext {
  /** Whether the environment is protected (production): the data-loss guards apply. */
  readonly protected: boolean;
  /** The permissions boundary every role of the stack must carry, when the stack is an environment's. */
  readonly permissionsBoundaryArn?: string;
  /** Every subject of the stack. */
  readonly subjects: readonly PolicySubject[];
  /** The subjects of one type. */
  ofType(type: string): readonly PolicySubject[];
  /** The subject a Terraform reference (`${aws_s3_bucket.b.id}`) points at, if it is in the stack. */
  resolve(reference: unknown): PolicySubject | undefined;
  /** The subjects of a type whose attribute (`bucket`, `vpc_id`) refers to the given subject. */
  referrers(type: string, attribute: string, target: PolicySubject): readonly PolicySubject[];
  /** Every subject, other than the target itself, whose attributes mention the target anywhere. */
  mentionsOf(target: PolicySubject): readonly PolicySubject[];
}

/** The outcome of one rule on one subject. */
export type Verdict =
  | { readonly status: "pass" }
  | { readonly status: "fail"; readonly detail: string }
  | { readonly status: "not-applicable"; readonly detail?: string };

export const pass = (): Verdict => ({ status: "pass" });
export const fail = (detail: string): Verdict => ({ status: "fail", detail });
export const notApplicable = (detail?: string): Verdict => (detail === undefined ? { status: "not-applicable" } : { status: "not-applicable", detail });

/** Pass when there are no problems, else fail listing them. */
export function verdictOf(problems: readonly string[]): Verdict {
  return problems.length === 0 ? pass() : fail(problems.join("; "));
}

/** One rule of the pack, in the manner of cdk-nag: pure, documented, with a level. */
export interface Rule {
  /** Stable kebab-case id, used by suppressions: `s3-public-access-block`. */
  readonly id: string;
  /** The matching checkov check, where one exists (`CKV_AWS_53`). */
  readonly checkov?: string;
  /** The matching trivy check, where one exists (`AVD-AWS-0086`). */
  readonly trivy?: string;
  readonly level: RuleLevel;
  /** The subject types the rule reads; it is not applicable to any other. */
  readonly resourceTypes: readonly string[];
  /**
   * The attributes the rule judges: where the stack records the config key that sets one, a
   * failure names that key.
   */
  readonly attributes?: readonly string[];
  /** A data-loss guard or a production-only rule: applies in protected environments only. */
  readonly protectedOnly?: boolean;
  /** One line: what is wrong when the rule fails. */
  readonly summary: string;
  /** Why it matters. */
  readonly why: string;
  /** Judges one subject of one of `resourceTypes`. Must not throw on odd input: fail instead. */
  check(subject: PolicySubject, context: PolicyContext): Verdict;
}
