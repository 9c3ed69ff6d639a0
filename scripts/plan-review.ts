/**
 * The review of a Terraform plan: what it creates, updates, replaces and destroys, by type; a
 * loud list of every replace or destroy of a resource that holds data; and the monthly cost
 * estimate, against the current state's when there is one. Pure: reads the plan JSON
 * (`terraform show -json`) and cost estimates, writes nothing.
 */
import { DATA_BEARING_TYPES } from "../policies/rules/data/data-prevent-destroy";
import type { CostEstimate, SynthesizedStack } from "./cost/estimate";
import { formatMoney } from "./cost/estimate";

/** Resources whose replacement or removal loses data: the policy pack's data-bearing types, and log groups. */
export const REVIEW_DATA_TYPES: readonly string[] = [...DATA_BEARING_TYPES, "aws_cloudwatch_log_group"];

export type ReviewAction = "create" | "update" | "replace" | "destroy";
export const REVIEW_ACTIONS: readonly ReviewAction[] = ["create", "update", "replace", "destroy"];

/** The parts of `terraform show -json <plan>` the review reads. */
export interface ReviewPlanJson {
  readonly resource_changes?: readonly {
    readonly address: string;
    readonly type: string;
    readonly mode?: string;
    readonly change: { readonly actions: readonly string[] };
  }[];
  readonly prior_state?: { readonly values?: { readonly root_module?: StateModule } };
}

interface StateModule {
  readonly resources?: readonly { readonly type: string; readonly name: string; readonly mode?: string; readonly values?: Record<string, unknown> }[];
  readonly child_modules?: readonly StateModule[];
}

/** What Terraform's action list means for a reviewer; undefined for no-op and reads. */
export function reviewActionOf(actions: readonly string[]): ReviewAction | undefined {
  const key = [...actions].sort().join(",");
  if (key === "create") return "create";
  if (key === "update") return "update";
  if (key === "create,delete") return "replace";
  if (key === "delete") return "destroy";
  return undefined;
}

export interface PlannedResourceChange {
  readonly address: string;
  readonly type: string;
  readonly action: ReviewAction;
}

export interface PlanReview {
  readonly environment: string;
  /** How the plan was made, for the reader: offline (mock credentials, empty state) or against the real state. */
  readonly mode: "offline" | "remote";
  readonly changes: readonly PlannedResourceChange[];
  /** Counts by action. */
  readonly totals: Readonly<Record<ReviewAction, number>>;
  /** Counts by resource type, then action. */
  readonly byType: ReadonlyMap<string, Readonly<Record<ReviewAction, number>>>;
  /** Replacements and destructions of resources that hold data. */
  readonly dataAtRisk: readonly PlannedResourceChange[];
  /** The estimate of the stack as planned. */
  readonly plannedCost: CostEstimate;
  /** The estimate of the current state, when the plan had one. */
  readonly currentCost?: CostEstimate;
}

const zero = (): Record<ReviewAction, number> => ({ create: 0, update: 0, replace: 0, destroy: 0 });

/**
 * The current state of a plan in the shape of a synthesized stack (type → name → attributes), so
 * the cost estimate reads it as it reads the code; undefined when the state is empty. State holds
 * resolved values where the code has references: an id or ARN of another resource of the state
 * becomes the reference again (`${aws_ecs_task_definition.x.arn}`), and each resource takes the
 * construct metadata (`"//"`) of the synthesized resource of the same address, if any.
 */
export function priorStateAsStack(plan: ReviewPlanJson, synthesized?: SynthesizedStack): SynthesizedStack | undefined {
  const resource: Record<string, Record<string, Record<string, unknown>>> = {};
  const visit = (module: StateModule | undefined, prefix: string) => {
    for (const r of module?.resources ?? []) {
      if (r.mode !== undefined && r.mode !== "managed") continue;
      (resource[r.type] ??= {})[`${prefix}${r.name}`] = r.values ?? {};
    }
    (module?.child_modules ?? []).forEach((child, i) => visit(child, `${prefix}m${i}_`));
  };
  visit(plan.prior_state?.values?.root_module, "");
  if (Object.keys(resource).length === 0) return undefined;

  const references = new Map<string, string>();
  for (const [type, byName] of Object.entries(resource)) {
    for (const [name, values] of Object.entries(byName)) {
      for (const attribute of ["id", "arn"]) {
        const value = values[attribute];
        if (typeof value === "string" && value !== "") references.set(value, `\${${type}.${name}.${attribute}}`);
      }
    }
  }
  const relink = (value: unknown): unknown => {
    if (typeof value === "string") return references.get(value) ?? value;
    if (Array.isArray(value)) return value.map(relink);
    if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, relink(v)]));
    return value;
  };
  const out: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [type, byName] of Object.entries(resource)) {
    for (const [name, values] of Object.entries(byName)) {
      const relinked = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, k === "id" || k === "arn" ? v : relink(v)]));
      const metadata = (synthesized?.resource?.[type]?.[name] as Record<string, unknown> | undefined)?.["//"];
      (out[type] ??= {})[name] = metadata === undefined ? relinked : { ...relinked, "//": metadata };
    }
  }
  return { resource: out };
}

/** Reads the plan's changes and puts them beside the cost estimates. */
export function reviewPlan(input: {
  readonly environment: string;
  readonly mode: "offline" | "remote";
  readonly plan: ReviewPlanJson;
  readonly plannedCost: CostEstimate;
  readonly currentCost?: CostEstimate;
}): PlanReview {
  const changes: PlannedResourceChange[] = [];
  for (const rc of input.plan.resource_changes ?? []) {
    if (rc.mode === "data") continue;
    const action = reviewActionOf(rc.change.actions);
    if (action !== undefined) changes.push({ address: rc.address, type: rc.type, action });
  }
  const totals = zero();
  const byType = new Map<string, Record<ReviewAction, number>>();
  for (const c of changes) {
    totals[c.action] += 1;
    const counts = byType.get(c.type) ?? zero();
    counts[c.action] += 1;
    byType.set(c.type, counts);
  }
  const dataAtRisk = changes.filter((c) => (c.action === "replace" || c.action === "destroy") && REVIEW_DATA_TYPES.includes(c.type));
  return {
    environment: input.environment,
    mode: input.mode,
    changes,
    totals,
    byType: new Map([...byType.entries()].sort(([a], [b]) => a.localeCompare(b))),
    dataAtRisk,
    plannedCost: input.plannedCost,
    currentCost: input.currentCost,
  };
}

const MODE_NOTE = {
  offline: "offline: mock credentials and an empty state, so every resource shows as new",
  remote: "against the real state, with the caller's AWS credentials (the plan role in CI)",
} as const;

function totalsLine(review: PlanReview): string {
  const t = review.totals;
  return `${t.create} to create, ${t.update} to update, ${t.replace} to replace, ${t.destroy} to destroy`;
}

/** The cost summary: planned total, the change from the current state if known, and the default architecture's total. */
export function costLine(review: PlanReview): string {
  const planned = review.plannedCost.total;
  const base = review.currentCost === undefined
    ? `${formatMoney(planned)} a month (no current state to compare with)`
    : `${formatMoney(planned)} a month, ${signed(planned - review.currentCost.total)} against the current state's ${formatMoney(review.currentCost.total)}`;
  const unpriced = review.plannedCost.lines.filter((l) => l.status === "not priced").length;
  return `${base}${unpriced > 0 ? `; ${unpriced} resource${unpriced === 1 ? "" : "s"} not priced` : ""}. The same workload on the default architecture (load balancer, NAT gateway per AZ): ${formatMoney(review.plannedCost.defaultArchitecture.total)}.`;
}

function signed(usd: number): string {
  return usd >= 0 ? `+${formatMoney(usd)}` : `-${formatMoney(-usd)}`;
}

/**
 * Counts of planned actions by resource type, as a small table for a terminal: one column per
 * action present, the review's actions first in their order, any other after.
 */
export function summarize(changes: readonly { type: string; action: string }[]): string {
  const counts = new Map<string, Map<string, number>>();
  for (const { type, action } of changes) {
    const byAction = counts.get(type) ?? new Map<string, number>();
    byAction.set(action, (byAction.get(action) ?? 0) + 1);
    counts.set(type, byAction);
  }
  const present = [...new Set(changes.map((c) => c.action))];
  const actions = [...REVIEW_ACTIONS.filter((a) => present.includes(a)), ...present.filter((a) => !(REVIEW_ACTIONS as readonly string[]).includes(a))];
  const rows = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, byAction]) => [type, ...actions.map((a) => String(byAction.get(a) ?? ""))]);
  const header = ["resource type", ...actions];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

const TOP_COST_LINES = 10;

/** The review for a terminal. */
export function formatReviewText(review: PlanReview): string {
  const out = [`Plan review: ${review.environment} (${MODE_NOTE[review.mode]})`, "", totalsLine(review), ""];
  if (review.dataAtRisk.length > 0) {
    out.push("!!! DATA AT RISK: this plan replaces or destroys resources that hold data !!!");
    for (const c of review.dataAtRisk) out.push(`!!!   ${c.action.toUpperCase()} ${c.address}`);
    out.push("!!! Check each is intended; a replaced database or bucket starts empty.", "");
  } else {
    out.push("No database, bucket, repository, key or log group is replaced or destroyed.", "");
  }
  if (review.changes.length > 0) out.push(summarize(review.changes), "");
  out.push(`Estimated cost: ${costLine(review)}`);
  const priced = review.plannedCost.lines.filter((l) => l.status === "priced").slice(0, TOP_COST_LINES);
  for (const l of priced) out.push(`  ${formatMoney(l.monthly).padStart(9)}  ${l.resource}: ${l.description}`);
  out.push("(npm run cost -- <environment> lists every line.)");
  return out.join("\n");
}

/** The review as GitHub markdown, ready to paste as a pull-request comment. */
export function formatReviewMarkdown(review: PlanReview): string {
  const out = [`## Plan: \`${review.environment}\``, "", `_${MODE_NOTE[review.mode]}_`, "", `**${totalsLine(review)}**`, ""];
  if (review.dataAtRisk.length > 0) {
    out.push("> [!CAUTION]", "> **Data at risk: this plan replaces or destroys resources that hold data.** Check each is intended.", ">");
    for (const c of review.dataAtRisk) out.push(`> - **${c.action}** \`${c.address}\``);
    out.push("");
  } else {
    out.push("No database, bucket, repository, key or log group is replaced or destroyed.", "");
  }
  if (review.byType.size > 0) {
    const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
    const counts = [...review.byType.entries()].map(([type, byAction]) => [type, ...REVIEW_ACTIONS.map((a) => (byAction[a] === 0 ? "" : String(byAction[a])))]);
    out.push(row(["resource type", ...REVIEW_ACTIONS]), row(["---", ...REVIEW_ACTIONS.map(() => "---")]), ...counts.map(row), "");
  }
  out.push("### Monthly cost estimate", "", costLine(review), "");
  const priced = review.plannedCost.lines.filter((l) => l.status === "priced").slice(0, TOP_COST_LINES);
  if (priced.length > 0) {
    out.push("| monthly | resource | what is priced |", "| ---: | --- | --- |", ...priced.map((l) => `| ${formatMoney(l.monthly)} | \`${l.resource}\` | ${l.description} |`), "");
  }
  const changed = review.changes.filter((c) => c.action !== "create");
  if (changed.length > 0) {
    out.push("<details><summary>Updated, replaced and destroyed resources</summary>", "");
    for (const c of changed) out.push(`- ${c.action} \`${c.address}\``);
    out.push("", "</details>", "");
  }
  out.push("Estimates from list prices and the environment's `usage` settings (`npm run cost`).");
  return `${out.join("\n")}\n`;
}
