/**
 * The monthly cost of a synthesized stack: every resource priced from `prices.json` and the
 * environment's usage assumptions (`config.usage`), declared free with the reason, or reported
 * as "not priced" (never a silent zero). Pure: it reads the JSON it is given and nothing else.
 *
 * Assumptions that hold for every line:
 * - A month is {@link HOURS_PER_MONTH} hours (the figure AWS's own calculator uses); everything
 *   provisioned runs all month.
 * - List prices, on demand, in USD, before taxes, free tiers and discounts. Free tiers are per
 *   account and shared by every environment in it, so none is applied.
 * - Usage in GiB is billed as GB: AWS meters GB, and the difference (7%) is below the accuracy
 *   of the usage figures.
 * - Quantities come from the synthesized JSON (instance class, Multi-AZ, storage, task size and
 *   count, capacity provider weights, public IPs, NAT devices, endpoints, alarms, ...); traffic,
 *   storage and build minutes come from the environment's `usage` settings; which bucket holds
 *   what comes from the purpose its module marked it with.
 * - The fixed figures the JSON cannot give are in {@link ASSUMPTIONS}, each documented.
 *
 * The parts: the price rules per service family in `services/`, the lines they make in
 * `context.ts`, the comparison in `default-architecture.ts`, the controls in `controls/`.
 */
import { resourcesOfType, resourceTypesOf } from "../../inspect";
import { address, Context, Line, sortLines, strip } from "./context";
import { defaultArchitecture } from "./default-architecture";
import { FREE_RESOURCE_TYPES } from "./free";
import { DEFAULT_PRICES } from "./prices";
import { CONDITIONAL_RULES, GROUPED_TYPES, groupLines, RULES } from "./services";
import type { ResourceLookup } from "./services/functions";
import type { CostEstimate, PriceData, SynthesizedStack, Usage } from "./types";

export { ASSUMPTIONS, CONTROL_ASSUMPTIONS, HOURS_PER_MONTH } from "./assumptions";
export { estimateControls } from "./controls";
export { FREE_RESOURCE_TYPES } from "./free";
export { formatMoney, formatQuantity, formatUnitPrice } from "./format";
export { DEFAULT_PRICES, parsePriceData } from "./prices";
export type {
  ControlLine,
  ControlsEstimate,
  ControlsOptions,
  ControlStatus,
  CostEstimate,
  CostLine,
  DefaultArchitectureEstimate,
  LineStatus,
  PriceData,
  PriceEntry,
  SynthesizedStack,
  TerraformResource,
  Usage,
} from "./types";

/**
 * Estimates the monthly cost of one synthesized stack in `region` with the environment's usage.
 * Every resource type is priced by a rule, declared free ({@link FREE_RESOURCE_TYPES}), or reported
 * as "not priced"; the total is the sum of the priced lines.
 */
export function estimateCost(stack: SynthesizedStack, usage: Usage, region: string, prices: PriceData = DEFAULT_PRICES): CostEstimate {
  const ctx = new Context(stack, usage, region, prices);
  const lines: Line[] = [];
  const freeCounts = new Map<string, number>();
  for (const type of ctx.types()) {
    if (GROUPED_TYPES.includes(type)) continue;
    const rule = RULES[type];
    const conditional = CONDITIONAL_RULES[type];
    for (const [name, resource] of ctx.of(type)) {
      if (rule !== undefined) lines.push(...rule(ctx, name, resource));
      else if (FREE_RESOURCE_TYPES[type] !== undefined) freeCounts.set(type, (freeCounts.get(type) ?? 0) + 1);
      else if (conditional !== undefined && conditional.covers(ctx, name)) lines.push(...conditional.lines(ctx, name, resource));
      else lines.push(ctx.notPriced(address(type, name), type, `${type}: no price rule and not declared free`));
    }
  }
  lines.push(...groupLines(ctx));
  for (const [type, count] of freeCounts) lines.push(ctx.free(`${count} × ${type}`, type, `free: ${FREE_RESOURCE_TYPES[type]}`));
  const total = lines.filter((l) => l.status === "priced").reduce((sum, l) => sum + l.monthly, 0);
  const comparison = defaultArchitecture(ctx, lines, total);
  return { region, lines: sortLines(lines).map(strip), total, pricesRead: ctx.pricesRead(), defaultArchitecture: comparison };
}

/**
 * Whether every resource type of a stack is priced by a rule or declared free (the types that are
 * neither). A type priced only where the stack says what a resource is for (`CONDITIONAL_RULES`: a
 * function's failure queue) counts as priced when it has resources and its rule prices each one.
 */
export function unpricedResourceTypes(stack: SynthesizedStack): string[] {
  const lookup: ResourceLookup = { of: (type) => resourcesOfType(stack, type).map((r) => [r.name, r.values]) };
  const covered = (type: string): boolean => {
    const conditional = CONDITIONAL_RULES[type];
    const names = resourcesOfType(stack, type).map((r) => r.name);
    return conditional !== undefined && names.length > 0 && names.every((name) => conditional.covers(lookup, name));
  };
  return resourceTypesOf(stack).filter((type) => RULES[type] === undefined && FREE_RESOURCE_TYPES[type] === undefined && !GROUPED_TYPES.includes(type) && !covered(type));
}

/** Resource types priced by a rule (those of `CONDITIONAL_RULES` where the stack says what a resource is for). */
export const PRICED_RESOURCE_TYPES: readonly string[] = [...Object.keys(RULES), ...GROUPED_TYPES, ...Object.keys(CONDITIONAL_RULES)].sort();
