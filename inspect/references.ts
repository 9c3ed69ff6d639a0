/**
 * Terraform expressions in the synthesized JSON: `${aws_s3_bucket.Media_Bucket_X.arn}` refers to
 * the resource `aws_s3_bucket.Media_Bucket_X`, attribute `arn`. A data source's reference keeps
 * its `data.` prefix in the type (`data.aws_iam_policy_document`); variables, locals and
 * functions are not references to a resource.
 */

/** A reference to a resource (or a data source) in a Terraform expression. */
export interface Reference {
  /** `aws_s3_bucket`, or `data.aws_iam_policy_document`. */
  readonly type: string;
  /** The Terraform name, `Media_Bucket_BEB476D1`. */
  readonly name: string;
  /** `type.name`, as the resource's address. */
  readonly address: string;
  /** What follows the address: `arn`, `master_user_secret[0].secret_arn`, or "" for the address alone. */
  readonly attribute: string;
}

/** A resource type: a provider prefix and the rest (`aws_s3_bucket`), optionally a data source's. */
const TYPE = String.raw`(?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+`;
const NAME = String.raw`[A-Za-z_][A-Za-z0-9_-]*`;
/** Every `${...}` of a string, with one level of nested braces (`${jsonencode({a = 1})}`). */
const EXPRESSION = /\$\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g;
/** An address inside an expression, not preceded by a word or a dot (`var.x.y` is not one), and its attribute path. */
const ADDRESS = new RegExp(String.raw`(?<![\w.])(${TYPE})\.(${NAME})((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*)`, "g");
/** A whole string that is one reference: `${type.name}`, `${type.name.attr}`, `${type.name[0].attr}`. */
const WHOLE = new RegExp(String.raw`^\$\{(${TYPE})\.(${NAME})((?:[.[][^}]*)?)\}$`);

const referenceOf = (type: string, name: string, attribute: string): Reference => ({ type, name, address: `${type}.${name}`, attribute });

/** True for a value that is a whole Terraform expression (`${aws_kms_key.k.arn}`, `${var.x}`): not known at synth. */
export function isExpression(value: unknown): boolean {
  return typeof value === "string" && /^\$\{[^}]*\}$/.test(value.trim());
}

/** The reference a value is, when the whole value (spaces around aside) is one reference to a resource. */
export function parseReference(value: unknown): Reference | undefined {
  if (typeof value !== "string") return undefined;
  const m = WHOLE.exec(value.trim());
  return m === null ? undefined : referenceOf(m[1]!, m[2]!, m[3]!.replace(/^\./, ""));
}

/**
 * Every reference to a resource inside a value, in order of appearance: in strings (also JSON
 * documents kept as strings, such as policies), lists and objects; cdktf's `//` metadata is skipped.
 */
export function referencesIn(value: unknown): Reference[] {
  const found: Reference[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === "string") {
      for (const expression of v.matchAll(EXPRESSION)) {
        for (const m of expression[1]!.matchAll(ADDRESS)) found.push(referenceOf(m[1]!, m[2]!, m[3]!.replace(/^\./, "")));
      }
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (typeof v === "object" && v !== null) {
      for (const [key, inner] of Object.entries(v)) if (key !== "//") visit(inner);
    }
  };
  visit(value);
  return found;
}

/** The name of the first resource of `type` a value refers to (`${aws_eip.NatIp.id}` → `NatIp`). */
export function referencedName(value: unknown, type: string): string | undefined {
  return referencesIn(value).find((r) => r.type === type)?.name;
}

/** A value known at synth, as text: a string that holds no Terraform expression, a number or a boolean. */
export function literal(value: unknown): string | undefined {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value !== "string" || value.includes("${")) return undefined;
  return value;
}
