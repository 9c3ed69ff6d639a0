import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PlanJson } from "../../scripts/offline-terraform";
import { planStack, PlanRunner } from "../../scripts/plan";
import {
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

describe("npm run plan", () => {
  let root: string;
  beforeAll(() => {
    // A fresh folder, as in a new clone: nothing under .cache yet.
    root = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test("plans a stack offline with Terraform, prints the plan and a summary, and writes the plan JSON", () => {
    const stdout = capture();
    expect(planStack("bootstrap", { root, stdout, stderr: capture() })).toBe(0);
    expect(stdout.text()).toContain("Plan: 14 to add, 0 to change, 0 to destroy.");
    expect(stdout.text()).toMatch(/resource type\s+create\naws_iam_openid_connect_provider\s+1\naws_iam_role\s+2\n/);
    const plan = JSON.parse(fs.readFileSync(path.join(root, "plan-bootstrap.json"), "utf8")) as {
      resource_changes: { type: string; change: { actions: string[] } }[];
    };
    expect(plan.resource_changes).toHaveLength(14);
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
      return { json, text: "terraform show output\n", warnings: "" };
    };
    const stdout = capture();
    expect(planStack("staging", { root, remote: true, runner, stdout, stderr: capture() })).toBe(0);
    expect(seenDir).toBe(path.join(root, ".cache", "remote", "stacks", "staging"));
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
  });

  test("an unknown stack is refused with the list of stacks", () => {
    const stderr = capture();
    expect(planStack("qa", { root, stdout: capture(), stderr })).toBe(2);
    expect(stderr.text()).toContain('No stack named "qa". Stacks: bootstrap, staging, production.');
  });
});

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

  test("the cost change is the planned estimate less the current state's", () => {
    const prior = priorStateAsStack({
      prior_state: { values: { root_module: { resources: [{ type: "aws_kms_key", name: "k", values: {} }], child_modules: [{ resources: [{ type: "aws_kms_key", name: "k", values: {} }] }] } } },
    });
    expect(prior).toEqual({ resource: { aws_kms_key: { k: {}, m0_k: {} } } });
    const review = reviewPlan({ environment: "staging", mode: "remote", plan: {}, plannedCost, currentCost: estimateCost(prior!, usage, "us-east-1") });
    expect(formatReviewText(review)).toContain("$1.10 a month, -$0.90 against the current state's $2.00");
  });
});
