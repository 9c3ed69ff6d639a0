import { readFlag } from "../../json";
import { Rule } from "../../types";
import { judgeContainers } from "./_shared";

export const ecsNoPrivilegedContainers: Rule = {
  id: "ecs-no-privileged-containers",
  checkov: "CKV_AWS_334",
  level: "error",
  resourceTypes: ["aws_ecs_task_definition"],
  summary: "ECS task definition with a privileged container",
  why: "A privileged container has root on the host: one compromised process escapes to the instance and every other task on it.",
  check(task) {
    return judgeContainers(task, ({ label, definition }) => {
      const privileged = readFlag(definition.privileged, `${label}: privileged`, false);
      if (!privileged.ok) return [privileged.detail];
      return privileged.value ? [`${label} has privileged true`] : [];
    });
  },
};
