/**
 * The application repository's workflow templates (templates/app-ci.yml and app-deploy.yml)
 * against what they deliver to: every variable they read is an output of each alb-fargate
 * environment stack (or the bootstrap stack's role ARN), the names those outputs carry are the
 * stacks' own resources, and every AWS call the delivery makes is allowed to that environment's
 * application role (evaluated as AWS would), and not to the other environment's.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { BootstrapStack } from "../../environments/bootstrap-stack";
import { parseBootstrapConfig } from "../../environments/config";
import { buildExample, exampleStackName } from "../../examples";
import { albFargate } from "../../examples/alb-fargate";
import { IamModel, IamRequest, StackJson } from "../support/iam-simulator";
import { testOutdir } from "../support/outdir";
import { synthJson, testApp } from "../support/synth";

const root = path.resolve(__dirname, "../..");
const templateText = (name: string) => fs.readFileSync(path.join(root, "templates", name), "utf8");
const TEMPLATES = ["app-ci.yml", "app-deploy.yml"] as const;

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly needs?: string | string[];
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
  readonly environment?: string;
  readonly concurrency?: { group: string; "cancel-in-progress": boolean };
  readonly steps?: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly concurrency?: { group: string; "cancel-in-progress": boolean };
  readonly jobs: Record<string, Job>;
}
const workflow = (name: string) => parse(templateText(name)) as Workflow;
const stepsOf = (name: string) => Object.values(workflow(name).jobs).flatMap((job) => job.steps ?? []);

interface EnvironmentStack {
  readonly name: string;
  readonly json: StackJson & { output: Record<string, { value: unknown }> };
}

let environments: EnvironmentStack[];
let bootstrapJson: StackJson & { output?: Record<string, { value: unknown }> };

beforeAll(() => {
  const { app } = buildExample(albFargate, { outdir: testOutdir(), backend: "local" });
  environments = albFargate.environments.map((env) => {
    const stack = app.node.findChild(exampleStackName(albFargate, String(env.name)));
    return { name: String(env.name), json: JSON.parse(JSON.stringify((stack as unknown as { toTerraform(): unknown }).toTerraform())) as EnvironmentStack["json"] };
  });
  bootstrapJson = synthJson(new BootstrapStack(testApp(), parseBootstrapConfig(albFargate.bootstrap))) as unknown as typeof bootstrapJson;
});

/** `${type.name.attribute}` of the stack, resolved to the resource's configured value. */
function resolved(json: StackJson, value: unknown): string {
  const text = String(value);
  const ref = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_]+)\.([a-z_]+)\}$/.exec(text);
  if (ref === null) return text;
  const [, type, name, attribute] = ref;
  const configured = json.resource?.[type!]?.[name!]?.[attribute!];
  if (configured === undefined) throw new Error(`${text}: no configured ${attribute} (known only at apply)`);
  return resolved(json, configured);
}

const variablesOf = (env: EnvironmentStack) => env.json.output.application_ci_variables!.value as Record<string, string>;
const variable = (env: EnvironmentStack, name: string) => resolved(env.json, variablesOf(env)[name]);

test("every variable the templates read is an output of each environment's stack, or the bootstrap stack's role ARN", () => {
  const read = new Set(TEMPLATES.flatMap((name) => [...templateText(name).matchAll(/\bvars\.([A-Z0-9_]+)/g)].map((m) => m[1]!)));
  expect(read.size).toBeGreaterThan(10);
  for (const env of environments) {
    const missing = [...read].filter((name) => name !== "AWS_ROLE_ARN" && !(name in variablesOf(env)));
    expect({ environment: env.name, missing }).toEqual({ environment: env.name, missing: [] });
  }
  const roles = bootstrapJson.output?.github_application_role_arns?.value as Record<string, string>;
  expect(Object.keys(roles).sort()).toEqual(environments.map((e) => e.name).sort());
});

test("the variables name the stacks' own cluster, service, task families, container and log group", () => {
  for (const env of environments) {
    const prefix = `${albFargate.system}-${env.name}`;
    const families = Object.values(env.json.resource?.aws_ecs_task_definition ?? {}).map((t) => t.family);
    const definitions = Object.values(env.json.resource?.aws_ecs_task_definition ?? {});
    const oneOff = definitions.find((t) => t.family === variable(env, "ONEOFF_TASK_FAMILY"))!;
    const containers = JSON.parse(String(oneOff.container_definitions)) as { name: string }[];
    expect({
      cluster: variable(env, "ECS_CLUSTER"),
      service: variable(env, "ECS_SERVICE"),
      families: [variable(env, "TASK_FAMILY"), variable(env, "ONEOFF_TASK_FAMILY")].every((f) => families.includes(f)),
      oneOffContainers: containers.map((c) => c.name),
      logGroup: variable(env, "ONEOFF_LOG_GROUP"),
      region: variable(env, "AWS_REGION"),
      registry: variable(env, "IMAGE_REGISTRY"),
      updates: variable(env, "IMAGE_UPDATES"),
    }).toEqual({
      cluster: prefix,
      service: `${prefix}-api`,
      families: true,
      // The one-off task runs the app container alone: no tracing sidecar to keep it running.
      oneOffContainers: [variable(env, "CONTAINER_NAME")],
      logGroup: `/${prefix}/ecs/api`,
      region: albFargate.bootstrap.region,
      registry: "docker-hub",
      updates: "pipeline",
    });
    // The image the service runs is the cache's copy of the image CI pushes.
    const image = JSON.parse(String(oneOff.container_definitions))[0].image as string;
    expect(image.startsWith(`${variable(env, "RUN_IMAGE")}:`)).toBe(true);
    expect(variable(env, "PUSH_IMAGE")).toBe("docker.io/acme/drf-api");
  }
});

describe("each environment's role may make the delivery's AWS calls, and the other environment's may not", () => {
  const account = albFargate.bootstrap.accountId;
  const region = albFargate.bootstrap.region;
  const ecs = (resource: string) => `arn:aws:ecs:${region}:${account}:${resource}`;

  /** The calls app-deploy.yml makes for one environment, on that environment's resources. */
  function deliveryCalls(env: EnvironmentStack): IamRequest[] {
    const cluster = variable(env, "ECS_CLUSTER");
    const clusterArn = ecs(`cluster/${cluster}`);
    const definition = Object.values(env.json.resource?.aws_ecs_task_definition ?? {}).find((t) => t.family === variable(env, "TASK_FAMILY"))!;
    const roleArn = (ref: unknown) => `arn:aws:iam::${account}:role/${resolved(env.json, String(ref).replace(/\.arn\}$/, ".name}"))}`;
    const logGroup = variable(env, "ONEOFF_LOG_GROUP");
    return [
      { action: "ecs:DescribeTaskDefinition", resource: "*" },
      { action: "ecs:RegisterTaskDefinition", resource: ecs(`task-definition/${variable(env, "TASK_FAMILY")}:8`) },
      { action: "ecs:RegisterTaskDefinition", resource: ecs(`task-definition/${variable(env, "ONEOFF_TASK_FAMILY")}:8`) },
      { action: "iam:PassRole", resource: roleArn(definition.execution_role_arn), context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
      { action: "iam:PassRole", resource: roleArn(definition.task_role_arn), context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
      { action: "ecs:RunTask", resource: ecs(`task-definition/${variable(env, "ONEOFF_TASK_FAMILY")}:8`), context: { "ecs:cluster": clusterArn } },
      { action: "ecs:DescribeTasks", resource: ecs(`task/${cluster}/0123456789abcdef0123456789abcdef`) },
      { action: "logs:GetLogEvents", resource: `arn:aws:logs:${region}:${account}:log-group:${logGroup}:log-stream:oneoff/${variable(env, "CONTAINER_NAME")}/0123456789abcdef` },
      { action: "ecs:UpdateService", resource: ecs(`service/${cluster}/${variable(env, "ECS_SERVICE")}`) },
      { action: "ecs:DescribeServices", resource: ecs(`service/${cluster}/${variable(env, "ECS_SERVICE")}`) },
    ];
  }

  test.each(["staging", "production"])("%s", async (name) => {
    const model = new IamModel(bootstrapJson);
    const env = environments.find((e) => e.name === name)!;
    const other = environments.find((e) => e.name !== name)!;
    const role = model.role(`${albFargate.bootstrap.project}-github-app-${name}`);
    const own = await Promise.all(deliveryCalls(env).map(async (call) => [`${call.action} ${call.resource}`, await role.decide(call)] as const));
    expect(own.filter(([, decision]) => decision !== "Allowed")).toEqual([]);
    // The other environment's resources (DescribeTaskDefinition is the one read on "*").
    const others = deliveryCalls(other).filter((call) => call.resource !== "*");
    const theirs = await Promise.all(others.map(async (call) => [`${call.action} ${call.resource}`, await role.decide(call)] as const));
    expect(theirs.filter(([, decision]) => decision === "Allowed")).toEqual([]);
  });
});

describe("the workflows", () => {
  test("every action is pinned to a commit (a moved tag cannot change what runs)", () => {
    const uses = TEMPLATES.flatMap((name) => stepsOf(name).map((s) => s.uses).filter((u): u is string => u !== undefined));
    expect(uses.length).toBeGreaterThan(8);
    expect(uses.filter((u) => !/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/.test(u))).toEqual([]);
  });

  test("tests with ruff and pytest against a PostgreSQL service container", () => {
    const test = workflow("app-ci.yml").jobs.test as Job & { services?: Record<string, { image: string }> };
    const commands = (test.steps ?? []).map((s) => s.run ?? "").join("\n");
    expect({ postgres: test.services?.postgres?.image.startsWith("postgres:"), ruff: /ruff check/.test(commands), pytest: /\bpytest\b/.test(commands) }).toEqual({
      postgres: true,
      ruff: true,
      pytest: true,
    });
  });

  test("builds for ARM64 with buildx, scans failing on HIGH/CRITICAL, and tags by commit, never latest", () => {
    const steps = workflow("app-ci.yml").jobs.image!.steps ?? [];
    const build = steps.find((s) => s.uses?.startsWith("docker/build-push-action@"))!;
    const scan = steps.find((s) => s.uses?.startsWith("aquasecurity/trivy-action@"))!;
    expect({ platforms: build.with?.platforms, severity: scan.with?.severity, exit: scan.with?.["exit-code"] }).toEqual({
      platforms: "linux/arm64",
      severity: "HIGH,CRITICAL",
      exit: "1",
    });
    expect(steps.some((s) => s.uses?.startsWith("docker/setup-buildx-action@"))).toBe(true);
    // The scan runs before any push.
    const scanAt = steps.indexOf(scan);
    const pushes = steps.map((s, i) => [s, i] as const).filter(([s]) => /docker push|upload-artifact/.test(`${s.run ?? ""}${s.uses ?? ""}`));
    expect(pushes.length).toBeGreaterThan(0);
    expect(pushes.every(([, i]) => i > scanAt)).toBe(true);
    expect(templateText("app-ci.yml")).not.toMatch(/:latest\b/);
    expect(steps.find((s) => s.run?.includes("GITHUB_SHA"))?.run).toMatch(/tag=git-\$\{GITHUB_SHA\}/);
  });

  test("delivers to staging, then production, each in its own GitHub environment and never cancelled halfway", () => {
    const ci = workflow("app-ci.yml");
    expect([ci.jobs.staging?.with?.environment, ci.jobs.production?.with?.environment, ci.jobs.production?.needs]).toEqual(["staging", "production", ["image", "staging"]]);
    expect(ci.concurrency?.["cancel-in-progress"]).toBe(false);
    const deliver = workflow("app-deploy.yml").jobs.deliver!;
    expect([deliver.environment, deliver.concurrency?.["cancel-in-progress"]]).toEqual(["${{ inputs.environment }}", false]);
  });

  test("migrates with a one-off task and fails on its exit code before updating the service, then waits for stability", () => {
    const steps = workflow("app-deploy.yml").jobs.deliver!.steps ?? [];
    const migrate = steps.findIndex((s) => s.run?.includes("aws ecs run-task"));
    const update = steps.findIndex((s) => s.run?.includes("aws ecs update-service"));
    const script = steps[migrate]!.run!;
    expect({
      order: migrate >= 0 && migrate < update,
      oneOff: script.includes("steps.register.outputs.oneoff"),
      waits: script.includes("aws ecs wait tasks-stopped"),
      checksExitCode: /exitCode/.test(script) && /if \[ "\$code" != "0" \]/.test(script) && /exit 1/.test(script),
      stable: steps[update]!.run!.includes("aws ecs wait services-stable"),
    }).toEqual({ order: true, oneOff: true, waits: true, checksExitCode: true, stable: true });
  });
});
