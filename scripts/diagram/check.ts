/**
 * A strict structural check of Mermaid C4 text, for what Mermaid's own parser lets through: it
 * accepts `Rel(a b "x")`, a relation to an alias never declared, a duplicate alias, and a double
 * quote inside a label, then draws something wrong or nothing. Every line must be one statement
 * of the C4 syntax with well-formed arguments; aliases are unique; relations join declared
 * elements; boundaries open with `{` and close.
 */

const DIAGRAM_TYPES = new Set(["C4Context", "C4Container", "C4Component", "C4Dynamic", "C4Deployment"]);

const ELEMENTS = new Set(
  ["Person", "System", "SystemDb", "SystemQueue", "Container", "ContainerDb", "ContainerQueue", "Component", "ComponentDb", "ComponentQueue"].flatMap((m) => [m, `${m}_Ext`]),
);
const BOUNDARIES = new Set(["Boundary", "Enterprise_Boundary", "System_Boundary", "Container_Boundary"]);
const RELATIONS = new Set(["Rel", "BiRel", "Rel_Up", "Rel_U", "Rel_Down", "Rel_D", "Rel_Left", "Rel_L", "Rel_Right", "Rel_R", "Rel_Back"]);
const STYLES = new Set(["UpdateLayoutConfig", "UpdateElementStyle", "UpdateRelStyle", "UpdateBoundaryStyle"]);

/** The most positional arguments each kind of statement takes (alias, label, technology, description...). */
const MAX_ARGS: Readonly<Record<string, number>> = { element: 4, boundary: 3, relation: 5 };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Argument = { readonly kind: "word" | "string" | "named"; readonly text: string };

/** Splits `a, "b, c", $x="1"` into arguments; an unterminated string or a stray character is an error. */
function splitArguments(text: string): Argument[] | string {
  const args: Argument[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    let match: RegExpMatchArray | null;
    if ((match = /^"([^"]*)"/.exec(rest)) !== null) args.push({ kind: "string", text: match[1]! });
    else if ((match = /^\$([A-Za-z0-9_]+)="([^"]*)"/.exec(rest)) !== null) args.push({ kind: "named", text: match[1]! });
    else if ((match = /^([^",\s]+)/.exec(rest)) !== null) args.push({ kind: "word", text: match[1]! });
    else return `cannot read the arguments at ${JSON.stringify(rest.slice(0, 20))}`;
    rest = rest.slice(match[0].length).trim();
    if (rest.length === 0) break;
    if (!rest.startsWith(",")) return `expected a comma between arguments, found ${JSON.stringify(rest.slice(0, 20))}`;
    rest = rest.slice(1).trim();
    if (rest.length === 0) return "a trailing comma";
  }
  return args;
}

/** The problems of a Mermaid C4 diagram, each with its line number; empty when it is well formed. */
export function checkC4(text: string): string[] {
  const problems: string[] = [];
  const declared = new Map<string, number>();
  const relations: { from: string; to: string; line: number }[] = [];
  const open: { alias: string; line: number }[] = [];
  let type: string | undefined;
  let expectBrace: { alias: string; line: number } | undefined;

  const lines = text.split("\n");
  lines.forEach((raw, index) => {
    const line = index + 1;
    const statement = raw.trim();
    if (statement === "" || statement.startsWith("%%")) return;
    const problem = (message: string) => problems.push(`line ${line}: ${message}: ${statement}`);

    if (expectBrace !== undefined) {
      const pending = expectBrace;
      expectBrace = undefined;
      if (statement === "{") {
        open.push(pending);
        return;
      }
      problems.push(`line ${pending.line}: boundary ${pending.alias} has no "{"`);
    }
    if (type === undefined) {
      if (!DIAGRAM_TYPES.has(statement)) problem(`the diagram must start with its type (${[...DIAGRAM_TYPES].join(", ")})`);
      type = statement;
      return;
    }
    if (statement === "}") {
      if (open.pop() === undefined) problem('a "}" closes no boundary');
      return;
    }
    if (/^title(\s|$)/.test(statement)) {
      if (statement.slice("title".length).trim() === "") problem("an empty title");
      return;
    }
    const call = /^([A-Za-z_]+)\((.*)\)\s*(\{)?$/.exec(statement);
    if (call === null) {
      problem("not a C4 statement");
      return;
    }
    const [, macro, argumentText, brace] = call as unknown as [string, string, string, string | undefined];
    const args = splitArguments(argumentText);
    if (typeof args === "string") {
      problem(args);
      return;
    }
    const positional = args.filter((a) => a.kind !== "named");
    const kind = ELEMENTS.has(macro) ? "element" : BOUNDARIES.has(macro) ? "boundary" : RELATIONS.has(macro) ? "relation" : STYLES.has(macro) ? "style" : undefined;
    if (kind === undefined) {
      problem(`unknown macro ${macro}`);
      return;
    }
    if (kind !== "boundary" && brace !== undefined) problem(`only a boundary opens a "{"`);
    if (kind === "style") return;
    if (positional.length > MAX_ARGS[kind]!) problem(`${macro} takes at most ${MAX_ARGS[kind]} arguments, got ${positional.length}`);
    const [first, second, third] = positional;

    if (kind === "relation") {
      if (first?.kind !== "word" || !IDENTIFIER.test(first.text) || second?.kind !== "word" || !IDENTIFIER.test(second.text)) {
        problem(`${macro} needs two aliases first`);
        return;
      }
      if (third?.kind !== "string" || third.text.trim() === "") problem(`${macro} needs a quoted label after the aliases`);
      if (positional.slice(2).some((a) => a.kind !== "string")) problem(`${macro}'s label and technology must be quoted`);
      relations.push({ from: first.text, to: second.text, line });
      return;
    }

    // An element or a boundary: an alias, then a quoted label, then quoted strings.
    if (first?.kind !== "word" || !IDENTIFIER.test(first.text)) {
      problem(`${macro} needs an alias first (letters, digits, _)`);
      return;
    }
    if (second?.kind !== "string" || second.text.trim() === "") problem(`${macro} needs a quoted label after its alias`);
    if (positional.slice(1).some((a) => a.kind !== "string")) problem(`${macro}'s label, technology and description must be quoted`);
    const previous = declared.get(first.text);
    if (previous !== undefined) problem(`alias ${first.text} is already declared on line ${previous}`);
    else declared.set(first.text, line);
    if (kind === "boundary") {
      if (brace !== undefined) open.push({ alias: first.text, line });
      else expectBrace = { alias: first.text, line };
    }
  });

  if (type === undefined) problems.push("the diagram is empty");
  if (expectBrace !== undefined) problems.push(`line ${expectBrace.line}: boundary ${expectBrace.alias} has no "{"`);
  for (const boundary of open) problems.push(`line ${boundary.line}: boundary ${boundary.alias} is not closed`);
  for (const relation of relations) {
    for (const end of [relation.from, relation.to]) {
      if (!declared.has(end)) problems.push(`line ${relation.line}: relation to ${end}, which is not declared`);
    }
  }
  return problems;
}

/** The text of each ```mermaid block of a Markdown document. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}
