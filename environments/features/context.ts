import { Lazy, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/schema";

/**
 * What every feature of an environment is given once: where to build, the resource-name
 * prefix and the environment's settings that every module shares.
 */
export interface EnvironmentSettings {
  readonly project: string;
  /** The environment's name (`staging`). */
  readonly environment: string;
  /** `<project>-<environment>`: the first part of every resource name. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** Data stores survive a mistaken destroy (deletion protection, `prevent_destroy`, final snapshots). */
  readonly protected: boolean;
  /** Retention of every log group, in days. */
  readonly logRetentionDays: number;
  /** Extra tags (the provider's default tags carry them). */
  readonly tags: Readonly<Record<string, string>>;
}

/** The settings, and the stack the features build in. */
export interface EnvironmentContext extends EnvironmentSettings {
  /** The environment's stack: features put their modules directly in it (their ids are Terraform addresses). */
  readonly scope: Construct;
}

/** The settings of an environment, from its checked config. */
export function settingsOf(config: Pick<EnvironmentConfig, "project" | "name" | "accountId" | "region" | "protected" | "logRetentionDays" | "tags">): EnvironmentSettings {
  return {
    project: config.project,
    environment: config.name,
    namePrefix: `${config.project}-${config.name}`,
    accountId: config.accountId,
    region: config.region,
    protected: config.protected,
    logRetentionDays: config.logRetentionDays,
    tags: config.tags ?? {},
  };
}

/** The context of an environment: its settings and its stack. */
export function contextOf(scope: Construct, config: Parameters<typeof settingsOf>[0]): EnvironmentContext {
  return { ...settingsOf(config), scope };
}

/** An output of the environment's stack, declared by the feature that owns the value. */
export function output(context: EnvironmentContext, name: string, value: unknown, description: string): TerraformOutput {
  return new TerraformOutput(context.scope, name, { value, description });
}

/**
 * A value known only once its module exists, for checking a feature's module props before
 * anything is built: module checks skip unresolved values, as they skip apply-time ones.
 */
export const unresolved = {
  string: (): string => Lazy.stringValue({ produce: () => "" }),
  list: (): string[] => Lazy.listValue({ produce: () => [] }),
};
