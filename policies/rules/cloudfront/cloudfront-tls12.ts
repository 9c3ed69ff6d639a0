import { block, hasText } from "../../json";
import { fail, notApplicable, pass, Rule } from "../../types";

const PROTOCOL = /^TLSv1\.(\d+)_(\d{4})$/;

/** TLSv1.2_2019, TLSv1.2_2021 and later policies; TLSv1.2_2018 and older allow weak ciphers or protocols. */
function isModern(version: unknown): boolean {
  const m = typeof version === "string" ? PROTOCOL.exec(version) : null;
  if (m === null) return false;
  const minor = Number(m[1]);
  return minor > 2 || (minor === 2 && Number(m[2]) >= 2019);
}

/** A distribution with its own certificate negotiates TLS 1.2 or newer with viewers. */
export const cloudfrontTls12: Rule = {
  id: "cloudfront-tls12",
  checkov: "CKV_AWS_174",
  trivy: "AVD-AWS-0013",
  level: "error",
  resourceTypes: ["aws_cloudfront_distribution"],
  summary: "CloudFront distribution with a custom certificate allows TLS older than the TLSv1.2_2019 policy",
  why: "Older security policies let viewers connect with TLS 1.0/1.1 or weak ciphers that can be downgraded or broken.",
  check(distribution) {
    const viewer = block(distribution.values.viewer_certificate);
    if (viewer === undefined || (!hasText(viewer.acm_certificate_arn) && !hasText(viewer.iam_certificate_id))) {
      return notApplicable("the distribution uses the CloudFront default certificate, whose TLS policy CloudFront fixes");
    }
    const version = viewer.minimum_protocol_version;
    if (isModern(version)) return pass();
    return fail(
      version === undefined
        ? "viewer_certificate.minimum_protocol_version is not set (the provider default is TLSv1)"
        : `viewer_certificate.minimum_protocol_version is ${JSON.stringify(version)}, not TLSv1.2_2019 or newer (use TLSv1.2_2021)`,
    );
  },
};
