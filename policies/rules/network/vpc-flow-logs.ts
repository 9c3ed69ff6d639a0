import { fail, pass, Rule } from "../../types";

export const vpcFlowLogs: Rule = {
  id: "vpc-flow-logs",
  checkov: "CKV2_AWS_11",
  trivy: "AVD-AWS-0178",
  level: "error",
  protectedOnly: true,
  resourceTypes: ["aws_vpc"],
  summary: "VPC without flow logs",
  why: "Flow logs are the only record of which addresses talked to what inside the VPC; without them a network incident cannot be investigated.",
  check(vpc, context) {
    return context.referrers("aws_flow_log", "vpc_id", vpc).length > 0 ? pass() : fail("no aws_flow_log has vpc_id referring to the VPC");
  },
};
