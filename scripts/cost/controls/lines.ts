/** How a control's line is made: priced from components, a note (in use, not applicable), a unit price. */
import type { Component, Context } from "../context";
import { formatUnitPrice } from "../format";
import type { ControlLine } from "../types";

/** The config switch of a control that only a change to the modules would turn on. */
export const NO_SWITCH = "none";

/** A control line from priced components: "priced", or "not priced" naming the missing prices. */
export function controlLine(ctx: Context, control: string, subject: string, components: readonly Component[], plus: readonly string[] = [], configSwitch = NO_SWITCH): ControlLine {
  const line = ctx.line(control, "control", subject, components);
  return { control, status: line.status === "priced" ? "priced" : "not priced", monthly: line.monthly, description: line.description, plus, configSwitch };
}

export function controlNote(control: string, status: "in use" | "not applicable", description: string, configSwitch = NO_SWITCH): ControlLine {
  return { control, status, monthly: 0, description, plus: [], configSwitch };
}

/** A unit price as text ("$0.02 per GB replicated"), marking the price used; a "no price" note when there is none. */
export function unitPrice(ctx: Context, key: string, what: string): string {
  const entry = ctx.price(key);
  if (entry === undefined) return `(no price for ${key} in ${ctx.region}) per ${what}`;
  ctx.used.add(entry);
  return `${formatUnitPrice(entry.usd)} per ${what}`;
}
