/** Prices of the network: NAT gateways and instances, elastic IPs, interface endpoints. */
import { block, referencedName, stringOf } from "../../../inspect";
import { ASSUMPTIONS, HOURS_PER_MONTH } from "../assumptions";
import { address, Component, Context, PriceRule } from "../context";
import type { TerraformResource } from "../types";

/** An elastic IP of a NAT device: allocated to a NAT gateway, or attached to a NAT instance. */
function isNatEip(ctx: Context, name: string): boolean {
  if (ctx.of("aws_nat_gateway").some(([, gw]) => referencedName(gw.allocation_id, "aws_eip") === name)) return true;
  const instanceName = referencedName(ctx.get("aws_eip", name)?.instance, "aws_instance");
  return instanceName !== undefined && ctx.get("aws_instance", instanceName)?.source_dest_check === false;
}

function rootVolume(instance: TerraformResource, template: TerraformResource | undefined): { type: string; sizeGiB: number; assumed: boolean } {
  const fromInstance = block(instance.root_block_device);
  const ebs = block(block(template?.block_device_mappings)?.ebs);
  const source = fromInstance ?? ebs;
  const size = Number(source?.volume_size);
  return {
    type: stringOf(source?.volume_type) ?? "gp3",
    sizeGiB: size > 0 ? size : ASSUMPTIONS.defaultRootVolumeGiB,
    assumed: !(size > 0),
  };
}

/** The resource a reference such as `${aws_launch_template.Name.id}` (or `{ id: "${...}" }`) points to. */
function referenced(ctx: Context, value: unknown, type: string): TerraformResource | undefined {
  const holder = block(value);
  const name = referencedName(holder?.id ?? holder?.name ?? value, type);
  return name === undefined ? undefined : ctx.get(type, name);
}

export const NETWORK_RULES: Readonly<Record<string, PriceRule>> = {
  aws_nat_gateway: (ctx, name) => {
    const gateways = ctx.of("aws_nat_gateway").length;
    const gb = ctx.usage.natDataGiBPerMonth / gateways;
    return [
      ctx.line(address("aws_nat_gateway", name), "aws_nat_gateway", `NAT gateway (usage.natDataGiBPerMonth shared by ${gateways})`, [
        { key: "nat-gateway-hour", quantity: HOURS_PER_MONTH, what: "h" },
        { key: "nat-gateway-gb", quantity: gb, what: "GB processed" },
      ], true),
    ];
  },

  aws_eip: (ctx, name) => [
    ctx.line(address("aws_eip", name), "aws_eip", "public IPv4 address (elastic IP)", [
      { key: "public-ipv4-hour", quantity: HOURS_PER_MONTH, what: "h" },
    ], isNatEip(ctx, name)),
  ],

  aws_instance: (ctx, name, instance) => {
    const at = address("aws_instance", name);
    const template = referenced(ctx, instance.launch_template, "aws_launch_template");
    const instanceType = stringOf(instance.instance_type) ?? stringOf(template?.instance_type);
    const nat = instance.source_dest_check === false;
    if (instanceType === undefined) return [ctx.notPriced(at, "aws_instance", "EC2 instance: no instance type in the instance or its launch template", nat)];
    const volume = rootVolume(instance, template);
    const components: Component[] = [
      { key: `ec2-${instanceType}-hour`, quantity: HOURS_PER_MONTH, what: "h" },
      { key: `ebs-${volume.type}-gb-month`, quantity: volume.sizeGiB, what: `GB-month ${volume.type} root volume${volume.assumed ? " (AMI default)" : ""}` },
    ];
    const eipAttached = ctx.of("aws_eip").some(([, eip]) => referencedName(eip.instance, "aws_instance") === name);
    if (instance.associate_public_ip_address === true && !eipAttached) {
      components.push({ key: "public-ipv4-hour", quantity: HOURS_PER_MONTH, what: "h public IPv4" });
    }
    return [ctx.line(at, "aws_instance", `${nat ? "NAT instance" : "EC2 instance"} ${instanceType}, Linux, on demand`, components, nat)];
  },

  aws_vpc_endpoint: (ctx, name, endpoint) => {
    const at = address("aws_vpc_endpoint", name);
    const kind = stringOf(endpoint.vpc_endpoint_type) ?? "Gateway";
    const service = stringOf(endpoint.service_name) ?? "?";
    if (kind === "Gateway") {
      return [ctx.free(at, "aws_vpc_endpoint", `gateway endpoint (${service}): free (gateway endpoints, for S3 and DynamoDB, have no hourly or data processing charge)`)];
    }
    if (kind !== "Interface") return [ctx.notPriced(at, "aws_vpc_endpoint", `${kind} endpoint (${service}) is not priced`)];
    const zones = Array.isArray(endpoint.subnet_ids) ? endpoint.subnet_ids.length : 0;
    if (zones === 0) return [ctx.notPriced(at, "aws_vpc_endpoint", `interface endpoint ${service}: its subnets are not known at synth, so neither is its hourly cost`)];
    return [
      ctx.line(at, "aws_vpc_endpoint", `interface endpoint ${service} in ${zones} AZ(s)`, [
        { key: "vpc-interface-endpoint-az-hour", quantity: zones * HOURS_PER_MONTH, what: "AZ-h" },
        { key: "vpc-interface-endpoint-gb", quantity: ASSUMPTIONS.interfaceEndpointGiBPerMonth, what: "GB processed" },
      ]),
    ];
  },
};
