import type { FargateServiceProps } from "./props";
import { valueFromOf } from "./secrets";
import type { Settings } from "./validate";

/** The name of the application container in the task definition. */
export const APP_CONTAINER_NAME = "app";


/** Volumes mounted writable into the app container: /tmp always; the SSM agent's folders for ECS Exec on a read-only root. */
const EXEC_AGENT_MOUNTS: readonly (readonly [string, string])[] = [
  ["ssm-agent-lib", "/var/lib/amazon"],
  ["ssm-agent-log", "/var/log/amazon"],
  ["managed-agents", "/managed-agents"],
];

/** The task's volumes: `tmp`, and the SSM agent's for ECS Exec on a read-only root. */
export function taskVolumes(s: Settings): string[] {
  const execMounts = s.enableExecuteCommand && s.readonlyRootFilesystem ? EXEC_AGENT_MOUNTS.map(([name]) => name) : [];
  return ["tmp", ...execMounts];
}

/**
 * The task's container definitions (the task definition's JSON): the app, and the X-Ray daemon
 * unless `xraySidecar` is off. The app maps `containerPort` (named `http`) and any other port a
 * load balancer target names.
 */
export function containerDefinitions(input: {
  props: FargateServiceProps;
  settings: Settings;
  image: string;
  logGroupName: string;
}): object[] {
  const { props, settings: s, image, logGroupName } = input;
  const logging = (streamPrefix: string) => ({
    logDriver: "awslogs",
    options: {
      "awslogs-group": logGroupName,
      "awslogs-region": props.region,
      "awslogs-stream-prefix": streamPrefix,
      // A full log buffer must never stall the application.
      mode: "non-blocking",
      "max-buffer-size": "25m",
    },
  });
  const environment: Record<string, string> = { ...props.environment };
  if (s.xraySidecar && environment.AWS_XRAY_DAEMON_ADDRESS === undefined) {
    environment.AWS_XRAY_DAEMON_ADDRESS = "127.0.0.1:2000";
  }
  const execMounts = s.enableExecuteCommand && s.readonlyRootFilesystem ? EXEC_AGENT_MOUNTS : [];
  const app = {
    name: APP_CONTAINER_NAME,
    image,
    essential: true,
    portMappings: [
      { name: "http", containerPort: props.containerPort, protocol: "tcp" },
      ...extraPorts(props.containerPort, s).map((port) => ({ name: `tcp-${port}`, containerPort: port, protocol: "tcp" })),
    ],
    environment: Object.entries(environment)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value })),
    secrets: Object.entries(props.secrets ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, secret]) => ({ name, valueFrom: valueFromOf(secret) })),
    readonlyRootFilesystem: s.readonlyRootFilesystem,
    mountPoints: [
      { sourceVolume: "tmp", containerPath: "/tmp", readOnly: false },
      ...execMounts.map(([sourceVolume, containerPath]) => ({ sourceVolume, containerPath, readOnly: false })),
    ],
    // An init process reaps zombies and forwards signals; ECS Exec needs it too.
    linuxParameters: { initProcessEnabled: true },
    healthCheck: {
      command: [...s.healthCheckCommand],
      interval: 30,
      timeout: 5,
      retries: 3,
      startPeriod: s.healthCheckStartPeriodSeconds,
    },
    logConfiguration: logging(APP_CONTAINER_NAME),
  };
  if (!s.xraySidecar) return [app];
  const xray = {
    name: "xray-daemon",
    image: s.xrayDaemonImage,
    essential: false,
    cpu: 32,
    memoryReservation: 64,
    portMappings: [{ containerPort: 2000, protocol: "udp" }],
    readonlyRootFilesystem: true,
    logConfiguration: logging("xray-daemon"),
  };
  return [app, xray];
}

/** The ports load balancer targets send to besides `containerPort`, each once, in the targets' order. */
function extraPorts(containerPort: number, s: Settings): number[] {
  const ports: number[] = [];
  for (const target of s.loadBalancerTargets) {
    if (target.containerPort !== containerPort && !ports.includes(target.containerPort)) ports.push(target.containerPort);
  }
  return ports;
}
