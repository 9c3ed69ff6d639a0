/**
 * The application repository's workflow templates (templates/app-ci.yml and app-deploy.yml)
 * against what they deliver to: every variable they read is an output of each alb-fargate
 * environment stack (or the bootstrap stack's role ARN), the names those outputs carry are the
 * stacks' own resources, and every AWS call the delivery makes is allowed to that environment's
 * application role (evaluated as AWS would), and not to the other environment's.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { BootstrapStack } from "../../environments/bootstrap-stack";
import { projectConfig } from "../../environments";
import { AppStack } from "../../environments/app-stack";
import { parseBootstrapConfig, parseEnvironmentConfig } from "../../environments/config";
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

/**
 * app-deploy.yml's job, run: each `run` step in bash, in order, with the GitHub expressions it
 * uses filled in from the environment's outputs, and a stand-in AWS CLI on the PATH
 * (test/fixtures/fake-aws/aws) that records every call and answers from the stack. Steps that
 * use an action (the credentials) are skipped; so is the ECR push, a docker step.
 */
interface JobRun {
  /** Every AWS CLI call, as its arguments. */
  readonly calls: string[][];
  /** What each `register-task-definition` was given, by family. */
  readonly registered: Record<string, Record<string, unknown>>;
  /** The same, in the order of the calls. */
  readonly inputs: readonly Record<string, unknown>[];
  /** The step that failed, if one did. */
  readonly failed?: string;
  readonly output: string;
}

const FAKE_AWS = path.join(root, "test", "fixtures", "fake-aws");
const TAG = "git-0123456789abcdef0123456789abcdef01234567";
const SUBNETS = "subnet-0a,subnet-0b";
/** Stand-ins for the variables whose values AWS assigns at apply. */
const APPLY_TIME: Readonly<Record<string, string>> = { ONEOFF_SUBNET_IDS: SUBNETS, ONEOFF_SECURITY_GROUP_ID: "sg-0123456789abcdef0" };

function runDeliverJob(env: EnvironmentStack, options: { exitCode: number }): JobRun {
  const account = albFargate.bootstrap.accountId;
  const region = variable(env, "AWS_REGION");
  const vars: Record<string, string> = Object.fromEntries(Object.keys(variablesOf(env)).map((name) => [name, APPLY_TIME[name] ?? variable(env, name)]));
  vars.AWS_ROLE_ARN = (bootstrapJson.output?.github_application_role_arns?.value as Record<string, string>)[env.name]!;
  const work = fs.mkdtempSync(path.join(testOutdir(), "deliver-"));
  const log = path.join(work, "aws-calls.jsonl");
  const outputs = path.join(work, "github-output");
  fs.writeFileSync(log, "");
  fs.writeFileSync(outputs, "");
  const roleArn = (ref: unknown) => `arn:aws:iam::${account}:role/${resolved(env.json, String(ref).replace(/\.arn\}$/, ".name}"))}`;
  const taskDefinitions = Object.fromEntries(
    Object.values(env.json.resource?.aws_ecs_task_definition ?? {}).map((t) => [
      String(t.family),
      {
        family: t.family,
        taskDefinitionArn: `arn:aws:ecs:${region}:${account}:task-definition/${String(t.family)}:7`,
        revision: 7,
        status: "ACTIVE",
        requiresAttributes: [],
        compatibilities: ["EC2", "FARGATE"],
        registeredAt: "2026-12-01T00:00:00Z",
        registeredBy: "arn:aws:iam::123456789012:role/deployer",
        containerDefinitions: JSON.parse(String(t.container_definitions)) as unknown,
        executionRoleArn: roleArn(t.execution_role_arn),
        taskRoleArn: roleArn(t.task_role_arn),
        networkMode: t.network_mode,
        cpu: t.cpu,
        memory: t.memory,
        requiresCompatibilities: t.requires_compatibilities,
      },
    ]),
  );
  const statePath = path.join(work, "state.json");
  fs.writeFileSync(
    statePath,
    JSON.stringify({
      taskDefinitions,
      taskDefinitionArnPrefix: `arn:aws:ecs:${region}:${account}:task-definition/`,
      taskArn: `arn:aws:ecs:${region}:${account}:task/${vars.ECS_CLUSTER}/0123456789abcdef0123456789abcdef`,
      serviceArn: `arn:aws:ecs:${region}:${account}:service/${vars.ECS_CLUSTER}/${vars.ECS_SERVICE}`,
      exitCode: options.exitCode,
    }),
  );
  const job = workflow("app-deploy.yml").jobs.deliver! as Job & { env?: Record<string, string> };
  const stepOutputs = (): Record<string, string> =>
    Object.fromEntries(
      fs
        .readFileSync(outputs, "utf8")
        .split("\n")
        .filter((l) => l.includes("="))
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
  const jobEnv: Record<string, string> = {};
  const expression = (text: string): string =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
      const [scope, ...rest] = expr.split(".");
      const name = rest.join(".");
      if (scope === "vars") return vars[name] ?? "";
      if (scope === "inputs") return name === "tag" ? TAG : name === "environment" ? env.name : "";
      if (scope === "env") return jobEnv[name] ?? "";
      if (scope === "steps") return stepOutputs()[name.replace(/^register\.outputs\./, "")] ?? "";
      throw new Error(`no value for \${{ ${expr} }} in the test`);
    });
  for (const [name, value] of Object.entries(job.env ?? {})) jobEnv[name] = expression(value);
  const condition = (text: string | undefined): boolean => {
    if (text === undefined) return true;
    const m = /^(vars|env)\.(\w+) (==|!=) '([^']*)'$/.exec(text.trim());
    if (m === null) throw new Error(`the test cannot evaluate if: ${text}`);
    const value = m[1] === "vars" ? vars[m[2]!] : jobEnv[m[2]!];
    return m[3] === "==" ? value === m[4] : value !== m[4];
  };
  let failed: string | undefined;
  let output = "";
  for (const step of job.steps ?? []) {
    if (step.uses !== undefined || step.run === undefined || !condition(step.if)) continue;
    // The ECR push needs docker: its calls are checked by the ECR test below.
    if (/docker (load|push)/.test(step.run)) continue;
    const result = spawnSync("bash", ["-e", "-c", expression(step.run)], {
      cwd: work,
      encoding: "utf8",
      env: {
        PATH: `${FAKE_AWS}:${process.env.PATH ?? ""}`,
        HOME: work,
        FAKE_AWS_STATE: statePath,
        FAKE_AWS_LOG: log,
        GITHUB_OUTPUT: outputs,
        GITHUB_RUN_ID: "4242",
        ...jobEnv,
        ...Object.fromEntries(Object.entries((step as Step & { env?: Record<string, string> }).env ?? {}).map(([k, v]) => [k, expression(v)])),
      },
    });
    output += result.stdout + result.stderr;
    if (result.status !== 0) {
      failed = step.name ?? "(unnamed)";
      break;
    }
  }
  const calls = fs.readFileSync(log, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as string[]);
  const registeredFile = `${log}.registered`;
  const inputs = fs.existsSync(registeredFile) ? fs.readFileSync(registeredFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) : [];
  const registered = Object.fromEntries(inputs.map((input) => [String(input.family), input]));
  return { calls, registered, inputs, failed, output };
}

/** The IAM requests an AWS CLI call makes; an unknown call fails the test (a new command in the workflow needs its mapping here). */
function requestsOf(call: readonly string[], registration: Record<string, unknown> | undefined, region: string, account: string): IamRequest[] {
  const option = (name: string) => call[call.indexOf(name) + 1]!;
  const ecs = (resource: string) => `arn:aws:ecs:${region}:${account}:${resource}`;
  const toEcsTasks = { "iam:PassedToService": "ecs-tasks.amazonaws.com" };
  const command = call.slice(0, call[1] === "wait" ? 3 : 2).join(" ");
  switch (command) {
    case "ecs describe-task-definition":
      return [{ action: "ecs:DescribeTaskDefinition", resource: "*" }];
    case "ecs register-task-definition": {
      const input = registration!;
      return [
        { action: "ecs:RegisterTaskDefinition", resource: ecs(`task-definition/${String(input.family)}:8`) },
        { action: "iam:PassRole", resource: String(input.executionRoleArn), context: toEcsTasks },
        { action: "iam:PassRole", resource: String(input.taskRoleArn), context: toEcsTasks },
      ];
    }
    case "ecs run-task":
      return [{ action: "ecs:RunTask", resource: option("--task-definition"), context: { "ecs:cluster": ecs(`cluster/${option("--cluster")}`) } }];
    case "ecs wait tasks-stopped":
    case "ecs describe-tasks":
      return [{ action: "ecs:DescribeTasks", resource: option("--tasks") }];
    case "logs get-log-events":
      return [{ action: "logs:GetLogEvents", resource: `arn:aws:logs:${region}:${account}:log-group:${option("--log-group-name")}:log-stream:${option("--log-stream-name")}` }];
    case "ecs update-service":
      return [{ action: "ecs:UpdateService", resource: ecs(`service/${option("--cluster")}/${option("--service")}`) }];
    case "ecs wait services-stable":
      return [{ action: "ecs:DescribeServices", resource: ecs(`service/${option("--cluster")}/${option("--services")}`) }];
    default:
      throw new Error(`the test knows no IAM request for "aws ${call.join(" ")}": add its mapping`);
  }
}

describe.each(["staging", "production"])("app-deploy.yml run against %s's stack, with a stand-in AWS CLI", (name) => {
  let env: EnvironmentStack;
  let run: JobRun;
  beforeAll(() => {
    env = environments.find((e) => e.name === name)!;
    run = runDeliverJob(env, { exitCode: 0 });
  });
  const commands = (r: JobRun) => r.calls.map((c) => c.slice(0, c[1] === "wait" ? 3 : 2).join(" "));

  test("registers both families with the new image, migrates with the one-off revision, then updates the service and waits", () => {
    expect({ failed: run.failed, commands: commands(run) }).toEqual({
      failed: undefined,
      commands: [
        "ecs describe-task-definition",
        "ecs register-task-definition",
        "ecs describe-task-definition",
        "ecs register-task-definition",
        "ecs run-task",
        "ecs wait tasks-stopped",
        "ecs describe-tasks",
        "logs get-log-events",
        "ecs update-service",
        "ecs wait services-stable",
      ],
    });
    const image = `${variable(env, "RUN_IMAGE")}:${TAG}`;
    for (const family of [variable(env, "TASK_FAMILY"), variable(env, "ONEOFF_TASK_FAMILY")]) {
      const input = run.registered[family]!;
      const app = (input.containerDefinitions as { name: string; image: string }[]).find((c) => c.name === variable(env, "CONTAINER_NAME"))!;
      expect({ family, image: app.image, readOnly: ["taskDefinitionArn", "revision", "status", "registeredAt", "compatibilities"].filter((k) => k in input) }).toEqual({ family, image, readOnly: [] });
    }
    const runTask = run.calls.find((c) => c[1] === "run-task")!;
    const option = (n: string) => runTask[runTask.indexOf(n) + 1];
    expect(option("--task-definition")).toMatch(new RegExp(`task-definition/${variable(env, "ONEOFF_TASK_FAMILY")}:8$`));
    expect(JSON.parse(option("--overrides")!)).toEqual({ containerOverrides: [{ name: variable(env, "CONTAINER_NAME"), command: JSON.parse(variable(env, "ONEOFF_MIGRATE_COMMAND")) }] });
    expect(option("--network-configuration")).toBe(
      `awsvpcConfiguration={subnets=[${SUBNETS}],securityGroups=[${APPLY_TIME.ONEOFF_SECURITY_GROUP_ID!}],assignPublicIp=${variable(env, "ONEOFF_ASSIGN_PUBLIC_IP")}}`,
    );
    const update = run.calls.find((c) => c[1] === "update-service")!;
    expect(update[update.indexOf("--task-definition") + 1]).toMatch(new RegExp(`task-definition/${variable(env, "TASK_FAMILY")}:8$`));
  });

  test("a migration that exits non-zero fails the job before the service is updated", () => {
    const failing = runDeliverJob(env, { exitCode: 3 });
    expect(failing.failed).toBe("Migrate (a one-off task, its exit code checked)");
    expect(commands(failing)).not.toContain("ecs update-service");
    expect(failing.output).toContain("::error::The migration task exited with code 3");
  });

  test("every call is allowed to this environment's application role, and none to the other's", async () => {
    const model = new IamModel(bootstrapJson);
    const region = variable(env, "AWS_REGION");
    const account = albFargate.bootstrap.accountId;
    let registrations = 0;
    const requests = run.calls.flatMap((call) => requestsOf(call, call[1] === "register-task-definition" ? run.inputs[registrations++] : undefined, region, account));
    expect(requests.length).toBeGreaterThanOrEqual(14);
    const own = model.role(`${albFargate.bootstrap.project}-github-app-${name}`);
    const decided = await Promise.all(requests.map(async (r) => [`${r.action} ${r.resource}`, await own.decide(r)] as const));
    expect(decided.filter(([, d]) => d !== "Allowed")).toEqual([]);
    const other = model.role(`${albFargate.bootstrap.project}-github-app-${name === "staging" ? "production" : "staging"}`);
    // DescribeTaskDefinition takes no resource: the one call either role may make.
    const scoped = requests.filter((r) => r.resource !== "*");
    const theirs = await Promise.all(scoped.map(async (r) => [`${r.action} ${r.resource}`, await other.decide(r)] as const));
    expect(theirs.filter(([, d]) => d === "Allowed")).toEqual([]);
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

describe("with images in the service's own ECR repository (the project's staging)", () => {
  test("the delivery's push is allowed to the environment's application role, on that repository only", async () => {
    const projectBootstrap = { ...projectConfig.bootstrap, applicationDelivery: { repository: "acme/app" } };
    const bootstrapStack = synthJson(new BootstrapStack(testApp(), parseBootstrapConfig(projectBootstrap))) as unknown as StackJson;
    const stagingConfig = projectConfig.environments.find((e) => e.name === "staging")!;
    const json = synthJson(new AppStack(testApp(), parseEnvironmentConfig(stagingConfig))) as unknown as EnvironmentStack["json"];
    const env: EnvironmentStack = { name: "staging", json };
    // app-deploy.yml pushes RUN_IMAGE:<tag> after logging in to its registry: the repository's URL.
    expect([variable(env, "IMAGE_REGISTRY"), templateText("app-deploy.yml")]).toEqual(["ecr", expect.stringContaining('docker push "$IMAGE"')]);
    const repository = Object.values(json.resource?.aws_ecr_repository ?? {})[0]!;
    const repositoryArn = `arn:aws:ecr:${stagingConfig.region}:${stagingConfig.accountId}:repository/${String(repository.name)}`;
    expect(String(variablesOf(env).RUN_IMAGE)).toMatch(/^\$\{aws_ecr_repository\..+\.repository_url\}$/);
    const role = new IamModel(bootstrapStack).role(`${projectBootstrap.project}-github-app-staging`);
    // What `aws ecr get-login-password` and `docker push` ask of ECR.
    const push = ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"];
    const decisions = await Promise.all([
      role.decide({ action: "ecr:GetAuthorizationToken", resource: "*" }),
      ...push.map((action) => role.decide({ action, resource: repositoryArn })),
      ...push.map((action) => role.decide({ action, resource: repositoryArn.replace("-staging/", "-production/") })),
    ]);
    expect(decisions).toEqual(["Allowed", ...push.map(() => "Allowed"), ...push.map(() => "ImplicitlyDenied")]);
  });
});
