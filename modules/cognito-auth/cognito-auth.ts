import { CognitoUserPool, CognitoUserPoolSchema } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { CognitoUserPoolDomain } from "@cdktf/provider-aws/lib/cognito-user-pool-domain";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Construct } from "constructs";
import { CLOUDFRONT_HOSTED_ZONE_ID, type AliasTarget } from "../domain/domain";
import { PropProblem, propProblems } from "../shared/errors";
import type { AlarmThresholds, Monitorable, MonitoringSpec } from "../shared/monitorable";
import { resourceName } from "../_internal/naming";
import { userPoolMonitoringSpec } from "./monitoring";
import type { CognitoAuthProps, CognitoCustomAttribute } from "./props";
import { Settings, validate } from "./validate";

/**
 * Sign-up and sign-in for a single-page site: a Cognito user pool (email as the username,
 * verified; strong passwords; TOTP MFA, never SMS; recovery by verified email only; deletion
 * protection by prop), a public app client for the SPA (authorization code flow, no secret,
 * token revocation, no user-existence errors), the hosted sign-in domain, and optionally a
 * post-confirmation trigger. Its `jwtIssuer` and `jwtAudience` are what `HttpApi` takes for its
 * JWT authorizer. A {@link Monitorable}: alarms on throttled sign-ins, sign-ups and refreshes.
 *
 * PKCE: Cognito accepts a `code_challenge` (S256) with the code flow and then requires the
 * verifier, but does not demand one from a public client; the SPA's OIDC library must send it
 * (oidc-client-ts and Amplify do by default).
 */
export class CognitoAuth extends Construct implements Monitorable {
  readonly userPool: CognitoUserPool;
  readonly userPoolId: string;
  readonly userPoolArn: string;
  /** The SPA's app client (public: no secret). */
  readonly client: CognitoUserPoolClient;
  readonly clientId: string;
  readonly domain: CognitoUserPoolDomain;
  /** `https://cognito-idp.<region>.amazonaws.com/<pool id>`: the `iss` of the pool's tokens, `HttpApi`'s `jwtIssuer`. */
  readonly jwtIssuer: string;
  /** `[clientId]`: the audience `HttpApi`'s JWT authorizer accepts (`jwtAudience`). */
  readonly jwtAudience: string[];
  /** The host of the sign-in pages: `<prefix>.auth.<region>.amazoncognito.com`, or the custom `domainName`. */
  readonly hostedUiDomain: string;
  /**
   * Where the custom domain's alias record points (the distribution Cognito made, CloudFront's
   * zone id): `domain.aliasRecord("Auth", { name, target: auth.domainTarget! })`. Undefined with a prefix.
   */
  readonly domainTarget?: AliasTarget;
  /** `https://<hostedUiDomain>/oauth2/authorize`: the authorization endpoint the SPA sends the browser to. */
  readonly signInUrl: string;
  /** The permission letting Cognito invoke the post-confirmation alias (only with `postConfirmation`). */
  readonly postConfirmationPermission?: LambdaPermission;
  readonly tier: Settings["tier"];

  constructor(scope: Construct, id: string, props: CognitoAuthProps) {
    super(scope, id);
    const s = validate(this, props);
    this.tier = s.tier;
    const poolName = resourceName(props.name, "users");

    this.userPool = new CognitoUserPool(this, "UserPool", {
      name: poolName,
      userPoolTier: s.tier,
      deletionProtection: props.deletionProtection ? "ACTIVE" : "INACTIVE",
      usernameAttributes: ["email"],
      autoVerifiedAttributes: ["email"],
      usernameConfiguration: { caseSensitive: false },
      // A changed email stays unchanged until the new address is verified.
      userAttributeUpdateSettings: { attributesRequireVerificationBeforeUpdate: ["email"] },
      accountRecoverySetting: { recoveryMechanism: [{ name: "verified_email", priority: 1 }] },
      adminCreateUserConfig: { allowAdminCreateUserOnly: !s.selfSignUp },
      passwordPolicy: {
        minimumLength: s.passwordMinimumLength,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: s.passwordRequireSymbols,
        temporaryPasswordValidityDays: 3,
        passwordHistorySize: s.passwordHistorySize,
      },
      mfaConfiguration: s.mfa === "required" ? "ON" : "OPTIONAL",
      softwareTokenMfaConfiguration: { enabled: true },
      emailConfiguration:
        props.sesFromArn === undefined
          ? { emailSendingAccount: "COGNITO_DEFAULT" }
          : { emailSendingAccount: "DEVELOPER", sourceArn: props.sesFromArn, fromEmailAddress: props.fromEmailAddress },
      schema: schemaOf(s.customAttributes),
      lambdaConfig: props.postConfirmation === undefined ? undefined : { postConfirmation: props.postConfirmation.aliasArn },
      lifecycle: s.preventDestroy ? { preventDestroy: true } : undefined,
      tags: { Name: poolName },
    });
    this.userPoolId = this.userPool.id;
    this.userPoolArn = this.userPool.arn;
    this.jwtIssuer = `https://cognito-idp.${props.region}.amazonaws.com/${this.userPool.id}`;

    if (props.postConfirmation !== undefined) {
      // The permission depends on the pool (its ARN), never the other way: no cycle. Cognito
      // invokes the trigger only when a user confirms, after the apply that made both.
      this.postConfirmationPermission = new LambdaPermission(this, "PostConfirmationPermission", {
        statementId: `${poolName}-post-confirmation`,
        action: "lambda:InvokeFunction",
        functionName: props.postConfirmation.functionName,
        qualifier: props.postConfirmation.qualifier,
        principal: "cognito-idp.amazonaws.com",
        sourceArn: this.userPool.arn,
        sourceAccount: props.accountId,
      });
    }

    this.client = new CognitoUserPoolClient(this, "Client", {
      name: resourceName(props.name, "spa"),
      userPoolId: this.userPool.id,
      generateSecret: false,
      allowedOauthFlows: ["code"],
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthScopes: [...s.scopes],
      explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      supportedIdentityProviders: ["COGNITO"],
      callbackUrls: [...props.callbackUrls],
      logoutUrls: [...props.logoutUrls],
      enableTokenRevocation: true,
      preventUserExistenceErrors: "ENABLED",
      accessTokenValidity: s.accessTokenValidityMinutes,
      idTokenValidity: s.idTokenValidityMinutes,
      refreshTokenValidity: s.refreshTokenValidityDays,
      tokenValidityUnits: [{ accessToken: "minutes", idToken: "minutes", refreshToken: "days" }],
    });
    this.clientId = this.client.id;
    this.jwtAudience = [this.client.id];

    if ("prefix" in props.domain) {
      this.domain = new CognitoUserPoolDomain(this, "Domain", { domain: props.domain.prefix, userPoolId: this.userPool.id });
      this.hostedUiDomain = `${props.domain.prefix}.auth.${props.region}.amazoncognito.com`;
    } else {
      this.domain = new CognitoUserPoolDomain(this, "Domain", {
        domain: props.domain.domainName,
        certificateArn: props.domain.certificateArn,
        userPoolId: this.userPool.id,
      });
      this.hostedUiDomain = props.domain.domainName;
      this.domainTarget = { dnsName: this.domain.cloudfrontDistribution, zoneId: CLOUDFRONT_HOSTED_ZONE_ID };
    }
    this.signInUrl = `https://${this.hostedUiDomain}/oauth2/authorize`;
  }

  /**
   * What `Monitoring.watch` creates for the pool: an alarm on any throttled sign-in, sign-up or
   * token refresh of the SPA's client (no threshold applies), and a row of successes and throttles.
   */
  monitoringSpec(_thresholds?: AlarmThresholds): MonitoringSpec {
    return userPoolMonitoringSpec(this);
  }
}

/** The `schema` blocks of the custom attributes, always with their constraints block (without one the provider plans a change on every run). */
function schemaOf(attributes: Readonly<Record<string, CognitoCustomAttribute>>): CognitoUserPoolSchema[] | undefined {
  const names = Object.keys(attributes);
  if (names.length === 0) return undefined;
  return names.map((name) => {
    const a = attributes[name]!;
    const base = { name, attributeDataType: a.type, mutable: a.mutable ?? true, developerOnlyAttribute: false, required: false };
    if (a.type === "String") {
      return { ...base, stringAttributeConstraints: { minLength: String(a.minLength ?? 0), maxLength: String(a.maxLength ?? 2048) } };
    }
    return {
      ...base,
      numberAttributeConstraints: {
        minValue: a.minValue === undefined ? undefined : String(a.minValue),
        maxValue: a.maxValue === undefined ? undefined : String(a.maxValue),
      },
    };
  });
}

/**
 * Every problem with a `CognitoAuth`'s props, found before anything is built (none when they
 * hold). The environment config runs it to report the pool's problems with the others'.
 */
export function cognitoAuthPropProblems(props: CognitoAuthProps): readonly PropProblem[] {
  return propProblems(() => validate(undefined, props));
}
