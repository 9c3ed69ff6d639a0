import { hasNarrowingCondition } from "../../json";
import { Rule } from "../../types";
import { isStarOnlyAction, judgeAllowStatements, onAnyResource, PERMISSION_POLICY_TYPES } from "./_shared";

/** Condition keys that narrow a `Resource: "*"` statement to some resources after all. */
const RESOURCE_CONDITION_KEYS = ["aws:ResourceTag/", "ec2:ResourceTag/", "ec2:Subnet", "ec2:Vpc"];

/**
 * No Allow statement grants, on `Resource: "*"` (or with `NotResource`), an action that
 * supports resource-level permissions. Actions AWS authorizes only on `*` (see
 * STAR_ONLY_ACTIONS in _shared.ts) pass, and so does a statement narrowed by a condition on the
 * resource's tags, subnet or VPC. A wildcard action pattern (`logs:Describe*`) on `*` fails:
 * it may match actions that take ARNs.
 */
export const iamNoWildcardResource: Rule = {
  id: "iam-no-wildcard-resource",
  checkov: "CKV_AWS_355",
  trivy: "AVD-AWS-0057",
  level: "error",
  resourceTypes: PERMISSION_POLICY_TYPES,
  summary: 'IAM policy allows actions that take resource ARNs on Resource "*"',
  why: "On \"*\" the actions reach every resource of that kind in the account, present and future; name the ARNs the principal works on.",
  check(subject) {
    return judgeAllowStatements(subject, ({ label, statement }) => {
      if (!onAnyResource(statement) || hasNarrowingCondition(statement, RESOURCE_CONDITION_KEYS)) return [];
      const where = statement.notResources.length > 0 ? "with NotResource" : 'on Resource "*"';
      if (statement.notActions.length > 0) return [`${label} allows NotAction ${JSON.stringify(statement.notActions)} ${where}`];
      const scopable = statement.actions.filter((a) => !isStarOnlyAction(a));
      return scopable.length > 0 ? [`${label} allows ${scopable.join(", ")} ${where}; they take resource ARNs`] : [];
    });
  },
};
