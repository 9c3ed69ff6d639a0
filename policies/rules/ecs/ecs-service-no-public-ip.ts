import { block, readFlag } from "../../json";
import { fail, pass, Rule } from "../../types";

export const ecsServiceNoPublicIp: Rule = {
  id: "ecs-service-no-public-ip",
  checkov: "CKV_AWS_333",
  level: "error",
  resourceTypes: ["aws_ecs_service"],
  summary: "ECS service giving its tasks public IP addresses",
  why: "A task with a public address is reachable from the internet whenever its security group allows it; tasks belong in private subnets behind a load balancer or API Gateway.",
  check(service) {
    const network = block(service.values.network_configuration);
    if (network === undefined) return pass();
    const flag = readFlag(network.assign_public_ip, "network_configuration.assign_public_ip", false);
    if (!flag.ok) return fail(flag.detail);
    return flag.value ? fail("network_configuration.assign_public_ip is true") : pass();
  },
};
