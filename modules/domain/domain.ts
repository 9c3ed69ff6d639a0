import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
import { PropProblem, PropsError, propProblems, PropsValidator } from "../shared/errors";
import { isKnownRegion, regionProblem } from "../shared/regions";
import { isValidNamePrefix, NAME_PREFIX_RULE, resourceName } from "../_internal/naming";

/**
 * The hosted zone id of every CloudFront distribution, the `zone_id` of an alias record to one
 * (the same in every account and region).
 */
export const CLOUDFRONT_HOSTED_ZONE_ID = "Z2FDTNDATAQYW2";

/** The region CloudFront reads its certificates from. */
const CLOUDFRONT_CERTIFICATE_REGION = "us-east-1";

/**
 * Where an alias record points: a CloudFront distribution ({@link Domain.cloudFrontTarget}), an
 * API Gateway custom domain (`HttpApi.domainTarget`), a load balancer (`dns_name`, `zone_id`).
 */
export interface AliasTarget {
  /** The target's DNS name (`d111111abcdef8.cloudfront.net`, `d-abc123.execute-api.eu-west-1.amazonaws.com`). */
  readonly dnsName: string;
  /** The target's own hosted zone id (not the zone the record is in). */
  readonly zoneId: string;
}

/** A DNS-validated ACM certificate, as {@link Domain.certificate} returns it. */
export interface ValidatedCertificate {
  /** The certificate (its `arn` does not wait for issue: prefer `certificateArn`). */
  readonly certificate: AcmCertificate;
  /** The resource that waits until ACM has issued the certificate. */
  readonly validation: AcmCertificateValidation;
  /**
   * The certificate's ARN read from the validation resource (`certificate_arn`): whatever uses it
   * waits until the certificate is issued, instead of failing on a pending one.
   */
  readonly certificateArn: string;
  /** The names the certificate covers, the first one its subject. */
  readonly domainNames: readonly string[];
}

/** The key algorithms ACM issues public certificates with. */
export type CertificateKeyAlgorithm = "RSA_2048" | "EC_prime256v1" | "EC_secp384r1";

/** What {@link Domain.certificate} takes. */
export interface CertificateOptions {
  /**
   * The names to cover: the zone's apex or names under it, a wildcard (`*.example.com`) as the
   * leftmost label only. The first is the certificate's subject. Literal values: each gets its
   * validation record by name at synth.
   */
  readonly domainNames: readonly string[];
  /**
   * A certificate for a CloudFront distribution: made in us-east-1, through the Domain's
   * `globalProvider` unless the stack's region is us-east-1.
   * @default false - a regional certificate, in the stack's region (API Gateway, load balancers)
   */
  readonly forCloudFront?: boolean;
  /**
   * The key's algorithm. RSA_2048 is accepted by every front door (CloudFront, API Gateway,
   * load balancers); CloudFront takes EC_prime256v1 too but not EC_secp384r1. Changing it
   * replaces the certificate (a new one is issued and validated before the old one goes).
   * @default "RSA_2048"
   */
  readonly keyAlgorithm?: CertificateKeyAlgorithm;
}

/** What {@link Domain.aliasRecord} takes. */
export interface AliasRecordOptions {
  /** The record's name: the zone's apex or a name under it (`www.example.com`, `api.example.com`). */
  readonly name: string;
  /** Where it points. */
  readonly target: AliasTarget;
  /**
   * An AAAA alias beside the A alias. Keep it for targets that answer over IPv6 (CloudFront with
   * IPv6 on, a dual-stack API Gateway domain or load balancer).
   * @default true
   */
  readonly ipv6?: boolean;
}

export interface DomainProps {
  /** Prefix of every resource name, `${project}-${environment}` (e.g. `acme-production`). */
  readonly name: string;
  /**
   * The zone's DNS name: lowercase, no trailing dot (`example.com`, `staging.example.com`).
   * Certificates and records of this Domain must be at its apex or under it.
   */
  readonly zoneName: string;
  /**
   * An existing public hosted zone for `zoneName` (`Z` and up to 32 uppercase letters and
   * digits), used as given: no look-up at plan time.
   * @default - the module creates a public hosted zone, whose name servers the registrar (or the parent zone) must then delegate to
   */
  readonly hostedZoneId?: string;
  /**
   * `prevent_destroy` on the created zone: a new zone gets new name servers, and the delegation
   * to the old ones stops resolving every name in it. Has no effect with `hostedZoneId` (there
   * is no zone resource to protect). Environments pass `protected`.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * An `AwsProvider` in us-east-1 (aliased), where CloudFront certificates must be. Needed only
   * for `certificate(..., { forCloudFront: true })` when `region` is another region.
   * @default - none: a CloudFront certificate is refused outside us-east-1
   */
  readonly globalProvider?: TerraformProvider;
  /** The stack's region (its default provider's): regional certificates are made there. */
  readonly region: string;
}

/**
 * A Route 53 public hosted zone (created, or an existing one by id) and what is made in it:
 * DNS-validated ACM certificates for its names, and alias records to front doors (CloudFront,
 * API Gateway, load balancers).
 */
export class Domain extends Construct {
  /** The created zone (undefined with `hostedZoneId`). */
  readonly zone?: Route53Zone;
  /** The zone's id: the created zone's, or `hostedZoneId`. */
  readonly zoneId: string;
  /** The zone's DNS name, as `zoneName` gave it. */
  readonly zoneName: string;
  /** The created zone's name servers, to delegate `zoneName` to at the registrar (undefined with `hostedZoneId`). */
  readonly nameServers?: string[];

  private readonly props: DomainProps;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: DomainProps) {
    super(scope, id);
    validate(this, props);
    this.props = props;
    this.region = props.region;
    this.zoneName = props.zoneName;

    if (props.hostedZoneId === undefined) {
      this.zone = new Route53Zone(this, "Zone", {
        name: props.zoneName,
        comment: `Public zone of ${props.name}`,
        // Records this stack does not manage (mail, verification) stay, and so does the zone.
        forceDestroy: false,
        tags: { Name: resourceName(props.name, "zone") },
        lifecycle: { preventDestroy: props.preventDestroy ?? false },
      });
      this.zoneId = this.zone.zoneId;
      this.nameServers = this.zone.nameServers;
    } else {
      this.zoneId = props.hostedZoneId;
    }
  }

  /**
   * A public ACM certificate for `domainNames`, validated through DNS records in this zone, and
   * the validation that waits for it to be issued. Use its `certificateArn` (the validation's).
   *
   * Each distinct validation record is a resource of its own, keyed by its domain name at synth
   * (a wildcard shares its base name's record). Construct ids, under the Domain: `<id>` (the
   * certificate), `<id>Validation`, and `<id>ValidationRecord<Name>`, where `<Name>` is the name
   * relative to the zone in PascalCase (`Apex` for the apex itself).
   */
  certificate(id: string, options: CertificateOptions): ValidatedCertificate {
    const s = validateCertificate(this, this.props, id, options);
    const provider = s.forCloudFront && this.region !== CLOUDFRONT_CERTIFICATE_REGION ? this.props.globalProvider : undefined;
    const [subject, ...alternatives] = s.domainNames;

    const certificate = new AcmCertificate(this, id, {
      provider,
      domainName: subject!,
      subjectAlternativeNames: alternatives.length > 0 ? alternatives : undefined,
      validationMethod: "DNS",
      keyAlgorithm: s.keyAlgorithm,
      tags: { Name: resourceName(this.props.name, certificateRole(id)) },
      // A change of names replaces the certificate: issue the new one before the old is let go,
      // so what uses it (a distribution, an API domain) moves over without a gap.
      lifecycle: { createBeforeDestroy: true },
    });

    const records = s.validationNames.map(
      ({ idSuffix, lookupName }) =>
        new Route53Record(this, `${id}ValidationRecord${idSuffix}`, {
          zoneId: this.zoneId,
          name: validationOption(certificate, lookupName, "resource_record_name"),
          type: validationOption(certificate, lookupName, "resource_record_type"),
          records: [validationOption(certificate, lookupName, "resource_record_value")],
          ttl: 60,
          // Another certificate for the same name (a previous one, another stack's) has the same record.
          allowOverwrite: true,
        }),
    );

    const validation = new AcmCertificateValidation(this, `${id}Validation`, {
      provider,
      certificateArn: certificate.arn,
      validationRecordFqdns: records.map((r) => r.fqdn),
    });

    return { certificate, validation, certificateArn: validation.certificateArn, domainNames: s.domainNames };
  }

  /**
   * An A alias record for `name` to `target`, and an AAAA one unless `ipv6` is false. Route 53
   * evaluates the target's health, except for CloudFront (which has none to evaluate).
   * Construct ids, under the Domain: `<id>A` and `<id>Aaaa`.
   */
  aliasRecord(id: string, options: AliasRecordOptions): Route53Record[] {
    validateAlias(this, this.props, id, options);
    const alias = {
      name: options.target.dnsName,
      zoneId: options.target.zoneId,
      evaluateTargetHealth: options.target.zoneId !== CLOUDFRONT_HOSTED_ZONE_ID,
    };
    const types: ("A" | "AAAA")[] = (options.ipv6 ?? true) ? ["A", "AAAA"] : ["A"];
    return types.map((type) => new Route53Record(this, `${id}${type === "A" ? "A" : "Aaaa"}`, { zoneId: this.zoneId, name: options.name, type, alias }));
  }

  /** The alias target of a CloudFront distribution, by its domain name: {@link cloudFrontTarget}. */
  cloudFrontTarget(distributionDomainName: string): AliasTarget {
    return cloudFrontTarget(distributionDomainName);
  }
}

/**
 * The alias target of a CloudFront distribution, by its domain name
 * (`StaticSite.distributionDomainName`): that name and {@link CLOUDFRONT_HOSTED_ZONE_ID}.
 * A literal name must end in `.cloudfront.net`.
 */
export function cloudFrontTarget(distributionDomainName: string): AliasTarget {
  if (!Token.isUnresolved(distributionDomainName) && !CLOUDFRONT_DOMAIN.test(distributionDomainName)) {
    throw new PropsError("Domain", "cloudFrontTarget", [
      { prop: "distributionDomainName", expected: 'must be a distribution\'s domain name, "<id>.cloudfront.net"', given: distributionDomainName },
    ]);
  }
  return { dnsName: distributionDomainName, zoneId: CLOUDFRONT_HOSTED_ZONE_ID };
}

/**
 * A Terraform expression reading one attribute of the certificate's validation option for
 * `domainName`. `domain_validation_options` is a set known only at apply, so it cannot be
 * indexed or iterated at synth: the expression turns it into a map keyed by `domain_name` and
 * looks up the name, which is known at synth.
 */
export function validationOption(certificate: AcmCertificate, domainName: string, attribute: "resource_record_name" | "resource_record_type" | "resource_record_value"): string {
  return `\${{ for option in ${certificate.fqn}.domain_validation_options : option.domain_name => option }[${JSON.stringify(domainName)}].${attribute}}`;
}

/**
 * Every problem with a `Domain`'s props, found before anything is built (none when they hold).
 * The environment config runs it to report the domain's problems with the others'.
 */
export function domainPropProblems(props: DomainProps): readonly PropProblem[] {
  return propProblems(() => validate(undefined, props));
}

const LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
/** A lowercase DNS name of two labels or more, its last one a top-level domain (letters, or an `xn--` one). */
const DNS_NAME = new RegExp(`^(${LABEL}\\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})$`);
const DNS_NAME_RULE = 'must be a lowercase DNS name without a trailing dot (e.g. "example.com")';
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,32}$/;
const CLOUDFRONT_DOMAIN = /^[a-z0-9]+\.cloudfront\.net$/;
const KEY_ALGORITHMS: readonly CertificateKeyAlgorithm[] = ["RSA_2048", "EC_prime256v1", "EC_secp384r1"];

function isDnsName(name: string): boolean {
  return name.length <= 253 && DNS_NAME.test(name);
}

/** `name` is `zone` or a name under it. */
function inZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

function validate(scope: Construct | undefined, props: DomainProps): void {
  const v = new PropsValidator(scope, "Domain");
  v.requireLiterals(props, ["name", "zoneName", "region"]);
  v.check(isValidNamePrefix(props.name), "name", NAME_PREFIX_RULE, props.name);
  v.check(isDnsName(props.zoneName), "zoneName", DNS_NAME_RULE, props.zoneName);
  v.check(isKnownRegion(props.region), "region", regionProblem(props.region) ?? "", props.region);
  if (props.hostedZoneId !== undefined) {
    v.check(
      HOSTED_ZONE_ID.test(props.hostedZoneId),
      "hostedZoneId",
      'must be a Route 53 hosted zone id: "Z" and 1 to 32 uppercase letters and digits (e.g. "Z0123456789ABCDEFGHIJ")',
      props.hostedZoneId,
    );
  }
  const globalProvider = props.globalProvider;
  if (globalProvider !== undefined) {
    const region = globalProvider instanceof AwsProvider ? globalProvider.region : undefined;
    v.check(
      globalProvider instanceof AwsProvider && (region === undefined || Token.isUnresolved(region) || region === CLOUDFRONT_CERTIFICATE_REGION),
      "globalProvider",
      "must be an AwsProvider in us-east-1 (with an alias), where CloudFront reads certificates",
      globalProvider instanceof AwsProvider ? `a provider in ${region ?? "no region"}` : globalProvider.terraformProviderSource ?? "another provider",
    );
  }
  v.throwIfInvalid();
}

interface CertificateSettings {
  readonly domainNames: readonly string[];
  readonly forCloudFront: boolean;
  readonly keyAlgorithm: CertificateKeyAlgorithm;
  /** One per validation record: the id suffix, and the requested name whose option the record reads. */
  readonly validationNames: readonly { readonly idSuffix: string; readonly lookupName: string }[];
}

function validateCertificate(domain: Domain, props: DomainProps, id: string, options: CertificateOptions): CertificateSettings {
  const v = new PropsValidator(domain, "Domain");
  const at = `certificate(${JSON.stringify(id)})`;
  const domainNames = options.domainNames;
  v.check(domainNames.length > 0, `${at}.domainNames`, "must list at least one name", domainNames);
  const seen = new Set<string>();
  // Validation records by the name they validate (a wildcard's is its base name's).
  const groups = new Map<string, string[]>();
  domainNames.forEach((name, i) => {
    const prop = `${at}.domainNames[${i}]`;
    if (Token.isUnresolved(name)) {
      v.fail(prop, "must be a literal name known at synth (its validation record is keyed by it)", "an unresolved token");
      return;
    }
    const base = name.startsWith("*.") ? name.slice(2) : name;
    if (!isDnsName(base)) {
      v.fail(prop, 'must be a lowercase DNS name without a trailing dot, optionally a wildcard "*." as its leftmost label (e.g. "www.example.com", "*.example.com")', name);
      return;
    }
    if (!inZone(base, props.zoneName)) {
      v.fail(prop, `must be the zone's apex "${props.zoneName}" or a name under it (its validation record goes in that zone)`, name);
      return;
    }
    if (seen.has(name)) {
      v.fail(prop, "must not repeat a name already listed", name);
      return;
    }
    seen.add(name);
    groups.set(base, [...(groups.get(base) ?? []), name]);
  });

  // Construct ids are Terraform addresses: two names giving one id would collide.
  const validationNames: { idSuffix: string; lookupName: string }[] = [];
  const ids = new Map<string, string>();
  for (const [base, names] of groups) {
    const idSuffix = recordIdSuffix(base, props.zoneName);
    const holder = ids.get(idSuffix);
    if (holder !== undefined) {
      v.fail(`${at}.domainNames`, `must not hold names whose validation records get one construct id (${id}ValidationRecord${idSuffix}: "${holder}" and "${base}"); put one in another certificate`, domainNames);
      continue;
    }
    ids.set(idSuffix, base);
    // Both names of a pair carry the same record; read the one of the base name when requested.
    validationNames.push({ idSuffix, lookupName: names.includes(base) ? base : names[0]! });
  }

  const forCloudFront = options.forCloudFront ?? false;
  if (forCloudFront && props.region !== CLOUDFRONT_CERTIFICATE_REGION && props.globalProvider === undefined) {
    v.fail(
      `${at}.forCloudFront`,
      `needs the Domain's globalProvider prop (an AwsProvider aliased to us-east-1, where CloudFront reads certificates): the stack's region is ${props.region}`,
      true,
    );
  }
  const keyAlgorithm = options.keyAlgorithm ?? "RSA_2048";
  v.check(KEY_ALGORITHMS.includes(keyAlgorithm), `${at}.keyAlgorithm`, `must be one of ${KEY_ALGORITHMS.join(", ")}`, keyAlgorithm);
  if (forCloudFront && keyAlgorithm === "EC_secp384r1") {
    v.fail(`${at}.keyAlgorithm`, "must be RSA_2048 or EC_prime256v1 for CloudFront, which does not take EC_secp384r1 keys", keyAlgorithm);
  }
  v.throwIfInvalid();
  return { domainNames: [...domainNames], forCloudFront, keyAlgorithm, validationNames };
}

function validateAlias(domain: Domain, props: DomainProps, id: string, options: AliasRecordOptions): void {
  const v = new PropsValidator(domain, "Domain");
  const at = `aliasRecord(${JSON.stringify(id)})`;
  const base = options.name.startsWith("*.") ? options.name.slice(2) : options.name;
  if (!Token.isUnresolved(options.name)) {
    if (!isDnsName(base)) {
      v.fail(`${at}.name`, 'must be a lowercase DNS name without a trailing dot (e.g. "www.example.com")', options.name);
    } else {
      v.check(inZone(base, props.zoneName), `${at}.name`, `must be the zone's apex "${props.zoneName}" or a name under it`, options.name);
    }
  }
  v.check(options.target.dnsName.length > 0, `${at}.target.dnsName`, "must be the target's DNS name", options.target.dnsName);
  v.check(HOSTED_ZONE_ID.test(options.target.zoneId), `${at}.target.zoneId`, 'must be the target\'s hosted zone id ("Z" and uppercase letters and digits)', options.target.zoneId);
  v.throwIfInvalid();
}

/** `api.example.com` in `example.com` gives `Api`, `my-api.eu` gives `MyApiEu`, the apex `Apex`. */
function recordIdSuffix(name: string, zone: string): string {
  if (name === zone) return "Apex";
  const relative = name.slice(0, -(zone.length + 1));
  return relative
    .split(/[.-]/)
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** The certificate's Name tag role: `Api` gives `api-certificate`, `SiteCertificate` `site-certificate`. */
function certificateRole(id: string): string {
  const kebab = id
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return kebab.endsWith("certificate") ? kebab : `${kebab}-certificate`;
}
