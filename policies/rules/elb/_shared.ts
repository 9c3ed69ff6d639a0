import { block, blocks, isExpression } from "../../json";
import { notApplicable, PolicyContext, PolicySubject, Verdict } from "../../types";

/** The load balancer resources (`aws_alb` is the provider's older name for `aws_lb`). */
export const LOAD_BALANCERS = ["aws_lb", "aws_alb"] as const;
/** The listener resources, under both names. */
export const LISTENERS = ["aws_lb_listener", "aws_alb_listener"] as const;
/** The listener rule resources, under both names. */
export const LISTENER_RULES = ["aws_lb_listener_rule", "aws_alb_listener_rule"] as const;

/**
 * Not applicable to a network or gateway load balancer; undefined for an application load
 * balancer: `load_balancer_type` "application", missing (the provider default), or an expression
 * the pack cannot read, which is judged as the default rather than passed.
 */
export function unlessApplication(lb: PolicySubject): Verdict | undefined {
  const type = lb.values.load_balancer_type;
  if (type === undefined || type === null || type === "application" || isExpression(type)) return undefined;
  return notApplicable(`load_balancer_type is ${JSON.stringify(type)}, not an application load balancer`);
}

/**
 * Not applicable to a listener whose `load_balancer_arn` refers to a network or gateway load
 * balancer of the stack; undefined otherwise (an application load balancer, or one the stack does
 * not hold, which is judged as an application load balancer).
 */
export function unlessApplicationListener(listener: PolicySubject, context: PolicyContext): Verdict | undefined {
  const lb = context.resolve(listener.values.load_balancer_arn);
  if (lb === undefined || !(LOAD_BALANCERS as readonly string[]).includes(lb.type)) return undefined;
  if (unlessApplication(lb) === undefined) return undefined;
  return notApplicable(`the listener belongs to ${lb.address}, whose load_balancer_type is ${JSON.stringify(lb.values.load_balancer_type)}, not an application load balancer`);
}

/**
 * A listener's protocol, upper-cased: missing means HTTP (the provider default on an application
 * load balancer); `expression` when the pack cannot read it at synth.
 */
export function listenerProtocol(listener: PolicySubject): string | "expression" {
  const protocol = listener.values.protocol;
  if (protocol === undefined || protocol === null) return "HTTP";
  if (typeof protocol !== "string" || isExpression(protocol)) return "expression";
  return protocol.trim().toUpperCase();
}

/**
 * Problems with a list of actions (a listener's `default_action`, a listener rule's `action`)
 * served on HTTP: every action must redirect to HTTPS with a permanent (301) redirect.
 */
export function httpActionProblems(label: string, actions: unknown): string[] {
  const list = blocks(actions);
  if (list.length === 0) return [`${label} has no action`];
  return list.flatMap((action, i) => {
    const at = list.length === 1 ? label : `${label}[${i}]`;
    if (action.type !== "redirect") {
      return [`${at} type is ${JSON.stringify(action.type ?? null)}: on HTTP the only action allowed is a redirect to HTTPS (type = "redirect", redirect { protocol = "HTTPS", port = "443", status_code = "HTTP_301" })`];
    }
    const redirect = block(action.redirect);
    if (redirect === undefined) return [`${at} is a redirect without a redirect block`];
    const problems: string[] = [];
    if (redirect.protocol !== "HTTPS") {
      problems.push(
        redirect.protocol === undefined || redirect.protocol === null
          ? `${at} redirect.protocol not set (the default "#{protocol}" keeps HTTP): set protocol = "HTTPS"`
          : `${at} redirect.protocol is ${JSON.stringify(redirect.protocol)}: set protocol = "HTTPS"`,
      );
    }
    if (redirect.status_code !== "HTTP_301") {
      problems.push(`${at} redirect.status_code is ${JSON.stringify(redirect.status_code ?? null)}: set status_code = "HTTP_301", a permanent redirect browsers and crawlers remember`);
    }
    return problems;
  });
}
