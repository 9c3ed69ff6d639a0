import { denyInsecureTransport, denyOutdatedTls } from "../../modules/_internal/policy";
import { s3BucketAbortMultipart } from "../../policies/rules/s3/s3-bucket-abort-multipart";
import { s3BucketEncryption } from "../../policies/rules/s3/s3-bucket-encryption";
import { s3BucketNoForceDestroy } from "../../policies/rules/s3/s3-bucket-no-force-destroy";
import { s3BucketNoPublicPrincipal } from "../../policies/rules/s3/s3-bucket-no-public-principal";
import { s3BucketOwnershipEnforced } from "../../policies/rules/s3/s3-bucket-ownership-enforced";
import { s3BucketTls12 } from "../../policies/rules/s3/s3-bucket-tls12";
import { s3BucketTlsOnly } from "../../policies/rules/s3/s3-bucket-tls-only";
import { s3BucketVersioning } from "../../policies/rules/s3/s3-bucket-versioning";
import { s3PublicAccessBlock } from "../../policies/rules/s3/s3-public-access-block";
import { expectFlagged, expectPass, Fixture, resultFor } from "./harness";

const B = "aws_s3_bucket.b";
const bucket: Fixture = { type: "aws_s3_bucket", name: "b", values: { bucket: "data" } };
const bucketWith = (values: Record<string, unknown>): Fixture => ({ ...bucket, values: { ...bucket.values, ...values } });
const setting = (type: string, values: Record<string, unknown>, name = "s"): Fixture => ({
  type,
  name,
  values: { bucket: "${aws_s3_bucket.b.id}", ...values },
});

const accessBlock = (values: Record<string, unknown>): Fixture => ({
  type: "aws_s3_bucket_public_access_block",
  name: "pab",
  values: { bucket: "${aws_s3_bucket.b.id}", ...values },
});
const allFour = { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true };

describe("s3-public-access-block", () => {
  it("passes a bucket whose access block sets all four flags", () => {
    expectPass(s3PublicAccessBlock, [bucket, accessBlock(allFour)], "aws_s3_bucket.b");
  });

  it("fails synth for a bucket with no access block", () => {
    expect(expectFlagged(s3PublicAccessBlock, [bucket], "aws_s3_bucket.b")).toContain("no aws_s3_bucket_public_access_block");
  });

  it("fails synth for an access block with a flag off", () => {
    const message = expectFlagged(s3PublicAccessBlock, [bucket, accessBlock({ ...allFour, restrict_public_buckets: false })], "aws_s3_bucket.b");
    expect(message).toContain("restrict_public_buckets not true");
  });
});

describe("s3-bucket-encryption", () => {
  const encryption = (rule: unknown, bucketRef = "${aws_s3_bucket.b.id}"): Fixture =>
    setting("aws_s3_bucket_server_side_encryption_configuration", { bucket: bucketRef, rule });

  it("passes SSE-S3 set by the separate resource", () => {
    expectPass(s3BucketEncryption, [bucket, encryption([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }])], B);
  });

  it("passes SSE-KMS on a resource that refers to the bucket by .bucket", () => {
    const rule = [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.k.arn}" }] }];
    expectPass(s3BucketEncryption, [bucket, encryption(rule, "${aws_s3_bucket.b.bucket}")], B);
  });

  it("passes the legacy inline server_side_encryption_configuration", () => {
    const inline = { server_side_encryption_configuration: { rule: { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms:dsse" } } } };
    expectPass(s3BucketEncryption, [bucketWith(inline)], B);
  });

  it("fails synth for a bucket with no encryption configuration", () => {
    expect(expectFlagged(s3BucketEncryption, [bucket], B)).toContain("no aws_s3_bucket_server_side_encryption_configuration refers to the bucket");
  });

  it("does not count a configuration of another bucket", () => {
    const other: Fixture = { type: "aws_s3_bucket", name: "other", values: { bucket: "other" } };
    const config = encryption([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }], "${aws_s3_bucket.other.id}");
    expectFlagged(s3BucketEncryption, [bucket, other, config], B);
  });

  it("fails synth for an unknown sse_algorithm", () => {
    const message = expectFlagged(s3BucketEncryption, [bucket, encryption([{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms:none" } }])], B);
    expect(message).toContain('sse_algorithm is "aws:kms:none"');
  });

  it("fails synth for a rule without a default encryption", () => {
    const message = expectFlagged(s3BucketEncryption, [bucket, encryption([{ bucket_key_enabled: true }])], B);
    expect(message).toContain("rule without apply_server_side_encryption_by_default.sse_algorithm");
  });
});

describe("s3-bucket-versioning", () => {
  const versioning = (status: string): Fixture => setting("aws_s3_bucket_versioning", { versioning_configuration: { status } });

  it("passes a bucket with versioning Enabled", () => {
    expectPass(s3BucketVersioning, [bucket, versioning("Enabled")], B);
  });

  it("passes a bucket named literally by its versioning resource", () => {
    expectPass(s3BucketVersioning, [bucket, { ...versioning("Enabled"), values: { bucket: "data", versioning_configuration: [{ status: "Enabled" }] } }], B);
  });

  it("passes the legacy inline versioning block", () => {
    expectPass(s3BucketVersioning, [bucketWith({ versioning: { enabled: true } })], B);
  });

  it("fails synth for a bucket without versioning", () => {
    expect(expectFlagged(s3BucketVersioning, [bucket], B)).toContain("no aws_s3_bucket_versioning refers to the bucket");
  });

  it("fails synth for suspended versioning", () => {
    expect(expectFlagged(s3BucketVersioning, [bucket, versioning("Suspended")], B)).toContain('versioning_configuration.status is "Suspended"');
  });

  it("fails synth for legacy inline versioning that is off", () => {
    expect(expectFlagged(s3BucketVersioning, [bucketWith({ versioning: [{ enabled: false }] })], B)).toContain("inline versioning.enabled is false");
  });
});

/** A bucket policy resource with the given statements. */
const policy = (statements: unknown[]): Fixture =>
  setting("aws_s3_bucket_policy", { policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) }, "p");

const ARN = "${aws_s3_bucket.b.arn}";
const denyHttp = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: [ARN, `${ARN}/*`],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
  ...overrides,
});
const cloudFrontRead = {
  Sid: "CloudFrontReads",
  Effect: "Allow",
  Principal: { Service: "cloudfront.amazonaws.com" },
  Action: "s3:GetObject",
  Resource: `${ARN}/*`,
  Condition: { StringEquals: { "AWS:SourceArn": "${aws_cloudfront_distribution.d.arn}" } },
};

describe("s3-bucket-tls-only", () => {
  it("passes a policy that denies insecure transport on the bucket and its objects", () => {
    expectPass(s3BucketTlsOnly, [bucket, policy([denyHttp(), cloudFrontRead])], B);
  });

  it("passes literal ARNs, Action * and principal AWS *, split over two statements", () => {
    const statements = [
      denyHttp({ Principal: { AWS: "*" }, Action: ["*"], Resource: "arn:aws:s3:::data", Condition: { Bool: { "aws:SecureTransport": false } } }),
      denyHttp({ Sid: "Objects", Resource: "arn:aws:s3:::data/*" }),
    ];
    expectPass(s3BucketTlsOnly, [bucket, policy(statements)], B);
  });

  it("passes the legacy inline policy with Resource *", () => {
    const inline = JSON.stringify({ Statement: [denyHttp({ Resource: "*" })] });
    expectPass(s3BucketTlsOnly, [bucketWith({ policy: inline })], B);
  });

  it("passes a bucket named by bucket_prefix whose policy refers to its ARN, and ARNs in another partition", () => {
    const prefixed: Fixture = { type: "aws_s3_bucket", name: "b", values: { bucket_prefix: "data-" } };
    expectPass(s3BucketTlsOnly, [prefixed, policy([denyHttp({ Resource: ["arn:aws:s3:::${aws_s3_bucket.b.id}", `${ARN}/*`] })])], B);
    expectPass(s3BucketTlsOnly, [bucket, policy([denyHttp({ Resource: ["arn:aws-cn:s3:::data", "arn:aws-cn:s3:::data/*"] })])], B);
  });

  it("fails synth for a bucket without a policy", () => {
    expect(expectFlagged(s3BucketTlsOnly, [bucket], B)).toContain("no bucket policy");
  });

  it("fails synth for a policy that is not valid JSON", () => {
    const broken = setting("aws_s3_bucket_policy", { policy: '{"Statement": [' }, "p");
    expect(expectFlagged(s3BucketTlsOnly, [bucket, broken], B)).toContain("aws_s3_bucket_policy.p policy is not valid JSON");
  });

  it("fails synth for a policy that is a whole Terraform expression", () => {
    const expression = setting("aws_s3_bucket_policy", { policy: "${data.aws_iam_policy_document.p.json}" }, "p");
    expect(expectFlagged(s3BucketTlsOnly, [bucket, expression], B)).toContain("is a Terraform expression (${data.aws_iam_policy_document.p.json}), which cannot be read at synth");
  });

  it("fails synth for a policy without the deny", () => {
    expect(expectFlagged(s3BucketTlsOnly, [bucket, policy([cloudFrontRead])], B)).toContain('no Deny statement for principal "*"');
  });

  it.each([
    ["a condition on SecureTransport true", { Condition: { Bool: { "aws:SecureTransport": "true" } } }],
    ["a further condition that narrows the deny", { Condition: { Bool: { "aws:SecureTransport": "false" }, StringEquals: { "aws:PrincipalAccount": "111122223333" } } }],
    ["no condition key of SecureTransport", { Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } }],
    ["a principal that is one account", { Principal: { AWS: "arn:aws:iam::111122223333:root" } }],
    ["one action only", { Action: "s3:GetObject" }],
    ["an Allow effect", { Effect: "Allow" }],
  ])("fails synth for a deny with %s", (_what, overrides) => {
    expectFlagged(s3BucketTlsOnly, [bucket, policy([denyHttp(overrides)])], B);
  });

  it("fails synth for a deny that covers the objects only", () => {
    const message = expectFlagged(s3BucketTlsOnly, [bucket, policy([denyHttp({ Resource: `${ARN}/*` })])], B);
    expect(message).toContain("does not cover arn:aws:s3:::data");
    expect(message).not.toContain("arn:aws:s3:::data/*");
  });

  it("fails synth for a deny that covers part of the objects", () => {
    const message = expectFlagged(s3BucketTlsOnly, [bucket, policy([denyHttp({ Resource: [ARN, `${ARN}/public/*`] })])], B);
    expect(message).toContain("does not cover arn:aws:s3:::data/*");
  });

  it("fails synth for a deny on another bucket", () => {
    const other = denyHttp({ Resource: ["${aws_s3_bucket.other.arn}", "${aws_s3_bucket.other.arn}/*", "arn:aws:s3:::data-logs/*"] });
    expect(expectFlagged(s3BucketTlsOnly, [bucket, policy([other])], B)).toContain("does not cover arn:aws:s3:::data and arn:aws:s3:::data/*");
  });
});

describe("s3-bucket-tls12", () => {
  const denyOldTls = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    Sid: "DenyOutdatedTls",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [ARN, `${ARN}/*`],
    Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
    ...overrides,
  });

  it("passes the statements every PrivateBucket writes", () => {
    expectPass(s3BucketTls12, [bucket, policy([denyInsecureTransport(ARN), denyOutdatedTls(ARN), cloudFrontRead])], B);
  });

  it("passes a numeric version, a stricter minimum, Action * and principal AWS *, split over two statements", () => {
    const statements = [
      denyOldTls({ Principal: { AWS: "*" }, Action: ["*"], Resource: "arn:aws:s3:::data", Condition: { NumericLessThan: { "s3:TlsVersion": 1.2 } } }),
      denyOldTls({ Sid: "Objects", Resource: "arn:aws:s3:::data/*", Condition: { NumericLessThanIfExists: { "s3:tlsversion": ["1.1", "1.3"] } } }),
    ];
    expectPass(s3BucketTls12, [bucket, policy(statements)], B);
  });

  it("fails synth for a policy that denies plain HTTP only", () => {
    const message = expectFlagged(s3BucketTls12, [bucket, policy([denyHttp(), cloudFrontRead])], B);
    expect(message).toContain('aws_s3_bucket_policy.p policy has no Deny statement for principal "*" on s3:* conditioned only on NumericLessThan s3:TlsVersion "1.2"');
  });

  it("fails synth for a bucket without a policy", () => {
    expect(expectFlagged(s3BucketTls12, [bucket], B)).toContain("no bucket policy");
  });

  it.each([
    ["a minimum below 1.2", { Condition: { NumericLessThan: { "s3:TlsVersion": "1.1" } } }],
    ["a version that is not a number", { Condition: { NumericLessThan: { "s3:TlsVersion": "TLSv1.2" } } }],
    ["the wrong operator", { Condition: { NumericGreaterThan: { "s3:TlsVersion": "1.2" } } }],
    ["a further condition that narrows the deny", { Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" }, StringEquals: { "aws:PrincipalAccount": "111122223333" } } }],
    ["a principal that is one account", { Principal: { AWS: "arn:aws:iam::111122223333:root" } }],
    ["one action only", { Action: "s3:PutObject" }],
    ["a NotAction", { Action: undefined, NotAction: "s3:GetObject" }],
    ["an Allow effect", { Effect: "Allow" }],
  ])("fails synth for a deny with %s", (_what, overrides) => {
    expectFlagged(s3BucketTls12, [bucket, policy([denyHttp(), denyOldTls(overrides)])], B);
  });

  it("fails synth for a deny that covers the bucket but not its objects", () => {
    const message = expectFlagged(s3BucketTls12, [bucket, policy([denyOldTls({ Resource: ARN })])], B);
    expect(message).toContain("the s3:TlsVersion deny does not cover arn:aws:s3:::data/*");
  });
});

describe("s3-bucket-no-public-principal", () => {
  it("passes a policy whose only public principal is in a Deny", () => {
    expectPass(s3BucketNoPublicPrincipal, [bucket, policy([denyHttp(), cloudFrontRead])], B);
  });

  it("passes a bucket without a policy", () => {
    expectPass(s3BucketNoPublicPrincipal, [bucket], B);
  });

  it("passes an Allow to * that has a condition", () => {
    const vpceOnly = { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${ARN}/*`, Condition: { StringEquals: { "aws:SourceVpce": "vpce-1" } } };
    expectPass(s3BucketNoPublicPrincipal, [bucket, policy([vpceOnly])], B);
  });

  it.each([
    ["Principal *", { Principal: "*" }, 'allows principal "*"'],
    ["Principal AWS *", { Principal: { AWS: ["*"] } }, 'allows principal "*"'],
    ["a NotPrincipal", { NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" } }, "allows everyone but its NotPrincipal"],
  ])("fails synth for an unconditioned Allow to %s", (_what, principal, detail) => {
    const statement = { Sid: "Public", Effect: "Allow", Action: "s3:GetObject", Resource: `${ARN}/*`, ...principal };
    const message = expectFlagged(s3BucketNoPublicPrincipal, [bucket, policy([denyHttp(), statement])], B);
    expect(message).toContain(`aws_s3_bucket_policy.p policy statement Public ${detail} without a Condition`);
  });

  it("fails synth for a public Allow in the legacy inline policy", () => {
    const inline = JSON.stringify({ Statement: { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::data/*" } });
    expect(expectFlagged(s3BucketNoPublicPrincipal, [bucketWith({ policy: inline })], B)).toContain("the bucket's inline policy Statement[0]");
  });

  it("fails synth for a policy that is not valid JSON", () => {
    const broken = setting("aws_s3_bucket_policy", { policy: "Statement: Allow *" }, "p");
    expect(expectFlagged(s3BucketNoPublicPrincipal, [bucket, broken], B)).toContain("is not valid JSON");
  });
});

describe("s3-bucket-ownership-enforced", () => {
  const ownership = (rule: unknown): Fixture => setting("aws_s3_bucket_ownership_controls", { rule });

  it("passes BucketOwnerEnforced", () => {
    expectPass(s3BucketOwnershipEnforced, [bucket, ownership({ object_ownership: "BucketOwnerEnforced" })], B);
  });

  it("fails synth for a bucket without ownership controls", () => {
    expect(expectFlagged(s3BucketOwnershipEnforced, [bucket], B)).toContain("no aws_s3_bucket_ownership_controls refers to the bucket");
  });

  it("fails synth for ownership that keeps ACLs", () => {
    const message = expectFlagged(s3BucketOwnershipEnforced, [bucket, ownership([{ object_ownership: "BucketOwnerPreferred" }])], B);
    expect(message).toContain('rule.object_ownership is "BucketOwnerPreferred"');
  });
});

describe("s3-bucket-abort-multipart", () => {
  const abortRule = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    id: "abort",
    status: "Enabled",
    abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
    filter: [{ prefix: "" }],
    ...overrides,
  });
  const lifecycle = (...rules: Record<string, unknown>[]): Fixture => setting("aws_s3_bucket_lifecycle_configuration", { rule: rules });

  it("passes an enabled rule with an empty filter", () => {
    expectPass(s3BucketAbortMultipart, [bucket, lifecycle(abortRule())], B);
  });

  it("passes an enabled rule without a filter, next to a narrower rule", () => {
    const logs = abortRule({ id: "logs", filter: [{ prefix: "logs/" }], abort_incomplete_multipart_upload: undefined, expiration: [{ days: 30 }] });
    expectPass(s3BucketAbortMultipart, [bucket, lifecycle(logs, abortRule({ filter: undefined }))], B);
  });

  it("passes the legacy inline lifecycle_rule", () => {
    expectPass(s3BucketAbortMultipart, [bucketWith({ lifecycle_rule: [{ enabled: true, abort_incomplete_multipart_upload_days: 3 }] })], B);
  });

  it("reports a bucket without a lifecycle configuration", () => {
    expect(expectFlagged(s3BucketAbortMultipart, [bucket], B)).toContain("no aws_s3_bucket_lifecycle_configuration with a rule");
  });

  it.each([
    ["a disabled rule", { status: "Disabled" }, 'status is "Disabled"'],
    ["a rule without the abort", { abort_incomplete_multipart_upload: undefined }, "no abort_incomplete_multipart_upload.days_after_initiation"],
    ["a rule for one prefix", { filter: [{ prefix: "uploads/" }] }, "its filter or prefix limits it to part of the bucket"],
    ["a rule for one tag", { filter: [{ tag: [{ key: "tmp", value: "yes" }] }] }, "its filter or prefix limits it to part of the bucket"],
    ["a rule with the deprecated prefix", { filter: undefined, prefix: "uploads/" }, "its filter or prefix limits it to part of the bucket"],
  ])("reports %s", (_what, overrides, detail) => {
    const message = expectFlagged(s3BucketAbortMultipart, [bucket, lifecycle(abortRule(overrides))], B);
    expect(message).toContain(`aws_s3_bucket_lifecycle_configuration.s rule "abort": ${detail}`);
  });

  it("reports a legacy inline lifecycle_rule for one prefix", () => {
    const inline = { lifecycle_rule: [{ id: "tmp", enabled: true, prefix: "tmp/", abort_incomplete_multipart_upload_days: 1 }] };
    expect(expectFlagged(s3BucketAbortMultipart, [bucketWith(inline)], B)).toContain('inline lifecycle_rule "tmp": its prefix or tags limit it');
  });
});

describe("s3-bucket-no-force-destroy", () => {
  it("passes a bucket without force_destroy in a protected environment", () => {
    expectPass(s3BucketNoForceDestroy, [bucketWith({ force_destroy: false })], B, { protected: true });
    expectPass(s3BucketNoForceDestroy, [bucket], B, { protected: true });
  });

  it("fails synth for force_destroy in a protected environment", () => {
    expect(expectFlagged(s3BucketNoForceDestroy, [bucketWith({ force_destroy: true })], B, { protected: true })).toContain("force_destroy is true");
    expect(expectFlagged(s3BucketNoForceDestroy, [bucketWith({ force_destroy: "${var.force}" })], B, { protected: true })).toContain(
      "which the pack cannot read at synth",
    );
  });

  it("is not applicable outside protected environments", () => {
    expect(resultFor(s3BucketNoForceDestroy, [bucketWith({ force_destroy: true })], B, { protected: false }).status).toBe("not-applicable");
  });
});
