import { createHash } from "node:crypto";
import { PREVIEW_PREFIX } from "../modules/_internal/environment-scope";
import { tagValueOf } from "../modules/shared/tags";
import type { EnvironmentInput } from "./config";

// Preview environments: a short-lived copy of an environment (staging, usually) for one pull
// request or one developer, named from the branch, the pull request's number or `dev-<name>`.
// Every preview's name starts with `pv-` (PREVIEW_PREFIX), so one pattern names all of them in
// IAM (`<project>-pv-*`, `Environment=pv-*`, state under `<project>/pv-*`) and nothing else.

export { PREVIEW_PREFIX };

/** The tag that marks a preview's resources, with the branch, pull request or developer it is for. */
export const PREVIEW_TAG = "Preview";
/** The tag that holds the day after which a preview may be destroyed (`YYYY-MM-DD`). */
export const PREVIEW_EXPIRES_TAG = "PreviewExpires";

/** Environment names are at most 20 characters (they prefix resource names). */
const MAX_ENVIRONMENT_NAME = 20;
/** `<project>-<environment>` prefixes every resource name; the longest AWS names (ALBs, target groups: 32) need it short. */
const MAX_NAME_PREFIX = 32;
/** Hex digits of the source's hash kept when the name had to be cleaned or shortened. */
const HASH_DIGITS = 4;
/** Days a preview lives unless its workflow pushes the expiry on (each push does). */
export const DEFAULT_PREVIEW_DAYS = 7;
/** The longest a preview may be given before it must be renewed. */
export const MAX_PREVIEW_DAYS = 30;

/** What a preview was asked for: its source, the environment it copies and, optionally, when it expires. */
export interface PreviewRequest {
  /** The environment it copies. @default "staging" */
  readonly of?: string;
  /**
   * The branch (`feature/Add_Login`), the pull request's number (`123`, `#123`, `pr-123`) or a
   * developer's own preview (`dev-alice`).
   */
  readonly source: string;
  /** The last day it may live, `YYYY-MM-DD`. @default - {@link DEFAULT_PREVIEW_DAYS} days after `today` */
  readonly expires?: string;
  /** Today, for the default expiry and the expiry's bounds. @default - the current date (UTC) */
  readonly today?: Date;
}

/** A preview's problem, naming the option or variable that holds it (a user error: `runCommand` prints it alone). */
export class PreviewError extends Error {
  constructor(readonly option: string, reason: string) {
    super(`${option} ${reason}`);
    this.name = "PreviewError";
  }
}

function hashOf(source: string): string {
  return createHash("sha256").update(source, "utf8").digest("hex").slice(0, HASH_DIGITS);
}

/** Lowercase letters and digits, runs of anything else turned into one hyphen, none at either end. */
function cleaned(source: string): string {
  return source
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** `123`, `#123`, `pr-123`, `PR 123`, `pull/123/merge` (GitHub's merge ref): a pull request's number. */
function pullRequestNumber(source: string): string | undefined {
  const match = /^(?:#|pr[-_ ]?|pull\/)?(\d{1,7})(?:\/(?:merge|head))?$/i.exec(source.trim());
  return match?.[1];
}

/**
 * The preview's part of the environment name (`pr-123`, `dev-alice`, `feature-add-login`): a
 * pull request's number as `pr-<n>`, anything else cleaned to lowercase letters, digits and single
 * hyphens. When cleaning changed the source or it had to be shortened to `maxLength`, a few hex
 * digits of the source's SHA-256 end it, so two sources that clean to the same text
 * (`feature/x`, `feature_x`) never share a preview; a source already clean and short keeps its
 * own name (it is then the only source with that name).
 */
export function previewSlug(source: string, maxLength: number): string {
  if (maxLength < HASH_DIGITS + 2) throw new PreviewError("--preview", `leaves no room for a name (${maxLength} characters): shorten the project's name`);
  const number = pullRequestNumber(source);
  if (number !== undefined) {
    const slug = `pr-${number}`;
    if (slug.length > maxLength) throw new PreviewError("--preview", `"${source}": pr-${number} is longer than the ${maxLength} characters the project's name leaves`);
    return slug;
  }
  const clean = cleaned(source);
  if (clean === "") throw new PreviewError("--preview", `"${source}" has no letter or digit to name a preview after: give a branch name, a pull request number or dev-<name>`);
  if (clean === source && clean.length <= maxLength) return clean;
  const room = maxLength - HASH_DIGITS - 1;
  const head = clean.slice(0, room).replace(/-+$/, "");
  return head === "" ? hashOf(source) : `${head}-${hashOf(source)}`;
}

/** The longest slug a project's previews may have: within the environment name's 20 characters and the 32 of `<project>-<environment>`. */
export function maxSlugLength(project: string): number {
  const prefix = `${PREVIEW_PREFIX}-`;
  return Math.min(MAX_ENVIRONMENT_NAME - prefix.length, MAX_NAME_PREFIX - project.length - 1 - prefix.length);
}

/**
 * The environment name of a project's preview: `pv-<slug>`. A preview's own name (`pv-pr-42`,
 * as its `preview` output holds it) names that preview again, so the clean-up can rebuild a
 * preview from its state whatever its source was.
 */
export function previewEnvironmentName(project: string, source: string): string {
  const max = maxSlugLength(project);
  if (isPreviewName(source) && cleaned(source) === source && source.length - PREVIEW_PREFIX.length - 1 <= max) return source;
  return `${PREVIEW_PREFIX}-${previewSlug(source, max)}`;
}

/** Whether an environment name is a preview's (`pv-...`). */
export function isPreviewName(name: string): boolean {
  return name.startsWith(`${PREVIEW_PREFIX}-`);
}

const DAY_MS = 24 * 60 * 60 * 1000;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The preview's expiry: the one asked for (checked), or {@link DEFAULT_PREVIEW_DAYS} after today. */
export function previewExpiry(request: Pick<PreviewRequest, "expires" | "today">): string {
  const today = new Date(isoDay(request.today ?? new Date()));
  if (request.expires === undefined) return isoDay(new Date(today.getTime() + DEFAULT_PREVIEW_DAYS * DAY_MS));
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(request.expires) ? new Date(request.expires) : new Date(Number.NaN);
  if (Number.isNaN(parsed.getTime()) || isoDay(parsed) !== request.expires) {
    throw new PreviewError("--expires", `must be a date, YYYY-MM-DD; got "${request.expires}"`);
  }
  const days = (parsed.getTime() - today.getTime()) / DAY_MS;
  if (days < 0) throw new PreviewError("--expires", `${request.expires} has passed (today is ${isoDay(today)}): give a later day`);
  if (days > MAX_PREVIEW_DAYS) throw new PreviewError("--expires", `${request.expires} is more than ${MAX_PREVIEW_DAYS} days away: a forgotten preview must expire; give an earlier day (each push renews it)`);
  return request.expires;
}

/** The cheapest database a preview runs: one small instance, a day of backups, nothing kept on destroy. */
const PREVIEW_DATABASE = { instanceClass: "db.t4g.micro", multiAz: false, backupRetentionDays: 1, deletionProtection: false, finalSnapshot: false } as const;
/**
 * What a preview is expected to handle in a month, for its cost estimate: the reviewers of one
 * pull request (a few users, thousands of requests), whatever its base expects.
 */
export const PREVIEW_USAGE = {
  apiRequestsPerMonth: 10_000,
  siteRequestsPerMonth: 10_000,
  siteDataOutGiBPerMonth: 1,
  apiDataOutGiBPerMonth: 1,
  natDataGiBPerMonth: 1,
  logIngestGiBPerMonth: 0.5,
  mediaStorageGiB: 1,
  imageStorageGiB: 1,
  monthlyActiveUsers: 10,
  signUpsPerMonth: 10,
  dynamodbReadsPerMonth: 100_000,
  dynamodbWritesPerMonth: 10_000,
  dynamodbStorageGiB: 1,
  uploadsPerMonth: 100,
  uploadStorageGiB: 1,
  deliveryRunsPerMonth: 0,
  buildMinutesPerMonth: 0,
} as const;

/** Days a preview's logs are kept. */
export const PREVIEW_LOG_RETENTION_DAYS = 3;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A preview's config, from the environment it copies: the same system at its cheapest and with
 * nothing to protect. It shares nothing with the base but the account, the region and the state
 * bucket (under its own key); it creates everything else for itself:
 * - named `pv-<slug>`, unprotected (no deletion protection, no `prevent_destroy`, buckets
 *   emptied on destroy), logs kept {@link PREVIEW_LOG_RETENTION_DAYS} days;
 * - no NAT gateway (a NAT instance where the base has NAT), one NAT device, no flow logs, no
 *   interface endpoints; the smallest single-AZ database, one day of backups, no final snapshot;
 *   one task (on Spot where the base allows it); no reserved concurrency;
 * - in its base's existing zone (`domain.hostedZoneId`), host names of its own
 *   (`api.<zone>` becomes `api-<preview>.<zone>`, in URLs and variables too) with their own
 *   certificates and records; without one, no custom domain (the API's and CloudFront's own
 *   names; sign-in returns to the development origins only); no delivery pipeline or migrations pipeline (the preview workflow deploys it), no alarm
 *   emails (its budget's alert goes to the base's alarm addresses);
 * - tagged {@link PREVIEW_TAG} (the source, with the characters tags refuse, such as `#`, as `-`)
 *   and {@link PREVIEW_EXPIRES_TAG}.
 */
export function previewConfig(base: EnvironmentInput, request: PreviewRequest): EnvironmentInput {
  if (base.protected) {
    throw new PreviewError("--of", `"${base.name}" is protected: previews copy an unprotected environment (staging), never production's settings or data`);
  }
  if (isPreviewName(base.name)) throw new PreviewError("--of", `"${base.name}" is a preview already: preview staging instead`);
  const name = previewEnvironmentName(base.project, request.source);
  const expires = previewExpiry(request);
  const config: Mutable<EnvironmentInput> = {
    ...base,
    name,
    protected: false,
    logRetentionDays: PREVIEW_LOG_RETENTION_DAYS,
    tags: { ...base.tags, [PREVIEW_TAG]: tagValueOf(request.source), [PREVIEW_EXPIRES_TAG]: expires },
    network: {
      ...base.network,
      egress: base.network.egress === "none" ? "none" : "nat-instance",
      natLayout: base.network.egress === "none" ? undefined : "single",
      flowLogs: "off",
      interfaceEndpoints: undefined,
    },
    service: previewService(base.service, name),
    delivery: undefined,
    migrations: undefined,
    monitoring: { ...base.monitoring, alarmEmails: undefined },
    preview: { ...base.preview, alertEmails: base.preview?.alertEmails ?? base.monitoring?.alarmEmails },
    usage: { ...base.usage, ...PREVIEW_USAGE },
  };
  if (base.database !== undefined) config.database = { ...base.database, ...PREVIEW_DATABASE, allocatedStorageGiB: undefined, maxAllocatedStorageGiB: undefined };
  if (base.site !== undefined) config.site = { ...base.site, accessLogging: false };
  // Cognito's hosted-page prefixes are unique per region: the preview takes its own.
  if (base.auth?.domainPrefix !== undefined) config.auth = { ...base.auth, domainPrefix: `${base.project}-${name}-signin` };
  const zone = base.domain?.hostedZoneId === undefined ? undefined : base.domain.name;
  if (zone === undefined) {
    withoutHostNames(config, base);
    return config;
  }
  // In the base's existing zone, under names of its own: `api.<zone>` becomes `api-<preview>.<zone>`.
  return renameHosts(config, hostNamesOf(base), (host) => previewHost(host, zone, name));
}

/** A preview's name for a host of its base's zone: its first label with the preview's name after it. */
export function previewHost(host: string, zone: string, preview: string): string {
  if (host === zone) return `${preview}.${zone}`;
  const [label, ...rest] = host.split(".");
  return [`${label}-${preview}`, ...rest].join(".");
}

/** The host names a config gives its front doors. */
function hostNamesOf(config: EnvironmentInput): string[] {
  return [
    config.api?.domainName,
    config.loadBalancer?.domainName,
    ...(config.site?.domainNames ?? []),
    config.uploads?.assetsDomainName,
    config.auth?.domainName,
  ].filter((host): host is string => host !== undefined);
}

/** Every occurrence of each host (as a whole name) in the config's strings renamed: URLs, CORS origins, variables. */
function renameHosts(config: EnvironmentInput, hosts: readonly string[], rename: (host: string) => string): EnvironmentInput {
  const patterns = hosts.map((host) => [new RegExp(`(?<![\\w.-])${host.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w.-])`, "g"), rename(host)] as const);
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return patterns.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), value);
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value === "object" && value !== null && !(value instanceof Date)) return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, key === "tags" || key === "domain" ? v : walk(v)]));
    return value;
  };
  return walk(config) as EnvironmentInput;
}

/** Without a zone of its base to share: the API's and CloudFront's own names, sign-in back to development origins only. */
function withoutHostNames(config: Mutable<EnvironmentInput>, base: EnvironmentInput): void {
  config.domain = undefined;
  if (base.api !== undefined) config.api = { ...base.api, domainName: undefined, certificateArn: undefined };
  if (base.loadBalancer !== undefined) config.loadBalancer = { ...base.loadBalancer, domainName: undefined, certificateArn: undefined };
  if (base.site !== undefined) config.site = { ...config.site, domainNames: undefined, aliases: undefined, certificateArn: undefined };
  if (base.uploads !== undefined) config.uploads = { ...base.uploads, assetsDomainName: undefined };
  if (base.auth !== undefined) {
    config.auth = {
      ...base.auth,
      domainName: undefined,
      // Cognito's hosted-page prefixes are unique per region: the preview takes its own.
      domainPrefix: `${base.project}-${config.name}-signin`,
      // Sign-in comes back to the development origins only: the preview's CloudFront name is known after apply.
      callbackUrls: localOnly(base.auth.callbackUrls),
      logoutUrls: localOnly(base.auth.logoutUrls),
    };
  }
}

/** The development (localhost) URLs of a list, or a placeholder one when it has none. */
function localOnly(urls: readonly string[]): string[] {
  const local = urls.filter((url) => /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(url));
  return local.length > 0 ? local : ["http://localhost:3000/"];
}

function previewService(service: EnvironmentInput["service"], name: string): EnvironmentInput["service"] {
  if (service.kind === "container") {
    const spot = service.spotWeight > 0 || service.onDemandWeight === 0;
    return {
      ...service,
      // ECR allows 30 characters in a cache rule's prefix: `<project>-pv-<slug>-hub` may not fit.
      ...(service.pullThroughCache === undefined ? {} : { pullThroughCache: { ...service.pullThroughCache, repositoryPrefix: `${name}-hub` } }),
      cpuUnits: 256,
      memoryMiB: 512,
      minTasks: 1,
      maxTasks: 1,
      desiredCount: undefined,
      onDemandBase: undefined,
      onDemandWeight: spot ? 0 : 1,
      spotWeight: spot ? 1 : 0,
      containerInsights: false,
    };
  }
  if (service.kind === "functions") {
    return {
      ...service,
      functions: Object.fromEntries(Object.entries(service.functions).map(([name, fn]) => [name, { ...fn, reservedConcurrency: undefined }])),
    };
  }
  return service;
}

/** The environment variables `cdktf deploy` (which runs the app without arguments) takes a preview from. */
export const PREVIEW_VARIABLES = { source: "PREVIEW", of: "PREVIEW_OF", expires: "PREVIEW_EXPIRES" } as const;

/**
 * The preview a command line asks for: `--preview <source>` with `--of <environment>` and
 * `--expires <YYYY-MM-DD>`, or the same from {@link PREVIEW_VARIABLES} (the options win).
 * Undefined when neither names a preview. Other arguments are refused.
 */
export function previewRequestFrom(args: readonly string[], env: NodeJS.ProcessEnv = {}): PreviewRequest | undefined {
  const values: { source?: string; of?: string; expires?: string } = {
    source: env[PREVIEW_VARIABLES.source] || undefined,
    of: env[PREVIEW_VARIABLES.of] || undefined,
    expires: env[PREVIEW_VARIABLES.expires] || undefined,
  };
  const options = { "--preview": "source", "--of": "of", "--expires": "expires" } as const;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const key = (options as Record<string, "source" | "of" | "expires" | undefined>)[flag];
    if (key === undefined) throw new PreviewError(arg, "is not an option of synth: use --preview <branch, pull request or dev-<name>>, --of <environment>, --expires <YYYY-MM-DD>");
    const value = inline ?? args[++i];
    if (value === undefined || value === "") throw new PreviewError(flag, "needs a value");
    values[key] = value;
  }
  if (values.source === undefined) {
    if (values.of !== undefined || values.expires !== undefined) throw new PreviewError("--preview", "is required with --of and --expires (or PREVIEW with PREVIEW_OF and PREVIEW_EXPIRES)");
    return undefined;
  }
  return { source: values.source, of: values.of, expires: values.expires };
}
