import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PlanJson } from "../../scripts/offline-terraform";
import { main, planStack, PlanRunner } from "../../scripts/plan";
import { buildApp } from "../../environments";
import { costReport } from "../../scripts/cost";
import {
  costLine,
  formatReviewMarkdown,
  formatReviewText,
  priorStateAsStack,
  reviewActionOf,
  reviewPlan,
  ReviewPlanJson,
} from "../../scripts/plan-review";
import { estimateCost } from "../../scripts/cost/estimate";
import { parseEnvironmentConfig } from "../../environments/config";
import { staging } from "../../environments/staging";
import { capture } from "../support/capture";

const usage = parseEnvironmentConfig(staging).usage;
const change = (address: string, actions: string[]) => ({ address, type: address.split(".")[0]!, mode: "managed", change: { actions } });
/** Stands in for `terraform show`'s text: a line no review or summary would print. */
const RAW_PLAN = "RAW-PLAN-MARKER: Terraform will perform the following actions\n";

describe("npm run plan", () => {
  let root: string;
  beforeAll(() => {
    // A fresh folder, as in a new clone: nothing under .cache yet.
    root = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test("plans a stack offline with Terraform, prints a summary, and writes the plan as JSON and as text", () => {
    const stdout = capture();
    expect(planStack("bootstrap", { root, stdout, stderr: capture() })).toBe(0);
    expect(stdout.text()).toMatch(/resource type\s+create\naws_iam_openid_connect_provider\s+1\naws_iam_policy\s+3\naws_iam_role\s+4\n/);
    // The full plan text goes to the file, not to the terminal.
    expect(fs.readFileSync(path.join(root, "plan-bootstrap.txt"), "utf8")).toContain("Plan: 38 to add, 0 to change, 0 to destroy.");
    expect(stdout.text()).not.toContain("Plan: 38 to add");
    expect(stdout.text()).toMatch(/\nwrote \S*plan-bootstrap\.json \(terraform show -json\), \S*plan-bootstrap\.txt \(the full plan text\)\n$/);
    const plan = JSON.parse(fs.readFileSync(path.join(root, "plan-bootstrap.json"), "utf8")) as {
      resource_changes: { type: string; change: { actions: string[] } }[];
    };
    expect(plan.resource_changes).toHaveLength(38);
    expect(plan.resource_changes.every((c) => c.change.actions.join() === "create")).toBe(true);
    // The offline run never touches the folder cdktf deploys from.
    expect(fs.existsSync(path.join(root, "cdktf.out"))).toBe(false);
  });

  test("an environment's plan is reviewed: counts by type, data at risk, cost; the markdown is written beside the JSON", () => {
    // Stands in for Terraform: a plan of the synthesized stack against a current state that
    // has the database and one log group, with the database to be replaced.
    let seenDir = "";
    const runner: PlanRunner = (stackDir) => {
      seenDir = stackDir;
      const synthesized = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as {
        resource: Record<string, Record<string, Record<string, unknown>>>;
      };
      const [dbName, db] = Object.entries(synthesized.resource.aws_db_instance!)[0]!;
      const json = {
        format_version: "1.2",
        resource_changes: [change(`aws_db_instance.${dbName}`, ["delete", "create"]), change("aws_s3_bucket.Site_Bucket_X", ["update"])],
        prior_state: { values: { root_module: { resources: [{ type: "aws_db_instance", name: dbName, mode: "managed", values: { ...db, instance_class: "db.t4g.small" } }] } } },
      } as unknown as PlanJson;
      return { json, text: RAW_PLAN, warnings: "" };
    };
    const stdout = capture();
    expect(planStack("staging", { root, remote: true, runner, stdout, stderr: capture() })).toBe(0);
    expect(seenDir).toBe(path.join(root, ".cache", "stacks", "staging"));
    const text = stdout.text();
    expect(text).toContain("Plan review: staging (against the real state");
    expect(text).toContain("0 to create, 1 to update, 1 to replace, 0 to destroy");
    expect(text).toMatch(/!!! DATA AT RISK[^\n]*\n!!! {3}REPLACE aws_db_instance\.Database_Instance_/);
    expect(text).toMatch(/Estimated cost: \$\d+\.\d\d a month, \+\$\d+\.\d\d against the current state's \$\d+\.\d\d/);
    const markdown = fs.readFileSync(path.join(root, "plan-staging.md"), "utf8");
    expect(markdown).toContain("> [!CAUTION]");
    expect(markdown).toMatch(/> - \*\*replace\*\* `aws_db_instance\.Database_Instance_/);
    expect(markdown).toContain("| aws_db_instance |  |  | 1 |  |");
    expect(fs.existsSync(path.join(root, "plan-staging.json"))).toBe(true);
    // The raw plan is in plan-staging.txt, named with the other files, and not on the terminal.
    expect(text).not.toContain("RAW-PLAN-MARKER");
    expect(fs.readFileSync(path.join(root, "plan-staging.txt"), "utf8")).toBe(RAW_PLAN);
    const files = ["plan-staging.md (review)", "plan-staging.json (terraform show -json)", "plan-staging.txt (the full plan text)"];
    expect(text).toContain(`\nwrote ${files.map((f) => path.join(path.relative(process.cwd(), root), f)).join(", ")}\n`);
  });

  describe("the command line", () => {
    const fakeRunner = (calls: string[]): PlanRunner => (stackDir) => {
      calls.push(stackDir);
      return { json: { format_version: "1.2", resource_changes: [change("aws_iam_role.Deploy", ["create"])] } as unknown as PlanJson, text: RAW_PLAN, warnings: "  warning: Something is deprecated\n" };
    };

    test.each(["staging", "bootstrap"])("--full prints the full plan text of %s before the review, and still writes it to the file", (stackName) => {
      const stdout = capture();
      const calls: string[] = [];
      expect(main(["--full", stackName], { root, runner: fakeRunner(calls), stdout, stderr: capture() })).toBe(0);
      expect(calls).toEqual([path.join(root, ".cache", "offline", "stacks", stackName)]);
      const text = stdout.text();
      expect(text.startsWith(RAW_PLAN)).toBe(true);
      expect(text.indexOf("Warnings:\n  warning: Something is deprecated")).toBeGreaterThan(0);
      expect(text).toContain(stackName === "staging" ? "Plan review: staging (offline" : "resource type  create\naws_iam_role   1\n");
      expect(fs.readFileSync(path.join(root, `plan-${stackName}.txt`), "utf8")).toBe(RAW_PLAN);
      expect(text).toContain(`plan-${stackName}.txt (the full plan text)`);
    });

    test("without --full the terminal gets Terraform's warnings and the review, not the plan text", () => {
      const stdout = capture();
      expect(main(["staging"], { root, runner: fakeRunner([]), stdout, stderr: capture() })).toBe(0);
      expect(stdout.text()).toContain("Warnings:\n  warning: Something is deprecated");
      expect(stdout.text()).toContain("Plan review: staging (offline");
      expect(stdout.text()).not.toContain("RAW-PLAN-MARKER");
    });

    test.each([
      [["staging", "--verbose"], 'Unknown option "--verbose".\n'],
      [["-f", "staging"], 'Unknown option "-f".\n'],
      [["staging", "production"], ""],
      [["--full"], ""],
    ])("%j is refused with the usage, which lists every flag, and plans nothing", (argv, reason) => {
      const stderr = capture();
      const calls: string[] = [];
      expect(main(argv, { root, runner: fakeRunner(calls), stdout: capture(), stderr })).toBe(2);
      expect(calls).toEqual([]);
      expect(stderr.text()).toMatch(new RegExp(`^${reason}usage: npm run plan -- <stack> \\[--remote\\] \\[--full\\] .*--full prints the full plan text`));
    });
  });

  test("--remote runs Terraform with the stack's own backend, without the lock, and keeps its warnings", () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "fake-terraform-"));
    const log = path.join(bin, "calls.log");
    const terraform = path.join(bin, "terraform");
    fs.writeFileSync(
      terraform,
      [
        "#!/bin/sh",
        `echo "$PWD: $*" >> ${JSON.stringify(log)}`,
        'case "$1 $2" in',
        '  "plan "*) echo \'{"type":"diagnostic","diagnostic":{"severity":"warning","summary":"Something is deprecated","detail":""}}\'; echo \'{"type":"change_summary","changes":{"add":0,"change":0,"remove":0}}\' ;;',
        '  "show -json") echo \'{"format_version":"1.2","resource_changes":[]}\' ;;',
        '  "show -no-color") echo "No changes." ;;',
        "esac",
      ].join("\n"),
      { mode: 0o755 },
    );
    const previous = process.env.TERRAFORM_BINARY;
    process.env.TERRAFORM_BINARY = terraform;
    try {
      const stdout = capture();
      expect(planStack("bootstrap", { root, remote: true, stdout, stderr: capture() })).toBe(0);
      const stackDir = path.join(root, ".cache", "stacks", "bootstrap");
      expect(fs.readFileSync(log, "utf8").trim().split("\n")).toEqual([
        `${stackDir}: init -input=false -no-color`,
        `${stackDir}: plan -input=false -no-color -lock=false -json -out=remote.tfplan`,
        `${stackDir}: show -json -no-color remote.tfplan`,
        `${stackDir}: show -no-color remote.tfplan`,
      ]);
      expect(stdout.text()).toContain("Warnings:\n  warning: Something is deprecated");
      // The bootstrap stack's local state path resolves to the project folder, as from cdktf.out.
      const synthesized = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as { terraform: { backend: { local: { path: string } } } };
      expect(path.resolve(stackDir, synthesized.terraform.backend.local.path)).toBe(path.join(root, "terraform.bootstrap.tfstate"));
    } finally {
      if (previous === undefined) delete process.env.TERRAFORM_BINARY;
      else process.env.TERRAFORM_BINARY = previous;
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  test("an unknown stack is refused with the list of stacks", () => {
    const stderr = capture();
    expect(planStack("qa", { root, stdout: capture(), stderr })).toBe(2);
    expect(stderr.text()).toContain('No stack named "qa". Stacks: bootstrap, staging, production.');
  });
});

/**
 * A synthesized stack as Terraform's state would hold it after an apply: references resolved to
 * made-up ids and ARNs, no construct metadata.
 */
function asState(stack: { resource: Record<string, Record<string, Record<string, unknown>>> }) {
  const fake = (type: string, name: string, attribute: string) =>
    attribute === "id" ? `id-${type}-${name}` : attribute === "arn" ? `arn:aws:fake:${type}/${name}` : `${attribute}-of-${name}`;
  const resolve = (value: unknown): unknown => {
    if (typeof value === "string") return value.replace(/\$\{([a-z0-9_]+)\.([A-Za-z0-9_]+)\.([a-z_]+)[^}]*\}/g, (_m, t: string, n: string, a: string) => fake(t, n, a));
    if (Array.isArray(value)) return value.map(resolve);
    if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    return value;
  };
  const resources = Object.entries(stack.resource).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, raw]) => {
      const { "//": _metadata, ...values } = raw;
      return { type, name, mode: "managed", values: { ...(resolve(values) as object), id: fake(type, name, "id"), arn: fake(type, name, "arn") } };
    }),
  );
  return { prior_state: { values: { root_module: { resources } } } };
}

describe("plan review", () => {
  const stack = { resource: { aws_kms_key: { k: {} }, aws_cloudwatch_metric_alarm: { a: {} } } };
  const plannedCost = estimateCost(stack, usage, "us-east-1");

  test.each([
    [["create"], "create"],
    [["update"], "update"],
    [["delete", "create"], "replace"],
    [["create", "delete"], "replace"],
    [["delete"], "destroy"],
    [["no-op"], undefined],
    [["read"], undefined],
  ])("%j is %s", (actions, expected) => {
    expect(reviewActionOf(actions)).toBe(expected);
  });

  test("counts by type and action; only replaced or destroyed data-bearing resources are at risk", () => {
    const plan: ReviewPlanJson = {
      resource_changes: [
        change("aws_s3_bucket.media", ["delete"]),
        change("aws_s3_bucket.site", ["update"]),
        change("aws_cloudwatch_log_group.app", ["create", "delete"]),
        change("aws_kms_key.k", ["create"]),
        change("aws_iam_role.r", ["delete"]),
        change("aws_sns_topic.t", ["no-op"]),
        { address: "data.aws_region.r", type: "aws_region", mode: "data", change: { actions: ["read"] } },
      ],
    };
    const review = reviewPlan({ environment: "staging", mode: "offline", plan, plannedCost });
    expect(review.totals).toEqual({ create: 1, update: 1, replace: 1, destroy: 2 });
    expect(Object.fromEntries(review.byType)).toEqual({
      aws_cloudwatch_log_group: { create: 0, update: 0, replace: 1, destroy: 0 },
      aws_iam_role: { create: 0, update: 0, replace: 0, destroy: 1 },
      aws_kms_key: { create: 1, update: 0, replace: 0, destroy: 0 },
      aws_s3_bucket: { create: 0, update: 1, replace: 0, destroy: 1 },
    });
    expect(review.dataAtRisk.map((c) => `${c.action} ${c.address}`)).toEqual(["destroy aws_s3_bucket.media", "replace aws_cloudwatch_log_group.app"]);
    expect(formatReviewText(review)).toContain("!!!   DESTROY aws_s3_bucket.media");
    expect(formatReviewMarkdown(review)).toContain("> - **replace** `aws_cloudwatch_log_group.app`");
  });

  test("a plan without data at risk says so, and the cost has nothing to compare with on an empty state", () => {
    const plan: ReviewPlanJson = { resource_changes: [change("aws_kms_key.k", ["create"])] };
    expect(priorStateAsStack(plan)).toBeUndefined();
    const review = reviewPlan({ environment: "staging", mode: "offline", plan, plannedCost });
    const markdown = formatReviewMarkdown(review);
    expect(markdown).toContain("No database, bucket, repository, key or log group is replaced or destroyed.");
    expect(markdown).not.toContain("CAUTION");
    expect(markdown).toContain(`${"$"}1.10 a month (no current state to compare with)`);
    expect(markdown).toContain("_offline: mock credentials and an empty state");
  });

  test("a plan that changes nothing costs nothing more than the current state", () => {
    const app = buildApp({ outdir: path.join(os.tmpdir(), "plan-review-unused") });
    const stagingStack = app.environments.find((e) => e.node.id === "staging")!;
    const synthesized = stagingStack.toTerraform() as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const planned = costReport(synthesized, stagingStack.config).estimate;
    const prior = priorStateAsStack(asState(synthesized), synthesized);
    const current = costReport(prior!, stagingStack.config).estimate;
    expect(current.lines.filter((l) => l.status === "not priced")).toEqual([]);
    expect(current.total).toBeCloseTo(planned.total, 6);
    const review = reviewPlan({ environment: "staging", mode: "remote", plan: asState(synthesized), plannedCost: planned, currentCost: current });
    expect(costLine(review)).toContain("+$0.00 against the current state's");
  });

  test("the cost change is the planned estimate less the current state's", () => {
    const prior = priorStateAsStack({
      prior_state: { values: { root_module: { resources: [{ type: "aws_kms_key", name: "k", values: {} }], child_modules: [{ resources: [{ type: "aws_kms_key", name: "k", values: {} }] }] } } },
    });
    expect(prior).toEqual({ resource: { aws_kms_key: { k: {}, m0_k: {} } } });
    const review = reviewPlan({ environment: "staging", mode: "remote", plan: {}, plannedCost, currentCost: estimateCost(prior!, usage, "us-east-1") });
    expect(formatReviewText(review)).toContain("$1.10 a month, -$0.90 against the current state's $2.00");
  });
});
