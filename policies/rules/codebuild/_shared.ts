/**
 * Secret detection by name, for environment variables and parameter names. A name is split into
 * words at separators (`/ _ - .`, spaces) and camelCase humps, then upper-cased:
 * `dbPassword` -> `DB_PASSWORD`.
 */

/** Words that make a name secret-like wherever they stand, even glued (`PGPASSWORD`). */
const SECRET_FRAGMENTS = /PASSWORD|PASSWD|SECRET|CREDENTIAL/;
/** Words that make a name secret-like when they end a word (`GITHUBTOKEN`, not `TOKENIZER` or `MAX_TOKENS`). */
const SECRET_WORDS = /(TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY)(_|$)/;
/**
 * Last words that make the name point at a secret instead of holding one: `DB_SECRET_ARN`,
 * `GITHUB_TOKEN_PARAMETER`, `PASSWORD_FILE`. `ID` is not among them: `AWS_ACCESS_KEY_ID` is one
 * half of a credential.
 */
const REFERENCE_SUFFIXES = new Set(["ARN", "NAME", "PATH", "FILE", "URL", "URI", "PARAM", "PARAMETER"]);

/** The name as upper-case words joined by `_`. */
export function normalizeName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .join("_")
    .toUpperCase();
}

/** True when the name looks like it holds a password, secret, token, API or private key, or credentials. */
export function looksLikeSecretName(name: string): boolean {
  const normalized = normalizeName(name);
  const words = normalized.split("_");
  const last = words[words.length - 1] ?? "";
  if (words.length > 1 && REFERENCE_SUFFIXES.has(last)) return false;
  return SECRET_FRAGMENTS.test(normalized) || SECRET_WORDS.test(normalized);
}

/** An AWS access key id (long-term `AKIA`, temporary `ASIA`) anywhere in the value. */
export const AWS_ACCESS_KEY_ID = /(AKIA|ASIA)[A-Z0-9]{16}/;
