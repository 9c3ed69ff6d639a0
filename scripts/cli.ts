import { ConfigError } from "../environments/config";
import { PropsError } from "../modules/shared/errors";
import { PolicyError } from "../policies/suppressions";
import { OfflineTerraformError } from "./offline-terraform";

/** Errors that are the user's to fix (a config, a module's props, a policy rule, Terraform missing): their message says it all. */
export function isUserError(error: unknown): error is Error {
  return error instanceof ConfigError || error instanceof PropsError || error instanceof PolicyError || error instanceof OfflineTerraformError;
}

/**
 * Runs a command. A user error prints its message and gives exit code 1; anything else is a bug
 * and keeps its stack trace.
 */
export function runCommand(stderr: Pick<NodeJS.WriteStream, "write">, command: () => number): number {
  try {
    return command();
  } catch (error) {
    if (isUserError(error)) {
      stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
