import { DefaultNetworkAcl } from "@cdktf/provider-aws/lib/default-network-acl";
import { DefaultRouteTable } from "@cdktf/provider-aws/lib/default-route-table";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Fn, TerraformStack, Testing, Token } from "cdktf";
import { PropsError } from "../../modules/shared/errors";
import { DEFAULT_NAT_AMI_PARAMETER, Vpc2Az, vpc2AzPropProblems, Vpc2AzProps } from "../../modules/vpc-2az";
import {
  addressOf,
  countOf,
  onlyResource,
  parseJsonAttribute,
  refTo,
  resourceCounts,
  resourceList,
  resourcesOf,
  synthJson,
  testStack,
} from "../support/synth";
import { testRefusedProps } from "../support/refuses-props";

const base: Vpc2AzProps = {
  name: "acme-test",
  region: "eu-west-1",
  cidr: "10.20.0.0/16",
  availabilityZones: ["eu-west-1a", "eu-west-1b"],
};

function build(overrides: Partial<Vpc2AzProps> = {}): { stack: TerraformStack; vpc: Vpc2Az } {
  const stack = testStack();
  const vpc = new Vpc2Az(stack, "Network", { ...base, ...overrides });
  return { stack, vpc };
}

function synthWith(overrides: Partial<Vpc2AzProps> = {}) {
  return synthJson(build(overrides).stack);
}

function subnetsByName(json: ReturnType<typeof synthJson>): Record<string, Record<string, unknown>> {
  const byName: Record<string, Record<string, unknown>> = {};
  for (const subnet of resourceList(json, "aws_subnet")) {
    byName[(subnet.tags as Record<string, string>).Name!] = subnet;
  }
  return byName;
}

describe("Vpc2Az defaults", () => {
  const json = synthWith();
  const synthesized = JSON.stringify(json);

  test("creates exactly the resources of a VPC with no private egress and rejected-traffic flow logs", () => {
    expect(resourceCounts(json)).toEqual({
      aws_vpc: 1,
      aws_default_security_group: 1,
      aws_default_network_acl: 1,
      aws_default_route_table: 1,
      aws_internet_gateway: 1,
      aws_subnet: 4,
      aws_route_table: 3,
      aws_route_table_association: 4,
      aws_route: 1,
      aws_vpc_endpoint: 2,
      aws_cloudwatch_log_group: 1,
      aws_iam_role: 1,
      aws_iam_role_policy: 1,
      aws_flow_log: 1,
    });
  });

  test("the VPC has DNS support and hostnames on and the given CIDR", () => {
    expect(synthesized).toHaveResourceWithProperties(Vpc, {
      cidr_block: "10.20.0.0/16",
      enable_dns_support: true,
      enable_dns_hostnames: true,
      tags: { Name: "acme-test-vpc" },
    });
  });

  test("carves four /19 subnets in order: public a, public b, private a, private b", () => {
    const subnets = subnetsByName(json);
    expect(Object.keys(subnets).sort()).toEqual([
      "acme-test-private-eu-west-1a",
      "acme-test-private-eu-west-1b",
      "acme-test-public-eu-west-1a",
      "acme-test-public-eu-west-1b",
    ]);
    expect(subnets["acme-test-public-eu-west-1a"]).toMatchObject({ cidr_block: "10.20.0.0/19", availability_zone: "eu-west-1a" });
    expect(subnets["acme-test-public-eu-west-1b"]).toMatchObject({ cidr_block: "10.20.32.0/19", availability_zone: "eu-west-1b" });
    expect(subnets["acme-test-private-eu-west-1a"]).toMatchObject({ cidr_block: "10.20.64.0/19", availability_zone: "eu-west-1a" });
    expect(subnets["acme-test-private-eu-west-1b"]).toMatchObject({ cidr_block: "10.20.96.0/19", availability_zone: "eu-west-1b" });
  });

  test("no subnet gives instances a public IP on its own", () => {
    for (const subnet of resourceList(json, "aws_subnet")) {
      expect(subnet.map_public_ip_on_launch).toBe(false);
    }
  });

  test("only the public route table has a route, and it goes to the internet gateway", () => {
    const route = onlyResource(json, "aws_route");
    expect(route).toMatchObject({
      destination_cidr_block: "0.0.0.0/0",
      gateway_id: refTo(json, "aws_internet_gateway", "Network_InternetGateway", "id"),
      route_table_id: refTo(json, "aws_route_table", "Network_PublicRouteTable", "id"),
    });
  });

  test("each private subnet has its own route table; public subnets share one", () => {
    const associations = resourceList(json, "aws_route_table_association");
    const tableOf = (subnetPrefix: string) =>
      associations.find((a) => a.subnet_id === refTo(json, "aws_subnet", subnetPrefix, "id"))?.route_table_id;
    expect(tableOf("Network_PublicSubnetA")).toBe(refTo(json, "aws_route_table", "Network_PublicRouteTable", "id"));
    expect(tableOf("Network_PublicSubnetB")).toBe(refTo(json, "aws_route_table", "Network_PublicRouteTable", "id"));
    expect(tableOf("Network_PrivateSubnetA")).toBe(refTo(json, "aws_route_table", "Network_PrivateRouteTableA", "id"));
    expect(tableOf("Network_PrivateSubnetB")).toBe(refTo(json, "aws_route_table", "Network_PrivateRouteTableB", "id"));
  });

  test.each([
    ["S3", "s3", "Network_S3GatewayEndpoint"],
    ["DynamoDB", "dynamodb", "Network_DynamodbGatewayEndpoint"],
  ])("the %s gateway endpoint is on every route table", (_label, service, address) => {
    expect(synthesized).toHaveResourceWithProperties(VpcEndpoint, {
      service_name: `com.amazonaws.eu-west-1.${service}`,
      vpc_endpoint_type: "Gateway",
      tags: { Name: `acme-test-${service}-endpoint` },
    });
    const endpoint = resourcesOf(json, "aws_vpc_endpoint")[addressOf(json, "aws_vpc_endpoint", address).replace("aws_vpc_endpoint.", "")]!;
    expect(endpoint.service_name).toBe(`com.amazonaws.eu-west-1.${service}`);
    expect(endpoint.vpc_id).toBe(refTo(json, "aws_vpc", "Network_Vpc", "id"));
    const allTables = Object.keys(resourcesOf(json, "aws_route_table")).map((n) => `\${aws_route_table.${n}.id}`);
    expect([...(endpoint.route_table_ids as string[])].sort()).toEqual(allTables.sort());
  });

  test("the gateway endpoints are the fields s3GatewayEndpoint and dynamodbGatewayEndpoint, with every egress mode", () => {
    for (const egress of ["none", "nat-instance", "nat-gateway"] as const) {
      const { stack, vpc } = build({ egress });
      const json = synthJson(stack);
      const gateways = resourceList(json, "aws_vpc_endpoint").filter((e) => e.vpc_endpoint_type === "Gateway");
      expect(gateways.map((e) => e.service_name).sort()).toEqual(["com.amazonaws.eu-west-1.dynamodb", "com.amazonaws.eu-west-1.s3"]);
      expect(`aws_vpc_endpoint.${stack.getLogicalId(vpc.dynamodbGatewayEndpoint)}`).toBe(addressOf(json, "aws_vpc_endpoint", "Network_DynamodbGatewayEndpoint"));
      expect(`aws_vpc_endpoint.${stack.getLogicalId(vpc.s3GatewayEndpoint)}`).toBe(addressOf(json, "aws_vpc_endpoint", "Network_S3GatewayEndpoint"));
    }
  });

  test("the default security group is managed with no rules at all", () => {
    expect(synthesized).toHaveResourceWithProperties(DefaultSecurityGroup, { ingress: [], egress: [] });
  });

  test("the default network ACL, which every subnet uses, is managed with AWS's allow-all rules declared", () => {
    // The module creates no network ACL of its own: all four subnets are on the default one.
    expect(countOf(json, "aws_network_acl")).toBe(0);
    expect(countOf(json, "aws_network_acl_association")).toBe(0);
    const acl = onlyResource(json, "aws_default_network_acl");
    expect(acl.default_network_acl_id).toBe(refTo(json, "aws_vpc", "Network_Vpc", "default_network_acl_id"));
    // Listed, so the provider never plans to move them off it (an omitted list diffs on every plan).
    expect([...(acl.subnet_ids as string[])].sort()).toEqual(
      ["Network_PublicSubnetA", "Network_PublicSubnetB", "Network_PrivateSubnetA", "Network_PrivateSubnetB"]
        .map((subnet) => refTo(json, "aws_subnet", subnet, "id"))
        .sort(),
    );
    const allowAll = { rule_no: 100, action: "allow", protocol: "-1", cidr_block: "0.0.0.0/0", from_port: 0, to_port: 0 };
    expect(synthesized).toHaveResourceWithProperties(DefaultNetworkAcl, { ingress: [allowAll], egress: [allowAll] });
    expect(acl.tags).toEqual({ Name: "acme-test-default-allow-all" });
  });

  test("the main route table is managed with no routes, and no subnet uses it", () => {
    const main = onlyResource(json, "aws_default_route_table");
    expect(main.default_route_table_id).toBe(refTo(json, "aws_vpc", "Network_Vpc", "default_route_table_id"));
    // An empty list removes routes added by hand; an absent one would ignore them.
    expect(synthesized).toHaveResourceWithProperties(DefaultRouteTable, { route: [], tags: { Name: "acme-test-default-local-only" } });
    // Every subnet has an explicit association with one of the module's own route tables.
    const associated = resourceList(json, "aws_route_table_association").map((a) => a.subnet_id);
    expect([...associated].sort()).toEqual([...(onlyResource(json, "aws_default_network_acl").subnet_ids as string[])].sort());
    expect(resourceList(json, "aws_route_table_association").map((a) => a.route_table_id)).not.toContain(
      refTo(json, "aws_vpc", "Network_Vpc", "default_route_table_id"),
    );
    // Nor do the gateway endpoints add routes to it.
    for (const endpoint of resourceList(json, "aws_vpc_endpoint")) {
      expect(endpoint.route_table_ids).not.toContain(refTo(json, "aws_vpc", "Network_Vpc", "default_route_table_id"));
    }
  });

  test("flow logs record rejected traffic into a log group kept 30 days", () => {
    expect(onlyResource(json, "aws_cloudwatch_log_group")).toMatchObject({
      name: "/acme-test/vpc-flow-logs",
      retention_in_days: 30,
    });
    expect(synthesized).toHaveResourceWithProperties(FlowLog, {
      traffic_type: "REJECT",
      log_destination_type: "cloud-watch-logs",
      log_destination: refTo(json, "aws_cloudwatch_log_group", "Network_FlowLogGroup", "arn"),
      iam_role_arn: refTo(json, "aws_iam_role", "Network_FlowLogRole", "arn"),
      vpc_id: refTo(json, "aws_vpc", "Network_Vpc", "id"),
    });
  });

  test("the flow log is created only once its role may write", () => {
    expect(onlyResource(json, "aws_flow_log").depends_on).toEqual([addressOf(json, "aws_iam_role_policy", "Network_FlowLogRolePolicy")]);
  });

  test("the flow log role trusts only VPC Flow Logs of the VPC's own account and writes only its log group", () => {
    const role = onlyResource(json, "aws_iam_role");
    const trust = parseJsonAttribute<{ Statement: Record<string, unknown>[] }>(role.assume_role_policy);
    expect(trust.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": refTo(json, "aws_vpc", "Network_Vpc", "owner_id") } },
      },
    ]);
    const policy = parseJsonAttribute<{ Statement: { Action: string[]; Resource: string[] }[] }>(
      onlyResource(json, "aws_iam_role_policy").policy,
    );
    const groupArn = refTo(json, "aws_cloudwatch_log_group", "Network_FlowLogGroup", "arn");
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0]!.Resource).toEqual([groupArn, `${groupArn}:*`]);
    expect([...policy.Statement[0]!.Action].sort()).toEqual(["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"]);
  });

  test("exposes typed outputs", () => {
    const { vpc } = build();
    expect(vpc.availabilityZones).toEqual(["eu-west-1a", "eu-west-1b"]);
    expect(vpc.publicSubnetIds).toHaveLength(2);
    expect(vpc.privateSubnetIds).toHaveLength(2);
    expect(vpc.privateRouteTableIds).toHaveLength(2);
    expect(vpc.routeTableIds).toHaveLength(3);
    expect(vpc.publicSubnetCidrs).toEqual(["10.20.0.0/19", "10.20.32.0/19"]);
    expect(vpc.privateSubnetCidrs).toEqual(["10.20.64.0/19", "10.20.96.0/19"]);
    expect(vpc.vpcCidr).toBe("10.20.0.0/16");
    expect(vpc.egress).toBe("none");
    expect(vpc.natGateways).toHaveLength(0);
    expect(vpc.natInstances).toHaveLength(0);
    expect(vpc.natPublicIps).toHaveLength(0);
    expect(vpc.flowLogGroup).toBeDefined();
    expect(vpc.defaultNetworkAcl.node.id).toBe("DefaultNetworkAcl");
    expect(vpc.defaultRouteTable.node.id).toBe("DefaultRouteTable");
  });

  test("the module itself creates no Terraform outputs", () => {
    expect(json.output).toBeUndefined();
  });
});

describe("Vpc2Az subnet sizes", () => {
  test("a /24 VPC is split into /27 subnets by default", () => {
    const { vpc } = build({ cidr: "192.168.10.0/24" });
    expect(vpc.publicSubnetCidrs).toEqual(["192.168.10.0/27", "192.168.10.32/27"]);
    expect(vpc.privateSubnetCidrs).toEqual(["192.168.10.64/27", "192.168.10.96/27"]);
  });

  test("subnetPrefixLength sets the size of every subnet", () => {
    const { vpc } = build({ cidr: "10.0.0.0/16", subnetPrefixLength: 20 });
    expect(vpc.publicSubnetCidrs).toEqual(["10.0.0.0/20", "10.0.16.0/20"]);
    expect(vpc.privateSubnetCidrs).toEqual(["10.0.32.0/20", "10.0.48.0/20"]);
    const json = synthJson(build({ cidr: "10.0.0.0/16", subnetPrefixLength: 20 }).stack);
    expect(JSON.stringify(json)).toHaveResourceWithProperties(Subnet, { cidr_block: "10.0.48.0/20" });
  });
});

describe("Vpc2Az egress: nat-gateway", () => {
  test("single: one NAT gateway with an elastic IP in the first public subnet serves both private route tables", () => {
    const json = synthWith({ egress: "nat-gateway" });
    expect(countOf(json, "aws_nat_gateway")).toBe(1);
    expect(countOf(json, "aws_eip")).toBe(1);
    const gateway = onlyResource(json, "aws_nat_gateway");
    expect(gateway).toMatchObject({
      subnet_id: refTo(json, "aws_subnet", "Network_PublicSubnetA", "id"),
      allocation_id: refTo(json, "aws_eip", "Network_NatGatewayAIp", "allocation_id"),
    });
    expect(gateway.depends_on).toEqual([addressOf(json, "aws_internet_gateway", "Network_InternetGateway")]);
    expect(onlyResource(json, "aws_eip")).toMatchObject({ domain: "vpc" });
    const natRoutes = resourceList(json, "aws_route").filter((r) => r.nat_gateway_id !== undefined);
    expect(natRoutes).toHaveLength(2);
    for (const route of natRoutes) {
      expect(route).toMatchObject({
        destination_cidr_block: "0.0.0.0/0",
        nat_gateway_id: refTo(json, "aws_nat_gateway", "Network_NatGatewayA", "id"),
      });
    }
    expect(natRoutes.map((r) => r.route_table_id).sort()).toEqual(
      [
        refTo(json, "aws_route_table", "Network_PrivateRouteTableA", "id"),
        refTo(json, "aws_route_table", "Network_PrivateRouteTableB", "id"),
      ].sort(),
    );
    expect(countOf(json, "aws_instance")).toBe(0);
  });

  test("per-az: each private route table goes through the NAT gateway of its own AZ", () => {
    const { stack, vpc } = build({ egress: "nat-gateway", natLayout: "per-az" });
    const json = synthJson(stack);
    expect(countOf(json, "aws_nat_gateway")).toBe(2);
    expect(countOf(json, "aws_eip")).toBe(2);
    expect(vpc.natGateways).toHaveLength(2);
    for (const zone of ["A", "B"]) {
      const route = resourceList(json, "aws_route").find(
        (r) => r.route_table_id === refTo(json, "aws_route_table", `Network_PrivateRouteTable${zone}`, "id"),
      );
      expect(route?.nat_gateway_id).toBe(refTo(json, "aws_nat_gateway", `Network_NatGateway${zone}`, "id"));
    }
    const gatewaySubnets = resourceList(json, "aws_nat_gateway").map((g) => g.subnet_id);
    expect(gatewaySubnets.sort()).toEqual(
      [refTo(json, "aws_subnet", "Network_PublicSubnetA", "id"), refTo(json, "aws_subnet", "Network_PublicSubnetB", "id")].sort(),
    );
  });
});

describe("Vpc2Az egress: nat-instance", () => {
  const { stack, vpc } = build({ egress: "nat-instance" });
  const json = synthJson(stack);
  const synthesized = JSON.stringify(json);

  test("the AMI comes from an SSM parameter resolved by EC2 at launch, not from a data source", () => {
    expect(synthesized).toHaveResourceWithProperties(LaunchTemplate, {
      image_id: `resolve:ssm:${DEFAULT_NAT_AMI_PARAMETER}`,
      instance_type: "t4g.nano",
    });
    expect(json).not.toHaveProperty("data");
  });

  test("the instance requires IMDSv2, has an encrypted root volume, standard CPU credits and sets up NAT at boot", () => {
    const template = onlyResource(json, "aws_launch_template");
    expect(template.metadata_options).toMatchObject({ http_tokens: "required" });
    expect(template.credit_specification).toEqual({ cpu_credits: "standard" });
    expect(template.block_device_mappings).toEqual([
      expect.objectContaining({ ebs: expect.objectContaining({ encrypted: "true", volume_type: "gp3" }) }),
    ]);
    const userData = Buffer.from(template.user_data as string, "base64").toString("utf8");
    expect(userData).toMatch(/^#!\/bin\/bash\nset -euo pipefail\n/);
    expect(userData).toMatch(/for attempt in .*\n\s+dnf install -y iptables-services && break/);
    expect(userData).toContain("sysctl -p /etc/sysctl.d/90-nat.conf");
    expect(userData).toContain('iptables -t nat -A POSTROUTING -o "$IFACE" -j MASQUERADE');
    expect(userData).toContain("iptables -F FORWARD");
    expect(userData).toContain("iptables-save > /etc/sysconfig/iptables");
    // Terraform would read "${" as an interpolation.
    expect(userData).not.toContain("${");
  });

  test("one instance, source/destination check off, in the first public subnet, with an elastic IP", () => {
    const instance = onlyResource(json, "aws_instance");
    const template = addressOf(json, "aws_launch_template", "Network_NatInstanceTemplate");
    expect(instance).toMatchObject({
      source_dest_check: false,
      associate_public_ip_address: true,
      subnet_id: refTo(json, "aws_subnet", "Network_PublicSubnetA", "id"),
      vpc_security_group_ids: [refTo(json, "aws_security_group", "Network_NatInstanceSecurityGroup", "id")],
      // A pinned version number: a new template version replaces the instance ("$Latest" never would).
      launch_template: { id: `\${${template}.id}`, version: `\${tostring(${template}.latest_version)}` },
      lifecycle: { create_before_destroy: true },
    });
    // Packages are installed at first boot: the internet route and the egress rule come first.
    expect([...(instance.depends_on as string[])].sort()).toEqual(
      [
        addressOf(json, "aws_internet_gateway", "Network_InternetGateway"),
        addressOf(json, "aws_vpc_security_group_egress_rule", "Network_NatInstanceToInternet"),
      ].sort(),
    );
    expect(onlyResource(json, "aws_eip")).toMatchObject({
      domain: "vpc",
      instance: refTo(json, "aws_instance", "Network_NatInstanceA", "id"),
    });
    expect(vpc.natInstances).toHaveLength(1);
    expect(countOf(json, "aws_nat_gateway")).toBe(0);
  });

  test("both private route tables send internet traffic to the instance's network interface", () => {
    const natRoutes = resourceList(json, "aws_route").filter((r) => r.network_interface_id !== undefined);
    expect(natRoutes).toHaveLength(2);
    for (const route of natRoutes) {
      expect(route.network_interface_id).toBe(refTo(json, "aws_instance", "Network_NatInstanceA", "primary_network_interface_id"));
    }
  });

  test("the NAT security group admits only the private subnets and has no inline rules", () => {
    const ingress = resourceList(json, "aws_vpc_security_group_ingress_rule");
    expect(ingress.map((r) => r.cidr_ipv4).sort()).toEqual(["10.20.64.0/19", "10.20.96.0/19"]);
    for (const rule of ingress) {
      expect(rule.security_group_id).toBe(refTo(json, "aws_security_group", "Network_NatInstanceSecurityGroup", "id"));
    }
    const group = onlyResource(json, "aws_security_group");
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
  });

  test("the NAT security group can be replaced while in use: a name prefix, created before the old one is destroyed", () => {
    const group = onlyResource(json, "aws_security_group");
    expect(group).toMatchObject({
      name_prefix: "acme-test-nat-instance-",
      tags: { Name: "acme-test-nat-instance" },
      lifecycle: { create_before_destroy: true },
    });
    expect(group.name).toBeUndefined();
  });

  test("the NAT security group lets forwarded traffic out to the internet", () => {
    expect(onlyResource(json, "aws_vpc_security_group_egress_rule")).toMatchObject({
      security_group_id: refTo(json, "aws_security_group", "Network_NatInstanceSecurityGroup", "id"),
      ip_protocol: "-1",
      cidr_ipv4: "0.0.0.0/0",
    });
  });

  test("per-az: one instance in each public subnet, each private route table to its own", () => {
    const perAz = synthWith({ egress: "nat-instance", natLayout: "per-az" });
    expect(countOf(perAz, "aws_instance")).toBe(2);
    expect(countOf(perAz, "aws_eip")).toBe(2);
    expect(countOf(perAz, "aws_launch_template")).toBe(1);
    for (const zone of ["A", "B"]) {
      const route = resourceList(perAz, "aws_route").find(
        (r) => r.route_table_id === refTo(perAz, "aws_route_table", `Network_PrivateRouteTable${zone}`, "id"),
      );
      expect(route?.network_interface_id).toBe(refTo(perAz, "aws_instance", `Network_NatInstance${zone}`, "primary_network_interface_id"));
    }
  });

  test.each([
    "/my/nat/ami",
    "nat-ami",
    "/my/nat/ami:3",
    "/my/nat/ami:golden",
    "arn:aws:ssm:eu-west-1:123456789012:parameter/my/nat/ami",
  ])("accepts the AMI parameter %s", (parameter) => {
    expect(() => build({ egress: "nat-instance", natInstanceAmiParameter: parameter })).not.toThrow();
  });

  test("instance type and AMI parameter can be chosen", () => {
    const custom = synthWith({ egress: "nat-instance", natInstanceType: "t4g.micro", natInstanceAmiParameter: "/my/nat/ami" });
    expect(onlyResource(custom, "aws_launch_template")).toMatchObject({ instance_type: "t4g.micro", image_id: "resolve:ssm:/my/nat/ami" });
  });
});

describe("Vpc2Az interface endpoints", () => {
  test("none by default", () => {
    const { vpc } = build();
    expect(vpc.interfaceEndpointServices).toEqual([]);
    expect(vpc.endpointSecurityGroup).toBeUndefined();
  });

  test("one private-DNS endpoint per service in the private subnets, reachable on 443 from the VPC only", () => {
    const { stack, vpc } = build({ interfaceEndpoints: ["logs", "secretsmanager", "ecr.api"] });
    const json = synthJson(stack);
    const interfaces = resourceList(json, "aws_vpc_endpoint").filter((e) => e.vpc_endpoint_type === "Interface");
    expect(interfaces.map((e) => e.service_name).sort()).toEqual([
      "com.amazonaws.eu-west-1.ecr.api",
      "com.amazonaws.eu-west-1.logs",
      "com.amazonaws.eu-west-1.secretsmanager",
    ]);
    const group = refTo(json, "aws_security_group", "Network_EndpointSecurityGroup", "id");
    for (const endpoint of interfaces) {
      expect(endpoint).toMatchObject({
        private_dns_enabled: true,
        subnet_ids: [refTo(json, "aws_subnet", "Network_PrivateSubnetA", "id"), refTo(json, "aws_subnet", "Network_PrivateSubnetB", "id")],
        security_group_ids: [group],
      });
    }
    const ingress = resourceList(json, "aws_vpc_security_group_ingress_rule").filter((r) => r.security_group_id === group);
    expect(ingress).toEqual([expect.objectContaining({ ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "10.20.0.0/16" })]);
    expect(vpc.interfaceEndpointServices).toEqual(["logs", "secretsmanager", "ecr.api"]);
    const endpointGroup = onlyResource(json, "aws_security_group");
    expect(endpointGroup).toMatchObject({
      name_prefix: "acme-test-endpoints-",
      tags: { Name: "acme-test-endpoints" },
      lifecycle: { create_before_destroy: true },
    });
    expect(endpointGroup.name).toBeUndefined();
  });
});

describe("Vpc2Az flow logs", () => {
  test("off: no flow log, log group or role", () => {
    const { stack, vpc } = build({ flowLogs: "off" });
    const json = synthJson(stack);
    expect(countOf(json, "aws_flow_log")).toBe(0);
    expect(countOf(json, "aws_cloudwatch_log_group")).toBe(0);
    expect(countOf(json, "aws_iam_role")).toBe(0);
    expect(vpc.flowLogGroup).toBeUndefined();
  });

  test("all: records all traffic with the retention given", () => {
    const json = synthWith({ flowLogs: "all", flowLogRetentionDays: 365 });
    expect(onlyResource(json, "aws_flow_log")).toMatchObject({ traffic_type: "ALL" });
    expect(onlyResource(json, "aws_cloudwatch_log_group")).toMatchObject({ retention_in_days: 365 });
  });
});

describe("Vpc2Az README example", () => {
  test("compiles and synthesizes", () => {
    // The same code as the usage example in modules/vpc-2az/README.md.
    const stack = testStack("eu-west-1");
    const network = new Vpc2Az(stack, "Network", {
      name: "acme-staging",
      region: "eu-west-1",
      cidr: "10.10.0.0/16",
      availabilityZones: ["eu-west-1a", "eu-west-1b"],
      egress: "nat-instance",
    });
    expect(network.privateSubnetIds).toHaveLength(2);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Vpc, { cidr_block: "10.10.0.0/16" });
  });
});

describe("Vpc2Az refuses bad props, naming the prop", () => {
  const cases: [string, Partial<Vpc2AzProps>, RegExp][] = [
    ["a CIDR that is not one", { cidr: "10.0.0/16" }, /cidr must be an IPv4 CIDR .* is not an IPv4 CIDR of the form a\.b\.c\.d\/n; got "10\.0\.0\/16"/],
    ["an octet over 255", { cidr: "10.300.0.0/16" }, /cidr .*octet over 255/],
    ["host bits set", { cidr: "10.0.0.1/16" }, /cidr .*host bits set; the network address is 10\.0\.0\.0\/16/],
    ["a /8", { cidr: "10.0.0.0/8" }, /cidr must have a prefix from \/16 to \/24 .*; got "10\.0\.0\.0\/8"/],
    ["a /28", { cidr: "10.0.0.0/28" }, /cidr must have a prefix from \/16 to \/24 .*; got "10\.0\.0\.0\/28"/],
    ["one AZ", { availabilityZones: ["eu-west-1a"] }, /availabilityZones must list exactly 2 availability zones; got \["eu-west-1a"\]/],
    [
      "three AZs",
      { availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"] },
      /availabilityZones must list exactly 2 availability zones/,
    ],
    ["an AZ of another region", { availabilityZones: ["eu-west-1a", "us-east-1b"] }, /availabilityZones\[1\] "us-east-1b" is not an availability zone of eu-west-1, but of us-east-1 \(eu-west-1's zones: eu-west-1a, eu-west-1b, eu-west-1c; .*; got "us-east-1b"/],
    ["an AZ letter the region does not have", { availabilityZones: ["eu-west-1a", "eu-west-1d"] }, /availabilityZones\[1\] "eu-west-1d" is not an availability zone of eu-west-1 \(eu-west-1's zones: eu-west-1a, eu-west-1b, eu-west-1c;/],
    ["the same AZ twice", { availabilityZones: ["eu-west-1a", "eu-west-1a"] }, /availabilityZones must name two different availability zones/],
    ["a bad region", { region: "Europe" }, /region "Europe" is not an AWS region \(known regions as of/],
    ["a misspelt region", { region: "eu-wset-1" }, /region "eu-wset-1" is not an AWS region; did you mean eu-west-1\?/],
    ["a name with capitals", { name: "Acme-Test" }, /name must be 2 to 32 lowercase letters/],
    ["subnets too large for four", { subnetPrefixLength: 17 }, /subnetPrefixLength must be a whole number from \/18 .* to \/28 .*; got 17/],
    ["subnets smaller than AWS allows", { subnetPrefixLength: 29 }, /subnetPrefixLength .*; got 29/],
    ["an unknown egress", { egress: "nat" as never }, /egress must be one of "none", "nat-instance", "nat-gateway"; got "nat"/],
    ["a NAT layout without NAT", { natLayout: "per-az" }, /natLayout applies only with a NAT egress/],
    ["an x86 NAT instance type", { egress: "nat-instance", natInstanceType: "t3.nano" }, /natInstanceType must be an ARM \(Graviton\) instance type/],
    ["a NAT instance setting with NAT gateways", { egress: "nat-gateway", natInstanceType: "t4g.nano" }, /natInstanceType applies only with egress "nat-instance" \(egress is "nat-gateway"\)/],
    ["an AMI id for the AMI parameter", { egress: "nat-instance", natInstanceAmiParameter: "ami-0123456789abcdef0" }, /natInstanceAmiParameter must name the SSM parameter that holds an AMI id, not an AMI id/],
    ["an AMI parameter that is not a parameter name", { egress: "nat-instance", natInstanceAmiParameter: "my ami" }, /natInstanceAmiParameter must be an SSM parameter name or ARN/],
    ["an unknown interface endpoint", { interfaceEndpoints: ["s3" as never] }, /interfaceEndpoints\[0\] must be one of "logs"/],
    ["the same endpoint twice", { interfaceEndpoints: ["logs", "logs"] }, /interfaceEndpoints must not name a service twice/],
    ["an unknown flow log mode", { flowLogs: "everything" as never }, /flowLogs must be one of "off", "rejected", "all"/],
    ["a retention CloudWatch does not accept", { flowLogRetentionDays: 10 }, /flowLogRetentionDays must be one of the retention periods CloudWatch Logs accepts .*; got 10/],
  ];

  testRefusedProps(cases, { build, check: (overrides) => vpc2AzPropProblems({ ...base, ...overrides }) });

  test("the message names the construct type and path", () => {
    expect(() => build({ cidr: "10.0.0.0/8" })).toThrow(/^Vpc2Az "test\/Network": cidr/);
  });

  test("every problem is reported at once", () => {
    try {
      build({ cidr: "10.0.0.0/8", availabilityZones: ["eu-west-1a"], flowLogRetentionDays: 2 });
      throw new Error("expected a PropsError");
    } catch (error) {
      expect(error).toBeInstanceOf(PropsError);
      expect((error as PropsError).problems.map((p) => p.prop)).toEqual(["cidr", "availabilityZones", "flowLogRetentionDays"]);
      expect((error as Error).message).toMatch(/3 invalid props/);
    }
  });

  test("an unknown region is reported on region alone, not on each of its AZs", () => {
    let problems: readonly { prop: string }[] = [];
    try {
      build({ region: "eu-wset-1" });
    } catch (error) {
      problems = (error as PropsError).problems;
    }
    expect(problems.map((p) => p.prop)).toEqual(["region"]);
  });

  test("an AZ of a region whose letters are not a, b, c is accepted", () => {
    expect(() => build({ region: "ca-central-1", availabilityZones: ["ca-central-1a", "ca-central-1d"] })).not.toThrow();
  });

  test.each<[string, Partial<Vpc2AzProps>]>([
    ["cidr", { cidr: Fn.cidrsubnet("10.0.0.0/8", 8, 1) }],
    ["subnetPrefixLength", { subnetPrefixLength: Token.asNumber(Fn.parseint("20", 10)) }],
    ["egress", { egress: Fn.lower("NONE") as never }],
    ["flowLogs", { flowLogs: Fn.lower("ALL") as never }],
  ])("%s must be a literal known at synth, not a token", (prop, overrides) => {
    expect(() => build(overrides)).toThrow(new RegExp(`${prop} must be a literal value known at synth, not a reference resolved at apply`));
  });
});
