import { hasText } from "../../json";
import { Rule } from "../../types";
import { judgeContainers } from "./_shared";

export const ecsContainerLogging: Rule = {
  id: "ecs-container-logging",
  level: "error",
  resourceTypes: ["aws_ecs_task_definition"],
  summary: "ECS container without a log configuration",
  why: "Without a log driver a container's output is lost when the task stops, and with it the evidence of what the container did.",
  check(task) {
    return judgeContainers(task, ({ label, definition }) => {
      const config = definition.logConfiguration;
      if (typeof config !== "object" || config === null) return [`${label} has no logConfiguration`];
      return hasText((config as Record<string, unknown>).logDriver) ? [] : [`${label} has a logConfiguration without a logDriver`];
    });
  },
};
