export { isUserError, runCommand } from "./run-command";
export { UserError } from "./user-error";
