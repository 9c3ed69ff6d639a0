/**
 * The offline check of many stacks at once. Terraform's cost on these stacks is mostly the AWS
 * provider starting (its schema is loaded by every `init` and `plan`), so checking
 * stacks one by one pays it a dozen times. Here each stack becomes a child module of one root:
 * its `cdk.tf.json` as synthesized, without its backend and provider blocks; the root declares
 * each stack's AWS provider configurations (as synthesized, plus the offline settings of
 * {@link offlineOverride}) under aliases of their own and passes them to the stack's module. One
 * `init` and one `plan` (which validates the configuration first) then check every stack of the
 * root against the real provider, and the results are split back per stack by module address.
 *
 * Several roots can run side by side (`roots`), one Terraform each, to use more cores.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  Diagnostic,
  OfflinePlan,
  offlineOverride,
  OfflineTerraformError,
  parsePlanOutput,
  PlannedChange,
  PlanSummary,
  prepareOfflineTerraform,
  ValidateResult,
  withDirectoryLockAsync,
} from "./offline-terraform";

/** A synthesized stack to check: its name and the folder holding its cdk.tf.json. */
export interface StackToCheck {
  readonly name: string;
  readonly dir: string;
}

/** What Terraform said of one stack. */
export interface StackCheck {
  /** Where the stack was checked: the root folder and the stack's module name in it. */
  readonly module: { readonly rootDir: string; readonly name: string };
  readonly validate: ValidateResult;
  /** The plan, when validation passed. */
  readonly plan?: {
    readonly summary: PlanSummary;
    /** Addresses as in the stack itself (`aws_vpc.Network_Vpc_1234`), without the module prefix. */
    readonly changes: readonly PlannedChange[];
    readonly warnings: readonly Diagnostic[];
  };
  /** Why there is no plan: validation failed, or Terraform failed as a whole. */
  readonly error?: string;
}

export interface OfflineBatchOptions {
  /** Where the roots are written (created if missing). */
  readonly workDir: string;
  /**
   * How many roots, each with its own Terraform, run side by side.
   * @default - one root per {@link STACKS_PER_ROOT} stacks, at most one per core
   */
  readonly roots?: number;
}

interface JsonStack {
  readonly terraform?: { readonly backend?: unknown; readonly required_providers?: Record<string, { source?: string; version?: string }> } & Record<string, unknown>;
  readonly provider?: Record<string, readonly Record<string, unknown>[]>;
  readonly [key: string]: unknown;
}

/** A Terraform module name for a stack (letters, digits, `_` and `-`, starting with a letter). */
export function moduleNameOf(stackName: string): string {
  const cleaned = stackName.replace(/[^A-Za-z0-9_-]/g, "_");
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `s_${cleaned}`;
}

/**
 * Writes one root that holds every stack as a module. Returns the module name of each stack.
 * Refuses stacks with providers other than AWS (the machine's mirror has only that one).
 */
export function writeBatchRoot(stacks: readonly StackToCheck[], rootDir: string): Map<string, string> {
  fs.rmSync(rootDir, { recursive: true, force: true });
  fs.mkdirSync(rootDir, { recursive: true });
  const modules = new Map<string, string>();
  const rootProviders: Record<string, unknown>[] = [];
  const moduleBlocks: Record<string, unknown> = {};
  let requiredAws: { source?: string; version?: string } | undefined;
  for (const stack of stacks) {
    const moduleName = moduleNameOf(stack.name);
    if ([...modules.values()].includes(moduleName)) throw new OfflineTerraformError(`two stacks map to the module name "${moduleName}"`);
    modules.set(stack.name, moduleName);
    const json = JSON.parse(fs.readFileSync(path.join(stack.dir, "cdk.tf.json"), "utf8")) as JsonStack;
    const others = Object.keys(json.provider ?? {}).filter((type) => type !== "aws");
    if (others.length > 0) throw new OfflineTerraformError(`stack "${stack.name}" uses providers other than aws (${others.join(", ")}): only hashicorp/aws is available offline`);
    const configurations = json.provider?.aws ?? [];
    // The offline settings of the single-stack override, without its null allowed_account_ids:
    // a root's provider block simply leaves the setting out.
    const offline = (offlineOverride({ provider: { aws: [{}] } }) as { provider: { aws: Record<string, unknown>[] } }).provider.aws[0]!;
    const { allowed_account_ids: _null, ...offlineSettings } = offline;
    const passed: Record<string, string> = {};
    for (const configuration of configurations.length > 0 ? configurations : [{}]) {
      const alias = typeof configuration.alias === "string" ? configuration.alias : undefined;
      const rootAlias = `${moduleName}__${alias ?? "default"}`;
      const { allowed_account_ids: _dropped, ...kept } = configuration;
      rootProviders.push({ ...kept, ...offlineSettings, alias: rootAlias });
      passed[alias === undefined ? "aws" : `aws.${alias}`] = `aws.${rootAlias}`;
    }
    const aliases = Object.keys(passed).filter((key) => key !== "aws");
    const { backend: _backend, ...terraform } = json.terraform ?? {};
    const aws = terraform.required_providers?.aws ?? { source: "hashicorp/aws" };
    requiredAws ??= aws;
    const { provider: _provider, ...rest } = json;
    const moduleJson = {
      ...rest,
      terraform: { ...terraform, required_providers: { ...terraform.required_providers, aws: { ...aws, ...(aliases.length > 0 ? { configuration_aliases: aliases } : {}) } } },
    };
    const moduleDir = path.join(rootDir, moduleName);
    fs.mkdirSync(moduleDir);
    // Relative paths are read from the working folder, the root; `${path.module}` ones from the module's.
    linkAssets(stack.dir, rootDir);
    linkAssets(stack.dir, moduleDir);
    fs.writeFileSync(path.join(moduleDir, "main.tf.json"), JSON.stringify(moduleJson));
    moduleBlocks[moduleName] = { source: `./${moduleName}`, providers: passed };
  }
  const root = {
    terraform: { required_providers: { aws: requiredAws ?? { source: "hashicorp/aws" } }, backend: { local: { path: "offline.tfstate" } } },
    provider: { aws: rootProviders },
    module: moduleBlocks,
  };
  fs.writeFileSync(path.join(rootDir, "main.tf.json"), `${JSON.stringify(root, null, 2)}\n`);
  return modules;
}

/**
 * cdktf writes a stack's assets (zipped code) under `assets/` beside cdk.tf.json and refers to
 * them by paths relative to it: link each asset folder where Terraform will look (stacks that
 * share an asset share its folder: same hash, same content).
 */
function linkAssets(stackDir: string, rootDir: string): void {
  const assets = path.join(stackDir, "assets");
  if (!fs.existsSync(assets)) return;
  fs.mkdirSync(path.join(rootDir, "assets"), { recursive: true });
  for (const entry of fs.readdirSync(assets)) {
    const link = path.join(rootDir, "assets", entry);
    if (!fs.existsSync(link)) fs.symlinkSync(path.join(assets, entry), link);
  }
}

/**
 * Stacks one root holds before another root starts beside it. One Terraform already keeps both
 * cores of this project's machine busy (plan walks ten resources at a time against the provider),
 * so a second root only pays off once a root's plan grows superlinearly: measured on 2 cores,
 * staging copies planned in one root cost 3.1 s each from 3 to 6 stacks and 3.9 s each from 6 to
 * 12; at 12 stacks two roots took 48 s against one root's 52 s, at 6 stacks 32 s against 29 s.
 */
export const STACKS_PER_ROOT = 6;

/** The roots for a number of stacks: one per {@link STACKS_PER_ROOT}, at most one per core. */
export function defaultRoots(stacks: number, cores: number = os.availableParallelism()): number {
  return Math.max(1, Math.min(cores, Math.ceil(stacks / STACKS_PER_ROOT)));
}

/**
 * Checks every stack offline: the stacks split over `roots` roots, each initialized (one after
 * the other, so a shared plugin cache is never written twice at once), then planned (and so
 * validated) side by side.
 */
export async function checkStacksOffline(stacks: readonly StackToCheck[], options: OfflineBatchOptions): Promise<Map<string, StackCheck>> {
  const roots = Math.max(1, Math.min(options.roots ?? defaultRoots(stacks.length), stacks.length));
  const chunks: StackToCheck[][] = Array.from({ length: roots }, () => []);
  stacks.forEach((stack, i) => chunks[i % roots]!.push(stack));
  const tf = prepareOfflineTerraform();
  const prepared: { rootDir: string; modules: Map<string, string> }[] = [];
  for (const [i, chunk] of chunks.entries()) {
    const rootDir = path.join(options.workDir, `root-${i}`);
    const modules = writeBatchRoot(chunk, rootDir);
    const init = () => terraform(tf, rootDir, ["init", "-input=false", "-no-color"]);
    // A shared plugin cache (no mirror) is written by one init at a time, across processes too.
    if (tf.pluginCacheDir) await withDirectoryLockAsync(path.join(tf.pluginCacheDir, ".lock"), init);
    else await init();
    prepared.push({ rootDir, modules });
  }
  const results = await Promise.all(prepared.map(({ rootDir, modules }) => checkRoot(tf, rootDir, modules)));
  return new Map(results.flatMap((result) => [...result]));
}

/**
 * One `terraform plan` per root: Terraform's local backend runs the configuration's validation
 * (the same walk as `terraform validate`) before planning, and reports its diagnostics in the
 * plan's output, so a separate `validate` would only start the provider once more (measured: the
 * fifteen stacks' check took 51.2 and 53.6 s with it, 38.4 and 39.3 s without). Error
 * diagnostics become the stack's validation result; warnings stay the plan's.
 */
async function checkRoot(tf: ReturnType<typeof prepareOfflineTerraform>, rootDir: string, modules: ReadonlyMap<string, string>): Promise<Map<string, StackCheck>> {
  const output = await terraform(tf, rootDir, ["plan", "-input=false", "-no-color", "-lock=false", "-json", "-out=offline.tfplan"], { allowFailure: true });
  const errors = errorDiagnostics(output);
  const validation: ValidateResult = { valid: errors.length === 0, diagnostics: errors };
  if (!validation.valid) {
    const failing = [...modules].filter(([, name]) => errors.some((d) => belongsTo(d, name))).map(([stack]) => stack);
    return splitByStack(modules, rootDir, validation, new Error(`terraform plan (its validation or the plan) failed in this root for ${failing.join(", ") || "the root itself"}; no plan was made for any of its stacks`));
  }
  try {
    return splitByStack(modules, rootDir, validation, parsePlanOutput(output, rootDir));
  } catch (error) {
    return splitByStack(modules, rootDir, validation, error as Error);
  }
}

/** The error diagnostics of `terraform plan -json` output (one JSON event per line). */
export function errorDiagnostics(output: string): Diagnostic[] {
  const errors: Diagnostic[] = [];
  for (const line of output.split("\n")) {
    if (!line.startsWith("{")) continue;
    let event: { type?: string; diagnostic?: Diagnostic };
    try {
      event = JSON.parse(line) as { type?: string; diagnostic?: Diagnostic };
    } catch {
      continue;
    }
    if (event.type === "diagnostic" && event.diagnostic?.severity === "error") errors.push(event.diagnostic);
  }
  return errors;
}

/**
 * Splits a root's validation and plan (or the error that stopped it) into each stack's part:
 * changes and diagnostics by the stack's module address or file, with addresses as in the stack.
 * A diagnostic that names no module concerns every stack of the root.
 */
export function splitByStack(
  modules: ReadonlyMap<string, string>,
  rootDir: string,
  validation: ValidateResult,
  plan: Omit<OfflinePlan, "planFile"> | Error,
): Map<string, StackCheck> {
  const results = new Map<string, StackCheck>();
  for (const [stack, moduleName] of modules) {
    const prefix = `module.${moduleName}.`;
    const diagnostics = validation.diagnostics.filter((d) => belongsTo(d, moduleName));
    const module = { rootDir, name: moduleName };
    const validate = { valid: !diagnostics.some((d) => d.severity === "error"), diagnostics };
    if (plan instanceof Error) {
      results.set(stack, { module, validate, error: plan.message });
      continue;
    }
    const changes = plan.changes.filter((c) => c.address.startsWith(prefix)).map((c) => ({ ...c, address: c.address.slice(prefix.length) }));
    const count = (...actions: string[]) => changes.filter((c) => actions.includes(c.action)).length;
    results.set(stack, {
      module,
      validate,
      plan: {
        summary: { add: count("create", "replace"), change: count("update"), remove: count("delete", "replace") },
        changes,
        warnings: plan.warnings.filter((d) => belongsTo(d, moduleName)),
      },
    });
  }
  return results;
}

/** A diagnostic about a stack's module, or about the whole root (then it concerns every stack). */
function belongsTo(diagnostic: Diagnostic, moduleName: string): boolean {
  const { address } = diagnostic;
  const file = diagnostic.range?.filename;
  if (address === undefined && file === undefined) return true;
  if (address !== undefined && address.startsWith(`module.${moduleName}.`)) return true;
  return file !== undefined && (file.startsWith(`${moduleName}/`) || file === "main.tf.json");
}

function terraform(
  tf: ReturnType<typeof prepareOfflineTerraform>,
  cwd: string,
  args: string[],
  options: { allowFailure?: boolean } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tf.terraform, args, { cwd, env: tf.env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error) => reject(new OfflineTerraformError(`terraform ${args[0]} did not start: ${error.message}`)));
    child.on("close", (code) => {
      const out = Buffer.concat(stdout).toString("utf8");
      if (code === 0 || options.allowFailure) resolve(out);
      else reject(new OfflineTerraformError(`terraform ${args.join(" ")} failed in ${cwd} (exit ${code}):\n${Buffer.concat(stderr).toString("utf8")}${out}`));
    });
  });
}
