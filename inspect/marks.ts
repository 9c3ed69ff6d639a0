/**
 * Marks under `//`: what cdktf and the project's code record beside a resource's arguments (the
 * construct path, policy suppressions, a bucket's purpose). Terraform ignores `//` keys, so a
 * mark never changes what is deployed.
 */
import { isRecord } from "./blocks";

/** The key marks live under, in a resource and at the top of a stack. */
export const MARKS_KEY = "//";

/** The marks of a resource's or a stack's JSON (`{}` when there are none). */
export function marksOf(json: unknown): Readonly<Record<string, unknown>> {
  const marks = isRecord(json) ? json[MARKS_KEY] : undefined;
  return isRecord(marks) ? marks : {};
}

/** The arguments of a resource's JSON without its marks. */
export function withoutMarks(json: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const { [MARKS_KEY]: _marks, ...values } = json;
  return values;
}

/** The construct path cdktf records (`staging/Media/Media/Bucket`), when it does. */
export function constructPathOf(marks: Readonly<Record<string, unknown>>): string | undefined {
  const metadata = marks.metadata;
  return isRecord(metadata) && typeof metadata.path === "string" ? metadata.path : undefined;
}

/** A mark whose value is text (a purpose), or undefined when it is missing or not text. */
export function textMark(marks: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = marks[key];
  return typeof value === "string" ? value : undefined;
}
