import { Token } from "cdktf";
import { Construct } from "constructs";
import { isValidLogRetention, LOG_RETENTION_RULE } from "./logs";

/** One rejected prop: which prop, what is allowed, and what was given. */
export interface PropProblem {
  /** The prop's name as the caller wrote it, with an index where it is a list (`availabilityZones[1]`). */
  readonly prop: string;
  /** What the prop must be, phrased so it tells the caller how to fix it. */
  readonly expected: string;
  /** The value the caller gave. */
  readonly given: unknown;
}

/**
 * The one error type every module throws for bad props. The message names the construct
 * (type and path), each prop, what is allowed and what was given, e.g.
 * `Vpc2Az "staging/Network": cidr must be an IPv4 CIDR with a prefix from /16 to /24; got "10.0.0.0/8"`.
 */
export class PropsError extends Error {
  constructor(
    readonly constructType: string,
    readonly constructPath: string,
    readonly problems: readonly PropProblem[],
  ) {
    super(formatProblems(constructType, constructPath, problems));
    this.name = "PropsError";
  }
}

function formatProblems(type: string, path: string, problems: readonly PropProblem[]): string {
  const lines = problems.map((p) => `${p.prop} ${p.expected}; got ${describeValue(p.given)}`);
  const head = `${type} "${path}"`;
  if (lines.length === 1) return `${head}: ${lines[0]}`;
  return `${head}: ${lines.length} invalid props:\n${lines.map((l) => `  - ${l}`).join("\n")}`;
}

/** Renders a given value for an error message: strings quoted, lists and objects as JSON. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * Collects every problem with a construct's props, then throws them together as one
 * {@link PropsError}. Values that are unresolved tokens are known only at apply time and are
 * never checked.
 *
 * ```ts
 * const v = new PropsValidator(this, "Vpc2Az");
 * v.check(isCidr(props.cidr), "cidr", "must be an IPv4 CIDR", props.cidr);
 * v.throwIfInvalid();
 * ```
 */
export class PropsValidator {
  private readonly found: PropProblem[] = [];

  /**
   * @param construct the construct whose props these are; `undefined` for a check run before
   * any construct exists (a module's exported prop check), which stops with a
   * {@link PropsCheckStop} instead of a {@link PropsError}.
   */
  constructor(
    private readonly construct: Construct | undefined,
    private readonly constructType: string,
  ) {}

  /** The problems recorded so far. */
  get problems(): readonly PropProblem[] {
    return this.found;
  }

  /** Records a problem unless `ok` holds or `given` is an unresolved token. */
  check(ok: boolean, prop: string, expected: string, given: unknown): this {
    if (!ok && !isUnresolved(given)) this.found.push({ prop, expected, given });
    return this;
  }

  /**
   * For props the construct computes with at synth (CIDRs it carves, names it builds, which
   * resources exist): records a problem for each that is an unresolved token, and throws at once
   * if any was, since every later check would work on a placeholder.
   */
  requireLiterals<T extends object>(props: T, keys: readonly (keyof T & string)[]): void {
    for (const key of keys) {
      if (isUnresolved(props[key])) {
        this.found.push({
          prop: key,
          expected: "must be a literal value known at synth, not a reference resolved at apply",
          given: "an unresolved token",
        });
      }
    }
    this.throwIfInvalid();
  }

  /** Records a problem unconditionally (for checks whose reason is computed). */
  fail(prop: string, expected: string, given: unknown): this {
    return this.check(false, prop, expected, given);
  }

  /**
   * Records a problem unless `value` is a whole number from `min` to `max`:
   * "must be a whole number[ of <unit>] from <min> to <max>[ (<why>)]".
   */
  checkWholeNumber(prop: string, value: number, min: number, max: number, options: { unit?: string; why?: string } = {}): this {
    const unit = options.unit === undefined ? "" : ` of ${options.unit}`;
    const why = options.why === undefined ? "" : ` (${options.why})`;
    return this.check(
      Number.isInteger(value) && value >= min && value <= max,
      prop,
      `must be a whole number${unit} from ${min} to ${max}${why}`,
      value,
    );
  }

  /**
   * Records a problem unless exactly one of two exclusive props is given:
   * "<a> and <b> are exclusive, and one is required: <hint>".
   */
  checkExactlyOne(a: readonly [string, unknown], b: readonly [string, unknown], hint: string): this {
    const given = [a, b].filter(([, value]) => value !== undefined);
    if (given.length === 1) return this;
    const [prop, value] = given[0] ?? a;
    return this.fail(prop, `and ${prop === a[0] ? b[0] : a[0]} are exclusive, and one is required: ${hint}`, value);
  }

  /** Records a problem for each entry of a list of addresses that is not an email address. */
  checkEmails(prop: string, emails: readonly string[]): this {
    emails.forEach((email, i) => this.check(EMAIL.test(email), `${prop}[${i}]`, "must be an email address", email));
    return this;
  }

  /** Records a problem unless `days` is a retention CloudWatch Logs accepts. */
  checkLogRetention(prop: string, days: number): this {
    return this.check(isValidLogRetention(days), prop, LOG_RETENTION_RULE, days);
  }

  get valid(): boolean {
    return this.found.length === 0;
  }

  /** Throws the problems found so far, if any: a {@link PropsError}, or without a construct a {@link PropsCheckStop}. */
  throwIfInvalid(): void {
    if (this.found.length === 0) return;
    if (this.construct === undefined) throw new PropsCheckStop(this.constructType, this.found);
    throw new PropsError(this.constructType, this.construct.node.path, this.found);
  }
}

/**
 * How a prop check run without a construct ends when a prop is wrong: {@link propProblems}
 * catches it and returns its problems.
 */
export class PropsCheckStop extends Error {
  constructor(
    readonly constructType: string,
    readonly problems: readonly PropProblem[],
  ) {
    super(formatProblems(constructType, "(not built)", problems));
    this.name = "PropsCheckStop";
  }
}

/**
 * Runs a module's prop check before anything is built and returns its problems (none when the
 * props hold). A module exports its check through this, so a caller (the environment config)
 * can report every module's problems together, in its own terms.
 *
 * ```ts
 * export function vpc2AzPropProblems(props: Vpc2AzProps): readonly PropProblem[] {
 *   return propProblems(() => validate(undefined, props));
 * }
 * ```
 */
export function propProblems(check: () => unknown): readonly PropProblem[] {
  try {
    check();
    return [];
  } catch (error) {
    if (error instanceof PropsCheckStop) return error.problems;
    throw error;
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** True for a value (or a list holding a value) that Terraform resolves only at apply time. */
export function isUnresolved(value: unknown): boolean {
  if (Array.isArray(value)) return Token.isUnresolved(value) || value.some((v) => Token.isUnresolved(v));
  return Token.isUnresolved(value);
}
