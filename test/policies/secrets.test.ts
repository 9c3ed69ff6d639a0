import { AWS_ACCESS_KEY_ID, isSecretLikeName } from "../../policies/secrets";

describe("isSecretLikeName", () => {
  it.each([
    "DB_PASSWORD",
    "db_passwd",
    "PGPASSWORD",
    "dbPassword",
    "client-secret",
    "CLIENT_SECRET",
    "SECRET_KEY",
    "APP_SECRETS",
    "GITHUB_TOKEN",
    "GITHUBTOKEN",
    "githubToken",
    "AWS_SESSION_TOKEN",
    "STRIPE_API_KEY",
    "APIKEY",
    "apiKey",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "SSH_PRIVATE_KEY",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "ECS_ENGINE_AUTH_DATA",
    "BASIC_AUTH",
    "/app/stripe.api-key",
  ])("takes %s for a secret", (name) => {
    expect(isSecretLikeName(name)).toBe(true);
  });

  it.each([
    "APP_ENV",
    "LOG_LEVEL",
    "PWD",
    "TOKENIZER_MODEL",
    "MAX_TOKENS",
    "AUTHOR",
    "OAUTH_CLIENT_ID",
    "PRIMARY_KEY_COLUMN",
    "S3_KEY",
    "",
    "--",
  ])("does not take %s for a secret", (name) => {
    expect(isSecretLikeName(name)).toBe(false);
  });

  it.each([
    "DB_SECRET_ARN",
    "dbSecretArn",
    "PASSWORD_FILE",
    "SECRET_PATH",
    "TOKEN_ISSUER_URL",
    "SECRETS_URI",
    "TOKEN_ENDPOINT",
    "SECRET_HOST",
    "SECRET_NAME",
    "TOKEN_ISSUER",
    "AUTH_ENABLED",
    "TOKEN_TTL",
    "DB_PASSWORD_PARAM",
    "GITHUB_TOKEN_PARAMETER",
  ])("does not take %s, which refers to a secret, for one", (name) => {
    expect(isSecretLikeName(name)).toBe(false);
  });
});

describe("AWS_ACCESS_KEY_ID", () => {
  it.each(["AKIAIOSFODNN7EXAMPLE", "ASIAIOSFODNN7EXAMPLE", "user=AKIAIOSFODNN7EXAMPLE", "key_AKIAIOSFODNN7EXAMPLE"])("finds a key id in %s", (value) => {
    expect(AWS_ACCESS_KEY_ID.test(value)).toBe(true);
  });

  it.each(["AKIAIOSFODNN7EXAMPL", "akiaiosfodnn7example", "AIDAIOSFODNN7EXAMPLE"])("finds no key id in %s", (value) => {
    expect(AWS_ACCESS_KEY_ID.test(value)).toBe(false);
  });
});
