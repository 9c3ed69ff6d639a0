import type { FargateServiceProps } from "./props";
import { ContainerSecret, valueFromOf } from "./secrets";
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

/** What the container definitions are built from. */
export interface ContainerInput {
  readonly props: FargateServiceProps;
  readonly settings: Settings;
  readonly image: string;
  readonly logGroupName: string;
}

/** The name of the one-off task definition's log stream prefix (`oneoff/app/<task id>`). */
export const ONE_OFF_STREAM_PREFIX = "oneoff";

/**
 * The task's container definitions (the task definition's JSON): the app, and the X-Ray daemon
 * unless `xraySidecar` is off. The app maps `containerPort` (named `http`) and any other port a
 * load balancer target names.
 */
export function containerDefinitions(input: ContainerInput): object[] {
  const { settings: s } = input;
  const app = appContainer(input, "service");
  if (!s.xraySidecar) return [app];
  const xray = {
    name: "xray-daemon",
    image: s.xrayDaemonImage,
    essential: false,
    cpu: 32,
    memoryReservation: 64,
    portMappings: [{ containerPort: 2000, protocol: "udp" }],
    readonlyRootFilesystem: true,
    logConfiguration: logging(input, "xray-daemon"),
  };
  return [app, xray];
}

/**
 * The one-off task definition's container definitions: the app container alone, with the
 * service's image, environment, secrets and mounts, but no port mappings (nothing calls a one-off
 * task), no health check (a command that exits is not a server) and no X-Ray daemon (so no
 * `AWS_XRAY_DAEMON_ADDRESS` is added either); its logs go to the service's group under the stream
 * prefix {@link ONE_OFF_STREAM_PREFIX}.
 */
export function oneOffContainerDefinitions(input: ContainerInput): object[] {
  return [appContainer(input, "oneoff")];
}

function logging(input: ContainerInput, streamPrefix: string): object {
  return {
    logDriver: "awslogs",
    options: {
      "awslogs-group": input.logGroupName,
      "awslogs-region": input.props.region,
      "awslogs-stream-prefix": streamPrefix,
      // A full log buffer must never stall the application.
      mode: "non-blocking",
      "max-buffer-size": "25m",
    },
  };
}

function appContainer(input: ContainerInput, variant: "service" | "oneoff"): object {
  const { props, settings: s, image } = input;
  const service = variant === "service";
  // The one-off task's own variables and secrets replace the service's of the same name.
  const ownEnvironment = service ? {} : (props.oneOffEnvironment ?? {});
  const ownSecrets = service ? {} : (props.oneOffSecrets ?? {});
  const environment: Record<string, string> = { ...withoutNames(props.environment, ownSecrets), ...ownEnvironment };
  const secrets: Record<string, ContainerSecret> = { ...withoutNames(props.secrets, ownEnvironment), ...ownSecrets };
  if (service && s.xraySidecar && environment.AWS_XRAY_DAEMON_ADDRESS === undefined) {
    environment.AWS_XRAY_DAEMON_ADDRESS = "127.0.0.1:2000";
  }
  const execMounts = s.enableExecuteCommand && s.readonlyRootFilesystem ? EXEC_AGENT_MOUNTS : [];
  return {
    name: APP_CONTAINER_NAME,
    image,
    // Undefined (left out of the JSON) unless the image is pulled with registry credentials.
    repositoryCredentials:
      props.registryCredentialsSecretArn === undefined ? undefined : { credentialsParameter: props.registryCredentialsSecretArn },
    essential: true,
    portMappings: service
      ? [
          { name: "http", containerPort: props.containerPort, protocol: "tcp" },
          ...extraPorts(props.containerPort, s).map((port) => ({ name: `tcp-${port}`, containerPort: port, protocol: "tcp" })),
        ]
      : undefined,
    environment: Object.entries(environment)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value })),
    secrets: Object.entries(secrets)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, secret]) => ({ name, valueFrom: valueFromOf(secret) })),
    readonlyRootFilesystem: s.readonlyRootFilesystem,
    mountPoints: [
      { sourceVolume: "tmp", containerPath: "/tmp", readOnly: false },
      ...execMounts.map(([sourceVolume, containerPath]) => ({ sourceVolume, containerPath, readOnly: false })),
    ],
    // An init process reaps zombies and forwards signals; ECS Exec needs it too.
    linuxParameters: { initProcessEnabled: true },
    healthCheck: service
      ? {
          command: [...s.healthCheckCommand],
          interval: 30,
          timeout: 5,
          retries: 3,
          startPeriod: s.healthCheckStartPeriodSeconds,
        }
      : undefined,
    logConfiguration: logging(input, service ? APP_CONTAINER_NAME : ONE_OFF_STREAM_PREFIX),
  };
}

/** The ports load balancer targets send to besides `containerPort`, each once, in the targets' order. */
function extraPorts(containerPort: number, s: Settings): number[] {
  const ports: number[] = [];
  for (const target of s.loadBalancerTargets) {
    if (target.containerPort !== containerPort && !ports.includes(target.containerPort)) ports.push(target.containerPort);
  }
  return ports;
}

/** A record without the names another one holds. */
function withoutNames<T>(record: Readonly<Record<string, T>> | undefined, names: Readonly<Record<string, unknown>>): Record<string, T> {
  return Object.fromEntries(Object.entries(record ?? {}).filter(([name]) => !(name in names)));
}
