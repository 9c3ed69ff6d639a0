import { isTrue } from "../../json";
import { fail, notApplicable, pass, Rule } from "../../types";

/**
 * A symmetric encryption key (`customer_master_key_spec` missing or `SYMMETRIC_DEFAULT`) has
 * `enable_key_rotation` true; the provider's default is false. Asymmetric and HMAC keys, and keys
 * in a custom key store, cannot rotate automatically: not applicable.
 */
export const kmsKeyRotation: Rule = {
  id: "kms-key-rotation",
  checkov: "CKV_AWS_7",
  trivy: "AVD-AWS-0065",
  level: "error",
  resourceTypes: ["aws_kms_key"],
  summary: "KMS key without automatic rotation",
  why: "Rotation limits how much data one key version protects and how long a leaked version stays useful; AWS keeps the old versions, so nothing breaks.",
  check(key) {
    const spec = key.values.customer_master_key_spec ?? "SYMMETRIC_DEFAULT";
    if (spec !== "SYMMETRIC_DEFAULT") return notApplicable(`customer_master_key_spec is ${String(spec)}, which AWS cannot rotate`);
    if (key.values.custom_key_store_id !== undefined) return notApplicable("keys in a custom key store cannot rotate automatically");
    if (isTrue(key.values.enable_key_rotation)) return pass();
    return fail(key.values.enable_key_rotation === undefined ? "enable_key_rotation is not set (defaults to false)" : `enable_key_rotation is ${String(key.values.enable_key_rotation)}`);
  },
};
