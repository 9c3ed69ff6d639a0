/**
 * `npm run plan -- <stack> [--remote] [--full]`: a plan of one stack for review. Synthesizes the
 * stack as it deploys (never into cdktf.out, which `cdktf deploy` uses) and plans it: offline by
 * default (mock credentials, a local backend, empty state: every resource shows as new), or with
 * `--remote` against the real S3 state with your AWS credentials (CI uses the plan role).
 * Prints Terraform's warnings and a review (changes by type, a loud list of data at risk, the
 * monthly cost estimate), and writes in the project folder plan-<stack>.txt (the full plan text,
 * printed too with `--full`), plan-<stack>.json (`terraform show -json`) and plan-<stack>.md
 * (the review, ready to paste as a pull-request comment).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { AppStack, buildStack } from "../environments";
import { runCommand } from "../cli";
import { costReport } from "./cost";
import type { SynthesizedStack } from "./cost/estimate";
import {
  useProviderMirrorIfFound,
  formatDiagnostics,
  offlineInit,
  offlinePlanText,
  OfflineTerraformError,
  parsePlanOutput,
  PlanJson,
  showPlanJson,
} from "./offline-terraform";
import { formatReviewMarkdown, formatReviewText, priorStateAsStack, reviewActionOf, reviewPlan, ReviewPlanJson, summarize } from "./plan-review";

export { summarize } from "./plan-review";

const projectRoot = path.resolve(__dirname, "..");
const USAGE =
  "usage: npm run plan -- <stack> [--remote] [--full]   (a stack: bootstrap or an environment such as staging; --remote plans against the real state with your AWS credentials; --full prints the full plan text too, which is always written to plan-<stack>.txt)";
const FLAGS = ["--remote", "--full"] as const;

/** Plans a synthesized stack's folder: the plan as JSON and as text. */
export type PlanRunner = (stackDir: string) => { json: PlanJson; text: string; warnings: string };

export interface PlanOptions {
  /** Where `.cache/` (the synthesized stacks) and the plan files go. @default the project folder */
  readonly root?: string;
  /** Plan against the real S3 state with the caller's AWS credentials. @default false */
  readonly remote?: boolean;
  /** Print the full plan text (`terraform show`) before the review. @default false - it is only written to plan-<stack>.txt */
  readonly full?: boolean;
  /** Runs Terraform. @default offline or remote Terraform, as `remote` says */
  readonly runner?: PlanRunner;
  readonly stdout?: Pick<NodeJS.WriteStream, "write">;
  readonly stderr?: Pick<NodeJS.WriteStream, "write">;
}

/** The offline run: the provider mirror if there is one, mock credentials, a local backend. */
export const offlineRunner: PlanRunner = (stackDir) => {
  useProviderMirrorIfFound();
  offlineInit(stackDir);
  // No separate `terraform validate`: the plan validates the configuration first and reports the
  // same diagnostics. The plan's own text is the full plan: no `terraform show` for it. Each
  // saves a start of the AWS provider (seconds).
  const plan = offlinePlanText(stackDir);
  return { json: showPlanJson(stackDir), text: plan.text, warnings: plan.warnings.length > 0 ? formatDiagnostics(plan.warnings) : "" };
};

/**
 * The remote run: the stack's own backend (S3, or bootstrap's local file) and the caller's AWS
 * credentials, as `cdktf deploy` would plan. Without the state lock: a plan writes nothing, so it
 * neither waits for a running deploy nor needs write access to the state bucket.
 */
export const remoteRunner: PlanRunner = (stackDir) => {
  const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
  const terraform = (args: string[]) => {
    const result = spawnSync(process.env.TERRAFORM_BINARY ?? "terraform", args, { cwd: stackDir, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (result.error) throw new OfflineTerraformError(`terraform ${args[0]} did not start: ${result.error.message}`);
    if (result.status !== 0) throw new OfflineTerraformError(`terraform ${args.join(" ")} failed (exit ${result.status}):\n${result.stderr}${result.stdout}`);
    return result.stdout;
  };
  terraform(["init", "-input=false", "-no-color"]);
  const plan = parsePlanOutput(terraform(["plan", "-input=false", "-no-color", "-lock=false", "-json", "-out=remote.tfplan"]), stackDir);
  return {
    json: JSON.parse(terraform(["show", "-json", "-no-color", "remote.tfplan"])) as PlanJson,
    text: terraform(["show", "-no-color", "remote.tfplan"]),
    warnings: plan.warnings.length > 0 ? formatDiagnostics(plan.warnings) : "",
  };
};

/**
 * Plans one stack, prints Terraform's warnings and the review (and the full plan text with
 * `full`), writes plan-<stack>.txt, .json and, for an environment, .md. Returns the exit code.
 */
export function planStack(stackName: string, options: PlanOptions = {}): number {
  const root = options.root ?? projectRoot;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const remote = options.remote ?? false;
  // Remote plans keep the stacks' own backends: bootstrap's local state path is relative to a
  // stack folder two levels below the project's (as cdktf.out/stacks/<stack> is), so .cache/stacks.
  const outdir = remote ? path.join(root, ".cache") : path.join(root, ".cache", "offline");
  fs.rmSync(path.join(outdir, "stacks"), { recursive: true, force: true });
  fs.mkdirSync(outdir, { recursive: true });
  // Only the stack asked for is built and synthesized (every config is still checked).
  const { app, stack, stackNames } = buildStack(stackName, { outdir });
  if (stack === undefined) {
    stderr.write(`No stack named "${stackName}". Stacks: ${stackNames.join(", ")}.\n${USAGE}\n`);
    return 2;
  }
  app.synth();

  const stackDir = path.join(outdir, "stacks", stackName);
  const run = options.runner ?? (remote ? remoteRunner : offlineRunner);
  const planned = run(stackDir);
  fs.writeFileSync(path.join(root, `plan-${stackName}.json`), `${JSON.stringify(planned.json, null, 2)}\n`);
  fs.writeFileSync(path.join(root, `plan-${stackName}.txt`), planned.text);

  if (options.full ?? false) stdout.write(planned.text);
  if (planned.warnings !== "") stdout.write(`\nWarnings:\n${planned.warnings}\n`);
  if (stack instanceof AppStack) {
    const planJson = planned.json as ReviewPlanJson;
    const synthesized = stack.toTerraform() as SynthesizedStack;
    const prior = priorStateAsStack(planJson, synthesized);
    const review = reviewPlan({
      environment: stackName,
      mode: remote ? "remote" : "offline",
      plan: planJson,
      plannedCost: costReport(synthesized, stack.config).estimate,
      currentCost: prior === undefined ? undefined : costReport(prior, stack.config).estimate,
    });
    stdout.write(`\n${formatReviewText(review)}\n`);
    fs.writeFileSync(path.join(root, `plan-${stackName}.md`), formatReviewMarkdown(review));
  } else {
    stdout.write(`\n${summarize(changesOf(planned.json))}\n`);
  }
  // The review first: it is the file to read (and the one CI posts).
  const written: [file: string, what: string][] = [
    ...(stack instanceof AppStack ? [[`plan-${stackName}.md`, "review"] as [string, string]] : []),
    [`plan-${stackName}.json`, "terraform show -json"],
    [`plan-${stackName}.txt`, "the full plan text"],
  ];
  stdout.write(`\nwrote ${written.map(([file, what]) => `${path.relative(process.cwd(), path.join(root, file))} (${what})`).join(", ")}\n`);
  return 0;
}

/** The plan's changes as type and review action, without no-ops and reads. */
function changesOf(plan: PlanJson): { type: string; action: string }[] {
  return (plan.resource_changes ?? []).flatMap((rc) => {
    const action = reviewActionOf(rc.change.actions);
    return action === undefined ? [] : [{ type: rc.type, action }];
  });
}

/**
 * The command line: `<stack> [--remote] [--full]`, flags in any place. Anything else (an unknown
 * flag, a second stack, no stack) prints the usage and gives exit code 2. `options` are for tests.
 */
export function main(argv: readonly string[], options: Omit<PlanOptions, "remote" | "full"> = {}): number {
  const stderr = options.stderr ?? process.stderr;
  const unknown = argv.filter((a) => a.startsWith("-") && !(FLAGS as readonly string[]).includes(a));
  const [stackName, ...extra] = argv.filter((a) => !a.startsWith("-"));
  if (unknown.length > 0 || stackName === undefined || extra.length > 0) {
    const reason = unknown.length > 0 ? `Unknown option ${unknown.map((a) => `"${a}"`).join(", ")}.\n` : "";
    stderr.write(`${reason}${USAGE}\n`);
    return 2;
  }
  return runCommand(stderr, () => planStack(stackName, { ...options, remote: argv.includes("--remote"), full: argv.includes("--full") }));
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
