import { blocks } from "../../json";
import type { PolicyContext, PolicySubject } from "../../types";
import { fail, Rule, verdictOf } from "../../types";
import { SECURITY_GROUP_RULE_TYPES } from "./_shared";

/** Rule resources that add to the VPC's default group, by its resource or by `aws_vpc.x.default_security_group_id`. */
function rulesOnDefaultGroup(vpc: PolicySubject, groups: readonly PolicySubject[], context: PolicyContext): PolicySubject[] {
  return SECURITY_GROUP_RULE_TYPES.flatMap((type) => context.ofType(type)).filter((rule) => {
    const target = rule.values.security_group_id;
    const resolved = context.resolve(target);
    if (resolved !== undefined && groups.includes(resolved)) return true;
    return resolved === vpc && typeof target === "string" && target.includes(".default_security_group_id");
  });
}

export const vpcDefaultSecurityGroupClosed: Rule = {
  id: "vpc-default-security-group-closed",
  checkov: "CKV2_AWS_12",
  trivy: "AVD-AWS-0173",
  level: "error",
  resourceTypes: ["aws_vpc"],
  summary: "VPC whose default security group is not managed with no rules",
  why: "Anything launched without a named group lands in the default group; AWS creates it allowing all traffic between its members and all egress, so it must be taken over and emptied.",
  check(vpc, context) {
    const groups = context.referrers("aws_default_security_group", "vpc_id", vpc);
    if (groups.length === 0) {
      return fail("no aws_default_security_group refers to the VPC, so the default group keeps AWS's allow-all-from-itself rules");
    }
    const problems: string[] = [];
    for (const group of groups) {
      for (const direction of ["ingress", "egress"] as const) {
        const rules = blocks(group.values[direction]);
        if (rules.length > 0) problems.push(`${group.address} has ${rules.length} ${direction} rule(s)`);
      }
    }
    for (const rule of rulesOnDefaultGroup(vpc, groups, context)) problems.push(`${rule.address} adds a rule to the default group`);
    return verdictOf(problems);
  },
};
