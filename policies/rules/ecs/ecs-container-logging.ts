import { fail, Rule, verdictOf } from "../../types";
import { containersOf } from "./_shared";

export const ecsContainerLogging: Rule = {
  id: "ecs-container-logging",
  level: "error",
  resourceTypes: ["aws_ecs_task_definition"],
  summary: "ECS container without a log configuration",
  why: "Without a log driver a container's output is lost when the task stops, and with it the evidence of what the container did.",
  check(task) {
    const containers = containersOf(task);
    if (!containers.ok) return fail(containers.detail);
    const problems: string[] = [];
    for (const { label, definition } of containers.value) {
      const config = definition.logConfiguration;
      if (typeof config !== "object" || config === null) problems.push(`${label} has no logConfiguration`);
      else if (!hasDriver(config as Record<string, unknown>)) problems.push(`${label} has a logConfiguration without a logDriver`);
    }
    return verdictOf(problems);
  },
};

function hasDriver(config: Readonly<Record<string, unknown>>): boolean {
  return typeof config.logDriver === "string" && config.logDriver.trim() !== "";
}
