import { admitsAnyone, anyoneLabel, CALLER_CONDITION_KEYS, hasNarrowingCondition, parsePolicyDocument, statementLabel } from "../../json";
import { fail, Rule, verdictOf } from "../../types";

const ACCOUNT_ROOT = /^(arn:[^:]+:iam::[^:]+:root|\d{12})$/;

/**
 * A role's trust policy does not let anyone (`*`, `{ AWS: "*" }`, a NotPrincipal) or a whole
 * account (`arn:aws:iam::<account>:root`, a bare account id) assume it, unless a condition names
 * the callers: `sts:ExternalId`, `aws:PrincipalArn`, `aws:PrincipalOrgID`, `aws:SourceAccount`
 * and the like (CALLER_CONDITION_KEYS). Service and federated principals are other rules' business.
 */
export const iamTrustNotPublic: Rule = {
  id: "iam-trust-not-public",
  checkov: "CKV_AWS_60",
  level: "error",
  resourceTypes: ["aws_iam_role"],
  summary: "IAM role trust policy lets anyone, or every principal of an account, assume the role",
  why: "Trusting \"*\" lets any AWS account assume the role; trusting an account's root lets every user and role of that account that has sts:AssumeRole in.",
  check(role) {
    const trust = parsePolicyDocument(role.values.assume_role_policy, "assume_role_policy");
    if (!trust.ok) return fail(trust.detail);
    return verdictOf(
      trust.value.flatMap((s, i) => {
        if (s.effect !== "Allow" || hasNarrowingCondition(s, CALLER_CONDITION_KEYS)) return [];
        const label = `assume_role_policy ${statementLabel(s, i)}`;
        if (admitsAnyone(s)) return [`${label} trusts ${anyoneLabel(s)} without a condition on the caller`];
        const accounts = s.principal === undefined || s.principal === "*" ? [] : (s.principal.AWS ?? []).filter((p) => ACCOUNT_ROOT.test(p));
        return accounts.length > 0 ? [`${label} trusts the whole account ${accounts.join(", ")} without a condition on the caller (sts:ExternalId, aws:PrincipalArn, ...)`] : [];
      }),
    );
  },
};
