import { isSecretLikeName } from "../../secrets";
import { fail, pass, Rule } from "../../types";

/**
 * The part of a parameter name that says what it holds: its last path segment with Terraform
 * expressions taken out, or the one before when nothing literal is left
 * (`/app/passwords/${each.key}` -> `passwords`).
 */
function meaningfulSegment(name: string): string {
  const literals = name.split("/").map((segment) => segment.replace(/\$\{[^}]*\}/g, "").trim());
  return literals.filter((literal) => literal !== "").pop() ?? "";
}

/**
 * A parameter whose name looks like a secret (password, secret, token, API or private key,
 * credentials; see policies/secrets.ts) has `type` SecureString. Names that point at a secret
 * (`/db/secret-arn`) and other parameters pass.
 */
export const ssmSecureString: Rule = {
  id: "ssm-secure-string",
  level: "error",
  resourceTypes: ["aws_ssm_parameter"],
  summary: "SSM parameter named like a secret is not a SecureString",
  why: "String parameters are stored unencrypted and readable by anyone with ssm:GetParameter, and show in the console and in Terraform plans.",
  check(parameter) {
    const name = String(parameter.values.name ?? "");
    if (!isSecretLikeName(meaningfulSegment(name)) || parameter.values.type === "SecureString") return pass();
    return fail(`${name} looks like a secret but type is ${parameter.values.type === undefined ? "not set" : String(parameter.values.type)}; use SecureString`);
  },
};
