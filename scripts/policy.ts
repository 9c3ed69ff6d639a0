/**
 * `npm run policy [-- <stack> ...]`: the policy pack's report for every stack (or those named):
 * per rule, passed, failed, suppressed (with the reason) or not applicable. Builds the stacks as
 * they deploy (S3 backend) without writing them anywhere. Exits 1 when a stack has an error
 * that would fail synth.
 */
import * as os from "node:os";
import * as path from "node:path";
import { TerraformStack } from "cdktf";
import { buildApp } from "../environments";
import { errorsOf, evaluate, formatReport, PolicyError, PolicyReport, StackJson } from "../policies";
import { runCommand } from "../cli";

const USAGE = "usage: npm run policy [-- <stack> ...]   (stacks: bootstrap and the environments, e.g. staging)";

/** The report of one built stack, judged as `applyPolicyPack` recorded it (protected or not). */
export function stackReport(stack: TerraformStack): PolicyReport {
  const json = stack.toTerraform() as StackJson;
  const recorded = json["//"]?.policy_pack;
  if (recorded === undefined) throw new PolicyError(`stack "${stack.node.id}" has no policy pack applied (applyPolicyPack)`);
  return evaluate(json, { protected: recorded.protected, ...(recorded.permissions_boundary === undefined ? {} : { permissionsBoundaryArn: recorded.permissions_boundary }) });
}

export interface PolicyCommandOptions {
  readonly stdout?: Pick<NodeJS.WriteStream, "write">;
  readonly stderr?: Pick<NodeJS.WriteStream, "write">;
}

/** Prints the reports; returns the exit code (0 clean, 1 errors, 2 usage). */
export function policyCommand(argv: readonly string[], options: PolicyCommandOptions = {}): number {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  if (argv.some((a) => a.startsWith("-"))) {
    stderr.write(`${USAGE}\n`);
    return 2;
  }
  return runCommand(stderr, () => {
      // Nothing is written: the app only builds the stacks in memory.
      const { bootstrap, environments } = buildApp({ outdir: path.join(os.tmpdir(), "policy-report-unused") });
      const stacks: TerraformStack[] = [bootstrap, ...environments];
      const unknown = argv.filter((name) => !stacks.some((s) => s.node.id === name));
      if (unknown.length > 0) {
        stderr.write(`No stack named ${unknown.map((n) => `"${n}"`).join(", ")}. Stacks: ${stacks.map((s) => s.node.id).join(", ")}.\n${USAGE}\n`);
        return 2;
      }
      let errors = 0;
      for (const stack of stacks.filter((s) => argv.length === 0 || argv.includes(s.node.id))) {
        const report = stackReport(stack);
        errors += errorsOf(report).length;
        stdout.write(`${formatReport(report)}\n\n`);
      }
      return errors > 0 ? 1 : 0;
  });
}

if (require.main === module) {
  process.exitCode = policyCommand(process.argv.slice(2));
}
