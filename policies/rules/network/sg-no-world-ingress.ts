import { blocks, unreadable } from "../../json";
import { fail, notApplicable, Rule, verdictOf } from "../../types";
import { cidrsOf, isWorldCidr, portsOf } from "./_shared";

/** The world CIDRs of one rule, as `0.0.0.0/0 on port 22`. */
function worldOpenings(rule: Readonly<Record<string, unknown>>, attributes: readonly string[]): string[] {
  return attributes.flatMap((attribute) => cidrsOf(rule[attribute]).filter(isWorldCidr)).map((cidr) => `${cidr} on ${portsOf(rule)}`);
}

export const sgNoWorldIngress: Rule = {
  id: "sg-no-world-ingress",
  trivy: "AVD-AWS-0107",
  level: "error",
  resourceTypes: ["aws_security_group", "aws_default_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  summary: "Security group allows ingress from the whole internet (0.0.0.0/0 or ::/0)",
  why: "Anything listening behind the group is reachable by every scanner on the internet; traffic from outside should come through a load balancer, API Gateway or CloudFront, or from named CIDRs and groups.",
  check(subject) {
    const { values } = subject;
    switch (subject.type) {
      case "aws_security_group_rule":
        if (values.type === "egress") return notApplicable("an egress rule");
        if (values.type !== "ingress") return fail(unreadable("type", values.type));
        return verdictOf(worldOpenings(values, ["cidr_blocks", "ipv6_cidr_blocks"]).map((o) => `ingress from ${o}`));
      case "aws_vpc_security_group_ingress_rule":
        return verdictOf(worldOpenings(values, ["cidr_ipv4", "cidr_ipv6"]).map((o) => `ingress from ${o}`));
      default:
        return verdictOf(
          blocks(values.ingress).flatMap((rule, i) => worldOpenings(rule, ["cidr_blocks", "ipv6_cidr_blocks"]).map((o) => `ingress[${i}] from ${o}`)),
        );
    }
  },
};
