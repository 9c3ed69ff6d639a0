/**
 * `npm run cost -- <environment>`: the estimated monthly cost of one environment, resource by
 * resource (most expensive first), its total, and the same workload on the common default
 * architecture (a load balancer and a NAT gateway per AZ). Builds the app in memory, as it
 * deploys, and writes nothing. Prices: `scripts/cost/prices.json`; usage: the environment's
 * `usage` settings. See `scripts/cost/PRICES.md`.
 *
 * `npm run cost -- <environment> --controls`: instead, what each security control the stacks
 * deliberately do not use (WAF, customer-managed KMS keys, S3 access logs, cross-region
 * replication, RDS Enhanced Monitoring, origin failover, a custom domain certificate) would add a
 * month, with the setting that turns it on where there is one.
 */
import * as os from "node:os";
import * as path from "node:path";
import { buildApp, previewRequestFrom } from "../environments";
import type { EnvironmentConfig } from "../environments/config";
import { runCommand } from "../cli";
import {
  ControlLine,
  ControlsEstimate,
  CostEstimate,
  CostLine,
  DEFAULT_PRICES,
  estimateControls,
  estimateCost,
  formatMoney,
  PriceData,
  SynthesizedStack,
} from "./cost/estimate";

const USAGE =
  "usage: npm run cost -- <environment> [--controls]   (an environment of environments/, e.g. staging; --controls: the monthly cost of the security controls the stacks do not use)";
const OPTIONS = ["--controls"] as const;

/** The estimate of one environment's synthesized stack, and the report `npm run cost` prints (the plan command reuses it). */
export function costReport(json: SynthesizedStack, config: EnvironmentConfig, prices: PriceData = DEFAULT_PRICES): { estimate: CostEstimate; text: string } {
  const estimate = estimateCost(json, config.usage, config.region, prices);
  return { estimate, text: formatCostReport(config.name, estimate) };
}

/** The report as text: the lines as a table, the total, the comparison, where the prices come from. */
export function formatCostReport(environment: string, estimate: CostEstimate): string {
  const counts = (status: CostLine["status"]) => estimate.lines.filter((l) => l.status === status).length;
  const notPriced = counts("not priced");
  const out: string[] = [];
  out.push(`Estimated monthly cost of ${environment} (${estimate.region}), USD`);
  out.push("");
  out.push(...table(estimate.lines));
  out.push("");
  out.push(
    `Total: ${formatMoney(estimate.total)} a month (${counts("priced")} priced, ${counts("free")} free, ${notPriced} not priced${notPriced > 0 ? ": not in the total" : ""})`,
  );
  out.push("");
  const comparison = estimate.defaultArchitecture;
  out.push(`The same workload on the default architecture: ${comparison.description}`);
  out.push("");
  out.push(...table(comparison.lines));
  out.push("");
  const saving =
    comparison.difference >= 0
      ? `this stack saves ${formatMoney(comparison.difference)} a month (${percent(comparison.difference, comparison.total)})`
      : `this stack costs ${formatMoney(-comparison.difference)} a month more`;
  out.push(`Default architecture: ${formatMoney(comparison.total)} a month; ${saving}.`);
  const comparisonGaps = comparison.lines.filter((l) => l.status === "not priced").length;
  if (notPriced > 0 || comparisonGaps > 0) {
    out.push(`The comparison is incomplete: ${notPriced} line(s) of this stack and ${comparisonGaps} of the default architecture are not priced.`);
  }
  out.push("");
  const read = estimate.pricesRead === undefined ? "" : `, read ${estimate.pricesRead.oldest === estimate.pricesRead.newest ? estimate.pricesRead.newest : `${estimate.pricesRead.oldest} to ${estimate.pricesRead.newest}`}`;
  out.push(`Prices: scripts/cost/prices.json${read} (sources in scripts/cost/PRICES.md).`);
  out.push(
    "These are estimates: list prices before free tiers, taxes and discounts, and the usage assumptions in the environment's `usage` settings; the bill will differ.",
  );
  return `${out.join("\n")}\n`;
}

/** The controls the stacks do not use, and their monthly cost in one environment (`--controls`). */
export function controlsReport(json: SynthesizedStack, config: EnvironmentConfig, prices: PriceData = DEFAULT_PRICES): { estimate: ControlsEstimate; text: string } {
  const estimate = estimateControls(json, config.usage, config.region, { logRetentionDays: config.logRetentionDays }, prices);
  return { estimate, text: formatControlsReport(config.name, estimate) };
}

/** The controls as text: one line per control (monthly cost, control, config switch, what is priced), then where the prices come from. */
export function formatControlsReport(environment: string, estimate: ControlsEstimate): string {
  const out: string[] = [];
  out.push(`Security controls the stacks do not use: what each would add a month in ${environment} (${estimate.region}), USD`);
  out.push("");
  const rows = estimate.lines.map((l) => [controlAmount(l), l.control, l.configSwitch, controlDetail(l)]);
  const header = ["monthly", "control", "config switch", "what is priced"];
  const widths = [0, 1, 2].map((i) => Math.max(header[i]!.length, ...rows.map((r) => r[i]!.length)));
  const format = (r: string[]) => `  ${r[0]!.padStart(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!.padEnd(widths[2]!)}  ${r[3]}`;
  out.push(format(header), ...rows.map(format));
  out.push("");
  out.push("Each line is that control alone, on top of the stack as it is; they overlap (origin failover needs the replicas of cross-region replication), so they do not add up.");
  const notPriced = estimate.lines.filter((l) => l.status === "not priced").length;
  if (notPriced > 0) out.push(`${notPriced} control(s) not priced: a price is missing for ${estimate.region} (see the line).`);
  const read = estimate.pricesRead === undefined ? "" : `, read ${estimate.pricesRead.oldest === estimate.pricesRead.newest ? estimate.pricesRead.newest : `${estimate.pricesRead.oldest} to ${estimate.pricesRead.newest}`}`;
  out.push(`Prices: scripts/cost/prices.json${read} (sources in scripts/cost/PRICES.md).`);
  out.push(
    "These are estimates: list prices before free tiers, taxes and discounts, and the usage assumptions in the environment's `usage` settings; the bill will differ.",
  );
  return `${out.join("\n")}\n`;
}

function controlAmount(line: ControlLine): string {
  switch (line.status) {
    case "priced":
      // A figure that rounds to $0.00 is not free: say it is under a cent.
      return line.monthly > 0 && line.monthly < 0.005 ? "< $0.01" : formatMoney(line.monthly);
    case "unit price only":
      return "unit price only";
    case "in use":
      return "in use";
    case "not applicable":
      return "n/a";
    case "not priced":
      return "not priced";
  }
}

function controlDetail(line: ControlLine): string {
  return line.plus.length === 0 ? line.description : `${line.description}; plus ${line.plus.join("; ")}`;
}

function table(lines: readonly CostLine[]): string[] {
  const rows = lines.map((l) => [l.status === "priced" ? formatMoney(l.monthly) : "-", l.status, l.resource, l.description]);
  const header = ["monthly", "status", "resource", "what is priced"];
  const widths = [0, 1, 2].map((i) => Math.max(header[i]!.length, ...rows.map((r) => r[i]!.length)));
  const format = (r: string[]) => `  ${r[0]!.padStart(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!.padEnd(widths[2]!)}  ${r[3]}`;
  return [format(header), ...rows.map(format)];
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "0%" : `${Math.round((part / whole) * 100)}% of it`;
}

export interface CostCommandOptions {
  readonly stdout?: Pick<NodeJS.WriteStream, "write">;
  readonly stderr?: Pick<NodeJS.WriteStream, "write">;
}

/** Prints one environment's report; returns the exit code (0 done, 1 a config or synth error, 2 usage). */
export function costCommand(argv: readonly string[], options: CostCommandOptions = {}): number {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const flags = argv.filter((a) => a.startsWith("-"));
  const names = argv.filter((a) => !a.startsWith("-"));
  const unknown = flags.filter((o) => !(OPTIONS as readonly string[]).includes(o));
  if (unknown.length > 0) {
    stderr.write(`Unknown option ${unknown.map((o) => `"${o}"`).join(", ")} (known: ${OPTIONS.join(", ")}).\n${USAGE}\n`);
    return 2;
  }
  if (names.length !== 1 || flags.length > 1) {
    stderr.write(`${USAGE}\n`);
    return 2;
  }
  const name = names[0]!;
  const controls = flags.includes("--controls");
  return runCommand(stderr, () => {
      // Nothing is written: the app only builds the stacks in memory.
      // A preview is priced as `cdktf deploy` builds it: from PREVIEW (and PREVIEW_OF, PREVIEW_EXPIRES).
      const { environments } = buildApp({ outdir: path.join(os.tmpdir(), "cost-report-unused"), preview: previewRequestFrom([], process.env) });
      const stack = environments.find((s) => s.config.name === name);
      if (stack === undefined) {
        stderr.write(`No environment named "${name}". Environments: ${environments.map((s) => s.config.name).join(", ")}.\n${USAGE}\n`);
        return 2;
      }
      const json = stack.toTerraform() as SynthesizedStack;
      stdout.write(controls ? controlsReport(json, stack.config).text : costReport(json, stack.config).text);
      return 0;
  });
}

if (require.main === module) {
  process.exitCode = costCommand(process.argv.slice(2));
}
