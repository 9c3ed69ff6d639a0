import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Lazy, TerraformStack } from "cdktf";
import { resourcesOfType, textMark } from "../../inspect";
import { errorsOf, evaluate, StackJson } from "../../policies";
import type { MigrationNetwork } from "../../modules/codebuild-migrations";
import {
  DEFAULT_MIGRATE_COMMAND,
  DeliveryFunction,
  DeliveryPipeline,
  DeliveryPipelineProps,
  deliveryPipelinePropProblems,
  DeliveryPipelinePropsToCheck,
  DeliveryService,
  deliveryServiceOf,
  IMAGE_PUSH_ACTIONS,
  IMMUTABLE_CACHE_CONTROL,
  lambdaPlatforms,
} from "../../modules/delivery-pipeline";
import { FargateService, FargateServiceProps } from "../../modules/fargate-service";
import { RdsPrivate } from "../../modules/rds-private";
import { PURPOSE_MARK } from "../../modules/shared/purpose";
import type { Monitorable } from "../../modules/shared/monitorable";
import { DEFAULT_ALARM_THRESHOLDS, Monitoring } from "../../modules/monitoring";
import { StaticSite } from "../../modules/static-site";
import { Vpc2Az } from "../../modules/vpc-2az";
import { PropsCase, testRefusedProps } from "../support/refuses-props";
import { countOf, onlyResource, parseJsonAttribute, refTo, resourceList, SynthesizedStack, synthJson, testStack } from "../support/synth";

const natNetwork: MigrationNetwork = {
  vpcId: "vpc-0123456789abcdef0",
  privateSubnetIds: ["subnet-private-a", "subnet-private-b"],
  egress: "nat-instance",
  interfaceEndpointServices: [],
};

/** The function the pipeline deploys, as the lambda-function module's construct presents it. */
function standInFunction(overrides: Partial<DeliveryFunction> = {}): DeliveryFunction {
  return {
    functionName: "acme-test-api",
    functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:acme-test-api",
    aliasName: "live",
    architecture: "arm64",
    runtime: "python3.13",
    ...overrides,
  };
}

/**
 * Props that differ from a valid build. Unless `migrations` is given (undefined for none), the
 * pipeline migrates the test's database over `natNetwork`, changed by the `migrate*` overrides.
 */
type Overrides = Partial<DeliveryPipelineProps> & {
  readonly migrateNetwork?: MigrationNetwork;
  readonly migrateCommand?: string;
  readonly applicationUsername?: string;
};

/** Splits the test's own overrides from the props. */
function split(overrides: Overrides) {
  const { migrateNetwork, migrateCommand, applicationUsername, migrations, ...rest } = overrides;
  return { rest, explicit: "migrations" in overrides, migrations, migrateNetwork: migrateNetwork ?? natNetwork, migrateCommand, applicationUsername };
}

/** A real database and site beside the pipeline, so the wiring between them is what the tests see. */
function build(overrides: Overrides = {}): { stack: TerraformStack; delivery: DeliveryPipeline; db: RdsPrivate; site: StaticSite } {
  const stack = testStack("eu-west-1", "123456789012");
  const db = new RdsPrivate(stack, "Database", {
    name: "acme-test",
    network: { vpcId: natNetwork.vpcId, privateSubnetIds: natNetwork.privateSubnetIds },
  });
  const site = new StaticSite(stack, "Site", { name: "acme-test", accountId: "123456789012" });
  const o = split(overrides);
  const database = o.applicationUsername === undefined ? db : { connection: { ...db.connection, applicationUsername: o.applicationUsername }, allowFrom: db.allowFrom.bind(db) };
  const delivery = new DeliveryPipeline(stack, "Delivery", {
    name: "acme-test",
    region: "eu-west-1",
    accountId: "123456789012",
    repository: "acme/app",
    site,
    function: standInFunction(),
    ...o.rest,
    migrations: o.explicit ? o.migrations : { network: o.migrateNetwork, database, command: o.migrateCommand },
  });
  return { stack, delivery, db, site };
}

function synthWith(overrides: Overrides = {}): SynthesizedStack {
  return synthJson(build(overrides).stack);
}

/** The props as a config check has them before anything is built: ids unresolved, the database only its user's name. */
const unbuilt: DeliveryPipelinePropsToCheck = {
  name: "acme-test",
  region: "eu-west-1",
  accountId: "123456789012",
  repository: "acme/app",
  site: {
    bucketName: Lazy.stringValue({ produce: () => "bucket" }),
    bucketArn: Lazy.stringValue({ produce: () => "arn:aws:s3:::bucket" }),
    distributionId: Lazy.stringValue({ produce: () => "E123" }),
    distributionArn: Lazy.stringValue({ produce: () => "arn:aws:cloudfront::123456789012:distribution/E123" }),
  },
  function: { ...standInFunction(), functionName: Lazy.stringValue({ produce: () => "f" }), functionArn: Lazy.stringValue({ produce: () => "arn" }) },
  migrations: {
    network: { ...natNetwork, vpcId: Lazy.stringValue({ produce: () => "vpc" }), privateSubnetIds: Lazy.listValue({ produce: () => ["subnet-a"] }) },
    database: { connection: { applicationUsername: "app_user" } },
  },
};

/** The exported check on the same overrides as `build`. */
function check(overrides: Overrides) {
  const o = split(overrides);
  const ids = { vpcId: unbuilt.migrations!.network.vpcId, privateSubnetIds: unbuilt.migrations!.network.privateSubnetIds };
  return deliveryPipelinePropProblems({
    ...unbuilt,
    ...o.rest,
    migrations: o.explicit
      ? o.migrations && { ...o.migrations, network: { ...o.migrations.network, ...ids } }
      : {
          // A network given by the case keeps its subnets (a list known at synth); the default's are unresolved.
          network: overrides.migrateNetwork === undefined ? unbuilt.migrations!.network : { ...overrides.migrateNetwork, vpcId: ids.vpcId },
          database: { connection: { applicationUsername: o.applicationUsername ?? "app_user" } },
          command: o.migrateCommand,
        },
  });
}

interface Buildspec {
  version: string;
  env: { shell: string; variables: Record<string, string>; "parameter-store"?: Record<string, string>; "secrets-manager"?: Record<string, string> };
  phases: Record<string, { "runtime-versions"?: Record<string, string>; commands: string[] }>;
  artifacts?: Record<string, unknown>;
}

function project(json: SynthesizedStack, stage: "build" | "migrate" | "deploy"): Record<string, unknown> {
  const found = resourceList(json, "aws_codebuild_project").find((p) => p.name === `acme-test-delivery-${stage}`);
  if (!found) throw new Error(`no ${stage} project`);
  return found;
}

function buildspecOf(json: SynthesizedStack, stage: "build" | "migrate" | "deploy"): Buildspec {
  return parseJsonAttribute<Buildspec>((project(json, stage).source as { buildspec: string }).buildspec);
}

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: string | string[];
}

function statementsOf(json: SynthesizedStack, policyName: string): Record<string, Statement> {
  const policy = resourceList(json, "aws_iam_role_policy").find((p) => p.name === policyName);
  if (!policy) throw new Error(`no policy ${policyName}`);
  return Object.fromEntries(parseJsonAttribute<{ Statement: Statement[] }>(policy.policy).Statement.map((st) => [st.Sid, st]));
}

interface Stage {
  name: string;
  action: { name: string; provider: string; configuration: Record<string, string>; input_artifacts?: string[]; output_artifacts?: string[] }[];
}

const stagesOf = (json: SynthesizedStack) => onlyResource(json, "aws_codepipeline").stage as Stage[];

// ---------------------------------------------------------------------------------------------
// Running buildspec commands as CodeBuild does

/** One bash word holding `value` as it is. */
const shellWord = (value: string): string => `'${value.replace(/'/g, "'\\''")}'`;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs buildspec commands in one bash, as CodeBuild does: the variables exported, stopping at the
 * first command that fails. Paths under /tmp move into `root`. `fakes` are scripts put first on
 * PATH (aws, npm, pip, curl); everything else (find, sort, zip, touch, tar, unzip, python) is real.
 */
function runLikeCodeBuild(root: string, commands: readonly string[], variables: Record<string, string>, fakes: Record<string, string> = {}): Run {
  const bin = path.join(root, "bin");
  fs.mkdirSync(bin, { recursive: true });
  fs.mkdirSync(path.join(root, "tmp"), { recursive: true });
  for (const [name, script] of Object.entries(fakes)) fs.writeFileSync(path.join(bin, name), `#!/usr/bin/env bash\n${script}\n`, { mode: 0o755 });
  // The root is under /tmp itself: only what is not already in it moves.
  const move = (text: string) => text.split(root).map((part) => part.replace(/\/tmp\//g, `${root}/tmp/`)).join(root);
  const script = [
    ...Object.entries(variables).map(([name, value]) => `export ${name}=${shellWord(move(value))}`),
    `export PATH=${shellWord(bin)}:"$PATH"`,
    ...commands.map(move).flatMap((command) => [command, 'rc=$?; if [ "$rc" -ne 0 ]; then exit "$rc"; fi']),
  ].join("\n");
  const run = spawnSync("bash", ["--noprofile", "--norc", "-c", script], {
    cwd: root,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: root, LOG: path.join(root, "calls.log") },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function withTempDir<T>(body: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "delivery-run-"));
  try {
    return body(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
}

/** Every file under a folder, relative and sorted. */
function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(root, full));
    }
  };
  walk(root);
  return out.sort();
}

const callsOf = (root: string): string[] => {
  const file = path.join(root, "calls.log");
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trimEnd().split("\n") : [];
};

/** A fake tool that logs its name and arguments, one call a line. */
const logging = (name: string, then = ""): string => `echo "${name} $*" >> "$LOG"\n${then}`;

/** The fakes of the build: npm writes a Vite-like dist, pip a package and a __pycache__ into --target, curl the CA bundle. */
const BUILD_FAKES: Record<string, string> = {
  npm: logging(
    "npm",
    'if [ "$1" = run ]; then mkdir -p dist/assets dist/about && echo "<html>home</html>" > dist/index.html && echo "<html>about</html>" > dist/about/index.html && echo "console.log(1)" > dist/assets/index-4f3a2b.js; fi',
  ),
  pip: logging(
    "pip",
    [
      'target=""; while [ "$#" -gt 0 ]; do case "$1" in --target) target="$2"; shift 2 ;; *) shift ;; esac; done',
      'mkdir -p "$target/django/__pycache__" "$target/psycopg" && echo "# django" > "$target/django/__init__.py" && echo "cached" > "$target/django/__pycache__/x.pyc" && echo "# psycopg" > "$target/psycopg/__init__.py"',
    ].join("\n"),
  ),
  curl: logging("curl", 'out=""; while [ "$#" -gt 0 ]; do case "$1" in -o) out="$2"; shift 2 ;; *) shift ;; esac; done; echo "CA bundle" > "$out"'),
};

/** A Django project as the build finds it: manage.py collectstatic writes STATIC_ROOT. */
const DJANGO_PROJECT: Record<string, string> = {
  "app/requirements.txt": "django\npsycopg[binary]\n",
  "app/manage.py": [
    "import os, sys",
    "if sys.argv[1:2] == ['collectstatic']:",
    "    root = os.environ['STATIC_ROOT']",
    "    os.makedirs(os.path.join(root, 'admin'), exist_ok=True)",
    "    open(os.path.join(root, 'admin', 'base.css'), 'w').write('body {}')",
    "",
  ].join("\n"),
  "app/config/settings.py": "STATIC_URL = '/static/'\n",
  "app/config/__pycache__/settings.cpython-313.pyc": "stale",
  "web/package.json": "{}",
  "web/package-lock.json": "{}",
};

// ---------------------------------------------------------------------------------------------

describe("DeliveryPipeline stages", () => {
  const json = synthWith();

  test("Source, Build, Migrate, Deploy, in that order, with their artifacts", () => {
    const pipeline = onlyResource(json, "aws_codepipeline");
    expect(pipeline).toMatchObject({ name: "acme-test-delivery", pipeline_type: "V2", execution_mode: "QUEUED" });
    const stages = stagesOf(json);
    expect(stages.map((st) => [st.name, st.action.map((a) => a.name)])).toEqual([
      ["Source", ["Source"]],
      ["Build", ["Build"]],
      ["Migrate", ["Migrate"]],
      ["Deploy", ["Deploy"]],
    ]);
    expect(stages[0]!.action[0]).toMatchObject({
      provider: "CodeStarSourceConnection",
      output_artifacts: ["source"],
      configuration: {
        ConnectionArn: refTo(json, "aws_codestarconnections_connection", "Delivery_Connection", "arn"),
        FullRepositoryId: "acme/app",
        BranchName: "main",
        DetectChanges: "true",
      },
    });
    expect(stages[1]!.action[0]).toEqual({
      name: "Build",
      category: "Build",
      owner: "AWS",
      provider: "CodeBuild",
      version: "1",
      input_artifacts: ["source"],
      output_artifacts: ["site", "function"],
      configuration: { ProjectName: refTo(json, "aws_codebuild_project", "Delivery_BuildProject", "name") },
    });
    expect(stages[2]!.action[0]).toMatchObject({
      provider: "CodeBuild",
      input_artifacts: ["function"],
      configuration: { ProjectName: refTo(json, "aws_codebuild_project", "Delivery_MigrateProject", "name") },
    });
    expect(stages[2]!.action[0]!.output_artifacts).toBeUndefined();
    expect(stages[3]!.action[0]).toMatchObject({
      provider: "CodeBuild",
      input_artifacts: ["function", "site"],
      configuration: { ProjectName: refTo(json, "aws_codebuild_project", "Delivery_DeployProject", "name"), PrimarySource: "function" },
    });
    expect(pipeline.artifact_store).toEqual([{ location: refTo(json, "aws_s3_bucket", "Delivery_Artifacts_Bucket", "bucket"), type: "S3" }]);
  });

  test("without migrations: Source, Build, Deploy, and nothing in the VPC", () => {
    const { stack, delivery } = build({ migrations: undefined });
    const plain = synthJson(stack);
    expect(stagesOf(plain).map((st) => st.name)).toEqual(["Source", "Build", "Deploy"]);
    expect(countOf(plain, "aws_codebuild_project")).toBe(2);
    expect(countOf(plain, "aws_security_group")).toBe(1); // the database's own
    expect(delivery.migrateProject).toBeUndefined();
    expect(delivery.migrateRole).toBeUndefined();
    expect(delivery.securityGroupId).toBeUndefined();
    expect(() => delivery.allowTo("X", { securityGroupId: "sg-1" }, 5432, "x")).toThrow(/migrations are needed by allowTo/);
  });

  test("a site alone: one output, one input, no Python anywhere", () => {
    const plain = synthWith({ function: undefined, migrations: undefined });
    const stages = stagesOf(plain);
    expect(stages[1]!.action[0]!.output_artifacts).toEqual(["site"]);
    expect(stages[2]!.action[0]).toMatchObject({ name: "Deploy", input_artifacts: ["site"] });
    expect(stages[2]!.action[0]!.configuration.PrimarySource).toBeUndefined();
    const spec = buildspecOf(plain, "build");
    expect(spec.phases.install!["runtime-versions"]).toEqual({ nodejs: "22" });
    expect(spec.artifacts).toEqual({ "base-directory": "web/dist", files: ["**/*"] });
    expect(JSON.stringify(spec)).not.toContain("pip ");
    expect(Object.keys(statementsOf(plain, "delivery-deploy"))).toEqual(["WriteLogs", "ReadArtifacts", "ListSite", "WriteSite", "InvalidateSite"]);
    expect(buildspecOf(plain, "deploy").phases.build!.commands[0]).toBe('cd "$CODEBUILD_SRC_DIR"');
  });

  test("a function alone: its package out of the build, into the deploy; no collectstatic", () => {
    const plain = synthWith({ site: undefined, migrations: undefined });
    const stages = stagesOf(plain);
    expect(stages[1]!.action[0]!.output_artifacts).toEqual(["function"]);
    expect(stages[2]!.action[0]).toMatchObject({ input_artifacts: ["function"] });
    const spec = buildspecOf(plain, "build");
    expect(spec.artifacts).toEqual({ "base-directory": "build", files: ["function.zip"] });
    expect(spec.phases.build!.commands.join("\n")).not.toContain("collectstatic");
    expect(spec.phases.install!["runtime-versions"]).toEqual({ python: "3.13" });
    expect(Object.keys(statementsOf(plain, "delivery-deploy"))).toEqual(["WriteLogs", "ReadArtifacts", "DeployFunction"]);
  });

  test("an existing connection: none created, the source and the pipeline role use it", () => {
    const arn = "arn:aws:codestar-connections:eu-west-1:123456789012:connection/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab";
    const plain = synthWith({ connectionArn: arn, branch: "release" });
    expect(countOf(plain, "aws_codestarconnections_connection")).toBe(0);
    expect(stagesOf(plain)[0]!.action[0]!.configuration).toMatchObject({ ConnectionArn: arn, BranchName: "release" });
    expect(statementsOf(plain, "run-pipeline").UseConnection).toMatchObject({ Action: ["codestar-connections:UseConnection", "codeconnections:UseConnection"], Resource: arn });
  });
});

describe("DeliveryPipeline projects", () => {
  const json = synthWith();

  test("only the migrate project runs in the VPC, in the private subnets, with its own security group", () => {
    expect(project(json, "build").vpc_config).toBeUndefined();
    expect(project(json, "deploy").vpc_config).toBeUndefined();
    expect(project(json, "migrate").vpc_config).toEqual({
      vpc_id: "vpc-0123456789abcdef0",
      subnets: ["subnet-private-a", "subnet-private-b"],
      security_group_ids: [refTo(json, "aws_security_group", "Delivery_MigrateSecurityGroup", "id")],
    });
  });

  test("small ARM64 Amazon Linux builds for an arm64 function, one at a time, logged with retention", () => {
    for (const stage of ["build", "migrate", "deploy"] as const) {
      expect(project(json, stage)).toMatchObject({
        concurrent_build_limit: 1,
        build_timeout: 30,
        environment: { compute_type: "BUILD_GENERAL1_SMALL", image: "aws/codebuild/amazonlinux2-aarch64-standard:3.0", type: "ARM_CONTAINER", privileged_mode: false },
        logs_config: { cloudwatch_logs: { status: "ENABLED" }, s3_logs: { status: "DISABLED" } },
        service_role: refTo(json, "aws_iam_role", `Delivery_${stage.charAt(0).toUpperCase()}${stage.slice(1)}Role`, "arn"),
      });
      expect(resourceList(json, "aws_cloudwatch_log_group").find((g) => g.name === `/acme-test/codebuild/delivery-${stage}`)).toMatchObject({ retention_in_days: 30 });
    }
  });

  test("an x86_64 function: the build and the migrations on x86 (they run its wheels), the deploy stays on ARM", () => {
    const x86 = synthWith({ function: standInFunction({ architecture: "x86_64", runtime: "python3.11" }), buildTimeoutMinutes: 20, logRetentionDays: 90 });
    expect((project(x86, "build").environment as { image: string }).image).toBe("aws/codebuild/amazonlinux2-x86_64-standard:5.0");
    expect((project(x86, "migrate").environment as { type: string }).type).toBe("LINUX_CONTAINER");
    expect((project(x86, "deploy").environment as { type: string }).type).toBe("ARM_CONTAINER");
    expect(project(x86, "deploy").build_timeout).toBe(20);
    expect(resourceList(x86, "aws_cloudwatch_log_group").find((g) => g.name === "/acme-test/codebuild/delivery-build")).toMatchObject({ retention_in_days: 90 });
    const pip = buildspecOf(x86, "build").phases.build!.commands.find((c) => c.startsWith("pip install"));
    expect(pip).toBe(
      "pip install --platform manylinux2014_x86_64 --implementation cp --python-version 3.11 --only-binary=:all: --no-compile --target build/function -r app/requirements.txt",
    );
    expect(buildspecOf(x86, "migrate").phases.install!["runtime-versions"]).toEqual({ python: "3.11" });
  });

  test("the migrate build reaches the database on 5432 and AWS over HTTPS; the database admits it", () => {
    const group = refTo(json, "aws_security_group", "Delivery_MigrateSecurityGroup", "id");
    const dbGroup = refTo(json, "aws_security_group", "Database_SecurityGroup", "id");
    const egress = resourceList(json, "aws_vpc_security_group_egress_rule").filter((r) => r.security_group_id === group);
    expect(egress).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from_port: 5432, to_port: 5432, referenced_security_group_id: dbGroup }),
        expect.objectContaining({ from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" }),
      ]),
    );
    expect(egress).toHaveLength(2);
    expect(resourceList(json, "aws_vpc_security_group_ingress_rule")).toEqual([
      expect.objectContaining({ security_group_id: dbGroup, from_port: 5432, referenced_security_group_id: group }),
    ]);
  });

  test("the artifact bucket is the shared one: private, versioned, expiring, marked as the pipeline's artifacts", () => {
    expect(resourceList(json, "aws_s3_bucket").map((b) => b.bucket)).toContain("acme-test-delivery-123456789012");
    const lifecycle = resourceList(json, "aws_s3_bucket_lifecycle_configuration").find((l) => JSON.stringify(l).includes("expire-artifacts"));
    expect(lifecycle).toBeDefined();
    const full = build().stack.toTerraform() as Parameters<typeof resourcesOfType>[0];
    const marks = resourcesOfType(full, "aws_s3_bucket").map((b) => [b.path, textMark(b.marks, PURPOSE_MARK)]);
    expect(marks).toContainEqual(["test/Delivery/Artifacts/Bucket", "pipeline-artifacts"]);
  });

  test("a failed or stopped build of any of its projects is announced on an encrypted topic", () => {
    const rule = onlyResource(json, "aws_cloudwatch_event_rule");
    expect(JSON.parse(rule.event_pattern as string)).toEqual({
      source: ["aws.codebuild"],
      "detail-type": ["CodeBuild Build State Change"],
      detail: { "build-status": ["FAILED", "STOPPED"], "project-name": ["acme-test-delivery-build", "acme-test-delivery-migrate", "acme-test-delivery-deploy"] },
    });
    expect(onlyResource(json, "aws_sns_topic")).toMatchObject({ name: "acme-test-delivery-failed", kms_master_key_id: refTo(json, "aws_kms_key", "Delivery_NotificationKey", "arn") });
    expect(onlyResource(json, "aws_cloudwatch_event_target").arn).toBe(refTo(json, "aws_sns_topic", "Delivery_NotificationTopic", "arn"));
    expect(countOf(json, "aws_sns_topic_subscription")).toBe(0);
    const emails = synthWith({ notificationEmails: ["dev@example.com"], migrations: undefined });
    expect(onlyResource(emails, "aws_sns_topic_subscription")).toMatchObject({ protocol: "email", endpoint: "dev@example.com" });
    expect(JSON.parse(onlyResource(emails, "aws_cloudwatch_event_rule").event_pattern as string).detail["project-name"]).toEqual(["acme-test-delivery-build", "acme-test-delivery-deploy"]);
  });

  test("each stage has its own role, named for it, trusting only its service in the account", () => {
    const roles = Object.fromEntries(resourceList(json, "aws_iam_role").map((r) => [r.name, parseJsonAttribute<{ Statement: { Principal: unknown; Condition: unknown }[] }>(r.assume_role_policy).Statement[0]]));
    const names = ["acme-test-delivery-build", "acme-test-delivery-migrate", "acme-test-delivery-deploy", "acme-test-delivery-pipeline"];
    expect(Object.keys(roles).sort()).toEqual([...names].sort());
    for (const name of names) {
      expect(roles[name]!.Condition).toEqual({ StringEquals: { "aws:SourceAccount": "123456789012" } });
      expect(roles[name]!.Principal).toEqual({ Service: name.endsWith("pipeline") ? "codepipeline.amazonaws.com" : "codebuild.amazonaws.com" });
    }
    const { delivery } = build();
    expect([delivery.buildRole, delivery.migrateRole, delivery.deployRole, delivery.pipelineRole].every((r) => r !== undefined)).toBe(true);
  });

  test("the pipeline role starts and reads builds of its own three projects only", () => {
    const statements = statementsOf(json, "run-pipeline");
    expect(Object.keys(statements)).toEqual(["Artifacts", "RunBuilds", "UseConnection"]);
    expect(statements.RunBuilds).toMatchObject({
      Action: ["codebuild:StartBuild", "codebuild:BatchGetBuilds"],
      Resource: ["Build", "Migrate", "Deploy"].map((stage) => refTo(json, "aws_codebuild_project", `Delivery_${stage}Project`, "arn")),
    });
  });

  test("the build role writes its logs and the artifacts, nothing else", () => {
    const statements = statementsOf(json, "delivery-build");
    expect(Object.keys(statements)).toEqual(["WriteLogs", "ReadWriteArtifacts"]);
    expect(statements.WriteLogs!.Resource).toBe(`${refTo(json, "aws_cloudwatch_log_group", "Delivery_BuildLogGroup", "arn")}:*`);
    expect(statements.ReadWriteArtifacts).toMatchObject({
      Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
      Resource: `${refTo(json, "aws_s3_bucket", "Delivery_Artifacts_Bucket", "arn")}/*`,
    });
  });

  test("the migrate role reads the artifacts, the four connection parameters and the master secret; its VPC policy is the shared one", () => {
    const statements = statementsOf(json, "delivery-migrate");
    expect(Object.keys(statements)).toEqual(["WriteLogs", "ReadArtifacts", "ReadConnectionSettings", "ReadDatabasePassword"]);
    expect(statements.ReadConnectionSettings!.Resource).toEqual(["Host", "Port", "Database", "Username"].map((p) => refTo(json, "aws_ssm_parameter", `Database_Parameter${p}`, "arn")));
    const vpc = resourceList(json, "aws_iam_role_policy").find((p) => p.name === "build-in-vpc");
    expect(vpc?.role).toBe(refTo(json, "aws_iam_role", "Delivery_MigrateRole", "id"));
  });

  test("the deploy role: the site's objects and distribution, the function and its versions and aliases", () => {
    const statements = statementsOf(json, "delivery-deploy");
    const bucketArn = refTo(json, "aws_s3_bucket", "Site_Bucket", "arn");
    expect(statements.ListSite).toMatchObject({ Action: "s3:ListBucket", Resource: bucketArn });
    expect(statements.WriteSite).toMatchObject({ Action: ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"], Resource: `${bucketArn}/*` });
    expect(statements.InvalidateSite).toMatchObject({
      Action: ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"],
      Resource: refTo(json, "aws_cloudfront_distribution", "Site_Distribution", "arn"),
    });
    const arn = "arn:aws:lambda:eu-west-1:123456789012:function:acme-test-api";
    expect(statements.DeployFunction).toMatchObject({ Resource: [arn, `${arn}:*`] });
    expect([...statements.DeployFunction!.Action].sort()).toEqual([
      "lambda:GetAlias",
      "lambda:GetFunction",
      "lambda:GetFunctionConfiguration",
      "lambda:PublishVersion",
      "lambda:UpdateAlias",
      "lambda:UpdateFunctionCode",
    ]);
  });
});

describe("DeliveryPipeline buildspecs", () => {
  const json = synthWith();

  test("none holds a Terraform interpolation or directive of its own, nor a plain password", () => {
    for (const stage of ["build", "migrate", "deploy"] as const) {
      const raw = (project(json, stage).source as { buildspec: string }).buildspec;
      expect(raw.replace(/\$\{(aws_[a-z0-9_]+\.[A-Za-z0-9_]+\.[a-z_]+(\[0\]\.[a-z_]+)?)\}/g, "")).not.toContain("${");
      expect(raw).not.toContain("%{");
      expect(raw).not.toMatch(/set\s+-[a-z]*x|xtrace/);
      expect(Object.keys(buildspecOf(json, stage).env.variables).filter((name) => /PASSWORD|SECRET/i.test(name))).toEqual([]);
    }
  });

  test("the build installs the requirements for Lambda's platform, collects the static files and zips deterministically", () => {
    const spec = buildspecOf(json, "build");
    const commands = spec.phases.build!.commands;
    expect(spec.phases.install!["runtime-versions"]).toEqual({ nodejs: "22", python: "3.13" });
    expect(commands).toContain(
      "pip install --platform manylinux2014_aarch64 --platform manylinux_2_28_aarch64 --implementation cp --python-version 3.13 --only-binary=:all: --no-compile --target build/function -r app/requirements.txt",
    );
    expect(commands.indexOf("npm ci")).toBeLessThan(commands.indexOf("npm run build"));
    // The site first: Vite empties its output folder, then collectstatic writes into it.
    expect(commands.indexOf("npm run build")).toBeLessThan(commands.findIndex((c) => c.includes("collectstatic")));
    expect(commands).toContain('(cd build/function && STATIC_ROOT="$CODEBUILD_SRC_DIR"/web/dist/static PYTHONDONTWRITEBYTECODE=1 python manage.py collectstatic --noinput)');
    expect(commands).toContain("find build/function -exec env TZ=UTC touch -h -t 198001010000 {} +");
    expect(commands).toContain("(cd build/function && find . -mindepth 1 \\( -type f -o -type l \\) | LC_ALL=C sort | TZ=UTC zip -X -D -q ../function.zip -@)");
    expect(spec.artifacts).toEqual({
      "secondary-artifacts": {
        site: { "base-directory": "web/dist", files: ["**/*"] },
        function: { "base-directory": "build", files: ["function.zip"] },
      },
    });
  });

  test("other folders, and no collectstatic when it is turned off", () => {
    const spec = buildspecOf(synthWith({ siteDirectory: "frontend", siteOutputDirectory: "build", functionDirectory: "backend/api", collectStatic: false }), "build");
    const commands = spec.phases.build!.commands.join("\n");
    expect(commands).toContain('cd "$CODEBUILD_SRC_DIR"/frontend');
    expect(commands).toContain("-r backend/api/requirements.txt");
    expect(commands).toContain("tar -C backend/api ");
    expect(commands).not.toContain("collectstatic");
    expect(spec.artifacts).toMatchObject({ "secondary-artifacts": { site: { "base-directory": "frontend/build" } } });
  });

  test("the pip platforms follow the Lambda runtime's glibc: manylinux_2_28 only from Python 3.12 (Amazon Linux 2023)", () => {
    expect(lambdaPlatforms("arm64", "3.11")).toEqual(["manylinux2014_aarch64"]);
    expect(lambdaPlatforms("x86_64", "3.12")).toEqual(["manylinux2014_x86_64", "manylinux_2_28_x86_64"]);
  });

  test("run as CodeBuild would: the site, the static files in its static/, and a package whose bytes depend only on its files", () => {
    const spec = buildspecOf(json, "build");
    const once = (stamp: string) =>
      withTempDir((root) => {
        const src = path.join(root, "src");
        writeFiles(src, DJANGO_PROJECT);
        // Another checkout: other times on every file.
        spawnSync("find", [src, "-exec", "touch", "-d", stamp, "{}", "+"]);
        const run = runLikeCodeBuild(root, spec.phases.build!.commands, { ...spec.env.variables, CODEBUILD_SRC_DIR: src }, BUILD_FAKES);
        expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
        const zip = fs.readFileSync(path.join(src, "build/function.zip"));
        const listing = spawnSync("unzip", ["-Z1", path.join(src, "build/function.zip")], { encoding: "utf8" }).stdout.trim().split("\n");
        return { sha: createHash("sha256").update(zip).digest("hex"), listing, site: filesUnder(path.join(src, "web/dist")), calls: callsOf(root) };
      });
    const first = once("2024-03-01 10:00");
    const second = once("2025-07-15 18:30");
    expect(second.sha).toBe(first.sha);
    expect(first.listing).toEqual(["config/settings.py", "django/__init__.py", "manage.py", "psycopg/__init__.py", "rds-ca.pem", "requirements.txt"]);
    expect(first.site).toEqual(["about/index.html", "assets/index-4f3a2b.js", "index.html", "static/admin/base.css"]);
    expect(first.calls.filter((c) => c.startsWith("npm"))).toEqual(["npm ci", "npm run build"]);
    expect(first.calls.find((c) => c.startsWith("curl"))).toContain("https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem");
  });

  test("a build whose settings ignore STATIC_ROOT stops, saying what to set", () => {
    const spec = buildspecOf(json, "build");
    withTempDir((root) => {
      const src = path.join(root, "src");
      writeFiles(src, { ...DJANGO_PROJECT, "app/manage.py": "print('collected elsewhere')\n" });
      const run = runLikeCodeBuild(root, spec.phases.build!.commands, { CODEBUILD_SRC_DIR: src }, BUILD_FAKES);
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain("collectstatic put nothing in web/dist/static: the settings must read STATIC_ROOT from the environment");
      expect(fs.existsSync(path.join(src, "build/function.zip"))).toBe(false);
    });
  });

  test("the migrate build reads the connection from Parameter Store and the password from Secrets Manager, then migrates and grants", () => {
    const spec = buildspecOf(json, "migrate");
    expect(Object.keys(spec.env["parameter-store"]!).sort()).toEqual(["DB_HOST", "DB_NAME", "DB_PORT", "DB_USER"]);
    expect(spec.env["parameter-store"]!.DB_HOST).toBe(refTo(json, "aws_ssm_parameter", "Database_ParameterHost", "name"));
    expect(spec.env["secrets-manager"]).toEqual({ DB_PASSWORD: `${refTo(json, "aws_db_instance", "Database_Instance", "master_user_secret[0].secret_arn")}:password` });
    expect(spec.env.variables).toMatchObject({ PGSSLMODE: "verify-full", PGSSLROOTCERT: "/tmp/delivery-app/rds-ca.pem" });
    expect(spec.phases.build!.commands[1]).toBe(DEFAULT_MIGRATE_COMMAND);
    // The password reaches libpq for this one command, never a command line's text.
    expect(spec.phases.build!.commands[2]).toMatch(/^PGPASSWORD="\$DB_PASSWORD" python -c 'import os, psycopg; /);
    expect(spec.phases.build!.commands[2]).not.toMatch(/[^G]password=/i);
    const custom = buildspecOf(synthWith({ migrateCommand: "python manage.py migrate --noinput --database default" }), "migrate");
    expect(custom.phases.build!.commands[1]).toBe("python manage.py migrate --noinput --database default");
  });

  test("run as CodeBuild would: the package is unpacked, Django migrates, then psycopg runs the role's SQL as the master user over verified TLS", () => {
    const spec = buildspecOf(json, "migrate");
    withTempDir((root) => {
      const src = path.join(root, "src");
      const pkg = path.join(root, "pkg");
      writeFiles(pkg, {
        "manage.py": "import json, os, sys\nopen(os.environ['LOG'], 'a').write(json.dumps({'manage': sys.argv[1:], 'sslmode': os.environ['PGSSLMODE'], 'user': os.environ['DB_USER']}) + '\\n')\n",
        "psycopg/__init__.py": [
          "import json, os",
          "def log(entry): open(os.environ['LOG'], 'a').write(json.dumps(entry) + '\\n')",
          "class Connection:",
          "    def execute(self, query, params=None): log({'execute': query, 'params': params})",
          "    def commit(self): log({'commit': True})",
          "    def close(self): log({'close': True})",
          // libpq takes the password from PGPASSWORD when connect() is given none.
          "def connect(**kwargs):",
          "    log({'connect': kwargs, 'PGPASSWORD': os.environ.get('PGPASSWORD')})",
          "    return Connection()",
          "",
        ].join("\n"),
        "rds-ca.pem": "CA bundle",
      });
      fs.mkdirSync(src);
      spawnSync("zip", ["-q", "-r", path.join(src, "function.zip"), "."], { cwd: pkg });
      const commands = Object.values(spec.phases).flatMap((phase) => phase.commands);
      const run = runLikeCodeBuild(root, commands, {
        ...spec.env.variables,
        CODEBUILD_SRC_DIR: src,
        // What CodeBuild reads from parameter-store and secrets-manager.
        DB_HOST: "db.internal",
        DB_PORT: "5432",
        DB_NAME: "app",
        DB_USER: "dbadmin",
        DB_PASSWORD: "s3cret-from-secrets-manager",
      });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
      expect(run.stdout).toContain("The application role is granted");
      expect(run.stdout).not.toContain("s3cret");
      const calls = callsOf(root).map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(calls[0]).toEqual({ manage: ["migrate", "--noinput"], sslmode: "verify-full", user: "dbadmin" });
      expect(calls[1]).toEqual({
        connect: {
          host: "db.internal",
          port: "5432",
          dbname: "app",
          user: "dbadmin",
          sslmode: "verify-full",
          sslrootcert: `${root}/tmp/delivery-app/rds-ca.pem`,
        },
        PGPASSWORD: "s3cret-from-secrets-manager",
      });
      const executed = calls[2] as { execute: string; params: unknown };
      // No parameters: psycopg sends the SQL as it is, % and all.
      expect(executed.params).toBeNull();
      expect(executed.execute.startsWith("DO $do$\n")).toBe(true);
      expect(executed.execute).toContain("EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), app);");
      expect(calls.slice(3)).toEqual([{ commit: true }, { close: true }]);
    });
  });

  test("a package without psycopg stops before anything migrates", () => {
    const spec = buildspecOf(json, "migrate");
    withTempDir((root) => {
      const src = path.join(root, "src");
      const pkg = path.join(root, "pkg");
      writeFiles(pkg, { "manage.py": "import os\nopen(os.environ['LOG'], 'a').write('migrated\\n')\n", "rds-ca.pem": "CA" });
      fs.mkdirSync(src);
      spawnSync("zip", ["-q", "-r", path.join(src, "function.zip"), "."], { cwd: pkg });
      const run = runLikeCodeBuild(root, Object.values(spec.phases).flatMap((phase) => phase.commands), { ...spec.env.variables, CODEBUILD_SRC_DIR: src });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain("The package cannot import psycopg: add psycopg[binary] to requirements.txt");
      expect(callsOf(root)).toEqual([]);
    });
  });

  test("the application role's SQL: created with LOGIN and no password, data rights only, Django's record read-only", () => {
    const spec = buildspecOf(json, "migrate");
    const write = spec.phases.pre_build!.commands.find((c) => c.includes("> /tmp/delivery-pipeline/application-role.sql"))!;
    const sql = withTempDir((root) => {
      const run = runLikeCodeBuild(root, [write], {});
      expect(run.status).toBe(0);
      return fs.readFileSync(path.join(root, "tmp/delivery-pipeline/application-role.sql"), "utf8");
    });
    expect(sql.match(/CREATE ROLE [^;]*;/g)).toEqual(['CREATE ROLE "app_user" LOGIN;']);
    expect(sql).toContain('  GRANT rds_iam TO "app_user";');
    expect(sql).toContain('  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "app_user";');
    expect(sql).toContain('  REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON TABLE public.django_migrations FROM "app_user";');
    expect(sql).not.toContain("databasechangelog");
    expect(sql).not.toMatch(/PASSWORD|\bSUPERUSER\b|\bCREATEDB\b|\bCREATEROLE\b|OWNER\s+TO/i);
    expect(sql.trimEnd().endsWith("END\n$do$;")).toBe(true);
    expect(spec.phases.pre_build!.commands[1]).toBe("cat /tmp/delivery-pipeline/application-role.sql");
  });

  test("the deploy publishes the package, waits for it, checks it, then moves the alias; the site goes up with its cache headers and is invalidated", () => {
    const spec = buildspecOf(json, "deploy");
    expect(spec.env.variables).toEqual({
      FUNCTION_NAME: "acme-test-api",
      FUNCTION_ALIAS: "live",
      SITE_BUCKET: refTo(json, "aws_s3_bucket", "Site_Bucket", "bucket"),
      DISTRIBUTION_ID: refTo(json, "aws_cloudfront_distribution", "Site_Distribution", "id"),
    });
    withTempDir((root) => {
      const pkg = path.join(root, "pkg");
      const site = path.join(root, "site");
      writeFiles(pkg, { "function.zip": "the package" });
      writeFiles(site, { "index.html": "home", "about/index.html": "about", "assets/index-4f3a2b.js": "js", "favicon.ico": "ico" });
      const sha = createHash("sha256").update("the package").digest("base64");
      const aws = logging(
        "aws",
        [
          'case "$1 $2" in',
          '  "lambda get-alias") echo 6 ;;',
          '  "lambda update-function-code") echo 7 ;;',
          `  "lambda get-function-configuration") echo ${sha} ;;`,
          '  "cloudfront create-invalidation") echo I2J3K4 ;;',
          "esac",
        ].join("\n"),
      );
      const run = runLikeCodeBuild(root, spec.phases.build!.commands, { ...spec.env.variables, SITE_BUCKET: "site-bucket", DISTRIBUTION_ID: "E1ABC", CODEBUILD_SRC_DIR: pkg, CODEBUILD_SRC_DIR_site: site }, { aws });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
      expect(run.stdout).toContain("Before this deploy live served version 6");
      expect(callsOf(root)).toEqual([
        "aws lambda get-alias --function-name acme-test-api --name live --query FunctionVersion --output text",
        "aws lambda wait function-updated-v2 --function-name acme-test-api",
        `aws lambda update-function-code --function-name acme-test-api --zip-file fileb://${pkg}/function.zip --publish --query Version --output text`,
        "aws lambda wait published-version-active --function-name acme-test-api --qualifier 7",
        "aws lambda get-function-configuration --function-name acme-test-api --qualifier 7 --query CodeSha256 --output text",
        "aws lambda update-alias --function-name acme-test-api --name live --function-version 7",
        `aws s3 sync . s3://site-bucket/ --exclude * --include assets/* --cache-control ${IMMUTABLE_CACHE_CONTROL} --only-show-errors`,
        "aws s3 sync . s3://site-bucket/ --exclude assets/* --exclude *.html --cache-control no-cache --only-show-errors",
        "aws s3 sync . s3://site-bucket/ --exclude * --include *.html --cache-control no-cache --only-show-errors",
        "aws s3 sync . s3://site-bucket/ --delete --only-show-errors",
        "aws cloudfront create-invalidation --distribution-id E1ABC --query Invalidation.Id --output text --paths / /about/ /about/index.html /index.html",
        "aws cloudfront wait invalidation-completed --distribution-id E1ABC --id I2J3K4",
      ]);
    });
  });

  test("a published version that does not hold the package never takes the alias", () => {
    const spec = buildspecOf(json, "deploy");
    withTempDir((root) => {
      const pkg = path.join(root, "pkg");
      writeFiles(pkg, { "function.zip": "the package" });
      const aws = logging("aws", 'case "$1 $2" in "lambda update-function-code") echo 8 ;; "lambda get-function-configuration") echo another= ;; esac');
      const run = runLikeCodeBuild(root, spec.phases.build!.commands, { ...spec.env.variables, CODEBUILD_SRC_DIR: pkg, CODEBUILD_SRC_DIR_site: root }, { aws });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain("The published version does not hold this package (its CodeSha256 differs): not moving the alias");
      expect(callsOf(root).some((c) => c.includes("update-alias"))).toBe(false);
      expect(callsOf(root).some((c) => c.includes("s3 sync"))).toBe(false);
    });
  });

  test("past 100 HTML pages the invalidation is one /* path", () => {
    const spec = buildspecOf(synthWith({ function: undefined, migrations: undefined }), "deploy");
    withTempDir((root) => {
      const site = path.join(root, "site");
      writeFiles(site, Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`page-${i}.html`, "p"]).concat([["index.html", "home"]])));
      const variables = { ...spec.env.variables, DISTRIBUTION_ID: "E1ABC", CODEBUILD_SRC_DIR: site };
      const run = runLikeCodeBuild(root, spec.phases.build!.commands, variables, { aws: logging("aws", 'if [ "$2" = create-invalidation ]; then echo I1; fi') });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
      expect(callsOf(root).filter((c) => c.includes("create-invalidation"))).toEqual(["aws cloudfront create-invalidation --distribution-id E1ABC --query Invalidation.Id --output text --paths /*"]);
    });
  });
});

describe("DeliveryPipeline is a monitorable", () => {
  test("an alarm on any failed build of each stage, and a row of builds and durations", () => {
    const { stack, delivery } = build();
    const monitorable: Monitorable = delivery;
    const spec = monitorable.monitoringSpec(DEFAULT_ALARM_THRESHOLDS);
    expect(spec.title).toBe("Delivery (Delivery)");
    expect(spec.alarms.map((a) => [a.id, a.name, a.namespace, a.metricName, a.statistic, a.threshold, a.comparison, a.treatMissingData])).toEqual(
      ["Build", "Migrate", "Deploy"].map((stage) => [
        `Delivery${stage}Failed`,
        `delivery-${stage.toLowerCase()}-failed`,
        "AWS/CodeBuild",
        "FailedBuilds",
        "Sum",
        1,
        "GreaterThanOrEqualToThreshold",
        "notBreaching",
      ]),
    );
    expect(spec.graphs.map((g) => [g.title, g.metrics.map((m) => m[1])])).toEqual([
      ["Builds", ["SucceededBuilds", "FailedBuilds", "SucceededBuilds", "FailedBuilds", "SucceededBuilds", "FailedBuilds"]],
      ["Duration (s)", ["Duration", "Duration", "Duration"]],
    ]);
    // Watched, each alarm is on its own project.
    new Monitoring(stack, "Monitoring", { name: "acme-test", region: "eu-west-1", accountId: "123456789012" }).watch(delivery);
    const json = synthJson(stack);
    const alarms = Object.fromEntries(resourceList(json, "aws_cloudwatch_metric_alarm").map((a) => [a.alarm_name, (a.dimensions as Record<string, string>).ProjectName]));
    expect(alarms).toEqual({
      "acme-test-delivery-build-failed": refTo(json, "aws_codebuild_project", "Delivery_BuildProject", "name"),
      "acme-test-delivery-migrate-failed": refTo(json, "aws_codebuild_project", "Delivery_MigrateProject", "name"),
      "acme-test-delivery-deploy-failed": refTo(json, "aws_codebuild_project", "Delivery_DeployProject", "name"),
    });
  });
});

describe("DeliveryPipeline passes the policy pack", () => {
  /** A stand-in function (tokens, as a construct's attributes are), a StaticSite and an RdsPrivate in a Vpc2Az. */
  function composed(preventDestroy: boolean): TerraformStack {
    const stack = testStack("eu-west-1", "123456789012");
    const network = new Vpc2Az(stack, "Network", {
      name: "acme-test",
      region: "eu-west-1",
      cidr: "10.0.0.0/16",
      availabilityZones: ["eu-west-1a", "eu-west-1b"],
      egress: "nat-instance",
    });
    const database = new RdsPrivate(stack, "Database", { name: "acme-test", network });
    const site = new StaticSite(stack, "Site", { name: "acme-test", accountId: "123456789012", preventDestroy });
    const fn: DeliveryFunction = {
      functionName: Lazy.stringValue({ produce: () => "acme-test-api" }),
      functionArn: Lazy.stringValue({ produce: () => "arn:aws:lambda:eu-west-1:123456789012:function:acme-test-api" }),
      aliasName: "live",
      architecture: "arm64",
      runtime: "python3.13",
    };
    new DeliveryPipeline(stack, "Delivery", {
      name: "acme-test",
      region: "eu-west-1",
      accountId: "123456789012",
      repository: "acme/app",
      site,
      function: fn,
      migrations: { network, database },
      preventDestroy,
    });
    return stack;
  }

  test("zero errors, and the one suppression is the shared VPC policy's", () => {
    const report = evaluate(composed(false).toTerraform() as StackJson, { protected: false });
    expect(errorsOf(report)).toEqual([]);
    const ours = report.results.filter((r) => r.subject.path.startsWith("test/Delivery/"));
    expect(ours.filter((r) => r.status === "pass").length).toBeGreaterThan(30);
    expect(ours.filter((r) => r.status === "suppressed").map((r) => `${r.rule.id} ${r.subject.path}`)).toEqual(["iam-no-wildcard-resource test/Delivery/MigrateVpcPolicy"]);
  });

  test("protected (preventDestroy), the pipeline's own resources pass the production rules too", () => {
    const report = evaluate(composed(true).toTerraform() as StackJson, { protected: true });
    const ours = report.results.filter((r) => r.subject.path.startsWith("test/Delivery/") && r.status === "fail" && r.rule.level === "error");
    expect(ours.map((r) => `${r.rule.id} ${r.subject.path}: ${r.detail}`)).toEqual([]);
  });
});

describe("DeliveryPipeline README example", () => {
  test("compiles and synthesizes", () => {
    // The same code as the usage example in modules/delivery-pipeline/README.md.
    const stack = testStack("eu-west-1");
    const api = standInFunction();
    const network = new Vpc2Az(stack, "Network", {
      name: "acme-staging",
      region: "eu-west-1",
      cidr: "10.10.0.0/16",
      availabilityZones: ["eu-west-1a", "eu-west-1b"],
      egress: "nat-instance",
    });
    const database = new RdsPrivate(stack, "Database", { name: "acme-staging", network });
    const site = new StaticSite(stack, "Site", { name: "acme-staging", accountId: "123456789012" });
    const delivery = new DeliveryPipeline(stack, "Delivery", {
      name: "acme-staging",
      region: "eu-west-1",
      accountId: "123456789012",
      repository: "acme/app",
      site,
      function: api,
      migrations: { network, database },
      notificationEmails: ["dev-team@example.com"],
    });
    expect(delivery.pipelineName).toBeDefined();
    const json = synthJson(stack);
    expect(countOf(json, "aws_codepipeline")).toBe(1);
    expect(countOf(json, "aws_codebuild_project")).toBe(3);
  });
});

describe("DeliveryPipeline refuses bad props, naming the prop", () => {
  const cases: PropsCase<Overrides>[] = [
    ["a repository that is not owner/name", { repository: "app" }, /repository must be "owner\/name"; got "app"/],
    ["a branch that is not one", { branch: "main branch" }, /branch must be a Git branch name/],
    ["a connection ARN that is not one", { connectionArn: "arn:aws:s3:::bucket" }, /connectionArn must be a CodeStar connection ARN/],
    ["neither a site nor a function", { site: undefined, function: undefined, migrations: undefined }, /site or function must be given: the pipeline delivers a site, a function or both; got nothing/],
    ["an absolute site folder", { siteDirectory: "/srv/web" }, /siteDirectory must be a folder of the source: a relative path/],
    ["a site folder outside the source", { siteDirectory: "../web" }, /siteDirectory must be a folder of the source/],
    ["an output folder of .", { siteOutputDirectory: "." }, /siteOutputDirectory must be a folder of the source/],
    ["a function folder with a .. segment", { functionDirectory: "app/../secrets" }, /functionDirectory must be a folder of the source/],
    ["a site folder without a site", { site: undefined, siteDirectory: "web" }, /siteDirectory applies only with site/],
    ["a function folder without a function", { function: undefined, migrations: undefined, functionDirectory: "app" }, /functionDirectory applies only with function/],
    ["a package kind that is not offered", { functionPackage: "node" as "python" }, /functionPackage must be "python" \(Node.js bundling is not offered yet\)/],
    ["a Node.js function", { function: standInFunction({ runtime: "nodejs22.x" }) }, /function\.runtime must be a Python runtime for functionPackage "python" \(python3\.9, .*python3\.13 on arm64\)/],
    ["a container image function", { function: standInFunction({ runtime: undefined }) }, /function\.runtime must be a Python runtime for functionPackage "python" .*; got nothing/],
    ["a Python the ARM build image does not run", { function: standInFunction({ runtime: "python3.14" }) }, /function\.runtime must be a Python runtime the CodeBuild image also runs/],
    ["an architecture Lambda does not have", { function: standInFunction({ architecture: "arm32" as "arm64" }) }, /function\.architecture must be "arm64" or "x86_64"/],
    ["collectStatic without a site", { site: undefined, collectStatic: true }, /collectStatic needs both function and site/],
    ["migrations without a function", { function: undefined }, /migrations need a function: the migrate stage runs the function's package/],
    [
      "a migrate build with no route to its dependencies",
      { migrateNetwork: { ...natNetwork, egress: "none", interfaceEndpointServices: ["logs"] } },
      /migrations\.network gives the build no route to its dependencies: egress is "none" and there are no interface endpoints for secretsmanager, ssm/,
    ],
    ["no private subnet for the migrate build", { migrateNetwork: { ...natNetwork, privateSubnetIds: [] } }, /migrations\.network\.privateSubnetIds must list at least one private subnet/],
    ["a reserved application role", { applicationUsername: "postgres" }, /migrations\.database\.connection\.applicationUsername must not be a role PostgreSQL or RDS keeps/],
    ["an application role that is not an identifier", { applicationUsername: 'app"; DROP TABLE x; --' }, /migrations\.database\.connection\.applicationUsername must be 1 to 63 letters, digits and _/],
    ["a multi-line migrate command", { migrateCommand: "python manage.py migrate\nrm -rf /" }, /migrations\.command must be one non-empty line/],
    ["an empty migrate command", { migrateCommand: "  " }, /migrations\.command must be one non-empty line/],
    ["a migrate command Terraform would interpolate", { migrateCommand: "python manage.py migrate ${APP}" }, /migrations\.command must be one non-empty line without "\$\{"/],
    ["a one-minute timeout", { buildTimeoutMinutes: 1 }, /buildTimeoutMinutes must be a whole number of minutes from 5 to 480/],
    ["a log retention CloudWatch does not offer", { logRetentionDays: 10 }, /logRetentionDays must be one of the retention periods CloudWatch Logs accepts/],
    ["a bad email", { notificationEmails: ["nobody"] }, /notificationEmails\[0\] must be an email address/],
    ["a malformed account id", { accountId: "12" }, /accountId must be a 12-digit AWS account id/],
    ["a name that is not a prefix", { name: "Acme_Test" }, /name must be 2 to 32 lowercase letters/],
  ];

  testRefusedProps(cases, { build: (overrides) => build(overrides), check });

  test("the exported check finds nothing wrong with good props whose ids are known only at apply", () => {
    expect(check({})).toEqual([]);
    expect(check({ migrations: undefined, site: undefined })).toEqual([]);
    expect(check({ migrateNetwork: { ...natNetwork, egress: "none", interfaceEndpointServices: ["logs", "secretsmanager", "ssm"] } })).toEqual([]);
  });

  test("a runtime known only at apply is refused: the build installs the requirements for that Python", () => {
    const problems = check({ function: { ...standInFunction(), runtime: Lazy.stringValue({ produce: () => "python3.13" }) } });
    expect(problems).toEqual([
      expect.objectContaining({ prop: "function.runtime", expected: expect.stringMatching(/^must be known at synth for functionPackage "python"/), given: "an unresolved token" }),
    ]);
  });

  test("every problem is reported together", () => {
    expect(check({ repository: "x", branch: "a b", logRetentionDays: 2 }).map((p) => p.prop)).toEqual(["repository", "branch", "logRetentionDays"]);
  });
});

// ---------------------------------------------------------------------------------------------
// A container service: the image built and pushed, then CodePipeline's ECS deploy action

/** The service the pipeline deploys, as deliveryServiceOf presents a FargateService (literal names here). */
function standInService(overrides: Partial<DeliveryService> = {}): DeliveryService {
  return {
    clusterName: "acme-test",
    clusterArn: "arn:aws:ecs:eu-west-1:123456789012:cluster/acme-test",
    serviceName: "acme-test-api",
    containerName: "app",
    family: "acme-test-api",
    repositoryUrl: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-test/api",
    repositoryArn: "arn:aws:ecr:eu-west-1:123456789012:repository/acme-test/api",
    executionRoleArn: "arn:aws:iam::123456789012:role/acme-test-api-execution",
    taskRoleArn: "arn:aws:iam::123456789012:role/acme-test-api-task",
    architecture: "arm64",
    ...overrides,
  };
}

/** A service and the site beside it: no function, no migrations. */
const withService = (overrides: Overrides = {}): Overrides => ({ function: undefined, migrations: undefined, service: standInService(), ...overrides });
/** A service alone. */
const serviceAlone = (overrides: Overrides = {}): Overrides => withService({ site: undefined, ...overrides });

function imageProject(json: SynthesizedStack): Record<string, unknown> {
  const found = resourceList(json, "aws_codebuild_project").find((p) => p.name === "acme-test-delivery-image");
  if (!found) throw new Error("no image project");
  return found;
}

const imageBuildspecOf = (json: SynthesizedStack) =>
  parseJsonAttribute<Buildspec & { env: { "exported-variables"?: string[] } }>((imageProject(json).source as { buildspec: string }).buildspec);

interface ActionOf {
  name: string;
  category: string;
  owner: string;
  provider: string;
  version: string;
  configuration: Record<string, string>;
  input_artifacts?: string[];
  output_artifacts?: string[];
  namespace?: string;
  run_order?: number;
}

describe("DeliveryPipeline with a service: stages", () => {
  test("a service alone: Source, the image build, CodePipeline's ECS deploy; one project, no function or site build", () => {
    const { stack, delivery } = build(serviceAlone());
    const json = synthJson(stack);
    const stages = onlyResource(json, "aws_codepipeline").stage as { name: string; action: ActionOf[] }[];
    expect(stages.map((st) => [st.name, st.action.map((a) => a.name)])).toEqual([
      ["Source", ["Source"]],
      ["Build", ["BuildImage"]],
      ["Deploy", ["DeployService"]],
    ]);
    expect(stages[1]!.action[0]).toEqual({
      name: "BuildImage",
      category: "Build",
      owner: "AWS",
      provider: "CodeBuild",
      version: "1",
      input_artifacts: ["source"],
      output_artifacts: ["image"],
      configuration: { ProjectName: refTo(json, "aws_codebuild_project", "Delivery_ImageBuildProject", "name") },
      // The image's tag and URI show in the execution, under this namespace.
      namespace: "BuildImage",
    });
    expect(stages[2]!.action[0]).toEqual({
      name: "DeployService",
      category: "Deploy",
      owner: "AWS",
      provider: "ECS",
      version: "1",
      input_artifacts: ["image"],
      configuration: { ClusterName: "acme-test", ServiceName: "acme-test-api", FileName: "imagedefinitions.json", DeploymentTimeout: "30" },
      run_order: 1,
    });
    expect(countOf(json, "aws_codebuild_project")).toBe(1);
    expect(delivery.buildProject).toBeUndefined();
    expect(delivery.deployProject).toBeUndefined();
    expect(delivery.imageBuildProject).toBeDefined();
    expect(delivery.imageBuildRole).toBeDefined();
    expect(delivery.serviceArn).toBe("arn:aws:ecs:eu-west-1:123456789012:service/acme-test/acme-test-api");
    expect(resourceList(json, "aws_iam_role").map((r) => r.name).sort()).toEqual(["acme-test-delivery-image", "acme-test-delivery-pipeline"]);
  });

  test("with the site: the image is built beside the site, and the service deploys before the site", () => {
    const json = synthWith(withService({ serviceDeploymentTimeoutMinutes: 15 }));
    const stages = onlyResource(json, "aws_codepipeline").stage as { name: string; action: ActionOf[] }[];
    expect(stages.map((st) => [st.name, st.action.map((a) => [a.name, a.run_order])])).toEqual([
      ["Source", [["Source", undefined]]],
      [
        "Build",
        [
          ["Build", undefined],
          ["BuildImage", undefined],
        ],
      ],
      [
        "Deploy",
        [
          ["DeployService", 1],
          ["Deploy", 2],
        ],
      ],
    ]);
    expect(stages[1]!.action[0]!.output_artifacts).toEqual(["site"]);
    expect(stages[2]!.action[0]!.configuration.DeploymentTimeout).toBe("15");
    expect(stages[2]!.action[1]).toMatchObject({ provider: "CodeBuild", input_artifacts: ["site"] });
    expect(countOf(json, "aws_codebuild_project")).toBe(3);
    expect(Object.keys(statementsOf(json, "delivery-deploy"))).toEqual(["WriteLogs", "ReadArtifacts", "ListSite", "WriteSite", "InvalidateSite"]);
    expect(statementsOf(json, "run-pipeline").RunBuilds!.Resource).toEqual(
      ["Build", "ImageBuild", "Deploy"].map((stage) => refTo(json, "aws_codebuild_project", `Delivery_${stage}Project`, "arn")),
    );
  });

  test("a failed image build is announced and alarmed like the other stages", () => {
    const { stack, delivery } = build(withService());
    new Monitoring(stack, "Monitoring", { name: "acme-test", region: "eu-west-1", accountId: "123456789012" }).watch(delivery);
    const json = synthJson(stack);
    const rule = resourceList(json, "aws_cloudwatch_event_rule").find((r) => String(r.name) === "acme-test-delivery-failed");
    expect(JSON.parse(rule!.event_pattern as string).detail["project-name"]).toEqual(["acme-test-delivery-build", "acme-test-delivery-image", "acme-test-delivery-deploy"]);
    const alarms = Object.fromEntries(resourceList(json, "aws_cloudwatch_metric_alarm").map((a) => [a.alarm_name, (a.dimensions as Record<string, string>).ProjectName]));
    expect(alarms["acme-test-delivery-image-failed"]).toBe(refTo(json, "aws_codebuild_project", "Delivery_ImageBuildProject", "name"));
    expect(delivery.monitoringSpec().alarms.map((a) => a.id)).toEqual(["DeliveryBuildFailed", "DeliveryImageFailed", "DeliveryDeployFailed"]);
  });
});

describe("DeliveryPipeline with a service: the image build", () => {
  const json = synthWith(serviceAlone());

  test("privileged (Docker), on the task's CPU, logged, one build at a time; the suppression is on this project only", () => {
    expect(imageProject(json)).toMatchObject({
      concurrent_build_limit: 1,
      environment: { compute_type: "BUILD_GENERAL1_SMALL", image: "aws/codebuild/amazonlinux-aarch64-standard:3.0", type: "ARM_CONTAINER", privileged_mode: true },
      logs_config: { cloudwatch_logs: { group_name: refTo(json, "aws_cloudwatch_log_group", "Delivery_ImageBuildLogGroup", "name"), status: "ENABLED" } },
      service_role: refTo(json, "aws_iam_role", "Delivery_ImageBuildRole", "arn"),
    });
    expect(imageProject(json).vpc_config).toBeUndefined();
    expect(resourceList(json, "aws_cloudwatch_log_group").find((g) => g.name === "/acme-test/codebuild/delivery-image")).toMatchObject({ retention_in_days: 30 });
    const x86 = synthWith(serviceAlone({ service: standInService({ architecture: "x86_64" }) }));
    expect(imageProject(x86).environment).toMatchObject({ image: "aws/codebuild/amazonlinux-x86_64-standard:5.0", type: "LINUX_CONTAINER", privileged_mode: true });
    expect(imageBuildspecOf(x86).env.variables.PLATFORM).toBe("linux/amd64");
  });

  test("its buildspec: the repository and container, the platform, the commit tag exported, imagedefinitions.json as the artifact", () => {
    const spec = imageBuildspecOf(json);
    expect(spec.env.variables).toEqual({
      REPOSITORY_URL: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-test/api",
      CONTAINER_NAME: "app",
      PLATFORM: "linux/arm64",
      DOCKER_BUILDKIT: "1",
    });
    expect(spec.env["exported-variables"]).toEqual(["IMAGE_TAG", "IMAGE_URI"]);
    const commands = spec.phases.build!.commands;
    expect(commands).toContain('IMAGE_TAG="git-$CODEBUILD_RESOLVED_SOURCE_VERSION"');
    expect(commands).toContain('aws ecr get-login-password | docker login --username AWS --password-stdin "$REGISTRY"');
    expect(commands.find((c) => c.includes("docker build"))).toContain('docker build --platform "$PLATFORM" --file Dockerfile --tag "$IMAGE_URI"');
    expect(commands.join("\n")).not.toMatch(/:latest\b/);
    expect(spec.artifacts).toEqual({ files: ["imagedefinitions.json"] });
    const raw = (imageProject(json).source as { buildspec: string }).buildspec;
    expect(raw).not.toContain("${");
    expect(raw).not.toContain("%{");
  });

  test("another folder and Dockerfile: the build context and --file follow them", () => {
    const spec = imageBuildspecOf(synthWith(serviceAlone({ serviceDirectory: "services/api", dockerfile: "docker/Dockerfile.prod" })));
    const commands = spec.phases.build!.commands;
    expect(commands.find((c) => c.includes("docker build"))).toMatch(/--file services\/api\/docker\/Dockerfile\.prod .* services\/api; fi$/);
    expect(commands.find((c) => c.startsWith("test -f"))).toContain("test -f services/api/docker/Dockerfile.prod");
  });

  /** Fakes of the image build: aws (login password, the tag's presence) and docker, logging their calls. */
  const imageFakes = (existing: "0" | "1"): Record<string, string> => ({
    aws: logging("aws", `case "$1 $2" in "ecr get-login-password") echo secret-token ;; "ecr batch-get-image") echo ${existing} ;; esac`),
    docker: logging("docker", 'if [ "$1" = login ]; then read -r password; [ "$password" = secret-token ] || exit 9; fi'),
  });
  const commit = "0123456789abcdef0123456789abcdef01234567";
  const uri = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-test/api:git-${commit}`;

  test("run as CodeBuild would: logs in, builds for the platform, pushes the commit's tag, writes imagedefinitions.json", () => {
    const spec = imageBuildspecOf(json);
    withTempDir((root) => {
      const src = path.join(root, "src");
      writeFiles(src, { Dockerfile: "FROM public.ecr.aws/docker/library/python:3.13-slim\n", "app.py": "print('flask')\n" });
      const variables = { ...spec.env.variables, CODEBUILD_SRC_DIR: src, CODEBUILD_RESOLVED_SOURCE_VERSION: commit };
      const run = runLikeCodeBuild(root, spec.phases.build!.commands, variables, imageFakes("0"));
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
      const calls = callsOf(root);
      // The two sides of the login pipe run at once: either may log first (docker checks the password it read).
      expect(calls.slice(0, 2).sort()).toEqual(["aws ecr get-login-password", "docker login --username AWS --password-stdin 123456789012.dkr.ecr.eu-west-1.amazonaws.com"]);
      expect(calls.slice(2)).toEqual([
        `aws ecr batch-get-image --repository-name acme-test/api --image-ids imageTag=git-${commit} --query length(images) --output text`,
        `docker build --platform linux/arm64 --file Dockerfile --tag ${uri} --label org.opencontainers.image.revision=${commit} .`,
        `docker push ${uri}`,
      ]);
      expect(JSON.parse(fs.readFileSync(path.join(src, "imagedefinitions.json"), "utf8"))).toEqual([{ name: "app", imageUri: uri }]);
    });
  });

  test("a rerun of the same commit deploys the image already pushed (immutable tags): no build, no push", () => {
    const spec = imageBuildspecOf(json);
    withTempDir((root) => {
      const src = path.join(root, "src");
      writeFiles(src, { Dockerfile: "FROM scratch\n" });
      const run = runLikeCodeBuild(root, spec.phases.build!.commands, { ...spec.env.variables, CODEBUILD_SRC_DIR: src, CODEBUILD_RESOLVED_SOURCE_VERSION: commit }, imageFakes("1"));
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`${uri} is in the repository already: deploying it as it is`);
      expect(callsOf(root).filter((c) => c.startsWith("docker build") || c.startsWith("docker push"))).toEqual([]);
      expect(JSON.parse(fs.readFileSync(path.join(src, "imagedefinitions.json"), "utf8"))).toEqual([{ name: "app", imageUri: uri }]);
    });
  });

  test("no Dockerfile, or no commit: the build stops before logging in", () => {
    const spec = imageBuildspecOf(json);
    withTempDir((root) => {
      const src = path.join(root, "src");
      fs.mkdirSync(src, { recursive: true });
      const noDockerfile = runLikeCodeBuild(root, spec.phases.build!.commands, { ...spec.env.variables, CODEBUILD_SRC_DIR: src, CODEBUILD_RESOLVED_SOURCE_VERSION: commit }, imageFakes("0"));
      expect(noDockerfile.status).not.toBe(0);
      expect(noDockerfile.stderr).toContain("Dockerfile is missing: set serviceDirectory to the Dockerfile's folder");
      writeFiles(src, { Dockerfile: "FROM scratch\n" });
      const noCommit = runLikeCodeBuild(root, spec.phases.build!.commands, { ...spec.env.variables, CODEBUILD_SRC_DIR: src, CODEBUILD_RESOLVED_SOURCE_VERSION: "" }, imageFakes("0"));
      expect(noCommit.status).not.toBe(0);
      expect(noCommit.stderr).toContain("CodeBuild gave no source revision");
      expect(callsOf(root)).toEqual([]);
    });
  });
});

describe("DeliveryPipeline with a service: the roles' statements", () => {
  const json = synthWith(serviceAlone());

  test("the image build role: its logs, the artifacts, the registry login and the one repository; nothing of ECS", () => {
    const statements = statementsOf(json, "delivery-image");
    expect(Object.keys(statements)).toEqual(["WriteLogs", "ReadWriteArtifacts", "RegistryLogin", "PushServiceImages"]);
    expect(statements.WriteLogs!.Resource).toBe(`${refTo(json, "aws_cloudwatch_log_group", "Delivery_ImageBuildLogGroup", "arn")}:*`);
    expect(statements.RegistryLogin).toMatchObject({ Action: "ecr:GetAuthorizationToken", Resource: "*" });
    expect(statements.PushServiceImages).toMatchObject({ Action: [...IMAGE_PUSH_ACTIONS], Resource: "arn:aws:ecr:eu-west-1:123456789012:repository/acme-test/api" });
    expect(JSON.stringify(statements)).not.toContain("ecs:");
    expect(JSON.stringify(statements)).not.toContain("iam:");
  });

  test("the pipeline role: the one service, its family's revisions, its tasks, its two roles to ECS tasks", () => {
    const statements = statementsOf(json, "run-pipeline") as Record<string, Statement & { Condition?: unknown }>;
    expect(Object.keys(statements)).toEqual([
      "Artifacts",
      "RunBuilds",
      "UseConnection",
      "DeployService",
      "RegisterTaskDefinitions",
      "TagNewTaskDefinitions",
      "DescribeTaskDefinitions",
      "WatchServiceTasks",
      "PassServiceRoles",
    ]);
    expect(statements.DeployService).toMatchObject({ Action: ["ecs:DescribeServices", "ecs:UpdateService"], Resource: "arn:aws:ecs:eu-west-1:123456789012:service/acme-test/acme-test-api" });
    expect(statements.RegisterTaskDefinitions!.Resource).toBe("arn:aws:ecs:eu-west-1:123456789012:task-definition/acme-test-api:*");
    expect(statements.TagNewTaskDefinitions!.Condition).toEqual({ StringEquals: { "ecs:CreateAction": "RegisterTaskDefinition" } });
    expect(statements.PassServiceRoles).toMatchObject({
      Resource: ["arn:aws:iam::123456789012:role/acme-test-api-execution", "arn:aws:iam::123456789012:role/acme-test-api-task"],
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    });
    const listTasks = statementsOf(json, "watch-service-tasks") as Record<string, Statement & { Condition?: unknown }>;
    expect(listTasks.ListServiceTasks).toMatchObject({ Action: "ecs:ListTasks", Resource: "*", Condition: { ArnEquals: { "ecs:cluster": "arn:aws:ecs:eu-west-1:123456789012:cluster/acme-test" } } });
    // The pipeline starts only once both of its role's policies are in place.
    expect(onlyResource(json, "aws_codepipeline").depends_on).toEqual([
      expect.stringMatching(/^aws_iam_role_policy\.Delivery_PipelineRolePolicy_/),
      expect.stringMatching(/^aws_iam_role_policy\.Delivery_PipelineListTasksPolicy_/),
    ]);
  });

  test("passes the policy pack: the only suppressions are the privileged image build and the cluster-scoped ListTasks", () => {
    const { stack } = build(withService());
    const report = evaluate(stack.toTerraform() as StackJson, { protected: false });
    expect(errorsOf(report)).toEqual([]);
    const ours = report.results.filter((r) => r.subject.path.startsWith("test/Delivery/"));
    expect(ours.filter((r) => r.status === "suppressed").map((r) => `${r.rule.id} ${r.subject.path}`).sort()).toEqual([
      "codebuild-not-privileged test/Delivery/ImageBuildProject",
      "iam-no-wildcard-resource test/Delivery/PipelineListTasksPolicy",
    ]);
  });
});

describe("deliveryServiceOf", () => {
  const network = { vpcId: "vpc-0123456789abcdef0", publicSubnetIds: ["subnet-a", "subnet-b"], privateSubnetIds: ["subnet-c", "subnet-d"], egress: "nat-instance" as const };
  const serviceProps: FargateServiceProps = {
    name: "acme-test",
    serviceName: "api",
    region: "eu-west-1",
    accountId: "123456789012",
    network,
    imageTag: "bootstrap",
    containerPort: 8000,
    imageUpdates: "pipeline",
  };

  test("a FargateService with its own repository and imageUpdates pipeline fits: the pipeline deploys that service", () => {
    const stack = testStack("eu-west-1", "123456789012");
    const api = new FargateService(stack, "Api", { ...serviceProps, cpuArchitecture: "X86_64" });
    const service = deliveryServiceOf(api);
    expect(service).toMatchObject({ containerName: api.containerName, family: "acme-test-api", architecture: "x86_64" });
    new DeliveryPipeline(stack, "Delivery", { name: "acme-test", region: "eu-west-1", accountId: "123456789012", repository: "acme/flask-app", service });
    const json = synthJson(stack);
    const deployAction = (onlyResource(json, "aws_codepipeline").stage as { action: ActionOf[] }[])[2]!.action[0]!;
    expect(deployAction.configuration).toMatchObject({
      ClusterName: refTo(json, "aws_ecs_cluster", "Api_Cluster", "name"),
      ServiceName: refTo(json, "aws_ecs_service", "Api_Service", "name"),
    });
    expect(imageBuildspecOf(json).env.variables).toMatchObject({ REPOSITORY_URL: refTo(json, "aws_ecr_repository", "Api_Repository", "repository_url"), CONTAINER_NAME: "app", PLATFORM: "linux/amd64" });
    expect(statementsOf(json, "delivery-image").PushServiceImages!.Resource).toBe(refTo(json, "aws_ecr_repository", "Api_Repository", "arn"));
    expect(statementsOf(json, "run-pipeline").PassServiceRoles!.Resource).toEqual([
      refTo(json, "aws_iam_role", "Api_ExecutionRole", "arn"),
      refTo(json, "aws_iam_role", "Api_TaskRole", "arn"),
    ]);
    expect(deliveryServiceOf(new FargateService(stack, "Arm", { ...serviceProps, serviceName: "arm" })).architecture).toBe("arm64");
  });

  test("refuses a service whose task definition Terraform owns, or without a repository of its own", () => {
    const stack = testStack("eu-west-1", "123456789012");
    const terraformOwned = new FargateService(stack, "Api", { ...serviceProps, imageUpdates: undefined });
    expect(() => deliveryServiceOf(terraformOwned)).toThrow(/deliveryServiceOf "test\/Api": imageUpdates must be "pipeline" on the FargateService/);
    const elsewhere = new FargateService(stack, "Worker", {
      ...serviceProps,
      serviceName: "worker",
      imageTag: undefined,
      imageUri: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shared/worker:1.0.0",
    });
    expect(() => deliveryServiceOf(elsewhere)).toThrow(/repository must be the service's own ECR repository \(a FargateService made with imageTag, not imageUri\)/);
  });
});

describe("DeliveryPipeline with a service: README example", () => {
  test("compiles and synthesizes", () => {
    // The same code as the container example in modules/delivery-pipeline/README.md.
    const stack = testStack("eu-west-1");
    const network = new Vpc2Az(stack, "Network", {
      name: "acme-staging",
      region: "eu-west-1",
      cidr: "10.10.0.0/16",
      availabilityZones: ["eu-west-1a", "eu-west-1b"],
      egress: "nat-instance",
    });
    const api = new FargateService(stack, "Api", {
      name: "acme-staging",
      serviceName: "api",
      region: "eu-west-1",
      accountId: "123456789012",
      network,
      imageTag: "bootstrap",
      containerPort: 8000,
      imageUpdates: "pipeline",
    });
    const delivery = new DeliveryPipeline(stack, "Delivery", {
      name: "acme-staging",
      region: "eu-west-1",
      accountId: "123456789012",
      repository: "acme/flask-api",
      service: deliveryServiceOf(api),
      notificationEmails: ["dev-team@example.com"],
    });
    expect(delivery.imageBuildProject).toBeDefined();
    const json = synthJson(stack);
    expect(countOf(json, "aws_codebuild_project")).toBe(1);
  });
});

describe("DeliveryPipeline with a service refuses bad props, naming the prop", () => {
  const svc = standInService;
  const cases: PropsCase<Overrides>[] = [
    ["both a function and a service", { service: svc() }, /service and function are exclusive: the pipeline delivers one application, a container service or a Lambda function/],
    ["a service folder without a service", { serviceDirectory: "api" }, /serviceDirectory applies only with service/],
    ["a Dockerfile without a service", { dockerfile: "Dockerfile.prod" }, /dockerfile applies only with service/],
    ["a deployment timeout without a service", { serviceDeploymentTimeoutMinutes: 10 }, /serviceDeploymentTimeoutMinutes applies only with service/],
    ["a service folder outside the source", serviceAlone({ serviceDirectory: "../api" }), /serviceDirectory must be a folder of the source: .*, or "\." for the repository's root/],
    ["an absolute Dockerfile", serviceAlone({ dockerfile: "/srv/Dockerfile" }), /dockerfile must be a file of serviceDirectory/],
    ["a deployment timeout past the ECS action's", serviceAlone({ serviceDeploymentTimeoutMinutes: 90 }), /serviceDeploymentTimeoutMinutes must be a whole number of minutes from 1 to 60/],
    ["a CPU Fargate does not have", serviceAlone({ service: svc({ architecture: "arm32" as "arm64" }) }), /service\.architecture must be "arm64" or "x86_64"; got "arm32"/],
    [
      "a CPU known only at apply",
      serviceAlone({ service: svc({ architecture: Lazy.stringValue({ produce: () => "arm64" }) as "arm64" }) }),
      /service\.architecture must be known at synth .*; got "an unresolved token"/,
    ],
    ["a container name ECS refuses", serviceAlone({ service: svc({ containerName: "app container" }) }), /service\.containerName must be an ECS name: 1 to 255 letters, digits, hyphens and underscores/],
    ["a family ECS refuses", serviceAlone({ service: svc({ family: "acme/api" }) }), /service\.family must be an ECS name/],
    ["a cluster ARN that is not one", serviceAlone({ service: svc({ clusterArn: "acme-test" }) }), /service\.clusterArn must be an ECS cluster ARN/],
    [
      "a cluster of another region",
      serviceAlone({ service: svc({ clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/acme-test" }) }),
      /service\.clusterArn must be a cluster in eu-west-1 of account 123456789012/,
    ],
    [
      "a cluster ARN of another cluster than clusterName",
      serviceAlone({ service: svc({ clusterArn: "arn:aws:ecs:eu-west-1:123456789012:cluster/acme-prod" }) }),
      /service\.clusterArn must be the ARN of the cluster clusterName names \(acme-test\)/,
    ],
    ["a repository ARN that is not ECR's", serviceAlone({ service: svc({ repositoryArn: "arn:aws:s3:::acme-images" }) }), /service\.repositoryArn must be an ECR repository ARN/],
    [
      "a repository of another account",
      serviceAlone({
        service: svc({ repositoryArn: "arn:aws:ecr:eu-west-1:999999999999:repository/acme-test/api", repositoryUrl: "999999999999.dkr.ecr.eu-west-1.amazonaws.com/acme-test/api" }),
      }),
      /service\.repositoryArn must be a repository in eu-west-1 of account 123456789012/,
    ],
    [
      "a repository URL with a tag",
      serviceAlone({ service: svc({ repositoryUrl: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-test/api:latest" }) }),
      /service\.repositoryUrl must be a private ECR repository's URL without a tag/,
    ],
    ["a Docker Hub repository", serviceAlone({ service: svc({ repositoryUrl: "docker.io/acme/api" }) }), /service\.repositoryUrl must be a private ECR repository's URL/],
    [
      "a repository URL of another repository than the ARN's",
      serviceAlone({ service: svc({ repositoryUrl: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-test/worker" }) }),
      /service\.repositoryUrl must be the URL of the repository repositoryArn names/,
    ],
    [
      "an execution role ARN that is a policy's",
      serviceAlone({ service: svc({ executionRoleArn: "arn:aws:iam::123456789012:policy/acme" }) }),
      /service\.executionRoleArn must be an IAM role ARN/,
    ],
    ["a task role of another account", serviceAlone({ service: svc({ taskRoleArn: "arn:aws:iam::999999999999:role/acme-test-api-task" }) }), /service\.taskRoleArn must be a role of account 123456789012/],
  ];

  testRefusedProps(cases, { build: (overrides) => build(overrides), check });

  test("the exported check finds nothing wrong with a service whose names and ARNs are known only at apply", () => {
    const later = () => Lazy.stringValue({ produce: () => "x" });
    const service: DeliveryService = {
      ...standInService(),
      clusterName: later(),
      clusterArn: later(),
      serviceName: later(),
      repositoryUrl: later(),
      repositoryArn: later(),
      executionRoleArn: later(),
      taskRoleArn: later(),
    };
    expect(check(serviceAlone({ service }))).toEqual([]);
    expect(check(withService())).toEqual([]);
  });
});
