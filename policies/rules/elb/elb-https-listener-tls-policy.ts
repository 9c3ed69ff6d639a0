import { isExpression, unreadable } from "../../json";
import { fail, notApplicable, pass, Rule } from "../../types";
import { LISTENERS, listenerProtocol, unlessApplicationListener } from "./_shared";

/** The policy AWS recommends: TLS 1.3 and 1.2, restricted ciphers, hybrid post-quantum key exchange. */
export const RECOMMENDED_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09";

/**
 * The security policies that accept TLS 1.3 and 1.2 (or 1.3 alone) with the current cipher sets:
 * the 2021 policies, their FIPS variants and the post-quantum ones. The Ext variants, which add
 * older CBC and SHA-1 ciphers back, are left out, as are the TLS 1.0 and 1.1 policies.
 */
export const CURRENT_TLS_POLICIES: readonly string[] = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
];

/** The policy the API gives an HTTPS listener created without one (TLS 1.0 to 1.2). */
const API_DEFAULT = "ELBSecurityPolicy-2016-08";

/** An HTTPS listener negotiates TLS 1.3 and 1.2 only, with a current security policy. */
export const elbHttpsListenerTlsPolicy: Rule = {
  id: "elb-https-listener-tls-policy",
  checkov: "CKV_AWS_103",
  trivy: "AVD-AWS-0047",
  level: "error",
  resourceTypes: LISTENERS,
  attributes: ["ssl_policy"],
  summary: "HTTPS listener without a current TLS 1.3 and 1.2 security policy",
  why: "Older security policies, the API default ELBSecurityPolicy-2016-08 among them, accept TLS 1.0 and 1.1 and CBC ciphers that can be downgraded or broken.",
  check(listener, context) {
    const other = unlessApplicationListener(listener, context);
    if (other !== undefined) return other;
    const protocol = listenerProtocol(listener);
    if (protocol !== "HTTPS" && protocol !== "expression") return notApplicable(`protocol is ${protocol}, not HTTPS`);
    const policy = listener.values.ssl_policy;
    if (typeof policy === "string" && CURRENT_TLS_POLICIES.includes(policy)) return pass();
    const unknownProtocol = protocol === "expression" ? `protocol is ${JSON.stringify(listener.values.protocol)}, which the pack cannot read at synth, so it is judged as HTTPS; ` : "";
    if (policy === undefined || policy === null || policy === "") {
      return fail(`${unknownProtocol}ssl_policy not set, so the listener gets the API default ${API_DEFAULT} (TLS 1.0 and 1.1 too): set ssl_policy = "${RECOMMENDED_TLS_POLICY}"`);
    }
    if (typeof policy !== "string" || isExpression(policy)) return fail(`${unknownProtocol}${unreadable("ssl_policy", policy)}`);
    return fail(`${unknownProtocol}ssl_policy is ${JSON.stringify(policy)}, not a current TLS 1.3 and 1.2 policy: set ssl_policy = "${RECOMMENDED_TLS_POLICY}" (or another of ${CURRENT_TLS_POLICIES.join(", ")})`);
  },
};
