import { admitsAnyone, anyoneLabel, CALLER_CONDITION_KEYS, hasNarrowingCondition, parsePolicyDocument, statementLabel } from "../../json";
import { fail, pass, Rule, verdictOf } from "../../types";

/**
 * No key policy statement allows anyone (`*`, `{ AWS: "*" }`, everyone but a NotPrincipal)
 * unless a condition names the callers (`kms:CallerAccount`, `aws:PrincipalOrgID`,
 * `aws:SourceAccount`, ... see CALLER_CONDITION_KEYS). A key without `policy` gets AWS's default
 * key policy, which trusts the key's own account only: it passes.
 */
export const kmsNoPublicPrincipal: Rule = {
  id: "kms-no-public-principal",
  checkov: "CKV_AWS_33",
  level: "error",
  resourceTypes: ["aws_kms_key"],
  summary: "KMS key policy allows a public principal without a condition on the caller",
  why: "A key policy is the key's only gate: an Allow to \"*\" lets any AWS account use or manage the key, and so read everything encrypted with it.",
  check(key) {
    if (key.values.policy === undefined) return pass();
    const policy = parsePolicyDocument(key.values.policy, "policy");
    if (!policy.ok) return fail(policy.detail);
    return verdictOf(
      policy.value.flatMap((s, i) =>
        s.effect === "Allow" && admitsAnyone(s) && !hasNarrowingCondition(s, CALLER_CONDITION_KEYS)
          ? [`policy ${statementLabel(s, i)} allows ${anyoneLabel(s)} without a condition on the caller`]
          : [],
      ),
    );
  },
};
