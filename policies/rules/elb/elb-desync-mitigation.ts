import { isExpression, unreadable } from "../../json";
import { fail, pass, Rule } from "../../types";
import { LOAD_BALANCERS, unlessApplication } from "./_shared";

const SAFE_MODES = ["defensive", "strictest"];

/** An application load balancer blocks ambiguous requests: desync mitigation defensive (the default) or strictest. */
export const elbDesyncMitigation: Rule = {
  id: "elb-desync-mitigation",
  checkov: "CKV_AWS_328",
  level: "error",
  resourceTypes: LOAD_BALANCERS,
  attributes: ["desync_mitigation_mode"],
  summary: "Application load balancer forwarding requests that can desynchronize it from its targets",
  why: "In monitor mode the load balancer forwards requests whose framing it and the target may read differently, the opening for HTTP request smuggling past its rules and into other users' responses.",
  check(lb) {
    const other = unlessApplication(lb);
    if (other !== undefined) return other;
    const mode = lb.values.desync_mitigation_mode;
    if (mode === undefined || mode === null) return pass();
    if (typeof mode !== "string" || isExpression(mode)) return fail(unreadable("desync_mitigation_mode", mode));
    if (SAFE_MODES.includes(mode)) return pass();
    return fail(`desync_mitigation_mode is ${JSON.stringify(mode)}: set it to "defensive" (the default) or "strictest"`);
  },
};
