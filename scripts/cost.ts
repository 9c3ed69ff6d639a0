/**
 * `npm run cost -- <environment>`: the estimated monthly cost of one environment, resource by
 * resource (most expensive first), its total, and the same workload on the common default
 * architecture (a load balancer and a NAT gateway per AZ). Builds the app in memory, as it
 * deploys, and writes nothing. Prices: `scripts/cost/prices.json`; usage: the environment's
 * `usage` settings. See `scripts/cost/PRICES.md`.
 */
import * as os from "node:os";
import * as path from "node:path";
import { buildApp } from "../environments";
import type { EnvironmentConfig } from "../environments/config";
import { runCommand } from "./cli";
import { CostEstimate, CostLine, DEFAULT_PRICES, estimateCost, formatMoney, PriceData, SynthesizedStack } from "./cost/estimate";

const USAGE = "usage: npm run cost -- <environment>   (an environment of environments/, e.g. staging)";

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
  if (argv.length !== 1 || argv[0]!.startsWith("-")) {
    stderr.write(`${USAGE}\n`);
    return 2;
  }
  const name = argv[0]!;
  return runCommand(stderr, () => {
      // Nothing is written: the app only builds the stacks in memory.
      const { environments } = buildApp({ outdir: path.join(os.tmpdir(), "cost-report-unused") });
      const stack = environments.find((s) => s.config.name === name);
      if (stack === undefined) {
        stderr.write(`No environment named "${name}". Environments: ${environments.map((s) => s.config.name).join(", ")}.\n${USAGE}\n`);
        return 2;
      }
      stdout.write(costReport(stack.toTerraform() as SynthesizedStack, stack.config).text);
      return 0;
  });
}

if (require.main === module) {
  process.exitCode = costCommand(process.argv.slice(2));
}
