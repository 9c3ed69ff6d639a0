import { describeValue, PropProblem } from "../../modules/shared/errors";
import type { ConfigIssue } from "../config/errors";

/**
 * Where each of a module's props comes from in the config: a config key (`network.cidr`), or
 * `null` for a prop the stack derives from settings the config checks itself (the name prefix,
 * the region, the account), whose problems the config already reports in its own words.
 */
export type PropSources = Readonly<Record<string, PropSource>>;

/**
 * A config key; `null` for a derived prop; or, where the prop is built from the config in
 * another shape (a list the stack prefixes with its own entries), a function from the rest of
 * the prop's path (`[2]`) to the config key, or `null` where the entry is the stack's own.
 */
export type PropSource = string | null | ((rest: string) => string | null);

/**
 * A module's prop problems as config issues, each under the config key the user edits: the
 * prop's source, with the rest of the prop's path kept (`availabilityZones[1]` from
 * `network.availabilityZones` becomes `network.availabilityZones[1]`). A prop with no source is
 * the stack's own doing: it is reported under the feature's section, naming the module.
 */
export function configIssues(moduleType: string, section: string, sources: PropSources, problems: readonly PropProblem[]): ConfigIssue[] {
  return problems.flatMap((problem): ConfigIssue[] => {
    const root = /^[A-Za-z0-9]+/.exec(problem.prop)?.[0] ?? problem.prop;
    const rest = problem.prop.slice(root.length);
    const entry = sources[root];
    const source = typeof entry === "function" ? entry(rest) : entry;
    if (source === null) return [];
    const reason = `${problem.expected}; got ${describeValue(problem.given)}`;
    if (source === undefined) return [{ path: section, reason: `${moduleType} ${problem.prop} ${reason} (set by the stack from this section)` }];
    return [{ path: typeof entry === "function" ? source : `${source}${rest}`, reason }];
  });
}
