/**
 * Secret detection for rules about where secrets are kept (environment variables, parameter
 * names). A name is split into words at separators (`/ _ - .`, spaces) and camelCase humps, then
 * upper-cased and joined by `_`: `dbPassword` -> `DB_PASSWORD`.
 */

/**
 * What makes a name secret-like, in the upper-cased name:
 * - `PASSWORD`, `PASSWD`, `SECRET`, `CREDENTIAL` anywhere, even glued to other words (`PGPASSWORD`, `SECRETS`);
 * - `TOKEN`, `API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY` (with or without the `_`) ending a word
 *   (`GITHUBTOKEN`, `APIKEY`; not `TOKENIZER` or `MAX_TOKENS`);
 * - `AUTH` as a word of its own (`BASIC_AUTH`, `ECS_ENGINE_AUTH_DATA`; not `AUTHOR` or `OAUTH_CLIENT_ID`).
 */
const SECRET_WORDS = /PASSWORD|PASSWD|SECRET|CREDENTIAL|(TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY)(_|$)|(^|_)AUTH(_|$)/;

/**
 * Last words that make a name refer to a secret, or describe it, rather than hold it:
 * `DB_SECRET_ARN`, `GITHUB_TOKEN_PARAMETER`, `PASSWORD_FILE`, `TOKEN_ISSUER_URL`, `AUTH_ENABLED`.
 * `ID` is not among them: `AWS_ACCESS_KEY_ID` is one half of a credential.
 */
const REFERENCE_SUFFIXES: ReadonlySet<string> = new Set([
  "ARN",
  "FILE",
  "PATH",
  "URL",
  "URI",
  "ENDPOINT",
  "HOST",
  "NAME",
  "ISSUER",
  "ENABLED",
  "TTL",
  "PARAM",
  "PARAMETER",
]);

/** The name's words, upper-cased: `dbSecretArn` -> `["DB", "SECRET", "ARN"]`. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w !== "");
}

/**
 * True when the name looks like it holds a password, secret, token, API, access or private key,
 * credentials or auth data (see SECRET_WORDS), and does not end in a word saying it only refers
 * to one (see REFERENCE_SUFFIXES). `DB_PASSWORD`, `GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY` are
 * secret-like; `DB_SECRET_ARN`, `TOKEN_ISSUER_URL`, `PASSWORD_FILE` are not.
 */
export function isSecretLikeName(name: string): boolean {
  const words = wordsOf(name);
  const last = words.at(-1);
  if (last === undefined || REFERENCE_SUFFIXES.has(last)) return false;
  return SECRET_WORDS.test(words.join("_"));
}

/** An AWS access key id (long-term `AKIA`, temporary `ASIA`) anywhere in a value. */
export const AWS_ACCESS_KEY_ID = /(AKIA|ASIA)[A-Z0-9]{16}/;

const SECRET_ACCESS_KEY = /^[A-Za-z0-9/+]{40}$/;
const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:[^\s@/]+@/i;

/**
 * What a literal variable value gives away, if anything: an AWS access key id, a private key,
 * a URL with an inline password, or (beside an access key id) what looks like its secret key.
 * The rules on container and function environments share it.
 */
export function secretInValue(value: string, nextToAccessKeyId: boolean): string | undefined {
  if (AWS_ACCESS_KEY_ID.test(value)) return "holds an AWS access key id";
  if (PRIVATE_KEY.test(value)) return "holds a private key";
  if (URL_WITH_PASSWORD.test(value)) return "holds a URL with an inline password";
  if (nextToAccessKeyId && SECRET_ACCESS_KEY.test(value)) return "holds what looks like the AWS secret access key of that access key id";
  return undefined;
}
