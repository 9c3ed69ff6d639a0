/**
 * `npm run plan -- <stack>`: an offline plan of one stack for review. Synthesizes the stack as
 * it deploys into .cache/offline (never into cdktf.out, which `cdktf deploy` uses), plans it with
 * mock credentials and a local backend, prints the plan, and writes plan-<stack>.json (the full
 * plan as `terraform show -json` gives it) in the project folder.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { buildApp, ConfigError } from "../environments";
import { PropsError } from "../modules/_internal/errors";
import { PolicyError } from "../policies";
import {
  findProviderMirror,
  formatDiagnostics,
  MIRROR_VARIABLE,
  offlineInit,
  offlinePlan,
  OfflineTerraformError,
  offlineValidate,
  showPlan,
} from "./offline-terraform";

const projectRoot = path.resolve(__dirname, "..");
const USAGE = "usage: npm run plan -- <stack>   (a stack name: bootstrap or an environment such as staging)";

export interface PlanOptions {
  /** Where `.cache/offline` (the synthesized stacks) and `plan-<stack>.json` go. @default the project folder */
  readonly root?: string;
  readonly stdout?: Pick<NodeJS.WriteStream, "write">;
  readonly stderr?: Pick<NodeJS.WriteStream, "write">;
}

/** Plans one stack offline, prints the plan and writes plan-<stack>.json. Returns the exit code. */
export function planStack(stackName: string, options: PlanOptions = {}): number {
  const root = options.root ?? projectRoot;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const outdir = path.join(root, ".cache", "offline");
  fs.rmSync(path.join(outdir, "stacks"), { recursive: true, force: true });
  fs.mkdirSync(outdir, { recursive: true });
  const { app, environments } = buildApp({ outdir });
  const names = ["bootstrap", ...environments.map((e) => e.node.id)];
  if (!names.includes(stackName)) {
    stderr.write(`No stack named "${stackName}". Stacks: ${names.join(", ")}.\n${USAGE}\n`);
    return 2;
  }
  app.synth();

  if (!process.env[MIRROR_VARIABLE]) {
    const mirror = findProviderMirror();
    if (mirror) process.env[MIRROR_VARIABLE] = mirror;
  }
  const stackDir = path.join(outdir, "stacks", stackName);
  offlineInit(stackDir);
  const validation = offlineValidate(stackDir);
  if (!validation.valid) {
    stderr.write(`terraform validate failed for ${stackName}:\n${formatDiagnostics(validation.diagnostics)}\n`);
    return 1;
  }
  const plan = offlinePlan(stackDir);
  const shown = showPlan(stackDir);
  const jsonFile = path.join(root, `plan-${stackName}.json`);
  fs.writeFileSync(jsonFile, `${JSON.stringify(shown.json, null, 2)}\n`);

  stdout.write(shown.text);
  stdout.write(`\n${summarize(plan.changes)}\n`);
  if (plan.warnings.length > 0) stdout.write(`Warnings:\n${formatDiagnostics(plan.warnings)}\n`);
  stdout.write(
    `\nOffline plan of "${stackName}" (mock credentials, empty local state: every resource shows as new).\n` +
      `Plan JSON: ${path.relative(process.cwd(), jsonFile)}\n`,
  );
  return 0;
}

/** Counts of planned actions by resource type, as a small table. */
export function summarize(changes: readonly { type: string; action: string }[]): string {
  const counts = new Map<string, Map<string, number>>();
  for (const { type, action } of changes) {
    const byAction = counts.get(type) ?? new Map<string, number>();
    byAction.set(action, (byAction.get(action) ?? 0) + 1);
    counts.set(type, byAction);
  }
  const actions = ["create", "update", "replace", "delete"].filter((a) => changes.some((c) => c.action === a));
  const rows = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, byAction]) => [type, ...actions.map((a) => String(byAction.get(a) ?? ""))]);
  const header = ["resource type", ...actions];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

function main(argv: readonly string[]): number {
  const [stackName, ...rest] = argv;
  if (stackName === undefined || stackName.startsWith("-") || rest.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    return planStack(stackName);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof PropsError || error instanceof PolicyError || error instanceof OfflineTerraformError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
