import type { Rule } from "../../types";
import { sgDescription } from "./sg-description";
import { sgNoOrphans } from "./sg-no-orphans";
import { sgNoWorldIngress } from "./sg-no-world-ingress";
import { sgReplaceable } from "./sg-replaceable";
import { vpcDefaultSecurityGroupClosed } from "./vpc-default-security-group-closed";
import { vpcFlowLogs } from "./vpc-flow-logs";
import { vpcSubnetNoPublicIpOnLaunch } from "./vpc-subnet-no-public-ip-on-launch";

export const NETWORK_RULES: readonly Rule[] = [
  sgDescription,
  sgNoWorldIngress,
  sgNoOrphans,
  sgReplaceable,
  vpcDefaultSecurityGroupClosed,
  vpcFlowLogs,
  vpcSubnetNoPublicIpOnLaunch,
];
