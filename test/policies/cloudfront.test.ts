import { cloudfrontDefaultRootObject } from "../../policies/rules/cloudfront/cloudfront-default-root-object";
import { cloudfrontHsts, MANAGED_SECURITY_HEADERS_POLICY_ID } from "../../policies/rules/cloudfront/cloudfront-hsts";
import { cloudfrontHttpsOnly } from "../../policies/rules/cloudfront/cloudfront-https-only";
import { cloudfrontS3OriginAccessControl } from "../../policies/rules/cloudfront/cloudfront-s3-origin-access-control";
import { cloudfrontTls12 } from "../../policies/rules/cloudfront/cloudfront-tls12";
import { expectFlagged, expectPass, Fixture, resultFor } from "./harness";

const D = "aws_cloudfront_distribution.d";
const HEADERS = "${aws_cloudfront_response_headers_policy.h.id}";

const behavior = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  target_origin_id: "site",
  viewer_protocol_policy: "redirect-to-https",
  response_headers_policy_id: HEADERS,
  ...overrides,
});
const s3Origin = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  origin_id: "site",
  domain_name: "${aws_s3_bucket.site.bucket_regional_domain_name}",
  origin_access_control_id: "${aws_cloudfront_origin_access_control.oac.id}",
  ...overrides,
});

/** A distribution as this project synthesizes it, with the given attributes changed. */
const distribution = (overrides: Record<string, unknown> = {}): Fixture => ({
  type: "aws_cloudfront_distribution",
  name: "d",
  values: {
    enabled: true,
    default_root_object: "index.html",
    default_cache_behavior: behavior(),
    ordered_cache_behavior: [behavior({ path_pattern: "/media/*", target_origin_id: "media" })],
    origin: [s3Origin(), s3Origin({ origin_id: "media", domain_name: "${aws_s3_bucket.media.bucket_regional_domain_name}" })],
    viewer_certificate: { cloudfront_default_certificate: true },
    restrictions: { geo_restriction: { restriction_type: "none" } },
    ...overrides,
  },
});
const headersPolicy = (strictTransportSecurity: Record<string, unknown> | undefined): Fixture => ({
  type: "aws_cloudfront_response_headers_policy",
  name: "h",
  values: {
    name: "security-headers",
    security_headers_config: strictTransportSecurity === undefined ? { content_type_options: { override: true } } : { strict_transport_security: strictTransportSecurity },
  },
});
const twoYears = { access_control_max_age_sec: 63072000, include_subdomains: true, override: true };
const oac = (signingBehavior: string): Fixture => ({
  type: "aws_cloudfront_origin_access_control",
  name: "oac",
  values: { name: "oac", origin_access_control_origin_type: "s3", signing_behavior: signingBehavior, signing_protocol: "sigv4" },
});

describe("cloudfront-https-only", () => {
  it("passes behaviors that redirect to or require HTTPS", () => {
    expectPass(cloudfrontHttpsOnly, [distribution({ default_cache_behavior: [behavior({ viewer_protocol_policy: "https-only" })] })], D);
  });

  it("fails synth for a default behavior that allows HTTP", () => {
    const message = expectFlagged(cloudfrontHttpsOnly, [distribution({ default_cache_behavior: behavior({ viewer_protocol_policy: "allow-all" }) })], D);
    expect(message).toContain('default_cache_behavior viewer_protocol_policy is "allow-all"');
  });

  it("fails synth for an ordered behavior that allows HTTP", () => {
    const ordered = [behavior({ path_pattern: "/media/*" }), behavior({ path_pattern: "/legacy/*", viewer_protocol_policy: "allow-all" })];
    const message = expectFlagged(cloudfrontHttpsOnly, [distribution({ ordered_cache_behavior: ordered })], D);
    expect(message).toContain('ordered_cache_behavior "/legacy/*" viewer_protocol_policy is "allow-all"');
    expect(message).not.toContain('"/media/*" viewer_protocol_policy');
  });

  it("fails synth for a behavior without a viewer_protocol_policy", () => {
    const message = expectFlagged(cloudfrontHttpsOnly, [distribution({ default_cache_behavior: behavior({ viewer_protocol_policy: undefined }) })], D);
    expect(message).toContain("default_cache_behavior viewer_protocol_policy is missing");
  });
});

describe("cloudfront-tls12", () => {
  const certificate = (values: Record<string, unknown>): Fixture =>
    distribution({ aliases: ["www.example.com"], viewer_certificate: { acm_certificate_arn: "${aws_acm_certificate.c.arn}", ssl_support_method: "sni-only", ...values } });

  it.each(["TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.3_2025"])("passes a custom certificate with %s", (version) => {
    expectPass(cloudfrontTls12, [certificate({ minimum_protocol_version: version })], D);
  });

  it("is not applicable to the CloudFront default certificate", () => {
    const result = resultFor(cloudfrontTls12, [distribution()], D);
    expect(result.status).toBe("not-applicable");
    expect(result.detail).toContain("CloudFront default certificate");
  });

  it.each(["TLSv1.2_2018", "TLSv1.1_2016", "TLSv1_2016", "TLSv1"])("fails synth for %s", (version) => {
    expect(expectFlagged(cloudfrontTls12, [certificate({ minimum_protocol_version: version })], D)).toContain(
      `minimum_protocol_version is "${version}", not TLSv1.2_2019 or newer`,
    );
  });

  it("fails synth for an IAM certificate without a minimum_protocol_version", () => {
    const iam = distribution({ viewer_certificate: [{ iam_certificate_id: "ASCA1234", ssl_support_method: "sni-only" }] });
    expect(expectFlagged(cloudfrontTls12, [iam], D)).toContain("minimum_protocol_version is not set (the provider default is TLSv1)");
  });
});

describe("cloudfront-s3-origin-access-control", () => {
  it("passes S3 origins read through origin access controls", () => {
    expectPass(cloudfrontS3OriginAccessControl, [distribution(), oac("always")], D);
  });

  it("passes a literal regional S3 domain with an origin access control", () => {
    const origin = [s3Origin({ domain_name: "site.s3.eu-west-1.amazonaws.com" })];
    expectPass(cloudfrontS3OriginAccessControl, [distribution({ origin })], D);
  });

  it("is not applicable to a distribution without S3 origins", () => {
    const origin = [
      { origin_id: "api", domain_name: "api.example.com", custom_origin_config: { origin_protocol_policy: "https-only", http_port: 80, https_port: 443 } },
      { origin_id: "website", domain_name: "site.s3-website-eu-west-1.amazonaws.com", custom_origin_config: { origin_protocol_policy: "http-only" } },
    ];
    const result = resultFor(cloudfrontS3OriginAccessControl, [distribution({ origin })], D);
    expect(result.status).toBe("not-applicable");
    expect(result.detail).toBe("the distribution has no S3 origin");
  });

  it("fails synth for an S3 origin on the legacy origin access identity", () => {
    const origin = [s3Origin({ origin_access_control_id: undefined, s3_origin_config: { origin_access_identity: "${aws_cloudfront_origin_access_identity.oai.cloudfront_access_identity_path}" } })];
    const message = expectFlagged(cloudfrontS3OriginAccessControl, [distribution({ origin })], D);
    expect(message).toContain('origin "site" uses the legacy s3_origin_config.origin_access_identity; set origin_access_control_id');
  });

  it.each(["site.s3.amazonaws.com", "site.s3-eu-west-1.amazonaws.com", "${aws_s3_bucket.site.bucket_domain_name}"])(
    "fails synth for the S3 origin %s without an origin access control",
    (domain) => {
      const origin = [s3Origin({ domain_name: domain, origin_access_control_id: undefined })];
      expect(expectFlagged(cloudfrontS3OriginAccessControl, [distribution({ origin })], D)).toContain('origin "site" has no origin_access_control_id');
    },
  );

  it("fails synth for an origin access control that never signs", () => {
    const message = expectFlagged(cloudfrontS3OriginAccessControl, [distribution(), oac("never")], D);
    expect(message).toContain('uses aws_cloudfront_origin_access_control.oac, whose signing_behavior is "never"');
  });
});

describe("cloudfront-hsts", () => {
  it("passes behaviors whose policy in the stack sends HSTS for two years", () => {
    expectPass(cloudfrontHsts, [distribution(), headersPolicy(twoYears)], D);
  });

  it("passes the managed SecurityHeadersPolicy", () => {
    const managed = behavior({ response_headers_policy_id: MANAGED_SECURITY_HEADERS_POLICY_ID });
    expectPass(cloudfrontHsts, [distribution({ default_cache_behavior: managed, ordered_cache_behavior: undefined })], D);
  });

  it("fails synth for a behavior without a response headers policy", () => {
    const ordered = [behavior({ path_pattern: "/media/*", response_headers_policy_id: undefined })];
    const message = expectFlagged(cloudfrontHsts, [distribution({ ordered_cache_behavior: ordered }), headersPolicy(twoYears)], D);
    expect(message).toContain('ordered_cache_behavior "/media/*" has no response_headers_policy_id');
    expect(message).not.toContain("default_cache_behavior");
  });

  it.each([
    ["another managed policy", "5cc3b908-e619-4b99-88e5-2cf7f45965bd"],
    ["a data source", "${data.aws_cloudfront_response_headers_policy.h.id}"],
  ])("fails synth for %s the pack cannot see", (_what, id) => {
    const message = expectFlagged(cloudfrontHsts, [distribution({ default_cache_behavior: behavior({ response_headers_policy_id: id }), ordered_cache_behavior: undefined })], D);
    expect(message).toContain("the pack cannot see its headers");
  });

  it("fails synth for a policy without strict_transport_security", () => {
    expect(expectFlagged(cloudfrontHsts, [distribution(), headersPolicy(undefined)], D)).toContain(
      "uses aws_cloudfront_response_headers_policy.h, which sets no security_headers_config.strict_transport_security",
    );
  });

  it("fails synth for a max-age under a year", () => {
    const message = expectFlagged(cloudfrontHsts, [distribution(), headersPolicy({ ...twoYears, access_control_max_age_sec: 86400 })], D);
    expect(message).toContain("access_control_max_age_sec is 86400");
  });
});

describe("cloudfront-default-root-object", () => {
  it("passes a distribution with a default root object", () => {
    expectPass(cloudfrontDefaultRootObject, [distribution()], D);
  });

  it("fails synth for a distribution without one", () => {
    expect(expectFlagged(cloudfrontDefaultRootObject, [distribution({ default_root_object: undefined })], D)).toContain("default_root_object is not set");
  });

  it("fails synth for an empty default root object", () => {
    expect(expectFlagged(cloudfrontDefaultRootObject, [distribution({ default_root_object: "" })], D)).toContain('default_root_object is ""');
  });
});
