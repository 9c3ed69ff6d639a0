/**
 * The shapes the policy pack works with: a rule, the synthesized resources it reads, and the
 * verdicts it returns.
 */

/** `error` fails synth; `warning` is printed and synth goes on. */
export type RuleLevel = "error" | "warning";

/**
 * One thing a rule can look at: a resource of the synthesized stack, or the stack's backend
 * (type `terraform_backend`, named after the backend kind, e.g. `s3`).
 */
export interface PolicySubject {
  /** The Terraform type: `aws_s3_bucket`, or `terraform_backend`. */
  readonly type: string;
  /** The Terraform name within the type (`Site_Bucket_1A2B3C4D`). */
  readonly name: string;
  /** `type.name`, as `terraform plan` prints it. */
  readonly address: string;
  /** The construct path (`staging/Site/Bucket/Bucket`), or the stack's name for the backend. */
  readonly path: string;
  /** The synthesized attributes, snake_case, with Terraform references as `${...}` strings. */
  readonly values: Readonly<Record<string, unknown>>;
  /** The suppressions recorded on the resource. */
  readonly suppressions: readonly Suppression[];
  /** Set when the recorded suppressions are not a list of `{ id, reason }` (written by hand into the JSON). */
  readonly suppressionProblem?: string;
}

/** A rule switched off for one resource, with the reason a reviewer reads in the report. */
export interface Suppression {
  /** The id of the rule to suppress, e.g. `ecs-service-no-public-ip`. */
  readonly id: string;
  /** Why the finding is a deliberate choice: at least a full sentence. */
  readonly reason: string;
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
  /** A data-loss guard or a production-only rule: applies in protected environments only. */
  readonly protectedOnly?: boolean;
  /** One line: what is wrong when the rule fails. */
  readonly summary: string;
  /** Why it matters. */
  readonly why: string;
  /** Judges one subject of one of `resourceTypes`. Must not throw on odd input: fail instead. */
  check(subject: PolicySubject, context: PolicyContext): Verdict;
}
