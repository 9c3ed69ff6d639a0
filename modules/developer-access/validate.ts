import { Construct } from "constructs";
import { ACCOUNT_ID_PATTERN, partitionOf } from "../shared/arn";
import { isUnresolved, PropsValidator } from "../shared/errors";
import { isKnownRegion, regionProblem } from "../shared/regions";
import { PREVIEW_PREFIX } from "../_internal/environment-scope";
import { isValidNamePrefix, NAME_PREFIX_RULE } from "../_internal/naming";
import type { Developer, DeveloperAccessProps } from "./props";

/**
 * What the access request role may do by default: repair a Lambda function (the planning
 * document's example, "delete a faulty lambda not updating"): read it, update its code and
 * configuration, publish a version and move an alias to it, set or remove its reserved
 * concurrency (0 stops it), remove its provisioned concurrency, or delete it.
 */
export const DEFAULT_ACCESS_REQUEST_ACTIONS: readonly string[] = [
  "lambda:GetFunction",
  "lambda:GetFunctionConfiguration",
  "lambda:GetFunctionConcurrency",
  "lambda:ListVersionsByFunction",
  "lambda:ListAliases",
  "lambda:UpdateFunctionCode",
  "lambda:UpdateFunctionConfiguration",
  "lambda:PublishVersion",
  "lambda:UpdateAlias",
  "lambda:PutFunctionConcurrency",
  "lambda:DeleteFunctionConcurrency",
  "lambda:DeleteProvisionedConcurrencyConfig",
  "lambda:DeleteFunction",
];

/**
 * What a developer may do to a preview's resources (named `<project>-pv-*` or tagged
 * `Environment=pv-*`): the services a preview of the stacks holds. Wildcards by verb, never a
 * whole service: account-level actions (`s3:PutAccountPublicAccessBlock`) take no named or
 * tagged resource, so these statements never reach them.
 */
export const DEFAULT_PREVIEW_ACTIONS: readonly string[] = [
  ...["AddPermission", "RemovePermission", "Create*", "Delete*", "Get*", "List*", "Publish*", "Put*", "Update*", "InvokeFunction", "TagResource", "UntagResource"].map((a) => `lambda:${a}`),
  ...["Batch*", "ConditionCheckItem", "Create*", "Delete*", "Describe*", "Get*", "List*", "Put*", "Query", "Scan", "Update*", "TagResource", "UntagResource"].map((a) => `dynamodb:${a}`),
  ...["AbortMultipartUpload", "Create*", "Delete*", "Get*", "List*", "Put*"].map((a) => `s3:${a}`),
  ...["DELETE", "GET", "PATCH", "POST", "PUT"].map((a) => `apigateway:${a}`),
  ...["Create*", "Delete*", "Get*", "List*", "Update*", "TagResource", "UntagResource"].map((a) => `cloudfront:${a}`),
  ...["Admin*", "Create*", "Delete*", "Describe*", "Get*", "List*", "Set*", "Update*", "TagResource", "UntagResource"].map((a) => `cognito-idp:${a}`),
  ...["Create*", "Delete*", "Describe*", "Get*", "List*", "Put*", "FilterLogEvents", "StartQuery", "StopQuery", "StartLiveTail", "TagResource", "UntagResource", "AssociateKmsKey", "DisassociateKmsKey"].map(
    (a) => `logs:${a}`,
  ),
  ...["DeleteAlarms", "Describe*", "DisableAlarmActions", "EnableAlarmActions", "PutMetricAlarm", "PutCompositeAlarm", "SetAlarmState", "ListTagsForResource", "TagResource", "UntagResource"].map(
    (a) => `cloudwatch:${a}`,
  ),
  ...["Create*", "Delete*", "Get*", "List*", "Set*", "Publish", "Subscribe", "Unsubscribe", "ConfirmSubscription", "TagResource", "UntagResource"].map((a) => `sns:${a}`),
  ...["CreateQueue", "DeleteQueue", "Get*", "List*", "SetQueueAttributes", "SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility", "PurgeQueue", "TagQueue", "UntagQueue"].map(
    (a) => `sqs:${a}`,
  ),
  ...["PutRule", "DeleteRule", "DescribeRule", "EnableRule", "DisableRule", "PutTargets", "RemoveTargets", "ListTargetsByRule", "ListTagsForResource", "TagResource", "UntagResource"].map(
    (a) => `events:${a}`,
  ),
  ...["PutParameter", "DeleteParameter", "DeleteParameters", "GetParameter*", "LabelParameterVersion", "UnlabelParameterVersion", "AddTagsToResource", "RemoveTagsFromResource", "ListTagsForResource"].map(
    (a) => `ssm:${a}`,
  ),
  ...[
    "CreateSecret",
    "DeleteSecret",
    "DescribeSecret",
    "GetSecretValue",
    "PutSecretValue",
    "UpdateSecret",
    "RestoreSecret",
    "ListSecretVersionIds",
    "GetResourcePolicy",
    "PutResourcePolicy",
    "DeleteResourcePolicy",
    "TagResource",
    "UntagResource",
  ].map((a) => `secretsmanager:${a}`),
  ...[
    "Describe*",
    "Get*",
    "List*",
    "Encrypt",
    "Decrypt",
    "GenerateDataKey*",
    "EnableKeyRotation",
    "DisableKeyRotation",
    "ScheduleKeyDeletion",
    "CancelKeyDeletion",
    "PutKeyPolicy",
    "TagResource",
    "UntagResource",
  ].map((a) => `kms:${a}`),
  ...["AuthorizeSecurityGroup*", "RevokeSecurityGroup*", "ModifySecurityGroupRules", "UpdateSecurityGroupRuleDescriptions*", "DeleteSecurityGroup", "CreateTags", "DeleteTags"].map((a) => `ec2:${a}`),
];

/**
 * Creations of resources whose ARN holds an id AWS assigns (nothing to match a name on), allowed
 * when the request tags the new resource `Environment=pv-*`: an API Gateway API (on the create
 * paths `/apis` and `/restapis` only, so no existing API can be tagged into a preview), a
 * Cognito user pool, a security group.
 */
export const DEFAULT_PREVIEW_CREATE_ACTIONS: readonly string[] = ["apigateway:POST", "cognito-idp:CreateUserPool", "ec2:CreateSecurityGroup"];

/**
 * The access request role's longest session, in seconds: one hour, the shortest
 * `maxSessionDuration` IAM accepts (3600 to 43200). Sessions asked for with a longer
 * `--duration-seconds` are refused.
 */
export const ACCESS_REQUEST_SESSION_SECONDS = 3600;

/**
 * How long after signing in with MFA a developer may still assume the access request role, in
 * seconds: 15 minutes (or `mfaMaxAgeSeconds` when that is shorter), so an elevated session
 * starts from a fresh MFA code.
 */
export const ACCESS_REQUEST_MFA_SECONDS = 900;

/** IAM's quota on a managed policy document, in characters (whitespace not counted). */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/** IAM's default quota on a role's trust policy, in characters (whitespace not counted; AWS can raise it to 4096). */
export const TRUST_POLICY_MAX_CHARS = 2048;

/** IAM's longest role name. */
export const MAX_ROLE_NAME_LENGTH = 64;

/** A developer's role: `<project>-developer-<name>`. */
export function developerRoleName(project: string, developer: string): string {
  return `${project}-developer-${developer}`;
}

/** The access request role: `<project>-access-request`. */
export function accessRequestRoleName(project: string): string {
  return `${project}-access-request`;
}

/** The checked props, with defaults filled in. */
export interface DeveloperAccessSettings {
  readonly partition: string;
  readonly accessRequestActions: readonly string[];
  readonly previewActions: readonly string[];
  readonly previewCreateActions: readonly string[];
  readonly sessionDurationSeconds: number;
  readonly mfaMaxAgeSeconds: number;
  /** The developers who may assume the access request role (none: no such role). */
  readonly requesters: readonly Developer[];
}

/** A document the construct would create, to measure against IAM's quota. */
export interface SizedDocument {
  /** What it is, for the message (`the managed policy acme-developer-previews-by-name`). */
  readonly what: string;
  /** The prop whose size makes it grow. */
  readonly prop: string;
  readonly json: string;
  readonly maxChars: number;
  /** How to make it fit. */
  readonly fix: string;
}

const DEVELOPER_NAME = /^[a-z][a-z0-9-]*[a-z0-9]$/;
const PRINCIPAL_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):(user|role)\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]+$/;
const POLICY_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):policy\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;
const ACTION = /^([a-z0-9-]+):([A-Za-z0-9*?]+)$/;
/** Services whose actions the lists may not hold: IAM is granted apart (under the boundary), and STS, Organizations and account never. */
const REFUSED_SERVICES = ["iam", "sts", "organizations", "account"];

/** Records a problem for each action of a list that is not `service:Action`, is a whole service, or belongs to a refused service. */
function checkActions(v: PropsValidator, prop: string, actions: readonly string[], why: string): void {
  v.check(actions.length > 0, prop, "must name at least one action", actions);
  actions.forEach((action, i) => {
    const match = ACTION.exec(action);
    if (match === null) {
      v.fail(`${prop}[${i}]`, 'must be "service:Action" (e.g. "lambda:UpdateFunctionCode"), wildcards in the action name only', action);
      return;
    }
    const [, service, name] = match;
    v.check(!/^[*?]+$/.test(name!), `${prop}[${i}]`, `must not grant every action of a service ("${service}:*"): list the verbs (e.g. "${service}:Get*")`, action);
    v.check(!REFUSED_SERVICES.includes(service!), `${prop}[${i}]`, `must not be an action of ${service}: ${why}`, action);
  });
  const duplicate = actions.find((a, i) => actions.indexOf(a) !== i);
  v.check(duplicate === undefined, prop, `must not name an action twice ("${duplicate ?? ""}")`, actions);
}

/**
 * Checks the props and fills in the defaults. With `documentsOf` (the construct's documents for
 * these settings), also checks that every document fits IAM's quota.
 */
export function validate(
  scope: Construct | undefined,
  props: DeveloperAccessProps,
  documentsOf?: (settings: DeveloperAccessSettings) => readonly SizedDocument[],
): DeveloperAccessSettings {
  const v = new PropsValidator(scope, "DeveloperAccess");
  v.requireLiterals(props, ["project", "developers", "environments", "protectedEnvironments", "accessRequestActions", "previewActions", "previewCreateActions"]);
  v.check(isValidNamePrefix(props.project), "project", NAME_PREFIX_RULE, props.project);
  v.check(ACCOUNT_ID_PATTERN.test(props.accountId), "accountId", 'must be a 12-digit AWS account id (e.g. "123456789012")', props.accountId);
  v.check(isKnownRegion(props.region), "region", regionProblem(props.region) ?? "", props.region);
  const partition = partitionOf(props.region);

  const boundary = POLICY_ARN.exec(props.previewBoundaryArn);
  if (!isUnresolved(props.previewBoundaryArn)) {
    if (boundary === null) {
      v.fail("previewBoundaryArn", `must be the ARN of a customer managed policy, arn:${partition}:iam::<account>:policy/${props.project}-${PREVIEW_PREFIX}-boundary (the previews' PermissionsBoundary)`, props.previewBoundaryArn);
    } else {
      v.check(boundary[1] === partition, "previewBoundaryArn", `must be in the region's partition (arn:${partition}:...)`, props.previewBoundaryArn);
      v.check(boundary[2] === props.accountId, "previewBoundaryArn", `must be a policy of the account ${props.accountId}, where the previews' roles are`, props.previewBoundaryArn);
    }
  }
  if (!isUnresolved(props.stateBucket.bucketArn)) {
    v.check(
      /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.stateBucket.bucketArn),
      "stateBucket.bucketArn",
      "must be a bucket ARN, arn:aws:s3:::<bucket> (a StateBucket's bucketArn)",
      props.stateBucket.bucketArn,
    );
  }

  v.check(props.developers.length > 0, "developers", "must name at least one developer ({ name, principalArn })", props.developers);
  const names = props.developers.map((d) => d.name);
  const principals = props.developers.map((d) => d.principalArn);
  props.developers.forEach((developer, i) => {
    const at = `developers[${i}]`;
    const roleName = developerRoleName(props.project, developer.name);
    v.check(
      DEVELOPER_NAME.test(developer.name) && !developer.name.includes("--"),
      `${at}.name`,
      'must be a slug: 2 or more lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen (e.g. "alice"); it is the role\'s name and the session\'s source identity',
      developer.name,
    );
    v.check(
      roleName.length <= MAX_ROLE_NAME_LENGTH,
      `${at}.name`,
      `must keep the role name ${props.project}-developer-<name> within IAM's ${MAX_ROLE_NAME_LENGTH} characters (at most ${MAX_ROLE_NAME_LENGTH - developerRoleName(props.project, "").length} characters here)`,
      developer.name,
    );
    v.check(names.indexOf(developer.name) === i, `${at}.name`, "must be unique: each developer has one role and one source identity", developer.name);
    if (!isUnresolved(developer.principalArn)) {
      const principal = PRINCIPAL_ARN.exec(developer.principalArn);
      v.check(
        principal !== null,
        `${at}.principalArn`,
        "must be the ARN of one IAM user or role, arn:aws:iam::<account>:user/<name> or arn:aws:iam::<account>:role/<name>, without wildcards (not an account root)",
        developer.principalArn,
      );
      v.check(principal === null || principal[1] === partition, `${at}.principalArn`, `must be in the region's partition (arn:${partition}:...)`, developer.principalArn);
      v.check(principals.indexOf(developer.principalArn) === i, `${at}.principalArn`, "must be unique: one principal is one developer, with one source identity", developer.principalArn);
    }
    if (developer.canRequestAccess !== undefined) {
      v.check(typeof developer.canRequestAccess === "boolean", `${at}.canRequestAccess`, "must be true or false", developer.canRequestAccess);
    }
  });

  v.check(props.environments.length > 0, "environments", 'must name the project\'s environments (e.g. ["staging", "production"]): their state is denied to developers', props.environments);
  props.environments.forEach((environment, i) => {
    v.check(isValidNamePrefix(`${props.project}-${environment}`) && !environment.includes("*"), `environments[${i}]`, `must be an environment name that, after "${props.project}-", ${NAME_PREFIX_RULE.replace(/^must be /, "is ")}`, environment);
    v.check(environment !== PREVIEW_PREFIX && !environment.startsWith(`${PREVIEW_PREFIX}-`), `environments[${i}]`, `must not be a preview (${PREVIEW_PREFIX}-...): previews are the developers' own`, environment);
  });
  props.protectedEnvironments.forEach((environment, i) => {
    v.check(props.environments.includes(environment), `protectedEnvironments[${i}]`, "must be one of environments", environment);
  });
  v.check(props.protectedEnvironments.length > 0, "protectedEnvironments", 'must name at least one environment the access request role may not touch (e.g. ["production"])', props.protectedEnvironments);
  props.protectedEnvironments.forEach((environment, i) => {
    const at = `protectedEnvironments[${i}]`;
    v.check(
      isValidNamePrefix(`${props.project}-${environment}`) && !environment.includes("*"),
      at,
      `must be an environment name that, after "${props.project}-", ${NAME_PREFIX_RULE.replace(/^must be /, "is ")}`,
      environment,
    );
    v.check(environment !== PREVIEW_PREFIX && !environment.startsWith(`${PREVIEW_PREFIX}-`), at, `must not be a preview (${PREVIEW_PREFIX}-...): previews are the developers' own`, environment);
    v.check(props.protectedEnvironments.indexOf(environment) === i, at, "must be unique", environment);
  });

  const accessRequestActions = props.accessRequestActions ?? DEFAULT_ACCESS_REQUEST_ACTIONS;
  checkActions(v, "accessRequestActions", accessRequestActions, "the access request role repairs resources and changes no identity, role or account setting");
  const previewActions = props.previewActions ?? DEFAULT_PREVIEW_ACTIONS;
  checkActions(v, "previewActions", previewActions, "the previews' roles and policies are granted apart, under the preview boundary");
  const previewCreateActions = props.previewCreateActions ?? DEFAULT_PREVIEW_CREATE_ACTIONS;
  checkActions(v, "previewCreateActions", previewCreateActions, "the previews' roles and policies are granted apart, under the preview boundary");

  const sessionDurationSeconds = props.sessionDurationSeconds ?? 3600;
  v.checkWholeNumber("sessionDurationSeconds", sessionDurationSeconds, 3600, 43200, { unit: "seconds", why: "IAM's range for a role's maxSessionDuration" });
  const mfaMaxAgeSeconds = props.mfaMaxAgeSeconds ?? 3600;
  v.checkWholeNumber("mfaMaxAgeSeconds", mfaMaxAgeSeconds, 300, 43200, { unit: "seconds" });
  v.throwIfInvalid();

  const settings: DeveloperAccessSettings = {
    partition,
    accessRequestActions,
    previewActions,
    previewCreateActions,
    sessionDurationSeconds,
    mfaMaxAgeSeconds,
    requesters: props.developers.filter((d) => d.canRequestAccess === true),
  };
  for (const document of documentsOf?.(settings) ?? []) {
    const size = document.json.replace(/\s/g, "").length;
    const given = props[document.prop as keyof DeveloperAccessProps] as readonly unknown[] | undefined;
    v.check(
      size <= document.maxChars,
      document.prop,
      `must keep ${document.what} within IAM's ${document.maxChars} characters; it would have ${size} (${document.fix})`,
      document.prop === "developers"
        ? `${settings.requesters.length} developers with canRequestAccess`
        : given === undefined
          ? "the default"
          : `${given.length} ${document.prop === "environments" ? "environments" : "actions"}`,
    );
  }
  v.throwIfInvalid();
  return settings;
}
