// @ts-check
"use strict";

/**
 * Cognito's post-confirmation trigger (nodejs22.x, CommonJS): once a user has confirmed their
 * sign-up, create their row in the application's PostgreSQL database.
 *
 * - `PostConfirmation_ConfirmSignUp`: one INSERT, with parameters, `ON CONFLICT (cognito_user_id)
 *   DO NOTHING`: Cognito may invoke the trigger again for the same user (a retry after a timeout),
 *   and the second run must change nothing.
 * - `PostConfirmation_ConfirmForgotPassword`: nothing to do (the user exists already).
 * - The event is always returned, unchanged: Cognito fails the confirmation otherwise.
 * - A database error is thrown again, not swallowed: Cognito then reports the failure to the
 *   client, and the function's Errors alarm goes off. Do not count on a retry for that user:
 *   the API should also create the row (the same idempotent INSERT) the first time a signed-in
 *   user it does not know calls it.
 *
 * The function never refers to the user pool (that would be a dependency cycle): it reads the
 * pool from the event (`event.userPoolId`), if it needs it.
 *
 * Connection: `DB_HOST`, `DB_PORT` (default 5432), `DB_NAME`, `DB_USER`, and no password: the
 * function logs in as the application user with IAM database authentication, as the API does
 * (`RdsPrivate.grantConnect(trigger)` lets its role connect as that user; RDS's IAM
 * authentication is on; the migrations grant that user INSERT on `users`). The token is signed
 * with `@aws-sdk/rds-signer`, declared in package.json with `pg` so the package carries its own
 * copy rather than relying on the runtime's SDK: install both (`npm install --omit=dev`) into
 * this folder before packaging. No secret is read, none is stored.
 * TLS is required (IAM authentication refuses a connection without it) and the server's
 * certificate is verified (`rejectUnauthorized: true`) against the RDS certificate bundle: download https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem
 * and commit it beside this file as `rds-ca.pem` (or point `DB_CA_FILE` at it).
 *
 * The table (the migrations own it):
 *   CREATE TABLE users (
 *     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
 *     cognito_user_id uuid NOT NULL UNIQUE,
 *     email text NOT NULL,
 *     display_name text NOT NULL,
 *     created_at timestamptz NOT NULL DEFAULT now()
 *   );
 */

/**
 * @typedef {object} PostConfirmationEvent
 * @property {string} version
 * @property {string} region
 * @property {string} userPoolId
 * @property {string} userName
 * @property {{ awsSdkVersion?: string, clientId?: string }} callerContext
 * @property {"PostConfirmation_ConfirmSignUp" | "PostConfirmation_ConfirmForgotPassword"} triggerSource
 * @property {{ userAttributes: Record<string, string>, clientMetadata?: Record<string, string> }} request
 * @property {Record<string, unknown>} response
 */

/**
 * The part of a `pg` client the handler uses.
 * @typedef {object} DatabaseClient
 * @property {(text: string, values: readonly unknown[]) => Promise<unknown>} query
 * @property {() => Promise<void>} end
 */

/** The statement run for a new user: values by parameter only, never built into the text. */
const INSERT_USER =
  "INSERT INTO users (cognito_user_id, email, display_name) VALUES ($1, $2, $3) ON CONFLICT (cognito_user_id) DO NOTHING";

/**
 * The name shown for a user: their `name` attribute, or else the local part of their email.
 * @param {Record<string, string>} attributes
 * @returns {string}
 */
function displayNameOf(attributes) {
  const name = (attributes.name ?? "").trim();
  if (name !== "") return name;
  const email = attributes.email ?? "";
  const at = email.indexOf("@");
  return at > 0 ? email.slice(0, at) : email;
}

/**
 * The handler, with the database connection injected (tests pass a fake).
 * @param {{ connect: () => Promise<DatabaseClient> }} dependencies
 * @returns {(event: PostConfirmationEvent) => Promise<PostConfirmationEvent>}
 */
function createHandler({ connect }) {
  return async function handler(event) {
    if (event.triggerSource !== "PostConfirmation_ConfirmSignUp") return event;
    const attributes = event.request.userAttributes;
    const sub = attributes.sub;
    const email = attributes.email;
    if (!sub || !email) throw new Error(`post-confirmation: the event has no ${!sub ? "sub" : "email"} attribute for user ${event.userName}`);
    const client = await connect();
    try {
      await client.query(INSERT_USER, [sub, email, displayNameOf(attributes)]);
    } finally {
      await client.end();
    }
    return event;
  };
}

/**
 * A value of the environment, or an error naming it.
 * @param {string} name
 * @returns {string}
 */
function required(name) {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`post-confirmation: the environment variable ${name} is not set`);
  return value;
}

/**
 * A 15-minute IAM authentication token for the database user, signed locally with the
 * function's role (which `RdsPrivate.grantConnect` lets `rds-db:connect` as that user).
 * @param {{ hostname: string, port: number, username: string }} target
 * @returns {Promise<string>}
 */
function iamAuthToken(target) {
  const { Signer } = require("@aws-sdk/rds-signer");
  return new Signer({ ...target, region: required("AWS_REGION") }).getAuthToken();
}

/**
 * Opens a verified TLS connection with `pg` (required here, so tests never load it).
 * @returns {Promise<DatabaseClient>}
 */
async function connectWithPg() {
  const host = required("DB_HOST");
  const port = Number(process.env.DB_PORT ?? "5432");
  const database = required("DB_NAME");
  const user = required("DB_USER");
  const { readFileSync } = require("node:fs");
  const path = require("node:path");
  const { Client } = require("pg");
  const client = new Client({
    host,
    port,
    database,
    user,
    // A new token per connection: signing is local and cheap, and a token lasts 15 minutes.
    password: await iamAuthToken({ hostname: host, port, username: user }),
    ssl: { rejectUnauthorized: true, ca: readFileSync(process.env.DB_CA_FILE ?? path.join(__dirname, "rds-ca.pem"), "utf8") },
    // Cognito waits five seconds for a trigger: fail fast rather than time out.
    connectionTimeoutMillis: 3000,
  });
  await client.connect();
  return client;
}

/** @type {((event: PostConfirmationEvent) => Promise<PostConfirmationEvent>) | undefined} */
let lambdaHandler;

/**
 * The Lambda entry point (`index.handler`).
 * @param {PostConfirmationEvent} event
 * @returns {Promise<PostConfirmationEvent>}
 */
exports.handler = async (event) => {
  lambdaHandler ??= createHandler({ connect: connectWithPg });
  return lambdaHandler(event);
};

exports.createHandler = createHandler;
exports.displayNameOf = displayNameOf;
exports.INSERT_USER = INSERT_USER;
