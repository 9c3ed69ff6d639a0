import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DefaultNetworkAcl } from "@cdktf/provider-aws/lib/default-network-acl";
import { DefaultRouteTable } from "@cdktf/provider-aws/lib/default-route-table";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { formatIpv4Cidr, Ipv4Network, parseIpv4Cidr, subnetOf } from "../shared/cidr";
import { PropProblem, PropsValidator, propProblems } from "../shared/errors";
import { availabilityZoneProblem, isKnownRegion, regionProblem } from "../shared/regions";
import { isValidNamePrefix, NAME_PREFIX_RULE, resourceName } from "../_internal/naming";
import { inlinePolicy, serviceRole } from "../_internal/iam";
import { replaceableSecurityGroup } from "../_internal/security-group";

/**
 * How resources in the private subnets reach the internet.
 * - `none`: they do not (free). Only the VPC, and S3 and DynamoDB through their gateway endpoints.
 * - `nat-instance`: a small ARM EC2 instance does NAT (about $7 a month each).
 * - `nat-gateway`: a managed NAT gateway (about $37 a month each, plus $0.045 per GB).
 */
export type VpcEgress = "none" | "nat-instance" | "nat-gateway";

/** How many NAT devices serve the private subnets: one shared, or one per availability zone (HA, twice the cost). */
export type NatLayout = "single" | "per-az";

/** AWS services the private subnets can reach through interface endpoints, without NAT. */
export type InterfaceEndpointService = "logs" | "secretsmanager" | "ssm" | "ecr.api" | "ecr.dkr" | "sts" | "kms";

/** Which traffic the VPC flow log records, or `off` for no flow log. */
export type FlowLogTraffic = "off" | "rejected" | "all";

/** The SSM public parameter naming the latest Amazon Linux 2023 ARM64 AMI. */
export const DEFAULT_NAT_AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";

const MIN_VPC_PREFIX = 16;
const MAX_VPC_PREFIX = 24;
const MAX_SUBNET_PREFIX = 28;
const AZ_COUNT = 2;

export interface Vpc2AzProps {
  /**
   * Prefix of every Name tag and resource name, `${project}-${environment}` (e.g. `acme-staging`).
   * Lowercase letters, digits and hyphens, 2 to 32 characters.
   */
  readonly name: string;

  /** The AWS region the provider deploys to (e.g. `eu-west-1`); every availability zone must belong to it. */
  readonly region: string;

  /** The VPC's IPv4 CIDR, a network address with a prefix from /16 to /24 (e.g. `10.20.0.0/16`). */
  readonly cidr: string;

  /**
   * Exactly two availability zones of `region`, by name (e.g. `["eu-west-1a", "eu-west-1b"]`).
   * Given rather than looked up, so plans run offline and never change under you.
   */
  readonly availabilityZones: readonly string[];

  /**
   * Prefix length of each of the four subnets. Subnets are carved in order from the start of the
   * VPC CIDR: public in the first AZ, public in the second, private in the first, private in the
   * second. Changing it replaces every subnet.
   * @default the VPC prefix + 3 (eighths of the VPC: four used, four left for later tiers; a /16 gives /19 subnets)
   */
  readonly subnetPrefixLength?: number;

  /**
   * How the private subnets reach the internet. NAT costs money every hour; see the README.
   * @default "none" - private subnets reach only the VPC, S3 and DynamoDB (through the gateway endpoints)
   */
  readonly egress?: VpcEgress;

  /**
   * With a NAT egress: one NAT device shared by both private subnets, or one in each AZ.
   * `per-az` survives the loss of an AZ and doubles the NAT cost.
   * @default "single"
   */
  readonly natLayout?: NatLayout;

  /**
   * EC2 instance type of a NAT instance: an ARM (Graviton) type, whose name has a `g` after the generation digit.
   * @default "t4g.nano" - about $3 a month on demand in us-east-1
   */
  readonly natInstanceType?: string;

  /**
   * SSM parameter holding the NAT instance's AMI id, resolved by EC2 at launch (`resolve:ssm:`), so
   * no AMI look-up happens at plan time. A new AMI is picked up when the instance is replaced.
   * A name (`/my/ami`), an ARN, either with a `:version` or `:label` suffix. The parameter must
   * have the data type `aws:ec2:image` and name an arm64 Amazon Linux 2023 image: the setup
   * script uses dnf, and the root device is `/dev/xvda`.
   * @default "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
   */
  readonly natInstanceAmiParameter?: string;

  /**
   * AWS services to reach privately through interface endpoints in the private subnets (private
   * DNS on, HTTPS from the VPC only). Each costs about $14.60 a month (one interface per AZ),
   * plus $0.01 per GB: with more than two or three, a NAT instance is cheaper.
   * @default [] - none; S3 and DynamoDB are always reachable through the free gateway endpoints
   */
  readonly interfaceEndpoints?: readonly InterfaceEndpointService[];

  /**
   * Which traffic the VPC flow log records in CloudWatch Logs (ingestion is billed per GB).
   * @default "rejected" - refused connections only: cheap, and enough to see who knocks
   */
  readonly flowLogs?: FlowLogTraffic;

  /**
   * Retention of the flow log group, in days (a value CloudWatch Logs accepts).
   * @default 30
   */
  readonly flowLogRetentionDays?: number;
}

/** One availability zone's subnets and private route table. */
export interface Vpc2AzZone {
  readonly availabilityZone: string;
  readonly publicSubnet: Subnet;
  readonly privateSubnet: Subnet;
  readonly privateRouteTable: RouteTable;
}

/**
 * A VPC over exactly two availability zones: a public and a private subnet in each, an internet
 * gateway for the public tier, private egress of your choice (none, NAT instance, NAT gateway),
 * S3 and DynamoDB gateway endpoints on every route table, the default security group stripped of rules,
 * the default network ACL and main route table under management (no drift hides there), and
 * optional flow logs.
 */
export class Vpc2Az extends Construct {
  /** The VPC resource. */
  readonly vpc: Vpc;
  readonly vpcId: string;
  /** The VPC's IPv4 CIDR, as given. */
  readonly vpcCidr: string;
  /** The two availability zones, in the order given. */
  readonly availabilityZones: readonly string[];
  /** Per availability zone: its subnets and private route table, in the order of `availabilityZones`. */
  readonly zones: readonly Vpc2AzZone[];
  readonly publicSubnetIds: string[];
  readonly privateSubnetIds: string[];
  /** The CIDRs of the public subnets, in AZ order (known at synth). */
  readonly publicSubnetCidrs: readonly string[];
  /** The CIDRs of the private subnets, in AZ order (known at synth). */
  readonly privateSubnetCidrs: readonly string[];
  readonly internetGateway: InternetGateway;
  /** The route table shared by both public subnets. */
  readonly publicRouteTable: RouteTable;
  readonly publicRouteTableId: string;
  /** One private route table per AZ, in AZ order. */
  readonly privateRouteTableIds: string[];
  /** Every route table of the VPC: the public one, then the private ones. */
  readonly routeTableIds: string[];
  /** The private egress mode in force. */
  readonly egress: VpcEgress;
  /** The NAT gateways (empty unless `egress` is `nat-gateway`). */
  readonly natGateways: readonly NatGateway[];
  /** The NAT instances (empty unless `egress` is `nat-instance`). */
  readonly natInstances: readonly Instance[];
  /** The security group of the NAT instances (only with `egress: "nat-instance"`). */
  readonly natSecurityGroup?: SecurityGroup;
  /** The elastic IPs the private subnets' traffic leaves from (one per NAT device). */
  readonly natPublicIps: readonly Eip[];
  readonly s3GatewayEndpoint: VpcEndpoint;
  /** The DynamoDB gateway endpoint, on every route table (free). */
  readonly dynamodbGatewayEndpoint: VpcEndpoint;
  /** The services reachable through interface endpoints (see `interfaceEndpoints`). */
  readonly interfaceEndpointServices: readonly InterfaceEndpointService[];
  /** The interface endpoints' security group (only with `interfaceEndpoints`). */
  readonly endpointSecurityGroup?: SecurityGroup;
  readonly defaultSecurityGroup: DefaultSecurityGroup;
  /**
   * The VPC's default network ACL, which all four subnets use: managed with the allow-all rules
   * AWS gives it, declared, so a rule added or removed outside Terraform shows in the plan.
   */
  readonly defaultNetworkAcl: DefaultNetworkAcl;
  /**
   * The VPC's main route table, managed with no routes but the implicit local one. No subnet
   * uses it (each has an explicit association), so a route added to it outside Terraform would
   * only reach a subnet created later without one; the plan shows it.
   */
  readonly defaultRouteTable: DefaultRouteTable;
  /** The flow log's log group (only when `flowLogs` is not `off`). */
  readonly flowLogGroup?: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: Vpc2AzProps) {
    super(scope, id);
    const settings = validate(this, props);
    const { name, region } = props;

    this.availabilityZones = [...props.availabilityZones];
    this.egress = settings.egress;

    this.vpc = new Vpc(this, "Vpc", {
      cidrBlock: props.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: resourceName(name, "vpc") },
    });
    this.vpcId = this.vpc.id;
    this.vpcCidr = props.cidr;

    // Take every rule off the default security group, so nothing that falls back to it is reachable.
    this.defaultSecurityGroup = new DefaultSecurityGroup(this, "DefaultSecurityGroup", {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: resourceName(name, "default-deny-all") },
    });

    this.internetGateway = new InternetGateway(this, "InternetGateway", {
      vpcId: this.vpc.id,
      tags: { Name: resourceName(name, "igw") },
    });

    this.publicRouteTable = new RouteTable(this, "PublicRouteTable", {
      vpcId: this.vpc.id,
      tags: { Name: resourceName(name, "public") },
    });
    new Route(this, "PublicInternetRoute", {
      routeTableId: this.publicRouteTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: this.internetGateway.id,
    });

    const zones: Vpc2AzZone[] = this.availabilityZones.map((az, i) => {
      const suffix = zoneSuffix(i);
      const publicSubnet = new Subnet(this, `PublicSubnet${suffix}`, {
        vpcId: this.vpc.id,
        availabilityZone: az,
        cidrBlock: formatIpv4Cidr(subnetOf(settings.network, settings.subnetPrefix, i)),
        // Whatever needs a public IP (a Fargate task, a NAT instance) asks for one itself.
        mapPublicIpOnLaunch: false,
        tags: { Name: resourceName(name, "public", az), Tier: "public" },
      });
      new RouteTableAssociation(this, `PublicSubnet${suffix}RouteTable`, {
        subnetId: publicSubnet.id,
        routeTableId: this.publicRouteTable.id,
      });

      const privateSubnet = new Subnet(this, `PrivateSubnet${suffix}`, {
        vpcId: this.vpc.id,
        availabilityZone: az,
        cidrBlock: formatIpv4Cidr(subnetOf(settings.network, settings.subnetPrefix, AZ_COUNT + i)),
        mapPublicIpOnLaunch: false,
        tags: { Name: resourceName(name, "private", az), Tier: "private" },
      });
      const privateRouteTable = new RouteTable(this, `PrivateRouteTable${suffix}`, {
        vpcId: this.vpc.id,
        tags: { Name: resourceName(name, "private", az) },
      });
      new RouteTableAssociation(this, `PrivateSubnet${suffix}RouteTable`, {
        subnetId: privateSubnet.id,
        routeTableId: privateRouteTable.id,
      });
      return { availabilityZone: az, publicSubnet, privateSubnet, privateRouteTable };
    });
    this.zones = zones;
    this.publicSubnetIds = zones.map((z) => z.publicSubnet.id);
    this.privateSubnetIds = zones.map((z) => z.privateSubnet.id);
    this.publicSubnetCidrs = zones.map((_, i) => formatIpv4Cidr(subnetOf(settings.network, settings.subnetPrefix, i)));
    this.privateSubnetCidrs = zones.map((_, i) =>
      formatIpv4Cidr(subnetOf(settings.network, settings.subnetPrefix, AZ_COUNT + i)),
    );
    this.publicRouteTableId = this.publicRouteTable.id;
    this.privateRouteTableIds = zones.map((z) => z.privateRouteTable.id);
    this.routeTableIds = [this.publicRouteTableId, ...this.privateRouteTableIds];

    // The subnets have no network ACL of their own, so they use the VPC's default one. Managing
    // it keeps drift from hiding there: the rules are the ones AWS creates (rule 100 allows all
    // IPv4 traffic each way), so behaviour does not change, and listing every subnet keeps the
    // provider from planning to move them off it on every run. Security groups do the filtering.
    this.defaultNetworkAcl = new DefaultNetworkAcl(this, "DefaultNetworkAcl", {
      defaultNetworkAclId: this.vpc.defaultNetworkAclId,
      subnetIds: [...this.publicSubnetIds, ...this.privateSubnetIds],
      ingress: [{ ruleNo: 100, action: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 }],
      egress: [{ ruleNo: 100, action: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 }],
      tags: { Name: resourceName(name, "default-allow-all") },
    });
    // Every subnet has an explicit route table association above, so none uses the main route
    // table. An empty route list (not an absent one, which would ignore routes) removes any route
    // added to it by hand, leaving only the implicit local route.
    this.defaultRouteTable = new DefaultRouteTable(this, "DefaultRouteTable", {
      defaultRouteTableId: this.vpc.defaultRouteTableId,
      route: [],
      tags: { Name: resourceName(name, "default-local-only") },
    });

    // S3 through the gateway endpoint is free and keeps image layers and artifacts off the NAT.
    this.s3GatewayEndpoint = new VpcEndpoint(this, "S3GatewayEndpoint", {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: this.routeTableIds,
      tags: { Name: resourceName(name, "s3-endpoint") },
    });
    // DynamoDB has a gateway endpoint too, as free: tables are reached from private subnets without NAT.
    this.dynamodbGatewayEndpoint = new VpcEndpoint(this, "DynamodbGatewayEndpoint", {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${region}.dynamodb`,
      vpcEndpointType: "Gateway",
      routeTableIds: this.routeTableIds,
      tags: { Name: resourceName(name, "dynamodb-endpoint") },
    });

    this.interfaceEndpointServices = [...settings.interfaceEndpoints];
    if (settings.interfaceEndpoints.length > 0) {
      this.endpointSecurityGroup = replaceableSecurityGroup(this, "EndpointSecurityGroup", {
        name: resourceName(name, "endpoints"),
        description: "Interface endpoints: HTTPS from the VPC",
        vpcId: this.vpc.id,
      });
      new VpcSecurityGroupIngressRule(this, "EndpointsFromVpc", {
        securityGroupId: this.endpointSecurityGroup.id,
        description: "HTTPS from the VPC",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: props.cidr,
      });
      for (const service of settings.interfaceEndpoints) {
        const id = service
          .split(".")
          .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
          .join("");
        new VpcEndpoint(this, `${id}Endpoint`, {
          vpcId: this.vpc.id,
          serviceName: `com.amazonaws.${region}.${service}`,
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: this.privateSubnetIds,
          securityGroupIds: [this.endpointSecurityGroup.id],
          tags: { Name: resourceName(name, `${service.replace(".", "-")}-endpoint`) },
        });
      }
    }

    const natZones = settings.natLayout === "per-az" ? zones : zones.slice(0, 1);
    const natGateways: NatGateway[] = [];
    const natInstances: Instance[] = [];
    const natPublicIps: Eip[] = [];
    // Each private route table sends internet traffic to the NAT device of its own AZ, or to the shared one.
    const natRouteTarget = (zoneIndex: number): number => (settings.natLayout === "per-az" ? zoneIndex : 0);

    if (settings.egress === "nat-gateway") {
      natZones.forEach((zone, i) => {
        const suffix = zoneSuffix(i);
        const eip = new Eip(this, `NatGateway${suffix}Ip`, {
          domain: "vpc",
          tags: { Name: resourceName(name, "nat", zone.availabilityZone) },
        });
        natPublicIps.push(eip);
        natGateways.push(
          new NatGateway(this, `NatGateway${suffix}`, {
            allocationId: eip.allocationId,
            subnetId: zone.publicSubnet.id,
            tags: { Name: resourceName(name, "nat", zone.availabilityZone) },
            dependsOn: [this.internetGateway],
          }),
        );
      });
      zones.forEach((zone, i) => {
        new Route(this, `PrivateSubnet${zoneSuffix(i)}NatRoute`, {
          routeTableId: zone.privateRouteTable.id,
          destinationCidrBlock: "0.0.0.0/0",
          natGatewayId: natGateways[natRouteTarget(i)]!.id,
        });
      });
    }

    if (settings.egress === "nat-instance") {
      this.natSecurityGroup = replaceableSecurityGroup(this, "NatInstanceSecurityGroup", {
        name: resourceName(name, "nat-instance"),
        description: "NAT instance: forwards traffic from the private subnets to the internet",
        vpcId: this.vpc.id,
      });
      this.privateSubnetCidrs.forEach((cidr, i) => {
        new VpcSecurityGroupIngressRule(this, `NatInstanceFromPrivateSubnet${zoneSuffix(i)}`, {
          securityGroupId: this.natSecurityGroup!.id,
          description: `All traffic from the private subnet in ${this.availabilityZones[i]}`,
          ipProtocol: "-1",
          cidrIpv4: cidr,
        });
      });
      const natEgress = new VpcSecurityGroupEgressRule(this, "NatInstanceToInternet", {
        securityGroupId: this.natSecurityGroup.id,
        description: "Forwarded traffic to the internet",
        ipProtocol: "-1",
        cidrIpv4: "0.0.0.0/0",
      });

      const template = new LaunchTemplate(this, "NatInstanceTemplate", {
        name: resourceName(name, "nat-instance"),
        description: "NAT instance for the private subnets",
        // Resolved by EC2 at launch: no AMI look-up at plan time, and the latest AMI on every replacement.
        imageId: `resolve:ssm:${settings.natAmiParameter}`,
        instanceType: settings.natInstanceType,
        // Standard credits: under sustained load the instance slows to its baseline instead of
        // billing surplus CPU credits, so the monthly cost stays what the README says.
        creditSpecification: { cpuCredits: "standard" },
        userData: Buffer.from(NAT_INSTANCE_USER_DATA, "utf8").toString("base64"),
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
        blockDeviceMappings: [
          {
            deviceName: "/dev/xvda",
            ebs: { volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
          },
        ],
        tagSpecifications: [
          { resourceType: "volume", tags: { Name: resourceName(name, "nat-instance") } },
        ],
        updateDefaultVersion: true,
      });

      natZones.forEach((zone, i) => {
        const suffix = zoneSuffix(i);
        const instance = new Instance(this, `NatInstance${suffix}`, {
          launchTemplate: { id: template.id, version: Fn.tostring(template.latestVersion) },
          subnetId: zone.publicSubnet.id,
          vpcSecurityGroupIds: [this.natSecurityGroup!.id],
          // A NAT forwards packets that are neither from nor for itself.
          sourceDestCheck: false,
          // A public IP at boot lets the user data install iptables; the elastic IP below then replaces it.
          associatePublicIpAddress: true,
          tags: { Name: resourceName(name, "nat-instance", zone.availabilityZone) },
          // The user data installs packages at first boot: the way out must exist by then.
          dependsOn: [this.internetGateway, natEgress],
          // A new template version (instance type, AMI, user data) replaces the instance: start
          // the new one first, so the route and elastic IP move over instead of pointing at nothing.
          lifecycle: { createBeforeDestroy: true },
        });
        natInstances.push(instance);
        natPublicIps.push(
          new Eip(this, `NatInstance${suffix}Ip`, {
            domain: "vpc",
            instance: instance.id,
            tags: { Name: resourceName(name, "nat-instance", zone.availabilityZone) },
          }),
        );
      });
      zones.forEach((zone, i) => {
        new Route(this, `PrivateSubnet${zoneSuffix(i)}NatRoute`, {
          routeTableId: zone.privateRouteTable.id,
          destinationCidrBlock: "0.0.0.0/0",
          networkInterfaceId: natInstances[natRouteTarget(i)]!.primaryNetworkInterfaceId,
        });
      });
    }
    this.natGateways = natGateways;
    this.natInstances = natInstances;
    this.natPublicIps = natPublicIps;

    if (settings.flowLogs !== "off") {
      this.flowLogGroup = this.addFlowLogs(name, settings.flowLogs, settings.flowLogRetentionDays);
    }
  }

  private addFlowLogs(name: string, traffic: "rejected" | "all", retentionDays: number): CloudwatchLogGroup {
    const group = new CloudwatchLogGroup(this, "FlowLogGroup", {
      name: `/${name}/vpc-flow-logs`,
      retentionInDays: retentionDays,
      tags: { Name: resourceName(name, "vpc-flow-logs") },
    });
    // Only flow logs of this VPC's own account may use the role (confused-deputy guard).
    const role = serviceRole(this, "FlowLogRole", {
      name: resourceName(name, "vpc-flow-logs"),
      description: "Lets VPC Flow Logs write to its log group",
      servicePrincipal: "vpc-flow-logs.amazonaws.com",
      sourceAccount: this.vpc.ownerId,
    });
    const rolePolicy = inlinePolicy(this, "FlowLogRolePolicy", role, "write-flow-logs", [
      {
        Sid: "WriteFlowLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [group.arn, `${group.arn}:*`],
      },
    ]);
    new FlowLog(this, "FlowLog", {
      vpcId: this.vpc.id,
      trafficType: traffic === "all" ? "ALL" : "REJECT",
      logDestinationType: "cloud-watch-logs",
      logDestination: group.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 600,
      tags: { Name: resourceName(name, "vpc-flow-log") },
      // Delivery starts at once: the role must already be allowed to write.
      dependsOn: [rolePolicy],
    });
    return group;
  }
}

/** Stable construct-id suffix of the i-th AZ: `A`, `B`. Changing these would replace resources. */
function zoneSuffix(index: number): string {
  return String.fromCharCode("A".charCodeAt(0) + index);
}

/**
 * Turns an Amazon Linux 2023 instance into a NAT: IP forwarding on, masquerade out of the
 * primary interface, the FORWARD chain's default reject removed, and the rules saved so they
 * survive a reboot. Package installs are retried while the network comes up. Kept free of `${`
 * so Terraform reads it as a literal.
 */
const NAT_INSTANCE_USER_DATA = `#!/bin/bash
set -euo pipefail
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  dnf install -y iptables-services && break
  if [ "$attempt" -eq 10 ]; then echo "NAT setup: could not install iptables-services" >&2; exit 1; fi
  sleep 15
done
systemctl enable --now iptables
echo "net.ipv4.ip_forward = 1" > /etc/sysctl.d/90-nat.conf
sysctl -p /etc/sysctl.d/90-nat.conf
IFACE=$(ip -o -4 route show to default | awk '{print $5}' | head -n 1)
iptables -t nat -C POSTROUTING -o "$IFACE" -j MASQUERADE 2>/dev/null || iptables -t nat -A POSTROUTING -o "$IFACE" -j MASQUERADE
iptables -F FORWARD
iptables-save > /etc/sysconfig/iptables
`;

interface Settings {
  readonly network: Ipv4Network;
  readonly subnetPrefix: number;
  readonly egress: VpcEgress;
  readonly natLayout: NatLayout;
  readonly natInstanceType: string;
  readonly natAmiParameter: string;
  readonly flowLogs: FlowLogTraffic;
  readonly flowLogRetentionDays: number;
  readonly interfaceEndpoints: readonly InterfaceEndpointService[];
}

export const INTERFACE_ENDPOINT_SERVICES: readonly InterfaceEndpointService[] = [
  "logs",
  "secretsmanager",
  "ssm",
  "ecr.api",
  "ecr.dkr",
  "sts",
  "kms",
];

const EGRESS_MODES: readonly VpcEgress[] = ["none", "nat-instance", "nat-gateway"];
const NAT_LAYOUTS: readonly NatLayout[] = ["single", "per-az"];
const FLOW_LOG_MODES: readonly FlowLogTraffic[] = ["off", "rejected", "all"];
/** An SSM parameter as `resolve:ssm:` takes it: a name or an ARN, with an optional `:version` or `:label`. */
const SSM_PARAMETER_REFERENCE =
  /^(arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter)?\/?[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*(:[A-Za-z0-9_.-]+)?$/;
/** Graviton instance types: a family letter or two, a generation digit, then `g` (t4g, c7gn, m8g). */
const ARM_INSTANCE_TYPE = /^[a-z]+\d+g[a-z]*\.[a-z0-9]+$/;

/**
 * Every problem with a `Vpc2Az`'s props, found before anything is built (none when they hold):
 * what the constructor would refuse. The environment config reports these with the others'.
 */
export function vpc2AzPropProblems(props: Vpc2AzProps): readonly PropProblem[] {
  return propProblems(() => validate(undefined, props));
}

function validate(scope: Construct | undefined, props: Vpc2AzProps): Settings {
  const v = new PropsValidator(scope, "Vpc2Az");
  // These decide names, CIDRs and which resources exist at synth: they cannot wait for apply.
  v.requireLiterals(props, ["name", "region", "cidr", "availabilityZones", "subnetPrefixLength", "egress", "natLayout", "flowLogs"]);
  v.check(isValidNamePrefix(props.name), "name", NAME_PREFIX_RULE, props.name);
  v.check(isKnownRegion(props.region), "region", regionProblem(props.region) ?? "", props.region);

  const parsed = parseIpv4Cidr(props.cidr);
  let network: Ipv4Network = { address: 0, prefix: MIN_VPC_PREFIX };
  if (!parsed.ok) {
    v.fail("cidr", `must be an IPv4 CIDR with a prefix from /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX}, but it ${parsed.reason}`, props.cidr);
  } else if (parsed.network.prefix < MIN_VPC_PREFIX || parsed.network.prefix > MAX_VPC_PREFIX) {
    v.fail("cidr", `must have a prefix from /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX} (AWS allows /16 at most; under /24 leaves too few addresses)`, props.cidr);
  } else {
    network = parsed.network;
  }

  const azs = props.availabilityZones;
  v.check(azs.length === AZ_COUNT, "availabilityZones", `must list exactly ${AZ_COUNT} availability zones`, azs);
  // An unknown region is reported on region alone: its zones cannot be checked against it.
  azs.forEach((az, i) => {
    const problem = availabilityZoneProblem(props.region, az);
    if (problem !== undefined) v.fail(`availabilityZones[${i}]`, problem, az);
  });
  v.check(new Set(azs).size === azs.length, "availabilityZones", "must name two different availability zones", azs);

  const subnetPrefix = props.subnetPrefixLength ?? Math.min(network.prefix + 3, MAX_SUBNET_PREFIX);
  const minSubnetPrefix = network.prefix + 2;
  v.check(
    Number.isInteger(subnetPrefix) && subnetPrefix >= minSubnetPrefix && subnetPrefix <= MAX_SUBNET_PREFIX,
    "subnetPrefixLength",
    `must be a whole number from /${minSubnetPrefix} (four subnets in the /${network.prefix} VPC) to /${MAX_SUBNET_PREFIX} (the smallest subnet AWS allows)`,
    props.subnetPrefixLength,
  );

  const egress = props.egress ?? "none";
  v.check(EGRESS_MODES.includes(egress), "egress", `must be one of ${EGRESS_MODES.map((m) => `"${m}"`).join(", ")}`, egress);
  const natLayout = props.natLayout ?? "single";
  v.check(NAT_LAYOUTS.includes(natLayout), "natLayout", `must be "single" or "per-az"`, natLayout);
  if (egress === "none" && props.natLayout !== undefined) {
    v.fail("natLayout", `applies only with a NAT egress; set egress to "nat-instance" or "nat-gateway", or drop natLayout`, natLayout);
  }

  const natInstanceType = props.natInstanceType ?? "t4g.nano";
  v.check(
    ARM_INSTANCE_TYPE.test(natInstanceType),
    "natInstanceType",
    "must be an ARM (Graviton) instance type such as \"t4g.nano\": the NAT AMI is arm64",
    natInstanceType,
  );
  const natAmiParameter = props.natInstanceAmiParameter ?? DEFAULT_NAT_AMI_PARAMETER;
  v.check(
    !/^ami-[0-9a-f]+$/.test(natAmiParameter),
    "natInstanceAmiParameter",
    "must name the SSM parameter that holds an AMI id, not an AMI id: a fixed AMI is never updated",
    natAmiParameter,
  );
  v.check(
    SSM_PARAMETER_REFERENCE.test(natAmiParameter),
    "natInstanceAmiParameter",
    "must be an SSM parameter name or ARN, optionally with a :version or :label suffix (e.g. \"/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64\")",
    natAmiParameter,
  );
  for (const [prop, value] of [
    ["natInstanceType", props.natInstanceType],
    ["natInstanceAmiParameter", props.natInstanceAmiParameter],
  ] as const) {
    if (value !== undefined && egress !== "nat-instance") {
      v.fail(prop, `applies only with egress "nat-instance" (egress is "${egress}")`, value);
    }
  }

  const flowLogs = props.flowLogs ?? "rejected";
  v.check(FLOW_LOG_MODES.includes(flowLogs), "flowLogs", `must be one of ${FLOW_LOG_MODES.map((m) => `"${m}"`).join(", ")}`, flowLogs);
  const flowLogRetentionDays = props.flowLogRetentionDays ?? 30;
  v.checkLogRetention("flowLogRetentionDays", flowLogRetentionDays);

  const interfaceEndpoints = props.interfaceEndpoints ?? [];
  interfaceEndpoints.forEach((service, i) => {
    v.check(
      INTERFACE_ENDPOINT_SERVICES.includes(service),
      `interfaceEndpoints[${i}]`,
      `must be one of ${INTERFACE_ENDPOINT_SERVICES.map((e) => `"${e}"`).join(", ")}`,
      service,
    );
  });
  v.check(new Set(interfaceEndpoints).size === interfaceEndpoints.length, "interfaceEndpoints", "must not name a service twice", interfaceEndpoints);

  v.throwIfInvalid();
  return {
    network,
    subnetPrefix,
    egress,
    natLayout,
    natInstanceType,
    natAmiParameter,
    flowLogs,
    flowLogRetentionDays,
    interfaceEndpoints,
  };
}
