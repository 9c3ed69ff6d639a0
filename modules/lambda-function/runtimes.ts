/**
 * The Lambda runtimes this module accepts for a folder's code, and why it refuses the others.
 *
 * Compiled on 2026-12-02 from the AWS Lambda runtimes page (docs.aws.amazon.com/lambda/latest/dg/
 * lambda-runtimes.html: the "Supported runtimes" and "Deprecated runtimes" tables, Python and
 * Node.js rows), checked against what the pinned provider accepts: hashicorp/aws 5.100.0
 * validates `runtime` against a list of its own, which does not hold the newest runtimes.
 *
 * When AWS deprecates a runtime, move it to DEPRECATED_RUNTIMES (with the date); when the
 * provider is upgraded, move its new runtimes to LAMBDA_RUNTIMES (and update the date above).
 * Until then the module refuses them, and the message points here.
 */
export const RUNTIMES_COMPILED_ON = "2026-12-02";

/** The runtimes a function's folder can run on. */
export type LambdaRuntime = "python3.12" | "python3.13" | "nodejs22.x";

/** The language of a runtime: it decides the handler's form and the module file's name. */
export type RuntimeFamily = "python" | "nodejs";

export interface RuntimeInfo {
  readonly family: RuntimeFamily;
  /** The date AWS deprecates the runtime (it stops patching it; later, creating and updating functions on it is blocked). */
  readonly deprecation: string;
}

/** The supported runtimes, oldest first within each family. */
export const LAMBDA_RUNTIMES: Readonly<Record<LambdaRuntime, RuntimeInfo>> = {
  "python3.12": { family: "python", deprecation: "2028-10-31" },
  "python3.13": { family: "python", deprecation: "2029-06-30" },
  "nodejs22.x": { family: "nodejs", deprecation: "2027-04-30" },
};

/** The newest supported runtime of each family: what a refusal suggests. */
export const NEWEST_RUNTIME: Readonly<Record<RuntimeFamily, LambdaRuntime>> = {
  python: "python3.13",
  nodejs: "nodejs22.x",
};

/** Runtimes AWS has deprecated, with the date. */
export const DEPRECATED_RUNTIMES: Readonly<Record<string, { readonly family: RuntimeFamily; readonly deprecatedOn: string }>> = {
  "python3.11": { family: "python", deprecatedOn: "2026-06-30" },
  "python3.10": { family: "python", deprecatedOn: "2026-06-30" },
  "python3.9": { family: "python", deprecatedOn: "2025-12-15" },
  "nodejs20.x": { family: "nodejs", deprecatedOn: "2026-04-30" },
  "nodejs18.x": { family: "nodejs", deprecatedOn: "2025-09-01" },
};

/** Runtimes AWS supports that the pinned provider's validation rejects. */
export const PROVIDER_UNSUPPORTED_RUNTIMES: Readonly<Record<string, { readonly family: RuntimeFamily }>> = {
  "python3.14": { family: "python" },
  "nodejs24.x": { family: "nodejs" },
};

/** The provider release whose validation decides PROVIDER_UNSUPPORTED_RUNTIMES. */
export const PINNED_PROVIDER = "hashicorp/aws 5.100.0";

/** True for a runtime this module supports. */
export function isSupportedRuntime(runtime: string): runtime is LambdaRuntime {
  return Object.prototype.hasOwnProperty.call(LAMBDA_RUNTIMES, runtime);
}

/**
 * Why a runtime is refused (undefined when it is supported), phrased to follow the prop's name:
 * `runtime <reason>; got "python3.11"`.
 */
export function runtimeProblem(runtime: string): string | undefined {
  if (isSupportedRuntime(runtime)) return undefined;
  const supported = Object.keys(LAMBDA_RUNTIMES).join(", ");
  const where = `(modules/lambda-function/runtimes.ts, compiled on ${RUNTIMES_COMPILED_ON})`;
  const deprecated = Object.prototype.hasOwnProperty.call(DEPRECATED_RUNTIMES, runtime) ? DEPRECATED_RUNTIMES[runtime] : undefined;
  if (deprecated !== undefined) {
    return `was deprecated by AWS on ${deprecated.deprecatedOn}; use ${NEWEST_RUNTIME[deprecated.family]} ${where}`;
  }
  const unsupported = Object.prototype.hasOwnProperty.call(PROVIDER_UNSUPPORTED_RUNTIMES, runtime) ? PROVIDER_UNSUPPORTED_RUNTIMES[runtime] : undefined;
  if (unsupported !== undefined) {
    return `is supported by AWS but not by the pinned provider ${PINNED_PROVIDER} (its validation rejects it); use ${NEWEST_RUNTIME[unsupported.family]} until the provider is upgraded ${where}`;
  }
  return `is not a Lambda Python or Node.js runtime this module supports; use one of ${supported} ${where}`;
}

const PYTHON_IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]*";
/** `module.function`, the module a dotted path of identifiers: `app.handler`, `config.asgi.handler`. */
const PYTHON_HANDLER = new RegExp(`^${PYTHON_IDENTIFIER}(\\.${PYTHON_IDENTIFIER})+$`);
/** `file.export`, the file a relative path without extension: `index.handler`, `dist/handler.main`. */
const NODE_HANDLER = /^(?:[A-Za-z0-9_-]+\/)*[A-Za-z0-9_-]+\.[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The files a handler's module may be, relative to the code's folder (posix separators). */
export interface HandlerModule {
  /** The candidates, any one of which is the module. */
  readonly files: readonly string[];
}

/**
 * Why a handler does not fit its runtime's form (undefined when it does), phrased to follow the
 * prop's name.
 */
export function handlerProblem(family: RuntimeFamily, handler: string): string | undefined {
  if (family === "python") {
    return PYTHON_HANDLER.test(handler)
      ? undefined
      : 'must be module.function for Python, the module a dotted path of identifiers (e.g. "app.handler" or "config.asgi.handler")';
  }
  return NODE_HANDLER.test(handler)
    ? undefined
    : 'must be file.export for Node.js, the file a relative path without its extension (e.g. "index.handler" or "dist/handler.main")';
}

/** The files that may hold a well-formed handler's module: `config/asgi.py` or `config/asgi/__init__.py`; `dist/handler.js`, `.mjs` or `.cjs`. */
export function handlerModule(family: RuntimeFamily, handler: string): HandlerModule {
  const module = handler.slice(0, handler.lastIndexOf("."));
  if (family === "python") {
    const base = module.split(".").join("/");
    return { files: [`${base}.py`, `${base}/__init__.py`] };
  }
  return { files: [".js", ".mjs", ".cjs"].map((extension) => `${module}${extension}`) };
}
