import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");
const modules = fs
  .readdirSync(path.join(root, "modules"), { withFileTypes: true })
  // modules/shared holds helpers and contracts, no construct: its README has no usage example.
  .filter((entry) => entry.isDirectory() && !entry.name.startsWith("_") && entry.name !== "shared")
  .map((entry) => entry.name);

/**
 * Each module README's usage example must be the code its test runs: every line of the first
 * TypeScript block (but imports and comments) appears, in order, in test/modules/<module>.test.ts.
 */
describe.each(modules)("modules/%s/README.md", (name) => {
  const readme = fs.readFileSync(path.join(root, "modules", name, "README.md"), "utf8");

  test("has the sections a module README needs", () => {
    for (const heading of ["## Usage", "## Props", "## Outputs"]) expect(readme).toContain(heading);
    expect(readme).toMatch(/cost/i);
  });

  test("its usage example is the code the module's test runs", () => {
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const lines = block!
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("import ") && !line.startsWith("//"));
    expect(lines.length).toBeGreaterThan(2);
    const testSource = fs.readFileSync(path.join(root, "test", "modules", `${name}.test.ts`), "utf8");
    let from = 0;
    for (const line of lines) {
      const at = testSource.indexOf(line, from);
      expect({ line, found: at >= 0 }).toEqual({ line, found: true });
      from = at + line.length;
    }
  });
});
