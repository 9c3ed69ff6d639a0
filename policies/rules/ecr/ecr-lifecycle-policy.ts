import { parseJsonAttribute } from "../../json";
import { fail, PolicySubject, Rule, verdictOf } from "../../types";

/** Why the lifecycle policy does not expire anything, or undefined when it has rules. */
function policyProblem(policy: PolicySubject): string | undefined {
  const parsed = parseJsonAttribute(policy.values.policy, `${policy.address} policy`);
  if (!parsed.ok) return parsed.detail;
  const rules = (parsed.value as { rules?: unknown } | null)?.rules;
  return Array.isArray(rules) && rules.length > 0 ? undefined : `${policy.address} policy has no rules`;
}

export const ecrLifecyclePolicy: Rule = {
  id: "ecr-lifecycle-policy",
  level: "error",
  resourceTypes: ["aws_ecr_repository"],
  summary: "ECR repository without a lifecycle policy",
  why: "Without one, every pushed image is kept forever: storage cost grows without bound and old vulnerable images stay pullable.",
  check(repository, context) {
    const name = repository.values.name;
    const policies = context
      .ofType("aws_ecr_lifecycle_policy")
      .filter((p) => context.resolve(p.values.repository) === repository || (typeof name === "string" && p.values.repository === name));
    if (policies.length === 0) return fail("no aws_ecr_lifecycle_policy refers to the repository");
    return verdictOf(policies.map(policyProblem).filter((p): p is string => p !== undefined));
  },
};
