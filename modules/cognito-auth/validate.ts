import { Token } from "cdktf";
import type { Construct } from "constructs";
import { ACCOUNT_ID_PATTERN } from "../shared/arn";
import { isUnresolved, PropsValidator } from "../shared/errors";
import { isKnownRegion, regionProblem } from "../shared/regions";
import { isValidNamePrefix, NAME_PREFIX_RULE } from "../_internal/naming";
import type { CognitoAuthProps, CognitoCustomAttribute, CognitoMfa, CognitoScope, CognitoTier } from "./props";

export const COGNITO_TIERS: readonly CognitoTier[] = ["LITE", "ESSENTIALS", "PLUS"];
export const COGNITO_MFA: readonly CognitoMfa[] = ["optional", "required"];
export const COGNITO_SCOPES: readonly CognitoScope[] = ["openid", "email", "profile", "phone", "aws.cognito.signin.user.admin"];
/** The scopes the client gets unless `scopes` says otherwise: the fewest an OIDC sign-in needs. */
export const DEFAULT_SCOPES: readonly CognitoScope[] = ["openid", "email"];

/** Cognito's limit of custom attributes per pool. */
const MAX_CUSTOM_ATTRIBUTES = 50;
const CUSTOM_ATTRIBUTE_NAME = /^[A-Za-z0-9_]{1,20}$/;
/** A prefix of `<prefix>.auth.<region>.amazoncognito.com` (CreateUserPoolDomain's pattern). */
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const RESERVED_PREFIX_WORDS = ["aws", "amazon", "cognito"];
const LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
const DNS_NAME = new RegExp(`^(${LABEL}\\.)+[a-z]{2,63}$`);
const ACM_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/;
const SES_IDENTITY_ARN = /^arn:aws[a-z-]*:ses:[a-z0-9-]+:\d{12}:identity\/\S+$/;
/** `no-reply@example.com` or `Acme <no-reply@example.com>`. */
const FROM_ADDRESS = /^(?:[^<>]+<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;
const QUALIFIED_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+:[A-Za-z0-9_$-]+$/;
const LOCALHOST = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The props with every default filled in. */
export interface Settings {
  readonly preventDestroy: boolean;
  readonly tier: CognitoTier;
  readonly selfSignUp: boolean;
  readonly passwordMinimumLength: number;
  readonly passwordRequireSymbols: boolean;
  /** Undefined: not set (LITE, or 0). */
  readonly passwordHistorySize: number | undefined;
  readonly mfa: CognitoMfa;
  readonly customAttributes: Readonly<Record<string, CognitoCustomAttribute>>;
  readonly scopes: readonly CognitoScope[];
  readonly accessTokenValidityMinutes: number;
  readonly idTokenValidityMinutes: number;
  readonly refreshTokenValidityDays: number;
}

/** Checks every prop, throws every problem at once, and returns the settings with their defaults. */
export function validate(scope: Construct | undefined, props: CognitoAuthProps): Settings {
  const v = new PropsValidator(scope, "CognitoAuth");
  v.requireLiterals(props, ["name", "region"]);
  v.check(isValidNamePrefix(props.name), "name", NAME_PREFIX_RULE, props.name);
  v.check(isKnownRegion(props.region), "region", regionProblem(props.region) ?? "", props.region);
  v.check(ACCOUNT_ID_PATTERN.test(props.accountId), "accountId", "must be a 12-digit AWS account id", props.accountId);
  v.check(typeof props.deletionProtection === "boolean", "deletionProtection", "must be true or false (environments pass `protected`)", props.deletionProtection);

  const tier = props.tier ?? "ESSENTIALS";
  v.check(COGNITO_TIERS.includes(tier), "tier", `must be one of ${COGNITO_TIERS.join(", ")}`, tier);

  const passwordMinimumLength = props.passwordMinimumLength ?? 12;
  v.checkWholeNumber("passwordMinimumLength", passwordMinimumLength, 12, 99, { unit: "characters", why: "shorter passwords are refused by this library" });
  let passwordHistorySize: number | undefined;
  if (tier === "LITE") {
    v.check(
      props.passwordHistorySize === undefined || props.passwordHistorySize === 0,
      "passwordHistorySize",
      'needs tier "ESSENTIALS" or "PLUS": password history is not offered on the LITE plan',
      props.passwordHistorySize,
    );
  } else {
    const size = props.passwordHistorySize ?? 5;
    v.checkWholeNumber("passwordHistorySize", size, 0, 24, { unit: "passwords" });
    passwordHistorySize = size === 0 ? undefined : size;
  }

  const mfa = props.mfa ?? "optional";
  v.check(COGNITO_MFA.includes(mfa), "mfa", 'must be "optional" or "required" (TOTP by authenticator app; MFA is never off)', mfa);

  const customAttributes = props.customAttributes ?? {};
  checkCustomAttributes(v, customAttributes);

  if (props.sesFromArn !== undefined) {
    v.check(SES_IDENTITY_ARN.test(props.sesFromArn), "sesFromArn", 'must be an SES identity ARN, "arn:aws:ses:<region>:<account>:identity/<email or domain>"', props.sesFromArn);
  }
  if (props.fromEmailAddress !== undefined) {
    if (props.sesFromArn === undefined) {
      v.fail("fromEmailAddress", "needs sesFromArn: Cognito's own email always sends from no-reply@verificationemail.com", props.fromEmailAddress);
    } else {
      v.check(FROM_ADDRESS.test(props.fromEmailAddress), "fromEmailAddress", 'must be an email address, optionally with a name ("Acme <no-reply@example.com>")', props.fromEmailAddress);
    }
  }

  checkUrls(v, "callbackUrls", props.callbackUrls);
  checkUrls(v, "logoutUrls", props.logoutUrls);

  const scopes = props.scopes ?? DEFAULT_SCOPES;
  if (!isUnresolved(scopes)) {
    v.check(scopes.length > 0, "scopes", `must list at least one scope of ${COGNITO_SCOPES.join(", ")}`, scopes);
    const seen = new Set<string>();
    scopes.forEach((scope, i) => {
      v.check(COGNITO_SCOPES.includes(scope), `scopes[${i}]`, `must be one of ${COGNITO_SCOPES.join(", ")}`, scope);
      v.check(!seen.has(scope), `scopes[${i}]`, "must not repeat a scope already listed", scope);
      seen.add(scope);
    });
    const needsOpenid = scopes.filter((s) => s === "email" || s === "profile" || s === "phone");
    v.check(needsOpenid.length === 0 || scopes.includes("openid"), "scopes", `must include "openid" with ${needsOpenid.join(", ")} (Cognito grants those only with openid)`, scopes);
  }

  const accessTokenValidityMinutes = props.accessTokenValidityMinutes ?? 60;
  const idTokenValidityMinutes = props.idTokenValidityMinutes ?? 60;
  const refreshTokenValidityDays = props.refreshTokenValidityDays ?? 30;
  v.checkWholeNumber("accessTokenValidityMinutes", accessTokenValidityMinutes, 5, 1440, { unit: "minutes" });
  v.checkWholeNumber("idTokenValidityMinutes", idTokenValidityMinutes, 5, 1440, { unit: "minutes" });
  v.checkWholeNumber("refreshTokenValidityDays", refreshTokenValidityDays, 1, 3650, { unit: "days" });

  checkDomain(v, props);

  const trigger = props.postConfirmation;
  if (trigger !== undefined) {
    v.check(
      QUALIFIED_FUNCTION_ARN.test(trigger.aliasArn),
      "postConfirmation.aliasArn",
      'must be a function alias ARN, "arn:aws:lambda:<region>:<account>:function:<name>:<alias>" (Cognito invokes the alias)',
      trigger.aliasArn,
    );
    v.check(trigger.functionName.length > 0, "postConfirmation.functionName", "must be the function's name", trigger.functionName);
    v.check(trigger.qualifier.length > 0 && trigger.qualifier !== "$LATEST", "postConfirmation.qualifier", "must be the alias's name (not $LATEST)", trigger.qualifier);
  }

  v.throwIfInvalid();
  return {
    preventDestroy: props.preventDestroy ?? props.deletionProtection,
    tier,
    selfSignUp: props.selfSignUp ?? true,
    passwordMinimumLength,
    passwordRequireSymbols: props.passwordRequireSymbols ?? true,
    passwordHistorySize,
    mfa,
    customAttributes,
    scopes,
    accessTokenValidityMinutes,
    idTokenValidityMinutes,
    refreshTokenValidityDays,
  };
}

function checkCustomAttributes(v: PropsValidator, attributes: Readonly<Record<string, CognitoCustomAttribute>>): void {
  const names = Object.keys(attributes);
  v.check(names.length <= MAX_CUSTOM_ATTRIBUTES, "customAttributes", `must hold at most ${MAX_CUSTOM_ATTRIBUTES} attributes (Cognito's limit)`, names);
  const lowered = new Map<string, string>();
  for (const name of names) {
    const at = `customAttributes.${name}`;
    const attribute = attributes[name]!;
    if (name.startsWith("custom:")) {
      v.fail(at, 'must be named without the "custom:" prefix (Cognito adds it)', name);
      continue;
    }
    v.check(CUSTOM_ATTRIBUTE_NAME.test(name), at, "must be named with 1 to 20 letters, digits and underscores", name);
    const other = lowered.get(name.toLowerCase());
    v.check(other === undefined, at, `must not differ from the attribute "${other}" only in letter case (one attribute spelled two ways)`, name);
    lowered.set(name.toLowerCase(), name);
    v.check(attribute.type === "String" || attribute.type === "Number", `${at}.type`, 'must be "String" or "Number"', attribute.type);
    if (attribute.type === "String") {
      v.check(attribute.minValue === undefined && attribute.maxValue === undefined, at, "must not set minValue or maxValue on a String attribute (use minLength, maxLength)", attribute);
      const min = attribute.minLength ?? 0;
      const max = attribute.maxLength ?? 2048;
      v.checkWholeNumber(`${at}.minLength`, min, 0, 2048, { unit: "characters" });
      v.checkWholeNumber(`${at}.maxLength`, max, 1, 2048, { unit: "characters" });
      v.check(min <= max, `${at}.minLength`, `must not exceed maxLength (${max})`, min);
    } else if (attribute.type === "Number") {
      v.check(attribute.minLength === undefined && attribute.maxLength === undefined, at, "must not set minLength or maxLength on a Number attribute (use minValue, maxValue)", attribute);
      for (const key of ["minValue", "maxValue"] as const) {
        const value = attribute[key];
        if (value !== undefined) v.check(Number.isSafeInteger(value), `${at}.${key}`, "must be a whole number", value);
      }
      if (attribute.minValue !== undefined && attribute.maxValue !== undefined) {
        v.check(attribute.minValue <= attribute.maxValue, `${at}.minValue`, `must not exceed maxValue (${attribute.maxValue})`, attribute.minValue);
      }
    }
  }
}

function checkUrls(v: PropsValidator, prop: "callbackUrls" | "logoutUrls", urls: readonly string[]): void {
  if (isUnresolved(urls)) return;
  v.check(urls.length >= 1 && urls.length <= 100, prop, "must list 1 to 100 URLs", urls);
  urls.forEach((url, i) => {
    const problem = urlProblem(url);
    v.check(problem === undefined, `${prop}[${i}]`, problem ?? "", url);
  });
}

/** Why a callback or sign-out URL is refused, or undefined when it is accepted. */
function urlProblem(url: string): string | undefined {
  const rule = "must be an https:// URL, or http://localhost[:port] for development";
  if (url.includes("*")) return `${rule}, without a wildcard (Cognito matches URLs exactly)`;
  if (url.includes("#")) return `${rule}, without a fragment (#): OAuth forbids one in a redirect URI`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return rule;
  }
  if (parsed.protocol === "https:") return parsed.hostname === "" ? rule : undefined;
  if (parsed.protocol === "http:") return LOCALHOST.has(parsed.hostname) ? undefined : `${rule}: plain http is accepted for localhost only`;
  return rule;
}

function checkDomain(v: PropsValidator, props: CognitoAuthProps): void {
  const domain = props.domain as Partial<{ prefix: string; domainName: string; certificateArn: string }> | undefined;
  if (domain === undefined || (domain.prefix === undefined) === (domain.domainName === undefined)) {
    v.fail("domain", "must be either { prefix } (Cognito's domain) or { domainName, certificateArn } (your own)", domain);
    return;
  }
  if (domain.prefix !== undefined) {
    const prefix = domain.prefix;
    if (Token.isUnresolved(prefix)) return;
    v.check(DOMAIN_PREFIX.test(prefix), "domain.prefix", "must be 1 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen", prefix);
    const reserved = RESERVED_PREFIX_WORDS.filter((word) => prefix.includes(word));
    v.check(reserved.length === 0, "domain.prefix", `must not contain "aws", "amazon" or "cognito" (Cognito refuses them; it holds "${reserved.join('", "')}")`, prefix);
    return;
  }
  const name = domain.domainName!;
  if (!Token.isUnresolved(name)) {
    v.check(name.length <= 253 && DNS_NAME.test(name), "domain.domainName", 'must be a lowercase DNS name without a trailing dot (e.g. "auth.example.com")', name);
  }
  const arn = domain.certificateArn;
  if (arn === undefined) {
    v.fail("domain.certificateArn", "must be given with domainName: an ACM certificate in us-east-1 for that name", arn);
  } else if (!Token.isUnresolved(arn)) {
    const region = ACM_ARN.exec(arn)?.[1];
    v.check(region !== undefined, "domain.certificateArn", 'must be an ACM certificate ARN, "arn:aws:acm:us-east-1:<account>:certificate/<id>"', arn);
    if (region !== undefined) {
      v.check(region === "us-east-1", "domain.certificateArn", `must be a certificate in us-east-1 (a custom domain is a CloudFront distribution); this one is in ${region}`, arn);
    }
  }
}
