import { block, numberOf, readFlag, unreadable } from "../../json";
import { fail, Rule, verdictOf } from "../../types";
import { USER_POOLS } from "./_shared";

const MINIMUM_LENGTH = 12;
/** The character classes required, by attribute. Symbols are not among them: see `why`. */
const REQUIRED_CLASSES = [
  ["require_lowercase", "a lowercase letter"],
  ["require_uppercase", "an uppercase letter"],
  ["require_numbers", "a number"],
] as const;

/**
 * A user pool's `password_policy` sets `minimum_length` to at least 12 and requires lowercase
 * letters, uppercase letters and numbers. Without the block Cognito uses its default policy
 * (8 characters), which fails; inside the block an omitted `require_*` is sent as false.
 * `require_symbols` is not required.
 */
export const cognitoPasswordPolicy: Rule = {
  id: "cognito-password-policy",
  level: "error",
  resourceTypes: USER_POOLS,
  attributes: ["password_policy"],
  summary: `Cognito user pool accepting passwords shorter than ${MINIMUM_LENGTH} characters or without mixed letters and numbers`,
  why: `Short passwords fall to guessing and credential stuffing first, and each character adds more strength than any rule about its kind; cdk-nag's AwsSolutions-COG1 asks for 8 characters and symbols as well, this pack asks for ${MINIMUM_LENGTH} characters and does not require symbols (NIST SP 800-63B advises length over composition rules, and a symbol rule mostly yields "Password1!").`,
  check(pool) {
    const policy = block(pool.values.password_policy);
    if (policy === undefined) {
      return fail(
        `password_policy is not set: Cognito's default accepts 8 characters; set password_policy { minimum_length = ${MINIMUM_LENGTH}, require_lowercase = true, require_uppercase = true, require_numbers = true }`,
      );
    }
    const problems: string[] = [];
    const length = numberOf(policy.minimum_length);
    if (length === "missing") problems.push(`password_policy.minimum_length is not set (Cognito's default 8): set it to at least ${MINIMUM_LENGTH}`);
    else if (length === "unreadable") problems.push(unreadable("password_policy.minimum_length", policy.minimum_length));
    else if (length < MINIMUM_LENGTH) problems.push(`password_policy.minimum_length is ${length}: set it to at least ${MINIMUM_LENGTH}`);
    for (const [attribute, what] of REQUIRED_CLASSES) {
      const flag = readFlag(policy[attribute], `password_policy.${attribute}`, false);
      if (!flag.ok) problems.push(flag.detail);
      else if (!flag.value) {
        problems.push(
          policy[attribute] === undefined || policy[attribute] === null
            ? `password_policy.${attribute} is not set (false): set it to true so every password has ${what}`
            : `password_policy.${attribute} is false: set it to true so every password has ${what}`,
        );
      }
    }
    return verdictOf(problems);
  },
};
