import type { LambdaFunctionProps, LambdaNetwork } from "../../modules/lambda-function";
import type { FunctionCodeConfig } from "../config/product-schema";
import type { EnvironmentSettings } from "./context";
import type { PropSources } from "./module-problems";

// The functions of the product sections (a pool's trigger, a table's stream consumer): the
// lambda-function module's props from a section's code settings, and where each prop comes from.

export interface ProductFunctionOptions {
  /** Plain variables the stack gives the function. */
  readonly environment?: Readonly<Record<string, string>>;
  /** In the VPC's private subnets (to reach the database). */
  readonly network?: LambdaNetwork;
  /** The AWS APIs the code calls (checked against the network's egress). */
  readonly awsServices?: readonly string[];
}

/** The module's code and handler from a section's: a folder as it is, or an entry file bundled at synth. */
export function functionCode(code: Pick<FunctionCodeConfig, "codeFolder" | "entry" | "handler">): Pick<LambdaFunctionProps, "code" | "handler"> {
  if (code.entry !== undefined) return { code: { entry: code.entry }, handler: code.handler ?? "index.handler" };
  return { code: { folder: code.codeFolder ?? "" }, handler: code.handler };
}

/** A function of the environment named `<prefix>-<functionName>`, ARM64, traced, with the environment's log retention. */
export function productFunctionProps(context: EnvironmentSettings, functionName: string, code: FunctionCodeConfig, options: ProductFunctionOptions = {}): LambdaFunctionProps {
  return {
    name: context.namePrefix,
    functionName,
    region: context.region,
    accountId: context.accountId,
    ...functionCode(code),
    runtime: code.runtime as LambdaFunctionProps["runtime"],
    memoryMiB: code.memoryMiB,
    timeoutSeconds: code.timeoutSeconds,
    environment: options.environment,
    logRetentionDays: context.logRetentionDays,
    network: options.network,
    awsServices: options.awsServices,
    preventDestroy: context.protected,
  };
}

/** Where a product function's props come from, its code settings under `section` (`auth.postConfirmation`). */
export function productFunctionSources(section: string): PropSources {
  return {
    name: null,
    functionName: null,
    region: null,
    accountId: null,
    code: (rest) => (rest.startsWith(".entry") ? `${section}.entry` : `${section}.codeFolder`),
    runtime: `${section}.runtime`,
    handler: `${section}.handler`,
    memoryMiB: `${section}.memoryMiB`,
    timeoutSeconds: `${section}.timeoutSeconds`,
    // The stack's own variables.
    environment: null,
    logRetentionDays: "logRetentionDays",
    network: "network.egress",
    awsServices: () => "network.egress",
    preventDestroy: "protected",
  };
}
