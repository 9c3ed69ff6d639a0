import { blocks, hasText } from "../../json";
import { fail, pass, Rule, verdictOf } from "../../types";
import { SECURITY_GROUP_RULE_TYPES } from "./_shared";

const PROVIDER_DEFAULT = "Managed by Terraform";

export const sgDescription: Rule = {
  id: "sg-description",
  checkov: "CKV_AWS_23",
  trivy: "AVD-AWS-0099",
  level: "warning",
  resourceTypes: ["aws_security_group", ...SECURITY_GROUP_RULE_TYPES],
  summary: "Security group or security group rule without a description",
  why: "The description is what tells a reviewer, or someone in an incident, why a group or an opening exists; without it nobody dares remove a rule.",
  check(subject) {
    if (subject.type !== "aws_security_group") {
      return hasText(subject.values.description) ? pass() : fail("description is missing");
    }
    const problems: string[] = [];
    const description = subject.values.description;
    if (description === undefined || description === null) problems.push(`description is missing (the provider sets "${PROVIDER_DEFAULT}")`);
    else if (!hasText(description)) problems.push("description is empty");
    else if (String(description).trim() === PROVIDER_DEFAULT) problems.push(`description is the provider default "${PROVIDER_DEFAULT}"`);
    for (const direction of ["ingress", "egress"] as const) {
      blocks(subject.values[direction]).forEach((rule, i) => {
        if (!hasText(rule.description)) problems.push(`${direction}[${i}] has no description`);
      });
    }
    return verdictOf(problems);
  },
};
