/**
 * An error a command's user fixes, whose message says it all (Terraform missing, a stack never
 * deployed): a command's own errors extend it, and `runCommand` prints them without a stack
 * trace. A leaf, so that the scripts that define such errors load nothing else.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}
