import { expectFlag } from "../../json";
import { Rule } from "../../types";

export const vpcSubnetNoPublicIpOnLaunch: Rule = {
  id: "vpc-subnet-no-public-ip-on-launch",
  checkov: "CKV_AWS_130",
  trivy: "AVD-AWS-0164",
  level: "error",
  resourceTypes: ["aws_subnet"],
  summary: "Subnet gives every instance launched in it a public IP",
  why: "With map_public_ip_on_launch every instance and task in the subnet is reachable from the internet unless its security group says otherwise; public addresses should be asked for one resource at a time.",
  check(subnet) {
    return expectFlag(subnet, "map_public_ip_on_launch", false, false);
  },
};
