/**
 * `npm run preview -- <command>`: what the preview workflows (and a developer) need besides
 * synth, deploy and destroy:
 *
 *   npm run preview -- name <source> [--of <environment>]   the preview's stack name (pv-<slug>)
 *   npm run preview -- comment <outputs.json> <cost.txt>    the pull request comment, markdown
 *
 * `name` prints only the name, for `$(...)`. `comment` reads `cdktf deploy --outputs-file`'s JSON
 * and `npm run cost`'s report.
 */
import * as fs from "node:fs";
import { runCommand, UserError } from "../cli";
import { parseProjectConfig, projectConfig, withPreview } from "../environments";

const USAGE = "usage: npm run preview -- name <branch, pull request or dev-<name>> [--of <environment>] | comment <outputs.json> <cost.txt>";

type Writer = Pick<NodeJS.WriteStream, "write">;

/** The stack name a preview source gets, as `npm run synth -- --preview <source>` names it. */
export function previewStackName(source: string, of?: string): string {
  const parsed = parseProjectConfig(withPreview(projectConfig, { source, of }));
  return parsed.environments[parsed.environments.length - 1]!.name;
}

/** The outputs the comment lists, in order, with their labels: every preview stack has the first. */
export const COMMENTED_OUTPUTS = [
  ["api_endpoint", "API"],
  ["site_domain_name", "Site"],
  ["assets_url", "Assets"],
] as const;

/** The comment: the preview's URLs from its outputs, its expiry, and the cost estimate's total line. */
export function previewComment(outputs: Record<string, Record<string, unknown>>, costReport: string): string {
  const [stack, values] = Object.entries(outputs)[0] ?? [];
  if (stack === undefined || values === undefined) throw new UserError("the outputs file holds no stack: pass cdktf deploy's --outputs-file");
  const find = (name: string): unknown => values[name];
  const lines = [`### Preview \`${stack}\``, ""];
  for (const [name, label] of COMMENTED_OUTPUTS) {
    const value = find(name);
    if (typeof value === "string" && value !== "") lines.push(`- ${label}: ${/^https?:\/\//.test(value) ? value : `https://${value}`}`);
  }
  const preview = find("preview") as { expires?: string } | undefined;
  if (preview?.expires) lines.push(`- Expires: ${preview.expires} (each push renews it; the nightly clean-up destroys it after that day, or once the pull request is closed)`);
  const total = costReport.split("\n").find((line) => /total/i.test(line));
  lines.push("", `Estimated monthly cost: ${total === undefined ? "see the job's log" : total.trim()}`, "", "<details><summary>Cost estimate</summary>", "", "```text", costReport.trimEnd(), "```", "", "</details>");
  return `${lines.join("\n")}\n`;
}

export function previewCommand(argv: readonly string[], output: { stdout?: Writer; stderr?: Writer } = {}): number {
  const { stdout = process.stdout, stderr = process.stderr } = output;
  const [command, ...rest] = argv;
  return runCommand(stderr, () => {
    if (command === "name" && (rest.length === 1 || (rest.length === 3 && rest[1] === "--of"))) {
      stdout.write(`${previewStackName(rest[0]!, rest[2])}\n`);
      return 0;
    }
    if (command === "comment" && rest.length === 2) {
      const outputs = JSON.parse(fs.readFileSync(rest[0]!, "utf8")) as Record<string, Record<string, unknown>>;
      stdout.write(previewComment(outputs, fs.readFileSync(rest[1]!, "utf8")));
      return 0;
    }
    stderr.write(`${USAGE}\n`);
    return 2;
  });
}

if (require.main === module) {
  process.exitCode = previewCommand(process.argv.slice(2));
}
