import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Lazy, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { applyPolicyPack, errorsOf, evaluate, StackJson as PolicyStackJson } from "../../policies";
import {
  AliasRecordOptions,
  CertificateOptions,
  CLOUDFRONT_HOSTED_ZONE_ID,
  cloudFrontTarget,
  Domain,
  domainPropProblems,
  DomainProps,
  validationOption,
} from "../../modules/domain";
import { HttpApi, LambdaIntegration } from "../../modules/http-api";
import { PropsError } from "../../modules/shared/errors";
import { StaticSite } from "../../modules/static-site";
import { domainModuleStack } from "../support/module-stacks";
import { testRefusedProps } from "../support/refuses-props";
import { countOf, onlyResource, refTo, resourceList, resourcesOf, SynthesizedStack, synthJson, testStack } from "../support/synth";

const BASE: DomainProps = { name: "acme-test", zoneName: "example.com", region: "eu-west-1" };

/** A stack with a default provider in `region` and a us-east-1 one aliased `us-east-1`. */
function stackWithGlobal(region = "eu-west-1"): { stack: TerraformStack; global: AwsProvider } {
  const stack = testStack(region);
  const global = new AwsProvider(stack, "AwsGlobal", { region: "us-east-1", alias: "us-east-1" });
  return { stack, global };
}

function build(overrides: Partial<DomainProps> = {}): { stack: TerraformStack; domain: Domain } {
  const stack = testStack(overrides.region ?? BASE.region);
  const domain = new Domain(stack, "Domain", { ...BASE, ...overrides });
  return { stack, domain };
}

/** What values (tokens) resolve to in the synthesized JSON, through outputs the test adds. */
function resolvedIn(stack: TerraformStack, values: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(values)) new TerraformOutput(stack, `Probe${key}`, { value });
  const outputs = synthJson(stack).output ?? {};
  return Object.fromEntries(Object.keys(values).map((key) => [key, outputs[`Probe${key}`]?.value]));
}

/** The validation-option expression the records must carry, by hand (not through the module's helper). */
function optionExpression(json: SynthesizedStack, certificatePrefix: string, domainName: string, attribute: string): string {
  const certificate = refTo(json, "aws_acm_certificate", certificatePrefix, "id").slice(2, -4);
  return `\${{ for option in ${certificate}.domain_validation_options : option.domain_name => option }["${domainName}"].${attribute}}`;
}

describe("Domain README example", () => {
  test("compiles and synthesizes", () => {
    // The same code as the usage example in modules/domain/README.md.
    const stack = testStack("eu-west-1");
    const usEast1 = new AwsProvider(stack, "AwsGlobal", { region: "us-east-1", alias: "us-east-1" });
    const domain = new Domain(stack, "Domain", {
      name: "acme-production",
      zoneName: "example.com",
      region: "eu-west-1",
      globalProvider: usEast1,
      preventDestroy: true,
    });
    const siteCertificate = domain.certificate("SiteCertificate", {
      domainNames: ["www.example.com"],
      forCloudFront: true,
    });
    const site = new StaticSite(stack, "Site", {
      name: "acme-production",
      accountId: "123456789012",
      aliases: ["www.example.com"],
      certificateArn: siteCertificate.certificateArn,
    });
    domain.aliasRecord("Www", { name: "www.example.com", target: domain.cloudFrontTarget(site.distributionDomainName) });
    const json = synthJson(stack);
    expect(countOf(json, "aws_route53_zone")).toBe(1);
    expect(onlyResource(json, "aws_acm_certificate")).toMatchObject({ domain_name: "www.example.com", provider: "aws.us-east-1", tags: { Name: "acme-production-site-certificate" } });
    // The distribution waits for the validation, not just the certificate.
    const distribution = onlyResource(json, "aws_cloudfront_distribution");
    expect((distribution.viewer_certificate as Record<string, unknown>).acm_certificate_arn).toBe(
      refTo(json, "aws_acm_certificate_validation", "Domain_SiteCertificateValidation", "certificate_arn"),
    );
    expect(resourceList(json, "aws_route53_record").filter((r) => r.alias !== undefined)).toHaveLength(2);
  });
});

describe("Domain defaults", () => {
  const { stack, domain } = build();
  const json = synthJson(stack);

  test("creates a public zone for the name, kept on destroy only when asked (prevent_destroy false), never force-destroyed", () => {
    expect(onlyResource(json, "aws_route53_zone")).toEqual({
      name: "example.com",
      comment: "Public zone of acme-test",
      force_destroy: false,
      tags: { Name: "acme-test-zone" },
      lifecycle: { prevent_destroy: false },
    });
    expect(Object.keys(json.resource ?? {})).toEqual(["aws_route53_zone"]);
  });

  test("exposes the zone, its id and name servers", () => {
    expect(domain.zone).toBeDefined();
    expect(resolvedIn(stack, { ZoneId: domain.zoneId, NameServers: domain.nameServers })).toEqual({
      ZoneId: refTo(json, "aws_route53_zone", "Domain_Zone", "zone_id"),
      NameServers: refTo(json, "aws_route53_zone", "Domain_Zone", "name_servers"),
    });
    expect(domain.zoneName).toBe("example.com");
  });

  test("preventDestroy protects the created zone", () => {
    const protectedJson = synthJson(build({ preventDestroy: true }).stack);
    expect(onlyResource(protectedJson, "aws_route53_zone").lifecycle).toEqual({ prevent_destroy: true });
  });

  test("with hostedZoneId: no zone resource, records go in the given zone, no name servers", () => {
    const existing = build({ hostedZoneId: "Z0123456789ABCDEFGHIJ", preventDestroy: true });
    existing.domain.certificate("Api", { domainNames: ["api.example.com"] });
    const existingJson = synthJson(existing.stack);
    expect(countOf(existingJson, "aws_route53_zone")).toBe(0);
    expect(existing.domain.zone).toBeUndefined();
    expect(existing.domain.nameServers).toBeUndefined();
    expect(existing.domain.zoneId).toBe("Z0123456789ABCDEFGHIJ");
    expect(onlyResource(existingJson, "aws_route53_record").zone_id).toBe("Z0123456789ABCDEFGHIJ");
  });
});

describe("Domain.certificate", () => {
  test("a regional certificate: DNS-validated, RSA 2048, replaced by creating the new one first, in the stack's region", () => {
    const { stack, domain } = build();
    const cert = domain.certificate("Api", { domainNames: ["api.example.com"] });
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_acm_certificate")).toEqual({
      domain_name: "api.example.com",
      validation_method: "DNS",
      key_algorithm: "RSA_2048",
      tags: { Name: "acme-test-api-certificate" },
      lifecycle: { create_before_destroy: true },
    });
    expect(onlyResource(json, "aws_acm_certificate_validation").provider).toBeUndefined();
    expect(cert.domainNames).toEqual(["api.example.com"]);
    expect(cert.certificate).toBeDefined();
    expect(cert.validation).toBeDefined();
  });

  test("certificateArn is the validation's certificate_arn, so dependents wait for the certificate to be issued", () => {
    const { stack, domain } = build();
    const cert = domain.certificate("Api", { domainNames: ["api.example.com"] });
    const json = synthJson(stack);
    expect(resolvedIn(stack, { Arn: cert.certificateArn }).Arn).toBe(refTo(json, "aws_acm_certificate_validation", "Domain_ApiValidation", "certificate_arn"));
    expect(onlyResource(json, "aws_acm_certificate_validation").certificate_arn).toBe(refTo(json, "aws_acm_certificate", "Domain_Api_", "arn"));
  });

  describe("apex, wildcard and another name", () => {
    const { stack, domain } = build();
    domain.certificate("Site", { domainNames: ["example.com", "*.example.com", "www.example.com"] });
    const json = synthJson(stack);
    const records = resourcesOf(json, "aws_route53_record");

    test("the first name is the subject, the others alternative names", () => {
      expect(onlyResource(json, "aws_acm_certificate")).toMatchObject({
        domain_name: "example.com",
        subject_alternative_names: ["*.example.com", "www.example.com"],
      });
    });

    test("one validation record per distinct validation name, keyed by the name: the wildcard shares the apex's", () => {
      expect(Object.keys(records).map((name) => name.replace(/_[0-9A-F]{8}$/, "")).sort()).toEqual([
        "Domain_SiteValidationRecordApex",
        "Domain_SiteValidationRecordWww",
      ]);
    });

    test("each record reads its name's validation option from the set by domain_name, never by position", () => {
      const apex = Object.entries(records).find(([name]) => name.startsWith("Domain_SiteValidationRecordApex"))![1];
      expect(apex).toEqual({
        zone_id: refTo(json, "aws_route53_zone", "Domain_Zone", "zone_id"),
        name: optionExpression(json, "Domain_Site_", "example.com", "resource_record_name"),
        type: optionExpression(json, "Domain_Site_", "example.com", "resource_record_type"),
        records: [optionExpression(json, "Domain_Site_", "example.com", "resource_record_value")],
        ttl: 60,
        allow_overwrite: true,
      });
      const www = Object.entries(records).find(([name]) => name.startsWith("Domain_SiteValidationRecordWww"))![1];
      expect(www.name).toBe(optionExpression(json, "Domain_Site_", "www.example.com", "resource_record_name"));
      // No index into the set, no for_each over it.
      for (const record of Object.values(records)) {
        expect(JSON.stringify(record)).not.toMatch(/domain_validation_options\[|for_each/);
        expect(record.for_each).toBeUndefined();
      }
    });

    test("the validation waits for every record's fqdn", () => {
      expect(onlyResource(json, "aws_acm_certificate_validation").validation_record_fqdns).toEqual([
        refTo(json, "aws_route53_record", "Domain_SiteValidationRecordApex", "fqdn"),
        refTo(json, "aws_route53_record", "Domain_SiteValidationRecordWww", "fqdn"),
      ]);
    });
  });

  test("a wildcard alone reads the wildcard's own option (its domain_name is the wildcard)", () => {
    const { stack, domain } = build();
    domain.certificate("Wildcard", { domainNames: ["*.example.com"] });
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_route53_record").name).toBe(optionExpression(json, "Domain_Wildcard_", "*.example.com", "resource_record_name"));
    expect(Object.keys(resourcesOf(json, "aws_route53_record"))[0]).toMatch(/^Domain_WildcardValidationRecordApex_/);
  });

  test("the expression helper gives the lookup by name", () => {
    const { stack, domain } = build();
    const cert = domain.certificate("Api", { domainNames: ["api.example.com"] });
    const { Value } = resolvedIn(stack, { Value: validationOption(cert.certificate, "api.example.com", "resource_record_value") });
    expect(Value).toBe(optionExpression(synthJson(stack), "Domain_Api_", "api.example.com", "resource_record_value"));
  });

  test("forCloudFront: the certificate and its validation on the us-east-1 provider, the records on the default one", () => {
    const { stack, global } = stackWithGlobal("eu-west-1");
    const domain = new Domain(stack, "Domain", { ...BASE, globalProvider: global });
    domain.certificate("Site", { domainNames: ["www.example.com"], forCloudFront: true });
    domain.certificate("Api", { domainNames: ["api.example.com"] });
    const json = synthJson(stack);
    const certs = resourcesOf(json, "aws_acm_certificate");
    const site = Object.entries(certs).find(([name]) => name.startsWith("Domain_Site_"))![1];
    const api = Object.entries(certs).find(([name]) => name.startsWith("Domain_Api_"))![1];
    expect(site.provider).toBe("aws.us-east-1");
    expect(api.provider).toBeUndefined();
    const validations = resourcesOf(json, "aws_acm_certificate_validation");
    expect(Object.entries(validations).find(([name]) => name.startsWith("Domain_SiteValidation"))![1].provider).toBe("aws.us-east-1");
    expect(Object.entries(validations).find(([name]) => name.startsWith("Domain_ApiValidation"))![1].provider).toBeUndefined();
    for (const record of resourceList(json, "aws_route53_record")) expect(record.provider).toBeUndefined();
  });

  test("forCloudFront in us-east-1 needs no second provider", () => {
    const { stack, domain } = build({ region: "us-east-1" });
    domain.certificate("Site", { domainNames: ["www.example.com"], forCloudFront: true });
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_acm_certificate").provider).toBeUndefined();
    expect(onlyResource(json, "aws_acm_certificate_validation").provider).toBeUndefined();
  });

  test("an ECDSA key when asked", () => {
    const { stack, domain } = build();
    domain.certificate("Api", { domainNames: ["api.example.com"], keyAlgorithm: "EC_prime256v1" });
    expect(onlyResource(synthJson(stack), "aws_acm_certificate").key_algorithm).toBe("EC_prime256v1");
  });
});

describe("Domain.aliasRecord", () => {
  test("A and AAAA aliases to CloudFront, without target health", () => {
    const { stack, domain } = build();
    const records = domain.aliasRecord("Www", { name: "www.example.com", target: cloudFrontTarget("d111111abcdef8.cloudfront.net") });
    const json = synthJson(stack);
    expect(records).toHaveLength(2);
    const byType = Object.fromEntries(resourceList(json, "aws_route53_record").map((r) => [r.type as string, r]));
    expect(Object.keys(byType).sort()).toEqual(["A", "AAAA"]);
    for (const type of ["A", "AAAA"]) {
      expect(byType[type]).toEqual({
        zone_id: refTo(json, "aws_route53_zone", "Domain_Zone", "zone_id"),
        name: "www.example.com",
        type,
        alias: { name: "d111111abcdef8.cloudfront.net", zone_id: CLOUDFRONT_HOSTED_ZONE_ID, evaluate_target_health: false },
      });
    }
    expect(Object.keys(resourcesOf(json, "aws_route53_record")).map((n) => n.replace(/_[0-9A-F]{8}$/, "")).sort()).toEqual(["Domain_WwwA", "Domain_WwwAaaa"]);
  });

  test("other targets are health-evaluated; ipv6 false gives the A record only", () => {
    const { stack, domain } = build();
    domain.aliasRecord("Api", { name: "api.example.com", target: { dnsName: "d-abc123.execute-api.eu-west-1.amazonaws.com", zoneId: "ZLY8HYME6SFDD" }, ipv6: false });
    const record = onlyResource(synthJson(stack), "aws_route53_record");
    expect(record).toMatchObject({ type: "A", alias: { zone_id: "ZLY8HYME6SFDD", evaluate_target_health: true } });
  });

  test("to an HTTP API's custom domain: its target name and zone from the domain name's configuration", () => {
    const { stack, domain } = build();
    const cert = domain.certificate("Api", { domainNames: ["api.example.com"] });
    const api = new HttpApi(stack, "HttpApi", {
      name: "acme-test",
      integrations: { fn: new LambdaIntegration({ functionName: "acme-test-fn", functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:acme-test-fn" }) },
      domainName: "api.example.com",
      certificateArn: cert.certificateArn,
    });
    domain.aliasRecord("Api", { name: "api.example.com", target: api.domainTarget! });
    const json = synthJson(stack);
    const aliases = resourceList(json, "aws_route53_record").filter((r) => r.alias !== undefined);
    expect(aliases).toHaveLength(2);
    for (const record of aliases) {
      expect(record.alias).toEqual({
        name: `\${${refTo(json, "aws_apigatewayv2_domain_name", "HttpApi_DomainName", "id").slice(2, -4)}.domain_name_configuration[0].target_domain_name}`,
        zone_id: `\${${refTo(json, "aws_apigatewayv2_domain_name", "HttpApi_DomainName", "id").slice(2, -4)}.domain_name_configuration[0].hosted_zone_id}`,
        evaluate_target_health: true,
      });
    }
    expect(onlyResource(json, "aws_apigatewayv2_domain_name").domain_name_configuration).toMatchObject({
      certificate_arn: refTo(json, "aws_acm_certificate_validation", "Domain_ApiValidation", "certificate_arn"),
    });
  });

  test("cloudFrontTarget gives the distribution's name and CloudFront's zone (method and function alike)", () => {
    const { domain } = build();
    expect(CLOUDFRONT_HOSTED_ZONE_ID).toBe("Z2FDTNDATAQYW2");
    expect(domain.cloudFrontTarget("d111.cloudfront.net")).toEqual({ dnsName: "d111.cloudfront.net", zoneId: "Z2FDTNDATAQYW2" });
    const token = Lazy.stringValue({ produce: () => "d222.cloudfront.net" });
    expect(cloudFrontTarget(token)).toEqual({ dnsName: token, zoneId: "Z2FDTNDATAQYW2" });
    expect(() => cloudFrontTarget("www.example.com")).toThrow(PropsError);
    expect(() => cloudFrontTarget("www.example.com")).toThrow(/distributionDomainName must be a distribution's domain name, "<id>.cloudfront.net"; got "www.example.com"/);
  });
});

describe("Domain refuses bad props, naming the prop", () => {
  const otherProvider = (): AwsProvider => new AwsProvider(testStack(), "Other", { region: "eu-central-1", alias: "other" });
  const cases: [string, Partial<DomainProps>, RegExp][] = [
    ["a bad name prefix", { name: "Acme" }, /name must be 2 to 32 lowercase letters/],
    ["an uppercase zone name", { zoneName: "Example.com" }, /zoneName must be a lowercase DNS name without a trailing dot/],
    ["a zone name with a trailing dot", { zoneName: "example.com." }, /zoneName must be a lowercase DNS name/],
    ["a single-label zone name", { zoneName: "localhost" }, /zoneName must be a lowercase DNS name/],
    ["a zone name from a reference", { zoneName: Lazy.stringValue({ produce: () => "example.com" }) }, /zoneName must be a literal value known at synth/],
    ["a hosted zone id that is not one", { hostedZoneId: "example.com" }, /hostedZoneId must be a Route 53 hosted zone id: "Z" and 1 to 32 uppercase letters and digits/],
    ["a hosted zone id too long", { hostedZoneId: `Z${"A".repeat(33)}` }, /hostedZoneId must be a Route 53 hosted zone id/],
    ["an unknown region", { region: "eu-west-9" }, /region "eu-west-9" is not an AWS region/],
    ["a global provider outside us-east-1", { globalProvider: otherProvider() }, /globalProvider must be an AwsProvider in us-east-1 \(with an alias\), where CloudFront reads certificates; got "a provider in eu-central-1"/],
  ];
  testRefusedProps(cases, { build, check: (overrides) => domainPropProblems({ ...BASE, ...overrides }) });
});

describe("Domain.certificate refuses bad options, naming the option", () => {
  const cases: [string, Partial<CertificateOptions>, RegExp][] = [
    ["no names", { domainNames: [] }, /certificate\("Cert"\)\.domainNames must list at least one name/],
    ["a name outside the zone", { domainNames: ["www.example.org"] }, /certificate\("Cert"\)\.domainNames\[0\] must be the zone's apex "example.com" or a name under it \(its validation record goes in that zone\); got "www.example.org"/],
    ["a name that only ends like the zone", { domainNames: ["badexample.com"] }, /domainNames\[0\] must be the zone's apex "example.com" or a name under it/],
    ["an uppercase name", { domainNames: ["WWW.example.com"] }, /domainNames\[0\] must be a lowercase DNS name without a trailing dot, optionally a wildcard/],
    ["a wildcard that is not the leftmost label", { domainNames: ["www.*.example.com"] }, /domainNames\[0\] must be a lowercase DNS name/],
    ["two wildcards", { domainNames: ["*.*.example.com"] }, /domainNames\[0\] must be a lowercase DNS name/],
    ["a repeated name", { domainNames: ["api.example.com", "api.example.com"] }, /domainNames\[1\] must not repeat a name already listed; got "api.example.com"/],
    ["names whose records get one id", { domainNames: ["a-b.example.com", "a.b.example.com"] }, /domainNames must not hold names whose validation records get one construct id \(CertValidationRecordAB/],
    ["a name from a reference", { domainNames: [Lazy.stringValue({ produce: () => "api.example.com" })] }, /domainNames\[0\] must be a literal name known at synth \(its validation record is keyed by it\); got "an unresolved token"/],
    ["a CloudFront certificate outside us-east-1 without a global provider", { forCloudFront: true }, /certificate\("Cert"\)\.forCloudFront needs the Domain's globalProvider prop \(an AwsProvider aliased to us-east-1, where CloudFront reads certificates\): the stack's region is eu-west-1; got true/],
    ["an unknown key algorithm", { keyAlgorithm: "RSA_1024" as CertificateOptions["keyAlgorithm"] }, /keyAlgorithm must be one of RSA_2048, EC_prime256v1, EC_secp384r1/],
    ["a P-384 key for CloudFront", { forCloudFront: true, keyAlgorithm: "EC_secp384r1" }, /keyAlgorithm must be RSA_2048 or EC_prime256v1 for CloudFront/],
  ];
  testRefusedProps(cases, {
    build: (overrides) => {
      const { stack, domain } = build();
      domain.certificate("Cert", { domainNames: ["api.example.com"], ...overrides });
      return stack;
    },
  });

  test("nothing is created by a refused certificate", () => {
    const { stack, domain } = build();
    expect(() => domain.certificate("Cert", { domainNames: ["www.example.org"] })).toThrow(PropsError);
    expect(countOf(synthJson(stack), "aws_acm_certificate")).toBe(0);
  });
});

describe("Domain.aliasRecord refuses bad options, naming the option", () => {
  const target = { dnsName: "d111.cloudfront.net", zoneId: CLOUDFRONT_HOSTED_ZONE_ID };
  const cases: [string, Partial<AliasRecordOptions>, RegExp][] = [
    ["a name outside the zone", { name: "www.example.org" }, /aliasRecord\("Www"\)\.name must be the zone's apex "example.com" or a name under it; got "www.example.org"/],
    ["a name that is not a DNS name", { name: "www example com" }, /aliasRecord\("Www"\)\.name must be a lowercase DNS name/],
    ["an empty target name", { target: { ...target, dnsName: "" } }, /aliasRecord\("Www"\)\.target\.dnsName must be the target's DNS name/],
    ["a target zone id that is not one", { target: { ...target, zoneId: "cloudfront" } }, /aliasRecord\("Www"\)\.target\.zoneId must be the target's hosted zone id/],
  ];
  testRefusedProps(cases, {
    build: (overrides) => {
      const { stack, domain } = build();
      domain.aliasRecord("Www", { name: "www.example.com", target, ...overrides });
      return stack;
    },
  });
});

/** A stack with every kind of resource the module makes, and an HTTP API on a custom domain. */
// Its offline validate and plan run with every other stack in the background check
// (test/terraform/modules.test.ts).
describe("Domain and the policy pack", () => {
  test("a zone, certificates, alias records and an API on its domain pass with no errors, protected or not", () => {
    for (const isProtected of [false, true]) {
      const stack = domainModuleStack(Testing.app(), isProtected);
      expect(errorsOf(evaluate(stack.toTerraform() as PolicyStackJson, { protected: isProtected }))).toEqual([]);
      applyPolicyPack(stack, { protected: isProtected, onWarning: () => undefined });
      expect(() => Testing.synth(stack, true)).not.toThrow();
    }
  });
});
