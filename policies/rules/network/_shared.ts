/** The resource types that each add one rule to a security group. */
export const SECURITY_GROUP_RULE_TYPES = [
  "aws_security_group_rule",
  "aws_vpc_security_group_ingress_rule",
  "aws_vpc_security_group_egress_rule",
] as const;

/** True for a CIDR that covers every address (`0.0.0.0/0`, `::/0`): a prefix length of 0. */
export function isWorldCidr(cidr: unknown): boolean {
  return typeof cidr === "string" && /^[0-9a-fA-F:.]+\/0$/.test(cidr.trim());
}

/** The CIDRs of a list attribute (`cidr_blocks`) or a single one (`cidr_ipv4`). */
export function cidrsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** The ports a rule opens, for messages: `all ports`, `port 22`, `ports 1024-2048`. */
export function portsOf(rule: Readonly<Record<string, unknown>>): string {
  const protocol = String(rule.ip_protocol ?? rule.protocol ?? "");
  if (protocol === "-1" || protocol.toLowerCase() === "all") return "all ports";
  const from = rule.from_port;
  const to = rule.to_port;
  if (from === undefined && to === undefined) return "all ports";
  return from === to ? `port ${String(from)}` : `ports ${String(from)}-${String(to)}`;
}
