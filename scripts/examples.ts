/**
 * `npm run examples [-- <system> ...]`: synthesizes every example system of examples/ (or those
 * named) into `examples.out/<system>/stacks/<system>-<environment>/cdk.tf.json`, checking each
 * stack against the policy pack as `npm run synth` does, and prints what it wrote. Then it
 * refreshes the generated sections of each example's README (its architecture diagram and
 * monthly cost estimate per environment, and a preview's), which a test keeps current.
 *
 * A failing example leaves no stack of its own in `examples.out/<system>/`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { runCommand } from "../cli";
import { EXAMPLES, ExampleSystem, buildExample } from "../examples";
import { removeStaleStacks, removeSynthOutput, synthSummary } from "../main";
import { costReport } from "./cost";
import { diagramOf } from "./diagram/c4";
import type { SynthesizedStackJson } from "./diagram/stack";
import type { AppStack } from "../environments/app-stack";

const projectRoot = path.resolve(__dirname, "..");
const USAGE = `usage: npm run examples [-- <system> ...]   (systems: ${EXAMPLES.map((e) => e.system).join(", ")})`;

/** Where an example's README is, relative to the project folder. */
export function exampleReadmePath(example: Pick<ExampleSystem, "system">): string {
  return path.join("examples", example.system, "README.md");
}

const START = (name: string) => `<!-- generated:${name} -->`;
const END = (name: string) => `<!-- /generated:${name} -->`;

/**
 * The README's generated sections of an example, by marker name: the diagram of each
 * environment (`diagram-<environment>`) and its cost estimate (`cost-<environment>`).
 */
export function exampleSections(
  stacks: readonly AppStack[],
  jsonOf: (stack: AppStack) => SynthesizedStackJson = (s) => s.toTerraform() as SynthesizedStackJson,
  preview?: AppStack,
): Map<string, string> {
  const sections = new Map<string, string>();
  for (const stack of stacks) {
    const json = jsonOf(stack);
    const environment = stack.config.name;
    sections.set(`diagram-${environment}`, ["```mermaid", diagramOf(json, environment).trimEnd(), "```"].join("\n"));
    sections.set(`cost-${environment}`, ["```text", costReport(json as never, stack.config).text.trimEnd(), "```"].join("\n"));
  }
  // What one preview of staging costs (its name does not change the estimate).
  if (preview !== undefined) sections.set("cost-preview", ["```text", costReport(jsonOf(preview) as never, preview.config).text.trimEnd(), "```"].join("\n"));
  return sections;
}

/** The preview the READMEs price: pull request 1 of staging, on a fixed day (the estimate does not depend on either). */
export const PRICED_PREVIEW = { source: "1", expires: "2026-12-08", today: new Date("2026-12-01T00:00:00Z") } as const;

/** An example's preview of staging, built in a scratch folder (it is priced, not synthesized into examples.out). */
export function examplePreview(example: ExampleSystem): AppStack {
  const { environments } = buildExample(example, { outdir: fs.mkdtempSync(path.join(os.tmpdir(), "example-preview-")), preview: PRICED_PREVIEW });
  return environments[environments.length - 1]!;
}

/**
 * The README with each generated section replaced by its current content. Throws when the
 * README lacks a section's markers: they say where it goes.
 */
export function refreshSections(readme: string, sections: ReadonlyMap<string, string>, file: string): string {
  let text = readme;
  for (const [name, content] of sections) {
    const start = text.indexOf(START(name));
    const end = text.indexOf(END(name));
    if (start < 0 || end < start) throw new Error(`${file} has no ${START(name)} ... ${END(name)} markers for its generated ${name} section`);
    text = `${text.slice(0, start + START(name).length)}\n${content}\n${text.slice(end)}`;
  }
  return text;
}

type Writer = Pick<NodeJS.WriteStream, "write">;

/** Synthesizes the examples named (all when none) and refreshes their READMEs; returns the exit code. */
export function examplesCommand(argv: readonly string[], options: { root?: string; outRoot?: string; stdout?: Writer; stderr?: Writer } = {}): number {
  const { root = projectRoot, stdout = process.stdout, stderr = process.stderr } = options;
  const outRoot = options.outRoot ?? path.join(root, "examples.out");
  const unknown = argv.filter((name) => !EXAMPLES.some((e) => e.system === name));
  if (argv.some((a) => a.startsWith("-")) || unknown.length > 0) {
    if (unknown.length > 0 && !unknown.some((a) => a.startsWith("-"))) stderr.write(`No example named ${unknown.map((n) => `"${n}"`).join(", ")}.\n`);
    stderr.write(`${USAGE}\n`);
    return 2;
  }
  const chosen = EXAMPLES.filter((e) => argv.length === 0 || argv.includes(e.system));
  for (const example of chosen) {
    const started = performance.now();
    const absolute = path.join(outRoot, example.system);
    // Said as the user would type it, when it is under the folder they run from.
    const relative = path.relative(process.cwd(), absolute);
    const outdir = relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
    let succeeded = false;
    try {
      const code = runCommand(stderr, () => {
        const { app, environments } = buildExample(example, { outdir });
        app.synth();
        removeStaleStacks(outdir, environments.map((s) => s.node.id));
        stdout.write(synthSummary(outdir, environments, (performance.now() - started) / 1000));
        const file = exampleReadmePath(example);
        const full = path.join(root, file);
        const before = fs.readFileSync(full, "utf8");
        const after = refreshSections(before, exampleSections(environments, undefined, examplePreview(example)), file);
        if (after !== before) {
          fs.writeFileSync(full, after);
          stdout.write(`Updated the generated sections of ${file}\n`);
        }
        return 0;
      });
      succeeded = code === 0;
      if (!succeeded) return code;
    } finally {
      if (!succeeded) removeSynthOutput(outdir);
    }
  }
  return 0;
}

if (require.main === module) {
  process.exitCode = examplesCommand(process.argv.slice(2));
}
