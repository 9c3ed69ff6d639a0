import { expectFlag } from "../../json";
import { Rule } from "../../types";
import { LOAD_BALANCERS, unlessApplication } from "./_shared";

/** An application load balancer drops header fields that are not valid HTTP. */
export const elbDropInvalidHeaders: Rule = {
  id: "elb-drop-invalid-headers",
  checkov: "CKV_AWS_131",
  trivy: "AVD-AWS-0052",
  level: "error",
  resourceTypes: LOAD_BALANCERS,
  attributes: ["drop_invalid_header_fields"],
  summary: "Application load balancer passing invalid HTTP header fields to its targets",
  why: "Malformed header names reach the application, where a server that parses them differently from the load balancer can be tricked into request smuggling or header injection.",
  check(lb) {
    return unlessApplication(lb) ?? expectFlag(lb, "drop_invalid_header_fields", true, false);
  },
};
