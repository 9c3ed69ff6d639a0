import type { LambdaRuntime } from "./runtimes";

export type { LambdaRuntime } from "./runtimes";

/**
 * Where the function's code comes from:
 * - `{ folder }`: a folder of the repository (absolute, or relative to the working directory of
 *   the process that synthesizes, the repository root for `cdktf synth`), zipped at synth,
 *   deterministically (see the README's "Packaging"). Needs `runtime` and `handler`.
 * - `{ imageUri }`: a container image in ECR, by digest:
 *   `<account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<64 hex digits>`, in the
 *   function's region. A tag is refused: tags move, so the code that runs would not be the code
 *   reviewed. The image brings its own runtime and entry point: no `runtime`, no `handler`.
 * - `{ entry, sourceMap?, minify? }`: a TypeScript (or JavaScript) handler file of the repository
 *   (`.ts`, `.mts`, `.js`, `.mjs`, inside the working directory), bundled at synth by esbuild
 *   into one `index.js` (CommonJS, tree-shaken, the AWS SDK v3 left to the runtime) and zipped
 *   deterministically. Node.js runtimes only; `handler` is `index.<export>` (default
 *   `index.handler`). See {@link LambdaEntryCode} and the README's "TypeScript handlers".
 */
export type LambdaCode = { readonly folder: string } | { readonly imageUri: string } | LambdaEntryCode;

/** A handler file bundled at synth by esbuild (`code: { entry }`). */
export interface LambdaEntryCode {
  /**
   * The handler file, absolute or relative to the working directory of the synth (the repository
   * root for `cdktf synth`), and inside it: `.ts`, `.mts`, `.js` or `.mjs`.
   */
  readonly entry: string;
  /**
   * Add a source map, `index.js.map` beside the bundle, and set `NODE_OPTIONS` to
   * `--enable-source-maps` (added to a `NODE_OPTIONS` of `environment`), so stack traces name
   * the TypeScript files and lines. Node then maps every stack trace it formats: a cost on cold
   * starts and on each error.
   * @default false
   */
  readonly sourceMap?: boolean;
  /**
   * Minify the bundle (whitespace, syntax, local names; exports keep theirs): a smaller package,
   * less readable stack traces without `sourceMap`.
   * @default false
   */
  readonly minify?: boolean;
}

/** The function's instruction set. arm64 (Graviton) costs about 20% less per GB-second than x86_64. */
export type LambdaArchitecture = "arm64" | "x86_64";

/** Levels of the function's own log lines (JSON logs) that Lambda keeps: this level and above. */
export type LambdaApplicationLogLevel = "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL";

/** Levels of the Lambda platform's log lines (`platform.start`, `platform.report`, ...) kept: this level and above. */
export type LambdaSystemLogLevel = "DEBUG" | "INFO" | "WARN";

/**
 * Who changes the running code after the first deploy:
 * - `terraform`: every apply deploys the code of `code` (a new version, the alias moved to it).
 * - `pipeline`: a delivery pipeline does (update the code, publish a version, move the alias);
 *   Terraform creates the function with the code of `code` once, then ignores the code and the
 *   alias's version, so an apply never rolls the pipeline's code back.
 */
export type LambdaCodeUpdates = "terraform" | "pipeline";

/**
 * The VPC the function runs in: its private subnets, and what they can reach. `Vpc2Az` fits; for
 * {@link lambdaFunctionPropProblems} a plain object will do, its ids unresolved tokens and
 * `egress` and `interfaceEndpointServices` real. The same shape as the migrations' `MigrationNetwork`.
 */
export interface LambdaNetwork {
  readonly vpcId: string;
  /** The subnets the function's network interfaces are placed in (two AZs, for availability). */
  readonly privateSubnetIds: readonly string[];
  /** The private subnets' egress; with `none`, only the S3 and DynamoDB gateway endpoints and interface endpoints are reachable. */
  readonly egress: "none" | "nat-instance" | "nat-gateway";
  /** The AWS services reachable through interface endpoints (`ssm`, `secretsmanager`, ...). */
  readonly interfaceEndpointServices: readonly string[];
}

/** Anything with a security group, to allow traffic to. */
export interface SecurityGroupPeer {
  readonly securityGroupId: string;
}

export interface LambdaFunctionProps {
  /** Prefix of every resource name, `${project}-${environment}` (e.g. `acme-staging`). */
  readonly name: string;

  /**
   * The function's role in the system (`api`, `worker`): lowercase letters, digits and hyphens,
   * starting with a letter. The function is named `${name}-${functionName}`, at most 64 characters
   * (Lambda's limit); its role, log group and failure queue are named after it.
   */
  readonly functionName: string;

  /** The AWS region (ARNs, the image's registry, the KMS conditions of the secrets). */
  readonly region: string;

  /** The AWS account (12 digits): ARNs of the function's own resources. */
  readonly accountId: string;

  /** The code: a folder zipped at synth, a handler file bundled at synth, or an ECR image by digest. */
  readonly code: LambdaCode;

  /**
   * The runtime of a folder's code: `python3.12`, `python3.13` or `nodejs22.x` (see
   * `LAMBDA_RUNTIMES` in runtimes.ts, with AWS's deprecation dates); a Node.js runtime with
   * `code.entry` (the bundle targets its Node.js). Refused with an image.
   * @default - required with `code.folder` and `code.entry`
   */
  readonly runtime?: LambdaRuntime;

  /**
   * The entry point of a folder's code. Python: `module.function`, the module a dotted path
   * (`config.asgi.handler` is `handler` in `config/asgi.py`). Node.js: `file.export`, the file a
   * path without its extension (`dist/handler.main` is `main` of `dist/handler.js`, `.mjs` or
   * `.cjs`). The file must be in the folder. With `code.entry`, `index.<the entry's export>`.
   * Refused with an image.
   * @default - required with `code.folder`; "index.handler" with `code.entry`
   */
  readonly handler?: string;

  /**
   * The instruction set; native dependencies in the folder (or the image) must be built for it.
   * @default "arm64" - about 20% cheaper than x86_64
   */
  readonly architecture?: LambdaArchitecture;

  /**
   * Memory in MiB, 128 to 10240; CPU grows with it (one full vCPU at 1769 MiB). Billed per
   * GB-second with the duration.
   * @default 512
   */
  readonly memoryMiB?: number;

  /**
   * Seconds an invocation may run, 1 to 900. Behind an HTTP API, API Gateway stops waiting at
   * 30 seconds whatever the function's timeout (the client gets a 503 while the function runs on):
   * keep it at 30 or below for a function that serves requests.
   * @default 30
   */
  readonly timeoutSeconds?: number;

  /**
   * Plain environment variables. Never secrets: names that look like one (`*_PASSWORD`,
   * `*_SECRET`, `*_TOKEN`, `*_API_KEY`, ...) are refused here and belong in `secrets`, as are the
   * names Lambda reserves (`AWS_REGION`, `AWS_LAMBDA_*`, `_HANDLER`, `LAMBDA_TASK_ROOT`, ...).
   * With the `<NAME>_ARN` variables of `secrets`, at most 4 KB (Lambda's limit).
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;

  /**
   * Secrets the code reads at run time, by variable name: an SSM parameter ARN
   * (`arn:aws:ssm:<region>:<account>:parameter/<name>`) or a Secrets Manager secret's full ARN
   * (with the 6-character suffix). No value is read at deploy: the function gets `<NAME>_ARN`
   * holding the ARN, and the role may read exactly these (`ssm:GetParameter`,
   * `secretsmanager:GetSecretValue`, and `kms:Decrypt` through those services only).
   * @default {}
   */
  readonly secrets?: Readonly<Record<string, string>>;

  /** Retention of the function's log group `/aws/lambda/<function name>`, in days. */
  readonly logRetentionDays: number;

  /**
   * The lowest level of the function's own JSON log lines that Lambda keeps.
   * @default "INFO"
   */
  readonly applicationLogLevel?: LambdaApplicationLogLevel;

  /**
   * The lowest level of Lambda's platform log lines that are kept.
   * @default "WARN" - no `platform.start`/`platform.report` lines (the metrics hold their figures)
   */
  readonly systemLogLevel?: LambdaSystemLogLevel;

  /**
   * X-Ray active tracing: Lambda samples invocations and records their segments; the role may
   * write traces. Off, Lambda only passes a caller's trace header on.
   * @default true
   */
  readonly tracing?: boolean;

  /**
   * Run the function in a VPC's private subnets, with a security group of its own (no ingress):
   * to reach a private database. Without it the function runs in Lambda's own network and
   * reaches AWS APIs and the internet, but nothing in a VPC.
   * @default - no VPC
   */
  readonly network?: LambdaNetwork;

  /**
   * The AWS APIs the function's code calls, as endpoint service names (`s3`, `sqs`, `ssm`,
   * `dynamodb`, ...). In a VPC without NAT (`network.egress: "none"`) each must be reachable:
   * `s3` and `dynamodb` through the VPC's gateway endpoints, the others through `network.interfaceEndpointServices`.
   * `ssm` and `secretsmanager` are added for `secrets`. Without `network` nothing is checked.
   * @default [] - only what `secrets` implies
   */
  readonly awsServices?: readonly string[];

  /**
   * Concurrent executions reserved for the function, 1 to 1000: it never runs more at once, and
   * the rest of the account can never take them. Size it to what the database can hold. Free.
   * New accounts have a concurrency quota of 10, and AWS keeps 100 unreserved, so reserving
   * fails until the quota is raised (Service Quotas, "Concurrent executions").
   * @default - none: the function shares the account's unreserved pool
   */
  readonly reservedConcurrency?: number;

  /**
   * Retries of a failed asynchronous invocation (0 to 2) before the event goes to the failure queue.
   * @default 2
   */
  readonly asyncRetryAttempts?: number;

  /**
   * Seconds an asynchronous event may wait to be processed (60 to 21600) before it goes to the
   * failure queue unprocessed.
   * @default 3600
   */
  readonly asyncMaxEventAgeSeconds?: number;

  /**
   * Who changes the running code after the first deploy: Terraform (every apply), or a delivery
   * pipeline (Terraform then ignores the code and the alias's version).
   * @default "terraform"
   */
  readonly codeUpdates?: LambdaCodeUpdates;

  /**
   * The alias callers invoke (integrations target it), pointing at the latest published version.
   * Letters, digits, `-` and `_`, not only digits.
   * @default "live"
   */
  readonly aliasName?: string;

  /**
   * Terraform `prevent_destroy` on the failure queue: it may hold the only record of events that
   * failed.
   * @default false
   */
  readonly preventDestroy?: boolean;
}
