import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { MediaBucket } from "../../modules/media-bucket";
import { CACHING_OPTIMIZED_POLICY_ID, MEDIA_CONTENT_SECURITY_POLICY, StaticSite, staticSitePropProblems, StaticSiteProps } from "../../modules/static-site";
import { decideForService, IamModel, StackJson } from "../support/iam-simulator";
import { countOf, onlyResource, parseJsonAttribute, refTo, resourceList, SynthesizedStack, synthJson, testApp, testStack } from "../support/synth";
import { testRefusedProps } from "../support/refuses-props";

const base: StaticSiteProps = { name: "acme-test", accountId: "123456789012" };
const CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666";

function build(overrides: Partial<StaticSiteProps> = {}): { stack: TerraformStack; site: StaticSite } {
  const stack = testStack();
  const site = new StaticSite(stack, "Site", { ...base, ...overrides });
  return { stack, site };
}

function synthWith(overrides: Partial<StaticSiteProps> = {}): SynthesizedStack {
  return synthJson(build(overrides).stack);
}

interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: unknown;
}

function bucketPolicy(json: SynthesizedStack, bucketPrefix: string): Statement[] {
  const bucket = refTo(json, "aws_s3_bucket", bucketPrefix, "id");
  const policy = resourceList(json, "aws_s3_bucket_policy").find((p) => p.bucket === bucket);
  return parseJsonAttribute<{ Statement: Statement[] }>(policy?.policy).Statement;
}

describe("StaticSite defaults", () => {
  const json = synthWith();
  const distribution = onlyResource(json, "aws_cloudfront_distribution");

  test("the bucket is private: every public access block on, ACLs disabled", () => {
    expect(onlyResource(json, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(onlyResource(json, "aws_s3_bucket_ownership_controls").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    expect(onlyResource(json, "aws_s3_bucket").bucket).toBe("acme-test-site-123456789012");
    expect(countOf(json, "aws_s3_bucket_server_side_encryption_configuration")).toBe(1);
  });

  test("the only reader of the bucket is the distribution, through OAC with SigV4", () => {
    expect(onlyResource(json, "aws_cloudfront_origin_access_control")).toMatchObject({
      origin_access_control_origin_type: "s3",
      signing_behavior: "always",
      signing_protocol: "sigv4",
    });
    expect(distribution.origin).toEqual([
      {
        origin_id: "site",
        domain_name: refTo(json, "aws_s3_bucket", "Site_Bucket", "bucket_regional_domain_name"),
        origin_access_control_id: refTo(json, "aws_cloudfront_origin_access_control", "Site_OriginAccessControl", "id"),
      },
    ]);
    const statements = bucketPolicy(json, "Site_Bucket");
    const allows = statements.filter((st) => st.Effect === "Allow");
    expect(allows).toEqual([
      {
        Sid: "CloudFrontReadsSite",
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
        Resource: `${refTo(json, "aws_s3_bucket", "Site_Bucket", "arn")}/*`,
        Condition: { StringEquals: { "AWS:SourceArn": refTo(json, "aws_cloudfront_distribution", "Site_Distribution", "arn") } },
      },
    ]);
    expect(statements).toContainEqual(expect.objectContaining({ Sid: "DenyInsecureTransport", Effect: "Deny" }));
  });

  test("HTTPS only, HTTP/2 and HTTP/3, IPv6, compression, the managed caching policy, cheapest price class", () => {
    expect(distribution).toMatchObject({
      enabled: true,
      is_ipv6_enabled: true,
      http_version: "http2and3",
      price_class: "PriceClass_100",
      default_root_object: "index.html",
      default_cache_behavior: {
        target_origin_id: "site",
        viewer_protocol_policy: "redirect-to-https",
        compress: true,
        cache_policy_id: CACHING_OPTIMIZED_POLICY_ID,
        response_headers_policy_id: refTo(json, "aws_cloudfront_response_headers_policy", "Site_SecurityHeaders", "id"),
      },
      viewer_certificate: { cloudfront_default_certificate: true },
    });
  });

  test("security headers: HSTS, no sniffing, no framing, strict referrer", () => {
    expect(onlyResource(json, "aws_cloudfront_response_headers_policy").security_headers_config).toEqual({
      strict_transport_security: { access_control_max_age_sec: 63072000, include_subdomains: true, preload: false, override: true },
      content_type_options: { override: true },
      frame_options: { frame_option: "DENY", override: true },
      referrer_policy: { referrer_policy: "strict-origin-when-cross-origin", override: true },
    });
  });

  test("SPA fallback: 403 and 404 answer /index.html with 200", () => {
    expect(distribution.custom_error_response).toEqual([
      { error_code: 403, response_code: 200, response_page_path: "/index.html", error_caching_min_ttl: 10 },
      { error_code: 404, response_code: 200, response_page_path: "/index.html", error_caching_min_ttl: 10 },
    ]);
  });

  test("the deploy policy allows exactly list, put, delete in the bucket and invalidating the distribution", () => {
    const policy = parseJsonAttribute<{ Statement: Statement[] }>(onlyResource(json, "aws_iam_policy").policy);
    const bucketArn = refTo(json, "aws_s3_bucket", "Site_Bucket", "arn");
    expect(policy.Statement).toEqual([
      { Sid: "ListSite", Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn },
      { Sid: "WriteSite", Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: `${bucketArn}/*` },
      {
        Sid: "Invalidate",
        Effect: "Allow",
        Action: "cloudfront:CreateInvalidation",
        Resource: refTo(json, "aws_cloudfront_distribution", "Site_Distribution", "arn"),
      },
    ]);
  });

  test("versioned, with old deploys and their delete markers expired; no logs, no media; emptied on destroy", () => {
    expect(onlyResource(json, "aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(onlyResource(json, "aws_s3_bucket_lifecycle_configuration").rule).toEqual([
      expect.objectContaining({
        noncurrent_version_expiration: [{ noncurrent_days: 30 }],
        expiration: [{ expired_object_delete_marker: true }],
      }),
    ]);
    expect(onlyResource(json, "aws_s3_bucket").force_destroy).toBe(true);
    expect(distribution.logging_config).toBeUndefined();
    expect(distribution.ordered_cache_behavior).toBeUndefined();
  });

  test("exposes the bucket, distribution and site origin", () => {
    const { site } = build();
    expect(site.siteOrigin).toMatch(/^https:\/\/\$\{TfToken/);
    for (const value of [site.bucketName, site.distributionId, site.distributionDomainName]) expect(typeof value).toBe("string");
  });
});

describe("StaticSite options", () => {
  test("a custom domain: aliases, the certificate, TLS 1.2 (2021) at least, SNI; the origin is the first alias", () => {
    const { stack, site } = build({ aliases: ["www.example.com", "example.com"], certificateArn: CERTIFICATE });
    const distribution = onlyResource(synthJson(stack), "aws_cloudfront_distribution");
    expect(distribution).toMatchObject({
      aliases: ["www.example.com", "example.com"],
      viewer_certificate: { acm_certificate_arn: CERTIFICATE, ssl_support_method: "sni-only", minimum_protocol_version: "TLSv1.2_2021" },
    });
    expect(site.siteOrigin).toBe("https://www.example.com");
    expect(site.siteOrigins).toEqual(["https://www.example.com", "https://example.com"]);
  });

  test("access logs to a bucket of their own, private, kept 90 days", () => {
    const json = synthWith({ accessLogging: true });
    expect(onlyResource(json, "aws_cloudfront_distribution").logging_config).toEqual({
      bucket: refTo(json, "aws_s3_bucket", "Site_Logs_Bucket", "bucket_domain_name"),
      prefix: "cloudfront/",
      include_cookies: false,
    });
    const logsBucket = refTo(json, "aws_s3_bucket", "Site_Logs_Bucket", "id");
    expect(resourceList(json, "aws_s3_bucket_public_access_block").find((b) => b.bucket === logsBucket)).toMatchObject({
      block_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resourceList(json, "aws_s3_bucket_ownership_controls").find((b) => b.bucket === logsBucket)?.rule).toEqual({
      object_ownership: "BucketOwnerPreferred",
    });
  });

  test("media under /media/* from its own bucket with its own OAC, readable by this distribution only under media/", () => {
    const stack = testStack();
    const media = new MediaBucket(stack, "Media", { name: "acme-test", accountId: "123456789012" });
    new StaticSite(stack, "Site", { ...base, media });
    const json = synthJson(stack);
    const distribution = onlyResource(json, "aws_cloudfront_distribution");
    expect(countOf(json, "aws_cloudfront_origin_access_control")).toBe(2);
    expect((distribution.origin as { origin_id: string; origin_access_control_id: string }[])[1]).toEqual({
      origin_id: "media",
      domain_name: refTo(json, "aws_s3_bucket", "Media_Bucket", "bucket_regional_domain_name"),
      origin_access_control_id: refTo(json, "aws_cloudfront_origin_access_control", "Site_MediaOriginAccessControl", "id"),
    });
    expect(distribution.ordered_cache_behavior).toEqual([
      expect.objectContaining({
        path_pattern: "/media/*",
        target_origin_id: "media",
        viewer_protocol_policy: "redirect-to-https",
        response_headers_policy_id: refTo(json, "aws_cloudfront_response_headers_policy", "Site_MediaSecurityHeaders", "id"),
      }),
    ]);
    // An uploaded HTML or SVG file must not run script on the site's origin.
    expect(
      resourceList(json, "aws_cloudfront_response_headers_policy").find((p) => p.name === "acme-test-site-media-headers")?.security_headers_config,
    ).toMatchObject({
      content_security_policy: { content_security_policy: MEDIA_CONTENT_SECURITY_POLICY, override: true },
      content_type_options: { override: true },
    });
    expect(MEDIA_CONTENT_SECURITY_POLICY).toMatch(/default-src 'none'.*sandbox/);
    expect(bucketPolicy(json, "Media_Bucket")).toContainEqual({
      Sid: "CloudFrontReadsMedia",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
      Resource: `${refTo(json, "aws_s3_bucket", "Media_Bucket", "arn")}/media/*`,
      Condition: { StringEquals: { "AWS:SourceArn": refTo(json, "aws_cloudfront_distribution", "Site_Distribution", "arn") } },
    });
  });

  test("a content security policy header, a price class, no SPA fallback, unversioned", () => {
    const json = synthWith({ contentSecurityPolicy: "default-src 'self'", priceClass: "PriceClass_All", spaFallback: false, versioned: false });
    expect(onlyResource(json, "aws_cloudfront_response_headers_policy").security_headers_config).toMatchObject({
      content_security_policy: { content_security_policy: "default-src 'self'", override: true },
    });
    const distribution = onlyResource(json, "aws_cloudfront_distribution");
    expect(distribution.price_class).toBe("PriceClass_All");
    expect(distribution.custom_error_response).toBeUndefined();
    expect(countOf(json, "aws_s3_bucket_versioning")).toBe(0);
  });

  test("attachDeployPolicy attaches the policy to a CI role", () => {
    const { stack, site } = build();
    site.attachDeployPolicy("Ci", "acme-ci-deploy");
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_iam_role_policy_attachment")).toEqual(
      expect.objectContaining({ role: "acme-ci-deploy", policy_arn: refTo(json, "aws_iam_policy", "Site_DeployPolicy", "arn") }),
    );
  });
});

describe("StaticSite buckets refuse old TLS, evaluated", () => {
  const stack = new TerraformStack(testApp(), "test");
  new AwsProvider(stack, "Aws", { region: "eu-west-1", allowedAccountIds: ["123456789012"] });
  new StaticSite(stack, "Site", { ...base, accessLogging: true });
  const model = new IamModel(JSON.parse(Testing.synth(stack)) as StackJson);
  const site = model.bucketPolicy("acme-test-site-123456789012");
  const distribution = JSON.stringify(site).match(/arn:aws:cloudfront::123456789012:distribution\/[A-Z0-9]+/)?.[0] ?? "no distribution";
  const read = (tlsVersion: string) =>
    decideForService(
      "cloudfront.amazonaws.com",
      "123456789012",
      { action: "s3:GetObject", resource: "arn:aws:s3:::acme-test-site-123456789012/index.html", context: { "aws:SourceArn": distribution, "s3:TlsVersion": tlsVersion } },
      site,
    );

  test("the distribution reads the site over TLS 1.2 and 1.3, not 1.1", async () => {
    expect(await read("1.2")).toBe("Allowed");
    expect(await read("1.3")).toBe("Allowed");
    expect(await read("1.1")).toBe("ExplicitlyDenied");
  });

  test("the access log bucket denies TLS 1.1 too", async () => {
    const logs = model.bucketPolicy("acme-test-site-logs-123456789012");
    const request = { action: "s3:PutObject", resource: "arn:aws:s3:::acme-test-site-logs-123456789012/cloudfront/x.gz", context: { "s3:TlsVersion": "1.1" } };
    expect(await decideForService("delivery.logs.amazonaws.com", "123456789012", request, logs)).toBe("ExplicitlyDenied");
    expect(logs.Statement.map((st) => st.Sid)).toEqual(["DenyInsecureTransport", "DenyOutdatedTls"]);
  });
});

describe("StaticSite README example", () => {
  test("compiles and synthesizes", () => {
    // The same code as the usage example in modules/static-site/README.md.
    const stack = testStack("eu-west-1");
    const site = new StaticSite(stack, "Site", {
      name: "acme-staging",
      accountId: "123456789012",
      contentSecurityPolicy: "default-src 'self'",
    });
    site.attachDeployPolicy("Ci", "acme-github-deploy");
    expect(site.siteOrigin).toBeDefined();
    expect(countOf(synthJson(stack), "aws_cloudfront_distribution")).toBe(1);
  });
});

describe("StaticSite refuses bad props, naming the prop", () => {
  const cases: [string, Partial<StaticSiteProps>, RegExp][] = [
    ["aliases without a certificate", { aliases: ["www.example.com"] }, /aliases need certificateArn \(an ACM certificate in us-east-1 covering them\); got \["www\.example\.com"\]/],
    [
      "a certificate outside us-east-1",
      { aliases: ["www.example.com"], certificateArn: CERTIFICATE.replace("us-east-1", "eu-west-1") },
      /certificateArn must be in us-east-1, where CloudFront reads certificates; this one is in eu-west-1/,
    ],
    ["a certificate that is not an ACM ARN", { aliases: ["www.example.com"], certificateArn: "my-cert" }, /certificateArn must be an ACM certificate ARN/],
    ["a certificate without aliases", { certificateArn: CERTIFICATE }, /certificateArn applies only with aliases/],
    ["an invalid price class", { priceClass: "PriceClass_50" as never }, /priceClass must be one of PriceClass_100, PriceClass_200, PriceClass_All; got "PriceClass_50"/],
    ["a wildcard alias (it could not be a CORS origin)", { aliases: ["*.example.com"], certificateArn: CERTIFICATE }, /aliases\[0\] must be a lowercase domain name .*no wildcard/],
    ["an alias that is not a domain", { aliases: ["https://www.example.com"], certificateArn: CERTIFICATE }, /aliases\[0\] must be a lowercase domain name/],
    ["a bucket name S3 refuses", { bucketName: "Site_Bucket" }, /bucketName may hold only lowercase letters/],
  ];

  testRefusedProps(cases, { build, check: (overrides) => staticSitePropProblems({ ...base, ...overrides }) });
});
