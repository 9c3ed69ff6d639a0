import { isFalse, isTrue } from "../../json";
import { fail, pass, PolicySubject, Verdict } from "../../types";

/** The database resources: RDS instances and Aurora clusters. */
export const DATABASES = ["aws_db_instance", "aws_rds_cluster"] as const;

/** A boolean attribute as read at synth: its value, `missing` (the provider default applies), or `unreadable` (an expression). */
export type Flag = boolean | "missing" | "unreadable";

/** Reads a boolean attribute; Terraform takes `"true"`/`"false"` as well as booleans. */
export function flagOf(value: unknown): Flag {
  if (value === undefined || value === null) return "missing";
  if (isTrue(value)) return true;
  if (isFalse(value)) return false;
  return "unreadable";
}

/**
 * Passes when the boolean attribute, or the provider default where it is missing, is `expected`;
 * fails naming the value found, and fails on an expression the pack cannot read at synth.
 */
export function expectFlag(subject: PolicySubject, attribute: string, expected: boolean, providerDefault: boolean): Verdict {
  const value = subject.values[attribute];
  const flag = flagOf(value);
  if (flag === "unreadable") return fail(`${attribute} is ${JSON.stringify(value)}, which the pack cannot read at synth`);
  if ((flag === "missing" ? providerDefault : flag) === expected) return pass();
  return fail(flag === "missing" ? `${attribute} not set (provider default ${providerDefault})` : `${attribute} is ${flag}`);
}

/** A numeric attribute: its value, `missing`, or `unreadable` (an expression or other text). */
export function numberOf(value: unknown): number | "missing" | "unreadable" {
  if (value === undefined || value === null) return "missing";
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^\d+$/.test(value.trim())) return Number(value);
  return "unreadable";
}

/** True for a whole Terraform expression (`${aws_kms_key.k.arn}`, `${var.x}`). */
export function isReference(value: unknown): boolean {
  return typeof value === "string" && /^\$\{[^}]*\}$/.test(value.trim());
}

/** The engine family that decides engine-specific settings. */
export type EngineFamily = "postgres" | "mysql" | "other";

/**
 * Classifies `engine`: PostgreSQL (RDS or Aurora), MySQL-compatible (MySQL, MariaDB, Aurora MySQL)
 * or other; `undefined` when the engine is missing (a replica, a restore) or an expression.
 */
export function engineFamily(engine: unknown): EngineFamily | undefined {
  if (typeof engine !== "string" || isReference(engine)) return undefined;
  if (engine === "postgres" || engine === "aurora-postgresql") return "postgres";
  if (engine === "mysql" || engine === "mariadb" || engine === "aurora-mysql" || engine === "aurora") return "mysql";
  return "other";
}
