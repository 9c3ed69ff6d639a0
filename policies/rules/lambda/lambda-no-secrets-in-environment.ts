import { block, isExpression } from "../../json";
import { AWS_ACCESS_KEY_ID, isSecretLikeName, secretInValue } from "../../secrets";
import { fail, Rule, verdictOf } from "../../types";

/** An SSM parameter or Secrets Manager secret ARN: what a `<X>_ARN` variable of a secret should hold. */
const SECRET_STORE_ARN = /^arn:aws[a-z-]*:(ssm|secretsmanager):[^:]*:[^:]*:(parameter\/|secret:)/;
/** The reference suffix `_ARN` (`-arn`, `Arn`) a name ends with. */
const ARN_SUFFIX = /[_\-.]?(ARN|Arn|arn)$/;

/**
 * No environment variable of a function is named like a secret (`DB_PASSWORD`, `API_KEY`, see
 * `isSecretLikeName` in policies/secrets.ts) or holds one (an AWS access key id and the secret
 * key beside it, a private key, a URL with an inline password). A variable named `<X>_ARN`
 * refers to a secret rather than holding it and passes, as long as its literal value is an SSM
 * parameter or Secrets Manager ARN (or a reference, known at apply): `DB_SECRET_ARN=hunter2`
 * fails. Values are never printed.
 */
export const lambdaNoSecretsInEnvironment: Rule = {
  id: "lambda-no-secrets-in-environment",
  checkov: "CKV_AWS_45",
  level: "error",
  resourceTypes: ["aws_lambda_function"],
  summary: "Lambda function with a secret in its environment variables",
  why: "Environment variables are stored with the function's configuration, returned by lambda:GetFunctionConfiguration to anyone allowed to read it, and kept in Terraform state; the function should read the secret at run time from SSM Parameter Store or Secrets Manager, given its ARN.",
  check(fn) {
    const environment = block(fn.values.environment);
    const variables = environment?.variables;
    if (variables === undefined || variables === null) return verdictOf([]);
    if (typeof variables !== "object" || Array.isArray(variables)) {
      return fail(`environment.variables is ${isExpression(variables) ? "a Terraform expression" : "not a map"}, which the pack cannot read at synth`);
    }
    const entries = Object.entries(variables as Record<string, unknown>);
    const literals = entries.map(([, v]) => (typeof v === "string" && !v.includes("${") ? v : undefined));
    const hasAccessKeyId = literals.some((v) => v !== undefined && AWS_ACCESS_KEY_ID.test(v));
    const problems: string[] = [];
    entries.forEach(([name], i) => {
      const value = literals[i];
      if (isSecretLikeName(name)) {
        problems.push(`environment variable ${name} has a secret-like name; read the secret at run time and pass its ARN in ${name}_ARN`);
      } else if (ARN_SUFFIX.test(name) && isSecretLikeName(name.replace(ARN_SUFFIX, "")) && value !== undefined && !SECRET_STORE_ARN.test(value)) {
        problems.push(`environment variable ${name} is named as the ARN of a secret but holds no SSM parameter or Secrets Manager ARN`);
      }
      const found = value === undefined ? undefined : secretInValue(value, hasAccessKeyId);
      if (found !== undefined) problems.push(`environment variable ${name} ${found}`);
    });
    return verdictOf(problems);
  },
};
