import { expectFlag } from "../../json";
import { Rule } from "../../types";

export const rdsMultiAz: Rule = {
  id: "rds-multi-az",
  checkov: "CKV_AWS_157",
  level: "error",
  resourceTypes: ["aws_db_instance"],
  attributes: ["multi_az"],
  protectedOnly: true,
  summary: "RDS instance in a single availability zone",
  why: "A single-AZ instance is down for the whole of an AZ outage, a host failure or a storage problem; Multi-AZ fails over to a standby in a minute or two.",
  check(instance) {
    return expectFlag(instance, "multi_az", true, false);
  },
};
