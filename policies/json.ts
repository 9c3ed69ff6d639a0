/**
 * Readers for the synthesized attributes rules share: JSON strings (IAM, bucket, key and topic
 * policies, container definitions) and the policy statements in them, nested blocks, and
 * booleans, numbers and text that may be Terraform expressions. A rule never passes a resource
 * because a value was a string or an expression it could not read: it fails with the reason.
 *
 * The readers of the JSON itself (nested blocks, expressions, JSON documents, policy statements)
 * are the inspection layer's (`inspect/`), re-exported here for the rules; what follows them is
 * the pack's own: statements judged, flags read with the provider default, verdicts.
 */
import type { Parsed, Statement } from "../inspect";
import { fail, pass, PolicySubject, Verdict } from "./types";

export { block, blocks, isExpression, parseJsonAttribute, parsePolicyDocument, parseReference } from "../inspect";
export type { Parsed, Statement } from "../inspect";

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
