import { Vpc2Az, vpc2AzPropProblems, Vpc2AzProps } from "../../modules/vpc-2az";
import type { ConfigIssue } from "../config/errors";
import type { EnvironmentConfig } from "../config/schema";
import { EnvironmentContext, EnvironmentSettings, output, unresolved } from "./context";
import { configIssues, PropSources } from "./module-problems";

type NetworkConfig = EnvironmentConfig["network"];

/** What the other features read of the network (a `Vpc2Az` fits; so does the stand-in a check uses). */
export interface NetworkHandle {
  readonly vpcId: string;
  readonly publicSubnetIds: string[];
  readonly privateSubnetIds: string[];
  readonly egress: Vpc2Az["egress"];
  readonly interfaceEndpointServices: Vpc2Az["interfaceEndpointServices"];
}

function networkProps(context: EnvironmentSettings, network: NetworkConfig): Vpc2AzProps {
  return {
    name: context.namePrefix,
    region: context.region,
    cidr: network.cidr,
    availabilityZones: network.availabilityZones,
    egress: network.egress,
    natLayout: network.natLayout,
    flowLogs: network.flowLogs,
    flowLogRetentionDays: context.logRetentionDays,
    interfaceEndpoints: network.interfaceEndpoints,
  };
}

const SOURCES: PropSources = {
  name: null,
  region: null,
  cidr: "network.cidr",
  availabilityZones: "network.availabilityZones",
  egress: "network.egress",
  natLayout: "network.natLayout",
  flowLogs: "network.flowLogs",
  flowLogRetentionDays: "logRetentionDays",
  interfaceEndpoints: "network.interfaceEndpoints",
};

/** The network module's problems with this config, under the config keys. */
export function checkNetwork(context: EnvironmentSettings, network: NetworkConfig): ConfigIssue[] {
  return configIssues("Vpc2Az", "network", SOURCES, vpc2AzPropProblems(networkProps(context, network)));
}

/** What a dependent feature's check reads of the network before it exists: its literal settings, with ids unresolved. */
export function networkStandIn(network: NetworkConfig | undefined): NetworkHandle {
  return {
    vpcId: unresolved.string(),
    publicSubnetIds: unresolved.list(),
    privateSubnetIds: unresolved.list(),
    // Without a network that parsed: NAT egress, which no dependent refuses.
    egress: network?.egress ?? "nat-gateway",
    interfaceEndpointServices: network?.interfaceEndpoints ?? [],
  };
}

/** The VPC across two availability zones, and its outputs. */
export function addNetwork(context: EnvironmentContext, network: NetworkConfig): Vpc2Az {
  const vpc = new Vpc2Az(context.scope, "Network", networkProps(context, network));
  output(context, "vpc_id", vpc.vpcId, "The VPC's id");
  output(context, "public_subnet_ids", vpc.publicSubnetIds, "Public subnet ids, in availability-zone order");
  output(context, "private_subnet_ids", vpc.privateSubnetIds, "Private subnet ids, in availability-zone order");
  return vpc;
}
