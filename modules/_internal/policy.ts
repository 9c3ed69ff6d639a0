/** An IAM policy statement, as written in a policy document: `Action` or `NotAction`, `Resource` or `NotResource`. */
export type PolicyStatement = StatementBase & ActionElement & ResourceElement;

interface StatementBase {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

type ActionElement =
  | { readonly Action: string | readonly string[]; readonly NotAction?: never }
  | { readonly NotAction: string | readonly string[]; readonly Action?: never };

type ResourceElement =
  | { readonly Resource?: string | readonly string[]; readonly NotResource?: never }
  | { readonly NotResource: string | readonly string[]; readonly Resource?: never };

/**
 * Renders a policy document as JSON. Token strings (ARNs known at apply) stay inside the JSON and
 * cdktf resolves them to Terraform interpolations.
 */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** A statement that denies every S3 action on a bucket and its objects over plain HTTP. */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/** The oldest TLS version the library's buckets accept (`s3:TlsVersion`). */
export const MINIMUM_TLS_VERSION = "1.2";

/**
 * A statement that denies every S3 action on a bucket and its objects over TLS older than
 * {@link MINIMUM_TLS_VERSION}. It sits beside {@link denyInsecureTransport}: that one refuses
 * plain HTTP, this one TLS 1.0 and 1.1.
 */
export function denyOutdatedTls(bucketArn: string): PolicyStatement {
  return {
    Sid: "DenyOutdatedTls",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { NumericLessThan: { "s3:TlsVersion": MINIMUM_TLS_VERSION } },
  };
}

/**
 * A statement that lets S3 server access logging (`logging.s3.amazonaws.com`) put log objects
 * under `prefix` in the target bucket, for the given source buckets of one account only.
 */
export function allowServerAccessLogDelivery(
  targetBucketArn: string,
  prefix: string,
  sourceAccountId: string,
  sourceBucketArns: readonly string[],
): PolicyStatement {
  return {
    Sid: "S3ServerAccessLogDelivery",
    Effect: "Allow",
    Principal: { Service: "logging.s3.amazonaws.com" },
    Action: "s3:PutObject",
    Resource: `${targetBucketArn}/${prefix}*`,
    Condition: {
      StringEquals: { "aws:SourceAccount": sourceAccountId },
      ArnLike: { "aws:SourceArn": [...sourceBucketArns] },
    },
  };
}
