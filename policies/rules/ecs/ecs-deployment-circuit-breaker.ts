import { block, readFlag, unreadable } from "../../json";
import { fail, notApplicable, Rule, verdictOf } from "../../types";

export const ecsDeploymentCircuitBreaker: Rule = {
  id: "ecs-deployment-circuit-breaker",
  level: "error",
  resourceTypes: ["aws_ecs_service"],
  summary: "ECS service without a deployment circuit breaker that rolls back",
  why: "Without the circuit breaker a deployment whose tasks never become healthy keeps replacing them indefinitely; with rollback ECS returns to the last working deployment by itself.",
  check(service) {
    const controller = block(service.values.deployment_controller)?.type ?? "ECS";
    if (controller === "CODE_DEPLOY" || controller === "EXTERNAL") return notApplicable(`deployment_controller is ${controller}`);
    if (controller !== "ECS") return fail(unreadable("deployment_controller.type", controller));
    const breaker = block(service.values.deployment_circuit_breaker);
    if (breaker === undefined) return fail("deployment_circuit_breaker is missing");
    const problems: string[] = [];
    for (const attribute of ["enable", "rollback"] as const) {
      const flag = readFlag(breaker[attribute], `deployment_circuit_breaker.${attribute}`, false);
      if (!flag.ok) problems.push(flag.detail);
      else if (!flag.value) problems.push(`deployment_circuit_breaker.${attribute} is not true`);
    }
    return verdictOf(problems);
  },
};
