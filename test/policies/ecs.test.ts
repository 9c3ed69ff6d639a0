import { ecsContainerLogging } from "../../policies/rules/ecs/ecs-container-logging";
import { ecsDeploymentCircuitBreaker } from "../../policies/rules/ecs/ecs-deployment-circuit-breaker";
import { ecsExecRoleDiffersFromTaskRole } from "../../policies/rules/ecs/ecs-exec-role-differs-from-task-role";
import { ecsNoHostNamespaces } from "../../policies/rules/ecs/ecs-no-host-namespaces";
import { ecsNoPrivilegedContainers } from "../../policies/rules/ecs/ecs-no-privileged-containers";
import { ecsNoSecretsInEnvironment } from "../../policies/rules/ecs/ecs-no-secrets-in-environment";
import { ecsServiceNoPublicIp } from "../../policies/rules/ecs/ecs-service-no-public-ip";
import type { Rule } from "../../policies";
import { expectFlagged, expectPass, Fixture, resultFor } from "./harness";

const TASK = "aws_ecs_task_definition.t";
const SERVICE = "aws_ecs_service.s";

const container = (values: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: "app",
  image: "${aws_ecr_repository.r.repository_url}:1.0.0",
  essential: true,
  environment: [
    { name: "APP_ENV", value: "staging" },
    { name: "MEDIA_BUCKET", value: "${aws_s3_bucket.b.bucket}" },
  ],
  secrets: [{ name: "DB_PASSWORD", valueFrom: "${aws_secretsmanager_secret.s.arn}:password::" }],
  logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "${aws_cloudwatch_log_group.l.name}" } },
  ...values,
});
const task = (containers: readonly Record<string, unknown>[] | string, values: Record<string, unknown> = {}): Fixture => ({
  type: "aws_ecs_task_definition",
  name: "t",
  values: {
    family: "api",
    network_mode: "awsvpc",
    requires_compatibilities: ["FARGATE"],
    execution_role_arn: "${aws_iam_role.execution.arn}",
    task_role_arn: "${aws_iam_role.task.arn}",
    container_definitions: typeof containers === "string" ? containers : JSON.stringify(containers),
    ...values,
  },
});
const service = (values: Record<string, unknown> = {}): Fixture => ({
  type: "aws_ecs_service",
  name: "s",
  values: {
    name: "api",
    task_definition: "${aws_ecs_task_definition.t.arn}",
    deployment_circuit_breaker: { enable: true, rollback: true },
    network_configuration: { subnets: ["${aws_subnet.private.id}"], security_groups: ["${aws_security_group.g.id}"], assign_public_ip: false },
    ...values,
  },
});

/** Every rule that reads container_definitions fails, never passes, on JSON it cannot read. */
function unreadableJsonTests(rule: Rule): void {
  it("fails synth for container_definitions that are not valid JSON", () => {
    expect(expectFlagged(rule, [task("[{ not json")], TASK)).toContain("container_definitions is not valid JSON");
  });

  it("fails synth for container_definitions that are a whole Terraform expression", () => {
    expect(expectFlagged(rule, [task("${data.template_file.containers.rendered}")], TASK)).toContain("container_definitions is a Terraform expression");
  });

  it("fails synth for container_definitions that are not a list of objects", () => {
    expect(expectFlagged(rule, [task('{"name":"app"}')], TASK)).toContain("container_definitions is not a JSON array");
    expect(expectFlagged(rule, [task('["app"]')], TASK)).toContain("container_definitions[0] is not an object");
  });
}

describe("ecs-no-privileged-containers", () => {
  it("passes containers that are not privileged", () => {
    expectPass(ecsNoPrivilegedContainers, [task([container(), container({ name: "sidecar", privileged: false })])], TASK);
  });

  it("fails synth for a privileged container", () => {
    const message = expectFlagged(ecsNoPrivilegedContainers, [task([container(), container({ name: "sidecar", privileged: true })])], TASK);
    expect(message).toContain("container sidecar has privileged true");
    expect(message).not.toContain("container app");
  });

  it("fails synth for a privileged flag the pack cannot read", () => {
    expect(expectFlagged(ecsNoPrivilegedContainers, [task([container({ privileged: "${var.privileged}" })])], TASK)).toContain(
      'container app: privileged is "${var.privileged}", which the pack cannot read at synth',
    );
  });

  unreadableJsonTests(ecsNoPrivilegedContainers);
});

describe("ecs-no-host-namespaces", () => {
  it("passes an awsvpc task with no pid or ipc mode", () => {
    expectPass(ecsNoHostNamespaces, [task([container()])], TASK);
  });

  it("passes a task with task-scoped pid and ipc namespaces", () => {
    expectPass(ecsNoHostNamespaces, [task([container()], { pid_mode: "task", ipc_mode: "task", network_mode: "bridge" })], TASK);
  });

  it.each(["pid_mode", "ipc_mode", "network_mode"])("fails synth for %s host", (attribute) => {
    expect(expectFlagged(ecsNoHostNamespaces, [task([container()], { [attribute]: "host" })], TASK)).toContain(`${attribute} is host`);
  });

  it("fails synth for a namespace mode the pack cannot read", () => {
    expect(expectFlagged(ecsNoHostNamespaces, [task([container()], { network_mode: "${var.mode}" })], TASK)).toContain(
      "network_mode is ${var.mode}, which the pack cannot read at synth",
    );
  });
});

describe("ecs-no-secrets-in-environment", () => {
  const withEnvironment = (environment: unknown): Fixture => task([container({ environment })]);

  it("passes plain configuration, references, and secrets passed through valueFrom", () => {
    expectPass(
      ecsNoSecretsInEnvironment,
      [
        withEnvironment([
          { name: "APP_ENV", value: "staging" },
          { name: "AWS_XRAY_DAEMON_ADDRESS", value: "127.0.0.1:2000" },
          { name: "DB_SECRET_ARN", value: "${aws_secretsmanager_secret.s.arn}" },
          { name: "TOKEN_ISSUER_URL", value: "https://auth.example.com/" },
          { name: "DATABASE_URL", value: "postgres://db.internal:5432/app" },
        ]),
      ],
      TASK,
    );
  });

  it("passes a container without an environment", () => {
    expectPass(ecsNoSecretsInEnvironment, [task([container({ environment: undefined })])], TASK);
  });

  it("fails synth for a secret-like name, even when its value is a reference, without printing the value", () => {
    const message = expectFlagged(ecsNoSecretsInEnvironment, [withEnvironment([{ name: "DB_PASSWORD", value: "hunter2hunter2" }])], TASK);
    expect(message).toContain("container app: environment DB_PASSWORD has a secret-like name; pass it in secrets with valueFrom");
    expect(message).not.toContain("hunter2");
    expect(expectFlagged(ecsNoSecretsInEnvironment, [withEnvironment([{ name: "GITHUB_TOKEN", value: "${aws_ssm_parameter.p.value}" }])], TASK)).toContain(
      "environment GITHUB_TOKEN has a secret-like name",
    );
  });

  it("fails synth for an AWS access key id in a value, and the secret key beside it", () => {
    const message = expectFlagged(
      ecsNoSecretsInEnvironment,
      [
        withEnvironment([
          { name: "UPLOADER_ID", value: "AKIAIOSFODNN7EXAMPLE" },
          { name: "UPLOADER_KEY", value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
        ]),
      ],
      TASK,
    );
    expect(message).toContain("container app: environment UPLOADER_ID holds an AWS access key id");
    expect(message).toContain("container app: environment UPLOADER_KEY holds what looks like the AWS secret access key");
    expect(message).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(message).not.toContain("wJalrXUtnFEMI");
  });

  it("does not take a 40-character value for a secret key when no access key id is beside it", () => {
    expectPass(ecsNoSecretsInEnvironment, [withEnvironment([{ name: "GIT_SHA", value: "0123456789abcdef0123456789abcdef01234567" }])], TASK);
  });

  it("fails synth for a private key in a value", () => {
    const value = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----";
    expect(expectFlagged(ecsNoSecretsInEnvironment, [withEnvironment([{ name: "SIGNING_CERT", value }])], TASK)).toContain(
      "environment SIGNING_CERT holds a private key",
    );
  });

  it("fails synth for a URL with an inline password", () => {
    const message = expectFlagged(ecsNoSecretsInEnvironment, [withEnvironment([{ name: "DATABASE_URL", value: "postgres://app:s3cret@db.internal:5432/app" }])], TASK);
    expect(message).toContain("environment DATABASE_URL holds a URL with an inline password");
    expect(message).not.toContain("s3cret");
  });

  it("names the container that holds the secret", () => {
    const containers = [container(), container({ name: "worker", environment: [{ name: "API_KEY", value: "${var.key}" }] })];
    expect(expectFlagged(ecsNoSecretsInEnvironment, [task(containers)], TASK)).toContain("container worker: environment API_KEY");
  });

  it("fails synth for an environment that is not a list", () => {
    expect(expectFlagged(ecsNoSecretsInEnvironment, [withEnvironment({ DB_PASSWORD: "x" })], TASK)).toContain("container app: environment is not a list");
  });

  unreadableJsonTests(ecsNoSecretsInEnvironment);
});

describe("ecs-container-logging", () => {
  it("passes containers that all have a log driver", () => {
    const firelens = container({ name: "sidecar", logConfiguration: { logDriver: "awsfirelens", options: {} } });
    expectPass(ecsContainerLogging, [task([container(), firelens])], TASK);
  });

  it("fails synth for a container without logConfiguration", () => {
    const message = expectFlagged(ecsContainerLogging, [task([container(), container({ name: "sidecar", logConfiguration: undefined })])], TASK);
    expect(message).toContain("container sidecar has no logConfiguration");
    expect(message).not.toContain("container app");
  });

  it("fails synth for a logConfiguration without a logDriver", () => {
    expect(expectFlagged(ecsContainerLogging, [task([container({ logConfiguration: { options: { "awslogs-group": "g" } } })])], TASK)).toContain(
      "container app has a logConfiguration without a logDriver",
    );
  });

  unreadableJsonTests(ecsContainerLogging);
});

describe("ecs-exec-role-differs-from-task-role", () => {
  it("passes different execution and task roles", () => {
    expectPass(ecsExecRoleDiffersFromTaskRole, [task([container()])], TASK);
  });

  it("fails synth for a role that is not a string", () => {
    expect(expectFlagged(ecsExecRoleDiffersFromTaskRole, [task([container()], { task_role_arn: 42 })], TASK)).toContain("task_role_arn is 42, which the pack cannot read");
  });

  it("passes a task definition without a task role", () => {
    expectPass(ecsExecRoleDiffersFromTaskRole, [task([container()], { task_role_arn: undefined })], TASK);
  });

  it("fails synth for the same reference in both", () => {
    expect(expectFlagged(ecsExecRoleDiffersFromTaskRole, [task([container()], { task_role_arn: "${aws_iam_role.execution.arn}" })], TASK)).toContain(
      "execution_role_arn and task_role_arn are both ${aws_iam_role.execution.arn}",
    );
  });

  it("fails synth for the same literal ARN in both", () => {
    const arn = "arn:aws:iam::123456789012:role/api";
    expect(expectFlagged(ecsExecRoleDiffersFromTaskRole, [task([container()], { execution_role_arn: arn, task_role_arn: arn })], TASK)).toContain(
      `execution_role_arn and task_role_arn are both ${arn}`,
    );
  });

  it("fails synth for two references to the same role resource", () => {
    const role: Fixture = { type: "aws_iam_role", name: "shared", values: { name: "api", assume_role_policy: "{}" } };
    const fixtures = [role, task([container()], { execution_role_arn: "${aws_iam_role.shared.arn}", task_role_arn: "${aws_iam_role.shared.id}" })];
    expect(expectFlagged(ecsExecRoleDiffersFromTaskRole, fixtures, TASK)).toContain("execution_role_arn and task_role_arn both refer to aws_iam_role.shared");
  });
});

describe("ecs-deployment-circuit-breaker", () => {
  it("passes a service whose circuit breaker is on with rollback", () => {
    expectPass(ecsDeploymentCircuitBreaker, [service()], SERVICE);
  });

  it("passes a service with an explicit ECS deployment controller", () => {
    expectPass(ecsDeploymentCircuitBreaker, [service({ deployment_controller: { type: "ECS" } })], SERVICE);
  });

  it("fails synth for a service without a circuit breaker", () => {
    expect(expectFlagged(ecsDeploymentCircuitBreaker, [service({ deployment_circuit_breaker: undefined })], SERVICE)).toContain(
      "deployment_circuit_breaker is missing",
    );
  });

  it("fails synth for a circuit breaker without rollback", () => {
    const message = expectFlagged(ecsDeploymentCircuitBreaker, [service({ deployment_circuit_breaker: { enable: true, rollback: false } })], SERVICE);
    expect(message).toContain("deployment_circuit_breaker.rollback is not true");
    expect(message).not.toContain("enable is not true");
  });

  it("fails synth for a circuit breaker that is off", () => {
    expect(expectFlagged(ecsDeploymentCircuitBreaker, [service({ deployment_circuit_breaker: { enable: false, rollback: true } })], SERVICE)).toContain(
      "deployment_circuit_breaker.enable is not true",
    );
  });

  it.each(["CODE_DEPLOY", "EXTERNAL"])("is not applicable to a service deployed by %s", (type) => {
    const result = resultFor(ecsDeploymentCircuitBreaker, [service({ deployment_circuit_breaker: undefined, deployment_controller: { type } })], SERVICE);
    expect(result.status).toBe("not-applicable");
  });
});

describe("ecs-service-no-public-ip", () => {
  it("passes a service with assign_public_ip false", () => {
    expectPass(ecsServiceNoPublicIp, [service()], SERVICE);
  });

  it("passes a service that leaves assign_public_ip to its default (false)", () => {
    expectPass(ecsServiceNoPublicIp, [service({ network_configuration: { subnets: ["${aws_subnet.private.id}"] } })], SERVICE);
  });

  it("passes a service without network_configuration", () => {
    expectPass(ecsServiceNoPublicIp, [service({ network_configuration: undefined })], SERVICE);
  });

  it("fails synth for a service with assign_public_ip true", () => {
    const network = { subnets: ["${aws_subnet.public.id}"], assign_public_ip: true };
    expect(expectFlagged(ecsServiceNoPublicIp, [service({ network_configuration: network })], SERVICE)).toContain("network_configuration.assign_public_ip is true");
  });

  it("fails synth for an assign_public_ip the pack cannot read", () => {
    const network = { subnets: ["${aws_subnet.public.id}"], assign_public_ip: "${var.public}" };
    expect(expectFlagged(ecsServiceNoPublicIp, [service({ network_configuration: network })], SERVICE)).toContain("which the pack cannot read at synth");
  });
});
