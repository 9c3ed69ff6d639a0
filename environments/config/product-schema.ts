import { z } from "zod";

// The sections of the product's own features beside the API tier: its users (a Cognito user
// pool), its DynamoDB tables and its uploads. Each maps to one module; schema.ts composes them.

/** The fields of a Lambda function's code in the repository, as the sections below take it. */
export const functionCodeShape = {
  /**
   * The folder zipped as the function's package (relative to the repository root), its
   * dependencies installed for ARM64 Lambda. Exactly one of `codeFolder` and `entry`.
   */
  codeFolder: z.string().optional(),
  /**
   * A TypeScript (or JavaScript) handler file, bundled at synth by esbuild into the function's
   * package: tree-shaken, the AWS SDK v3 left to the runtime. Node.js runtimes only. Exactly one
   * of `codeFolder` and `entry`.
   */
  entry: z.string().optional(),
  /**
   * The entry point, `file.export` for Node.js (`index.handler`), `module.function` for Python.
   * With `entry`, `index.<the entry's exported handler>`.
   * @default "index.handler" with `entry`; required with `codeFolder`
   */
  handler: z.string().optional(),
  /** A runtime AWS supports (the lambda-function module lists them), e.g. `nodejs22.x`. */
  runtime: z.string(),
  /** Memory in MiB. */
  memoryMiB: z.number().optional(),
  /** Seconds an invocation may run. */
  timeoutSeconds: z.number().optional(),
} as const;

/** Exactly one of `codeFolder` and `entry`, and a handler for a folder. */
export function functionCodeIssues(code: { codeFolder?: unknown; entry?: unknown; handler?: unknown }, addIssue: (path: string[], message: string) => void): void {
  if ((code.codeFolder === undefined) === (code.entry === undefined)) {
    addIssue(["codeFolder"], "and entry: exactly one is required (a folder zipped as it is, or a TypeScript handler file bundled at synth)");
  }
  if (code.codeFolder !== undefined && code.handler === undefined) {
    addIssue(["handler"], 'is required with codeFolder: the entry point, e.g. "index.handler" (Node.js) or "app.handler" (Python)');
  }
}

/** A Lambda function's code in the repository, as the sections below take it. */
const functionCodeSchema = z
  .object(functionCodeShape)
  .strict()
  .superRefine((code, ctx) => functionCodeIssues(code, (path, message) => ctx.addIssue({ code: "custom", path, message })));

export type FunctionCodeConfig = z.output<typeof functionCodeSchema>;

export const authSchema = z
  .object({
    /**
     * Where the hosted sign-in sends users back with their code: the site's callback page
     * (`https://www.example.com/auth/callback`), and `http://localhost:<port>/...` for development
     * (never in a protected environment).
     */
    callbackUrls: z.array(z.string()).min(1),
    /** Where sign-out sends users. */
    logoutUrls: z.array(z.string()).min(1),
    /**
     * The hosted sign-in pages at `<prefix>.auth.<region>.amazoncognito.com`. Exactly one of
     * `domainPrefix` and `domainName`.
     */
    domainPrefix: z.string().optional(),
    /** The hosted sign-in pages on a name in the domain section's zone (`auth.example.com`), with a certificate in us-east-1. */
    domainName: z.string().optional(),
    /** MFA for every user (`required`) or for those who turn it on (`optional`, the default); TOTP apps. */
    mfa: z.enum(["optional", "required"]).optional(),
    /** Cognito's feature plan, priced per monthly active user. */
    tier: z.enum(["LITE", "ESSENTIALS", "PLUS"]).optional(),
    /** Whether anyone may sign up (true, the default) or only users an administrator invites. */
    selfSignUp: z.boolean().optional(),
    /**
     * A function run after a user confirms their sign-up, in the VPC with a login to PostgreSQL
     * (the app's users table). Needs `database`.
     */
    postConfirmation: functionCodeSchema.optional(),
  })
  .strict();

const keySchema = z.object({ name: z.string(), type: z.enum(["S", "N", "B"]) }).strict();

const tableSchema = z
  .object({
    partitionKey: keySchema,
    sortKey: keySchema.optional(),
    /** Global secondary indexes. */
    indexes: z
      .array(
        z
          .object({
            name: z.string(),
            partitionKey: keySchema,
            sortKey: keySchema.optional(),
            projection: z.enum(["ALL", "KEYS_ONLY"]).optional(),
          })
          .strict(),
      )
      .optional(),
    /** The attribute holding an item's expiry (seconds since the epoch): DynamoDB deletes expired items for free. */
    ttlAttribute: z.string().optional(),
    /** What the API's code may do with the table: read, or read and write (the default). */
    serviceAccess: z.enum(["read", "read-write"]).optional(),
    /**
     * A stream of the table's changes to a function (an event source mapping with bounded
     * retries, bisection, partial batch responses and a failure queue). The function may read
     * this stream and write this table.
     */
    stream: z
      .object({
        viewType: z.enum(["NEW_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY", "OLD_IMAGE"]),
        consumer: functionCodeSchema,
        /** Records per invocation. */
        batchSize: z.number().optional(),
        /** Retries of a failing batch before it goes to the failure queue. */
        maximumRetryAttempts: z.number().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** DynamoDB tables by their role in the system (`messages`): each is `<project>-<env>-<role>`. */
export const tablesSchema = z.record(z.string(), tableSchema);

export const uploadsSchema = z
  .object({
    /** Largest upload in bytes, enforced by the presigned POST's policy. */
    maxUploadBytes: z.number().optional(),
    /** Content types a browser may upload (images only: never HTML or SVG, which run script). */
    allowedContentTypes: z.array(z.string()).optional(),
    /** Days an unprocessed upload is kept in the raw bucket. */
    unprocessedExpiryDays: z.number().optional(),
    /** The function behind `POST /uploads` that signs a browser's upload (JWT-authorized). */
    presignFunction: functionCodeSchema,
    /** The function S3 runs for each upload: it writes the thumbnails to the assets bucket. */
    thumbnailFunction: functionCodeSchema,
    /** The assets' host name (`assets.example.com`) in the domain section's zone, served by CloudFront. */
    assetsDomainName: z.string().optional(),
  })
  .strict();

type Issue = (path: (string | number)[], message: string) => void;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * What the product sections need of the others: a pool's trigger needs the database, uploads
 * need the API (their route) and the pool (the route's authorizer), host names need the domain
 * section, and the API takes its authorizer from the pool rather than from `api.jwt`.
 */
export function productSectionIssues(config: Record<string, unknown>, issue: Issue, inZone: (name: string, zone: string) => boolean): void {
  const zone = isRecord(config.domain) && typeof config.domain.name === "string" ? config.domain.name : undefined;
  const hostName = (path: (string | number)[], name: unknown) => {
    if (typeof name !== "string") return;
    if (zone === undefined) issue(path, `("${name}") needs a domain section: its certificate and record come from the zone`);
    else if (!inZone(name, zone)) issue(path, `("${name}") must be in the domain's zone "${zone}"`);
  };
  const auth = config.auth;
  if (isRecord(auth)) {
    if ((auth.domainPrefix === undefined) === (auth.domainName === undefined)) {
      issue(["auth", "domainPrefix"], "or auth.domainName is required, not both: the hosted sign-in pages need one host (a prefix of amazoncognito.com, or a name in the domain's zone)");
    }
    hostName(["auth", "domainName"], auth.domainName);
    if (auth.postConfirmation !== undefined && config.database === undefined) {
      issue(["auth", "postConfirmation"], "needs a database section: the trigger writes the new user to PostgreSQL; add database, or remove postConfirmation");
    }
    if (config.protected === true) {
      for (const key of ["callbackUrls", "logoutUrls"] as const) {
        const urls = auth[key];
        if (!Array.isArray(urls)) continue;
        urls.forEach((url: unknown, i) => {
          if (typeof url === "string" && url.startsWith("http://")) {
            issue(["auth", key, i], "must be an https URL in a protected environment: local development URLs belong in staging");
          }
        });
      }
    }
    if (isRecord(config.api) && config.api.jwt !== undefined) {
      issue(["api", "jwt"], "is taken from the auth section's user pool (its issuer, and the site's client as the audience); remove api.jwt");
    }
  }
  const uploads = config.uploads;
  if (isRecord(uploads)) {
    if (config.api === undefined) issue(["uploads"], "needs an api section: browsers ask POST /uploads for a signed upload; add api");
    if (config.auth === undefined) issue(["uploads"], "needs an auth section: only signed-in users may upload (the route's JWT authorizer is the pool's); add auth");
    for (const key of ["presignFunction", "thumbnailFunction"] as const) {
      const fn = uploads[key];
      if (isRecord(fn) && fn.entry !== undefined) issue(["uploads", key, "entry"], "is not taken by the upload pipeline yet: give its function a codeFolder (bundle the handler into it first)");
    }
    hostName(["uploads", "assetsDomainName"], uploads.assetsDomainName);
  }
}
