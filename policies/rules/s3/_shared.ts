import { globSource, isPublicPrincipal, parsePolicyDocument, Parsed, parseReference, Statement } from "../../json";
import { fail, pass, type PolicyContext, type PolicySubject, type Verdict } from "../../types";

/** The bucket's name when it is written as a literal (not `bucket_prefix`, not a reference). */
export function literalBucketName(bucket: PolicySubject): string | undefined {
  const name = bucket.values.bucket;
  return typeof name === "string" && name !== "" && !name.includes("${") ? name : undefined;
}

/**
 * The resources of a type that configure the bucket: their `bucket` refers to it
 * (`${aws_s3_bucket.b.id}`, `.bucket`) or is its literal name.
 */
export function settingsOf(type: string, bucket: PolicySubject, context: PolicyContext): readonly PolicySubject[] {
  const name = literalBucketName(bucket);
  return context.ofType(type).filter((s) => context.resolve(s.values.bucket) === bucket || (name !== undefined && s.values.bucket === name));
}

/** One policy on a bucket, parsed. */
export interface BucketPolicy {
  /** Where the policy is written, for messages: `aws_s3_bucket_policy.p policy`. */
  readonly what: string;
  readonly statements: readonly Statement[];
}

/**
 * Every policy on the bucket: each `aws_s3_bucket_policy` that configures it and the legacy
 * inline `policy`. Fails with the parse detail when any of them cannot be read.
 */
export function bucketPolicies(bucket: PolicySubject, context: PolicyContext): Parsed<readonly BucketPolicy[]> {
  const sources = settingsOf("aws_s3_bucket_policy", bucket, context).map((p) => ({ what: `${p.address} policy`, value: p.values.policy }));
  if (bucket.values.policy !== undefined) sources.push({ what: "the bucket's inline policy", value: bucket.values.policy });
  const policies: BucketPolicy[] = [];
  for (const source of sources) {
    const parsed = parsePolicyDocument(source.value, source.what);
    if (!parsed.ok) return parsed;
    policies.push({ what: source.what, statements: parsed.value });
  }
  return { ok: true, value: policies };
}

const PLACEHOLDER = "{bucket}";
const S3_ARN_PREFIX = /^arn:aws(?:-[a-z-]+)?:s3:::/;

/** The bucket's ARN as the rules write it: with its literal name, or `{bucket}` when the name is not known at synth. */
export function bucketArn(bucket: PolicySubject): string {
  return `arn:aws:s3:::${literalBucketName(bucket) ?? PLACEHOLDER}`;
}

/** A policy `Resource` with references to the bucket (`.arn`, `.id`, `.bucket`) written out and the partition made `aws`. */
function normalizeResource(resource: string, bucket: PolicySubject, context: PolicyContext): string {
  const name = literalBucketName(bucket) ?? PLACEHOLDER;
  const expanded = resource.replace(/\$\{[^}]*\}/g, (reference) => {
    if (context.resolve(reference) !== bucket) return reference;
    const attribute = parseReference(reference)?.attribute;
    if (attribute === "arn") return `arn:aws:s3:::${name}`;
    return attribute === "id" || attribute === "bucket" ? name : reference;
  });
  return expanded.replace(S3_ARN_PREFIX, "arn:aws:s3:::");
}

/** Which of the bucket and its objects a list of policy `Resource` values covers entirely. */
export function resourceCoverage(resources: readonly string[], bucket: PolicySubject, context: PolicyContext): { bucket: boolean; objects: boolean } {
  const arn = bucketArn(bucket);
  const objectsBase = `${arn}/`;
  let coversBucket = false;
  let coversObjects = false;
  for (const resource of resources) {
    const glob = normalizeResource(resource, bucket, context);
    if (new RegExp(`^${globSource(glob)}$`).test(arn)) coversBucket = true;
    if (glob.endsWith("*")) {
      // G = H* matches every key under the bucket exactly when H matches a prefix of `<arn>/`.
      const head = new RegExp(`^${globSource(glob.slice(0, -1))}$`);
      for (let i = 0; i <= objectsBase.length && !coversObjects; i++) coversObjects = head.test(objectsBase.slice(0, i));
    }
  }
  return { bucket: coversBucket, objects: coversObjects };
}

/** One condition of a statement: operator, key and values. */
export interface ConditionEntry {
  readonly op: string;
  readonly key: string;
  readonly values: readonly string[];
}

/**
 * A Deny to everyone of every S3 action, on resources (no NotAction, no NotResource), whose
 * conditions, all of them, satisfy `conditionOk`: the shape of the TLS guards.
 */
export function isBucketWideDeny(s: Statement, conditionOk: (entry: ConditionEntry) => boolean): boolean {
  if (s.effect !== "Deny" || s.notPrincipal || !isPublicPrincipal(s)) return false;
  if (s.notActions.length > 0 || s.notResources.length > 0) return false;
  if (!s.actions.some((a) => ["*", "s3:*"].includes(a.toLowerCase()))) return false;
  const entries = Object.entries(s.conditions).flatMap(([op, byKey]) => Object.entries(byKey).map(([key, values]) => ({ op, key, values })));
  return entries.length > 0 && entries.every(conditionOk);
}

/**
 * The verdict of a guard rule: the bucket's policies hold a Deny matching `isGuard` that covers
 * the bucket and its objects. `expected` says what was looked for, and `guard` names it in messages.
 */
export function judgeBucketGuard(
  bucket: PolicySubject,
  context: PolicyContext,
  isGuard: (s: Statement) => boolean,
  expected: string,
  guard: string,
): Verdict {
  const policies = bucketPolicies(bucket, context);
  if (!policies.ok) return fail(policies.detail);
  if (policies.value.length === 0) return fail("no bucket policy (aws_s3_bucket_policy or inline policy) on the bucket");
  const denies = policies.value.flatMap((p) => p.statements.filter(isGuard));
  if (denies.length === 0) return fail(`${policies.value.map((p) => p.what).join(", ")} has no ${expected}`);
  const covered = resourceCoverage(
    denies.flatMap((s) => s.resources),
    bucket,
    context,
  );
  const missing = [...(covered.bucket ? [] : [bucketArn(bucket)]), ...(covered.objects ? [] : [`${bucketArn(bucket)}/*`])];
  return missing.length === 0 ? pass() : fail(`the ${guard} deny does not cover ${missing.join(" and ")}`);
}
