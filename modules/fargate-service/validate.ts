import { ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { ACCOUNT_ID_PATTERN, ecrRepositoryArnOf, partitionOf, SECRETS_MANAGER_ARN, SSM_PARAMETER_ARN } from "../shared/arn";
import { ENVIRONMENT_VARIABLE_NAME, ENVIRONMENT_VARIABLE_NAME_RULE, environmentVariableProblems } from "../shared/environment-variables";
import { PropProblem, propProblems, PropsValidator } from "../shared/errors";
import { isKnownRegion, regionProblem } from "../shared/regions";
import { isValidNamePrefix, NAME_PREFIX_RULE } from "../_internal/naming";
import { XRAY_DAEMON_IMAGE } from "./props";
import type { CpuArchitecture, FargateServiceProps, ImageUpdates, ServiceSubnets } from "./props";
import { ContainerSecret, JSON_KEY } from "./secrets";

/** The CPU units Fargate offers, and the memory sizes (MiB) each accepts. */
export const FARGATE_SIZES: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

/** The most target groups ECS attaches to one service. */
export const MAX_LOAD_BALANCER_TARGETS = 5;
/** The longest load balancer health check grace period ECS accepts, in seconds (about 68 years). */
export const MAX_HEALTH_CHECK_GRACE_PERIOD_SECONDS = 2147483647;

/** A load balancer target with its defaults filled in. */
export interface ResolvedLoadBalancerTarget {
  readonly targetGroupArn: string;
  readonly containerPort: number;
  readonly listener?: ITerraformDependable;
}

/** The props with every default filled in, once checked. */
export interface Settings {
  readonly subnets: ServiceSubnets;
  readonly containerInsights: boolean;
  readonly serviceDiscovery: boolean;
  readonly namespaceName: string;
  readonly keepImages: number;
  readonly retainRepository: boolean;
  readonly cpuArchitecture: CpuArchitecture;
  readonly cpuUnits: number;
  readonly memoryMiB: number;
  readonly healthCheckCommand: readonly string[];
  readonly healthCheckStartPeriodSeconds: number;
  readonly readonlyRootFilesystem: boolean;
  readonly xraySidecar: boolean;
  readonly xrayDaemonImage: string;
  readonly logRetentionDays: number;
  readonly desiredCount: number;
  readonly minTasks: number;
  readonly maxTasks: number;
  readonly cpuTargetPercent: number;
  readonly memoryTargetPercent: number;
  readonly scaleInCooldownSeconds: number;
  readonly scaleOutCooldownSeconds: number;
  readonly onDemandBase: number;
  readonly onDemandWeight: number;
  readonly spotWeight: number;
  readonly allowAllOutbound: boolean;
  readonly enableExecuteCommand: boolean;
  readonly loadBalancerTargets: readonly ResolvedLoadBalancerTarget[];
  /** Only with load balancer targets (ECS refuses a grace period without). */
  readonly healthCheckGracePeriodSeconds?: number;
  readonly oneOffTaskDefinition: boolean;
  readonly imageUpdates: ImageUpdates;
}

/**
 * Every problem with a `FargateService`'s props, without building anything: what the
 * constructor would refuse. The environment config runs it before any construct exists, so
 * `network` may be a plain object whose ids are unresolved tokens (they are not checked).
 */
export function fargateServicePropProblems(props: FargateServiceProps): readonly PropProblem[] {
  return propProblems(() => validate(undefined, props));
}

const SERVICE_NAME = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;
const DIGEST_PINNED_IMAGE = /^[a-z0-9.-]+(?::\d+)?\/[a-z0-9._/-]+@sha256:[a-f0-9]{64}$/;
const TARGET_GROUP_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[A-Za-z0-9-]{1,32}\/[a-f0-9]{16}$/;
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** An image path in a pull-through cache, after the prefix: `library/python:3.12-slim`, `owner/name@sha256:...`. */
const CACHED_IMAGE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)+(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/;
/** A KMS key ARN (not an alias: IAM matches kms:Decrypt against the key's own ARN). */
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:key\/[A-Za-z0-9-]+$/;

/** The private ECR registry of an account and region: `<account>.dkr.ecr.<region>.amazonaws.com` (`.com.cn` in China). */
export function ecrRegistryOf(accountId: string, region: string): string {
  return `${accountId}.dkr.ecr.${region}.${partitionOf(region) === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"}`;
}

/** The region field of an ARN. */
function regionOfArn(arn: string): string | undefined {
  return arn.split(":")[3];
}

/**
 * Checks the props and fills in the defaults. With a construct it throws a `PropsError` naming
 * it; without one (`fargateServicePropProblems`) it stops for `propProblems` to collect.
 */
export function validate(scope: Construct | undefined, props: FargateServiceProps): Settings {
  const v = new PropsValidator(scope, "FargateService");
  v.requireLiterals(props, [
    "name",
    "serviceName",
    "containerPort",
    "cpuUnits",
    "memoryMiB",
    "minTasks",
    "maxTasks",
    "subnets",
    "imageTag",
    "serviceDiscovery",
    "oneOffTaskDefinition",
    "imageUpdates",
  ]);

  v.check(isValidNamePrefix(props.name), "name", NAME_PREFIX_RULE, props.name);
  v.check(
    SERVICE_NAME.test(props.serviceName),
    "serviceName",
    'must be a DNS label of 2 to 20 lowercase letters, digits and hyphens, starting with a letter (e.g. "api")',
    props.serviceName,
  );
  v.check(isKnownRegion(props.region), "region", regionProblem(props.region) ?? "", props.region);
  v.check(ACCOUNT_ID_PATTERN.test(props.accountId), "accountId", 'must be a 12-digit AWS account id (e.g. "123456789012")', props.accountId);

  const subnets = props.subnets ?? "public";
  v.check(subnets === "public" || subnets === "private", "subnets", 'must be "public" or "private"', subnets);
  const subnetIds = subnets === "public" ? props.network.publicSubnetIds : props.network.privateSubnetIds;
  v.check(
    Token.isUnresolved(subnetIds) || subnetIds.length > 0,
    `network.${subnets}SubnetIds`,
    `must list at least one subnet for subnets "${subnets}"`,
    subnetIds,
  );
  if (subnets === "private" && props.network.egress === "none") {
    v.fail(
      "subnets",
      'can be "private" only when the VPC has NAT egress (network.egress is "none": tasks there could not pull images or reach AWS APIs); use "public" or give the VPC a NAT',
      subnets,
    );
  }

  if (props.cluster && props.containerInsights !== undefined) {
    v.fail("containerInsights", "applies only to the cluster the module creates; set it on the cluster you pass", props.containerInsights);
  }

  // Cloud Map
  const serviceDiscovery = props.serviceDiscovery ?? true;
  const namespaceName = props.namespaceName ?? `${props.name}.internal`;
  if (!serviceDiscovery) {
    for (const [prop, value] of [
      ["namespace", props.namespace],
      ["namespaceName", props.namespaceName],
    ] as const) {
      if (value !== undefined) v.fail(prop, "applies only with serviceDiscovery (Cloud Map registration), which is off; drop it or turn serviceDiscovery on", value);
    }
  } else {
    if (props.namespace && props.namespaceName !== undefined) {
      v.fail("namespaceName", "applies only to the namespace the module creates; drop it when passing namespace", props.namespaceName);
    }
    v.check(DNS_NAME.test(namespaceName), "namespaceName", 'must be a DNS name such as "acme-staging.internal"', namespaceName);
  }

  // Image
  const hasUri = props.imageUri !== undefined;
  v.checkExactlyOne(
    ["imageTag", props.imageTag],
    ["imageUri", props.imageUri],
    "imageTag for the service's own ECR repository, or imageUri for an image elsewhere",
  );
  if (props.imageTag !== undefined) {
    v.check(IMAGE_TAG.test(props.imageTag), "imageTag", "must be a Docker tag: letters, digits, _ . -, at most 128 characters", props.imageTag);
    v.check(
      props.imageTag !== "latest",
      "imageTag",
      'must name a version, not "latest": the repository\'s tags are immutable, and a moving tag makes deploys unrepeatable',
      props.imageTag,
    );
  }
  if (props.imageUri !== undefined && !Token.isUnresolved(props.imageUri)) {
    const pinned = /(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/.exec(props.imageUri.replace(/^[^/]*\//, ""));
    v.check(pinned !== null, "imageUri", "must end in a version tag or a digest (repository:1.2.3 or repository@sha256:...)", props.imageUri);
    v.check(!/:latest$/.test(props.imageUri), "imageUri", 'must pin a version, not "latest": a moving tag makes deploys unrepeatable', props.imageUri);
  }
  imageSourceProblems(v, props);
  const keepImages = props.keepImages ?? 20;
  v.checkWholeNumber("keepImages", keepImages, 1, 1000);
  if (hasUri && props.keepImages !== undefined) v.fail("keepImages", "applies only to the ECR repository created with imageTag", props.keepImages);
  if (hasUri && props.retainRepository !== undefined) {
    v.fail("retainRepository", "applies only to the ECR repository created with imageTag", props.retainRepository);
  }

  // Size
  const cpuArchitecture = props.cpuArchitecture ?? "ARM64";
  v.check(cpuArchitecture === "ARM64" || cpuArchitecture === "X86_64", "cpuArchitecture", 'must be "ARM64" or "X86_64"', cpuArchitecture);
  const cpuUnits = props.cpuUnits ?? 256;
  const memoryMiB = props.memoryMiB ?? 512;
  const validMemory = FARGATE_SIZES[cpuUnits];
  if (validMemory === undefined) {
    v.fail("cpuUnits", `must be one of the CPU sizes Fargate offers: ${Object.keys(FARGATE_SIZES).join(", ")}`, cpuUnits);
  } else {
    v.check(
      validMemory.includes(memoryMiB),
      "memoryMiB",
      `must be one of the sizes Fargate accepts with cpuUnits ${cpuUnits}: ${validMemory.join(", ")}`,
      memoryMiB,
    );
  }

  // Container
  v.checkWholeNumber("containerPort", props.containerPort, 1, 65535);
  const environment = props.environment ?? {};
  const secrets = props.secrets ?? {};
  for (const problem of environmentVariableProblems(environment, Object.keys(secrets))) v.fail(problem.prop, problem.expected, problem.given);
  checkSecrets(v, "secrets", secrets);
  // The one-off task's own variables and secrets, checked as the service's are.
  if (props.oneOffEnvironment !== undefined || props.oneOffSecrets !== undefined) {
    v.check(
      props.oneOffTaskDefinition === true,
      props.oneOffEnvironment !== undefined ? "oneOffEnvironment" : "oneOffSecrets",
      "needs oneOffTaskDefinition: true (they are the one-off task definition's)",
      props.oneOffTaskDefinition,
    );
    const oneOffEnvironment = props.oneOffEnvironment ?? {};
    const oneOffSecrets = props.oneOffSecrets ?? {};
    for (const problem of environmentVariableProblems(oneOffEnvironment, Object.keys(oneOffSecrets))) {
      v.fail(problem.prop.replace(/^environment/, "oneOffEnvironment"), problem.expected, problem.given);
    }
    checkSecrets(v, "oneOffSecrets", oneOffSecrets);
  }
  const healthCheckCommand = props.healthCheckCommand ?? [
    "CMD-SHELL",
    `curl -fsS http://localhost:${props.containerPort}/health || exit 1`,
  ];
  v.check(
    healthCheckCommand.length >= 2 && (healthCheckCommand[0] === "CMD" || healthCheckCommand[0] === "CMD-SHELL"),
    "healthCheckCommand",
    'must start with "CMD" or "CMD-SHELL" followed by the command',
    healthCheckCommand,
  );
  const healthCheckStartPeriodSeconds = props.healthCheckStartPeriodSeconds ?? 60;
  v.checkWholeNumber("healthCheckStartPeriodSeconds", healthCheckStartPeriodSeconds, 0, 300, {
    unit: "seconds",
    why: "the most ECS allows",
  });
  const logRetentionDays = props.logRetentionDays ?? 30;
  v.checkLogRetention("logRetentionDays", logRetentionDays);

  // Load balancer targets
  const loadBalancerTargets = (props.loadBalancerTargets ?? []).map(
    (target): ResolvedLoadBalancerTarget => ({ ...target, containerPort: target.containerPort ?? props.containerPort }),
  );
  v.check(
    loadBalancerTargets.length <= MAX_LOAD_BALANCER_TARGETS,
    "loadBalancerTargets",
    `must list at most ${MAX_LOAD_BALANCER_TARGETS} target groups (the most ECS attaches to a service)`,
    `${loadBalancerTargets.length} target groups`,
  );
  loadBalancerTargets.forEach((target, i) => {
    const prop = `loadBalancerTargets[${i}]`;
    v.check(
      TARGET_GROUP_ARN.test(target.targetGroupArn),
      `${prop}.targetGroupArn`,
      "must be the ARN of an Elastic Load Balancing target group (arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>)",
      target.targetGroupArn,
    );
    if (loadBalancerTargets.findIndex((t) => t.targetGroupArn === target.targetGroupArn) < i && !Token.isUnresolved(target.targetGroupArn)) {
      v.fail(`${prop}.targetGroupArn`, "is listed twice; each target group appears once", target.targetGroupArn);
    }
    v.checkWholeNumber(`${prop}.containerPort`, target.containerPort, 1, 65535);
  });
  let healthCheckGracePeriodSeconds: number | undefined;
  if (loadBalancerTargets.length === 0) {
    if (props.healthCheckGracePeriodSeconds !== undefined) {
      v.fail(
        "healthCheckGracePeriodSeconds",
        "applies only with loadBalancerTargets (ECS refuses a grace period for a service without a load balancer)",
        props.healthCheckGracePeriodSeconds,
      );
    }
  } else {
    healthCheckGracePeriodSeconds = props.healthCheckGracePeriodSeconds ?? healthCheckStartPeriodSeconds;
    v.checkWholeNumber("healthCheckGracePeriodSeconds", healthCheckGracePeriodSeconds, 0, MAX_HEALTH_CHECK_GRACE_PERIOD_SECONDS, {
      unit: "seconds",
      why: "what ECS accepts; a few minutes at most is sensible",
    });
  }

  // Counts and scaling
  const minTasks = props.minTasks ?? 1;
  const maxTasks = props.maxTasks ?? minTasks;
  const desiredCount = props.desiredCount ?? minTasks;
  v.checkWholeNumber("minTasks", minTasks, 0, 1000);
  v.checkWholeNumber("maxTasks", maxTasks, 0, 1000);
  v.check(minTasks <= maxTasks, "minTasks", `must be at most maxTasks (${maxTasks})`, minTasks);
  v.check(
    Number.isInteger(desiredCount) && desiredCount >= minTasks && desiredCount <= maxTasks,
    "desiredCount",
    `must be a whole number from minTasks (${minTasks}) to maxTasks (${maxTasks})`,
    desiredCount,
  );
  const cpuTargetPercent = props.cpuTargetPercent ?? 60;
  const memoryTargetPercent = props.memoryTargetPercent ?? 80;
  for (const [prop, value] of [
    ["cpuTargetPercent", cpuTargetPercent],
    ["memoryTargetPercent", memoryTargetPercent],
  ] as const) {
    v.check(value >= 10 && value <= 95, prop, "must be a percentage from 10 to 95", value);
  }
  const scaleInCooldownSeconds = props.scaleInCooldownSeconds ?? 300;
  const scaleOutCooldownSeconds = props.scaleOutCooldownSeconds ?? 60;
  for (const [prop, value] of [
    ["scaleInCooldownSeconds", scaleInCooldownSeconds],
    ["scaleOutCooldownSeconds", scaleOutCooldownSeconds],
  ] as const) {
    v.checkWholeNumber(prop, value, 0, 3600, { unit: "seconds" });
  }

  // Capacity providers
  const onDemandBase = props.onDemandBase ?? 0;
  const onDemandWeight = props.onDemandWeight ?? 1;
  const spotWeight = props.spotWeight ?? 0;
  for (const [prop, value, max] of [
    ["onDemandBase", onDemandBase, 100000],
    ["onDemandWeight", onDemandWeight, 1000],
    ["spotWeight", spotWeight, 1000],
  ] as const) {
    v.checkWholeNumber(prop, value, 0, max);
  }
  v.check(
    onDemandWeight > 0 || spotWeight > 0,
    "spotWeight",
    "or onDemandWeight must be above 0, or no task has anywhere to run",
    spotWeight,
  );

  const imageUpdates = props.imageUpdates ?? "terraform";
  v.check(
    imageUpdates === "terraform" || imageUpdates === "pipeline",
    "imageUpdates",
    'must be "terraform" (an apply moves the service to its task definition) or "pipeline" (the application\'s CI registers revisions and updates the service)',
    imageUpdates,
  );

  const xrayDaemonImage = props.xrayDaemonImage ?? XRAY_DAEMON_IMAGE;
  v.check(
    DIGEST_PINNED_IMAGE.test(xrayDaemonImage),
    "xrayDaemonImage",
    "must be pinned by digest, <registry>/<repository>@sha256:<64 hex digits> (a tag can be moved to other content); find the digest with docker buildx imagetools inspect <image>:<version>",
    xrayDaemonImage,
  );
  v.throwIfInvalid();
  return {
    subnets,
    containerInsights: props.containerInsights ?? false,
    serviceDiscovery,
    namespaceName,
    keepImages,
    retainRepository: props.retainRepository ?? false,
    cpuArchitecture,
    cpuUnits,
    memoryMiB,
    healthCheckCommand,
    healthCheckStartPeriodSeconds,
    readonlyRootFilesystem: props.readonlyRootFilesystem ?? true,
    xraySidecar: props.xraySidecar ?? true,
    xrayDaemonImage,
    logRetentionDays,
    desiredCount,
    minTasks,
    maxTasks,
    cpuTargetPercent,
    memoryTargetPercent,
    scaleInCooldownSeconds,
    scaleOutCooldownSeconds,
    onDemandBase,
    onDemandWeight,
    spotWeight,
    allowAllOutbound: props.allowAllOutbound ?? false,
    enableExecuteCommand: props.enableExecuteCommand ?? false,
    loadBalancerTargets,
    healthCheckGracePeriodSeconds,
    oneOffTaskDefinition: props.oneOffTaskDefinition ?? false,
    imageUpdates,
  };
}

/**
 * Where the image comes from, beyond imageTag/imageUri themselves: registry credentials for an
 * image outside ECR (and their KMS key), or an ECR pull-through cache the image is in.
 */
function imageSourceProblems(v: PropsValidator, props: FargateServiceProps): void {
  const uri = props.imageUri;
  const uriKnown = uri !== undefined && !Token.isUnresolved(uri);
  const secretArn = props.registryCredentialsSecretArn;
  if (secretArn !== undefined) {
    v.check(
      Token.isUnresolved(secretArn) || SECRETS_MANAGER_ARN.test(secretArn),
      "registryCredentialsSecretArn",
      "must be the full ARN of a Secrets Manager secret, with the 6-character suffix AWS adds to its name (arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf), never the credentials themselves",
      "a value that is not such an ARN (not shown: it may be the credentials)",
    );
    if (uri === undefined) {
      v.fail(
        "registryCredentialsSecretArn",
        "applies only with imageUri (an image in a registry outside ECR); the service's own repository (imageTag) is pulled with the execution role's ECR permissions",
        shown(secretArn),
      );
    } else if (uriKnown && ecrRepositoryArnOf(uri) !== undefined) {
      v.fail(
        "registryCredentialsSecretArn",
        "applies only to an image outside ECR: ECR images are pulled with the execution role's ECR permissions, so drop it (for Docker Hub images through ECR, use pullThroughCache, whose rule holds the Docker Hub credentials)",
        shown(secretArn),
      );
    }
  }
  const keyArn = props.registryCredentialsKmsKeyArn;
  if (keyArn !== undefined) {
    if (secretArn === undefined) {
      v.fail("registryCredentialsKmsKeyArn", "applies only with registryCredentialsSecretArn (the key that secret is encrypted with)", keyArn);
    }
    const key = Token.isUnresolved(keyArn) ? null : KMS_KEY_ARN.exec(keyArn);
    v.check(
      key !== null,
      "registryCredentialsKmsKeyArn",
      "must be the ARN of a KMS key (arn:aws:kms:<region>:<account>:key/<key id>), not an alias: IAM matches kms:Decrypt against the key's ARN",
      keyArn,
    );
    if (key && secretArn !== undefined && !Token.isUnresolved(secretArn) && SECRETS_MANAGER_ARN.test(secretArn) && key[1] !== regionOfArn(secretArn)) {
      v.fail(
        "registryCredentialsKmsKeyArn",
        `must be a key in the secret's region (${regionOfArn(secretArn)}): Secrets Manager encrypts a secret with a key of its own region`,
        keyArn,
      );
    }
  }

  const cache = props.pullThroughCache;
  if (cache !== undefined) {
    if (uri === undefined) {
      v.fail(
        "pullThroughCache",
        "applies only with imageUri, an image of the cache (e.g. EcrPullThroughCache.imageUri(\"python\", \"3.12-slim\")); the service's own repository (imageTag) is not a cache",
        cache.repositoryPrefix,
      );
      return;
    }
    const prefix = cache.repositoryPrefix;
    if (Token.isUnresolved(prefix)) return;
    const expectedPattern = `arn:${partitionOf(props.region)}:ecr:${props.region}:${props.accountId}:repository/${prefix}/*`;
    v.check(
      Token.isUnresolved(cache.repositoryArnPattern) || cache.repositoryArnPattern === expectedPattern,
      "pullThroughCache.repositoryArnPattern",
      `must be the repositories of the cache's prefix in the service's account and region, ${JSON.stringify(expectedPattern)} (a cache elsewhere is not supported)`,
      cache.repositoryArnPattern,
    );
    const expectedStart = `${ecrRegistryOf(props.accountId, props.region)}/${prefix}/`;
    if (uriKnown) {
      v.check(
        uri.startsWith(expectedStart) && CACHED_IMAGE.test(uri.slice(expectedStart.length)),
        "imageUri",
        `must be an image of pullThroughCache, ${JSON.stringify(expectedStart)} then a lowercase upstream repository (library/<name> for an official image) and a tag or digest (EcrPullThroughCache.imageUri builds one)`,
        uri,
      );
    }
  }
}

/** A secret ARN as an error may show it: only when it is one (anything else may be the credentials). */
function shown(secretArn: string): string {
  return SECRETS_MANAGER_ARN.test(secretArn) ? secretArn : "a value that is not a secret ARN (not shown)";
}

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

/** Each secret is an SSM parameter ARN or a Secrets Manager ARN (with an optional JSON key), under a variable name. */
function checkSecrets(v: PropsValidator, prop: string, secrets: Readonly<Record<string, ContainerSecret>>): void {
  for (const [key, secret] of Object.entries(secrets)) {
    v.check(ENVIRONMENT_VARIABLE_NAME.test(key), `${prop}.${key}`, ENVIRONMENT_VARIABLE_NAME_RULE, key);
    if ("parameterArn" in secret) {
      v.check(
        Token.isUnresolved(secret.parameterArn) || SSM_PARAMETER_ARN.test(secret.parameterArn),
        `${prop}.${key}.parameterArn`,
        "must be the ARN of an SSM parameter (arn:aws:ssm:<region>:<account>:parameter/<name>), never the secret itself",
        "a value that is not such an ARN (not shown: it may be the secret)",
      );
    } else if ("secretArn" in secret) {
      v.check(
        Token.isUnresolved(secret.secretArn) || SECRETS_MANAGER_ARN.test(secret.secretArn),
        `${prop}.${key}.secretArn`,
        "must be the full ARN of a Secrets Manager secret, with the 6-character suffix AWS adds to its name (arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf), never the secret itself",
        "a value that is not such an ARN (not shown: it may be the secret)",
      );
      if (secret.jsonKey !== undefined) {
        v.check(JSON_KEY.test(secret.jsonKey), `${prop}.${key}.jsonKey`, "must be a JSON key of letters, digits, _ . -", secret.jsonKey);
      }
    } else {
      v.fail(`${prop}.${key}`, "must be { parameterArn } or { secretArn, jsonKey? }", "an object with neither");
    }
  }
}
