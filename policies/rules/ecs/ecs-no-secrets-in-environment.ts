import { isExpression } from "../../json";
import { AWS_ACCESS_KEY_ID, isSecretLikeName, secretInValue } from "../../secrets";
import { Rule } from "../../types";
import { judgeContainers } from "./_shared";

export const ecsNoSecretsInEnvironment: Rule = {
  id: "ecs-no-secrets-in-environment",
  trivy: "AVD-AWS-0036",
  level: "error",
  resourceTypes: ["aws_ecs_task_definition"],
  summary: "ECS container with a secret in its plain environment",
  why: "Environment values are stored in clear in the task definition, which anyone with ecs:DescribeTaskDefinition can read; secrets belong in `secrets` with valueFrom pointing at Secrets Manager or SSM.",
  check(task) {
    return judgeContainers(task, ({ label, definition }) => {
      const environment = definition.environment ?? [];
      if (!Array.isArray(environment)) return [`${label}: environment is not a list`];
      const entries = environment.map((e: unknown) => (typeof e === "object" && e !== null ? (e as Record<string, unknown>) : {}));
      const literals = entries.map((e) => (typeof e.value === "string" && !isExpression(e.value) ? e.value : undefined));
      const hasAccessKeyId = literals.some((v) => v !== undefined && AWS_ACCESS_KEY_ID.test(v));
      const problems: string[] = [];
      entries.forEach((entry, i) => {
        const name = typeof entry.name === "string" ? entry.name : `environment[${i}]`;
        if (isSecretLikeName(name)) problems.push(`${label}: environment ${name} has a secret-like name; pass it in secrets with valueFrom`);
        const literal = literals[i];
        const found = literal === undefined ? undefined : secretInValue(literal, hasAccessKeyId);
        if (found !== undefined) problems.push(`${label}: environment ${name} ${found}`);
      });
      return problems;
    });
  },
};
