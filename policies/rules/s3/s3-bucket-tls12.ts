import type { Statement } from "../../json";
import type { Rule } from "../../types";
import { isBucketWideDeny, judgeBucketGuard } from "./_shared";

const NUMERIC_LESS_THAN = ["NumericLessThan", "NumericLessThanIfExists"];
const MINIMUM = 1.2;

/**
 * A Deny to everyone of every S3 action whose only condition is `s3:TlsVersion` less than 1.2
 * (or a later version). Values of one key are alternatives: the deny covers versions below the
 * largest.
 */
function deniesOutdatedTls(s: Statement): boolean {
  return isBucketWideDeny(
    s,
    (c) =>
      NUMERIC_LESS_THAN.includes(c.op) && c.key.toLowerCase() === "s3:tlsversion" && Math.max(...c.values.map(Number).filter((n) => !Number.isNaN(n))) >= MINIMUM,
  );
}

/** A bucket policy that refuses requests made over TLS older than 1.2. */
export const s3BucketTls12: Rule = {
  id: "s3-bucket-tls12",
  level: "error",
  resourceTypes: ["aws_s3_bucket"],
  summary: "S3 bucket whose policy does not deny requests made with TLS older than 1.2",
  why: "S3 still accepts TLS 1.0 and 1.1 unless the bucket policy denies s3:TlsVersion below 1.2; those versions have known weaknesses, and denying aws:SecureTransport false does not refuse them.",
  check(bucket, context) {
    return judgeBucketGuard(
      bucket,
      context,
      deniesOutdatedTls,
      'Deny statement for principal "*" on s3:* conditioned only on NumericLessThan s3:TlsVersion "1.2"',
      "s3:TlsVersion",
    );
  },
};
