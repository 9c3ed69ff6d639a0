/**
 * Nested blocks and lists as the synthesized JSON gives them. cdktf writes a nested block
 * (`versioning_configuration`, `origin`, `ingress`) as a list of objects, a hand-written stack or
 * an override may give one object: both read the same here.
 */

/** True for a plain object (not null, not a list). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A nested block that holds at most one: the object, or the first of a list; undefined when missing. */
export function block(value: unknown): Record<string, unknown> | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === "object" && first !== null ? (first as Record<string, unknown>) : undefined;
}

/** The blocks of a repeated nested block (`ingress`, `origin`), whether given as a list or one object; empty when missing. */
export function blocks(value: unknown): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null);
}

/** A list of strings, a lone string as a list of one (empty when missing); other values are left out. */
export function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? (value as unknown[]) : [value]).filter((v): v is string => typeof v === "string");
}

/** A string value (literal text or a Terraform expression); undefined for anything else. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
