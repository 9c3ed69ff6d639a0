import { isPublicPrincipal, Statement } from "../../json";
import { fail, pass, Rule } from "../../types";
import { bucketArn, bucketPolicies, resourceCoverage } from "./_shared";

const ALL_S3_ACTIONS = ["*", "s3:*"];
const BOOL_OPERATORS = ["Bool", "BoolIfExists"];

/** A Deny to everyone of every S3 action whose only condition is `aws:SecureTransport` false. */
function deniesInsecureTransport(s: Statement): boolean {
  if (s.effect !== "Deny" || s.notPrincipal || !isPublicPrincipal(s)) return false;
  if (s.notActions.length > 0 || s.notResources.length > 0) return false;
  if (!s.actions.some((a) => ALL_S3_ACTIONS.includes(a.toLowerCase()))) return false;
  const entries = Object.entries(s.conditions).flatMap(([op, byKey]) => Object.entries(byKey).map(([key, values]) => ({ op, key, values })));
  return (
    entries.length > 0 &&
    entries.every((c) => BOOL_OPERATORS.includes(c.op) && c.key.toLowerCase() === "aws:securetransport" && c.values.some((v) => v.toLowerCase() === "false"))
  );
}

/** A bucket policy that refuses every request not made over TLS. */
export const s3BucketTlsOnly: Rule = {
  id: "s3-bucket-tls-only",
  level: "error",
  resourceTypes: ["aws_s3_bucket"],
  summary: "S3 bucket whose policy does not deny requests made without TLS",
  why: "S3 accepts plain HTTP unless the bucket policy denies aws:SecureTransport false; without it credentials-signed requests and object data can cross the network unencrypted.",
  check(bucket, context) {
    const policies = bucketPolicies(bucket, context);
    if (!policies.ok) return fail(policies.detail);
    if (policies.value.length === 0) return fail("no bucket policy (aws_s3_bucket_policy or inline policy) on the bucket");
    const denies = policies.value.flatMap((p) => p.statements.filter(deniesInsecureTransport));
    if (denies.length === 0) {
      const where = policies.value.map((p) => p.what).join(", ");
      return fail(`${where} has no Deny statement for principal "*" on s3:* conditioned only on Bool aws:SecureTransport "false"`);
    }
    const covered = resourceCoverage(
      denies.flatMap((s) => s.resources),
      bucket,
      context,
    );
    const missing = [...(covered.bucket ? [] : [bucketArn(bucket)]), ...(covered.objects ? [] : [`${bucketArn(bucket)}/*`])];
    return missing.length === 0 ? pass() : fail(`the aws:SecureTransport deny does not cover ${missing.join(" and ")}`);
  },
};
