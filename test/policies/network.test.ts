import { sgDescription } from "../../policies/rules/network/sg-description";
import { sgNoOrphans } from "../../policies/rules/network/sg-no-orphans";
import { sgNoWorldIngress } from "../../policies/rules/network/sg-no-world-ingress";
import { sgReplaceable } from "../../policies/rules/network/sg-replaceable";
import { vpcDefaultSecurityGroupClosed } from "../../policies/rules/network/vpc-default-security-group-closed";
import { vpcFlowLogs } from "../../policies/rules/network/vpc-flow-logs";
import { vpcSubnetNoPublicIpOnLaunch } from "../../policies/rules/network/vpc-subnet-no-public-ip-on-launch";
import { expectFlagged, expectPass, Fixture, resultFor } from "./harness";

const vpc: Fixture = { type: "aws_vpc", name: "v", values: { cidr_block: "10.0.0.0/16" } };
const group = (values: Record<string, unknown> = {}, name = "g"): Fixture => ({
  type: "aws_security_group",
  name,
  values: { name, description: "API tasks: the container port from the VPC link only", vpc_id: "${aws_vpc.v.id}", ...values },
});
const ingressRule = (values: Record<string, unknown>, name = "in"): Fixture => ({
  type: "aws_vpc_security_group_ingress_rule",
  name,
  values: { security_group_id: "${aws_security_group.g.id}", ip_protocol: "tcp", from_port: 443, to_port: 443, description: "HTTPS", ...values },
});
const inline = (values: Record<string, unknown>): Record<string, unknown> => ({
  from_port: 443,
  to_port: 443,
  protocol: "tcp",
  cidr_blocks: ["10.0.0.0/16"],
  description: "HTTPS from the VPC",
  ...values,
});

describe("sg-description", () => {
  it("passes a group with a description and described inline rules", () => {
    expectPass(sgDescription, [group({ ingress: [inline({})], egress: [inline({})] })], "aws_security_group.g");
  });

  it("passes a rule resource with a description", () => {
    expectPass(sgDescription, [group(), ingressRule({})], "aws_vpc_security_group_ingress_rule.in");
  });

  it("warns about a group without a description (the provider default)", () => {
    expect(expectFlagged(sgDescription, [group({ description: undefined })], "aws_security_group.g")).toContain(
      'description is missing (the provider sets "Managed by Terraform")',
    );
  });

  it("warns about a group whose description is the provider default", () => {
    expect(expectFlagged(sgDescription, [group({ description: "Managed by Terraform" })], "aws_security_group.g")).toContain(
      'description is the provider default "Managed by Terraform"',
    );
  });

  it("warns about a group with an empty description", () => {
    expect(expectFlagged(sgDescription, [group({ description: " " })], "aws_security_group.g")).toContain("description is empty");
  });

  it("warns about an inline rule without a description", () => {
    const message = expectFlagged(sgDescription, [group({ ingress: [inline({})], egress: [inline({ description: "" })] })], "aws_security_group.g");
    expect(message).toContain("egress[0] has no description");
    expect(message).not.toContain("ingress[0]");
  });

  it.each([
    ["aws_security_group_rule", { type: "ingress", security_group_id: "${aws_security_group.g.id}", from_port: 443, to_port: 443, protocol: "tcp" }],
    ["aws_vpc_security_group_ingress_rule", { security_group_id: "${aws_security_group.g.id}", ip_protocol: "-1" }],
    ["aws_vpc_security_group_egress_rule", { security_group_id: "${aws_security_group.g.id}", ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" }],
  ])("warns about a %s without a description", (type, values) => {
    const rule: Fixture = { type, name: "r", values };
    expect(expectFlagged(sgDescription, [group(), rule], `${type}.r`)).toContain("description is missing");
  });
});

describe("sg-no-world-ingress", () => {
  it("passes a group whose inline ingress comes from the VPC only", () => {
    expectPass(sgNoWorldIngress, [group({ ingress: [inline({})], egress: [inline({ cidr_blocks: ["0.0.0.0/0"] })] })], "aws_security_group.g");
  });

  it("passes an ingress rule from a named group or a private CIDR", () => {
    expectPass(sgNoWorldIngress, [group(), ingressRule({ referenced_security_group_id: "${aws_security_group.peer.id}" })], "aws_vpc_security_group_ingress_rule.in");
    expectPass(sgNoWorldIngress, [group(), ingressRule({ cidr_ipv4: "10.0.0.0/8" })], "aws_vpc_security_group_ingress_rule.in");
  });

  it("fails synth for inline ingress from 0.0.0.0/0", () => {
    const message = expectFlagged(sgNoWorldIngress, [group({ ingress: [inline({}), inline({ from_port: 22, to_port: 22, cidr_blocks: ["0.0.0.0/0"] })] })], "aws_security_group.g");
    expect(message).toContain("ingress[1] from 0.0.0.0/0 on port 22");
  });

  it("fails synth for inline ingress from ::/0 on all ports", () => {
    const message = expectFlagged(sgNoWorldIngress, [group({ ingress: [inline({ protocol: "-1", from_port: 0, to_port: 0, ipv6_cidr_blocks: ["::/0"] })] })], "aws_security_group.g");
    expect(message).toContain("ingress[0] from ::/0 on all ports");
  });

  it("fails synth for a default security group with world ingress", () => {
    const defaultGroup: Fixture = { type: "aws_default_security_group", name: "d", values: { vpc_id: "${aws_vpc.v.id}", ingress: [inline({ cidr_blocks: ["0.0.0.0/0"] })] } };
    expect(expectFlagged(sgNoWorldIngress, [vpc, defaultGroup], "aws_default_security_group.d")).toContain("ingress[0] from 0.0.0.0/0 on port 443");
  });

  it("fails synth for an aws_security_group_rule of type ingress from the world", () => {
    const rule: Fixture = {
      type: "aws_security_group_rule",
      name: "r",
      values: { type: "ingress", security_group_id: "${aws_security_group.g.id}", from_port: 80, to_port: 8080, protocol: "tcp", ipv6_cidr_blocks: ["::/0"] },
    };
    expect(expectFlagged(sgNoWorldIngress, [group(), rule], "aws_security_group_rule.r")).toContain("ingress from ::/0 on ports 80-8080");
  });

  it("is not applicable to an aws_security_group_rule of type egress", () => {
    const rule: Fixture = { type: "aws_security_group_rule", name: "r", values: { type: "egress", security_group_id: "${aws_security_group.g.id}", cidr_blocks: ["0.0.0.0/0"] } };
    expect(resultFor(sgNoWorldIngress, [group(), rule], "aws_security_group_rule.r").status).toBe("not-applicable");
  });

  it("fails synth for an aws_security_group_rule whose type the pack cannot read", () => {
    const rule: Fixture = { type: "aws_security_group_rule", name: "r", values: { type: "${var.direction}", security_group_id: "${aws_security_group.g.id}", cidr_blocks: ["0.0.0.0/0"] } };
    expect(expectFlagged(sgNoWorldIngress, [group(), rule], "aws_security_group_rule.r")).toContain('type is "${var.direction}", which the pack cannot read at synth');
  });

  it.each([["cidr_ipv4", "0.0.0.0/0"], ["cidr_ipv6", "::/0"]])("fails synth for a vpc ingress rule with %s %s", (attribute, cidr) => {
    expect(expectFlagged(sgNoWorldIngress, [group(), ingressRule({ [attribute]: cidr })], "aws_vpc_security_group_ingress_rule.in")).toContain(
      `ingress from ${cidr} on port 443`,
    );
  });
});

describe("sg-no-orphans", () => {
  const service: Fixture = {
    type: "aws_ecs_service",
    name: "svc",
    values: { name: "api", network_configuration: { subnets: ["subnet-1"], security_groups: ["${aws_security_group.g.id}"] } },
  };

  it("passes a group a service is placed in", () => {
    expectPass(sgNoOrphans, [group(), service], "aws_security_group.g");
  });

  it("passes a group attached through vpc_security_group_ids", () => {
    const db: Fixture = { type: "aws_db_instance", name: "db", values: { vpc_security_group_ids: ["${aws_security_group.g.id}"] } };
    expectPass(sgNoOrphans, [group(), db], "aws_security_group.g");
  });

  it("warns about a group nothing mentions", () => {
    expect(expectFlagged(sgNoOrphans, [group()], "aws_security_group.g")).toContain("nothing in the stack mentions the group");
  });

  it("warns about a group that only its own rules and a peer's rule mention", () => {
    const peerRule = ingressRule({ security_group_id: "${aws_security_group.peer.id}", referenced_security_group_id: "${aws_security_group.g.id}" }, "peer_in");
    const instance: Fixture = { type: "aws_instance", name: "i", values: { vpc_security_group_ids: ["${aws_security_group.peer.id}"] } };
    const fixtures = [group(), group({}, "peer"), instance, ingressRule({ cidr_ipv4: "10.0.0.0/8" }), peerRule];
    const message = expectFlagged(sgNoOrphans, fixtures, "aws_security_group.g");
    expect(message).toContain("only security groups and their rules mention the group");
    expect(message).toContain("aws_vpc_security_group_ingress_rule.peer_in");
  });
});

describe("vpc-default-security-group-closed", () => {
  const defaultGroup = (values: Record<string, unknown> = {}): Fixture => ({
    type: "aws_default_security_group",
    name: "d",
    values: { vpc_id: "${aws_vpc.v.id}", ...values },
  });

  it("passes a VPC whose default group has empty ingress and egress", () => {
    expectPass(vpcDefaultSecurityGroupClosed, [vpc, defaultGroup({ ingress: [], egress: [] })], "aws_vpc.v");
  });

  it("passes a VPC whose default group leaves out ingress and egress (Terraform then removes AWS's rules)", () => {
    expectPass(vpcDefaultSecurityGroupClosed, [vpc, defaultGroup()], "aws_vpc.v");
  });

  it("fails synth for a VPC without an aws_default_security_group", () => {
    expect(expectFlagged(vpcDefaultSecurityGroupClosed, [vpc], "aws_vpc.v")).toContain("the default group keeps AWS's allow-all-from-itself rules");
  });

  it("fails synth for a default group with rules", () => {
    const message = expectFlagged(vpcDefaultSecurityGroupClosed, [vpc, defaultGroup({ ingress: [inline({ self: true })], egress: [inline({}), inline({})] })], "aws_vpc.v");
    expect(message).toContain("aws_default_security_group.d has 1 ingress rule(s)");
    expect(message).toContain("aws_default_security_group.d has 2 egress rule(s)");
  });

  it.each([
    ["the default group's resource", "${aws_default_security_group.d.id}"],
    ["the VPC's default_security_group_id", "${aws_vpc.v.default_security_group_id}"],
  ])("fails synth for a rule resource added to %s", (_what, target) => {
    const rule: Fixture = { type: "aws_vpc_security_group_egress_rule", name: "out", values: { security_group_id: target, ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" } };
    expect(expectFlagged(vpcDefaultSecurityGroupClosed, [vpc, defaultGroup(), rule], "aws_vpc.v")).toContain(
      "aws_vpc_security_group_egress_rule.out adds a rule to the default group",
    );
  });

  it("passes a VPC whose other groups have rules", () => {
    expectPass(vpcDefaultSecurityGroupClosed, [vpc, defaultGroup(), group(), ingressRule({ cidr_ipv4: "10.0.0.0/8" })], "aws_vpc.v");
  });
});

describe("vpc-flow-logs", () => {
  const flowLog: Fixture = {
    type: "aws_flow_log",
    name: "fl",
    values: { vpc_id: "${aws_vpc.v.id}", traffic_type: "ALL", log_destination_type: "cloud-watch-logs", log_destination: "${aws_cloudwatch_log_group.l.arn}" },
  };

  it("passes a VPC with a flow log in a protected environment", () => {
    expectPass(vpcFlowLogs, [vpc, flowLog], "aws_vpc.v", { protected: true });
  });

  it("fails synth for a VPC without a flow log in a protected environment", () => {
    expect(expectFlagged(vpcFlowLogs, [vpc], "aws_vpc.v", { protected: true })).toContain("no aws_flow_log has vpc_id referring to the VPC");
  });

  it("fails synth when the only flow log is on another VPC", () => {
    const other: Fixture = { type: "aws_vpc", name: "other", values: { cidr_block: "10.1.0.0/16" } };
    expectFlagged(vpcFlowLogs, [vpc, other, { ...flowLog, values: { ...flowLog.values, vpc_id: "${aws_vpc.other.id}" } }], "aws_vpc.v", { protected: true });
  });

  it("is not applicable outside protected environments", () => {
    expect(resultFor(vpcFlowLogs, [vpc], "aws_vpc.v", { protected: false }).status).toBe("not-applicable");
  });
});

describe("vpc-subnet-no-public-ip-on-launch", () => {
  const subnet = (values: Record<string, unknown>): Fixture => ({ type: "aws_subnet", name: "s", values: { vpc_id: "${aws_vpc.v.id}", cidr_block: "10.0.0.0/24", ...values } });

  it("passes a subnet with map_public_ip_on_launch false", () => {
    expectPass(vpcSubnetNoPublicIpOnLaunch, [vpc, subnet({ map_public_ip_on_launch: false })], "aws_subnet.s");
  });

  it("passes a subnet that leaves map_public_ip_on_launch to its default (false)", () => {
    expectPass(vpcSubnetNoPublicIpOnLaunch, [vpc, subnet({})], "aws_subnet.s");
  });

  it("fails synth for a subnet with map_public_ip_on_launch true", () => {
    expect(expectFlagged(vpcSubnetNoPublicIpOnLaunch, [vpc, subnet({ map_public_ip_on_launch: true })], "aws_subnet.s")).toContain(
      "map_public_ip_on_launch is true",
    );
  });

  it("fails synth for a map_public_ip_on_launch the pack cannot read", () => {
    expect(expectFlagged(vpcSubnetNoPublicIpOnLaunch, [vpc, subnet({ map_public_ip_on_launch: "${var.public}" })], "aws_subnet.s")).toContain(
      "map_public_ip_on_launch is \"${var.public}\", which the pack cannot read at synth",
    );
  });
});

describe("sg-replaceable", () => {
  const replaceable = (values: Record<string, unknown> = {}): Fixture =>
    group({ name: undefined, name_prefix: "acme-test-api-", tags: { Name: "acme-test-api" }, lifecycle: { create_before_destroy: true }, ...values });

  it("passes a group with name_prefix and create_before_destroy", () => {
    expectPass(sgReplaceable, [replaceable()], "aws_security_group.g");
  });

  it("passes a group with neither name nor name_prefix (Terraform generates a unique name)", () => {
    expectPass(sgReplaceable, [replaceable({ name_prefix: undefined })], "aws_security_group.g");
  });

  it("fails synth for a group with a fixed name, even with create_before_destroy", () => {
    const message = expectFlagged(sgReplaceable, [replaceable({ name: "acme-test-api", name_prefix: undefined })], "aws_security_group.g");
    expect(message).toContain('name is fixed ("acme-test-api"): a replacement cannot be created beside it; use name_prefix');
    expect(message).not.toContain("lifecycle.create_before_destroy");
  });

  it("fails synth for a group without create_before_destroy, naming both problems of a group that has neither", () => {
    expect(expectFlagged(sgReplaceable, [replaceable({ lifecycle: undefined })], "aws_security_group.g")).toContain(
      "lifecycle.create_before_destroy not set: a replacement would delete the group while it is in use",
    );
    const message = expectFlagged(sgReplaceable, [group()], "aws_security_group.g");
    expect(message).toContain('name is fixed ("g")');
    expect(message).toContain("lifecycle.create_before_destroy not set");
  });

  it("fails synth for create_before_destroy false or a value it cannot read", () => {
    expect(expectFlagged(sgReplaceable, [replaceable({ lifecycle: { create_before_destroy: false } })], "aws_security_group.g")).toContain(
      "lifecycle.create_before_destroy is false",
    );
    expect(
      expectFlagged(sgReplaceable, [replaceable({ lifecycle: { create_before_destroy: "${var.cbd}" } })], "aws_security_group.g"),
    ).toContain("cannot read at synth");
  });
});
