import { Token } from "cdktf";
import type { PropProblem } from "./errors";

/** A process environment variable's name: letters, digits and `_`, not starting with a digit. */
export const ENVIRONMENT_VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What {@link ENVIRONMENT_VARIABLE_NAME} asks for, as a prop problem says it. */
export const ENVIRONMENT_VARIABLE_NAME_RULE = "must be a variable name: letters, digits and _, not starting with a digit";

/**
 * Variable names that hold secrets by convention (`DB_PASSWORD`, `GITHUB_TOKEN`, `STRIPE_API_KEY`,
 * `AWS_SECRET_ACCESS_KEY`, `CREDENTIALS`): their values belong in a module's `secrets`.
 */
export const SECRET_LOOKING_VARIABLE_NAME = /(^|_)(PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|PRIVATE_KEY|ACCESS_KEY|CREDENTIALS?)(_|$)/i;

/**
 * The problems of a workload's plain environment variables (`environment` of a Fargate service
 * or a Lambda function), in the order of the variables, each under `environment.<NAME>`:
 * - a name that is not a variable name;
 * - a name that looks like a secret's ({@link SECRET_LOOKING_VARIABLE_NAME}) with a literal value
 *   (the value is never shown: it may be the secret); an unresolved value is left alone;
 * - a name also among `secretNames` (the workload's `secrets`): a variable comes from one or the other.
 *
 * Pure: a module's validator records what it returns.
 */
export function environmentVariableProblems(
  environment: Readonly<Record<string, string>>,
  secretNames: readonly string[],
): PropProblem[] {
  const problems: PropProblem[] = [];
  for (const [key, value] of Object.entries(environment)) {
    const prop = `environment.${key}`;
    if (!ENVIRONMENT_VARIABLE_NAME.test(key)) problems.push({ prop, expected: ENVIRONMENT_VARIABLE_NAME_RULE, given: key });
    if (SECRET_LOOKING_VARIABLE_NAME.test(key) && !Token.isUnresolved(value)) {
      problems.push({
        prop,
        expected: "looks like a secret; pass it through secrets (a Parameter Store or Secrets Manager ARN), never as a plain value",
        given: "a plain value (not shown)",
      });
    }
    if (secretNames.includes(key)) problems.push({ prop, expected: "is also in secrets; a variable comes from one or the other", given: key });
  }
  return problems;
}
