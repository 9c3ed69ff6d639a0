import { block, hasText, readFlag } from "../../json";
import { fail, Rule, verdictOf } from "../../types";
import { LOAD_BALANCERS, unlessApplication } from "./_shared";

/** An application load balancer writes access logs to an S3 bucket. */
export const elbAccessLogs: Rule = {
  id: "elb-access-logs",
  checkov: "CKV_AWS_91",
  level: "error",
  resourceTypes: LOAD_BALANCERS,
  attributes: ["access_logs"],
  summary: "Application load balancer without access logs",
  why: "Access logs are the only record of each request the load balancer received, from which client and with what result: without them abuse and incidents cannot be traced.",
  check(lb) {
    const other = unlessApplication(lb);
    if (other !== undefined) return other;
    const logs = block(lb.values.access_logs);
    if (logs === undefined) return fail("access_logs not set: add access_logs { bucket = <a log bucket>, enabled = true }");
    const enabled = readFlag(logs.enabled, "access_logs.enabled", false);
    if (!enabled.ok) return fail(enabled.detail);
    return verdictOf([
      ...(enabled.value ? [] : [logs.enabled === undefined || logs.enabled === null ? "access_logs.enabled not set (provider default false): set enabled = true" : "access_logs.enabled is false: set enabled = true"]),
      ...(hasText(logs.bucket) ? [] : ["access_logs.bucket not set: name the S3 bucket the logs go to"]),
    ]);
  },
};
