import { block, blocks } from "../../json";
import { Rule, verdictOf } from "../../types";
import { AWS_ACCESS_KEY_ID, isSecretLikeName } from "../../secrets";

/**
 * No PLAINTEXT environment variable (the provider's default `type`) of a project is named like a
 * secret (`AWS_SECRET_ACCESS_KEY`, `DB_PASSWORD`, `GITHUB_TOKEN`, ...) or holds an AWS access key
 * id. PARAMETER_STORE and SECRETS_MANAGER variables carry a reference, not the secret: they pass.
 */
export const codebuildNoPlaintextSecrets: Rule = {
  id: "codebuild-no-plaintext-secrets",
  level: "error",
  resourceTypes: ["aws_codebuild_project"],
  summary: "CodeBuild project has a secret in a plaintext environment variable",
  why: "Plaintext variables are stored in the project, shown in the console and returned by BatchGetProjects to anyone with read access, and sit in Terraform state.",
  check(project) {
    return verdictOf(
      blocks(block(project.values.environment)?.environment_variable).flatMap((v) => {
        const type = v.type ?? "PLAINTEXT";
        if (type !== "PLAINTEXT") return [];
        const name = String(v.name ?? "");
        if (typeof v.value === "string" && AWS_ACCESS_KEY_ID.test(v.value)) return [`environment_variable ${name} holds an AWS access key id in plaintext`];
        return isSecretLikeName(name) ? [`environment_variable ${name} is type ${String(type)}; use PARAMETER_STORE or SECRETS_MANAGER`] : [];
      }),
    );
  },
};
