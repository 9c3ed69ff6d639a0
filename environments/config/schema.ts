import { z } from "zod";
import { authSchema, functionCodeIssues, functionCodeShape, productSectionIssues, tablesSchema, uploadsSchema } from "./product-schema";
import { reasonProblem } from "../../policies/suppress";
import { ACCOUNT_ID_PATTERN, bucketNameProblem, MAX_TAG_VALUE_LENGTH, regionProblem, TAG_CHARACTERS, TAG_VALUE_RULE } from "../../modules/shared";

const RESERVED_TAG_KEYS = ["Project", "Environment", "ManagedBy"] as const;
/**
 * The shortest log retention a protected environment may have, in days. Incidents are often
 * found weeks after they start, and investigating one (or answering an audit) needs the logs of
 * the months before: 90 days covers a quarter.
 */
export const MIN_PROTECTED_LOG_RETENTION_DAYS = 90;
/** Environment names that say "production": such an environment must be protected. */
const PRODUCTION_NAME = /^prod(uction)?(-|$)/;
/** `${project}-${name}` prefixes resource names, some of which AWS limits in length. */
const MAX_NAME_PREFIX = 32;

const slug = (example: string) =>
  z
    .string()
    .regex(
      /^[a-z][a-z0-9-]*[a-z0-9]$/,
      `must be lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen (e.g. "${example}")`,
    )
    .max(20, "must be at most 20 characters (it prefixes resource names that AWS limits in length)")
    .refine((s) => !s.includes("--"), "must not hold two hyphens in a row");

const accountId = z.string().regex(ACCOUNT_ID_PATTERN, 'must be a 12-digit AWS account id, as a string (e.g. "123456789012")');

/** A region in the project's list (modules/shared/regions.ts), which every module checks against too. */
const region = z.string().superRefine((code, ctx) => {
  const problem = regionProblem(code);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const bucketName = z.string().superRefine((name, ctx) => {
  const problem = bucketNameProblem(name);
  if (problem) ctx.addIssue({ code: "custom", message: `${problem} (S3 bucket naming rules)` });
});

const tags = z.record(z.string(), z.string().max(MAX_TAG_VALUE_LENGTH, TAG_VALUE_RULE).regex(TAG_CHARACTERS, TAG_VALUE_RULE)).superRefine((record, ctx) => {
  for (const key of Object.keys(record)) {
    const reason = tagKeyProblem(key);
    if (reason) ctx.addIssue({ code: "custom", path: [key], message: reason });
  }
});

function tagKeyProblem(key: string): string | undefined {
  if (key.length === 0 || key.length > 128 || !TAG_CHARACTERS.test(key)) return "tag keys must be 1 to 128 letters, digits, spaces and _ . : / = + - @";
  if (key.toLowerCase().startsWith("aws:")) return 'tag keys must not start with "aws:" (reserved by AWS)';
  if ((RESERVED_TAG_KEYS as readonly string[]).includes(key)) {
    return `is set by the stack itself (${RESERVED_TAG_KEYS.join(", ")}); remove it from tags`;
  }
  return undefined;
}

const networkSchema = z
  .object({
    /** The VPC's IPv4 CIDR, /16 to /24 (the vpc-2az module checks it). */
    cidr: z.string(),
    /** Exactly two availability zones of the environment's region (the vpc-2az module checks them). */
    availabilityZones: z.array(z.string()),
    /** How private subnets reach the internet: see modules/vpc-2az/README.md for the costs. */
    egress: z.enum(["none", "nat-instance", "nat-gateway"]),
    /** One NAT device, or one per AZ. */
    natLayout: z.enum(["single", "per-az"]).optional(),
    /** Which traffic the VPC flow log records. */
    flowLogs: z.enum(["off", "rejected", "all"]),
    /** AWS services reached through interface endpoints instead of NAT (about $14.60 a month each). */
    interfaceEndpoints: z.array(z.enum(["logs", "secretsmanager", "ssm", "ecr.api", "ecr.dkr", "sts", "kms"])).optional(),
  })
  .strict();

/** The API's code as a container on Fargate, reached through Cloud Map. */
const containerServiceSchema = z
  .object({
    /** Which kind of compute runs the API: `container` (Fargate). */
    kind: z.literal("container"),
    /** Tag of the image to run from the service's ECR repository (CI pushes a new one per build). */
    imageTag: z.string().optional(),
    /** Or a full image URI from elsewhere, pinned to a tag or digest. */
    imageUri: z.string().optional(),
    cpuArchitecture: z.enum(["ARM64", "X86_64"]).optional(),
    /** CPU units (1024 = 1 vCPU) and memory; Fargate accepts only certain pairs. */
    cpuUnits: z.number(),
    memoryMiB: z.number(),
    /** The port the application listens on. */
    containerPort: z.number(),
    /** Tasks at creation; then autoscaling between minTasks and maxTasks (1 at least where protected). */
    desiredCount: z.number().optional(),
    minTasks: z.number(),
    maxTasks: z.number(),
    /** Capacity: tasks always on regular Fargate, then relative weights of regular and Spot. */
    onDemandBase: z.number().optional(),
    onDemandWeight: z.number(),
    spotWeight: z.number(),
    /** public: tasks get a public IP and need no NAT; private: no public IP, needs a NAT network.egress. */
    subnets: z.enum(["public", "private"]),
    /** Plain settings for the container. Never secrets. */
    environment: z.record(z.string(), z.string()).optional(),
    /**
     * Secrets for the container: variable name to the ARN ECS reads it from (an SSM parameter,
     * or a Secrets Manager secret with an optional `:<json key>::`), never the secret itself.
     */
    secrets: z.record(z.string(), z.string()).optional(),
    healthCheckCommand: z.array(z.string()).optional(),
    /** ECS Exec into running tasks. */
    enableExecuteCommand: z.boolean().optional(),
    /** CloudWatch Container Insights on the cluster (billed per metric). */
    containerInsights: z.boolean().optional(),
    /**
     * With `imageUri` from a private registry: the Secrets Manager secret (its ARN) holding the
     * registry's `{"username": ..., "password": ...}`; the execution role may read this secret only.
     */
    registryCredentialsArn: z.string().optional(),
    /**
     * Images from Docker Hub through an ECR pull-through cache the stack creates (preferred to
     * pulling from Docker Hub directly: its pull limits, one IP for every task behind a NAT).
     * `imageTag` is then the tag in `repository`.
     */
    pullThroughCache: z
      .object({
        /** The upstream registry. */
        upstream: z.literal("docker-hub"),
        /** The image's repository there: `owner/name`, or `library/<name>` for an official image. */
        repository: z.string(),
        /** The Secrets Manager secret (ARN; its name starts with `ecr-pullthroughcache/`) with the Docker Hub user and access token. */
        credentialsArn: z.string(),
        /** The ECR prefix of the cached repositories, unique in the account and region (at most 30 characters). */
        repositoryPrefix: z.string().optional(),
      })
      .strict()
      .optional(),
    /**
     * Who changes the running image: `terraform` (the config's `imageTag`; the application's CI
     * opens a change here) or `pipeline` (the application's CI registers task definitions and
     * updates the service; Terraform ignores the service's task definition after the first deploy).
     */
    imageUpdates: z.enum(["terraform", "pipeline"]).optional(),
    /**
     * A task definition for one-off commands (migrations), without the tracing sidecar, that CI
     * runs with `aws ecs run-task`. With a database it logs in as the master user (DB_USER and
     * DB_PASSWORD from the RDS-managed secret) and has APP_ROLE_SQL, the application user's grants.
     */
    oneOffTasks: z.boolean().optional(),
    /**
     * The command the application's CI migrates with, as the one-off task's command (with
     * `oneOffTasks`); it must also run APP_ROLE_SQL as the master user after the migrations.
     * Default: Django's `manage.py migrate`, then APP_ROLE_SQL through Django's connection.
     */
    migrateCommand: z.array(z.string()).min(1).optional(),
  })
  .strict();

/** The API's code as a Lambda function behind the HTTP API (the lambda-function module). */
const functionServiceSchema = z
  .object({
    /** Which kind of compute runs the API: `function` (Lambda). */
    kind: z.literal("function"),
    /** The folder holding the function's code, relative to the project folder (where `npm run` runs). */
    codeFolder: z.string(),
    /** A Python or Node.js runtime AWS supports (the lambda-function module lists them), e.g. `python3.13`. */
    runtime: z.string(),
    /** The handler, e.g. `config.asgi.handler` (Python: module path and function). */
    handler: z.string(),
    architecture: z.enum(["arm64", "x86_64"]).optional(),
    /** Memory, 128 to 10240 MiB; CPU grows with it. */
    memoryMiB: z.number().optional(),
    /** Seconds before an invocation is stopped; behind the HTTP API, API Gateway stops waiting at 30. */
    timeoutSeconds: z.number().optional(),
    /**
     * Concurrent executions reserved for (and capping) the function. Required with a database:
     * each execution environment holds a connection, so it must be what PostgreSQL's
     * max_connections can hold.
     */
    reservedConcurrency: z.number().optional(),
    /** Plain settings for the function. Never secrets. */
    environment: z.record(z.string(), z.string()).optional(),
    /**
     * Secrets: variable name to an SSM parameter or Secrets Manager ARN. The function gets
     * `<NAME>_ARN` and reads the value at runtime with its role; never the value itself.
     */
    secrets: z.record(z.string(), z.string()).optional(),
    /** X-Ray active tracing. */
    tracing: z.boolean().optional(),
    /** AWS services the code calls besides those the stack knows of (the media bucket's S3, its secrets' SSM): checked against the network's routes. */
    awsServices: z.array(z.string()).optional(),
  })
  .strict();

/** One function of `kind: "functions"`: its code, the API routes it answers, and what it may touch. */
const routeFunctionSchema = z
  .object({
    ...functionCodeShape,
    /** The API routes it answers, `METHOD /path` (`GET /products/{id}`); a route belongs to one function. */
    routes: z.array(z.string()).min(1, "must list at least one route (METHOD /path) the function answers"),
    /**
     * The tables (of the tables section, by role) the function may use, and how: `read`
     * (GetItem, Query, Scan, BatchGetItem) or `read-write`. A table not listed is denied.
     */
    tables: z.record(z.string(), z.enum(["read", "read-write"])).optional(),
    /** Whether the function may read and write the backend's files bucket (the media section's), under its `MEDIA_BUCKET` variable. */
    media: z.boolean().optional(),
    /** Concurrent executions reserved for (and capping) the function. */
    reservedConcurrency: z.number().optional(),
    /** Plain settings for the function. Never secrets. */
    environment: z.record(z.string(), z.string()).optional(),
    /**
     * Why the function's routes carry no authorizer although the API has one (a public
     * catalogue). At least a sentence; the policy report shows it.
     */
    publicReason: z.string().optional(),
  })
  .strict()
  .superRefine((fn, ctx) => functionCodeIssues(fn, (path, message) => ctx.addIssue({ code: "custom", path, message })));

/**
 * The API as several Lambda functions, one per group of routes (`products`, `orders`), behind
 * the HTTP API; each granted only the tables it names. No catch-all route: a request no function
 * answers gets API Gateway's 404.
 */
const functionsServiceSchema = z
  .object({
    /** Which kind of compute runs the API: `functions` (one Lambda function per group of routes). */
    kind: z.literal("functions"),
    /** The functions by name (lowercase, `<project>-<environment>-<name>`). */
    functions: z.record(z.string(), routeFunctionSchema),
    architecture: z.enum(["arm64", "x86_64"]).optional(),
    /** X-Ray active tracing of every function. */
    tracing: z.boolean().optional(),
  })
  .strict();

/**
 * What runs the API, by `kind`: a container service (Fargate, through Cloud Map), a function
 * (Lambda), or functions per group of routes. Each member is a section of its own shape, and a
 * feature of its own builds it.
 */
const serviceSchema = z.discriminatedUnion("kind", [containerServiceSchema, functionServiceSchema, functionsServiceSchema]);

const apiSchema = z
  .object({
    /**
     * Origins browsers may call the API from besides the site's own, which is always allowed
     * (local development, another front end). Never "*"; https only in a protected environment.
     */
    additionalCorsOrigins: z.array(z.string()).optional(),
    /** Requests per second, and burst, before the API answers 429. */
    throttlingRateLimit: z.number(),
    throttlingBurstLimit: z.number(),
    /** A JWT authorizer on every route (Cognito or another OIDC issuer). */
    jwt: z.object({ issuer: z.string(), audience: z.array(z.string()) }).strict().optional(),
    /**
     * Without `jwt`: why the routes carry no authorizer (for example, the app authenticates its
     * own users). At least a sentence; the policy report shows it. Exactly one of `jwt` and
     * `publicReason` is required.
     */
    publicReason: z.string().optional(),
    /**
     * The API's own host name (`api.example.com`), an HTTP API custom domain; the default
     * execute-api endpoint is then disabled. Its certificate comes from the `domain` section
     * (the name must be in its zone), or from `certificateArn`.
     */
    domainName: z.string().optional(),
    /** A regional ACM certificate for `domainName` managed elsewhere; the stack then creates no certificate and no DNS record. */
    certificateArn: z.string().optional(),
    /**
     * With an authorizer (`jwt`, or the auth section's pool): the catch-all routes to the service
     * are public, because the service authenticates requests itself and answers some without a
     * user (this says why; the policy report shows it). Routes of their own (uploads) keep the
     * authorizer.
     */
    publicCatchAllReason: z.string().optional(),
  })
  .strict();

const loadBalancerSchema = z
  .object({
    /**
     * The host name the load balancer answers as (`api.example.com`): its certificate and alias
     * record come from the `domain` section (the name must be in its zone), or the certificate
     * from `certificateArn`.
     */
    domainName: z.string().optional(),
    /** A regional ACM certificate managed elsewhere; the stack then creates no certificate and no DNS record. */
    certificateArn: z.string().optional(),
    /** The path the target group's health check requests (the app must answer 2xx or 3xx). */
    healthCheckPath: z.string().optional(),
    /** Seconds a deregistered task keeps its connections; short keeps deployments quick. */
    deregistrationDelaySeconds: z.number().optional(),
    /** Seconds an idle connection stays open. */
    idleTimeoutSeconds: z.number().optional(),
    /**
     * Admit only these managed prefix lists (CloudFront's origin-facing list, by id: looking it
     * up would call AWS) instead of the internet.
     */
    allowedPrefixListIds: z.array(z.string()).optional(),
    /** Days the access logs are kept. */
    accessLogRetentionDays: z.number().optional(),
    /**
     * Behind the HTTP API (the api section): an internal load balancer in the private subnets,
     * reached only over the API's VPC link. `domainName` is then the name on its certificate
     * (API Gateway checks it), and no DNS record is made for it.
     */
    internal: z.boolean().optional(),
  })
  .strict();

const domainSchema = z
  .object({
    /** The DNS zone the environment's names live in (`example.com`, or a delegated `staging.example.com`). */
    name: z.string(),
    /**
     * An existing public hosted zone for `name`, by id: nothing is looked up at plan time.
     * Without it the stack creates the zone (delegate to its name servers once; it survives a
     * destroy where the environment is protected).
     */
    hostedZoneId: z.string().optional(),
  })
  .strict();

const siteSchema = z
  .object({
    /** CloudFront edge locations: PriceClass_100 (North America, Europe) is cheapest. */
    priceClass: z.enum(["PriceClass_100", "PriceClass_200", "PriceClass_All"]).optional(),
    /**
     * The site's host names (`example.com`, `www.example.com`), in the `domain` section's zone:
     * the stack creates their certificate (in us-east-1, as CloudFront needs) and alias records.
     */
    domainNames: z.array(z.string()).optional(),
    /** Or custom domain names managed elsewhere; need certificateArn. */
    aliases: z.array(z.string()).optional(),
    /** An ACM certificate in us-east-1 covering the aliases. */
    certificateArn: z.string().optional(),
    /** CloudFront access logs to a bucket of their own. */
    accessLogging: z.boolean().optional(),
    /** A Content-Security-Policy header for every response. */
    contentSecurityPolicy: z.string().optional(),
  })
  .strict();

const mediaSchema = z
  .object({
    /** Serve the uploads bucket's `media/` objects through the site's distribution at /media/*. */
    serveThroughSite: z.boolean().optional(),
  })
  .strict();

const databaseSchema = z
  .object({
    /** The RDS instance class (db.t4g.micro is the cheapest). */
    instanceClass: z.string(),
    /** PostgreSQL major version (the rds-private module lists those it accepts). */
    engineVersion: z.string().optional(),
    /** A standby in the second AZ (twice the instance cost). */
    multiAz: z.boolean(),
    /** Days of automated backups, 1 to 35. */
    backupRetentionDays: z.number(),
    /** RDS refuses to delete the instance; required where the environment is protected. */
    deletionProtection: z.boolean(),
    /** A final snapshot on deletion; always on where the environment is protected. */
    finalSnapshot: z.boolean().optional(),
    allocatedStorageGiB: z.number().optional(),
    maxAllocatedStorageGiB: z.number().optional(),
    /** Performance Insights on its free tier, where the class supports it. */
    performanceInsights: z.boolean().optional(),
  })
  .strict();

const migrationsSchema = z
  .object({
    /** The repository with the Liquibase changelogs, `owner/name`. */
    repository: z.string(),
    /** The branch whose pushes run migrations. */
    branch: z.string().optional(),
    /** An existing CodeStar connection; without it, one is created and approved once in the console. */
    connectionArn: z.string().optional(),
    changelogFile: z.string().optional(),
    liquibaseSource: z.enum(["download", "source"]).optional(),
    liquibaseVersion: z.string().optional(),
    liquibaseSha256: z.string().optional(),
    /** Who hears about a failed migration. */
    notificationEmails: z.array(z.string()).optional(),
  })
  .strict();

const deliverySchema = z
  .object({
    /** The application's repository, `owner/name`, with the site and the function's code. */
    repository: z.string(),
    /** The branch whose pushes deliver. */
    branch: z.string().optional(),
    /** An existing CodeStar connection; without it, one is created and approved once in the console. */
    connectionArn: z.string().optional(),
    /** The Vite project's folder in the repository. */
    siteDirectory: z.string().optional(),
    /** The function's project folder in the repository (with requirements.txt). For a function service. */
    functionDirectory: z.string().optional(),
    /** The folder of the Dockerfile in the repository (its build context). For a container service. */
    serviceDirectory: z.string().optional(),
    /** The Dockerfile's name in `serviceDirectory`. For a container service. */
    dockerfile: z.string().optional(),
    /** The command that migrates the database, run with the new package before it takes traffic. */
    migrateCommand: z.string().optional(),
    /** Who hears about a failed delivery. */
    notificationEmails: z.array(z.string()).optional(),
  })
  .strict();

const monitoringSchema = z
  .object({
    /** Who is told of every alarm and recovery (each address confirms once). */
    alarmEmails: z.array(z.string()).optional(),
    /** Alarm thresholds; the Monitoring module documents each default. */
    api5xxPerMinute: z.number().optional(),
    apiLatencyP99Ms: z.number().optional(),
    serviceCpuPercent: z.number().optional(),
    serviceMemoryPercent: z.number().optional(),
    databaseCpuPercent: z.number().optional(),
    databaseFreeStoragePercent: z.number().optional(),
    databaseFreeMemoryPercent: z.number().optional(),
    databaseConnectionsPercent: z.number().optional(),
    functionErrorsPerMinute: z.number().optional(),
    functionThrottlesPerMinute: z.number().optional(),
    functionDurationP99Percent: z.number().optional(),
    functionConcurrencyPercent: z.number().optional(),
  })
  .strict();

const previewSchema = z
  .object({
    /** Each preview's monthly budget in US dollars (AWS Budgets): an alert at 80% spent and at 100% forecast. */
    monthlyBudgetUsd: z.number().positive("must be more than 0").max(1000, "must be at most 1000: a preview costs a few dollars a month").optional(),
    /** Who the budget alerts. @default the monitoring section's alarmEmails */
    alertEmails: z.array(z.string()).optional(),
  })
  .strict();

const amount = (fallback: number) => z.number().min(0, "must be 0 or more").default(fallback);
const optionalAmount = () => z.number().min(0, "must be 0 or more").optional();

/**
 * What the environment is expected to handle in a month, for `npm run cost` and the plan's cost
 * estimate. Estimates only: they size nothing.
 */
const usageSchema = z
  .object({
    /** Requests to the HTTP API. */
    apiRequestsPerMonth: amount(1_000_000),
    /** Requests to the site through CloudFront (pages, assets, media). */
    siteRequestsPerMonth: amount(2_000_000),
    /** Data CloudFront sends to browsers, in GiB. */
    siteDataOutGiBPerMonth: amount(20),
    /** Data the API sends out through API Gateway, in GiB. */
    apiDataOutGiBPerMonth: amount(5),
    /** Data through NAT (builds fetching packages, private tasks calling out), in GiB. */
    natDataGiBPerMonth: amount(5),
    /** Logs written to CloudWatch Logs (application, access, flow, database, build), in GiB. */
    logIngestGiBPerMonth: amount(2),
    /** CodeBuild minutes (migration runs). */
    buildMinutesPerMonth: amount(60),
    /** Objects kept in the media bucket, in GiB. */
    mediaStorageGiB: amount(10),
    /** The site's build in its bucket, with old versions, in GiB. */
    siteStorageGiB: amount(1),
    /** Images kept in the ECR repository, in GiB. */
    imageStorageGiB: amount(2),
    /** Average tasks running beyond the minimum (autoscaling), for the month. */
    extraTasksAverage: amount(0),
    /** Average duration of one invocation of the API's function (a `function` service), in milliseconds: with its memory, the GB-seconds billed. */
    functionAverageDurationMs: amount(150),
    /** Runs of the delivery pipeline (a `delivery` section) in the month: its build minutes are these runs times each build's minutes. */
    deliveryRunsPerMonth: amount(30),
    // The product sections' traffic (auth, tables, uploads). Unset, the estimate uses its own
    // defaults and says so on the line (scripts/cost/assumptions.ts, USAGE_DEFAULTS).
    /** Users who sign up, sign in or refresh a token in the month, over the user pool. */
    monthlyActiveUsers: optionalAmount(),
    /** Sign-ups confirmed in the month (the post-confirmation trigger's invocations). */
    signUpsPerMonth: optionalAmount(),
    /** DynamoDB read and write request units in the month, over all tables; the data kept, in GiB. */
    dynamodbReadsPerMonth: optionalAmount(),
    dynamodbWritesPerMonth: optionalAmount(),
    dynamodbStorageGiB: optionalAmount(),
    /** Files uploaded in the month; the raw uploads and processed assets kept, in GiB. */
    uploadsPerMonth: optionalAmount(),
    uploadStorageGiB: optionalAmount(),
    assetsStorageGiB: optionalAmount(),
    /** Requests to the assets' distribution in the month, and the data it sends, in GiB. */
    assetsRequestsPerMonth: optionalAmount(),
    assetsDataOutGiBPerMonth: optionalAmount(),
  })
  .strict();

const stateSchema = z
  .object({
    /** The S3 bucket the bootstrap stack creates for Terraform state. */
    bucket: bucketName,
    /** The region of the state bucket. */
    region,
  })
  .strict();

/** The fields every feature reads (the environment context). Checked alone too, when the whole does not parse. */
export const contextSchema = z.object({
  /** Short project name; the first part of every resource name (`acme`). */
  project: slug("acme"),
  /** Environment name; the stack's name and the second part of every resource name (`staging`). */
  name: slug("staging"),
  /** The only AWS account this environment may deploy to (`allowed_account_ids`). */
  accountId,
  /** The AWS region of every resource. */
  region,
  /**
   * Whether the environment holds data that must survive a mistaken destroy: deletion
   * protection, final snapshots and `prevent_destroy` on data stores. On in production, and
   * required for an environment named `production` or `prod` (or `production-*`, `prod-*`).
   */
  protected: z.boolean(),
  /** Retention of the environment's CloudWatch log groups, in days; 90 at least where protected. */
  logRetentionDays: z.number(),
  /** Extra tags for every resource, on top of Project, Environment and ManagedBy. */
  tags: tags.optional(),
});

/**
 * The sections of an environment config. Each is also checked alone when the whole does not
 * parse, so the modules of the sections that do hold are checked in the same run.
 */
export const sectionSchemas = {
  network: networkSchema,
  /** What runs the API: `{ kind: "container", ... }` (Fargate). */
  service: serviceSchema,
  /** The HTTP API in front of it (a container service has this or `loadBalancer`). */
  api: apiSchema.optional(),
  /** An Application Load Balancer in front of a container service (instead of the HTTP API). */
  loadBalancer: loadBalancerSchema.optional(),
  /** Route 53 and ACM: the zone whose names the site, the API and the load balancer take. */
  domain: domainSchema.optional(),
  /** The front end: a static build on S3 behind CloudFront. Leave it out for an API alone. */
  site: siteSchema.optional(),
  /** The bucket for uploaded files. */
  media: mediaSchema.optional(),
  /** PostgreSQL on RDS. Leave it out for a system without a relational database. */
  database: databaseSchema.optional(),
  /** Liquibase migrations, run by CodeBuild in the VPC through a pipeline; need `database`. */
  migrations: migrationsSchema.optional(),
  /**
   * The application's delivery from its repository (CodePipeline + CodeBuild): builds the site
   * and the function's package (migrating the database with it) or the container's image, then
   * deploys them.
   */
  delivery: deliverySchema.optional(),
  /** Sign-up and sign-in: a Cognito user pool, the site's client, the hosted pages; the API's authorizer. */
  auth: authSchema.optional(),
  /** DynamoDB tables by their role (`messages`), granted to the API's code, each optionally streamed to a function. */
  tables: tablesSchema.optional(),
  /** Browser uploads through presigned POSTs, thumbnails made by a function, served by CloudFront. Need api and auth. */
  uploads: uploadsSchema.optional(),
  /** Alarms (to an SNS topic and its email subscribers) and the environment's dashboard. */
  monitoring: monitoringSchema.optional(),
  /**
   * Previews of this environment (`npm run synth -- --preview <branch or pull request>`): each
   * a copy at its cheapest, with a monthly budget of its own. See environments/preview.ts.
   */
  preview: previewSchema.optional(),
} as const;

export const environmentSchema = contextSchema
  .extend({
    ...sectionSchemas,
    /** Expected monthly traffic and storage, for cost estimates; every field has a default. */
    usage: usageSchema.prefault({}),
    /** Where this environment's Terraform state lives. */
    state: stateSchema,
  })
  .strict()
  // Cross-field checks run even when single fields failed, so one run reports every problem.
  // That means the value may be malformed here: read it defensively.
  .superRefine((config, ctx) => crossCheckEnvironment(config as unknown, ctx), {
    when: (payload) => isRecord(payload.value),
  });

function crossCheckEnvironment(config: unknown, ctx: z.RefinementCtx): void {
  if (!isRecord(config)) return;
  const { project, name } = config;
  if (typeof project === "string" && typeof name === "string" && project.length + 1 + name.length > MAX_NAME_PREFIX) {
    ctx.addIssue({
      code: "custom",
      path: ["name"],
      message: `with project "${project}" makes the resource-name prefix "${project}-${name}" longer than ${MAX_NAME_PREFIX} characters; shorten the project or environment name`,
    });
  }
  if (typeof name === "string" && PRODUCTION_NAME.test(name) && config.protected === false) {
    ctx.addIssue({
      code: "custom",
      path: ["protected"],
      message: `must be true for an environment named "${name}": production data must survive a mistaken destroy (deletion protection, final snapshots, prevent_destroy); set protected: true, or rename the environment if it is not production`,
    });
  }
  if (isRecord(config.api) && Array.isArray(config.api.additionalCorsOrigins)) {
    if (config.api.additionalCorsOrigins.includes("*")) {
      ctx.addIssue({
        code: "custom",
        path: ["api", "additionalCorsOrigins"],
        message: `must not be "*"${config.protected === true ? " (never in a protected environment)" : ""}: the site's origin is always allowed; list any other origins`,
      });
    }
  }
  const withAuthorizer = isRecord(config.api) && (config.api.jwt !== undefined || config.auth !== undefined);
  if (isRecord(config.api) && !withAuthorizer === (config.api.publicReason === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["api", "publicReason"],
      message: !withAuthorizer
        ? "is required without jwt (or an auth section): say why the API's routes need no authorizer (the policy pack reports it), or configure jwt"
        : "and the authorizer (jwt, or the auth section's pool) are exclusive: with a JWT authorizer the routes are not public (for public catch-all routes beside authorized ones, see publicCatchAllReason)",
    });
  }
  if (isRecord(config.api) && config.api.publicCatchAllReason !== undefined) {
    if (!withAuthorizer) {
      ctx.addIssue({ code: "custom", path: ["api", "publicCatchAllReason"], message: "needs an authorizer (jwt, or an auth section): without one every route is public already (see publicReason)" });
    } else if (typeof config.api.publicCatchAllReason === "string") {
      const problem = reasonProblem(config.api.publicCatchAllReason);
      if (problem !== undefined) ctx.addIssue({ code: "custom", path: ["api", "publicCatchAllReason"], message: problem });
    }
  }
  productSectionIssues(config, (path, message) => ctx.addIssue({ code: "custom", path, message }), inZone);
  if (config.protected === true) {
    const emails = isRecord(config.monitoring) ? config.monitoring.alarmEmails : undefined;
    if (!Array.isArray(emails) || emails.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["monitoring", "alarmEmails"],
        message: "must name at least one address in a protected environment: otherwise its alarms reach nobody",
      });
    }
    const retention = config.logRetentionDays;
    if (typeof retention === "number" && retention < MIN_PROTECTED_LOG_RETENTION_DAYS) {
      ctx.addIssue({
        code: "custom",
        path: ["logRetentionDays"],
        message: `must be at least ${MIN_PROTECTED_LOG_RETENTION_DAYS} days in a protected environment (got ${retention}): investigating an incident or answering an audit needs months of logs`,
      });
    }
    if (isRecord(config.service)) {
      for (const key of ["minTasks", "desiredCount"] as const) {
        const count = config.service[key];
        if (typeof count === "number" && count < 1) {
          ctx.addIssue({
            code: "custom",
            path: ["service", key],
            message: `must be at least 1 (got ${count}): a protected environment must keep at least one task running`,
          });
        }
      }
    }
  }
  if (isRecord(config.api) && typeof config.api.publicReason === "string") {
    const problem = reasonProblem(config.api.publicReason);
    if (problem !== undefined) ctx.addIssue({ code: "custom", path: ["api", "publicReason"], message: problem });
  }
  if (config.protected === true && isRecord(config.api) && Array.isArray(config.api.additionalCorsOrigins)) {
    config.api.additionalCorsOrigins.forEach((origin: unknown, i) => {
      // Other http origins the API module refuses itself, in every environment.
      if (typeof origin === "string" && /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(origin)) {
        ctx.addIssue({
          code: "custom",
          path: ["api", "additionalCorsOrigins", i],
          message: "must be an https origin in a protected environment: local development origins belong in staging",
        });
      }
    });
  }
  if (isRecord(config.media) && config.media.serveThroughSite === true && config.site === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["media", "serveThroughSite"],
      message: "needs a site section: the media objects are served through the site's distribution; add site, or remove serveThroughSite",
    });
  }
  if (isRecord(config.delivery) && isRecord(config.service)) deliveryIssues(config.delivery, config.service, ctx);
  if (isRecord(config.service) && config.service.kind === "function" && isRecord(config.migrations)) {
    ctx.addIssue({
      code: "custom",
      path: ["migrations"],
      message: "is for a container service: a function's migrations run in its delivery pipeline (delivery.migrateCommand), with the package that is about to take traffic; remove migrations",
    });
  }
  if (isRecord(config.service) && config.service.kind === "functions") functionsIssues(config, config.service, ctx);
  frontDoorIssues(config, ctx);
  imageIssues(config, ctx);
  domainIssues(config, ctx);
  if (isRecord(config.service) && isRecord(config.service.pullThroughCache)) {
    if (config.service.imageUri !== undefined) {
      ctx.addIssue({ code: "custom", path: ["service", "imageUri"], message: "and pullThroughCache are exclusive: the image comes through the cache (pullThroughCache.repository at imageTag); remove imageUri" });
    }
    if (config.service.imageTag === undefined) {
      ctx.addIssue({ code: "custom", path: ["service", "imageTag"], message: "is required with pullThroughCache: the tag (a version, never only latest) of pullThroughCache.repository to run" });
    }
  }
  if (isRecord(config.migrations) && config.database === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["migrations"],
      message: "needs a database section: the migrations run against the environment's PostgreSQL; add database, or remove migrations",
    });
  }
}

/**
 * Functions per route group: each route once, tables of the tables section, no database (the
 * functions run outside the VPC), no catch-all to make public.
 */
function functionsIssues(config: Record<string, unknown>, service: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
  if (config.database !== undefined) {
    issue(["database"], 'is not available to kind "functions" (its functions run outside the VPC, with DynamoDB): use kind "function" for an API on PostgreSQL, or remove database');
  }
  const tables = isRecord(config.tables) ? config.tables : {};
  for (const [role, table] of Object.entries(tables)) {
    if (isRecord(table) && table.serviceAccess !== undefined) {
      issue(["tables", role, "serviceAccess"], 'is for a single service: with kind "functions" each function names its tables (service.functions.<name>.tables); remove serviceAccess');
    }
  }
  if (isRecord(config.api) && config.api.publicCatchAllReason !== undefined) {
    issue(["api", "publicCatchAllReason"], 'has no catch-all route to make public with kind "functions": give the public function a publicReason of its own');
  }
  const withAuthorizer = isRecord(config.api) && (config.api.jwt !== undefined || config.auth !== undefined);
  const functions = isRecord(service.functions) ? service.functions : {};
  if (Object.keys(functions).length === 0) issue(["service", "functions"], "must name at least one function");
  const owner = new Map<string, string>();
  for (const [name, fn] of Object.entries(functions)) {
    if (!/^[a-z][a-z0-9-]*[a-z0-9]$/.test(name) || name.includes("--")) {
      issue(["service", "functions", name], 'must be named in lowercase letters, digits and hyphens, starting with a letter (e.g. "orders"): it names the function');
    }
    if (!isRecord(fn)) continue;
    const routes = Array.isArray(fn.routes) ? fn.routes : [];
    routes.forEach((route: unknown, i) => {
      if (typeof route !== "string") return;
      const other = owner.get(route);
      if (other !== undefined) issue(["service", "functions", name, "routes", i], `"${route}" is answered by ${other} already: a route belongs to one function`);
      else owner.set(route, name);
    });
    for (const role of Object.keys(isRecord(fn.tables) ? fn.tables : {})) {
      if (!(role in tables)) {
        issue(["service", "functions", name, "tables", role], `names no table of the tables section (${Object.keys(tables).join(", ") || "none"}); add it there, or remove it here`);
      }
    }
    if (typeof fn.publicReason === "string") {
      if (!withAuthorizer) {
        issue(["service", "functions", name, "publicReason"], "needs an authorizer (api.jwt, or an auth section): without one every route is public already (see api.publicReason)");
      } else {
        const problem = reasonProblem(fn.publicReason);
        if (problem !== undefined) issue(["service", "functions", name, "publicReason"], problem);
      }
    }
  }
}

/**
 * A delivery pipeline builds what the service runs: a function's package (from
 * functionDirectory), or a container's image pushed to the service's own ECR repository (from
 * serviceDirectory), which the service must then leave to the pipeline.
 */
function deliveryIssues(delivery: Record<string, unknown>, service: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
  if (service.kind === "functions") {
    // Terraform deploys the functions' code (bundled at synth); the pipeline deploys the site.
    for (const key of ["serviceDirectory", "dockerfile", "functionDirectory", "migrateCommand"] as const) {
      if (delivery[key] !== undefined) issue(["delivery", key], 'is not taken with kind "functions": every apply deploys the functions\' code, bundled at synth; the pipeline delivers the site only; remove it');
    }
    return;
  }
  if (service.kind === "function") {
    for (const key of ["serviceDirectory", "dockerfile"] as const) {
      if (delivery[key] !== undefined) issue(["delivery", key], "is for a container service's image; a function's package is built from functionDirectory; remove it");
    }
    return;
  }
  if (delivery.functionDirectory !== undefined) issue(["delivery", "functionDirectory"], "is for a function service; a container's image is built from serviceDirectory; remove it");
  if (delivery.migrateCommand !== undefined) {
    issue(["delivery", "migrateCommand"], "is for a function service's package; a container service migrates through the migrations section (Liquibase in CodeBuild) or its one-off task; remove it");
  }
  if (service.imageUri !== undefined || service.pullThroughCache !== undefined) {
    issue(["delivery"], "builds the image into the service's own ECR repository: the service must take its image by imageTag (not imageUri or pullThroughCache)");
  }
  if (service.imageUpdates !== "pipeline") {
    issue(["service", "imageUpdates"], 'must be "pipeline" with a delivery section: otherwise every terraform apply puts back the task definition Terraform knows, undoing the pipeline\'s deploy');
  }
}

/** What stands in front of the service: the HTTP API, or (for a container) the load balancer. */
function frontDoorIssues(config: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if (!isRecord(config.service)) return;
  const withApi = config.api !== undefined;
  const withLoadBalancer = config.loadBalancer !== undefined;
  if (config.service.kind === "function" || config.service.kind === "functions") {
    if (withLoadBalancer) {
      ctx.addIssue({ code: "custom", path: ["loadBalancer"], message: "is for a container service: a function is reached through the HTTP API (the api section); remove loadBalancer" });
    }
    if (!withApi) ctx.addIssue({ code: "custom", path: ["api"], message: "is required for a function service: the HTTP API is its way in; add api" });
    return;
  }
  const internal = isRecord(config.loadBalancer) && config.loadBalancer.internal === true;
  if (withApi && withLoadBalancer && !internal) {
    ctx.addIssue({
      code: "custom",
      path: ["loadBalancer"],
      message:
        "and api are exclusive for an internet-facing load balancer: a container service is reached through the HTTP API (over Cloud Map or an internal load balancer: loadBalancer.internal) or through the load balancer; keep one",
    });
  }
  if (internal && !withApi) {
    ctx.addIssue({ code: "custom", path: ["loadBalancer", "internal"], message: "needs an api section: an internal load balancer is reached only through the HTTP API's VPC link; add api" });
  }
  if (internal && isRecord(config.loadBalancer) && config.loadBalancer.allowedPrefixListIds !== undefined) {
    ctx.addIssue({ code: "custom", path: ["loadBalancer", "allowedPrefixListIds"], message: "is for an internet-facing load balancer: an internal one admits only the API's VPC link; remove it" });
  }
  if (!withApi && !withLoadBalancer) {
    ctx.addIssue({ code: "custom", path: ["api"], message: "or loadBalancer is required: a container service needs a way in (the HTTP API over Cloud Map, or an Application Load Balancer); add one" });
  }
}

/** Docker Hub repository names: lowercase components, `owner/name` (or `library/<name>` for an official image). */
const DOCKER_HUB_REPOSITORY = /^[a-z0-9]+(?:[._-][a-z0-9]+)*\/[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** Where the container's image comes from, and who may update it. */
function imageIssues(config: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const service = config.service;
  if (!isRecord(service) || service.kind !== "container") return;
  const cache = service.pullThroughCache;
  if (isRecord(cache) && typeof cache.repository === "string" && !DOCKER_HUB_REPOSITORY.test(cache.repository)) {
    ctx.addIssue({
      code: "custom",
      path: ["service", "pullThroughCache", "repository"],
      message: `must be a Docker Hub repository, "owner/name" in lowercase ("library/<name>" for an official image); got "${cache.repository}"`,
    });
  }
  if (service.migrateCommand !== undefined && service.oneOffTasks !== true) {
    ctx.addIssue({ code: "custom", path: ["service", "migrateCommand"], message: "needs oneOffTasks: true: it is the one-off task's command" });
  }
  if (service.imageTag === "latest") {
    ctx.addIssue({ code: "custom", path: ["service", "imageTag"], message: 'must name one build (a version or a commit), never "latest": a moved tag changes what a restarted task runs' });
  }
  if (service.imageUpdates === "pipeline" && service.imageTag === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["service", "imageUpdates"],
      message: '"pipeline" needs imageTag (the service\'s ECR repository, or Docker Hub through pullThroughCache): the application\'s CI pushes there; an imageUri from elsewhere is updated in this config',
    });
  }
  const credentials = service.registryCredentialsArn;
  if (typeof credentials === "string" && typeof config.project === "string" && typeof config.name === "string") {
    const name = /^arn:[\w-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:(.+)$/.exec(credentials)?.[1];
    const prefixes = [`${config.project}/${config.name}/`, `${config.project}-${config.name}/`];
    if (name !== undefined && !prefixes.some((p) => name.startsWith(p))) {
      ctx.addIssue({
        code: "custom",
        path: ["service", "registryCredentialsArn"],
        message: `must be a secret named under ${prefixes.map((p) => `"${p}"`).join(" or ")}: the environment's permissions boundary lets its roles read only those; got "${name}"`,
      });
    }
  }
}

/** A DNS name is `zone` itself or under it. */
export function inZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

/** Host names given by `domainName`/`domainNames` need the domain section (or a certificate from elsewhere) and must be in its zone. */
function domainIssues(config: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const zone = isRecord(config.domain) && typeof config.domain.name === "string" ? config.domain.name : undefined;
  const checkName = (path: (string | number)[], name: unknown, withCertificate: boolean) => {
    if (typeof name !== "string") return;
    if (zone === undefined && !withCertificate) {
      ctx.addIssue({ code: "custom", path, message: `("${name}") needs a domain section (its zone, for the certificate and the record), or a certificateArn of a certificate managed elsewhere` });
    } else if (zone !== undefined && !withCertificate && !inZone(name, zone)) {
      ctx.addIssue({ code: "custom", path, message: `("${name}") must be in the domain's zone "${zone}" (the zone itself or a name under it)` });
    }
  };
  for (const section of ["api", "loadBalancer"] as const) {
    const part = config[section];
    if (!isRecord(part)) continue;
    const withCertificate = part.certificateArn !== undefined;
    if (withCertificate && part.domainName === undefined) {
      ctx.addIssue({ code: "custom", path: [section, "certificateArn"], message: "needs domainName: the certificate is for the name the front door answers as; add domainName, or remove certificateArn" });
    }
    checkName([section, "domainName"], part.domainName, withCertificate);
    const certificateRegion = typeof part.certificateArn === "string" ? /^arn:[\w-]+:acm:([a-z0-9-]+):/.exec(part.certificateArn)?.[1] : undefined;
    if (certificateRegion !== undefined && typeof config.region === "string" && certificateRegion !== config.region) {
      ctx.addIssue({
        code: "custom",
        path: [section, "certificateArn"],
        message: `must be a certificate of the environment's region ${config.region} (regional endpoints take their certificate from their own region); got one of ${certificateRegion}`,
      });
    }
  }
  if (isRecord(config.site) && Array.isArray(config.site.domainNames)) {
    if (config.site.aliases !== undefined || config.site.certificateArn !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["site", "domainNames"],
        message: "and aliases/certificateArn are exclusive: domainNames get their certificate and records from the domain section; aliases with certificateArn are for names managed elsewhere",
      });
    } else {
      config.site.domainNames.forEach((name: unknown, i) => checkName(["site", "domainNames", i], name, false));
    }
  }
  if (config.loadBalancer !== undefined && isRecord(config.loadBalancer) && config.loadBalancer.domainName === undefined) {
    ctx.addIssue({ code: "custom", path: ["loadBalancer", "domainName"], message: "is required: the load balancer answers HTTPS only, which needs a certificate for a name; add domainName (with a domain section, or certificateArn)" });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export const bootstrapSchema = z
  .object({
    /** Short project name, as in the environment configs. */
    project: slug("acme"),
    /** The account that holds the state bucket. */
    accountId,
    /** The region of the state bucket. */
    region,
    /** The state bucket's name; every environment's `state.bucket` names it. */
    stateBucket: bucketName,
    /** Days old state versions are kept. */
    noncurrentVersionRetentionDays: z.number().int().min(1).max(3650),
    /**
     * The bucket that receives the state bucket's S3 server access logs (who read or wrote
     * which state, when). Globally unique, like the state bucket.
     */
    stateAccessLogBucket: bucketName,
    /** Days the state's access logs are kept. */
    stateAccessLogRetentionDays: z.number().int().min(1).max(3650).optional(),
    /**
     * The GitHub repository that deploys the stacks: the bootstrap stack creates the account's
     * GitHub OIDC provider, a plan role and a deploy role that trust it (and, for deploy, its
     * environments named like the environment stacks). Leave it out to deploy only by hand.
     */
    github: z
      .object({
        /** `owner/name`. */
        repository: z.string(),
        /** The branch that deploys; pull requests and pushes to it may plan. */
        defaultBranch: z.string().optional(),
        /** The ARN of an OIDC provider for GitHub the account already has (one per account). */
        providerArn: z.string().optional(),
      })
      .strict()
      .optional(),
    /**
     * The application's own repository (another repository than this one), whose GitHub Actions
     * deliver the container: the bootstrap stack creates one role per environment for it
     * (`<project>-github-app-<env>`), trusted only by that repository's GitHub environment of
     * the same name. It may push the service's images, register its task definitions, run its
     * one-off task, update the one service, and pass only the service's two roles. Needs `github`
     * (the account's OIDC provider).
     */
    /**
     * Preview environments (`npm run synth -- --preview <branch>`, environments/preview.ts): the
     * bootstrap stack creates the previews' permissions boundary (`<project>-pv-boundary`) and,
     * with `github`, their deploy role (`<project>-github-preview`), trusted by the GitHub
     * environment of previews only, that manages previews and nothing else.
     */
    previews: z
      .object({
        /** The GitHub environment the preview workflow's jobs run in. @default "preview" */
        githubEnvironment: z.string().optional(),
      })
      .strict()
      .optional(),
    /**
     * Per-developer roles in a test account (the developer-access module): each developer may
     * change previews' resources and read the configuration of the rest; those with
     * `canRequestAccess` may assume the access request role for a repair outside
     * `protectedEnvironments`. Needs `previews`. Best in a test account without production (a
     * project config and bootstrap of its own); where production shares the account, developers
     * are denied every change and data read on it, and the access request role never touches it.
     */
    developerAccess: z
      .object({
        developers: z
          .array(
            z
              .object({
                /** A slug (`alice`): the role `<project>-developer-<name>` and the session's source identity. */
                name: z.string(),
                /** The IAM user or role that may assume it, with MFA. */
                principalArn: z.string(),
                /** Whether they may assume `<project>-access-request`. */
                canRequestAccess: z.boolean().optional(),
              })
              .strict(),
          )
          .min(1),
        /** The environments the access request role may not touch. @default ["production"] */
        protectedEnvironments: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
    applicationDelivery: z
      .object({
        /** `owner/name` of the application's repository. */
        repository: z.string(),
        /** Whether the application's CI pushes images to the service's ECR repository; false for images in another registry (Docker Hub). */
        pushImagesToEcr: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.developerAccess !== undefined && config.previews === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["developerAccess"],
        message: "needs previews: developers create previews, whose roles carry the previews' boundary, which the previews section creates; add previews: {}",
      });
    }
    if (config.applicationDelivery !== undefined && config.github === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["applicationDelivery"],
        message: "needs github: the application's roles trust the account's GitHub OIDC provider, which the github section creates or names; add github",
      });
    }
  });

/** An environment's config as written in `environments/<name>.ts`. */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** An environment's config once checked: what `AppStack` is built from. */
export type EnvironmentConfig = z.output<typeof environmentSchema>;
/** The bootstrap stack's config as written in `environments/bootstrap.ts`. */
export type BootstrapInput = z.input<typeof bootstrapSchema>;
/** The bootstrap stack's config once checked. */
export type BootstrapConfig = z.output<typeof bootstrapSchema>;
/** The API tier's config, one member per kind of compute. */
export type ServiceConfig = EnvironmentConfig["service"];
/** The container member of the API tier. */
export type ContainerServiceConfig = Extract<ServiceConfig, { kind: "container" }>;
/** The function member of the API tier. */
export type FunctionServiceConfig = Extract<ServiceConfig, { kind: "function" }>;
/** The functions-per-route-group member of the API tier. */
export type FunctionsServiceConfig = Extract<ServiceConfig, { kind: "functions" }>;

