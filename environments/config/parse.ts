import { z } from "zod";
import { cidrsOverlap } from "../../modules/shared/cidr";
import { checkEnvironmentModules, CheckedSections, settingsOf } from "../features";
import { ConfigError, ConfigIssue, distinctIssues, issuesOf } from "./errors";
import { BootstrapConfig, bootstrapSchema, contextSchema, EnvironmentConfig, environmentSchema, sectionSchemas } from "./schema";
import { PREVIEW_PREFIX } from "../../modules/_internal/environment-scope";

/**
 * Every problem with one environment config: its shape and the environment's own rules (the
 * schema), then every module's checks on the props the features would give it, each under the
 * config key to edit. Sections that hold are checked by their modules even when others do not,
 * so one run reports everything.
 */
export function environmentIssues(input: unknown): { config?: EnvironmentConfig; issues: ConfigIssue[] } {
  const parsed = environmentSchema.safeParse(input);
  const issues = parsed.success ? [] : issuesOf(parsed.error);
  const raw = isRecord(input) ? input : {};
  const context = contextFor(raw);
  if (context !== undefined) {
    const sections: CheckedSections = parsed.success ? parsed.data : parseSections(raw);
    const present = new Set(Object.keys(raw).filter((key) => raw[key] !== undefined));
    issues.push(...checkEnvironmentModules(settingsOf(context), sections, present));
  }
  return { config: parsed.success && issues.length === 0 ? parsed.data : undefined, issues: distinctIssues(issues) };
}

/**
 * Stand-ins for context fields the config got wrong, so the modules are still checked: the
 * props made from these are the stack's own (no module problem is reported on them), and the
 * config has reported the field itself.
 */
const CONTEXT_STAND_INS = { project: "project", name: "env", accountId: "000000000000", protected: false, logRetentionDays: 30, tags: {} } as const;

/**
 * The context the modules are checked with: the config's own fields where they hold, stand-ins
 * where not. Undefined when the region does not hold: the zones, endpoints and partitions the
 * modules check depend on it, and checking them against another region would blame values
 * that may be right.
 */
function contextFor(raw: Record<string, unknown>): z.output<typeof contextSchema> | undefined {
  const whole = contextSchema.safeParse(raw);
  if (whole.success) return whole.data;
  const region = contextSchema.shape.region.safeParse(raw.region);
  if (!region.success) return undefined;
  const field = <K extends keyof typeof CONTEXT_STAND_INS>(key: K) => {
    const result = contextSchema.shape[key].safeParse(raw[key]);
    return result.success && result.data !== undefined ? result.data : CONTEXT_STAND_INS[key];
  };
  return {
    project: field("project") as string,
    name: field("name") as string,
    accountId: field("accountId") as string,
    region: region.data,
    protected: field("protected") as boolean,
    logRetentionDays: field("logRetentionDays") as number,
    tags: field("tags") as Record<string, string>,
  };
}

/** Each section that parses alone. */
function parseSections(raw: Record<string, unknown>): CheckedSections {
  const sections: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(sectionSchemas)) {
    const result = (schema as z.ZodType).safeParse(raw[key]);
    if (result.success && result.data !== undefined) sections[key] = result.data;
  }
  return sections as CheckedSections;
}

/**
 * Checks a whole environment config and returns it typed. Throws one {@link ConfigError}
 * listing every problem as `<path>: <reason>`.
 */
export function parseEnvironmentConfig(input: unknown): EnvironmentConfig {
  const { config, issues } = environmentIssues(input);
  if (config === undefined) throw new ConfigError(`environment config${nameOf(input)}`, issues);
  return config;
}

/** Checks the bootstrap config; throws a {@link ConfigError} listing every problem. */
export function parseBootstrapConfig(input: unknown): BootstrapConfig {
  const result = bootstrapSchema.safeParse(input);
  if (!result.success) throw new ConfigError("bootstrap config", issuesOf(result.error));
  return result.data;
}

/**
 * Checks the configs together: each on its own (every environment's problems, all in one
 * error), then that they agree (one project and account, distinct environment names, every
 * environment's state in the bootstrap's bucket, networks that do not overlap).
 */
export function parseProjectConfig(input: { bootstrap: unknown; environments: readonly unknown[] }): {
  bootstrap: BootstrapConfig;
  environments: EnvironmentConfig[];
} {
  const issues: ConfigIssue[] = [];
  const bootstrapResult = bootstrapSchema.safeParse(input.bootstrap);
  if (!bootstrapResult.success) issues.push(...issuesOf(bootstrapResult.error).map((i) => ({ path: `bootstrap.${i.path}`, reason: i.reason })));
  const environments: EnvironmentConfig[] = [];
  input.environments.forEach((raw, index) => {
    const { config, issues: own } = environmentIssues(raw);
    const label = isRecord(raw) && typeof raw.name === "string" ? raw.name : `[${index}]`;
    issues.push(...own.map((i) => ({ path: `environments.${label}.${i.path}`, reason: i.reason })));
    if (config !== undefined) environments.push(config);
  });
  if (issues.length > 0) throw new ConfigError("project config", issues);
  const bootstrap = bootstrapResult.data!;

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
  if (bootstrap.applicationDelivery !== undefined) issues.push(...applicationDeliveryIssues(bootstrap.applicationDelivery, environments));
  if (bootstrap.stateAccessLogBucket === bootstrap.stateBucket) {
    issues.push({ path: "bootstrap.stateAccessLogBucket", reason: "must differ from stateBucket: a bucket logging into itself logs its own log writes forever" });
  }
  for (const env of environments) {
    // Every preview's names, tags and state fall under `pv-*`, which the preview role manages.
    const previewNamed = env.name === PREVIEW_PREFIX || env.name.startsWith(`${PREVIEW_PREFIX}-`);
    if (previewNamed && env.tags?.Preview === undefined) {
      issues.push({
        path: `environments.${env.name}.name`,
        reason: `must not be "${PREVIEW_PREFIX}" or start with "${PREVIEW_PREFIX}-": those names are the previews' (npm run synth -- --preview <branch>), which the preview role may change and destroy`,
      });
    }
  }
  // A preview's network is never joined to another: it may take its environment's range.
  const joinable = environments.filter((env) => !env.name.startsWith(`${PREVIEW_PREFIX}-`));
  for (const [i, a] of joinable.entries()) {
    for (const b of joinable.slice(i + 1)) {
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

/**
 * The application's CI (templates/app-ci.yml) with the roles the bootstrap stack makes for it:
 * each container environment has the one-off task the delivery migrates with, and its images
 * are where the roles let CI push them (ECR, or Docker Hub through the cache).
 */
function applicationDeliveryIssues(delivery: NonNullable<BootstrapConfig["applicationDelivery"]>, environments: readonly EnvironmentConfig[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const pushesToEcr = delivery.pushImagesToEcr ?? true;
  for (const env of environments) {
    if (env.service.kind !== "container") continue;
    const at = (path: string) => `environments.${env.name}.${path}`;
    if (env.service.oneOffTasks !== true) {
      issues.push({ path: at("service.oneOffTasks"), reason: "must be true with the bootstrap's applicationDelivery: the application's CI migrates with the one-off task definition" });
    }
    const cached = env.service.pullThroughCache !== undefined;
    if (pushesToEcr && cached) {
      issues.push({
        path: "bootstrap.applicationDelivery.pushImagesToEcr",
        reason: `must be false: ${env.name}'s images come from Docker Hub through the cache (service.pullThroughCache), so the application's roles need no ECR push`,
      });
    } else if (!pushesToEcr && !cached && env.service.imageUri === undefined) {
      issues.push({
        path: "bootstrap.applicationDelivery.pushImagesToEcr",
        reason: `must be true (or left out): ${env.name}'s images are in its own ECR repository (service.imageTag), where the application's CI pushes them`,
      });
    }
  }
  return issues;
}

function nameOf(input: unknown): string {
  return isRecord(input) && typeof input.name === "string" ? ` "${input.name}"` : "";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
