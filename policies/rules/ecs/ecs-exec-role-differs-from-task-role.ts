import { unreadable } from "../../json";
import { fail, pass, Rule } from "../../types";

export const ecsExecRoleDiffersFromTaskRole: Rule = {
  id: "ecs-exec-role-differs-from-task-role",
  checkov: "CKV_AWS_249",
  level: "error",
  resourceTypes: ["aws_ecs_task_definition"],
  summary: "ECS task definition using one role as both execution role and task role",
  why: "The execution role may pull images and read the task's secrets; as the task role it hands those rights to the application code, and to anyone who compromises it.",
  check(task, context) {
    const execution = task.values.execution_role_arn;
    const taskRole = task.values.task_role_arn;
    for (const [what, value] of [["execution_role_arn", execution], ["task_role_arn", taskRole]] as const) {
      if (value !== undefined && value !== null && typeof value !== "string") return fail(unreadable(what, value));
    }
    if (typeof execution !== "string" || typeof taskRole !== "string" || execution.trim() === "" || taskRole.trim() === "") return pass();
    if (execution.trim() === taskRole.trim()) return fail(`execution_role_arn and task_role_arn are both ${execution.trim()}`);
    const role = context.resolve(execution);
    if (role !== undefined && role === context.resolve(taskRole)) return fail(`execution_role_arn and task_role_arn both refer to ${role.address}`);
    return pass();
  },
};
