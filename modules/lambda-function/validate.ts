import * as fs from "node:fs";
import * as path from "node:path";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ACCOUNT_ID_PATTERN, SECRETS_MANAGER_ARN, SSM_PARAMETER_ARN } from "../shared/arn";
import { ENVIRONMENT_VARIABLE_NAME, ENVIRONMENT_VARIABLE_NAME_RULE, environmentVariableProblems } from "../shared/environment-variables";
import { isUnresolved, PropProblem, propProblems, PropsValidator } from "../shared/errors";
import { isKnownRegion, regionProblem } from "../shared/regions";
import { isValidNamePrefix, NAME_PREFIX_RULE } from "../_internal/naming";
import type {
  LambdaApplicationLogLevel,
  LambdaArchitecture,
  LambdaCodeUpdates,
  LambdaFunctionProps,
  LambdaSystemLogLevel,
} from "./props";
import { BundleError, ENTRY_EXTENSIONS, esbuildTarget, packageEntry } from "./bundle";
import { handlerModule, handlerProblem, LAMBDA_RUNTIMES, LambdaRuntime, runtimeProblem } from "./runtimes";

/** Lambda's limit on a function name. */
export const MAX_FUNCTION_NAME_LENGTH = 64;
/** Lambda's limit on a function's environment variables: their JSON, as Lambda measures it, in bytes. */
export const MAX_ENVIRONMENT_BYTES = 4096;
/** The AWS services Lambda's VPC always reaches without NAT or interface endpoints: `Vpc2Az` has the S3 and DynamoDB gateway endpoints. */
export const GATEWAY_ENDPOINT_SERVICES: readonly string[] = ["s3", "dynamodb"];

/**
 * The environment variables Lambda sets itself and refuses in a function's configuration, as AWS
 * documents them ("Defined runtime environment variables"). Every other `AWS_LAMBDA_*` name is
 * refused too (AWS adds its own there), except {@link UNRESERVED_AWS_LAMBDA_VARIABLES}.
 */
export const RESERVED_ENVIRONMENT_VARIABLES: readonly string[] = [
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_DEFAULT_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_LAMBDA_RUNTIME_API",
  "AWS_REGION",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "LAMBDA_RUNTIME_DIR",
  "LAMBDA_TASK_ROOT",
  "TZ",
];

/** `AWS_LAMBDA_*` names AWS documents as settable: a wrapper script for the runtime's start. */
export const UNRESERVED_AWS_LAMBDA_VARIABLES: readonly string[] = ["AWS_LAMBDA_EXEC_WRAPPER"];

/** True for a variable name Lambda reserves. */
export function isReservedVariable(name: string): boolean {
  if (RESERVED_ENVIRONMENT_VARIABLES.includes(name)) return true;
  return name.startsWith("AWS_LAMBDA_") && !UNRESERVED_AWS_LAMBDA_VARIABLES.includes(name);
}

/** The props with every default filled in, once checked. */
export interface Settings {
  /** `${name}-${functionName}`. */
  readonly functionName: string;
  /** `folder` and `entry` are both zips (an entry's bundle is zipped as a folder is). */
  readonly codeKind: "folder" | "entry" | "image";
  readonly runtime: LambdaRuntime | undefined;
  readonly handler: string | undefined;
  readonly architecture: LambdaArchitecture;
  readonly memoryMiB: number;
  readonly timeoutSeconds: number;
  /** The function's variables: `environment`, then a `<NAME>_ARN` for each secret. */
  readonly variables: Readonly<Record<string, string>>;
  /** The SSM parameter ARNs of `secrets`, sorted, each once. */
  readonly parameterArns: readonly string[];
  /** The Secrets Manager secret ARNs of `secrets`, sorted, each once. */
  readonly secretArns: readonly string[];
  readonly logRetentionDays: number;
  readonly applicationLogLevel: LambdaApplicationLogLevel;
  readonly systemLogLevel: LambdaSystemLogLevel;
  readonly tracing: boolean;
  /** The AWS services the code calls: `awsServices` and what `secrets` implies, sorted, each once. */
  readonly awsServices: readonly string[];
  /** Whether the function's security group lets it out on HTTPS (only with `network`). */
  readonly httpsEgress: boolean;
  readonly reservedConcurrency: number | undefined;
  readonly asyncRetryAttempts: number;
  readonly asyncMaxEventAgeSeconds: number;
  readonly codeUpdates: LambdaCodeUpdates;
  readonly aliasName: string;
  readonly preventDestroy: boolean;
}

/**
 * Every problem with a `LambdaFunction`'s props, without building anything: what the constructor
 * would refuse (the folder is looked at, not packaged: its size is checked when the function is
 * built; an entry is bundled, once per process, so its compile errors and a handler it does not
 * export are found here and the construct reuses the bundle). The environment config runs it before any construct exists, so `network` may be a
 * plain object whose ids are unresolved tokens (they are not checked).
 */
export function lambdaFunctionPropProblems(props: LambdaFunctionProps): readonly PropProblem[] {
  return propProblems(() => validate(undefined, props));
}

const FUNCTION_ROLE = /^[a-z][a-z0-9-]*[a-z0-9]$|^[a-z]$/;
const ALIAS_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const AWS_SERVICE = /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/;
/** A private ECR image: account, region, repository, and a digest or a tag. */
const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9][a-z0-9._/-]*)(?:@sha256:([a-f0-9]{64})|:([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))$/;
const APPLICATION_LOG_LEVELS: readonly LambdaApplicationLogLevel[] = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
const SYSTEM_LOG_LEVELS: readonly LambdaSystemLogLevel[] = ["DEBUG", "INFO", "WARN"];
const EGRESS_MODES = ["none", "nat-instance", "nat-gateway"] as const;

/** `handler` with `code.entry`: `index.<export>`, the bundle being `index.js`. */
const ENTRY_HANDLER = /^index\.[A-Za-z_$][A-Za-z0-9_$]*$/;
const SOURCE_MAPS_FLAG = "--enable-source-maps";

/** `NODE_OPTIONS` with source maps on: the flag, after what `environment` gives (unless it has it). */
function withSourceMaps(given: string | undefined): string {
  if (given === undefined || given.trim() === "") return SOURCE_MAPS_FLAG;
  return !Token.isUnresolved(given) && given.split(/\s+/).includes(SOURCE_MAPS_FLAG) ? given : `${given} ${SOURCE_MAPS_FLAG}`;
}

/** True when `child` is `parent` or inside it. */
function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/**
 * Checks `code.entry` (the file, its options, the runtime, the handler's form), then bundles it
 * (once per process: the construct reuses the bundle) and checks the handler names an export.
 * Returns the handler, `index.handler` by default.
 */
function entryProblems(v: PropsValidator, props: LambdaFunctionProps, code: { entry?: unknown; sourceMap?: unknown; minify?: unknown }): string {
  const cwd = process.cwd();
  const entry = String(code.entry);
  let entryOk = false;
  if (typeof code.entry !== "string" || Token.isUnresolved(entry)) {
    v.fail("code.entry", "must be a literal path known at synth (the handler is bundled then), not a reference resolved at apply", Token.isUnresolved(entry) ? "an unresolved token" : code.entry);
  } else {
    const resolved = path.resolve(entry);
    const exists = fs.existsSync(resolved);
    const extensionOk = ENTRY_EXTENSIONS.includes(path.extname(entry));
    v.check(extensionOk, "code.entry", `must be a handler file ending in ${ENTRY_EXTENSIONS.join(", ")} (esbuild bundles it into index.js)`, entry);
    const isFile = exists && fs.statSync(resolved).isFile();
    v.check(
      isFile,
      "code.entry",
      `must be an existing file (absolute, or relative to the working directory ${cwd}); ${exists ? "this is a folder" : "nothing is there"}`,
      entry,
    );
    // Through links too: esbuild follows them, and a path outside would name the checkout in the bundle.
    const inside = isInside(cwd, resolved) && (!exists || isInside(fs.realpathSync(cwd), fs.realpathSync(resolved)));
    v.check(
      inside,
      "code.entry",
      `must be inside the working directory ${cwd}: the bundle's paths are relative to it, so the same sources give the same package wherever the repository is checked out`,
      entry,
    );
    entryOk = extensionOk && isFile && inside;
  }
  let optionsOk = true;
  for (const option of ["sourceMap", "minify"] as const) {
    const value = code[option];
    if (value === undefined || typeof value === "boolean") continue;
    optionsOk = false;
    v.fail(`code.${option}`, "must be true or false, known at synth (the handler is bundled then)", isUnresolved(value) ? "an unresolved token" : value);
  }
  const runtime = props.runtime;
  let runtimeOk = false;
  if (runtime === undefined) {
    v.fail("runtime", `is required with code.entry: a Node.js runtime (${nodeRuntimes().join(", ")})`, runtime);
  } else {
    const problem = runtimeProblem(runtime);
    if (problem !== undefined) v.fail("runtime", problem, runtime);
    else if (LAMBDA_RUNTIMES[runtime].family !== "nodejs" || esbuildTarget(runtime) === undefined) {
      v.fail("runtime", `must be a Node.js runtime with code.entry (${nodeRuntimes().join(", ")}): the bundle is JavaScript; give a Python function code.folder`, runtime);
    } else runtimeOk = true;
  }
  const handler = props.handler ?? "index.handler";
  const handlerOk = ENTRY_HANDLER.test(handler);
  v.check(handlerOk, "handler", 'must be "index.<export>" with code.entry (the bundle is index.js), e.g. "index.handler"', handler);
  if (!entryOk || !runtimeOk || !optionsOk) return handler;

  let bundle;
  try {
    bundle = packageEntry(entry, { runtime: runtime!, sourceMap: code.sourceMap === true, minify: code.minify === true });
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    v.fail("code.entry", `must bundle with esbuild: ${error.messages.join("; ")}`, entry);
    return handler;
  }
  const exported = handler.slice("index.".length);
  if (handlerOk && bundle.exportsKnown && !bundle.exports.includes(exported)) {
    v.fail(
      "handler",
      `names ${exported}, which ${entry} does not export (it exports ${bundle.exports.join(", ") || "nothing"}): export the handler function as ${exported}, or name one of its exports (index.<export>)`,
      handler,
    );
  }
  return handler;
}

/** The supported Node.js runtimes, for messages. */
function nodeRuntimes(): string[] {
  return Object.entries(LAMBDA_RUNTIMES)
    .filter(([, info]) => info.family === "nodejs")
    .map(([name]) => name);
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/**
 * Checks the props and fills in the defaults. With a construct it throws a `PropsError` naming
 * it; without one (`lambdaFunctionPropProblems`) it stops for `propProblems` to collect.
 */
export function validate(scope: Construct | undefined, props: LambdaFunctionProps): Settings {
  const v = new PropsValidator(scope, "LambdaFunction");
  v.requireLiterals(props, [
    "name",
    "functionName",
    "runtime",
    "handler",
    "architecture",
    "memoryMiB",
    "timeoutSeconds",
    "reservedConcurrency",
    "codeUpdates",
    "aliasName",
    "tracing",
  ]);

  // Names and place
  v.check(isValidNamePrefix(props.name), "name", NAME_PREFIX_RULE, props.name);
  v.check(
    FUNCTION_ROLE.test(props.functionName) && !props.functionName.includes("--"),
    "functionName",
    'must be lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen (e.g. "api")',
    props.functionName,
  );
  const functionName = `${props.name}-${props.functionName}`;
  v.check(
    functionName.length <= MAX_FUNCTION_NAME_LENGTH,
    "functionName",
    `makes the function name "${functionName}" ${functionName.length} characters long; Lambda allows ${MAX_FUNCTION_NAME_LENGTH} for name and functionName together (with the hyphen)`,
    props.functionName,
  );
  v.check(isKnownRegion(props.region), "region", regionProblem(props.region) ?? "", props.region);
  v.check(ACCOUNT_ID_PATTERN.test(props.accountId), "accountId", 'must be a 12-digit AWS account id (e.g. "123456789012")', props.accountId);

  // Code, runtime and handler
  const code = props.code as { folder?: unknown; imageUri?: unknown; entry?: unknown; sourceMap?: unknown; minify?: unknown } | undefined;
  let codeKind: "folder" | "entry" | "image" = "folder";
  let handlerOfEntry: string | undefined;
  const kinds = code === undefined ? 0 : [code.folder, code.imageUri, code.entry].filter((k) => k !== undefined).length;
  if (code === undefined || kinds !== 1) {
    v.fail("code", "must be { folder } (a folder of the repository, zipped at synth), { entry } (a TypeScript handler bundled at synth) or { imageUri } (an ECR image by digest), exactly one", code);
  } else if (code.entry !== undefined) {
    codeKind = "entry";
    handlerOfEntry = entryProblems(v, props, code);
  } else if (code.imageUri !== undefined) {
    codeKind = "image";
    const imageUri = String(code.imageUri);
    if (!Token.isUnresolved(imageUri)) {
      const match = ECR_IMAGE.exec(imageUri);
      if (match === null) {
        v.fail("code.imageUri", "must be an ECR image by digest: <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<64 hex digits>", imageUri);
      } else if (match[5] !== undefined) {
        v.fail(
          "code.imageUri",
          "must name the image by digest (@sha256:<64 hex digits>), not by tag: tags move, so the code that runs would not be the code that was reviewed, and an apply would not notice a new image behind the same tag; find the digest with docker buildx imagetools inspect <image>:<tag>",
          imageUri,
        );
      } else if (match[2] !== props.region && !Token.isUnresolved(props.region)) {
        v.fail("code.imageUri", `must be in the function's region (${props.region}): Lambda runs images from an ECR registry of its own region only`, imageUri);
      }
    }
    if (props.runtime !== undefined) v.fail("runtime", "applies only to code.folder: an image brings its own runtime", props.runtime);
    if (props.handler !== undefined) v.fail("handler", "applies only to code.folder: an image names its own entry point (CMD)", props.handler);
  } else {
    const folder = String(code.folder);
    if (Token.isUnresolved(folder)) {
      v.fail("code.folder", "must be a literal path known at synth (the folder is zipped then), not a reference resolved at apply", "an unresolved token");
    } else {
      const resolved = path.resolve(folder);
      const isDirectory = fs.existsSync(resolved) && fs.statSync(resolved).isDirectory();
      v.check(
        isDirectory,
        "code.folder",
        `must be an existing folder (absolute, or relative to the working directory ${process.cwd()}); ${fs.existsSync(resolved) ? "this is a file" : "nothing is there"}`,
        folder,
      );
      const runtime = props.runtime;
      if (runtime === undefined) {
        v.fail("runtime", `is required with code.folder: one of ${Object.keys(LAMBDA_RUNTIMES).join(", ")}`, runtime);
      } else {
        const problem = runtimeProblem(runtime);
        if (problem !== undefined) v.fail("runtime", problem, runtime);
      }
      const handler = props.handler;
      if (handler === undefined) {
        v.fail("handler", 'is required with code.folder: module.function for Python (e.g. "app.handler"), file.export for Node.js (e.g. "index.handler")', handler);
      } else if (runtime !== undefined && runtimeProblem(runtime) === undefined) {
        const family = LAMBDA_RUNTIMES[runtime].family;
        const problem = handlerProblem(family, handler);
        if (problem !== undefined) {
          v.fail("handler", problem, handler);
        } else if (isDirectory) {
          const files = handlerModule(family, handler).files;
          v.check(
            files.some((file) => fs.existsSync(path.join(resolved, file))),
            "handler",
            `names a module the folder ${folder} does not hold: expected ${files.join(" or ")} in it`,
            handler,
          );
        }
      }
    }
  }

  const architecture = props.architecture ?? "arm64";
  v.check(architecture === "arm64" || architecture === "x86_64", "architecture", 'must be "arm64" or "x86_64"', architecture);
  const memoryMiB = props.memoryMiB ?? 512;
  v.checkWholeNumber("memoryMiB", memoryMiB, 128, 10240, { unit: "MiB", why: "what Lambda offers" });
  const timeoutSeconds = props.timeoutSeconds ?? 30;
  v.checkWholeNumber("timeoutSeconds", timeoutSeconds, 1, 900, { unit: "seconds", why: "Lambda's limit; behind an HTTP API, API Gateway stops waiting at 30" });

  // Environment and secrets
  const environment = props.environment ?? {};
  const secrets = props.secrets ?? {};
  for (const problem of environmentVariableProblems(environment, Object.keys(secrets))) v.fail(problem.prop, problem.expected, problem.given);
  for (const key of Object.keys(environment)) {
    if (isReservedVariable(key)) {
      v.fail(`environment.${key}`, "is a name Lambda reserves (it sets the variable itself, and refuses it in a function's configuration); choose another name", key);
    }
  }
  const variables: Record<string, string> = { ...environment };
  // A bundle's source map is used only when Node is told to (stack traces then name the TypeScript lines).
  if (codeKind === "entry" && code?.sourceMap === true) variables.NODE_OPTIONS = withSourceMaps(environment.NODE_OPTIONS);
  const parameterArns: string[] = [];
  const secretArns: string[] = [];
  for (const [key, arn] of Object.entries(secrets)) {
    v.check(ENVIRONMENT_VARIABLE_NAME.test(key), `secrets.${key}`, ENVIRONMENT_VARIABLE_NAME_RULE, key);
    const arnName = `${key}_ARN`;
    if (Token.isUnresolved(arn)) {
      v.fail(
        `secrets.${key}`,
        "must be a literal ARN known at synth (the role is granted exactly that parameter or secret, and the ARN decides which service it is)",
        "an unresolved token",
      );
    } else if (SSM_PARAMETER_ARN.test(arn)) {
      parameterArns.push(arn);
    } else if (SECRETS_MANAGER_ARN.test(arn)) {
      secretArns.push(arn);
    } else {
      v.fail(
        `secrets.${key}`,
        "must be the ARN of an SSM parameter (arn:aws:ssm:<region>:<account>:parameter/<name>) or the full ARN of a Secrets Manager secret, with the 6-character suffix AWS adds to its name (arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf), never the secret itself",
        "a value that is not such an ARN (not shown: it may be the secret)",
      );
    }
    if (Object.prototype.hasOwnProperty.call(environment, arnName)) {
      v.fail(`secrets.${key}`, `gives the function the variable ${arnName} (the secret's ARN), which environment sets too; rename one of them`, key);
    } else if (isReservedVariable(arnName)) {
      v.fail(`secrets.${key}`, `gives the function the variable ${arnName} (the secret's ARN), a name Lambda reserves; choose another name`, key);
    }
    variables[arnName] = arn;
  }
  // Values known only at apply count as empty: a lower bound, so the check still fires when the
  // literal variables alone are too large (tokens' own lengths are unknown here).
  const measured = Object.fromEntries(
    Object.entries(variables).map(([key, value]) => [Token.isUnresolved(key) ? "" : key, Token.isUnresolved(value) ? "" : value]),
  );
  const bytes = Buffer.byteLength(JSON.stringify(measured), "utf8");
  v.check(
    bytes <= MAX_ENVIRONMENT_BYTES,
    "environment",
    `must fit in Lambda's ${MAX_ENVIRONMENT_BYTES} bytes for all variables, secrets' <NAME>_ARN included (measured as their JSON, values known only at apply counted as empty); keep large settings in Parameter Store`,
    `${bytes} bytes`,
  );

  // Logs and tracing
  v.checkLogRetention("logRetentionDays", props.logRetentionDays);
  const applicationLogLevel = props.applicationLogLevel ?? "INFO";
  v.check(APPLICATION_LOG_LEVELS.includes(applicationLogLevel), "applicationLogLevel", `must be one of ${APPLICATION_LOG_LEVELS.join(", ")}`, applicationLogLevel);
  const systemLogLevel = props.systemLogLevel ?? "WARN";
  v.check(SYSTEM_LOG_LEVELS.includes(systemLogLevel), "systemLogLevel", `must be one of ${SYSTEM_LOG_LEVELS.join(", ")}`, systemLogLevel);

  // Network and the AWS services the code calls
  const given = props.awsServices ?? [];
  given.forEach((service, i) =>
    v.check(AWS_SERVICE.test(service), `awsServices[${i}]`, 'must be an AWS endpoint service name in lowercase (e.g. "s3", "sqs", "ssm", "ecr.api")', service),
  );
  const implied = [...(parameterArns.length > 0 ? ["ssm"] : []), ...(secretArns.length > 0 ? ["secretsmanager"] : [])];
  const awsServices = sortedUnique([...given, ...implied]);
  let httpsEgress = false;
  const network = props.network;
  if (network !== undefined) {
    v.check(
      isUnresolved(network.privateSubnetIds) || network.privateSubnetIds.length > 0,
      "network.privateSubnetIds",
      "must list at least one subnet (two, in two AZs, for availability)",
      network.privateSubnetIds,
    );
    v.check(EGRESS_MODES.includes(network.egress), "network.egress", `must be one of ${EGRESS_MODES.map((e) => `"${e}"`).join(", ")}`, network.egress);
    if (network.egress === "none") {
      const reachable = new Set([...GATEWAY_ENDPOINT_SERVICES, ...network.interfaceEndpointServices]);
      const missing = awsServices.filter((service) => !reachable.has(service));
      if (missing.length > 0) {
        const why = implied.some((service) => missing.includes(service)) ? " (ssm and secretsmanager come with secrets)" : "";
        v.fail(
          "network",
          `gives the function no route to the AWS services its code calls${why}: egress is "none" and there are no interface endpoints for ${missing.join(", ")}. Give the VPC NAT egress (egress "nat-instance", about $7 a month, or "nat-gateway", about $37 a month each) or interface endpoints for ${missing.join(", ")} (about $15 a month each, in two AZs), or drop them from awsServices if the code does not call them`,
          { egress: network.egress, interfaceEndpointServices: network.interfaceEndpointServices, awsServices },
        );
      }
    }
    httpsEgress = network.egress !== "none" || awsServices.length > 0;
  }

  // Concurrency and asynchronous invocations
  const reservedConcurrency = props.reservedConcurrency;
  if (reservedConcurrency !== undefined) v.checkWholeNumber("reservedConcurrency", reservedConcurrency, 1, 1000);
  const asyncRetryAttempts = props.asyncRetryAttempts ?? 2;
  v.checkWholeNumber("asyncRetryAttempts", asyncRetryAttempts, 0, 2, { why: "Lambda's limit" });
  const asyncMaxEventAgeSeconds = props.asyncMaxEventAgeSeconds ?? 3600;
  v.checkWholeNumber("asyncMaxEventAgeSeconds", asyncMaxEventAgeSeconds, 60, 21600, { unit: "seconds", why: "Lambda's limits: a minute to six hours" });

  // Versions and the alias
  const codeUpdates = props.codeUpdates ?? "terraform";
  v.check(codeUpdates === "terraform" || codeUpdates === "pipeline", "codeUpdates", 'must be "terraform" or "pipeline"', codeUpdates);
  const aliasName = props.aliasName ?? "live";
  v.check(
    ALIAS_NAME.test(aliasName) && !/^\d+$/.test(aliasName),
    "aliasName",
    "must be 1 to 128 letters, digits, - and _, and not only digits (that would be a version number)",
    aliasName,
  );

  v.throwIfInvalid();
  return {
    functionName,
    codeKind,
    runtime: codeKind === "image" ? undefined : props.runtime,
    handler: codeKind === "image" ? undefined : (handlerOfEntry ?? props.handler),
    architecture,
    memoryMiB,
    timeoutSeconds,
    variables,
    parameterArns: sortedUnique(parameterArns),
    secretArns: sortedUnique(secretArns),
    logRetentionDays: props.logRetentionDays,
    applicationLogLevel,
    systemLogLevel,
    tracing: props.tracing ?? true,
    awsServices,
    httpsEgress,
    reservedConcurrency,
    asyncRetryAttempts,
    asyncMaxEventAgeSeconds,
    codeUpdates,
    aliasName,
    preventDestroy: props.preventDestroy ?? false,
  };
}
