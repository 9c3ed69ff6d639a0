import { parsePolicyDocument } from "../../json";
import { fail, notApplicable, Rule, verdictOf } from "../../types";

/**
 * In an environment's stack (one whose policy pack names a permissions boundary), every IAM
 * role carries exactly that boundary and trusts no identity provider (`Federated`): the
 * environment's deploy role may create roles only under the boundary, and a role that GitHub or
 * another identity provider could assume belongs in the bootstrap stack, beside the CI roles.
 */
export const iamEnvironmentRoleBounded: Rule = {
  id: "iam-environment-role-bounded",
  level: "error",
  resourceTypes: ["aws_iam_role"],
  summary: "IAM role of an environment lacks the environment's permissions boundary, or trusts an identity provider",
  why: "The deploy role creates roles only with the boundary attached, so a role without it fails to deploy, and one with another boundary is not capped to the environment; a role trusting an identity provider lets an outside identity into the environment.",
  check(role, context) {
    const boundary = context.permissionsBoundaryArn;
    if (boundary === undefined) return notApplicable("the stack names no permissions boundary");
    const trust = parsePolicyDocument(role.values.assume_role_policy, "assume_role_policy");
    if (!trust.ok) return fail(trust.detail);
    const problems: string[] = [];
    const actual = role.values.permissions_boundary;
    if (actual !== boundary) {
      problems.push(`permissions_boundary is ${actual === undefined ? "not set" : JSON.stringify(actual)}; the environment's is ${JSON.stringify(boundary)}`);
    }
    const federated = trust.value.flatMap((s) => (s.effect === "Allow" && s.principal !== undefined && s.principal !== "*" ? (s.principal.Federated ?? []) : []));
    if (federated.length > 0) problems.push(`assume_role_policy trusts the identity provider ${federated.map((f) => JSON.stringify(f)).join(", ")}`);
    return verdictOf(problems);
  },
};
