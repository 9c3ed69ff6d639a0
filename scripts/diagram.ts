/**
 * `npm run diagram [-- <environment> ...]`: writes `docs/architecture-<environment>.md`, a C4
 * container diagram (Mermaid) of each environment stack, or of those named, generated from the
 * stack as it synthesizes. Builds the app in memory; nothing goes to cdktf.out. The generator
 * is in scripts/diagram/.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildApp } from "../environments";
import { isUserError } from "../cli";
import { architectureDocument, diagramOf } from "./diagram/c4";
import { checkC4 } from "./diagram/check";
import type { SynthesizedStackJson } from "./diagram/stack";

const projectRoot = path.resolve(__dirname, "..");
const USAGE = "usage: npm run diagram [-- <environment> ...]   (no name: every environment)";

/** Where an environment's page goes, relative to the project folder. */
export function documentPath(environment: string): string {
  return path.join("docs", `architecture-${environment}.md`);
}

/**
 * The architecture page of every environment (or those named), by name, as the code generates
 * them now: from the environment stacks given (synthesized JSON by name), or else built here.
 */
export function architectureDocuments(names: readonly string[] = [], stacks?: ReadonlyMap<string, SynthesizedStackJson>): Map<string, string> {
  // Nothing is written: the app only builds the stacks in memory.
  const environments =
    stacks ??
    new Map(buildApp({ outdir: path.join(os.tmpdir(), "diagram-unused") }).environments.map((e) => [e.node.id, e.toTerraform() as SynthesizedStackJson]));
  const known = [...environments.keys()];
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new DiagramUsageError(`No environment named ${unknown.map((n) => `"${n}"`).join(", ")}. Environments: ${known.join(", ")}.`);
  }
  const documents = new Map<string, string>();
  for (const [name, json] of environments) {
    if (names.length > 0 && !names.includes(name)) continue;
    const problems = checkC4(diagramOf(json, name));
    if (problems.length > 0) throw new Error(`The diagram of ${name} is not valid Mermaid C4:\n${problems.join("\n")}`);
    documents.set(name, architectureDocument(json, name));
  }
  return documents;
}

/** A name that is not an environment. */
export class DiagramUsageError extends Error {}

export interface DiagramOptions {
  /** The folder `docs/` is in. @default the project folder */
  readonly root?: string;
  readonly stdout?: Pick<NodeJS.WriteStream, "write">;
  readonly stderr?: Pick<NodeJS.WriteStream, "write">;
}

/** Writes the pages; returns the exit code (0 written, 1 a config error, 2 usage). */
export function diagramCommand(argv: readonly string[], options: DiagramOptions = {}): number {
  const root = options.root ?? projectRoot;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  if (argv.some((a) => a.startsWith("-"))) {
    stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    for (const [environment, document] of architectureDocuments(argv)) {
      const file = path.join(root, documentPath(environment));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, document);
      stdout.write(`Wrote ${documentPath(environment)}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof DiagramUsageError) {
      stderr.write(`${error.message}\n${USAGE}\n`);
      return 2;
    }
    if (isUserError(error)) {
      stderr.write(`${error.message}
`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  process.exitCode = diagramCommand(process.argv.slice(2));
}
