import { CognitoUserPool } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import { ALL_RULES, StackJson } from "../../policies";
import { COGNITO_RULES } from "../../policies/rules/cognito";
import { cognitoClientNoImplicitFlow } from "../../policies/rules/cognito/cognito-client-no-implicit-flow";
import { cognitoDeletionProtection } from "../../policies/rules/cognito/cognito-deletion-protection";
import { cognitoMfaEnabled } from "../../policies/rules/cognito/cognito-mfa-enabled";
import { cognitoPasswordPolicy } from "../../policies/rules/cognito/cognito-password-policy";
import { dataPreventDestroy } from "../../policies/rules/data/data-prevent-destroy";
import { testApp } from "../support/synth";
import { expectFlagged, expectPass, Fixture, reportFor, resultFor } from "./harness";

const POOL = "aws_cognito_user_pool.Users";
const CLIENT = "aws_cognito_user_pool_client.Web";
const PROTECTED = { protected: true };

/**
 * A user pool and a browser app client synthesized by the provider bindings, read back as
 * fixtures, so the rules see the JSON the bindings write (blocks as objects, snake_case keys).
 */
function poolStack(): Fixture[] {
  const stack = new TerraformStack(testApp(), "fixtures");
  new AwsProvider(stack, "Aws", { region: "eu-west-1" });
  const pool = new CognitoUserPool(stack, "Users", {
    name: "app-users",
    mfaConfiguration: "ON",
    softwareTokenMfaConfiguration: { enabled: true },
    passwordPolicy: { minimumLength: 12, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: false, temporaryPasswordValidityDays: 3 },
    deletionProtection: "ACTIVE",
    lifecycle: { preventDestroy: true },
  });
  new CognitoUserPoolClient(stack, "Web", {
    name: "app-web",
    userPoolId: pool.id,
    generateSecret: false,
    allowedOauthFlowsUserPoolClient: true,
    allowedOauthFlows: ["code"],
    allowedOauthScopes: ["openid", "email"],
    supportedIdentityProviders: ["COGNITO"],
    callbackUrls: ["https://app.example.com/auth/callback", "http://localhost:5173/auth/callback"],
    logoutUrls: ["https://app.example.com/"],
  });
  const json = stack.toTerraform() as StackJson;
  return Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, synthesized]) => {
      const { "//": _metadata, ...values } = synthesized as Record<string, unknown>;
      return { type, name, values };
    }),
  );
}

const STACK = poolStack();

/** The fixtures with one resource's values replaced by `change(values)`. */
function changed(address: string, change: (values: Record<string, unknown>) => Record<string, unknown>, fixtures: readonly Fixture[] = STACK): Fixture[] {
  if (!fixtures.some((f) => `${f.type}.${f.name}` === address)) throw new Error(`no fixture ${address}`);
  return fixtures.map((f) => (`${f.type}.${f.name}` === address ? { ...f, values: change({ ...f.values }) } : f));
}
const pool = (change: (values: Record<string, unknown>) => Record<string, unknown>) => changed(POOL, change);
const client = (change: (values: Record<string, unknown>) => Record<string, unknown>) => changed(CLIENT, change);
const omit = (values: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(values).filter(([k]) => !keys.includes(k)));

describe("the cognito group", () => {
  it("passes the pool and client of the fixture on every rule of the pack, protected or not", () => {
    const failures = (options = {}) =>
      ALL_RULES.flatMap((rule) => reportFor(rule, STACK, options).results.filter((r) => r.status === "fail").map((r) => `${rule.id} ${r.subject.address}`));
    expect(failures()).toEqual([]);
    expect(failures(PROTECTED)).toEqual([]);
  });

  it("judges the pool and the client, rather than finding them not applicable", () => {
    const statuses = COGNITO_RULES.flatMap((rule) => reportFor(rule, STACK, PROTECTED).results.map((r) => `${rule.id} ${r.subject.address} ${r.status}`));
    expect(statuses).toEqual([
      `cognito-mfa-enabled ${POOL} pass`,
      `cognito-password-policy ${POOL} pass`,
      `cognito-client-no-implicit-flow ${CLIENT} pass`,
      `cognito-deletion-protection ${POOL} pass`,
    ]);
  });
});

describe("cognito-mfa-enabled", () => {
  it("passes MFA ON or OPTIONAL with an authenticator app, SMS or email as second factor", () => {
    expectPass(cognitoMfaEnabled, STACK, POOL);
    expectPass(cognitoMfaEnabled, pool((v) => ({ ...v, mfa_configuration: "OPTIONAL" })), POOL);
    const sms = pool((v) => ({ ...omit(v, "software_token_mfa_configuration"), sms_configuration: { external_id: "app-users", sns_caller_arn: "${aws_iam_role.CognitoSms.arn}" } }));
    expectPass(cognitoMfaEnabled, sms, POOL);
    const email = pool((v) => ({ ...omit(v, "software_token_mfa_configuration"), email_mfa_configuration: { subject: "Your code" } }));
    expectPass(cognitoMfaEnabled, email, POOL);
  });

  it("fails synth for a pool without mfa_configuration, the provider's OFF", () => {
    const message = expectFlagged(cognitoMfaEnabled, pool((v) => omit(v, "mfa_configuration")), POOL);
    expect(message).toContain('mfa_configuration is not set (the provider\'s default is "OFF"): set mfa_configuration = "ON" (or "OPTIONAL")');
  });

  it("fails synth for OFF and for a value it cannot read", () => {
    expect(expectFlagged(cognitoMfaEnabled, pool((v) => ({ ...v, mfa_configuration: "OFF" })), POOL)).toContain('mfa_configuration is "OFF"');
    expect(expectFlagged(cognitoMfaEnabled, pool((v) => ({ ...v, mfa_configuration: "${var.mfa}" })), POOL)).toContain("an expression the pack cannot read at synth");
  });

  it("fails synth for MFA without a second factor, or with the authenticator app turned off", () => {
    const none = expectFlagged(cognitoMfaEnabled, pool((v) => omit(v, "software_token_mfa_configuration")), POOL);
    expect(none).toContain('mfa_configuration is "ON" but no second factor is configured');
    const off = expectFlagged(cognitoMfaEnabled, pool((v) => ({ ...v, mfa_configuration: "OPTIONAL", software_token_mfa_configuration: { enabled: false } })), POOL);
    expect(off).toContain('mfa_configuration is "OPTIONAL" but no second factor is configured');
  });

  it("is not applicable to a passwordless pool", () => {
    const passwordless = pool((v) => ({ ...omit(v, "mfa_configuration"), sign_in_policy: { allowed_first_auth_factors: ["EMAIL_OTP", "WEB_AUTHN"] } }));
    expect(resultFor(cognitoMfaEnabled, passwordless, POOL).status).toBe("not-applicable");
    const withPassword = pool((v) => ({ ...omit(v, "mfa_configuration"), sign_in_policy: { allowed_first_auth_factors: ["PASSWORD", "WEB_AUTHN"] } }));
    expect(resultFor(cognitoMfaEnabled, withPassword, POOL).status).toBe("fail");
  });
});

describe("cognito-password-policy", () => {
  it("passes 12 characters with lowercase, uppercase and numbers, symbols not required", () => {
    expectPass(cognitoPasswordPolicy, STACK, POOL);
    const longer = pool((v) => ({ ...v, password_policy: { minimum_length: "16", require_lowercase: "true", require_uppercase: true, require_numbers: true } }));
    expectPass(cognitoPasswordPolicy, longer, POOL);
  });

  it("fails synth for a pool without password_policy (Cognito's default accepts 8 characters)", () => {
    const message = expectFlagged(cognitoPasswordPolicy, pool((v) => omit(v, "password_policy")), POOL);
    expect(message).toContain("password_policy is not set: Cognito's default accepts 8 characters; set password_policy { minimum_length = 12");
  });

  it("fails synth for a short minimum length, naming the value", () => {
    const message = expectFlagged(cognitoPasswordPolicy, pool((v) => ({ ...v, password_policy: { ...(v.password_policy as object), minimum_length: 8 } })), POOL);
    expect(message).toContain("password_policy.minimum_length is 8: set it to at least 12");
    expect(message).not.toContain("require_");
  });

  it("fails synth for each character class not required, and for an omitted one (sent as false)", () => {
    const message = expectFlagged(cognitoPasswordPolicy, pool((v) => ({ ...v, password_policy: { minimum_length: 14, require_lowercase: false } })), POOL);
    expect(message).toContain("password_policy.require_lowercase is false: set it to true so every password has a lowercase letter");
    expect(message).toContain("password_policy.require_uppercase is not set (false)");
    expect(message).toContain("password_policy.require_numbers is not set (false)");
    expect(message).not.toContain("minimum_length");
  });

  it("fails synth for a length it cannot read, or a policy block without a length", () => {
    const expression = pool((v) => ({ ...v, password_policy: { ...(v.password_policy as object), minimum_length: "${var.length}" } }));
    expect(expectFlagged(cognitoPasswordPolicy, expression, POOL)).toContain("which the pack cannot read at synth");
    const missing = pool((v) => ({ ...v, password_policy: omit(v.password_policy as Record<string, unknown>, "minimum_length") }));
    expect(expectFlagged(cognitoPasswordPolicy, missing, POOL)).toContain("password_policy.minimum_length is not set (Cognito's default 8)");
  });
});

describe("cognito-client-no-implicit-flow", () => {
  it("passes a public client on the code flow with https and localhost callbacks", () => {
    expectPass(cognitoClientNoImplicitFlow, STACK, CLIENT);
  });

  it("passes the implicit flow on a client with a secret, a native app's scheme, and a client without OAuth", () => {
    expectPass(cognitoClientNoImplicitFlow, client((v) => ({ ...v, generate_secret: true, allowed_oauth_flows: ["code", "implicit"] })), CLIENT);
    expectPass(cognitoClientNoImplicitFlow, client((v) => ({ ...v, callback_urls: ["com.example.app:/oauth2redirect", "http://127.0.0.1:8080/cb"] })), CLIENT);
    expectPass(cognitoClientNoImplicitFlow, client((v) => omit(v, "allowed_oauth_flows", "callback_urls", "allowed_oauth_flows_user_pool_client")), CLIENT);
  });

  it("fails synth for the implicit flow on a client without a secret, whether generate_secret is false or missing", () => {
    for (const fixtures of [
      client((v) => ({ ...v, allowed_oauth_flows: ["code", "implicit"] })),
      client((v) => ({ ...omit(v, "generate_secret"), allowed_oauth_flows: ["implicit"] })),
    ]) {
      expect(expectFlagged(cognitoClientNoImplicitFlow, fixtures, CLIENT)).toContain('allowed_oauth_flows includes "implicit" on a client without a secret: use ["code"]');
    }
  });

  it("fails synth for a plain-HTTP callback other than localhost, on any client", () => {
    const message = expectFlagged(
      cognitoClientNoImplicitFlow,
      client((v) => ({ ...v, generate_secret: true, callback_urls: ["https://app.example.com/cb", "http://app.example.com/cb", "http://localhost.evil.com/cb"] })),
      CLIENT,
    );
    expect(message).toContain('callback_urls[1] "http://app.example.com/cb" is not https');
    expect(message).toContain('callback_urls[2] "http://localhost.evil.com/cb" is not https');
    expect(message).not.toContain("callback_urls[0]");
  });

  it("fails synth for callbacks it cannot read", () => {
    expect(expectFlagged(cognitoClientNoImplicitFlow, client((v) => ({ ...v, callback_urls: "${var.callbacks}" })), CLIENT)).toContain("which the pack cannot read at synth");
    expect(expectFlagged(cognitoClientNoImplicitFlow, client((v) => ({ ...v, callback_urls: ["${var.callback}"] })), CLIENT)).toContain("callback_urls[0]");
  });

  it("does not look at the pool", () => {
    expect(() => resultFor(cognitoClientNoImplicitFlow, STACK, POOL)).toThrow("did not look at");
  });
});

describe("cognito-deletion-protection", () => {
  it("passes ACTIVE in a protected environment", () => {
    expectPass(cognitoDeletionProtection, STACK, POOL, PROTECTED);
  });

  it("fails synth, protected, for a pool without it (the provider's INACTIVE) or with INACTIVE", () => {
    expect(expectFlagged(cognitoDeletionProtection, pool((v) => omit(v, "deletion_protection")), POOL, PROTECTED)).toContain(
      'deletion_protection is not set (the provider\'s default is "INACTIVE"): set deletion_protection = "ACTIVE"',
    );
    expect(expectFlagged(cognitoDeletionProtection, pool((v) => ({ ...v, deletion_protection: "INACTIVE" })), POOL, PROTECTED)).toContain('deletion_protection is "INACTIVE"');
  });

  it("does not apply outside protected environments", () => {
    expect(resultFor(cognitoDeletionProtection, pool((v) => omit(v, "deletion_protection")), POOL).status).toBe("not-applicable");
  });

  it("comes with data-prevent-destroy on the pool, which asks for lifecycle.prevent_destroy as well", () => {
    expectPass(dataPreventDestroy, STACK, POOL, PROTECTED);
    expect(expectFlagged(dataPreventDestroy, pool((v) => omit(v, "lifecycle")), POOL, PROTECTED)).toContain("lifecycle.prevent_destroy not set");
  });
});
