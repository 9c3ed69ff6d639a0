import { kmsKeyRotation } from "../../policies/rules/kms/kms-key-rotation";
import { kmsNoPublicPrincipal } from "../../policies/rules/kms/kms-no-public-principal";
import { expectFlagged, expectPass, Fixture, resultFor } from "./harness";

const key = (values: Record<string, unknown>): Fixture => ({ type: "aws_kms_key", name: "k", values: { description: "test", ...values } });
const doc = (...statements: Record<string, unknown>[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const accountAdministers = { Sid: "Account", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" };

describe("kms-key-rotation", () => {
  it("passes a symmetric key with rotation on", () => {
    expectPass(kmsKeyRotation, [key({ enable_key_rotation: true })], "aws_kms_key.k");
    expectPass(kmsKeyRotation, [key({ enable_key_rotation: true, customer_master_key_spec: "SYMMETRIC_DEFAULT" })], "aws_kms_key.k");
  });

  it("fails synth when rotation is not set, since it defaults to false", () => {
    expect(expectFlagged(kmsKeyRotation, [key({})], "aws_kms_key.k")).toContain("enable_key_rotation is not set (defaults to false)");
  });

  it("fails synth when rotation is off", () => {
    expect(expectFlagged(kmsKeyRotation, [key({ enable_key_rotation: false })], "aws_kms_key.k")).toContain("enable_key_rotation is false");
  });

  it.each([["RSA_2048"], ["ECC_NIST_P256"], ["HMAC_256"]])("is not applicable to a %s key", (spec) => {
    const result = resultFor(kmsKeyRotation, [key({ customer_master_key_spec: spec })], "aws_kms_key.k");
    expect(result.status).toBe("not-applicable");
    expect(result.detail).toContain(spec);
  });

  it("is not applicable to a key in a custom key store", () => {
    expect(resultFor(kmsKeyRotation, [key({ custom_key_store_id: "cks-1234" })], "aws_kms_key.k").status).toBe("not-applicable");
  });
});

describe("kms-no-public-principal", () => {
  it("passes a key without a policy (AWS's default trusts the account only)", () => {
    expectPass(kmsNoPublicPrincipal, [key({})], "aws_kms_key.k");
  });

  it("passes account and service principals, and * narrowed to the caller's account", () => {
    const service = { Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*" };
    const viaAccount = {
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["kms:Decrypt"],
      Resource: "*",
      Condition: { StringEquals: { "kms:CallerAccount": "123456789012", "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
    };
    expectPass(kmsNoPublicPrincipal, [key({ policy: doc(accountAdministers, service, viaAccount) })], "aws_kms_key.k");
  });

  it.each([["*"], [{ AWS: "*" }]])("fails synth for the principal %j without a condition", (principal) => {
    const policy = doc(accountAdministers, { Sid: "Everyone", Effect: "Allow", Principal: principal, Action: "kms:Decrypt", Resource: "*" });
    expect(expectFlagged(kmsNoPublicPrincipal, [key({ policy })], "aws_kms_key.k")).toContain('policy statement Everyone allows principal "*" without a condition on the caller');
  });

  it("fails synth for Allow with NotPrincipal", () => {
    const policy = doc({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::123456789012:role/x" }, Action: "kms:*", Resource: "*" });
    expect(expectFlagged(kmsNoPublicPrincipal, [key({ policy })], "aws_kms_key.k")).toContain("everyone but its NotPrincipal");
  });

  it("fails synth when the condition does not limit the callers", () => {
    const policy = doc({ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } } });
    expectFlagged(kmsNoPublicPrincipal, [key({ policy })], "aws_kms_key.k");
  });

  it("fails synth for a policy it cannot read", () => {
    expect(expectFlagged(kmsNoPublicPrincipal, [key({ policy: "{" })], "aws_kms_key.k")).toContain("policy is not valid JSON");
    expect(expectFlagged(kmsNoPublicPrincipal, [key({ policy: "${data.aws_iam_policy_document.key.json}" })], "aws_kms_key.k")).toContain("Terraform expression");
  });
});
