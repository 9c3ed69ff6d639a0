/**
 * The user pool's feature plan. Each has its own price per monthly active user (see the README's
 * cost section); ESSENTIALS is what Cognito gives a new pool, and what password history needs.
 */
export type CognitoTier = "LITE" | "ESSENTIALS" | "PLUS";

/**
 * Multi-factor authentication with an authenticator app (TOTP): `optional` lets each user turn it
 * on, `required` makes every user set it up at their first sign-in. Never off.
 */
export type CognitoMfa = "optional" | "required";

/** The OAuth scopes the SPA's client may ask for. */
export type CognitoScope = "openid" | "email" | "profile" | "phone" | "aws.cognito.signin.user.admin";

/**
 * A custom attribute of the users (`custom:<name>` in tokens and the API). A schema attribute
 * is frozen once the pool exists: it may be added, never changed nor removed (see the README's
 * "Custom attributes are frozen"). There is no `required`: Cognito cannot make an attribute
 * required after the pool is created, and a required custom attribute cannot be given a value by
 * users who signed up before it.
 */
export interface CognitoCustomAttribute {
  /** The attribute's type. */
  readonly type: "String" | "Number";
  /**
   * Whether the value may change after it is first set.
   * @default true
   */
  readonly mutable?: boolean;
  /**
   * A String attribute's shortest value, 0 to 2048 characters.
   * @default 0
   */
  readonly minLength?: number;
  /**
   * A String attribute's longest value, 1 to 2048 characters (Cognito's limit).
   * @default 2048
   */
  readonly maxLength?: number;
  /**
   * A Number attribute's smallest value (a whole number).
   * @default - no lower bound
   */
  readonly minValue?: number;
  /**
   * A Number attribute's largest value (a whole number).
   * @default - no upper bound
   */
  readonly maxValue?: number;
}

/** Where the hosted sign-in pages are served: Cognito's own domain with a prefix, or your own name. */
export type CognitoDomain =
  | {
      /**
       * The prefix of `<prefix>.auth.<region>.amazoncognito.com`: 1 to 63 lowercase letters, digits
       * and hyphens, not starting or ending with a hyphen, and not containing "aws", "amazon" or
       * "cognito" (Cognito refuses those). Unique in the region across every account.
       */
      readonly prefix: string;
    }
  | {
      /**
       * Your own name for the sign-in pages (`auth.example.com`). Cognito serves it from a
       * CloudFront distribution: point an alias record at `domainTarget`. The parent name
       * (`example.com`) must resolve (an A record) before the domain can be created.
       */
      readonly domainName: string;
      /**
       * An issued ACM certificate for `domainName` in us-east-1 (CloudFront's region), e.g.
       * `Domain.certificate(id, { domainNames, forCloudFront: true }).certificateArn`.
       */
      readonly certificateArn: string;
    };

/**
 * The post-confirmation trigger's function: a `LambdaFunction` fits. Cognito invokes the alias.
 * The function must not refer to the user pool (its id, its ARN): the pool refers to the
 * function, so that would be a cycle. The handler reads the pool from the event (`event.userPoolId`).
 */
export interface CognitoTriggerFunction {
  /** The alias ARN Cognito invokes (`<function ARN>:<alias>`). */
  readonly aliasArn: string;
  /** The function's name, for the invoke permission. */
  readonly functionName: string;
  /** The alias's name, the permission's qualifier. */
  readonly qualifier: string;
}

export interface CognitoAuthProps {
  /** Prefix of every resource name, `${project}-${environment}` (e.g. `acme-staging`). The pool is `${name}-users`. */
  readonly name: string;
  /** The AWS region of the pool: its issuer URL and hosted domain name are built from it. */
  readonly region: string;
  /** The AWS account (12 digits): the trigger permission's source account. */
  readonly accountId: string;

  /**
   * Cognito refuses to delete the pool (`deletion_protection = "ACTIVE"`). Environments pass
   * `protected`: a deleted pool takes every user's account and password with it.
   */
  readonly deletionProtection: boolean;
  /**
   * Terraform refuses any plan that destroys or replaces the pool (`prevent_destroy`).
   * @default - the value of `deletionProtection`
   */
  readonly preventDestroy?: boolean;

  /**
   * The feature plan. Password history needs ESSENTIALS or PLUS.
   * @default "ESSENTIALS"
   */
  readonly tier?: CognitoTier;
  /**
   * Whether visitors may sign up themselves; false makes the pool invitation only (users are
   * created by an administrator, `AdminCreateUser`).
   * @default true
   */
  readonly selfSignUp?: boolean;

  /**
   * The shortest password, 12 to 99 characters.
   * @default 12
   */
  readonly passwordMinimumLength?: number;
  /**
   * Whether a password needs a symbol; lowercase letters, uppercase letters and digits are always required.
   * @default true
   */
  readonly passwordRequireSymbols?: boolean;
  /**
   * How many previous passwords a user may not reuse, 0 to 24. Needs the ESSENTIALS or PLUS
   * tier: with LITE only 0 is accepted (and nothing is set).
   * @default 5 with ESSENTIALS and PLUS, none with LITE
   */
  readonly passwordHistorySize?: number;

  /**
   * Multi-factor authentication by authenticator app (TOTP); SMS is never offered.
   * @default "optional"
   */
  readonly mfa?: CognitoMfa;

  /**
   * Custom attributes by name (`[A-Za-z0-9_]`, 1 to 20 characters, without the `custom:` prefix,
   * at most 50). Add new ones freely; never change or remove one once the pool exists.
   * @default {} - the standard attributes only
   */
  readonly customAttributes?: Readonly<Record<string, CognitoCustomAttribute>>;

  /**
   * An SES identity to send the pool's email from (`arn:aws:ses:<region>:<account>:identity/<email or domain>`),
   * verified and out of the SES sandbox. Needed beyond Cognito's own sending, limited to 50
   * emails a day per account.
   * @default - Cognito's own email (`COGNITO_DEFAULT`), 50 a day
   */
  readonly sesFromArn?: string;
  /**
   * The From address with `sesFromArn`: an address of that identity, optionally with a name
   * (`Acme <no-reply@example.com>`).
   * @default - the identity's address
   */
  readonly fromEmailAddress?: string;

  /**
   * Where Cognito may send the browser back after sign-in (the SPA's callback pages), 1 to 100:
   * `https://` URLs, or `http://localhost[:port]` for development; no fragment (`#`), no wildcard.
   */
  readonly callbackUrls: readonly string[];
  /** Where Cognito may send the browser back after sign-out, 1 to 100, on the same rules as `callbackUrls`. */
  readonly logoutUrls: readonly string[];
  /**
   * The OAuth scopes the client may ask for. `email`, `profile` and `phone` need `openid`;
   * `aws.cognito.signin.user.admin` lets the access token call Cognito's user API (change one's
   * own attributes and password) and is left out unless asked for.
   * @default ["openid", "email"]
   */
  readonly scopes?: readonly CognitoScope[];
  /**
   * Lifetime of access tokens, 5 to 1440 minutes. The HTTP API accepts a token until it expires,
   * even after sign-out: keep it short.
   * @default 60
   */
  readonly accessTokenValidityMinutes?: number;
  /**
   * Lifetime of ID tokens, 5 to 1440 minutes.
   * @default 60
   */
  readonly idTokenValidityMinutes?: number;
  /**
   * Lifetime of refresh tokens, 1 to 3650 days: how long a user stays signed in without entering
   * the password again.
   * @default 30
   */
  readonly refreshTokenValidityDays?: number;

  /** The hosted sign-in domain: a prefix of Cognito's domain, or your own name with its us-east-1 certificate. */
  readonly domain: CognitoDomain;

  /**
   * A function Cognito invokes once a user is confirmed (sign-up confirmed, and forgotten password
   * confirmed: the handler tells them apart by `triggerSource`), e.g. to create the user's row in
   * the application's database. It must not refer to the pool; it must always return the event.
   * @default - no trigger
   */
  readonly postConfirmation?: CognitoTriggerFunction;
}
