import { fail, Rule, verdictOf } from "../../types";
import { containersOf, readFlag } from "./_shared";

export const ecsNoPrivilegedContainers: Rule = {
  id: "ecs-no-privileged-containers",
  checkov: "CKV_AWS_334",
  level: "error",
  resourceTypes: ["aws_ecs_task_definition"],
  summary: "ECS task definition with a privileged container",
  why: "A privileged container has root on the host: one compromised process escapes to the instance and every other task on it.",
  check(task) {
    const containers = containersOf(task);
    if (!containers.ok) return fail(containers.detail);
    const problems: string[] = [];
    for (const { label, definition } of containers.value) {
      const privileged = readFlag(definition.privileged, `${label}: privileged`, false);
      if (!privileged.ok) problems.push(privileged.detail);
      else if (privileged.value) problems.push(`${label} has privileged true`);
    }
    return verdictOf(problems);
  },
};
