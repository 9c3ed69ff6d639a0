import { block, hasText } from "../../json";
import { Rule, verdictOf } from "../../types";
import { cacheBehaviors } from "./_shared";

/** The id of the AWS managed response headers policy "SecurityHeadersPolicy" (HSTS max-age one year). */
export const MANAGED_SECURITY_HEADERS_POLICY_ID = "67f7725c-6f97-4210-82d7-5512b31e9d03";
const ONE_YEAR = 31536000;

/** Every cache behavior sends Strict-Transport-Security with a max-age of at least a year. */
export const cloudfrontHsts: Rule = {
  id: "cloudfront-hsts",
  level: "error",
  resourceTypes: ["aws_cloudfront_distribution"],
  summary: "CloudFront cache behavior without a response headers policy sending HSTS for at least a year",
  why: "Without Strict-Transport-Security a browser's first request can go over HTTP, where an attacker on the network can hijack it before the redirect to HTTPS.",
  check(distribution, context) {
    const problems = cacheBehaviors(distribution).flatMap(({ label, values }) => {
      const id = values.response_headers_policy_id;
      if (!hasText(id)) return [`${label} has no response_headers_policy_id`];
      if (id === MANAGED_SECURITY_HEADERS_POLICY_ID) return [];
      const policy = context.resolve(id);
      if (policy?.type !== "aws_cloudfront_response_headers_policy") {
        return [`${label} response_headers_policy_id ${JSON.stringify(id)} is neither a response headers policy of the stack nor the managed SecurityHeadersPolicy, so the pack cannot see its headers`];
      }
      const hsts = block(block(policy.values.security_headers_config)?.strict_transport_security);
      if (hsts === undefined) return [`${label} uses ${policy.address}, which sets no security_headers_config.strict_transport_security`];
      const age = hsts.access_control_max_age_sec;
      const seconds = typeof age === "number" ? age : typeof age === "string" && age.trim() !== "" ? Number(age) : NaN;
      if (seconds >= ONE_YEAR) return [];
      return [`${label} uses ${policy.address}, whose strict_transport_security.access_control_max_age_sec is ${JSON.stringify(age ?? null)} (under ${ONE_YEAR}, one year)`];
    });
    return verdictOf(problems);
  },
};
