/** One place in a synthesized stack that holds, or looks like it holds, a secret value. */
export interface SecretFinding {
  readonly path: string;
  readonly reason: string;
}

/** Attribute names whose value is a secret when given literally. */
const SECRET_KEYS = /^(password|master_password|secret_string|secret_binary|private_key|access_key|secret_key|token|api_key|client_secret|value_wo|password_wo)$/i;
/** Values that are credentials whatever their key. */
const SECRET_VALUES: readonly [RegExp, string][] = [
  [/AKIA[0-9A-Z]{16}/, "an AWS access key id"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
  [/[a-z][a-z0-9+.-]*:\/\/[^/\s:@"]+:[^/\s@"]+@/i, "a URL with a password in it"],
  [/(^|[?&;\s"])(password|passwd|pwd)=[^&\s"$]/i, "a password parameter"],
];
/** A whole value that is a Terraform reference or expression: resolved at apply, not a literal. */
const REFERENCE = /^\$\{[^}]+\}$/;
/**
 * A whole value that is the ARN of a parameter or secret: where the code reads the secret at
 * runtime (a Lambda function's `<NAME>_ARN`), not the secret itself.
 */
const SECRET_REFERENCE = /^arn:aws[a-z-]*:(ssm:[a-z0-9-]+:\d{12}:parameter\/|secretsmanager:[a-z0-9-]+:\d{12}:secret:)[A-Za-z0-9/_.+=@-]+$/;
/** Parameter names that say they hold a secret. */
const SECRET_PARAMETER = /(password|passwd|secret|token|private[-_]?key|api[-_]?key)$/i;
/** Environment variable names that hold secrets by convention. */
const SECRET_VARIABLE = /(^|_)(PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|PRIVATE_KEY|ACCESS_KEY|CREDENTIALS?)(_|$)/i;

/**
 * Walks a synthesized stack and reports every literal secret: a secret-named attribute with a
 * literal value; a credential-shaped string anywhere; a plain variable with a secret's name in
 * container definitions, buildspecs (`env.variables`), CodeBuild environment variables or any
 * `variables` map (Lambda); SecureString parameters, and parameters with a secret's name, holding
 * literal values.
 */
export function findSecrets(stack: unknown): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const visit = (value: unknown, path: string, key: string): void => {
    if (typeof value === "string") {
      if (SECRET_KEYS.test(key) && !REFERENCE.test(value)) findings.push({ path, reason: `"${key}" holds a literal value` });
      for (const [pattern, what] of SECRET_VALUES) if (pattern.test(value)) findings.push({ path, reason: `looks like ${what}` });
      if (key === "container_definitions") visitContainers(value, path);
      if (key === "buildspec") visitBuildspec(value, path);
      return;
    }
    if (Array.isArray(value)) return value.forEach((item, i) => visit(item, `${path}[${i}]`, key));
    if (typeof value === "object" && value !== null) {
      const record = value as Record<string, unknown>;
      const literalValue = typeof record.value === "string" && !REFERENCE.test(record.value);
      if (record.type === "SecureString" && literalValue) {
        findings.push({ path, reason: "a SecureString parameter with a literal value" });
      }
      if (record.type === "String" && literalValue && typeof record.name === "string" && SECRET_PARAMETER.test(record.name)) {
        findings.push({ path, reason: "a plain parameter with a secret's name" });
      }
      if (typeof record.name === "string" && SECRET_VARIABLE.test(record.name) && literalValue && (record.type ?? "PLAINTEXT") === "PLAINTEXT") {
        findings.push({ path, reason: "a secret-named variable with a plain value" });
      }
      if (key === "variables" && !Array.isArray(value)) checkVariables(record, path);
      for (const [childKey, child] of Object.entries(record)) visit(child, `${path}.${childKey}`, childKey);
    }
  };
  const checkVariables = (variables: Record<string, unknown>, path: string): void => {
    for (const [name, value] of Object.entries(variables)) {
      if (SECRET_VARIABLE.test(name) && typeof value === "string" && !REFERENCE.test(value) && !SECRET_REFERENCE.test(value)) {
        findings.push({ path: `${path}.${name}`, reason: "a secret-named variable with a plain value" });
      }
    }
  };
  const visitBuildspec = (text: string, path: string): void => {
    let spec: { env?: { variables?: Record<string, unknown> } };
    try {
      spec = JSON.parse(text.replace(/\$\{[^}]*\}/g, "REF")) as typeof spec;
    } catch {
      return;
    }
    if (spec.env?.variables) checkVariables(spec.env.variables, `${path}:env.variables`);
  };
  const visitContainers = (json: string, path: string): void => {
    let containers: { name?: string; environment?: { name: string; value: string }[] }[];
    try {
      containers = JSON.parse(json.replace(/\$\{[^}]*\}/g, "REF")) as typeof containers;
    } catch {
      findings.push({ path, reason: "container definitions that are not JSON" });
      return;
    }
    for (const container of containers) {
      for (const variable of container.environment ?? []) {
        if (SECRET_VARIABLE.test(variable.name)) {
          findings.push({ path: `${path}:${container.name}.${variable.name}`, reason: "a secret-named variable with a plain value" });
        }
      }
    }
  };
  visit(stack, "$", "");
  return findings;
}
