/**
 * Runs Terraform on a synthesized stack without AWS: `init` with a local backend (and the
 * provider from a filesystem mirror when one is named), `validate`, and `plan` with mock
 * credentials. What deploys is untouched: the offline settings live in an override file that
 * Terraform merges over cdk.tf.json.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UserError } from "../cli/user-error";

/** Names the folder that holds `registry.terraform.io/...` provider packages, unpacked. */
export const MIRROR_VARIABLE = "TERRAFORM_PROVIDER_MIRROR";
/** The override file the offline run writes beside cdk.tf.json. */
export const OFFLINE_OVERRIDE_FILE = "offline_override.tf.json";

const MIN_TERRAFORM = [1, 10] as const;
const INSTALL_HINT =
  "Install Terraform 1.10 or later (https://developer.hashicorp.com/terraform/install) and make sure `terraform` is on PATH.";

/** Terraform is missing, too old, or failed: a user error (cli's {@link UserError}), printed without a stack trace. */
export class OfflineTerraformError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "OfflineTerraformError";
  }
}

/** A diagnostic from `terraform validate -json`. */
export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  /** Where in the configuration, when Terraform says (`staging/main.tf.json`). */
  readonly range?: { readonly filename?: string };
}

/** The parts of `terraform show -json <plan>` the checks read. */
export interface PlanJson {
  readonly format_version: string;
  readonly resource_changes?: readonly ResourceChange[];
  readonly configuration?: unknown;
}

export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly mode: "managed" | "data";
  readonly change: { readonly actions: readonly string[]; readonly after?: Record<string, unknown> | null };
}

export interface ValidateResult {
  readonly valid: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

interface Environment {
  readonly terraform: string;
  readonly version: string;
  readonly cliConfigFile: string;
  readonly env: NodeJS.ProcessEnv;
  /** Set when providers come from the registry through a shared plugin cache. */
  readonly pluginCacheDir?: string;
}

let prepared: Environment | undefined;

/**
 * Finds Terraform, checks its version and writes the CLI config the offline runs use: the
 * provider mirror named by TERRAFORM_PROVIDER_MIRROR, or else the registry with a plugin cache.
 * Throws an error that says how to fix it when Terraform is missing or too old.
 */
export function prepareOfflineTerraform(env: NodeJS.ProcessEnv = process.env): Environment {
  // Prepared once per process for the process's own environment; another environment (a test's) is never cached.
  if (prepared && env === process.env) return prepared;
  const terraform = env.TERRAFORM_BINARY ?? "terraform";
  let versionJson: string;
  try {
    versionJson = execFileSync(terraform, ["version", "-json"], {
      encoding: "utf8",
      env: { ...env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" },
    });
  } catch (error) {
    throw new OfflineTerraformError(`Terraform was not found or did not run (${(error as Error).message.split("\n")[0]}). ${INSTALL_HINT}`);
  }
  const version = (JSON.parse(versionJson) as { terraform_version: string }).terraform_version;
  const [major = 0, minor = 0] = version.split(".").map(Number);
  if (major < MIN_TERRAFORM[0] || (major === MIN_TERRAFORM[0] && minor < MIN_TERRAFORM[1])) {
    throw new OfflineTerraformError(`Terraform ${version} is too old: S3-native state locking needs 1.10 or later. ${INSTALL_HINT}`);
  }

  const workDir = path.join(os.tmpdir(), `offline-terraform-${process.getuid?.() ?? "user"}`);
  fs.mkdirSync(workDir, { recursive: true });
  const mirror = env[MIRROR_VARIABLE];
  let pluginCacheDir: string | undefined;
  let cliConfig: string;
  if (mirror) {
    if (!fs.existsSync(path.join(mirror, "registry.terraform.io"))) {
      throw new OfflineTerraformError(
        `${MIRROR_VARIABLE}=${mirror} does not hold a registry.terraform.io folder; point it at the folder that does (find / -xdev -type d -name registry.terraform.io).`,
      );
    }
    // Terraform links providers from an unpacked mirror rather than copying them. No plugin
    // cache on top of it: the second init would fail with "cannot install existing provider
    // directory to itself".
    cliConfig = `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/*/*"]\n  }\n}\n`;
  } else {
    pluginCacheDir = path.join(workDir, "plugin-cache");
    fs.mkdirSync(pluginCacheDir, { recursive: true });
    // Every offline folder is new, with no lock file yet: let the cache serve it anyway (Terraform
    // otherwise downloads the provider again for each folder).
    cliConfig = `plugin_cache_dir = ${JSON.stringify(pluginCacheDir)}\nplugin_cache_may_break_dependency_lock_file = true\n`;
  }
  // Named after its content: processes that need the same config share one file, and never
  // overwrite another's.
  const cliConfigFile = path.join(workDir, `terraformrc-${createHash("sha256").update(cliConfig).digest("hex").slice(0, 16)}`);
  const temporary = `${cliConfigFile}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, cliConfig);
  fs.renameSync(temporary, cliConfigFile);

  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    TF_CLI_CONFIG_FILE: cliConfigFile,
    // Mock credentials: the provider's skip flags (in the override) keep it from calling AWS.
    AWS_ACCESS_KEY_ID: "AKIAOFFLINEMOCK00000",
    AWS_SECRET_ACCESS_KEY: "offline-mock-secret",
    AWS_EC2_METADATA_DISABLED: "true",
  };
  for (const name of ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "TF_DATA_DIR", "TF_PLUGIN_CACHE_DIR"]) {
    delete childEnv[name];
  }
  const result = { terraform, version, cliConfigFile, env: childEnv, pluginCacheDir };
  if (env === process.env) prepared = result;
  return result;
}

/**
 * Looks for an unpacked provider mirror on this machine: a folder holding
 * `registry.terraform.io/hashicorp/aws` within four levels of `/` (node_modules, /proc and /sys
 * skipped). Returns the folder, or
 * undefined when there is none (Terraform then downloads providers from the registry).
 */
export function findProviderMirror(): string | undefined {
  const result = spawnSync(
    "find",
    ["/", "-xdev", "(", "-name", "node_modules", "-o", "-path", "/proc", "-o", "-path", "/sys", ")", "-prune", "-o", "-maxdepth", "4", "-type", "d", "-name", "registry.terraform.io", "-print"],
    { encoding: "utf8", timeout: 20_000 },
  );
  const withAws = (result.stdout ?? "")
    .split("\n")
    .filter((line) => line.endsWith("/registry.terraform.io"))
    .find((line) => fs.existsSync(path.join(line, "hashicorp", "aws")));
  return withAws === undefined ? undefined : path.dirname(withAws);
}

/**
 * Sets TERRAFORM_PROVIDER_MIRROR to the machine's provider mirror ({@link findProviderMirror})
 * when it is not set and there is one, for every offline run of this process and its children.
 */
export function useProviderMirrorIfFound(env: NodeJS.ProcessEnv = process.env): void {
  if (env[MIRROR_VARIABLE]) return;
  const mirror = findProviderMirror();
  if (mirror) env[MIRROR_VARIABLE] = mirror;
}

/**
 * The override that makes a synthesized stack plannable offline: a local backend in place of
 * S3, and every AWS provider configuration of the stack (the default one and each alias) set not
 * to check credentials, look up the account, or insist on an account id it cannot learn
 * (`allowed_account_ids` dropped).
 */
export function offlineOverride(stack: { provider?: Record<string, unknown> } = {}): object {
  const declared = stack.provider?.aws;
  const configurations = Array.isArray(declared) && declared.length > 0 ? declared : [{}];
  return {
    terraform: { backend: { local: { path: "offline.tfstate" } } },
    provider: {
      aws: configurations.map((configuration) => {
        const alias = (configuration as { alias?: unknown }).alias;
        return {
          ...(typeof alias === "string" ? { alias } : {}),
          allowed_account_ids: null,
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: "true",
          skip_region_validation: true,
        };
      }),
    },
  };
}

/**
 * Writes the offline override beside a stack's cdk.tf.json. Refuses a folder under cdktf.out
 * (or CDKTF_OUTDIR): `cdktf deploy` keeps stray files there, and would then deploy with local
 * state and no account guard.
 */
export function writeOfflineOverride(stackDir: string, env: NodeJS.ProcessEnv = process.env): void {
  const resolved = path.resolve(stackDir);
  const deployOutputs = [env.CDKTF_OUTDIR].filter((d): d is string => Boolean(d)).map((d) => path.resolve(d));
  const underDeployOutput =
    resolved.split(path.sep).includes("cdktf.out") ||
    deployOutputs.some((d) => resolved === d || resolved.startsWith(`${d}${path.sep}`));
  if (underDeployOutput) {
    throw new OfflineTerraformError(
      `refusing to write ${OFFLINE_OVERRIDE_FILE} into ${stackDir}: it is where cdktf deploys from. Synthesize into another folder for offline runs.`,
    );
  }
  const synthesized = path.join(stackDir, "cdk.tf.json");
  if (!fs.existsSync(synthesized)) {
    throw new OfflineTerraformError(`${stackDir} holds no cdk.tf.json: synthesize the stack first.`);
  }
  const stack = JSON.parse(fs.readFileSync(synthesized, "utf8")) as { provider?: Record<string, unknown> };
  fs.writeFileSync(path.join(stackDir, OFFLINE_OVERRIDE_FILE), `${JSON.stringify(offlineOverride(stack), null, 2)}\n`);
}

/** `terraform init` with the local backend; serialized across processes when a shared plugin cache is in use. */
export function offlineInit(stackDir: string): void {
  const tf = prepareOfflineTerraform();
  writeOfflineOverride(stackDir);
  const init = () => run(tf, stackDir, ["init", "-input=false", "-no-color", "-reconfigure"]);
  if (tf.pluginCacheDir) withDirectoryLock(path.join(tf.pluginCacheDir, ".lock"), init);
  else init();
}

/** A resource change as `terraform plan -json` reports it. */
export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  /** `create`, `update`, `delete`, `replace`, `read`, `noop` or `move`. */
  readonly action: string;
}

export interface PlanSummary {
  readonly add: number;
  readonly change: number;
  readonly remove: number;
}

export interface OfflinePlan {
  readonly summary: PlanSummary;
  readonly changes: readonly PlannedChange[];
  /** Warnings Terraform printed during the plan. */
  readonly warnings: readonly Diagnostic[];
  /** The plan file, for `terraform show`. */
  readonly planFile: string;
}

/** A plan made for reading: Terraform's own text, and the warnings in it. */
export interface OfflinePlanText {
  /** What `terraform plan` printed: every change, attribute by attribute, and the totals. */
  readonly text: string;
  readonly warnings: readonly Diagnostic[];
  /** The plan file, for `terraform show -json`. */
  readonly planFile: string;
}

/**
 * `terraform plan` into `offline.tfplan`, keeping the text Terraform prints (the same as
 * `terraform show` of the plan file would print, without starting the provider once more) and
 * the warnings among it. A failed plan (it validates the configuration first) throws with
 * Terraform's error messages, without the rest of its output.
 */
export function offlinePlanText(stackDir: string): OfflinePlanText {
  const tf = prepareOfflineTerraform();
  const args = ["plan", "-input=false", "-no-color", "-lock=false", "-out=offline.tfplan"];
  const result = spawnSync(tf.terraform, args, { cwd: stackDir, env: tf.env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw new OfflineTerraformError(`terraform plan did not start: ${result.error.message}. ${INSTALL_HINT}`);
  const diagnostics = diagnosticsInText(`${result.stdout}\n${result.stderr}`);
  if (result.status !== 0) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    const detail = errors.length > 0 ? formatDiagnostics(errors) : `${result.stderr}${result.stdout}`;
    throw new OfflineTerraformError(`terraform plan failed in ${stackDir} (exit ${result.status}):\n${detail}`);
  }
  return { text: result.stdout, warnings: diagnostics.filter((d) => d.severity === "warning"), planFile: path.join(stackDir, "offline.tfplan") };
}

/**
 * The diagnostics Terraform prints for people, each in a box:
 * `╷`, `│ Warning: <summary>`, `│ ` and the detail lines, `╵`.
 */
export function diagnosticsInText(text: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  let box: string[] | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("╷")) box = [];
    else if (line.startsWith("╵") && box !== undefined) {
      const match = /^(Warning|Error): (.*)$/.exec(box[0] ?? "");
      if (match) {
        const detail = box.slice(1).join("\n").trim();
        diagnostics.push({ severity: match[1] === "Error" ? "error" : "warning", summary: match[2]!, ...(detail ? { detail } : {}) });
      }
      box = undefined;
    } else if (box !== undefined) box.push(line.replace(/^│ ?/, ""));
  }
  return diagnostics;
}

/** Reads `terraform plan -json` output: the summary, each planned change and the warnings. */
export function parsePlanOutput(output: string, stackDir: string): Omit<OfflinePlan, "planFile"> {
  let summary: PlanSummary | undefined;
  const changes: PlannedChange[] = [];
  const warnings: Diagnostic[] = [];
  for (const line of output.split("\n")) {
    if (!line.startsWith("{")) continue;
    const event = JSON.parse(line) as PlanEvent;
    if (event.type === "planned_change" && event.change) {
      changes.push({
        address: event.change.resource.addr,
        type: event.change.resource.resource_type,
        action: event.change.action,
      });
    } else if (event.type === "change_summary" && event.changes) {
      summary = { add: event.changes.add, change: event.changes.change, remove: event.changes.remove };
    } else if (event.type === "diagnostic" && event.diagnostic?.severity === "warning") {
      warnings.push(event.diagnostic);
    }
  }
  if (!summary) throw new OfflineTerraformError(`terraform plan in ${stackDir} reported no change summary:\n${output}`);
  return { summary, changes, warnings };
}

interface PlanEvent {
  readonly type: string;
  readonly change?: { readonly resource: { readonly addr: string; readonly resource_type: string }; readonly action: string };
  readonly changes?: { readonly add: number; readonly change: number; readonly remove: number };
  readonly diagnostic?: Diagnostic;
}

/** The plan file of {@link offlinePlanText} as JSON (`terraform show -json`). */
export function showPlanJson(stackDir: string): PlanJson {
  return JSON.parse(run(prepareOfflineTerraform(), stackDir, ["show", "-json", "-no-color", "offline.tfplan"])) as PlanJson;
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => `  ${d.severity}: ${d.summary}${d.address ? ` (${d.address})` : ""}${d.detail ? `\n    ${d.detail.split("\n").join("\n    ")}` : ""}`)
    .join("\n");
}

function run(tf: Environment, cwd: string, args: string[]): string {
  const result = spawnSync(tf.terraform, args, { cwd, env: tf.env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw new OfflineTerraformError(`terraform ${args[0]} did not start: ${result.error.message}. ${INSTALL_HINT}`);
  if (result.status !== 0) {
    throw new OfflineTerraformError(`terraform ${args.join(" ")} failed in ${cwd} (exit ${result.status}):\n${result.stderr}${result.stdout}`);
  }
  return result.stdout;
}

/**
 * Takes a lock directory if it is free: true when taken, false while another process holds it.
 * Throws once the deadline has passed.
 */
function takeLock(lockDir: string, deadline: number): boolean {
  try {
    fs.mkdirSync(lockDir);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    if (Date.now() > deadline) throw new OfflineTerraformError(`timed out waiting for ${lockDir}; remove it if no Terraform is running`);
    return false;
  }
}

const LOCK_TIMEOUT_MS = 300_000;
const LOCK_POLL_MS = 200;

/** Runs `fn` while holding a lock directory, so parallel processes never share the plugin cache at once. */
function withDirectoryLock<T>(lockDir: string, fn: () => T): T {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  while (!takeLock(lockDir, deadline)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, LOCK_POLL_MS);
  try {
    return fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/** {@link withDirectoryLock} for an async task: waits without blocking the event loop. */
export async function withDirectoryLockAsync<T>(lockDir: string, task: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  while (!takeLock(lockDir, deadline)) await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  try {
    return await task();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}
