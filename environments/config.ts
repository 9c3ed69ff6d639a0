import { z } from "zod";
import { reasonProblem } from "../policies/suppressions";
import { ACCOUNT_ID_PATTERN } from "../modules/shared/arn";
import { cidrsOverlap, parseIpv4Cidr } from "../modules/shared/cidr";
import { isValidLogRetention, LOG_RETENTION_RULE } from "../modules/shared/logs";
import { availabilityZoneProblem, isKnownRegion, regionProblem } from "../modules/shared/regions";
import { bucketNameProblem } from "../modules/shared/s3-names";
import { containerSecretFromArn } from "../modules/fargate-service";
import { isValidCorsOrigin } from "../modules/http-api";

/** One problem in a config: where (`network.cidr`) and why. */
export interface ConfigIssue {
  readonly path: string;
  readonly reason: string;
}

/**
 * A config that does not hold. The message lists every problem, one a line, as
 * `<path>: <reason>`, so one run shows everything to fix.
 */
export class ConfigError extends Error {
  constructor(
    readonly configName: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(`Invalid ${configName}:\n${issues.map((i) => `  ${i.path}: ${i.reason}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

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

const vpcCidr = z.string().superRefine((cidr, ctx) => {
  const parsed = parseIpv4Cidr(cidr);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: `must be an IPv4 CIDR such as "10.20.0.0/16", but it ${parsed.reason}` });
  } else if (parsed.network.prefix < 16 || parsed.network.prefix > 24) {
    ctx.addIssue({
      code: "custom",
      message: `must have a prefix from /16 to /24 (got /${parsed.network.prefix}; AWS allows /16 at most, and under /24 leaves too few addresses)`,
    });
  }
});

const logRetentionDays = z.number().int().refine(isValidLogRetention, LOG_RETENTION_RULE);

const tags = z.record(z.string(), z.string().max(256, "tag values are at most 256 characters")).superRefine((record, ctx) => {
  for (const key of Object.keys(record)) {
    const reason = tagKeyProblem(key);
    if (reason) ctx.addIssue({ code: "custom", path: [key], message: reason });
  }
});

function tagKeyProblem(key: string): string | undefined {
  if (key.length === 0 || key.length > 128) return "tag keys must be 1 to 128 characters";
  if (key.toLowerCase().startsWith("aws:")) return 'tag keys must not start with "aws:" (reserved by AWS)';
  if ((RESERVED_TAG_KEYS as readonly string[]).includes(key)) {
    return `is set by the stack itself (${RESERVED_TAG_KEYS.join(", ")}); remove it from tags`;
  }
  return undefined;
}

const networkSchema = z
  .object({
    /** The VPC's IPv4 CIDR, /16 to /24. */
    cidr: vpcCidr,
    /** Exactly two availability zones of the environment's region. */
    // The count (exactly two) is checked with the cross-field checks below: a failed length
    // check in the schema would stop them from running.
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

const secretReference = z.string().refine(
  (arn) => containerSecretFromArn(arn) !== undefined,
  "must be the ARN of an SSM parameter (arn:aws:ssm:...:parameter/...) or a Secrets Manager secret (arn:aws:secretsmanager:...:secret:..., optionally :<json key>::), never the secret itself",
);

const serviceSchema = z
  .object({
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
    /** Secrets for the container: variable name to the ARN ECS reads it from. */
    secrets: z.record(z.string(), secretReference).optional(),
    healthCheckCommand: z.array(z.string()).optional(),
    /** ECS Exec into running tasks. */
    enableExecuteCommand: z.boolean().optional(),
    /** CloudWatch Container Insights on the cluster (billed per metric). */
    containerInsights: z.boolean().optional(),
  })
  .strict();

const apiSchema = z
  .object({
    /**
     * Origins browsers may call the API from besides the site's own, which is always allowed
     * (local development, another front end). Never "*"; https only in a protected environment.
     */
    additionalCorsOrigins: z.array(
      z
        .string()
        .refine(
          isValidCorsOrigin,
          'must be an origin such as "https://www.example.com" (https, no path or trailing slash; http only for localhost)',
        ),
    ).optional(),
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
  })
  .strict();

const siteSchema = z
  .object({
    /** CloudFront edge locations: PriceClass_100 (North America, Europe) is cheapest. */
    priceClass: z.enum(["PriceClass_100", "PriceClass_200", "PriceClass_All"]).optional(),
    /** Custom domain names for the site; need certificateArn. */
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
    /** PostgreSQL major version, or major.minor. */
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
  })
  .strict();

const amount = (fallback: number) => z.number().min(0, "must be 0 or more").default(fallback);

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
  })
  .strict();

/** Variables the stack gives the API container itself: the database connection and the media bucket. */
export const DATABASE_VARIABLES = ["DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "MEDIA_BUCKET"] as const;
/** Names that would hand the API a database password: it has none (IAM database authentication). */
export const DATABASE_PASSWORD_VARIABLES = ["DB_PASSWORD", "DB_SECRET_ARN"] as const;

const stateSchema = z
  .object({
    /** The S3 bucket the bootstrap stack creates for Terraform state. */
    bucket: bucketName,
    /** The region of the state bucket. */
    region,
  })
  .strict();

const environmentSchema = z
  .object({
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
    logRetentionDays,
    network: networkSchema,
    /** The API's container on Fargate. */
    service: serviceSchema,
    /** The HTTP API in front of it. */
    api: apiSchema,
    /** The front end: a static build on S3 behind CloudFront. */
    site: siteSchema,
    /** The bucket for uploaded files. */
    media: mediaSchema.optional(),
    /** PostgreSQL on RDS. */
    database: databaseSchema,
    /** Liquibase migrations, run by CodeBuild in the VPC through a pipeline. */
    migrations: migrationsSchema,
    /** Alarms (to an SNS topic and its email subscribers) and the environment's dashboard. */
    monitoring: monitoringSchema.optional(),
    /** Expected monthly traffic and storage, for cost estimates; every field has a default. */
    usage: usageSchema.prefault({}),
    /** Where this environment's Terraform state lives. */
    state: stateSchema,
    /** Extra tags for every resource, on top of Project, Environment and ManagedBy. */
    tags: tags.optional(),
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
  if (isRecord(config.api) && (config.api.jwt === undefined) === (config.api.publicReason === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["api", "publicReason"],
      message:
        config.api.jwt === undefined
          ? "is required without jwt: say why the API's routes need no authorizer (the policy pack reports it), or configure jwt"
          : "and jwt are exclusive: with a JWT authorizer the routes are not public",
    });
  }
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
      if (typeof origin === "string" && origin.startsWith("http://")) {
        ctx.addIssue({
          code: "custom",
          path: ["api", "additionalCorsOrigins", i],
          message: "must be an https origin in a protected environment: local development origins belong in staging",
        });
      }
    });
  }
  if (config.protected === true && isRecord(config.database) && config.database.deletionProtection === false) {
    ctx.addIssue({
      code: "custom",
      path: ["database", "deletionProtection"],
      message: "must be true in a protected environment",
    });
  }
  if (config.protected === true && isRecord(config.database) && config.database.finalSnapshot === false) {
    ctx.addIssue({
      code: "custom",
      path: ["database", "finalSnapshot"],
      message: "must be true (or left out) in a protected environment",
    });
  }
  if (isRecord(config.service)) {
    for (const section of ["environment", "secrets"] as const) {
      const variables = config.service[section];
      if (!isRecord(variables)) continue;
      for (const name of Object.keys(variables)) {
        if ((DATABASE_VARIABLES as readonly string[]).includes(name)) {
          ctx.addIssue({
            code: "custom",
            path: ["service", section, name],
            message: `is set by the stack itself (${DATABASE_VARIABLES.join(", ")}); remove it`,
          });
        }
        if ((DATABASE_PASSWORD_VARIABLES as readonly string[]).includes(name)) {
          ctx.addIssue({
            code: "custom",
            path: ["service", section, name],
            message: "must not be set: the API logs in to PostgreSQL with IAM database authentication (no password), and the master secret is for the migrations only; remove it",
          });
        }
      }
    }
  }
  if (isRecord(config.service) && isRecord(config.service.secrets) && isRecord(config.service.environment)) {
    for (const name of Object.keys(config.service.environment)) {
      if (name in config.service.secrets) {
        ctx.addIssue({
          code: "custom",
          path: ["service", "environment", name],
          message: "is also in service.secrets; a variable comes from one or the other",
        });
      }
    }
  }
  if (!isRecord(config.network)) return;
  const { region } = config;
  const { availabilityZones, egress, natLayout } = config.network;
  if (Array.isArray(availabilityZones) && availabilityZones.length !== 2) {
    ctx.addIssue({
      code: "custom",
      path: ["network", "availabilityZones"],
      message: `must list exactly two availability zones (got ${availabilityZones.length})`,
    });
  }
  if (typeof region === "string" && Array.isArray(availabilityZones)) {
    // Against the region's own zones. An unknown region is reported on `region` alone: there is
    // nothing to check its zones against, and blaming each of them would hide the real mistake.
    availabilityZones.forEach((az: unknown, i) => {
      if (typeof az !== "string" || !isKnownRegion(region)) return;
      const problem = availabilityZoneProblem(region, az);
      if (problem !== undefined) ctx.addIssue({ code: "custom", path: ["network", "availabilityZones", i], message: problem });
    });
    if (availabilityZones.length === 2 && availabilityZones[0] === availabilityZones[1]) {
      ctx.addIssue({
        code: "custom",
        path: ["network", "availabilityZones"],
        message: "must name two different availability zones",
      });
    }
  }
  if (egress === "none" && natLayout !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["network", "natLayout"],
      message: 'applies only with egress "nat-instance" or "nat-gateway"; remove it or choose a NAT egress',
    });
  }
  if (egress === "none" && isRecord(config.service) && config.service.subnets === "private") {
    ctx.addIssue({
      code: "custom",
      path: ["service", "subnets"],
      message:
        'can be "private" only with a NAT egress (network.egress is "none"): tasks there could not pull images or reach AWS APIs; set network.egress to "nat-instance" or "nat-gateway", or use "public"',
    });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const bootstrapSchema = z
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
  })
  .strict();

/** An environment's config as written in `environments/<name>.ts`. */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** An environment's config once checked: what `AppStack` is built from. */
export type EnvironmentConfig = z.output<typeof environmentSchema>;
/** The bootstrap stack's config as written in `environments/bootstrap.ts`. */
export type BootstrapInput = z.input<typeof bootstrapSchema>;
/** The bootstrap stack's config once checked. */
export type BootstrapConfig = z.output<typeof bootstrapSchema>;

/**
 * Checks a whole environment config and returns it typed. Throws one {@link ConfigError}
 * listing every problem as `<path>: <reason>`.
 */
export function parseEnvironmentConfig(input: unknown): EnvironmentConfig {
  return parseWith(environmentSchema, input, `environment config${nameOf(input)}`);
}

/** Checks the bootstrap config; throws a {@link ConfigError} listing every problem. */
export function parseBootstrapConfig(input: unknown): BootstrapConfig {
  return parseWith(bootstrapSchema, input, "bootstrap config");
}

/**
 * Checks the configs together: each on its own, then that they agree (one project and account,
 * distinct environment names, every environment's state in the bootstrap's bucket, networks
 * that do not overlap).
 */
export function parseProjectConfig(input: { bootstrap: unknown; environments: readonly unknown[] }): {
  bootstrap: BootstrapConfig;
  environments: EnvironmentConfig[];
} {
  const bootstrap = parseBootstrapConfig(input.bootstrap);
  const environments = input.environments.map(parseEnvironmentConfig);
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  for (const env of environments) {
    const at = (path: string) => `environments.${env.name}.${path}`;
    if (seen.has(env.name)) issues.push({ path: at("name"), reason: "is used by two environments; names must be unique" });
    seen.add(env.name);
    if (env.name === "bootstrap") {
      issues.push({ path: at("name"), reason: 'must not be "bootstrap": that is the state stack\'s name' });
    }
    if (env.project !== bootstrap.project) {
      issues.push({ path: at("project"), reason: `must match the bootstrap config's project "${bootstrap.project}"` });
    }
    if (env.state.bucket !== bootstrap.stateBucket) {
      issues.push({
        path: at("state.bucket"),
        reason: `must be the bucket the bootstrap stack creates ("${bootstrap.stateBucket}"), or no stack creates it`,
      });
    }
    if (env.state.region !== bootstrap.region) {
      issues.push({ path: at("state.region"), reason: `must be the bootstrap config's region "${bootstrap.region}"` });
    }
    if (env.accountId !== bootstrap.accountId) {
      issues.push({
        path: at("accountId"),
        reason: `must be the bootstrap account "${bootstrap.accountId}": the state bucket grants no other account access`,
      });
    }
  }
  for (const a of environments) {
    // The deploy role of "staging" manages names "<project>-staging-*": "staging-eu" would fall under it.
    const under = environments.find((b) => b !== a && a.name.startsWith(`${b.name}-`));
    if (under !== undefined) {
      issues.push({
        path: `environments.${a.name}.name`,
        reason: `must not start with the environment name "${under.name}" and a hyphen: its resources would fall under ${under.name}'s name prefix, which ${under.name}'s deploy role manages`,
      });
    }
  }
  if (bootstrap.stateAccessLogBucket === bootstrap.stateBucket) {
    issues.push({ path: "bootstrap.stateAccessLogBucket", reason: "must differ from stateBucket: a bucket logging into itself logs its own log writes forever" });
  }
  for (const [i, a] of environments.entries()) {
    for (const b of environments.slice(i + 1)) {
      if (cidrsOverlap(a.network.cidr, b.network.cidr)) {
        issues.push({
          path: `environments.${b.name}.network.cidr`,
          reason: `overlaps ${a.name}'s ${a.network.cidr}; give each environment its own range so their networks can be joined later`,
        });
      }
    }
  }
  if (issues.length > 0) throw new ConfigError("project config", issues);
  return { bootstrap, environments };
}

function parseWith<T extends z.ZodType>(schema: T, input: unknown, configName: string): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    configName,
    result.error.issues.flatMap((issue): ConfigIssue[] =>
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => ({
            path: formatPath([...issue.path, key]),
            reason: "is not a known setting; remove it or check its spelling",
          }))
        : [{ path: formatPath(issue.path), reason: issue.message }],
    ),
  );
}

function nameOf(input: unknown): string {
  if (typeof input === "object" && input !== null && "name" in input && typeof input.name === "string") {
    return ` "${input.name}"`;
  }
  return "";
}

/** `["network", "availabilityZones", 1]` becomes `network.availabilityZones[1]`. */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(config)";
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`))
    .join("");
}
