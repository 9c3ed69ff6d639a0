import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";

/** What a module says about a security group it creates. */
export interface ReplaceableSecurityGroupOptions {
  /**
   * The group's Name tag, `${project}-${environment}-${role}`. Its AWS name is this, a hyphen and
   * a suffix Terraform generates (`name_prefix`), so a replacement never collides with it.
   */
  readonly name: string;
  /** Why the group exists. Changing it replaces the group (AWS cannot edit a description). */
  readonly description: string;
  /** The VPC the group belongs to. */
  readonly vpcId: string;
}

/**
 * A security group that never blocks its own replacement: `name_prefix` instead of a fixed
 * `name` (two groups of one name cannot exist side by side), and `create_before_destroy`, so a
 * changed description or name creates the new group, moves every attached resource and rule to
 * it, and only then deletes the old one. Deleting first would fail while network interfaces
 * (tasks, the database, endpoints) still use the group. Rules are separate resources
 * (`tcpIngressFromGroup` and the like), never inline. Every module creates its groups here; the
 * policy pack's `sg-replaceable` rule checks the result.
 */
export function replaceableSecurityGroup(scope: Construct, id: string, options: ReplaceableSecurityGroupOptions): SecurityGroup {
  return new SecurityGroup(scope, id, {
    namePrefix: `${options.name}-`,
    description: options.description,
    vpcId: options.vpcId,
    tags: { Name: options.name },
    lifecycle: { createBeforeDestroy: true },
  });
}

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
