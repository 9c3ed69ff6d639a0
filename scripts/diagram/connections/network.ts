/** Connections over the network: security group rules between modules, and egress to the internet through the network's gateways. */
import { block, blocks, literal, strings } from "../../../inspect";
import { defaultRouteTargets, gatewayKind } from "../containers";
import { compareText, StackModel, StackResource, unique } from "../stack";
import { Connection, pathOf, paths } from "./connection";

const PORT_NAMES: Readonly<Record<string, string>> = {
  "22": "SSH",
  "80": "HTTP",
  "443": "HTTPS",
  "3306": "MySQL",
  "5432": "PostgreSQL",
  "6379": "Redis",
  "11211": "Memcached",
  "27017": "MongoDB",
};

/** A security group rule's traffic: its protocol name when the port has a well-known one, and `TCP 5432`. */
function trafficOf(rule: Readonly<Record<string, unknown>>): { name?: string; transport: string } {
  const protocol = (literal(rule.ip_protocol) ?? literal(rule.protocol) ?? "tcp").toLowerCase();
  if (protocol === "-1" || protocol === "all") return { transport: "all traffic" };
  const from = literal(rule.from_port);
  const to = literal(rule.to_port);
  const ports = from === to || to === undefined ? (from ?? "") : `${from}-${to}`;
  return { name: from === to && from !== undefined ? PORT_NAMES[from] : undefined, transport: `${protocol.toUpperCase()} ${ports}`.trim() };
}

/** Security group rules whose peer is another module's security group: the peer's module connects to the group's. */
export function securityGroupConnections(model: StackModel): Connection[] {
  const found = new Map<string, { from: string; to: string; rule: Readonly<Record<string, unknown>>; evidence: StackResource[] }>();
  const add = (from: StackResource | undefined, to: StackResource | undefined, rule: Readonly<Record<string, unknown>>, evidence: StackResource) => {
    if (from === undefined || to === undefined || from.module === to.module) return;
    const key = `${from.module}|${to.module}|${trafficOf(rule).transport}`;
    const entry = found.get(key) ?? { from: from.module, to: to.module, rule, evidence: [] };
    entry.evidence.push(evidence);
    found.set(key, entry);
  };
  for (const rule of model.ofType("aws_vpc_security_group_ingress_rule")) {
    add(model.target(rule.values.referenced_security_group_id), model.target(rule.values.security_group_id), rule.values, rule);
  }
  for (const rule of model.ofType("aws_vpc_security_group_egress_rule")) {
    add(model.target(rule.values.security_group_id), model.target(rule.values.referenced_security_group_id), rule.values, rule);
  }
  for (const rule of model.ofType("aws_security_group_rule")) {
    const group = model.target(rule.values.security_group_id);
    const peer = model.target(rule.values.source_security_group_id);
    if (literal(rule.values.type) === "egress") add(group, peer, rule.values, rule);
    else add(peer, group, rule.values, rule);
  }
  for (const group of model.ofType("aws_security_group")) {
    for (const rule of blocks(group.values.ingress)) for (const peer of strings(rule.security_groups)) add(model.target(peer), group, rule, group);
    for (const rule of blocks(group.values.egress)) for (const peer of strings(rule.security_groups)) add(group, model.target(peer), rule, group);
  }
  return [...found.values()].map(({ from, to, rule, evidence }) => {
    const traffic = trafficOf(rule);
    return {
      from,
      to,
      label: traffic.name ?? traffic.transport,
      technology: traffic.name !== undefined ? traffic.transport : "security groups",
      detail: `Connects over ${traffic.name !== undefined ? `${traffic.name}, ` : ""}${traffic.transport}`,
      via: `Security group rules from ${from} to ${to}`,
      evidence: paths(evidence),
      order: 2,
    };
  });
}

/** Egress to the internet (0.0.0.0/0) from a module's security group, through another module's gateways. */
export function internetEgressConnections(model: StackModel): Connection[] {
  const connections: Connection[] = [];
  const rules = [
    ...model.ofType("aws_vpc_security_group_egress_rule").filter((r) => literal(r.values.cidr_ipv4) === "0.0.0.0/0"),
    ...model.ofType("aws_security_group_rule").filter((r) => literal(r.values.type) === "egress" && strings(r.values.cidr_blocks).includes("0.0.0.0/0")),
  ];
  for (const rule of rules) {
    const group = model.target(rule.values.security_group_id);
    if (group === undefined) continue;
    // The resources that use the group, and the subnets they are placed in.
    const users = model.resources.filter((r) => r.module === group.module && r !== group && model.referencesIn(r.values).some((ref) => ref.resource === group));
    const subnets = unique(users.flatMap((u) => model.referencesIn(u.values).map((ref) => ref.resource).filter((s) => s.type === "aws_subnet")));
    const publicIp = users.some((u) => literal(block(u.values.network_configuration)?.assign_public_ip) === "true" || literal(u.values.associate_public_ip_address) === "true");
    // Through an internet gateway only with a public IP; through NAT from anywhere.
    const ways = unique(subnets.flatMap((s) => defaultRouteTargets(model, s))).filter(
      (g) => g.module !== group.module && (g.type !== "aws_internet_gateway" || publicIp),
    );
    const traffic = trafficOf(rule.values);
    for (const owner of unique(ways.map((g) => g.module))) {
      const through = unique(ways.filter((g) => g.module === owner).map(gatewayKind)).sort(compareText);
      connections.push({
        from: group.module,
        to: owner,
        label: `${traffic.name ?? traffic.transport} out`,
        technology: through.join(", "),
        detail: literal(rule.values.description) ?? `${traffic.name ?? traffic.transport} to the internet`,
        via: `${traffic.transport} to 0.0.0.0/0 through the ${through.join(" and ")}${through.includes("internet gateway") ? " (public IP)" : ""}`,
        evidence: [pathOf(rule)],
        order: 3,
      });
    }
  }
  return connections;
}
