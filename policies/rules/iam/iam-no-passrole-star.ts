import { Rule } from "../../types";
import { grantsAction, judgeAllowStatements, onAnyResource, PERMISSION_POLICY_TYPES } from "./_shared";

/**
 * No Allow statement grants `iam:PassRole` (directly, or through `iam:*`, `iam:Pass*`, `*` or a
 * NotAction) on every role. An `iam:PassedToService` condition does not make it pass: any role
 * of the account, the admin ones included, can still be handed to that service.
 */
export const iamNoPassroleStar: Rule = {
  id: "iam-no-passrole-star",
  level: "error",
  resourceTypes: PERMISSION_POLICY_TYPES,
  summary: 'IAM policy allows iam:PassRole on Resource "*"',
  why: "Passing any role lets the principal give a service (a Lambda, an ECS task, an EC2 instance) a more powerful role than its own and act through it: a privilege escalation.",
  check(subject) {
    return judgeAllowStatements(subject, ({ label, statement }) =>
      grantsAction(statement, "iam:PassRole") && onAnyResource(statement)
        ? [`${label} allows iam:PassRole ${statement.notResources.length > 0 ? "with NotResource" : 'on Resource "*"'}; name the role ARNs`]
        : [],
    );
  },
};
