import { CognitoAuth, cognitoAuthPropProblems, CognitoAuthProps } from "../../modules/cognito-auth";
import { LambdaFunction, lambdaFunctionPropProblems } from "../../modules/lambda-function";
import type { ConfigIssue } from "../config/errors";
import type { EnvironmentConfig } from "../config/schema";
import type { ServiceData } from "./api-tier";
import { EnvironmentContext, EnvironmentSettings, output, unresolved } from "./context";
import type { DomainFeature } from "./domain";
import { configIssues, PropSources } from "./module-problems";
import type { NetworkHandle } from "./network";
import { productFunctionProps, productFunctionSources } from "./product-functions";

// Sign-up and sign-in (the auth section): a Cognito user pool with the site's client and the
// hosted pages, the API's JWT authorizer, and a post-confirmation trigger that writes the new
// user to PostgreSQL from inside the VPC.

type AuthConfig = NonNullable<EnvironmentConfig["auth"]>;

/** What the rest of the environment takes of the pool: the API's authorizer. */
export interface AuthFeature {
  readonly auth: CognitoAuth;
  readonly trigger?: LambdaFunction;
  readonly jwt: { readonly issuer: string; readonly audience: readonly string[] };
}

/** The trigger's variables: where the users table is (the application user logs in with an IAM token, no password). */
const TRIGGER_VARIABLES = ["DB_HOST", "DB_PORT", "DB_NAME", "DB_USER"] as const;

function authProps(context: EnvironmentSettings, auth: AuthConfig, certificateArn: string | undefined, trigger: CognitoAuthProps["postConfirmation"]): CognitoAuthProps {
  return {
    name: context.namePrefix,
    region: context.region,
    accountId: context.accountId,
    deletionProtection: context.protected,
    tier: auth.tier,
    selfSignUp: auth.selfSignUp,
    mfa: auth.mfa,
    callbackUrls: auth.callbackUrls,
    logoutUrls: auth.logoutUrls,
    domain: auth.domainName !== undefined ? { domainName: auth.domainName, certificateArn: certificateArn ?? "" } : { prefix: auth.domainPrefix ?? "" },
    postConfirmation: trigger,
  };
}

const AUTH_SOURCES: PropSources = {
  name: null,
  region: null,
  accountId: null,
  deletionProtection: "protected",
  tier: "auth.tier",
  selfSignUp: "auth.selfSignUp",
  mfa: "auth.mfa",
  callbackUrls: "auth.callbackUrls",
  logoutUrls: "auth.logoutUrls",
  domain: (rest) => (rest.startsWith(".prefix") ? "auth.domainPrefix" : rest.startsWith(".domainName") ? "auth.domainName" : null),
  postConfirmation: null,
};

function triggerVariables(database: NonNullable<ServiceData["database"]>): Record<string, string> {
  const values = [database.endpointAddress, String(database.port), database.databaseName, database.connection.applicationUsername];
  return Object.fromEntries(TRIGGER_VARIABLES.map((name, i) => [name, values[i]!]));
}

/** The pool's and the trigger's problems with this config, under the config keys. */
export function checkAuth(context: EnvironmentSettings, auth: AuthConfig, network: NetworkHandle): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const standInTrigger = auth.postConfirmation === undefined ? undefined : { aliasArn: unresolved.string(), functionName: unresolved.string(), qualifier: "live" };
  const certificateArn = auth.domainName === undefined ? undefined : unresolved.string();
  issues.push(...configIssues("CognitoAuth", "auth", AUTH_SOURCES, cognitoAuthPropProblems(authProps(context, auth, certificateArn, standInTrigger))));
  if (auth.postConfirmation !== undefined) {
    const props = productFunctionProps(context, "post-confirmation", auth.postConfirmation, { network });
    issues.push(...configIssues("LambdaFunction", "auth.postConfirmation", productFunctionSources("auth.postConfirmation"), lambdaFunctionPropProblems(props)));
  }
  return issues;
}

/**
 * The user pool and its client; the hosted pages on a Cognito prefix or the config's own name
 * (a us-east-1 certificate and an alias record from the domain feature); the trigger in the
 * private subnets, let into the database as the application user. Outputs what the site's sign-in needs.
 */
export function addAuth(
  context: EnvironmentContext,
  auth: AuthConfig,
  network: NetworkHandle,
  database: ServiceData["database"],
  domain: DomainFeature | undefined,
): AuthFeature {
  let trigger: LambdaFunction | undefined;
  if (auth.postConfirmation !== undefined) {
    if (database === undefined) throw new Error("auth.postConfirmation passed the config check without a database");
    trigger = new LambdaFunction(
      context.scope,
      "PostConfirmationFunction",
      productFunctionProps(context, "post-confirmation", auth.postConfirmation, { network, environment: triggerVariables(database) }),
    );
    database.allowFrom("PostConfirmationFunction", trigger, "Cognito's post-confirmation trigger");
    database.grantConnect(trigger);
  }
  const certificateArn = auth.domainName === undefined ? undefined : domain?.certificateArn("AuthCertificate", [auth.domainName], { forCloudFront: true });
  const cognito = new CognitoAuth(context.scope, "Auth", authProps(context, auth, certificateArn, trigger));
  if (auth.domainName !== undefined && cognito.domainTarget !== undefined) domain?.alias(auth.domainName, cognito.domainTarget, { ipv6: false });
  output(context, "user_pool_id", cognito.userPoolId, "The Cognito user pool");
  output(context, "user_pool_client_id", cognito.clientId, "The site's app client (public: no secret; code flow with PKCE)");
  output(context, "sign_in_domain", cognito.hostedUiDomain, "The hosted sign-in pages' host");
  return { auth: cognito, trigger, jwt: { issuer: cognito.jwtIssuer, audience: cognito.jwtAudience } };
}
