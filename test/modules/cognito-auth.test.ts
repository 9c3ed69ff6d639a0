import { CognitoUserPool } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Lazy, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { applyPolicyPack, errorsOf, evaluate, StackJson as PolicyStackJson } from "../../policies";
import { CognitoAuth, CognitoAuthProps, cognitoAuthPropProblems } from "../../modules/cognito-auth";
import { Domain } from "../../modules/domain";
import { HttpApi, LambdaIntegration } from "../../modules/http-api";
import { LambdaFunction } from "../../modules/lambda-function";
import { DEFAULT_ALARM_THRESHOLDS, Monitoring } from "../../modules/monitoring";
import { PropsCase, testRefusedProps } from "../support/refuses-props";
import { countOf, onlyResource, refTo, resourceCounts, SynthesizedStack, synthJson, testStack } from "../support/synth";

const base: CognitoAuthProps = {
  name: "acme-test",
  region: "eu-west-1",
  accountId: "123456789012",
  deletionProtection: false,
  callbackUrls: ["https://app.example.com/callback"],
  logoutUrls: ["https://app.example.com/"],
  domain: { prefix: "acme-test-login" },
};

const TRIGGER = {
  aliasArn: "arn:aws:lambda:eu-west-1:123456789012:function:acme-test-post-confirmation:live",
  functionName: "acme-test-post-confirmation",
  qualifier: "live",
};
const CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";

/** What a value (fields holding tokens) synthesizes to: read through a probe output. */
function probe(stack: TerraformStack, value: unknown): { json: SynthesizedStack; value: unknown } {
  new TerraformOutput(stack, "Probe", { value });
  const json = synthJson(stack);
  return { json, value: json.output?.Probe?.value };
}

function build(overrides: Partial<CognitoAuthProps> = {}): { stack: TerraformStack; auth: CognitoAuth } {
  const stack = testStack("eu-west-1", "123456789012");
  const auth = new CognitoAuth(stack, "Auth", { ...base, ...overrides });
  return { stack, auth };
}

function synthWith(overrides: Partial<CognitoAuthProps> = {}): SynthesizedStack {
  return synthJson(build(overrides).stack);
}

const poolOf = (json: SynthesizedStack) => onlyResource(json, "aws_cognito_user_pool");
const clientOf = (json: SynthesizedStack) => onlyResource(json, "aws_cognito_user_pool_client");

describe("CognitoAuth README example", () => {
  test("compiles and synthesizes", () => {
    // The same code as the usage example in modules/cognito-auth/README.md.
    const stack = testStack("eu-west-1", "123456789012");
    const postConfirmation = new LambdaFunction(stack, "PostConfirmation", {
      name: "acme-staging",
      functionName: "post-confirmation",
      region: "eu-west-1",
      accountId: "123456789012",
      code: { folder: "examples/fargate-cognito-uploads/functions/post-confirmation" },
      runtime: "nodejs22.x",
      handler: "index.handler",
      logRetentionDays: 14,
    });
    const auth = new CognitoAuth(stack, "Auth", {
      name: "acme-staging",
      region: "eu-west-1",
      accountId: "123456789012",
      deletionProtection: false,
      callbackUrls: ["https://app.example.com/callback", "http://localhost:5173/callback"],
      logoutUrls: ["https://app.example.com/", "http://localhost:5173/"],
      domain: { prefix: "acme-staging-login" },
      postConfirmation,
    });
    const json = synthJson(stack);
    expect(poolOf(json)).toMatchObject({ name: "acme-staging-users", lambda_config: { post_confirmation: refTo(json, "aws_lambda_alias", "PostConfirmation_Alias", "arn") } });
    expect(auth.hostedUiDomain).toBe("acme-staging-login.auth.eu-west-1.amazoncognito.com");
    expect(countOf(json, "aws_lambda_permission")).toBe(1);
  });
});

describe("CognitoAuth defaults", () => {
  const { stack, auth } = build();
  const json = synthJson(stack);
  const synthesized = JSON.stringify(json);

  test("creates a pool, one client and a prefix domain, and nothing else (no SMS role, no trigger permission)", () => {
    expect(resourceCounts(json)).toEqual({ aws_cognito_user_pool: 1, aws_cognito_user_pool_client: 1, aws_cognito_user_pool_domain: 1 });
    expect(countOf(json, "aws_iam_role")).toBe(0);
    expect(poolOf(json).sms_configuration).toBeUndefined();
    expect(poolOf(json).sms_authentication_message).toBeUndefined();
  });

  test("the pool: email as the username, verified, case-insensitive; recovery by verified email only; self sign-up", () => {
    expect(synthesized).toHaveResourceWithProperties(CognitoUserPool, {
      name: "acme-test-users",
      user_pool_tier: "ESSENTIALS",
      deletion_protection: "INACTIVE",
      username_attributes: ["email"],
      auto_verified_attributes: ["email"],
      username_configuration: { case_sensitive: false },
      user_attribute_update_settings: { attributes_require_verification_before_update: ["email"] },
      account_recovery_setting: { recovery_mechanism: [{ name: "verified_email", priority: 1 }] },
      admin_create_user_config: { allow_admin_create_user_only: false },
      tags: { Name: "acme-test-users" },
    });
    expect(poolOf(json).account_recovery_setting).toEqual({ recovery_mechanism: [{ name: "verified_email", priority: 1 }] });
    expect(poolOf(json).alias_attributes).toBeUndefined();
  });

  test("passwords: 12 characters or more, all four classes, temporary ones for 3 days, the last 5 never reused", () => {
    expect(poolOf(json).password_policy).toEqual({
      minimum_length: 12,
      require_lowercase: true,
      require_uppercase: true,
      require_numbers: true,
      require_symbols: true,
      temporary_password_validity_days: 3,
      password_history_size: 5,
    });
  });

  test("MFA is optional, by authenticator app (TOTP); email from Cognito's own account", () => {
    expect(poolOf(json)).toMatchObject({
      mfa_configuration: "OPTIONAL",
      software_token_mfa_configuration: { enabled: true },
      email_configuration: { email_sending_account: "COGNITO_DEFAULT" },
    });
    expect(poolOf(json).email_mfa_configuration).toBeUndefined();
  });

  test("no custom attributes, no trigger, no lifecycle protection when deletion protection is off", () => {
    expect(poolOf(json).schema).toBeUndefined();
    expect(poolOf(json).lambda_config).toBeUndefined();
    expect(poolOf(json).lifecycle).toBeUndefined();
  });

  test("the SPA's client: public, code flow only, SRP and refresh, revocation, no user-existence errors, token lifetimes", () => {
    expect(synthesized).toHaveResourceWithProperties(CognitoUserPoolClient, {
      name: "acme-test-spa",
      user_pool_id: refTo(json, "aws_cognito_user_pool", "Auth_UserPool", "id"),
      generate_secret: false,
      allowed_oauth_flows: ["code"],
      allowed_oauth_flows_user_pool_client: true,
      allowed_oauth_scopes: ["openid", "email"],
      explicit_auth_flows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      supported_identity_providers: ["COGNITO"],
      callback_urls: ["https://app.example.com/callback"],
      logout_urls: ["https://app.example.com/"],
      enable_token_revocation: true,
      prevent_user_existence_errors: "ENABLED",
      access_token_validity: 60,
      id_token_validity: 60,
      refresh_token_validity: 30,
      token_validity_units: [{ access_token: "minutes", id_token: "minutes", refresh_token: "days" }],
    });
  });

  test("the prefix domain, and the fields the SPA and the HTTP API take", () => {
    expect(onlyResource(json, "aws_cognito_user_pool_domain")).toEqual({
      domain: "acme-test-login",
      user_pool_id: refTo(json, "aws_cognito_user_pool", "Auth_UserPool", "id"),
    });
    expect(auth.hostedUiDomain).toBe("acme-test-login.auth.eu-west-1.amazoncognito.com");
    expect(auth.signInUrl).toBe("https://acme-test-login.auth.eu-west-1.amazoncognito.com/oauth2/authorize");
    expect(auth.domainTarget).toBeUndefined();
    expect(auth.tier).toBe("ESSENTIALS");
    const probed = build();
    const { value } = probe(probed.stack, { issuer: probed.auth.jwtIssuer, audience: probed.auth.jwtAudience, poolId: probed.auth.userPoolId, arn: probed.auth.userPoolArn, clientId: probed.auth.clientId });
    expect(value).toEqual({
      issuer: `https://cognito-idp.eu-west-1.amazonaws.com/${refTo(json, "aws_cognito_user_pool", "Auth_UserPool", "id")}`,
      audience: [refTo(json, "aws_cognito_user_pool_client", "Auth_Client", "id")],
      poolId: refTo(json, "aws_cognito_user_pool", "Auth_UserPool", "id"),
      arn: refTo(json, "aws_cognito_user_pool", "Auth_UserPool", "arn"),
      clientId: refTo(json, "aws_cognito_user_pool_client", "Auth_Client", "id"),
    });
  });
});

describe("CognitoAuth options", () => {
  test("deletion protection: ACTIVE and prevent_destroy; preventDestroy may be set apart", () => {
    expect(poolOf(synthWith({ deletionProtection: true }))).toMatchObject({ deletion_protection: "ACTIVE", lifecycle: { prevent_destroy: true } });
    const unprotectedState = poolOf(synthWith({ deletionProtection: true, preventDestroy: false }));
    expect(unprotectedState.deletion_protection).toBe("ACTIVE");
    expect(unprotectedState.lifecycle).toBeUndefined();
    expect(poolOf(synthWith({ preventDestroy: true }))).toMatchObject({ deletion_protection: "INACTIVE", lifecycle: { prevent_destroy: true } });
  });

  test("tiers: LITE has no password history; PLUS keeps it; a size of 0 sets none", () => {
    const lite = synthWith({ tier: "LITE" });
    expect(poolOf(lite).user_pool_tier).toBe("LITE");
    expect(poolOf(lite).password_policy).not.toHaveProperty("password_history_size");
    expect(poolOf(synthWith({ tier: "PLUS", passwordHistorySize: 24 }))).toMatchObject({ user_pool_tier: "PLUS", password_policy: { password_history_size: 24 } });
    expect(poolOf(synthWith({ passwordHistorySize: 0 })).password_policy).not.toHaveProperty("password_history_size");
    expect(build({ tier: "LITE" }).auth.tier).toBe("LITE");
  });

  test("MFA required is ON, still TOTP only", () => {
    expect(poolOf(synthWith({ mfa: "required" }))).toMatchObject({ mfa_configuration: "ON", software_token_mfa_configuration: { enabled: true } });
    expect(poolOf(synthWith({ mfa: "required" })).sms_configuration).toBeUndefined();
  });

  test("invitation only: administrators create the users", () => {
    expect(poolOf(synthWith({ selfSignUp: false })).admin_create_user_config).toEqual({ allow_admin_create_user_only: true });
  });

  test("a longer password without symbols", () => {
    expect(poolOf(synthWith({ passwordMinimumLength: 16, passwordRequireSymbols: false })).password_policy).toMatchObject({ minimum_length: 16, require_symbols: false, require_numbers: true });
  });

  test("custom attributes: schema blocks, each with its constraints block, never required", () => {
    const json = synthWith({
      customAttributes: {
        plan: { type: "String", maxLength: 32 },
        tenant_id: { type: "String", mutable: false, minLength: 1, maxLength: 64 },
        seats: { type: "Number", minValue: 1, maxValue: 500 },
        score: { type: "Number" },
      },
    });
    expect(poolOf(json).schema).toEqual([
      { name: "plan", attribute_data_type: "String", mutable: true, developer_only_attribute: false, required: false, string_attribute_constraints: { min_length: "0", max_length: "32" } },
      { name: "tenant_id", attribute_data_type: "String", mutable: false, developer_only_attribute: false, required: false, string_attribute_constraints: { min_length: "1", max_length: "64" } },
      { name: "seats", attribute_data_type: "Number", mutable: true, developer_only_attribute: false, required: false, number_attribute_constraints: { min_value: "1", max_value: "500" } },
      { name: "score", attribute_data_type: "Number", mutable: true, developer_only_attribute: false, required: false, number_attribute_constraints: {} },
    ]);
    // Changes to the schema are planned, never hidden.
    expect(poolOf(json).lifecycle).toBeUndefined();
  });

  test("email through SES: DEVELOPER, from the identity", () => {
    const arn = "arn:aws:ses:eu-west-1:123456789012:identity/example.com";
    expect(poolOf(synthWith({ sesFromArn: arn, fromEmailAddress: "Acme <no-reply@example.com>" })).email_configuration).toEqual({
      email_sending_account: "DEVELOPER",
      source_arn: arn,
      from_email_address: "Acme <no-reply@example.com>",
    });
    expect(poolOf(synthWith({ sesFromArn: arn })).email_configuration).toEqual({ email_sending_account: "DEVELOPER", source_arn: arn });
  });

  test("scopes and token lifetimes", () => {
    const client = clientOf(
      synthWith({ scopes: ["openid", "email", "profile", "aws.cognito.signin.user.admin"], accessTokenValidityMinutes: 15, idTokenValidityMinutes: 30, refreshTokenValidityDays: 7 }),
    );
    expect(client).toMatchObject({
      allowed_oauth_scopes: ["openid", "email", "profile", "aws.cognito.signin.user.admin"],
      access_token_validity: 15,
      id_token_validity: 30,
      refresh_token_validity: 7,
    });
  });

  test("a custom domain: its us-east-1 certificate, and the alias target the caller points a record at", () => {
    const { stack, auth } = build({ domain: { domainName: "auth.example.com", certificateArn: CERTIFICATE } });
    const { json, value } = probe(stack, auth.domainTarget);
    expect(onlyResource(json, "aws_cognito_user_pool_domain")).toEqual({
      domain: "auth.example.com",
      certificate_arn: CERTIFICATE,
      user_pool_id: refTo(json, "aws_cognito_user_pool", "Auth_UserPool", "id"),
    });
    expect(auth.hostedUiDomain).toBe("auth.example.com");
    expect(auth.signInUrl).toBe("https://auth.example.com/oauth2/authorize");
    expect(value).toEqual({
      dnsName: refTo(json, "aws_cognito_user_pool_domain", "Auth_Domain", "cloudfront_distribution"),
      zoneId: "Z2FDTNDATAQYW2",
    });
  });

  test("a custom domain with the domain module: a CloudFront certificate and A/AAAA aliases to the distribution", () => {
    const stack = testStack("eu-west-1", "123456789012");
    const global = new AwsProvider(stack, "Global", { region: "us-east-1", alias: "global" });
    const domain = new Domain(stack, "Domain", { name: "acme-test", zoneName: "example.com", region: "eu-west-1", globalProvider: global });
    const certificate = domain.certificate("AuthCertificate", { domainNames: ["auth.example.com"], forCloudFront: true });
    const auth = new CognitoAuth(stack, "Auth", { ...base, domain: { domainName: "auth.example.com", certificateArn: certificate.certificateArn } });
    domain.aliasRecord("Auth", { name: "auth.example.com", target: auth.domainTarget! });
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_cognito_user_pool_domain").certificate_arn).toBe(refTo(json, "aws_acm_certificate_validation", "Domain_AuthCertificateValidation", "certificate_arn"));
    const records = Object.values(json.resource!.aws_route53_record!).filter((r) => r.name === "auth.example.com");
    expect(records.map((r) => r.type).sort()).toEqual(["A", "AAAA"]);
    for (const record of records) {
      expect(record.alias).toEqual({
        name: refTo(json, "aws_cognito_user_pool_domain", "Auth_Domain", "cloudfront_distribution"),
        zone_id: "Z2FDTNDATAQYW2",
        evaluate_target_health: false,
      });
    }
  });

  test("the HTTP API's JWT authorizer takes the pool's issuer and the client as audience", () => {
    const { stack, auth } = build();
    const fn = new LambdaFunction(stack, "ApiFunction", {
      name: "acme-test",
      functionName: "api",
      region: "eu-west-1",
      accountId: "123456789012",
      code: { folder: "test/fixtures/lambda/node" },
      runtime: "nodejs22.x",
      handler: "dist/handler.handler",
      logRetentionDays: 14,
    });
    new HttpApi(stack, "Api", { name: "acme-test", integrations: { app: new LambdaIntegration(fn) }, jwtIssuer: auth.jwtIssuer, jwtAudience: auth.jwtAudience });
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_apigatewayv2_authorizer").jwt_configuration).toEqual({
      issuer: `https://cognito-idp.eu-west-1.amazonaws.com/${refTo(json, "aws_cognito_user_pool", "Auth_UserPool", "id")}`,
      audience: [refTo(json, "aws_cognito_user_pool_client", "Auth_Client", "id")],
    });
  });
});

describe("CognitoAuth post-confirmation trigger", () => {
  const json = synthWith({ postConfirmation: TRIGGER });

  test("the pool invokes the alias", () => {
    expect(poolOf(json).lambda_config).toEqual({ post_confirmation: TRIGGER.aliasArn });
  });

  test("Cognito may invoke the alias for this pool of this account only", () => {
    expect(onlyResource(json, "aws_lambda_permission")).toEqual({
      statement_id: "acme-test-users-post-confirmation",
      action: "lambda:InvokeFunction",
      function_name: "acme-test-post-confirmation",
      qualifier: "live",
      principal: "cognito-idp.amazonaws.com",
      source_arn: refTo(json, "aws_cognito_user_pool", "Auth_UserPool", "arn"),
      source_account: "123456789012",
    });
  });

  test("the pool does not wait for the permission (the permission depends on the pool): no cycle", () => {
    expect(poolOf(json).depends_on).toBeUndefined();
    expect(JSON.stringify(poolOf(json))).not.toContain("aws_lambda_permission");
  });

  test("with a LambdaFunction: the alias ARN, the function's name, the alias as qualifier; still no SMS role", () => {
    const stack = testStack("eu-west-1", "123456789012");
    const fn = new LambdaFunction(stack, "PostConfirmation", {
      name: "acme-test",
      functionName: "post-confirmation",
      region: "eu-west-1",
      accountId: "123456789012",
      code: { folder: "examples/fargate-cognito-uploads/functions/post-confirmation" },
      runtime: "nodejs22.x",
      handler: "index.handler",
      logRetentionDays: 14,
    });
    new CognitoAuth(stack, "Auth", { ...base, postConfirmation: fn });
    const built = synthJson(stack);
    expect(poolOf(built).lambda_config).toEqual({ post_confirmation: refTo(built, "aws_lambda_alias", "PostConfirmation_Alias", "arn") });
    expect(onlyResource(built, "aws_lambda_permission")).toMatchObject({
      function_name: refTo(built, "aws_lambda_function", "PostConfirmation_Function", "function_name"),
      qualifier: refTo(built, "aws_lambda_alias", "PostConfirmation_Alias", "name"),
      source_arn: refTo(built, "aws_cognito_user_pool", "Auth_UserPool", "arn"),
    });
    // The function's own role is the only role.
    expect(countOf(built, "aws_iam_role")).toBe(1);
  });
});

describe("CognitoAuth monitoring", () => {
  test("an alarm on any throttled sign-in, sign-up and token refresh of the client, missing data not breaching", () => {
    const { stack, auth } = build();
    const spec = auth.monitoringSpec(DEFAULT_ALARM_THRESHOLDS);
    const { json, value } = probe(stack, spec.alarms.map((a) => a.dimensions));
    expect(new Set((value as unknown[]).map((d) => JSON.stringify(d))).size).toBe(1);
    expect((value as unknown[])[0]).toEqual({
      UserPool: refTo(json, "aws_cognito_user_pool", "Auth_UserPool", "id"),
      UserPoolClient: refTo(json, "aws_cognito_user_pool_client", "Auth_Client", "id"),
    });
    expect(spec.alarms.map((a) => [a.id, a.name, a.metricName])).toEqual([
      ["AuthSignInThrottles", "auth-sign-in-throttles", "SignInThrottles"],
      ["AuthSignUpThrottles", "auth-sign-up-throttles", "SignUpThrottles"],
      ["AuthTokenRefreshThrottles", "auth-token-refresh-throttles", "TokenRefreshThrottles"],
    ]);
    for (const alarm of spec.alarms) {
      expect(alarm).toMatchObject({
        namespace: "AWS/Cognito",
        statistic: "Sum",
        periodSeconds: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparison: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
      });
    }
    expect(spec.title).toBe("Sign-in (Auth)");
    expect(spec.graphs.map((g) => g.title)).toEqual(["Successes", "Throttles"]);
    expect(spec.graphs[0]!.metrics.map((m) => m[1])).toEqual(["SignInSuccesses", "SignUpSuccesses", "TokenRefreshSuccesses"]);
  });

  test("Monitoring.watch makes the three alarms on the pool's and client's ids", () => {
    const { stack, auth } = build();
    const monitoring = new Monitoring(stack, "Monitoring", { name: "acme-test", region: "eu-west-1", accountId: "123456789012" });
    const alarms = monitoring.watch(auth);
    expect(alarms).toHaveLength(3);
    const json = synthJson(stack);
    const synthesized = Object.values(json.resource!.aws_cloudwatch_metric_alarm!).filter((a) => a.namespace === "AWS/Cognito");
    expect(synthesized.map((a) => a.alarm_name)).toEqual(["acme-test-auth-sign-in-throttles", "acme-test-auth-sign-up-throttles", "acme-test-auth-token-refresh-throttles"]);
    expect(synthesized[0]!.dimensions).toEqual({
      UserPool: refTo(json, "aws_cognito_user_pool", "Auth_UserPool", "id"),
      UserPoolClient: refTo(json, "aws_cognito_user_pool_client", "Auth_Client", "id"),
    });
  });
});

describe("CognitoAuth and the policy pack", () => {
  const errorsIn = (stack: TerraformStack, isProtected: boolean) => errorsOf(evaluate(stack.toTerraform() as PolicyStackJson, { protected: isProtected }));

  test("the defaults, with a trigger, pass with no errors; synth with the pack applied does not throw", () => {
    const { stack } = build({ postConfirmation: TRIGGER });
    expect(errorsIn(stack, false)).toEqual([]);
    applyPolicyPack(stack, { protected: false, onWarning: () => undefined });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test("a protected environment's pool (deletion protection, prevent_destroy, MFA required, a custom domain) passes", () => {
    const { stack } = build({ deletionProtection: true, mfa: "required", domain: { domainName: "auth.example.com", certificateArn: CERTIFICATE } });
    expect(errorsIn(stack, true)).toEqual([]);
  });
});

describe("CognitoAuth prop checks", () => {
  test("the exported check finds nothing in valid props, and skips values known only at apply", () => {
    expect(cognitoAuthPropProblems(base)).toEqual([]);
    const token = Lazy.stringValue({ produce: () => "x" });
    expect(
      cognitoAuthPropProblems({
        ...base,
        accountId: token,
        callbackUrls: Lazy.listValue({ produce: () => ["x"] }),
        domain: { domainName: token, certificateArn: token },
        postConfirmation: { aliasArn: token, functionName: token, qualifier: token },
      }),
    ).toEqual([]);
  });

  test("reports every problem at once", () => {
    const problems = cognitoAuthPropProblems({ ...base, passwordMinimumLength: 8, mfa: "off" as never, callbackUrls: ["http://app.example.com/"] });
    expect(problems.map((p) => p.prop)).toEqual(["passwordMinimumLength", "mfa", "callbackUrls[0]"]);
  });
});

describe("CognitoAuth refuses bad props, naming the prop", () => {
  const attribute = (customAttributes: CognitoAuthProps["customAttributes"]): Partial<CognitoAuthProps> => ({ customAttributes });
  const fiftyOne = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`a${i}`, { type: "String" as const }]));
  const cases: PropsCase<CognitoAuthProps>[] = [
    ["a name that is not a prefix", { name: "Acme_Test" }, /name must be 2 to 32 lowercase letters/],
    ["a name known only at apply", { name: Lazy.stringValue({ produce: () => "acme" }) }, /name must be a literal value known at synth/],
    ["an unknown region", { region: "eu-west-9" }, /region "eu-west-9" is not an AWS region/],
    ["an account id that is not one", { accountId: "1234" }, /accountId must be a 12-digit AWS account id; got "1234"/],
    ["deletion protection that is not a boolean", { deletionProtection: "yes" as never }, /deletionProtection must be true or false/],
    ["an unknown tier", { tier: "FREE" as never }, /tier must be one of LITE, ESSENTIALS, PLUS; got "FREE"/],
    ["a password shorter than 12", { passwordMinimumLength: 8 }, /passwordMinimumLength must be a whole number of characters from 12 to 99 .*; got 8/],
    ["a password longer than 99", { passwordMinimumLength: 100 }, /passwordMinimumLength must be a whole number of characters from 12 to 99/],
    ["password history on LITE", { tier: "LITE", passwordHistorySize: 5 }, /passwordHistorySize needs tier "ESSENTIALS" or "PLUS"/],
    ["password history over 24", { passwordHistorySize: 25 }, /passwordHistorySize must be a whole number of passwords from 0 to 24; got 25/],
    ["MFA off", { mfa: "off" as never }, /mfa must be "optional" or "required" .*MFA is never off.*; got "off"/],
    ["more than 50 custom attributes", attribute(fiftyOne), /customAttributes must hold at most 50 attributes/],
    ["a custom attribute named with its prefix", attribute({ "custom:plan": { type: "String" } }), /customAttributes\.custom:plan must be named without the "custom:" prefix/],
    ["a custom attribute name with a hyphen", attribute({ "tenant-id": { type: "String" } }), /customAttributes\.tenant-id must be named with 1 to 20 letters, digits and underscores/],
    ["a custom attribute name over 20 characters", attribute({ a_very_long_attribute_name: { type: "String" } }), /customAttributes\.a_very_long_attribute_name must be named with 1 to 20/],
    ["two custom attributes differing in case only", attribute({ plan: { type: "String" }, Plan: { type: "String" } }), /customAttributes\.Plan must not differ from the attribute "plan" only in letter case/],
    ["a custom attribute of another type", attribute({ born: { type: "DateTime" as never } }), /customAttributes\.born\.type must be "String" or "Number"; got "DateTime"/],
    ["value bounds on a String attribute", attribute({ plan: { type: "String", maxValue: 3 } }), /customAttributes\.plan must not set minValue or maxValue on a String attribute/],
    ["a String attribute longer than 2048", attribute({ plan: { type: "String", maxLength: 4096 } }), /customAttributes\.plan\.maxLength must be a whole number of characters from 1 to 2048; got 4096/],
    ["a negative minimum length", attribute({ plan: { type: "String", minLength: -1 } }), /customAttributes\.plan\.minLength must be a whole number of characters from 0 to 2048; got -1/],
    ["a minimum length over the maximum", attribute({ plan: { type: "String", minLength: 10, maxLength: 5 } }), /customAttributes\.plan\.minLength must not exceed maxLength \(5\); got 10/],
    ["length bounds on a Number attribute", attribute({ seats: { type: "Number", maxLength: 3 } }), /customAttributes\.seats must not set minLength or maxLength on a Number attribute/],
    ["a Number bound that is not whole", attribute({ seats: { type: "Number", minValue: 1.5 } }), /customAttributes\.seats\.minValue must be a whole number; got 1\.5/],
    ["a minimum value over the maximum", attribute({ seats: { type: "Number", minValue: 10, maxValue: 1 } }), /customAttributes\.seats\.minValue must not exceed maxValue \(1\); got 10/],
    ["an SES ARN that is not an identity", { sesFromArn: "arn:aws:sns:eu-west-1:123456789012:topic" }, /sesFromArn must be an SES identity ARN/],
    ["a From address without SES", { fromEmailAddress: "no-reply@example.com" }, /fromEmailAddress needs sesFromArn/],
    ["a From address that is not one", { sesFromArn: "arn:aws:ses:eu-west-1:123456789012:identity/example.com", fromEmailAddress: "no-reply" }, /fromEmailAddress must be an email address/],
    ["no callback URL", { callbackUrls: [] }, /callbackUrls must list 1 to 100 URLs; got \[\]/],
    ["more than 100 callback URLs", { callbackUrls: Array.from({ length: 101 }, (_, i) => `https://app.example.com/${i}`) }, /callbackUrls must list 1 to 100 URLs/],
    ["a plain http callback off localhost", { callbackUrls: ["https://app.example.com/cb", "http://app.example.com/cb"] }, /callbackUrls\[1\] must be an https:\/\/ URL, or http:\/\/localhost\[:port\] for development: plain http is accepted for localhost only; got "http:\/\/app.example.com\/cb"/],
    ["a callback with a fragment", { callbackUrls: ["https://app.example.com/#/callback"] }, /callbackUrls\[0\] must be an https:\/\/ URL.*without a fragment/],
    ["a callback with a wildcard", { callbackUrls: ["https://*.example.com/callback"] }, /callbackUrls\[0\] must be an https:\/\/ URL.*without a wildcard/],
    ["a callback that is not a URL", { callbackUrls: ["app.example.com/callback"] }, /callbackUrls\[0\] must be an https:\/\/ URL, or http:\/\/localhost\[:port\] for development; got "app.example.com\/callback"/],
    ["a callback of another scheme", { callbackUrls: ["myapp://callback"] }, /callbackUrls\[0\] must be an https:\/\/ URL/],
    ["a plain http sign-out URL off localhost", { logoutUrls: ["http://app.example.com/"] }, /logoutUrls\[0\] must be an https:\/\/ URL.*plain http is accepted for localhost only/],
    ["no sign-out URL", { logoutUrls: [] }, /logoutUrls must list 1 to 100 URLs/],
    ["no scope", { scopes: [] }, /scopes must list at least one scope/],
    ["an unknown scope", { scopes: ["openid", "offline_access" as never] }, /scopes\[1\] must be one of openid, email, profile, phone, aws\.cognito\.signin\.user\.admin; got "offline_access"/],
    ["a repeated scope", { scopes: ["openid", "openid"] }, /scopes\[1\] must not repeat a scope already listed/],
    ["email without openid", { scopes: ["email"] }, /scopes must include "openid" with email/],
    ["access tokens for under 5 minutes", { accessTokenValidityMinutes: 1 }, /accessTokenValidityMinutes must be a whole number of minutes from 5 to 1440; got 1/],
    ["ID tokens for over a day", { idTokenValidityMinutes: 1441 }, /idTokenValidityMinutes must be a whole number of minutes from 5 to 1440; got 1441/],
    ["refresh tokens for over 10 years", { refreshTokenValidityDays: 3651 }, /refreshTokenValidityDays must be a whole number of days from 1 to 3650; got 3651/],
    ["a domain with both a prefix and a name", { domain: { prefix: "acme", domainName: "auth.example.com", certificateArn: CERTIFICATE } as never }, /domain must be either \{ prefix \}/],
    ["a prefix with uppercase letters", { domain: { prefix: "Acme-Login" } }, /domain\.prefix must be 1 to 63 lowercase letters, digits and hyphens/],
    ["a prefix ending with a hyphen", { domain: { prefix: "acme-" } }, /domain\.prefix must be 1 to 63 lowercase letters/],
    ["a prefix holding a reserved word", { domain: { prefix: "acme-cognito-login" } }, /domain\.prefix must not contain "aws", "amazon" or "cognito" .*it holds "cognito"/],
    ["a prefix holding aws", { domain: { prefix: "myaws" } }, /domain\.prefix must not contain .*it holds "aws"/],
    ["a custom domain that is not a DNS name", { domain: { domainName: "Auth.Example.com", certificateArn: CERTIFICATE } }, /domain\.domainName must be a lowercase DNS name/],
    ["a custom domain without its certificate", { domain: { domainName: "auth.example.com" } as never }, /domain\.certificateArn must be given with domainName/],
    ["a certificate ARN that is not ACM's", { domain: { domainName: "auth.example.com", certificateArn: "arn:aws:iam::123456789012:server-certificate/x" } }, /domain\.certificateArn must be an ACM certificate ARN/],
    [
      "a certificate in another region",
      { domain: { domainName: "auth.example.com", certificateArn: CERTIFICATE.replace("us-east-1", "eu-west-1") } },
      /domain\.certificateArn must be a certificate in us-east-1 .*this one is in eu-west-1/,
    ],
    ["a trigger by its unqualified ARN", { postConfirmation: { ...TRIGGER, aliasArn: "arn:aws:lambda:eu-west-1:123456789012:function:acme-test-post-confirmation" } }, /postConfirmation\.aliasArn must be a function alias ARN/],
    ["a trigger without a function name", { postConfirmation: { ...TRIGGER, functionName: "" } }, /postConfirmation\.functionName must be the function's name/],
    ["a trigger on $LATEST", { postConfirmation: { ...TRIGGER, qualifier: "$LATEST" } }, /postConfirmation\.qualifier must be the alias's name \(not \$LATEST\)/],
  ];
  testRefusedProps(cases, {
    build: (overrides) => build(overrides),
    check: (overrides) => cognitoAuthPropProblems({ ...base, ...overrides }),
  });
});
