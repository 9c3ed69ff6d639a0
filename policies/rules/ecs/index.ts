import type { Rule } from "../../types";
import { ecsContainerLogging } from "./ecs-container-logging";
import { ecsDeploymentCircuitBreaker } from "./ecs-deployment-circuit-breaker";
import { ecsExecRoleDiffersFromTaskRole } from "./ecs-exec-role-differs-from-task-role";
import { ecsNoHostNamespaces } from "./ecs-no-host-namespaces";
import { ecsNoPrivilegedContainers } from "./ecs-no-privileged-containers";
import { ecsNoSecretsInEnvironment } from "./ecs-no-secrets-in-environment";
import { ecsServiceNoPublicIp } from "./ecs-service-no-public-ip";

export const ECS_RULES: readonly Rule[] = [
  ecsNoPrivilegedContainers,
  ecsNoHostNamespaces,
  ecsNoSecretsInEnvironment,
  ecsContainerLogging,
  ecsExecRoleDiffersFromTaskRole,
  ecsDeploymentCircuitBreaker,
  ecsServiceNoPublicIp,
];
