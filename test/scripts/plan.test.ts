import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { planStack } from "../../scripts/plan";

function capture(): { write: (chunk: string) => boolean; text: () => string } {
  let text = "";
  return { write: (chunk) => ((text += chunk), true), text: () => text };
}

describe("npm run plan", () => {
  let root: string;
  beforeAll(() => {
    // A fresh folder, as in a new clone: nothing under .cache yet.
    root = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test("plans a stack offline, prints the plan and a summary, and writes the plan JSON", () => {
    const stdout = capture();
    expect(planStack("bootstrap", { root, stdout, stderr: capture() })).toBe(0);
    expect(stdout.text()).toContain("Plan: 7 to add, 0 to change, 0 to destroy.");
    expect(stdout.text()).toMatch(/resource type\s+create\naws_s3_bucket\s+1\n/);
    const plan = JSON.parse(fs.readFileSync(path.join(root, "plan-bootstrap.json"), "utf8")) as {
      resource_changes: { type: string; change: { actions: string[] } }[];
    };
    expect(plan.resource_changes).toHaveLength(7);
    expect(plan.resource_changes.every((c) => c.change.actions.join() === "create")).toBe(true);
    // The offline run never touches the folder cdktf deploys from.
    expect(fs.existsSync(path.join(root, "cdktf.out"))).toBe(false);
  });

  test("an unknown stack is refused with the list of stacks", () => {
    const stderr = capture();
    expect(planStack("qa", { root, stdout: capture(), stderr })).toBe(2);
    expect(stderr.text()).toContain('No stack named "qa". Stacks: bootstrap, staging, production.');
  });
});
