import { fail, Rule, verdictOf } from "../../types";
import { containersOf } from "./_shared";

const SECRET_WORDS = new Set(["PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "CREDENTIAL", "CREDENTIALS", "AUTH"]);
const SECRET_PAIRS = new Set(["ACCESS_KEY", "API_KEY", "PRIVATE_KEY"]);
/** A last word saying the variable points at or describes a secret rather than holding it. */
const POINTER_WORDS = new Set(["ARN", "FILE", "PATH", "URL", "URI", "ENDPOINT", "HOST", "NAME", "ISSUER", "ENABLED", "TTL"]);

const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/;
const SECRET_ACCESS_KEY = /^[A-Za-z0-9/+]{40}$/;
const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:[^\s@/]+@/i;

/**
 * A secret-like name: split into words at `_`, `-`, `.` and camelCase humps, it contains one of
 * SECRET_WORDS or two adjacent words forming one of SECRET_PAIRS, and its last word is not one of
 * POINTER_WORDS. `DB_PASSWORD`, `GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY` are secret-like;
 * `DB_SECRET_ARN`, `TOKEN_ISSUER_URL`, `PASSWORD_FILE` are not.
 */
export function isSecretLikeName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w !== "");
  if (words.length === 0 || POINTER_WORDS.has(words[words.length - 1]!)) return false;
  return words.some((w, i) => SECRET_WORDS.has(w) || (i > 0 && SECRET_PAIRS.has(`${words[i - 1]}_${w}`)));
}

/** What a literal value gives away, if anything. */
function secretInValue(value: string, nextToAccessKeyId: boolean): string | undefined {
  if (ACCESS_KEY_ID.test(value)) return "holds an AWS access key id";
  if (PRIVATE_KEY.test(value)) return "holds a private key";
  if (URL_WITH_PASSWORD.test(value)) return "holds a URL with an inline password";
  if (nextToAccessKeyId && SECRET_ACCESS_KEY.test(value)) return "holds what looks like the AWS secret access key of that access key id";
  return undefined;
}

const isReference = (value: string): boolean => /^\$\{[^}]*\}$/.test(value.trim());

export const ecsNoSecretsInEnvironment: Rule = {
  id: "ecs-no-secrets-in-environment",
  trivy: "AVD-AWS-0036",
  level: "error",
  resourceTypes: ["aws_ecs_task_definition"],
  summary: "ECS container with a secret in its plain environment",
  why: "Environment values are stored in clear in the task definition, which anyone with ecs:DescribeTaskDefinition can read; secrets belong in `secrets` with valueFrom pointing at Secrets Manager or SSM.",
  check(task) {
    const containers = containersOf(task);
    if (!containers.ok) return fail(containers.detail);
    const problems: string[] = [];
    for (const { label, definition } of containers.value) {
      const environment = definition.environment ?? [];
      if (!Array.isArray(environment)) {
        problems.push(`${label}: environment is not a list`);
        continue;
      }
      const entries = environment.map((e: unknown) => (typeof e === "object" && e !== null ? (e as Record<string, unknown>) : {}));
      const literals = entries.map((e) => (typeof e.value === "string" && !isReference(e.value) ? e.value : undefined));
      const hasAccessKeyId = literals.some((v) => v !== undefined && ACCESS_KEY_ID.test(v));
      entries.forEach((entry, i) => {
        const name = typeof entry.name === "string" ? entry.name : `environment[${i}]`;
        if (isSecretLikeName(name)) problems.push(`${label}: environment ${name} has a secret-like name; pass it in secrets with valueFrom`);
        const literal = literals[i];
        const found = literal === undefined ? undefined : secretInValue(literal, hasAccessKeyId);
        if (found !== undefined) problems.push(`${label}: environment ${name} ${found}`);
      });
    }
    return verdictOf(problems);
  },
};
