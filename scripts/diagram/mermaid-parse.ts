/**
 * Parses Mermaid diagrams with Mermaid's own parser, in Node, without a browser:
 *
 *   node --import tsx scripts/diagram/mermaid-parse.ts <file>...
 *
 * Each file is a Markdown page (its ```mermaid blocks are parsed) or a diagram alone (.mmd).
 * Prints one line per diagram, `<file> #<n>: <diagram type>`, and exits 0 when Mermaid accepts
 * them all, 1 with Mermaid's message at the first it rejects, 2 on a usage error, and 3 when the
 * `mermaid` package is not installed.
 *
 * Mermaid is an ES module (the tests run it in a child process, since Jest loads CommonJS).
 * It sanitizes labels with DOMPurify, which needs a browser DOM: a module hook gives it a
 * pass-through stand-in. Sanitizing changes what a label shows, never whether it parses.
 */
import * as fs from "node:fs";
import { register } from "node:module";
import { mermaidBlocks } from "./check";

/** The `mermaid` release the check is written against: the devDependency to add. */
export const MERMAID_PACKAGE = "mermaid@11.17.2";

const DOMPURIFY_STANDIN = "export default { sanitize: (text) => text, addHook() {}, removeHook() {}, removeHooks() {}, removeAllHooks() {}, isSupported: false };";
const HOOKS =
  "export async function resolve(specifier, context, next) {" +
  ` return specifier === "dompurify" ? { url: ${JSON.stringify(`data:text/javascript,${encodeURIComponent(DOMPURIFY_STANDIN)}`)}, shortCircuit: true } : next(specifier, context); }`;

interface Mermaid {
  parse(text: string): Promise<{ diagramType: string } | false>;
}

async function loadMermaid(): Promise<Mermaid | undefined> {
  register(`data:text/javascript,${encodeURIComponent(HOOKS)}`);
  // A specifier in a variable: the type check must not need the package, which is only a devDependency.
  const specifier = "mermaid";
  try {
    const loaded = (await import(specifier)) as { default: Mermaid };
    return loaded.default;
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_MODULE_NOT_FOUND" && (error as Error).message.includes(`'${specifier}'`)) return undefined;
    throw error;
  }
}

async function main(files: readonly string[]): Promise<number> {
  if (files.length === 0) {
    process.stderr.write("usage: node --import tsx scripts/diagram/mermaid-parse.ts <file.md|file.mmd>...\n");
    return 2;
  }
  const mermaid = await loadMermaid();
  if (mermaid === undefined) {
    process.stderr.write(`The mermaid package is not installed: npm install --save-dev --save-exact ${MERMAID_PACKAGE}\n`);
    return 3;
  }
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    const diagrams = file.endsWith(".md") ? mermaidBlocks(text) : [text];
    if (diagrams.length === 0) {
      process.stderr.write(`${file}: no mermaid diagram\n`);
      return 1;
    }
    for (const [index, diagram] of diagrams.entries()) {
      try {
        const parsed = await mermaid.parse(diagram);
        process.stdout.write(`${file} #${index + 1}: ${parsed === false ? "not parsed" : parsed.diagramType}\n`);
        if (parsed === false) return 1;
      } catch (error) {
        process.stderr.write(`${file} #${index + 1}: Mermaid rejects the diagram:\n${(error as Error).message}\n`);
        return 1;
      }
    }
  }
  return 0;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
