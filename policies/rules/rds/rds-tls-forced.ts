import { blocks, isExpression } from "../../json";
import { fail, notApplicable, pass, PolicyContext, PolicySubject, Rule } from "../../types";
import { engineFamily } from "./_shared";

/** The parameter that forces TLS, and the values that turn it on, per engine family. */
const TLS_PARAMETERS: Readonly<Record<"postgres" | "mysql", { readonly name: string; readonly on: readonly string[] }>> = {
  postgres: { name: "rds.force_ssl", on: ["1"] },
  mysql: { name: "require_secure_transport", on: ["1", "ON"] },
};

function parameterGroupOf(instance: PolicySubject, context: PolicyContext): PolicySubject | string {
  const name = instance.values.parameter_group_name;
  if (name === undefined || name === null || name === "") return "no parameter_group_name: the engine's default parameter group does not force TLS";
  const resolved = context.resolve(name);
  if (resolved?.type === "aws_db_parameter_group") return resolved;
  if (typeof name === "string" && !isExpression(name)) {
    if (name.startsWith("default.")) return `parameter_group_name is the default group ${name}, which does not force TLS`;
    const byName = context.ofType("aws_db_parameter_group").find((g) => g.values.name === name);
    if (byName !== undefined) return byName;
  }
  return `parameter_group_name ${JSON.stringify(name)} is not an aws_db_parameter_group of the stack, so the pack cannot see that it forces TLS`;
}

export const rdsTlsForced: Rule = {
  id: "rds-tls-forced",
  checkov: "CKV2_AWS_69",
  level: "error",
  resourceTypes: ["aws_db_instance"],
  summary: "RDS instance accepting unencrypted connections",
  why: "Unless the parameter group forces TLS, a client that does not ask for it sends credentials and data in clear text across the VPC.",
  check(instance, context) {
    const family = engineFamily(instance.values.engine);
    if (family === "other") return notApplicable(`engine ${String(instance.values.engine)} is not PostgreSQL, MySQL or MariaDB`);
    const group = parameterGroupOf(instance, context);
    if (typeof group === "string") return fail(group);
    const candidates = family === undefined ? [TLS_PARAMETERS.postgres, TLS_PARAMETERS.mysql] : [TLS_PARAMETERS[family]];
    const parameters = blocks(group.values.parameter);
    const problems: string[] = [];
    for (const { name, on } of candidates) {
      const value = parameters.find((p) => p.name === name)?.value;
      if (value !== undefined && on.includes(String(value).toUpperCase())) return pass();
      problems.push(value === undefined ? `${group.address} does not set ${name}` : `${group.address} sets ${name} to ${JSON.stringify(value)}`);
    }
    return fail(problems.join("; "));
  },
};
