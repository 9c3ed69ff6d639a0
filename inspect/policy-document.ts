/**
 * JSON documents kept as strings in the synthesized JSON (IAM, bucket, key and topic policies,
 * container definitions), and policy documents parsed to statements. A document that cannot be
 * read is reported with the reason, never taken as empty.
 */
import { isExpression } from "./references";

/** A parsed value, or why it could not be read. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly detail: string };

/**
 * Parses a JSON-string attribute. An object is taken as already parsed. A whole Terraform
 * expression (`${data.x.json}`) cannot be read at synth, so it is an error, not a value.
 */
export function parseJsonAttribute(value: unknown, what: string): Parsed<unknown> {
  if (value === undefined || value === null) return { ok: false, detail: `${what} is missing` };
  if (typeof value === "object") return { ok: true, value };
  if (typeof value !== "string") return { ok: false, detail: `${what} is a ${typeof value}, not JSON` };
  if (isExpression(value)) {
    return { ok: false, detail: `${what} is a Terraform expression (${value.trim()}), which cannot be read at synth; write it as JSON` };
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

/**
 * Parses a policy document (a JSON string or an object) into its statements. A document without
 * `Statement`, a statement that is not an object or has an `Effect` other than Allow or Deny
 * makes the whole document unreadable: `what` names it in the reason.
 */
export function parsePolicyDocument(value: unknown, what = "the policy"): Parsed<readonly Statement[]> {
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
