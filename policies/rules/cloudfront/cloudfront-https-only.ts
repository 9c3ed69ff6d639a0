import { Rule, verdictOf } from "../../types";
import { cacheBehaviors } from "./_shared";

const SECURE = ["redirect-to-https", "https-only"];

/** Every cache behavior redirects HTTP to HTTPS or refuses it. */
export const cloudfrontHttpsOnly: Rule = {
  id: "cloudfront-https-only",
  checkov: "CKV_AWS_34",
  trivy: "AVD-AWS-0012",
  level: "error",
  resourceTypes: ["aws_cloudfront_distribution"],
  summary: "CloudFront cache behavior serves viewers over plain HTTP",
  why: "With allow-all, pages, cookies and tokens go between viewer and CloudFront unencrypted and can be read or changed on the way.",
  check(distribution) {
    const problems = cacheBehaviors(distribution).flatMap(({ label, values }) => {
      const policy = values.viewer_protocol_policy;
      if (typeof policy === "string" && SECURE.includes(policy)) return [];
      return [`${label} viewer_protocol_policy is ${policy === undefined ? "missing" : JSON.stringify(policy)}`];
    });
    return verdictOf(problems);
  },
};
