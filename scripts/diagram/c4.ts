/**
 * A C4 container diagram of one synthesized stack, in Mermaid's `C4Container` syntax (which
 * GitHub renders), and the Markdown page around it. Pure functions of the stack's JSON: the same
 * stack gives the same text, byte for byte.
 */
import { Connection, connectionsOf, EMAIL, Externals, externalsOf, SOURCE, TEAM, USER } from "./connections";
import { ContainerInfo, containersOf } from "./containers";
import { StackModel, SynthesizedStackJson, unique } from "./stack";

/** The stack read as a C4 model: containers, people and outside systems, and the arrows between them. */
export interface C4Model {
  /** `acme-staging` */
  readonly system: string;
  readonly region?: string;
  readonly containers: readonly ContainerInfo[];
  /** Every connection, one per fact, sorted. */
  readonly connections: readonly Connection[];
  readonly externals: Externals;
  /** The VPC boundary's label, when the stack has a VPC. */
  readonly vpcLabel?: string;
}

/** Reads the C4 model of a synthesized stack. */
export function c4ModelOf(json: SynthesizedStackJson, environmentName: string): C4Model {
  const model = new StackModel(json);
  const project = model.defaultTag("Project");
  const vpc = model.ofType("aws_vpc")[0];
  const cidr = vpc === undefined ? undefined : typeof vpc.values.cidr_block === "string" ? vpc.values.cidr_block : undefined;
  return {
    system: project !== undefined ? `${project}-${environmentName}` : environmentName,
    region: model.region,
    containers: containersOf(model),
    connections: connectionsOf(model),
    externals: externalsOf(model),
    vpcLabel: vpc === undefined ? undefined : `VPC ${cidr !== undefined ? `${cidr} ` : ""}(${vpc.module})`,
  };
}

/** A Mermaid C4 string argument: no double quotes (they end the string), one line. */
function quote(text: string): string {
  return `"${text.replace(/"/g, "'").replace(/\s*\n\s*/g, " ").trim()}"`;
}

const RESERVED = new Set([USER, TEAM, EMAIL, SOURCE, "stack", "vpc"]);

/** The alias of a module in the diagram: its construct id, made a safe identifier. */
export function aliasOf(module: string): string {
  const safe = module.replace(/[^A-Za-z0-9_]/g, "_").replace(/^(\d)/, "_$1");
  return RESERVED.has(safe) ? `${safe}_module` : safe;
}

/** One arrow per pair of elements: the facts' labels and technologies joined. */
export interface Arrow {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly technology: string;
}

/** Merges the connections between the same two elements into one arrow, in the connections' order, naming each part once. */
export function arrowsOf(connections: readonly Connection[]): Arrow[] {
  const byPair = new Map<string, Connection[]>();
  for (const c of connections) {
    const key = `${c.from}\u0000${c.to}`;
    byPair.set(key, [...(byPair.get(key) ?? []), c]);
  }
  return [...byPair.values()].map((facts) => {
    const ordered = [...facts].sort((a, b) => a.order - b.order);
    return {
      from: ordered[0]!.from,
      to: ordered[0]!.to,
      label: sentenceCase(unique(ordered.flatMap((f) => f.parts ?? [f.label])).join(", ")),
      technology: unique(ordered.map((f) => f.technology)).join(", "),
    };
  });
}

const sentenceCase = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const elementAlias = (id: string): string => ([USER, TEAM, EMAIL, SOURCE].includes(id) ? id : aliasOf(id));

/** The Mermaid `C4Container` diagram of a C4 model. */
export function renderC4(model: C4Model): string {
  const lines: string[] = ["C4Container", `title ${model.system}: containers${model.region !== undefined ? ` (AWS ${model.region})` : ""}`, ""];
  const uses = (id: string) => model.connections.some((c) => c.from === id || c.to === id);
  if (uses(USER)) lines.push(`Person(${USER}, "Browser user", "Uses the web app and its API")`);
  if (uses(TEAM)) lines.push(`Person(${TEAM}, "Team and CI", "Pushes commits and images, deploys the site, applies Terraform")`);
  if (uses(USER) || uses(TEAM)) lines.push("");

  const box = (c: ContainerInfo, indent: string) =>
    `${indent}${c.shape}(${aliasOf(c.module)}, ${quote(c.module)}, ${quote(c.technology)}, ${quote(c.description)})`;
  lines.push(`System_Boundary(stack, ${quote(`${model.system}${model.region !== undefined ? ` on AWS ${model.region}` : ""}`)}) {`);
  for (const c of model.containers.filter((c) => !c.inVpc || model.vpcLabel === undefined)) lines.push(box(c, "  "));
  const inVpc = model.containers.filter((c) => c.inVpc);
  if (model.vpcLabel !== undefined && inVpc.length > 0) {
    lines.push(`  Container_Boundary(vpc, ${quote(model.vpcLabel)}) {`);
    for (const c of inVpc) lines.push(box(c, "    "));
    lines.push("  }");
  }
  lines.push("}", "");
  // Outside systems after the boundary: Mermaid draws them below it, near the modules that use them.
  if (uses(SOURCE) && model.externals.source !== undefined) {
    const source = model.externals.source;
    lines.push(`System_Ext(${SOURCE}, ${quote(source.provider)}, ${quote(`Repository ${source.repositories.join(", ")}`)})`);
  }
  if (uses(EMAIL)) lines.push(`System_Ext(${EMAIL}, "Email recipients", ${quote(model.externals.emails.join(", "))})`);
  if (uses(SOURCE) || uses(EMAIL)) lines.push("");

  for (const arrow of arrowsOf(model.connections)) {
    lines.push(`Rel(${elementAlias(arrow.from)}, ${elementAlias(arrow.to)}, ${quote(arrow.label)}, ${quote(arrow.technology)})`);
  }
  lines.push("", `UpdateLayoutConfig($c4ShapeInRow="3", $c4BoundaryInRow="1")`);
  return `${lines.join("\n")}\n`;
}

/** The Mermaid C4 container diagram of a synthesized stack. */
export function diagramOf(json: SynthesizedStackJson, environmentName: string): string {
  return renderC4(c4ModelOf(json, environmentName));
}

/** A Markdown table cell: pipes escaped, one line. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

const elementName = (id: string): string =>
  id === USER ? "Browser user" : id === TEAM ? "Team and CI" : id === EMAIL ? "Email recipients" : id === SOURCE ? "Source repository" : id;

/**
 * The page `docs/architecture-<environment>.md`: a heading, how it is made, the diagram, then
 * the containers with their resources and every connection with the resources that make it.
 */
export function architectureDocument(json: SynthesizedStackJson, environmentName: string): string {
  const model = c4ModelOf(json, environmentName);
  const lines: string[] = [
    `# Architecture: ${environmentName}`,
    "",
    "<!-- Generated by `npm run diagram` from the synthesized stack. Do not edit: change the modules or the environment's config, then run `npm run diagram`. -->",
    "",
    `The \`${environmentName}\` stack (${model.system}${model.region !== undefined ? `, AWS ${model.region}` : ""}) at C4 container level. ` +
      "Each box is a module of the stack with its main resources; each arrow is read from the resources that connect two modules " +
      "(security group rules, API Gateway integrations, CloudFront origins, IAM grants, alarms and notifications). " +
      `\`npm run diagram -- ${environmentName}\` writes this page from the synthesized Terraform JSON, and a test fails when it is out of date.`,
    "",
    "```mermaid",
    renderC4(model).trimEnd(),
    "```",
    "",
    "## Containers",
    "",
    "| Container | Technology | Key settings | Main resources | Other resources |",
    "| --- | --- | --- | --- | --- |",
    ...model.containers.map(
      (c) =>
        `| ${cell(c.module)} | ${cell(c.technology)} | ${cell(c.description)} | ${cell(c.mainResources.map((r) => `\`${r}\``).join("<br>"))} | ${cell(c.otherResources.join(", "))} |`,
    ),
    "",
    "## Connections",
    "",
    "| From | To | What | How | Made by |",
    "| --- | --- | --- | --- | --- |",
    ...model.connections.map(
      (c) =>
        `| ${cell(elementName(c.from))} | ${cell(elementName(c.to))} | ${cell(c.detail)} | ${cell(c.via)} | ${cell(c.evidence.map((e) => `\`${e}\``).join(", "))} |`,
    ),
    "",
  ];
  return lines.join("\n");
}
