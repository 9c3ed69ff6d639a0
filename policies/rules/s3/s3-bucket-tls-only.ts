import type { Statement } from "../../json";
import type { Rule } from "../../types";
import { isBucketWideDeny, judgeBucketGuard } from "./_shared";

const BOOL_OPERATORS = ["Bool", "BoolIfExists"];

/** A Deny to everyone of every S3 action whose only condition is `aws:SecureTransport` false. */
function deniesInsecureTransport(s: Statement): boolean {
  return isBucketWideDeny(
    s,
    (c) => BOOL_OPERATORS.includes(c.op) && c.key.toLowerCase() === "aws:securetransport" && c.values.some((v) => v.toLowerCase() === "false"),
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
    return judgeBucketGuard(
      bucket,
      context,
      deniesInsecureTransport,
      'Deny statement for principal "*" on s3:* conditioned only on Bool aws:SecureTransport "false"',
      "aws:SecureTransport",
    );
  },
};
