import { Rule } from "../../types";
import { judgeAllowStatements, PERMISSION_POLICY_TYPES } from "./_shared";

const WILDCARD_ACTION = /^(\*|[a-z0-9-]+:\*)$/i;

/**
 * No Allow statement grants `*` or every action of a service (`s3:*`). An Allow with
 * `NotAction` fails as well: it grants every action of every service but the ones listed.
 */
export const iamNoWildcardActions: Rule = {
  id: "iam-no-wildcard-actions",
  checkov: "CKV_AWS_63",
  trivy: "AVD-AWS-0057",
  level: "error",
  resourceTypes: PERMISSION_POLICY_TYPES,
  summary: "IAM policy allows every action, or every action of a service",
  why: "A wildcard action grants today's and tomorrow's actions, including the destructive and permission-changing ones; list the actions the principal needs.",
  check(subject) {
    return judgeAllowStatements(subject, ({ label, statement }) => {
      if (statement.notActions.length > 0) return [`${label} allows NotAction ${JSON.stringify(statement.notActions)}, which grants every other action`];
      const wild = statement.actions.filter((a) => WILDCARD_ACTION.test(a));
      return wild.length > 0 ? [`${label} allows Action ${wild.map((a) => JSON.stringify(a)).join(", ")}`] : [];
    });
  },
};
