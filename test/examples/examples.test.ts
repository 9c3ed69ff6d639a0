import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXAMPLES, exampleStackName } from "../../examples";
import { errorsOf, evaluate, StackJson, warningsOf } from "../../policies";
import { examplesCommand, exampleReadmePath, refreshSections } from "../../scripts/examples";

const projectRoot = path.resolve(__dirname, "../..");

// One run of `npm run examples` into a scratch project folder (the READMEs copied there), which
// every test below reads: what it wrote, what it printed, and what it did to the READMEs.
let root: string;
let code: number;
let printed: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "examples-command-"));
  for (const example of EXAMPLES) {
    const file = exampleReadmePath(example);
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.copyFileSync(path.join(projectRoot, file), path.join(root, file));
  }
  const out: string[] = [];
  const writer = { write: (s: string) => out.push(s) > 0 };
  code = examplesCommand([], { root, outRoot: path.join(root, "examples.out"), stdout: writer, stderr: writer });
  printed = out.join("");
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test("npm run examples succeeds", () => {
  expect({ code, printed }).toEqual({ code: 0, printed: expect.stringContaining("Synthesized 2 stacks") });
});

describe.each(EXAMPLES.map((example) => [example.system, example] as const))("example %s", (_system, example) => {
  const stackJson = (environment: string): StackJson =>
    JSON.parse(fs.readFileSync(path.join(root, "examples.out", example.system, "stacks", exampleStackName(example, environment), "cdk.tf.json"), "utf8")) as StackJson;

  test("writes examples.out/<system>/stacks/<system>-staging and -production, and says so", () => {
    expect(fs.readdirSync(path.join(root, "examples.out", example.system, "stacks")).sort()).toEqual(
      [exampleStackName(example, "production"), exampleStackName(example, "staging")],
    );
    for (const environment of ["staging", "production"]) {
      expect(printed).toMatch(new RegExp(`${exampleStackName(example, environment)}\\s+\\d+ resources\\s+(protected|UNPROTECTED)\\s+0 policy warnings`));
    }
  });

  test("production is protected; staging is not", () => {
    expect([stackJson("staging")["//"]?.policy_pack?.protected, stackJson("production")["//"]?.policy_pack?.protected]).toEqual([false, true]);
  });

  test("every stack passes the policy pack with no error and no warning", () => {
    for (const environment of ["staging", "production"]) {
      const json = stackJson(environment);
      const report = evaluate(json, { protected: json["//"]?.policy_pack?.protected === true });
      expect({ environment, errors: errorsOf(report), warnings: warningsOf(report) }).toEqual({ environment, errors: [], warnings: [] });
      expect(report.results.filter((r) => r.status === "pass").length).toBeGreaterThan(50);
    }
  });

  test("its README's generated diagram and cost sections are current (npm run examples refreshes them)", () => {
    const file = exampleReadmePath(example);
    const committed = fs.readFileSync(path.join(projectRoot, file), "utf8");
    for (const section of ["diagram-staging", "diagram-production", "cost-staging", "cost-production"]) {
      expect(committed).toContain(`<!-- generated:${section} -->\n\`\`\``);
    }
    expect(fs.readFileSync(path.join(root, file), "utf8")).toBe(committed);
    expect(printed).not.toContain("Updated");
  });

  test("the project README lists it", () => {
    expect(fs.readFileSync(path.join(projectRoot, "README.md"), "utf8")).toContain(`examples/${example.system}/`);
  });
});

describe("npm run examples, refused and refreshed", () => {
  test("refuses an unknown system and options, naming the systems", () => {
    const err: string[] = [];
    const writer = { write: (s: string) => err.push(s) > 0 };
    expect(examplesCommand(["nope"], { stderr: writer, stdout: writer })).toBe(2);
    expect(err.join("")).toMatch(/No example named "nope"[\s\S]*django-lambda/);
    expect(examplesCommand(["--all"], { stderr: writer, stdout: writer })).toBe(2);
  });

  test("a README without the markers is refused, naming the section", () => {
    expect(() => refreshSections("# Readme\n", new Map([["cost-staging", "x"]]), "examples/x/README.md")).toThrow(
      /examples\/x\/README.md has no <!-- generated:cost-staging --> \.\.\. <!-- \/generated:cost-staging --> markers/,
    );
  });

  test("refreshes only what is between the markers", () => {
    const readme = "before\n<!-- generated:a -->\nold\n<!-- /generated:a -->\nafter\n";
    expect(refreshSections(readme, new Map([["a", "new"]]), "f")).toBe("before\n<!-- generated:a -->\nnew\n<!-- /generated:a -->\nafter\n");
  });
});
