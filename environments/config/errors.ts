import type { z } from "zod";

/** One problem in a config: the key the user edits (`network.cidr`, `api.jwt.issuer`) and why. */
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

/** `["network", "availabilityZones", 1]` becomes `network.availabilityZones[1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(config)";
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`))
    .join("");
}

/** A schema's issues as config issues: unknown keys one each, named so the user can remove them. */
export function issuesOf(error: z.ZodError): ConfigIssue[] {
  return error.issues.flatMap((issue): ConfigIssue[] =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          path: formatPath([...issue.path, key]),
          reason: "is not a known setting; remove it or check its spelling",
        }))
      : [{ path: formatPath(issue.path), reason: issue.message }],
  );
}

/** The issues without repeats: several modules may refuse the same setting (the log retention) for the same reason. */
export function distinctIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
