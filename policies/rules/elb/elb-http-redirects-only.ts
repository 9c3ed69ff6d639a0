import { notApplicable, PolicySubject, Rule, verdictOf } from "../../types";
import { httpActionProblems, LISTENER_RULES, LISTENERS, listenerProtocol, unlessApplicationListener } from "./_shared";

/**
 * An HTTP listener only redirects to HTTPS, permanently: its default action and every listener
 * rule attached to it. Internal load balancers are not exempt.
 */
export const elbHttpRedirectsOnly: Rule = {
  id: "elb-http-redirects-only",
  checkov: "CKV_AWS_2",
  trivy: "AVD-AWS-0054",
  level: "error",
  resourceTypes: LISTENERS,
  summary: "HTTP listener that serves requests instead of redirecting them to HTTPS",
  why: "A listener that forwards or answers on plain HTTP sends pages, cookies and tokens unencrypted, where anyone on the network path can read or change them.",
  check(listener, context) {
    const other = unlessApplicationListener(listener, context);
    if (other !== undefined) return other;
    const protocol = listenerProtocol(listener);
    if (protocol !== "HTTP" && protocol !== "expression") return notApplicable(`protocol is ${protocol}, not HTTP`);
    const rules: PolicySubject[] = LISTENER_RULES.flatMap((type) => context.referrers(type, "listener_arn", listener));
    const problems = [
      ...httpActionProblems("default_action", listener.values.default_action),
      ...rules.flatMap((rule) => httpActionProblems(`${rule.address} action`, rule.values.action)),
    ];
    if (problems.length > 0 && protocol === "expression") {
      problems.unshift(`protocol is ${JSON.stringify(listener.values.protocol)}, which the pack cannot read at synth, so it is judged as HTTP`);
    }
    return verdictOf(problems);
  },
};
