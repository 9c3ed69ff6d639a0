/**
 * What every price rule works with: the stack's resources (read through the inspection layer),
 * the usage settings, the region's prices, and how a line is made from priced components.
 */
import { InspectedResource, resourcesOf } from "../../inspect";
import { formatQuantity, formatUnitPrice } from "./format";
import type { CostLine, LineStatus, PriceData, PriceEntry, SynthesizedStack, TerraformResource, Usage } from "./types";

/** What a line prices: `quantity` units of the price `key`. */
export interface Component {
  readonly key: string;
  readonly quantity: number;
  /** The quantity's unit as shown: "h", "GB processed", "GB-month". */
  readonly what: string;
}

/** A line as the rules make it: also whether the default architecture replaces it. */
export interface Line extends CostLine {
  /** Replaced on the default architecture (API entry, service discovery, task IPs, NAT). */
  readonly replaced: boolean;
}

/** Prices one resource of the type it is registered for: its lines (one or more). */
export type PriceRule = (ctx: Context, name: string, resource: TerraformResource) => Line[];

/** `type.name`, the Terraform address a line names. */
export const address = (type: string, name: string): string => `${type}.${name}`;

export class Context {
  /** The prices the lines used, for the dates they were read. */
  readonly used = new Set<PriceEntry>();
  private readonly byType = new Map<string, InspectedResource[]>();

  constructor(
    stack: SynthesizedStack,
    readonly usage: Usage,
    readonly region: string,
    readonly prices: PriceData,
  ) {
    for (const resource of resourcesOf(stack)) {
      const ofType = this.byType.get(resource.type);
      if (ofType === undefined) this.byType.set(resource.type, [resource]);
      else ofType.push(resource);
    }
  }

  /** The stack's resource types, sorted. */
  types(): string[] {
    return [...this.byType.keys()].sort();
  }

  price(key: string): PriceEntry | undefined {
    return (
      this.prices.prices.find((p) => p.key === key && p.region === this.region) ??
      this.prices.prices.find((p) => p.key === key && p.region === "global")
    );
  }

  /** The resources of a type, as name and arguments. */
  of(type: string): [string, TerraformResource][] {
    return (this.byType.get(type) ?? []).map((r) => [r.name, r.values]);
  }

  /** One resource's arguments. */
  get(type: string, name: string): TerraformResource | undefined {
    return this.resource(type, name)?.values;
  }

  /** One resource, with its marks. */
  resource(type: string, name: string): InspectedResource | undefined {
    return this.byType.get(type)?.find((r) => r.name === name);
  }

  /** A line from its components; "not priced", naming the missing prices, when one has none. */
  line(resource: string, type: string, subject: string, components: readonly Component[], replaced = false): Line {
    const entries = components.map((c) => this.price(c.key));
    const missing = components.filter((_, i) => entries[i] === undefined).map((c) => c.key);
    if (missing.length > 0) {
      return {
        resource,
        type,
        description: `${subject}: no price for ${missing.join(", ")} in ${this.region} (add it to scripts/cost/prices.json)`,
        monthly: 0,
        status: "not priced",
        replaced,
      };
    }
    let monthly = 0;
    const parts = components.map((c, i) => {
      const entry = entries[i]!;
      this.used.add(entry);
      monthly += c.quantity * entry.usd;
      return `${formatQuantity(c.quantity)} ${c.what} × ${formatUnitPrice(entry.usd)}`;
    });
    return { resource, type, description: `${subject}: ${parts.join(" + ")}`, monthly, status: "priced", replaced };
  }

  notPriced(resource: string, type: string, reason: string, replaced = false): Line {
    return { resource, type, description: reason, monthly: 0, status: "not priced", replaced };
  }

  /** A line for something that costs nothing, saying why. */
  free(resource: string, type: string, description: string, replaced = false): Line {
    return { resource, type, description, monthly: 0, status: "free", replaced };
  }

  /** The oldest and newest `read` dates of the prices used. */
  pricesRead(): { oldest: string; newest: string } | undefined {
    const dates = [...this.used].map((p) => p.read).sort();
    return dates.length === 0 ? undefined : { oldest: dates[0]!, newest: dates[dates.length - 1]! };
  }
}

const STATUS_ORDER: Record<LineStatus, number> = { priced: 0, "not priced": 1, free: 2 };

/** Most expensive first; then priced, not priced, free; then by resource and description. */
export function sortLines<T extends CostLine>(lines: readonly T[]): T[] {
  return [...lines].sort(
    (a, b) => b.monthly - a.monthly || STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.resource.localeCompare(b.resource) || a.description.localeCompare(b.description),
  );
}

/** A line as the estimate returns it. */
export function strip(line: Line): CostLine {
  return { resource: line.resource, type: line.type, description: line.description, monthly: line.monthly, status: line.status };
}
