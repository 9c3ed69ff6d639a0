import { fail, pass, Rule } from "../../types";
import { SECURITY_GROUP_RULE_TYPES } from "./_shared";

/** Mentions that do not attach a group: its own and its peers' rules, and other groups. */
const NOT_ATTACHMENTS: readonly string[] = ["aws_security_group", "aws_default_security_group", ...SECURITY_GROUP_RULE_TYPES];

export const sgNoOrphans: Rule = {
  id: "sg-no-orphans",
  checkov: "CKV2_AWS_5",
  level: "warning",
  resourceTypes: ["aws_security_group"],
  summary: "Security group not attached to any resource",
  why: "An unattached group protects nothing; it is left over from a removed resource or a wiring mistake, and its rules mislead whoever reads them.",
  check(group, context) {
    const mentions = context.mentionsOf(group);
    if (mentions.some((s) => !NOT_ATTACHMENTS.includes(s.type))) return pass();
    if (mentions.length === 0) return fail("nothing in the stack mentions the group");
    return fail(`only security groups and their rules mention the group (${mentions.map((s) => s.address).join(", ")}); no resource is placed in it`);
  },
};
