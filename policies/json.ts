/**
 * Readers for the synthesized attributes rules share: JSON strings (IAM, bucket, key and topic
 * policies, container definitions) and the policy statements in them, nested blocks, and
 * booleans, numbers and text that may be Terraform expressions. A rule never passes a resource
 * because a value was a string or an expression it could not read: it fails with the reason.
 */

import { fail, pass, PolicySubject, Verdict } from "./types";

/** A parsed value, or why it could not be read. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly detail: string };

/** True for a whole Terraform expression (`${aws_kms_key.k.arn}`, `${var.x}`), whose value is not known at synth. */
export function isReference(value: unknown): boolean {
  return typeof value === "string" && /^\$\{[^}]*\}$/.test(value.trim());
}

/**
 * Parses a JSON-string attribute. An object is taken as already parsed. A whole Terraform
 * expression (`${data.x.json}`) cannot be read at synth, so it is an error, not a pass.
 */
export function parseJsonAttribute(value: unknown, what: string): Parsed<unknown> {
  if (value === undefined || value === null) return { ok: false, detail: `${what} is missing` };
  if (typeof value === "object") return { ok: true, value };
  if (typeof value !== "string") return { ok: false, detail: `${what} is a ${typeof value}, not JSON` };
  if (isReference(value)) {
    return { ok: false, detail: `${what} is a Terraform expression (${value.trim()}) the pack cannot read at synth; write it as JSON` };
  }
  try {
    return { ok: true, value: JSON.parse(value) as unknown };
  } catch (e) {
    return { ok: false, detail: `${what} is not valid JSON (${(e as Error).message})` };
  }
}

/** A policy statement with every list-or-string field as a list. */
export interface Statement {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  /** `"*"` for `Principal: "*"`; otherwise principal kind (AWS, Service, Federated, CanonicalUser) to values. */
  readonly principal?: "*" | Readonly<Record<string, readonly string[]>>;
  readonly notPrincipal: boolean;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** Operator (`StringEquals`) to key (`aws:SourceArn`) to values. */
  readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

const asList = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** Parses a policy document (a JSON string or an object) into its statements. */
export function parsePolicy(value: unknown, what = "the policy"): Parsed<readonly Statement[]> {
  const parsed = parseJsonAttribute(value, what);
  if (!parsed.ok) return parsed;
  const doc = parsed.value as { Statement?: unknown };
  if (typeof doc !== "object" || doc === null || doc.Statement === undefined) {
    return { ok: false, detail: `${what} has no Statement` };
  }
  const raw = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const statements: Statement[] = [];
  for (const [i, s] of raw.entries()) {
    if (typeof s !== "object" || s === null) return { ok: false, detail: `${what} Statement[${i}] is not an object` };
    const st = s as Record<string, unknown>;
    if (st.Effect !== "Allow" && st.Effect !== "Deny") return { ok: false, detail: `${what} Statement[${i}] has Effect ${String(st.Effect)}` };
    const principalValue = st.Principal ?? st.NotPrincipal;
    let principal: Statement["principal"];
    if (principalValue === "*") principal = "*";
    else if (typeof principalValue === "object" && principalValue !== null) {
      principal = Object.fromEntries(Object.entries(principalValue).map(([k, v]) => [k, asList(v)]));
    }
    const conditions: Record<string, Record<string, string[]>> = {};
    if (typeof st.Condition === "object" && st.Condition !== null) {
      for (const [op, byKey] of Object.entries(st.Condition)) {
        conditions[op] = Object.fromEntries(Object.entries((byKey ?? {}) as Record<string, unknown>).map(([k, v]) => [k, asList(v)]));
      }
    }
    statements.push({
      sid: typeof st.Sid === "string" ? st.Sid : undefined,
      effect: st.Effect,
      principal,
      notPrincipal: st.NotPrincipal !== undefined,
      actions: asList(st.Action),
      notActions: asList(st.NotAction),
      resources: asList(st.Resource),
      notResources: asList(st.NotResource),
      conditions,
    });
  }
  return { ok: true, value: statements };
}

/** A statement's label for messages: its Sid, or its position. */
export function statementLabel(statement: Statement, index: number): string {
  return statement.sid === undefined ? `Statement[${index}]` : `statement ${statement.sid}`;
}

/** True when the statement grants to anyone: `Principal: "*"` or `{ AWS: "*" }`. */
export function isPublicPrincipal(statement: Statement): boolean {
  if (statement.principal === undefined) return false;
  if (statement.principal === "*") return true;
  return (statement.principal.AWS ?? []).includes("*");
}

/** True when a statement admits anyone: `Principal: "*"`, `{ AWS: "*" }`, or everyone but a NotPrincipal. */
export function admitsAnyone(statement: Statement): boolean {
  return statement.notPrincipal || isPublicPrincipal(statement);
}

/** Whom a statement that {@link admitsAnyone} admits, for messages: `principal "*"` or `everyone but its NotPrincipal`. */
export function anyoneLabel(statement: Statement): string {
  return statement.notPrincipal ? "everyone but its NotPrincipal" : 'principal "*"';
}

/** True when the statement has at least one condition. */
export function hasCondition(statement: Statement): boolean {
  return Object.values(statement.conditions).some((byKey) => Object.keys(byKey).length > 0);
}

/** Condition values for a key under any operator (`aws:SecureTransport` under `Bool`). */
export function conditionValues(statement: Statement, key: string, operators?: readonly string[]): string[] {
  const out: string[] = [];
  for (const [op, byKey] of Object.entries(statement.conditions)) {
    if (operators !== undefined && !operators.includes(op)) continue;
    for (const [k, values] of Object.entries(byKey)) if (k.toLowerCase() === key.toLowerCase()) out.push(...values);
  }
  return out;
}

const NARROWING_OPERATORS = /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike|IpAddress|Bool)$/;

/** True when a condition entry restricts (positive operator, not `IfExists`, some value other than `*`). */
function narrows(operator: string, values: readonly string[]): boolean {
  return NARROWING_OPERATORS.test(operator) && values.length > 0 && !values.every((v) => v === "*");
}

/** True when the statement has a narrowing condition on one of the keys (case-insensitive; a key ending in `/` is a prefix). */
export function hasNarrowingCondition(statement: Statement, keys: readonly string[]): boolean {
  const wanted = keys.map((k) => k.toLowerCase());
  return Object.entries(statement.conditions).some(([operator, byKey]) =>
    Object.entries(byKey).some(([key, values]) => {
      const k = key.toLowerCase();
      return wanted.some((w) => (w.endsWith("/") ? k.startsWith(w) : k === w)) && narrows(operator, values);
    }),
  );
}

/**
 * Condition keys that limit which callers a statement with a broad principal admits: the
 * calling principal, account, organization or network, or the source a service acts for.
 * `aws:PrincipalTag/` is not among them: anyone can tag principals in their own account.
 */
export const CALLER_CONDITION_KEYS = [
  "aws:PrincipalAccount",
  "aws:PrincipalArn",
  "aws:PrincipalOrgID",
  "aws:PrincipalOrgPaths",
  "aws:PrincipalServiceName",
  "aws:SourceAccount",
  "aws:SourceArn",
  "aws:SourceOrgID",
  "aws:SourceOrgPaths",
  "aws:SourceOwner",
  "aws:SourceVpc",
  "aws:SourceVpce",
  "aws:SourceIp",
  "aws:userid",
  "aws:username",
  "kms:CallerAccount",
  "sts:ExternalId",
] as const;

/** A policy glob (`*` any run of characters, `?` one character) as the source of an unanchored regular expression. */
export function globSource(glob: string): string {
  return glob
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
}

/** The value of an attribute that the provider represents as a one-element list of blocks. */
export function block(value: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "object" && first !== null ? (first as Record<string, unknown>) : undefined;
}

/** The blocks of a repeated nested block (`ingress`, `origin`), whether given as a list or one object. */
export function blocks(value: unknown): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null);
}

/** True for `true` and the string `"true"` (Terraform accepts both). */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** True for `false` and the string `"false"`. */
export function isFalse(value: unknown): boolean {
  return value === false || value === "false";
}

/** True for a non-blank string: a literal value or a Terraform reference, which counts as set. */
export function hasText(value: unknown): boolean {
  return typeof value === "string" && value.trim() !== "";
}

/** The detail for a value the pack cannot read at synth (an expression, or the wrong kind of value). */
export function unreadable(what: string, value: unknown): string {
  return `${what} is ${JSON.stringify(value)}, which the pack cannot read at synth`;
}

/**
 * Reads a boolean attribute, `fallback` (the provider default) when missing. Terraform takes
 * `"true"`/`"false"` as well as booleans; anything else (an expression) is an error, never a guess.
 */
export function readFlag(value: unknown, what: string, fallback: boolean): Parsed<boolean> {
  if (value === undefined || value === null) return { ok: true, value: fallback };
  if (isTrue(value)) return { ok: true, value: true };
  if (isFalse(value)) return { ok: true, value: false };
  return { ok: false, detail: unreadable(what, value) };
}

/**
 * Passes when the subject's boolean attribute, or the provider default where it is missing, is
 * `expected`; fails naming the value found, and fails on a value the pack cannot read at synth.
 */
export function expectFlag(subject: PolicySubject, attribute: string, expected: boolean, providerDefault: boolean): Verdict {
  const value = subject.values[attribute];
  const flag = readFlag(value, attribute, providerDefault);
  if (!flag.ok) return fail(flag.detail);
  if (flag.value === expected) return pass();
  return fail(value === undefined || value === null ? `${attribute} not set (provider default ${providerDefault})` : `${attribute} is ${flag.value}`);
}

/** A numeric attribute (a number or a string of digits): its value, `missing`, or `unreadable` (an expression or other text). */
export function numberOf(value: unknown): number | "missing" | "unreadable" {
  if (value === undefined || value === null) return "missing";
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^\d+$/.test(value.trim())) return Number(value);
  return "unreadable";
}
