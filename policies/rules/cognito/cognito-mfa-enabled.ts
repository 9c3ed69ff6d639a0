import { block, hasText, readFlag } from "../../json";
import { fail, notApplicable, pass, PolicySubject, Rule } from "../../types";
import { shown, USER_POOLS } from "./_shared";

const FIX = 'set mfa_configuration = "ON" (or "OPTIONAL") with software_token_mfa_configuration { enabled = true }';

/** The second factors the pool configures, or the reason one of them cannot be read. */
function secondFactors(pool: PolicySubject): { factors: string[]; problems: string[] } {
  const factors: string[] = [];
  const problems: string[] = [];
  const token = block(pool.values.software_token_mfa_configuration);
  if (token !== undefined) {
    const enabled = readFlag(token.enabled, "software_token_mfa_configuration.enabled", false);
    if (!enabled.ok) problems.push(enabled.detail);
    else if (enabled.value) factors.push("authenticator app (software_token_mfa_configuration)");
  }
  const sms = block(pool.values.sms_configuration);
  if (sms !== undefined && hasText(sms.sns_caller_arn)) factors.push("SMS (sms_configuration)");
  if (block(pool.values.email_mfa_configuration) !== undefined) factors.push("email (email_mfa_configuration)");
  return { factors, problems };
}

/**
 * A user pool whose sign-in takes a password sets `mfa_configuration` to `ON` or `OPTIONAL`
 * (missing is the provider's `OFF`) and configures a second factor for it: an authenticator app
 * (`software_token_mfa_configuration.enabled = true`), SMS (`sms_configuration` with its SNS
 * role) or email (`email_mfa_configuration`). A pool whose `sign_in_policy` allows no password as
 * first factor (passkeys, one-time codes only) is not applicable: Cognito has no MFA for those.
 */
export const cognitoMfaEnabled: Rule = {
  id: "cognito-mfa-enabled",
  level: "error",
  resourceTypes: USER_POOLS,
  attributes: ["mfa_configuration"],
  summary: "Cognito user pool whose users sign in with a password alone",
  why: "A password is the factor that leaks (reuse across sites, phishing, credential stuffing); with a second factor a stolen password alone no longer opens the account. AWS Config's cognito-user-pool-mfa-enabled treats this as required; OPTIONAL passes here, since it lets each user turn MFA on, where OFF lets no one.",
  check(pool) {
    const firstFactors = block(pool.values.sign_in_policy)?.allowed_first_auth_factors;
    if (Array.isArray(firstFactors) && firstFactors.length > 0 && firstFactors.every((f) => typeof f === "string" && !f.includes("${")) && !firstFactors.includes("PASSWORD")) {
      return notApplicable(`sign_in_policy.allowed_first_auth_factors ${JSON.stringify(firstFactors)} takes no password`);
    }
    const mfa = pool.values.mfa_configuration;
    if (mfa === undefined || mfa === null) return fail(`mfa_configuration is not set (the provider's default is "OFF"): ${FIX}`);
    if (mfa === "OFF") return fail(`mfa_configuration is "OFF": ${FIX}`);
    if (mfa !== "ON" && mfa !== "OPTIONAL") return fail(`mfa_configuration is ${shown(mfa)}: ${FIX}`);
    const { factors, problems } = secondFactors(pool);
    if (problems.length > 0) return fail(problems.join("; "));
    if (factors.length > 0) return pass();
    return fail(
      `mfa_configuration is "${mfa}" but no second factor is configured: set software_token_mfa_configuration { enabled = true }, or an sms_configuration with its sns_caller_arn, or an email_mfa_configuration`,
    );
  },
};
