/**
 * How every command of the project (`main.ts`, the scripts) runs: a user error prints its
 * message alone and gives exit code 1; anything else is a bug and keeps its stack trace.
 */
import { ConfigError } from "../environments/config";
import { PreviewError } from "../environments/preview";
import { PropsError } from "../modules/shared/errors";
import { PolicyError } from "../policies/suppress";
import { UserError } from "./user-error";

/** Errors that are the user's to fix (a config, a preview's name or expiry, a module's props, a policy rule, a command's {@link UserError}): their message says it all. */
export function isUserError(error: unknown): error is Error {
  return error instanceof ConfigError || error instanceof PreviewError || error instanceof PropsError || error instanceof PolicyError || error instanceof UserError;
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
