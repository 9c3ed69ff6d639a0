import { block, blocks } from "../../json";
import type { PolicySubject } from "../../types";

/** One cache behavior of a distribution, with a label for messages. */
export interface CacheBehavior {
  /** `default_cache_behavior`, or `ordered_cache_behavior "/media/*"`. */
  readonly label: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/** The default cache behavior (empty when missing) and every ordered one. */
export function cacheBehaviors(distribution: PolicySubject): readonly CacheBehavior[] {
  return [
    { label: "default_cache_behavior", values: block(distribution.values.default_cache_behavior) ?? {} },
    ...blocks(distribution.values.ordered_cache_behavior).map((values, i) => ({
      label: `ordered_cache_behavior ${JSON.stringify(values.path_pattern ?? i)}`,
      values,
    })),
  ];
}
