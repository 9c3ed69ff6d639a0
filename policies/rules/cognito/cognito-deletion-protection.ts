import { fail, pass, Rule } from "../../types";
import { shown, USER_POOLS } from "./_shared";

/**
 * In a protected environment a user pool sets `deletion_protection = "ACTIVE"` (the provider's
 * default is `INACTIVE`). `data-prevent-destroy` also asks for `lifecycle.prevent_destroy` on
 * the pool: that stops Terraform, this stops everyone else (the console, the CLI, another stack).
 */
export const cognitoDeletionProtection: Rule = {
  id: "cognito-deletion-protection",
  level: "error",
  resourceTypes: USER_POOLS,
  attributes: ["deletion_protection"],
  protectedOnly: true,
  summary: "Cognito user pool without deletion protection",
  why: "Deleting a user pool deletes every user in it, their passwords and MFA settings, with no backup to restore from: every user would have to sign up again; with protection Cognito refuses until it is turned off on purpose.",
  check(pool) {
    const value = pool.values.deletion_protection;
    if (value === "ACTIVE") return pass();
    if (value === undefined || value === null) return fail('deletion_protection is not set (the provider\'s default is "INACTIVE"): set deletion_protection = "ACTIVE"');
    return fail(`deletion_protection is ${shown(value)}: set deletion_protection = "ACTIVE"`);
  },
};
