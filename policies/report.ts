import type { PolicyReport, RuleResult } from "./engine";
import type { Rule } from "./types";

/** A rule's outcome over a whole stack. */
export type RuleStatus = "failed" | "suppressed" | "passed" | "not applicable";

/** One row of the report: a rule and what it found across the stack's resources. */
export interface RuleSummary {
  readonly rule: Rule;
  readonly status: RuleStatus;
  readonly passed: number;
  readonly failed: readonly RuleResult[];
  readonly suppressed: readonly RuleResult[];
}

/** Each rule's outcome: failed if any resource failed, else suppressed if any was, else passed if any passed. */
export function summarize(report: PolicyReport): RuleSummary[] {
  return report.rules.map((rule) => {
    const results = report.results.filter((r) => r.rule === rule);
    const failed = results.filter((r) => r.status === "fail");
    const suppressed = results.filter((r) => r.status === "suppressed");
    const passed = results.filter((r) => r.status === "pass").length;
    const status: RuleStatus =
      failed.length > 0 ? "failed" : suppressed.length > 0 ? "suppressed" : passed > 0 ? "passed" : "not applicable";
    return { rule, status, passed, failed, suppressed };
  });
}

/** Counts of rules by outcome. */
export function totals(summaries: readonly RuleSummary[]): Record<RuleStatus, number> {
  const out: Record<RuleStatus, number> = { passed: 0, failed: 0, suppressed: 0, "not applicable": 0 };
  for (const s of summaries) out[s.status] += 1;
  return out;
}

const pad = (s: string, n: number) => s.padEnd(n);

/**
 * The report as text: one line per rule (id, level, outcome, resources passed/failed/suppressed),
 * then every failure and every suppression with its resource and reason.
 */
export function formatReport(report: PolicyReport): string {
  const summaries = summarize(report);
  const idWidth = Math.max(...summaries.map((s) => s.rule.id.length), 4) + 2;
  const lines = [
    `Policy report for ${report.stack} (${report.protected ? "protected: data-loss guards apply" : "not protected"})`,
    "",
    `${pad("rule", idWidth)}${pad("level", 9)}${pad("result", 16)}resources`,
  ];
  for (const s of summaries) {
    const counts = [
      s.passed > 0 ? `${s.passed} passed` : "",
      s.failed.length > 0 ? `${s.failed.length} failed` : "",
      s.suppressed.length > 0 ? `${s.suppressed.length} suppressed` : "",
    ].filter((c) => c !== "");
    lines.push(`${pad(s.rule.id, idWidth)}${pad(s.rule.level, 9)}${pad(s.status, 16)}${counts.join(", ") || "-"}`.trimEnd());
  }
  const t = totals(summaries);
  lines.push("", `${summaries.length} rules: ${t.passed} passed, ${t.failed} failed, ${t.suppressed} suppressed, ${t["not applicable"]} not applicable`);
  const failures = summaries.flatMap((s) => s.failed);
  if (failures.length > 0) {
    lines.push("", "Failed:");
    for (const f of failures) lines.push(`  ${f.rule.id} (${f.rule.level}) ${f.subject.address} at ${f.subject.path}: ${f.detail ?? ""}`);
  }
  const suppressions = summaries.flatMap((s) => s.suppressed);
  if (suppressions.length > 0) {
    lines.push("", "Suppressed:");
    for (const s of suppressions) {
      lines.push(`  ${s.rule.id} on ${s.subject.path} (${s.subject.address})`, `    finding: ${s.detail ?? ""}`, `    reason:  ${s.reason ?? ""}`);
    }
  }
  const unused = report.suppressions.filter((s) => !s.used);
  if (unused.length > 0) {
    lines.push("", "Suppressions that silenced nothing here (the rule passed, did not apply, or did not run):");
    for (const s of unused) lines.push(`  ${s.id} on ${s.subject.path} (${s.subject.address})`, `    reason:  ${s.reason}`);
  }
  if (report.invalidSuppressions.length > 0) {
    lines.push("", "Suppressions without a real reason or malformed (errors):");
    for (const i of report.invalidSuppressions) lines.push(`  ${i.subject.path} (${i.subject.address}): ${i.problem}`);
  }
  if (report.unknownSuppressions.length > 0) {
    lines.push("", "Suppressions of rules the pack does not have (errors):");
    for (const u of report.unknownSuppressions) lines.push(`  ${u.id} on ${u.subject.path} (${u.subject.address})`);
  }
  return lines.join("\n");
}
