import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformResource, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import {
  ALL_RULES,
  applyPolicyPack,
  evaluate,
  fail,
  formatReport,
  pass,
  PolicyError,
  Rule,
  StackJson,
  summarize,
  suppress,
} from "../../policies";
import { addFixture, fixtureStack } from "./harness";
import { buildStack } from "../../environments";
import { testOutdir } from "../support/outdir";

/** A rule for the engine's own tests: fails every aws_s3_bucket whose `bucket` starts with "bad". */
const badName = (level: Rule["level"], extra: Partial<Rule> = {}): Rule => ({
  id: "s3-public-access-block",
  level,
  resourceTypes: ["aws_s3_bucket"],
  summary: "bucket named bad",
  why: "Names matter.",
  check: (s) => (String(s.values.bucket).startsWith("bad") ? fail(`bucket is ${String(s.values.bucket)}`) : pass()),
  ...extra,
});
const REASON = "Access logs are written once and expire after ninety days, so versions only add cost.";

function synthMessage(stack: TerraformStack): string {
  try {
    Testing.synth(stack, true);
    return "";
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return (e as Error).message;
  }
}

describe("the policy pack's rules", () => {
  const root = path.resolve(__dirname, "..", "..");
  const ruleFiles = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return ruleFiles(full);
      return e.name.endsWith(".ts") && e.name !== "index.ts" && !e.name.startsWith("_") ? [full] : [];
    });

  test("ids are unique kebab-case, prefixed by their service, and every rule says what and why", () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of ALL_RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
      expect(rule.summary.length).toBeGreaterThan(10);
      expect(rule.why).toMatch(/\.$/);
      expect(rule.resourceTypes.length).toBeGreaterThan(0);
      expect(["error", "warning"]).toContain(rule.level);
      if (rule.checkov !== undefined) expect(rule.checkov).toMatch(/^CKV2?_AWS_\d+$/);
      if (rule.trivy !== undefined) expect(rule.trivy).toMatch(/^AVD-AWS-\d{4}$/);
    }
  });

  test("each rule lives in its own file, named after its id", () => {
    const files = ruleFiles(path.join(root, "policies", "rules")).map((f) => path.basename(f, ".ts"));
    expect(files.sort()).toEqual(ALL_RULES.map((r) => r.id).sort());
  });

  test("each rule has a compliant and a non-compliant test", () => {
    const tests = fs
      .readdirSync(__dirname)
      .filter((f) => f.endsWith(".test.ts"))
      .map((f) => fs.readFileSync(path.join(__dirname, f), "utf8"))
      .join("\n");
    for (const rule of ALL_RULES) {
      const start = tests.indexOf(`describe("${rule.id}"`);
      expect({ rule: rule.id, hasDescribe: start >= 0 }).toEqual({ rule: rule.id, hasDescribe: true });
      const next = tests.indexOf("\ndescribe(", start + 1);
      const block = tests.slice(start, next < 0 ? undefined : next);
      expect({ rule: rule.id, compliant: /expectPass\(/.test(block), flagged: /expectFlagged\(/.test(block) }).toEqual({
        rule: rule.id,
        compliant: true,
        flagged: true,
      });
    }
  });

  test("the README's rule table lists every rule as the code defines it", () => {
    const readme = fs.readFileSync(path.join(root, "policies", "README.md"), "utf8");
    const rows = readme.split("\n").filter((line) => /^\| `[a-z0-9-]+` \| (error|warning)/.test(line));
    expect(rows).toEqual(
      ALL_RULES.map((r) => `| \`${r.id}\` | ${r.level}${r.protectedOnly ? ", protected only" : ""} | ${r.checkov ?? "-"} | ${r.trivy ?? "-"} | ${r.summary} |`),
    );
  });

  test("the data-loss guards apply only in protected environments", () => {
    const guards = ALL_RULES.filter((r) => r.protectedOnly === true).map((r) => r.id);
    expect(guards).toEqual(
      expect.arrayContaining([
        "data-prevent-destroy",
        "rds-deletion-protection",
        "rds-final-snapshot",
        "rds-keep-automated-backups",
        "rds-storage-autoscaling",
        "s3-bucket-no-force-destroy",
        "ecr-no-force-delete",
      ]),
    );
    expect(ALL_RULES.find((r) => r.id === "backend-state-encrypted-locked")?.protectedOnly).toBeFalsy();
  });
});

describe("applyPolicyPack", () => {
  test("an error fails synth, naming the rule, the resource, its path and what is wrong", () => {
    const stack = fixtureStack([{ type: "aws_s3_bucket", name: "b", values: { bucket: "bad-one" } }]);
    applyPolicyPack(stack, { protected: false, rules: [badName("error")] });
    const message = synthMessage(stack);
    expect(message).toContain('Policy pack: 1 error in stack "policy-test"');
    expect(message).toContain("policy s3-public-access-block (error): bucket named bad: aws_s3_bucket.b at policy-test/b: bucket is bad-one. Names matter.");
    expect(message).toContain('suppress(construct, [{ id: "s3-public-access-block"');
  });

  test("every failing resource is listed at once", () => {
    const stack = fixtureStack([
      { type: "aws_s3_bucket", name: "one", values: { bucket: "bad-1" } },
      { type: "aws_s3_bucket", name: "two", values: { bucket: "bad-2" } },
      { type: "aws_s3_bucket", name: "fine", values: { bucket: "good" } },
    ]);
    applyPolicyPack(stack, { protected: false, rules: [badName("error")] });
    const message = synthMessage(stack);
    expect(message).toContain("2 errors");
    expect(message).toContain("aws_s3_bucket.one at policy-test/one");
    expect(message).toContain("aws_s3_bucket.two at policy-test/two");
    expect(message).not.toContain("aws_s3_bucket.fine");
  });

  test("a warning is reported and synth goes on", () => {
    const stack = fixtureStack([{ type: "aws_s3_bucket", name: "b", values: { bucket: "bad" } }]);
    const warnings: string[] = [];
    applyPolicyPack(stack, { protected: false, rules: [badName("warning")], onWarning: (w) => warnings.push(w) });
    expect(synthMessage(stack)).toBe("");
    expect(warnings).toEqual([expect.stringContaining("policy s3-public-access-block (warning): bucket named bad: aws_s3_bucket.b at policy-test/b")]);
  });

  test("a rule that throws fails the resource instead of passing it", () => {
    const stack = fixtureStack([{ type: "aws_s3_bucket", name: "b", values: {} }]);
    applyPolicyPack(stack, {
      protected: false,
      rules: [
        badName("error", {
          check: () => {
            throw new Error("boom");
          },
        }),
      ],
    });
    expect(synthMessage(stack)).toContain("the rule could not read the resource: boom");
  });

  test("protected-only rules are not applicable elsewhere", () => {
    const stack = fixtureStack([{ type: "aws_s3_bucket", name: "b", values: { bucket: "bad" } }]);
    const rule = badName("error", { protectedOnly: true });
    const json = stack.toTerraform() as StackJson;
    expect(evaluate(json, { protected: false, rules: [rule] }).results.map((r) => r.status)).toEqual(["not-applicable"]);
    expect(evaluate(json, { protected: true, rules: [rule] }).results.map((r) => r.status)).toEqual(["fail"]);
  });

  test("records whether the stack is protected in the synthesized JSON", () => {
    const stack = fixtureStack([]);
    applyPolicyPack(stack, { protected: true, rules: [] });
    expect((stack.toTerraform() as StackJson)["//"]?.policy_pack?.protected).toBe(true);
  });
});

describe("suppress", () => {
  test("turns a failure into a suppression with its reason, recorded in the resource's metadata", () => {
    const stack = fixtureStack([{ type: "aws_s3_bucket", name: "b", values: { bucket: "bad" }, suppressions: [{ id: "s3-public-access-block", reason: REASON }] }]);
    applyPolicyPack(stack, { protected: false, rules: [badName("error")] });
    expect(synthMessage(stack)).toBe("");
    const json = stack.toTerraform() as StackJson & { resource: Record<string, Record<string, Record<string, { policy_suppressions?: unknown }>>> };
    expect(json.resource.aws_s3_bucket!.b!["//"]!.policy_suppressions).toEqual([{ id: "s3-public-access-block", reason: REASON }]);
    const report = evaluate(json, { protected: false, rules: [badName("error")] });
    expect(report.results).toEqual([expect.objectContaining({ status: "suppressed", reason: REASON, detail: "bucket is bad" })]);
  });

  test("on a construct, applies to every resource beneath it", () => {
    const stack = fixtureStack([]);
    const group = new Construct(stack, "Group");
    addFixture(group, { type: "aws_s3_bucket", name: "A", values: { bucket: "bad-a" } });
    addFixture(group, { type: "aws_s3_bucket", name: "B", values: { bucket: "bad-b" } });
    suppress(group, [{ id: "s3-public-access-block", reason: REASON }]);
    applyPolicyPack(stack, { protected: false, rules: [badName("error")] });
    expect(synthMessage(stack)).toBe("");
    expect(evaluate(stack.toTerraform() as StackJson, { protected: false, rules: [badName("error")] }).results.map((r) => r.status)).toEqual([
      "suppressed",
      "suppressed",
    ]);
  });

  test("only the named rule is suppressed", () => {
    const other = badName("error", { id: "s3-bucket-versioning" });
    const stack = fixtureStack([{ type: "aws_s3_bucket", name: "b", values: { bucket: "bad" }, suppressions: [{ id: "s3-public-access-block", reason: REASON }] }]);
    applyPolicyPack(stack, { protected: false, rules: [badName("error"), other] });
    expect(synthMessage(stack)).toContain("policy s3-bucket-versioning (error)");
  });

  test("a suppression of a rule the pack does not have fails synth", () => {
    const stack = fixtureStack([{ type: "aws_s3_bucket", name: "b", values: { bucket: "good" }, suppressions: [{ id: "s3-no-such-rule", reason: REASON }] }]);
    applyPolicyPack(stack, { protected: false, rules: [badName("error")] });
    expect(synthMessage(stack)).toContain('aws_s3_bucket.b at policy-test/b suppresses "s3-no-such-rule", which is not a rule of the pack');
  });

  test.each([
    ["no reason", "", /needs a reason of at least a sentence/],
    ["a word", "legacy", /needs a reason of at least a sentence/],
    ["a short phrase", "not needed here ok", /needs a reason of at least a sentence/],
    ["thirty characters in three words", "Intentionally-unversioned logs-only bucket-of-logs", /needs a reason of at least a sentence/],
    ["a placeholder", "TODO: explain why this bucket is allowed to be like this", /not a placeholder/],
  ])("refuses %s as a reason", (_label, reason, message) => {
    const stack = fixtureStack([{ type: "aws_s3_bucket", name: "b", values: {} }]);
    expect(() => suppress(stack.node.findChild("b"), [{ id: "s3-public-access-block", reason }])).toThrow(PolicyError);
    expect(() => suppress(stack.node.findChild("b"), [{ id: "s3-public-access-block", reason }])).toThrow(message);
  });

  test("refuses an id that is not a rule id, and a construct without resources", () => {
    const stack = fixtureStack([{ type: "aws_s3_bucket", name: "b", values: {} }]);
    expect(() => suppress(stack.node.findChild("b"), [{ id: "S3 Versioning", reason: REASON }])).toThrow(/suppressions\[0\]\.id must be a rule id/);
    expect(() => suppress(new Construct(stack, "Empty"), [{ id: "s3-bucket-versioning", reason: REASON }])).toThrow(/has no resources/);
  });

  test("a rule given through the rules option can be suppressed too", () => {
    const custom = badName("error", { id: "org-bucket-naming" });
    const stack = fixtureStack([{ type: "aws_s3_bucket", name: "b", values: { bucket: "bad" }, suppressions: [{ id: "org-bucket-naming", reason: REASON }] }]);
    applyPolicyPack(stack, { protected: false, rules: [custom] });
    expect(synthMessage(stack)).toBe("");
  });

  test("a suppression written into the JSON by hand is checked too: a reason, and the shape", () => {
    const stack = fixtureStack([
      { type: "aws_s3_bucket", name: "empty", values: { bucket: "bad" } },
      { type: "aws_s3_bucket", name: "odd", values: { bucket: "good" } },
    ]);
    (stack.node.findChild("empty") as TerraformResource).addOverride("//.policy_suppressions", [{ id: "s3-public-access-block", reason: "" }]);
    (stack.node.findChild("odd") as TerraformResource).addOverride("//.policy_suppressions", "everything");
    applyPolicyPack(stack, { protected: false, rules: [badName("error")] });
    const message = synthMessage(stack);
    expect(message).toContain("policy s3-public-access-block (error): bucket named bad: aws_s3_bucket.empty");
    expect(message).toContain("aws_s3_bucket.empty at policy-test/empty: the suppression of s3-public-access-block needs a reason of at least a sentence");
    expect(message).toContain('aws_s3_bucket.odd at policy-test/odd: policy_suppressions must be a list of { id, reason }; got "everything"');
  });

  test("the report lists suppressions that silenced nothing", () => {
    const stack = fixtureStack([{ type: "aws_s3_bucket", name: "b", values: { bucket: "good" }, suppressions: [{ id: "s3-public-access-block", reason: REASON }] }]);
    const report = evaluate(stack.toTerraform() as StackJson, { protected: false, rules: [badName("error")] });
    expect(report.suppressions.map((s) => [s.id, s.used])).toEqual([["s3-public-access-block", false]]);
    expect(formatReport(report)).toContain(`Suppressions that silenced nothing here (the rule passed, did not apply, or did not run):\n  s3-public-access-block on policy-test/b (aws_s3_bucket.b)\n    reason:  ${REASON}`);
  });

  test("on a stack, applies to every resource of it", () => {
    const stack = fixtureStack([{ type: "aws_s3_bucket", name: "b", values: { bucket: "bad" } }]);
    suppress(stack, [{ id: "s3-public-access-block", reason: REASON }]);
    applyPolicyPack(stack, { protected: false, rules: [badName("error")] });
    expect(synthMessage(stack)).toBe("");
  });

  test("on a stack, also applies to its backend", () => {
    const rule: Rule = { ...badName("error"), id: "backend-state-encrypted-locked", resourceTypes: ["terraform_backend"], check: () => fail("not encrypted") };
    const stack = fixtureStack([{ type: "aws_s3_bucket", name: "b", values: {} }], { s3Backend: { bucket: "state", key: "k", region: "eu-west-1" } });
    suppress(stack, [{ id: "backend-state-encrypted-locked", reason: REASON }]);
    const report = evaluate(stack.toTerraform() as StackJson, { protected: false, rules: [rule] });
    expect(report.results.map((r) => [r.subject.address, r.status, r.reason])).toEqual([["terraform.backend.s3", "suppressed", REASON]]);
  });
});

describe("the report", () => {
  test("lists each rule's outcome, the failures and the suppressions with their reasons", () => {
    const stack = fixtureStack([
      { type: "aws_s3_bucket", name: "bad", values: { bucket: "bad" } },
      { type: "aws_s3_bucket", name: "quiet", values: { bucket: "bad-quiet" }, suppressions: [{ id: "s3-public-access-block", reason: REASON }] },
      { type: "aws_s3_bucket", name: "good", values: { bucket: "good" } },
    ]);
    const na = badName("error", { id: "rds-storage-encrypted", resourceTypes: ["aws_db_instance"] });
    const report = evaluate(stack.toTerraform() as StackJson, { protected: false, rules: [badName("error"), na] });
    expect(summarize(report).map((s) => [s.rule.id, s.status, s.passed, s.failed.length, s.suppressed.length])).toEqual([
      ["s3-public-access-block", "failed", 1, 1, 1],
      ["rds-storage-encrypted", "not applicable", 0, 0, 0],
    ]);
    const text = formatReport(report);
    expect(text).toContain("Policy report for policy-test (not protected)");
    expect(text).toMatch(/s3-public-access-block\s+error\s+failed\s+1 passed, 1 failed, 1 suppressed/);
    expect(text).toMatch(/rds-storage-encrypted\s+error\s+not applicable\s+-/);
    expect(text).toContain("2 rules: 0 passed, 1 failed, 0 suppressed, 1 not applicable");
    expect(text).toContain("s3-public-access-block (error) aws_s3_bucket.bad at policy-test/bad: bucket is bad");
    expect(text).toContain(`reason:  ${REASON}`);
  });
});

describe("the JSON the pack checked is the JSON synth writes", () => {
  test("written once resolved: equal to a fresh resolution of the stack", () => {
    const { app, stack } = buildStack("production", { outdir: testOutdir() });
    app.synth();
    const written = fs.readFileSync(path.join(app.outdir, "stacks", "production", "cdk.tf.json"), "utf8");
    // The reuse serves one call only: this one resolves every token again.
    expect(Object.prototype.hasOwnProperty.call(stack, "toTerraform")).toBe(false);
    expect(stack!.toTerraform()).toEqual(JSON.parse(written));
  });

  test("a stack changed after a synth is checked and written as changed", () => {
    const stack = fixtureStack([]);
    applyPolicyPack(stack, { protected: false, rules: [badName("error")] });
    expect(synthMessage(stack)).toBe("");
    addFixture(stack, { type: "aws_s3_bucket", name: "Late", values: { bucket: "bad-late" } });
    expect(synthMessage(stack)).toContain("bucket is bad-late");
  });

  test("validation alone, or a failed synth, leaves no reused JSON behind, even in the same turn", () => {
    const stack = fixtureStack([]);
    applyPolicyPack(stack, { protected: false, rules: [badName("error")] });
    stack.runAllValidations();
    expect(Object.prototype.hasOwnProperty.call(stack, "toTerraform")).toBe(false);
    addFixture(stack, { type: "aws_s3_bucket", name: "After", values: { bucket: "ok-after" } });
    expect(JSON.stringify(stack.toTerraform())).toContain("ok-after");
    const bad = addFixture(stack, { type: "aws_s3_bucket", name: "Bad", values: { bucket: "bad-one" } });
    expect(() => (stack.node.scope as App).synth()).toThrow(PolicyError);
    bad.addOverride("bucket", "ok-renamed");
    expect(Object.prototype.hasOwnProperty.call(stack, "toTerraform")).toBe(false);
    expect(JSON.stringify(stack.toTerraform())).toContain("ok-renamed");
  });
});
