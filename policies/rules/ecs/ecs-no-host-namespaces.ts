import { Rule, verdictOf } from "../../types";

const NAMESPACES = ["pid_mode", "ipc_mode", "network_mode"] as const;

export const ecsNoHostNamespaces: Rule = {
  id: "ecs-no-host-namespaces",
  checkov: "CKV_AWS_335",
  level: "error",
  resourceTypes: ["aws_ecs_task_definition"],
  summary: "ECS task definition sharing the host's process, IPC or network namespace",
  why: "A task in the host's namespaces sees and can signal the host's processes, read its shared memory or bind its ports, so isolation between tasks and the instance is gone.",
  check(task) {
    const problems: string[] = [];
    for (const attribute of NAMESPACES) {
      const value = task.values[attribute];
      if (value === "host") problems.push(`${attribute} is host`);
      else if (typeof value === "string" && value.includes("${")) problems.push(`${attribute} is ${value}, which the pack cannot read at synth`);
    }
    return verdictOf(problems);
  },
};
