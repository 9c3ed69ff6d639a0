import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";

/** One TCP port between a security group and another group. */
export interface GroupRule {
  /** The group the rule belongs to. */
  readonly securityGroupId: string;
  /** The group on the other side. */
  readonly peerSecurityGroupId: string;
  readonly port: number;
  readonly description: string;
}

/** Admits the peer group's members on one TCP port. */
export function tcpIngressFromGroup(scope: Construct, id: string, rule: GroupRule): VpcSecurityGroupIngressRule {
  return new VpcSecurityGroupIngressRule(scope, id, {
    securityGroupId: rule.securityGroupId,
    description: rule.description,
    ipProtocol: "tcp",
    fromPort: rule.port,
    toPort: rule.port,
    referencedSecurityGroupId: rule.peerSecurityGroupId,
  });
}

/** Lets the group's members reach the peer group's on one TCP port. */
export function tcpEgressToGroup(scope: Construct, id: string, rule: GroupRule): VpcSecurityGroupEgressRule {
  return new VpcSecurityGroupEgressRule(scope, id, {
    securityGroupId: rule.securityGroupId,
    description: rule.description,
    ipProtocol: "tcp",
    fromPort: rule.port,
    toPort: rule.port,
    referencedSecurityGroupId: rule.peerSecurityGroupId,
  });
}

/** Lets the group's members open HTTPS connections anywhere (AWS APIs, registries, downloads). */
export function httpsEgressAnywhere(scope: Construct, id: string, securityGroupId: string, description: string): VpcSecurityGroupEgressRule {
  return new VpcSecurityGroupEgressRule(scope, id, {
    securityGroupId,
    description,
    ipProtocol: "tcp",
    fromPort: 443,
    toPort: 443,
    cidrIpv4: "0.0.0.0/0",
  });
}
