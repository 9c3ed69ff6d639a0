import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { suppress } from "../../policies/suppressions";
import { PropProblem, propProblems } from "../shared/errors";
import { inlinePolicy } from "../_internal/iam";
import { BOUNDED_ROLE_ACTIONS, IDENTITY_ACTIONS, POLICY_ACTIONS, POLICY_WRITE_ACTIONS, ROLE_ACTIONS, ROLE_READ_ACTIONS } from "../_internal/iam-actions";
import { ENVIRONMENT_TAG, environmentScopeStatements, PREVIEW_ENVIRONMENTS, PREVIEW_PREFIX } from "../_internal/environment-scope";
import { policyDocument, PolicyStatement } from "../_internal/policy";
import { DATA_READ_ACTIONS, OBJECT_READ_ACTIONS, PARAMETER_READ_ACTIONS } from "../_internal/data-reads";
import type { AccessRequestRole, Developer, DeveloperAccessProps, DeveloperPolicies, DeveloperRole } from "./props";
import {
  ACCESS_REQUEST_MFA_SECONDS,
  ACCESS_REQUEST_SESSION_SECONDS,
  accessRequestRoleName,
  developerRoleName,
  DeveloperAccessSettings,
  MANAGED_POLICY_MAX_CHARS,
  SizedDocument,
  TRUST_POLICY_MAX_CHARS,
  validate,
} from "./validate";

/** Calls that read (configuration, and for some data, which the data-read denials cover): kept on the environments' resources. */
const READ_VERB = /^[a-z0-9-]+:(Describe|List|Get|GET$)/;

/** The AWS managed policy every role of the module carries: list and describe, no data (`arn:<partition>:iam::aws:policy/job-function/ViewOnlyAccess`). */
export const READ_ONLY_POLICY = "job-function/ViewOnlyAccess";

/**
 * Every problem with a `DeveloperAccess`'s props, found before anything is built (none when
 * they hold): what the constructor would refuse, the documents' sizes included.
 */
export function developerAccessPropProblems(props: DeveloperAccessProps): readonly PropProblem[] {
  return propProblems(() => validate(undefined, props, (settings) => sizedDocuments(props, settings)));
}

/**
 * The roles of the people on the team, in the account of the previews (CI alone holds the
 * deploy roles, `GithubOidc`):
 *
 * - one role per developer, `<project>-developer-<name>`, that only their principal may assume,
 *   with MFA and with their name as the session's source identity (so CloudTrail names them in
 *   every event of the session). It reads the account's configuration (`ViewOnlyAccess`), and
 *   creates and changes the previews' resources: those named `<project>-pv-*` or tagged
 *   `Environment=pv-*`, their roles under the preview boundary, and their state keys
 *   `<project>/pv-*`. It is denied, whatever else is attached to it: the CI roles and its own
 *   roles and policies, every other environment's state, tags and data, users, keys and
 *   identity providers, and any change to a boundary.
 * - when a developer has `canRequestAccess`, the access request role `<project>-access-request`
 *   for the rare repair outside previews: the same MFA and source identity, one-hour sessions,
 *   the repair actions listed (a Lambda function's, by default) on the project's resources of
 *   every environment but the protected ones, and the same denials.
 */
export class DeveloperAccess extends Construct {
  readonly developerRoles: readonly DeveloperRole[];
  /** Only when at least one developer has `canRequestAccess`. */
  readonly accessRequestRole?: AccessRequestRole;
  readonly policies: DeveloperPolicies;
  /** `arn:<partition>:iam::aws:policy/job-function/ViewOnlyAccess`, attached to every role. */
  readonly readOnlyPolicyArn: string;

  constructor(scope: Construct, id: string, props: DeveloperAccessProps) {
    super(scope, id);
    const settings = validate(this, props, (s) => sizedDocuments(props, s));
    const documents = developerDocuments(props, settings);
    this.readOnlyPolicyArn = `arn:${settings.partition}:iam::aws:policy/${READ_ONLY_POLICY}`;

    const managed = (constructId: string, key: keyof DeveloperPolicies, description: string) =>
      new IamPolicy(this, constructId, {
        name: documents[key].name,
        description,
        policy: policyDocument(documents[key].statements),
        tags: { Name: documents[key].name },
      });
    this.policies = {
      previewsByName: managed("PreviewsByName", "previewsByName", "Developers: the previews' resources, by name"),
      previewsByTag: managed("PreviewsByTag", "previewsByTag", "Developers: the previews' resources, by their Environment tag"),
      previewCreates: managed("PreviewCreates", "previewCreates", "Developers: creating resources tagged for a preview"),
      previewIam: managed("PreviewIam", "previewIam", "Developers: the previews' roles under their boundary and their state; no other role, no other state"),
      environmentsByTag: managed("EnvironmentsByTag", "environmentsByTag", "Developers: the environments' tagged resources read-only, their data denied, no tag for a non-preview"),
      environmentsChangesByName: managed("EnvironmentsChangesByName", "environmentsChangesByName", "Developers: the environments' named resources read-only"),
      environmentsDataByName: managed("EnvironmentsDataByName", "environmentsDataByName", "Developers: no data read of the environments' named resources"),
      guards: managed("Guards", "guards", "Developers and access requests: no CI or access role, identity, boundary or state change"),
    };
    // Creating id-named resources (a user pool, a security group) is allowed on any resource
    // with the preview's tag in the request: the one statement on "*" no resource tag narrows.
    suppress(this.policies.previewCreates, [
      {
        id: "iam-no-wildcard-resource",
        reason:
          "resources whose ARN holds an id AWS assigns at creation have no name to scope by; the create actions are allowed only with a request tag Environment=pv-*, and every other environment's tag is denied",
      },
    ]);

    this.developerRoles = props.developers.map((developer) => {
      const roleName = developerRoleName(props.project, developer.name);
      const role = new IamRole(this, `Developer-${developer.name}`, {
        name: roleName,
        description: `${developer.name}: the previews of ${props.project}, read-only elsewhere (MFA, source identity ${developer.name})`,
        assumeRolePolicy: policyDocument(trustStatements([developer], settings.mfaMaxAgeSeconds)),
        maxSessionDuration: settings.sessionDurationSeconds,
        tags: { Name: roleName, Developer: developer.name },
      });
      new IamRolePolicyAttachment(this, `DeveloperReadOnly-${developer.name}`, { role: role.name, policyArn: this.readOnlyPolicyArn });
      for (const [key, policy] of Object.entries(this.policies)) {
        new IamRolePolicyAttachment(this, `Developer-${developer.name}-${key}`, { role: role.name, policyArn: policy.arn });
      }
      return { name: developer.name, role, roleName, roleArn: role.arn, canRequestAccess: developer.canRequestAccess === true };
    });

    if (settings.requesters.length > 0) {
      const roleName = accessRequestRoleName(props.project);
      const role = new IamRole(this, "AccessRequest", {
        name: roleName,
        description: `Repairs outside previews of ${props.project}, by request (MFA, source identity, one-hour sessions)`,
        assumeRolePolicy: policyDocument(trustStatements(settings.requesters, accessRequestMfaSeconds(settings))),
        maxSessionDuration: ACCESS_REQUEST_SESSION_SECONDS,
        tags: { Name: roleName },
      });
      new IamRolePolicyAttachment(this, "AccessRequestReadOnly", { role: role.name, policyArn: this.readOnlyPolicyArn });
      new IamRolePolicyAttachment(this, "AccessRequestGuards", { role: role.name, policyArn: this.policies.guards.arn });
      const access = accessRequestDocuments(props, settings);
      const policies = [
        inlinePolicy(this, "AccessRequestRepairs", role, "repairs", access.repairs),
        inlinePolicy(this, "AccessRequestProtected", role, "protected-environments", access.protectedEnvironments),
      ];
      this.accessRequestRole = { role, roleName, roleArn: role.arn, developers: settings.requesters.map((d) => d.name), policies };
    }
  }
}

/**
 * Who may assume a role: each developer's own principal, with MFA no older than
 * `mfaMaxAgeSeconds`, setting their name as the source identity (which then stays on the
 * session, and on any session it leads to).
 */
function trustStatements(developers: readonly Developer[], mfaMaxAgeSeconds: number): PolicyStatement[] {
  return developers.map((developer) => ({
    Effect: "Allow",
    Principal: { AWS: developer.principalArn },
    Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
    Condition: {
      Bool: { "aws:MultiFactorAuthPresent": "true" },
      NumericLessThan: { "aws:MultiFactorAuthAge": String(mfaMaxAgeSeconds) },
      StringEquals: { "sts:SourceIdentity": developer.name },
    },
  }));
}

/** The access request role's MFA age: {@link ACCESS_REQUEST_MFA_SECONDS}, or `mfaMaxAgeSeconds` when that is shorter. */
function accessRequestMfaSeconds(settings: DeveloperAccessSettings): number {
  return Math.min(ACCESS_REQUEST_MFA_SECONDS, settings.mfaMaxAgeSeconds);
}

/** Where the module's names live. */
function namesOf(props: DeveloperAccessProps, settings: DeveloperAccessSettings) {
  const { partition } = settings;
  const account = props.accountId;
  const iam = (kind: string, name: string) => `arn:${partition}:iam::${account}:${kind}/${name}`;
  const state = props.stateBucket.bucketArn;
  return {
    iam,
    state,
    previewStateKeys: `${state}/${props.project}/${PREVIEW_PREFIX}-*`,
    previewArns: namedArns(partition, account, `${props.project}-${PREVIEW_PREFIX}-`, [`${props.project}/${PREVIEW_PREFIX}-`], servicesOf(settings.previewActions)),
    githubRoles: iam("role", `${props.project}-github-*`),
    accessRoles: [iam("role", developerRoleName(props.project, "*")), iam("role", accessRequestRoleName(props.project))],
    accessPolicies: iam("policy", `${props.project}-developer-*`),
  };
}

/**
 * Where a resource's name sits in its ARN, by service: `[service, resource type and separator]`
 * (`function:`, `table/`; empty where the name follows the account, SNS and SQS). IAM matches
 * the resource type literally ("incorrect wildcard usage" in IAM's ARN reference: a wildcard
 * there matches nothing), so each service is listed. Log groups are matched at any depth of
 * their path (`/aws/lambda/<name>`, `/<name>/ecs/...`).
 */
const NAMED_RESOURCES: readonly (readonly [service: string, type: string])[] = [
  ["lambda", "function:"],
  ["dynamodb", "table/"],
  ["logs", "log-group:*/"],
  ["sqs", ""],
  ["sns", ""],
  ["ssm", "parameter/"],
  ["secretsmanager", "secret:"],
  ["cloudwatch", "alarm:"],
  ["events", "rule/"],
  ["kms", "alias/"],
  ["ecs", "cluster/"],
  ["ecs", "service/"],
  ["ecr", "repository/"],
  ["codebuild", "project/"],
  ["rds", "db:"],
  ["states", "stateMachine:"],
];

/** The services of a list of actions (`lambda` of `lambda:GetFunction`): a name pattern of another service would grant or deny nothing. */
function servicesOf(actions: readonly string[]): string[] {
  return [...new Set(actions.map((action) => action.split(":")[0]!))];
}

/** The services whose named resources hold data (items, objects, messages, values, log events, database logs, image layers). */
const DATA_SERVICES = ["s3", "dynamodb", "logs", "sqs", "ssm", "secretsmanager", "rds", "ecr"];

/**
 * The ARNs of the resources named `<namePrefix>...` in the services that put a name in the ARN
 * (NAMED_RESOURCES), and buckets with their objects. `pathPrefixes` add the secrets and
 * parameters kept under a path (`<project>/<environment>/`, `<project>-<environment>/`).
 * `services` keeps only those services.
 */
export function namedArns(partition: string, accountId: string, namePrefix: string, pathPrefixes: readonly string[] = [], services?: readonly string[]): string[] {
  const wanted = (service: string) => services === undefined || services.includes(service);
  return [
    ...NAMED_RESOURCES.filter(([service]) => wanted(service)).map(([service, type]) => `arn:${partition}:${service}:*:${accountId}:${type}${namePrefix}*`),
    ...(wanted("s3") ? [`arn:${partition}:s3:::${namePrefix}*`] : []),
    ...pathPrefixes.flatMap((path) => [
      ...(wanted("secretsmanager") ? [`arn:${partition}:secretsmanager:*:${accountId}:secret:${path}*`] : []),
      ...(wanted("ssm") ? [`arn:${partition}:ssm:*:${accountId}:parameter/${path}*`] : []),
    ]),
  ];
}

/** Where an environment's parameters and secrets are kept: `<project>/<environment>/...` and `<project>-<environment>/...`. */
function environmentPaths(project: string, environment: string): string[] {
  return [`${project}/${environment}/`, `${project}-${environment}/`];
}

interface NamedStatements {
  readonly name: string;
  readonly statements: readonly PolicyStatement[];
}

/** The managed policies of the developers, by key: their names and statements. */
export function developerDocuments(props: DeveloperAccessProps, settings: DeveloperAccessSettings): Record<keyof DeveloperPolicies, NamedStatements> {
  const { partition } = settings;
  const n = namesOf(props, settings);
  const previewTag = { [`aws:ResourceTag/${ENVIRONMENT_TAG}`]: PREVIEW_ENVIRONMENTS };
  const previewRequestTag = { [`aws:RequestTag/${ENVIRONMENT_TAG}`]: PREVIEW_ENVIRONMENTS };
  const previewRoles = n.iam("role", `${props.project}-${PREVIEW_PREFIX}-*`);
  const previewPolicies = n.iam("policy", `${props.project}-${PREVIEW_PREFIX}-*`);
  const boundary = { StringEquals: { "iam:PermissionsBoundary": props.previewBoundaryArn } };
  const apiCreates = settings.previewCreateActions.filter((a) => a.startsWith("apigateway:"));
  const otherCreates = settings.previewCreateActions.filter((a) => !a.startsWith("apigateway:"));
  const name = (suffix: string) => `${props.project}-developer-${suffix}`;
  const environments = [...props.environments];
  const environmentArns = (services?: readonly string[]) =>
    environments.flatMap((env) => namedArns(partition, props.accountId, `${props.project}-${env}-`, environmentPaths(props.project, env), services));
  // What developers may do beyond reading configuration: every preview action but the describe, list and get calls.
  const changeActions = [...new Set([...settings.previewActions, ...settings.previewCreateActions])].filter((a) => !READ_VERB.test(a));
  const dataReads = [...new Set([...DATA_READ_ACTIONS, ...OBJECT_READ_ACTIONS, ...PARAMETER_READ_ACTIONS])];

  return {
    previewsByName: {
      name: name("previews-by-name"),
      statements: [{ Sid: "PreviewResourcesByName", Effect: "Allow", Action: [...settings.previewActions], Resource: n.previewArns }],
    },
    previewsByTag: {
      name: name("previews-by-tag"),
      statements: [{ Sid: "PreviewResourcesByTag", Effect: "Allow", Action: [...settings.previewActions], Resource: "*", Condition: { StringLike: previewTag } }],
    },
    previewCreates: {
      name: name("preview-creates"),
      statements: [
        ...(otherCreates.length === 0
          ? []
          : [{ Sid: "CreateTaggedPreviewResources", Effect: "Allow", Action: otherCreates, Resource: "*", Condition: { StringLike: previewRequestTag } } satisfies PolicyStatement]),
        // API Gateway's POST also tags existing APIs (/tags/<arn>): only its create paths here.
        ...(apiCreates.length === 0
          ? []
          : [
              {
                Sid: "CreateTaggedPreviewApis",
                Effect: "Allow",
                Action: apiCreates,
                Resource: [`arn:${partition}:apigateway:*::/apis`, `arn:${partition}:apigateway:*::/restapis`],
                Condition: { StringLike: previewRequestTag },
              } satisfies PolicyStatement,
            ]),
        // EC2 tags what it creates through CreateTags: allowed on creation only (ec2:CreateAction), never on an existing resource.
        ...(otherCreates.some((a) => a.startsWith("ec2:"))
          ? [
              {
                Sid: "TagPreviewResourcesOnCreate",
                Effect: "Allow",
                Action: "ec2:CreateTags",
                Resource: "*",
                Condition: { StringLike: previewRequestTag, Null: { "ec2:CreateAction": "false" } },
              } satisfies PolicyStatement,
            ]
          : []),
      ],
    },
    previewIam: {
      name: name("preview-iam"),
      statements: [
        // A preview's role is created, and its policies changed, only while it carries the preview boundary.
        { Sid: "PreviewRolesUnderBoundary", Effect: "Allow", Action: [...BOUNDED_ROLE_ACTIONS], Resource: previewRoles, Condition: boundary },
        {
          Sid: "AttachPreviewPolicies",
          Effect: "Allow",
          Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
          Resource: previewRoles,
          Condition: { ...boundary, ArnLike: { "iam:PolicyARN": previewPolicies } },
        },
        { Sid: "ManagePreviewRoles", Effect: "Allow", Action: [...ROLE_ACTIONS], Resource: previewRoles },
        { Sid: "ManagePreviewPolicies", Effect: "Allow", Action: [...POLICY_ACTIONS], Resource: previewPolicies },
        {
          Sid: "ListPreviewState",
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: n.state,
          Condition: { StringLike: { "s3:prefix": [`${props.project}/${PREVIEW_ENVIRONMENTS}`] } },
        },
        // A preview's state and its lock file (use_lockfile).
        { Sid: "WritePreviewState", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: n.previewStateKeys },
        {
          // Every role a developer makes carries the preview boundary, whatever its name.
          Sid: "DenyRolesWithoutPreviewBoundary",
          Effect: "Deny",
          Action: ["iam:CreateRole", "iam:PutRolePermissionsBoundary"],
          Resource: "*",
          Condition: { StringNotEquals: { "iam:PermissionsBoundary": props.previewBoundaryArn } },
        },
        // The environments' state, read or written, and the keys of any state but the previews' listed.
        { Sid: "DenyEnvironmentsState", Effect: "Deny", Action: "s3:*", Resource: environments.map((env) => `${n.state}/${props.project}/${env}/*`) },
        {
          Sid: "DenyOtherStateListing",
          Effect: "Deny",
          Action: "s3:ListBucket",
          Resource: n.state,
          Condition: { StringNotLike: { "s3:prefix": [`${props.project}/${PREVIEW_ENVIRONMENTS}`] } },
        },
      ],
    },
    // The listed environments' resources: read-only (what the read-only policy grants stays:
    // describe and list), none of the preview actions but their reads, none of their data.
    environmentsByTag: {
      name: name("environments-by-tag"),
      statements: [
        { Sid: "DenyEnvironmentsChanges", Effect: "Deny", Action: changeActions, Resource: "*", Condition: { StringEquals: { [`aws:ResourceTag/${ENVIRONMENT_TAG}`]: environments } } },
        { Sid: "DenyEnvironmentsData", Effect: "Deny", Action: dataReads, Resource: "*", Condition: { StringEquals: { [`aws:ResourceTag/${ENVIRONMENT_TAG}`]: environments } } },
        // Nothing is created or tagged for an environment that is not a preview.
        ...environmentScopeStatements(PREVIEW_ENVIRONMENTS).filter((statement) => statement.Sid === "DenyOtherEnvironmentsTags"),
      ],
    },
    environmentsChangesByName: {
      name: name("environments-changes-by-name"),
      statements: [{ Sid: "DenyEnvironmentsChangesByName", Effect: "Deny", Action: changeActions, Resource: environmentArns(servicesOf(changeActions)) }],
    },
    environmentsDataByName: {
      name: name("environments-data-by-name"),
      statements: [{ Sid: "DenyEnvironmentsDataByName", Effect: "Deny", Action: dataReads, Resource: environmentArns(DATA_SERVICES) }],
    },
    guards: {
      name: `${props.project}-access-guards`,
      statements: [
        { Sid: "DenyBoundaryRemoval", Effect: "Deny", Action: ["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"], Resource: "*" },
        {
          Sid: "DenyBoundaryPolicyChanges",
          Effect: "Deny",
          Action: [...POLICY_WRITE_ACTIONS],
          Resource: [n.iam("policy", `${props.project}-*-boundary`), props.previewBoundaryArn],
        },
        { Sid: "DenyIdentitiesAndProviders", Effect: "Deny", Action: [...IDENTITY_ACTIONS], Resource: "*" },
        // The CI roles: read, never changed, assumed or passed.
        { Sid: "DenyGithubRoles", Effect: "Deny", NotAction: [...ROLE_READ_ACTIONS], Resource: n.githubRoles },
        // The developers' and access request roles, and their policies: nobody widens their own access.
        { Sid: "DenyAccessRoles", Effect: "Deny", NotAction: [...ROLE_READ_ACTIONS], Resource: n.accessRoles },
        { Sid: "DenyAccessPolicies", Effect: "Deny", Action: [...POLICY_WRITE_ACTIONS], Resource: [n.accessPolicies, n.iam("policy", `${props.project}-access-*`)] },
        // No hop into another role: not a preview's, not a CI role, not the access request role (assumed from the developer's own principal).
        { Sid: "DenyAssumingRoles", Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" },
        {
          Sid: "DenyStateChanges",
          Effect: "Deny",
          NotAction: ["s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetBucketLocation"],
          Resource: [n.state, `${n.state}/*`],
        },
      ],
    },
  };
}

/** The access request role's inline policies: its repairs, and the denial of the protected environments and of the state. */
export function accessRequestDocuments(props: DeveloperAccessProps, settings: DeveloperAccessSettings): { repairs: PolicyStatement[]; protectedEnvironments: PolicyStatement[] } {
  const { partition } = settings;
  const n = namesOf(props, settings);
  const environments = [...props.protectedEnvironments];
  return {
    repairs: [{ Sid: "Repairs", Effect: "Allow", Action: [...settings.accessRequestActions], Resource: namedArns(partition, props.accountId, `${props.project}-`, [], servicesOf(settings.accessRequestActions)) }],
    protectedEnvironments: [
      {
        Sid: "DenyProtectedEnvironmentsByName",
        Effect: "Deny",
        Action: "*",
        Resource: environments.flatMap((env) => namedArns(partition, props.accountId, `${props.project}-${env}-`, environmentPaths(props.project, env))),
      },
      { Sid: "DenyProtectedEnvironmentsResources", Effect: "Deny", Action: "*", Resource: "*", Condition: { StringEquals: { [`aws:ResourceTag/${ENVIRONMENT_TAG}`]: environments } } },
      { Sid: "DenyProtectedEnvironmentsTags", Effect: "Deny", Action: "*", Resource: "*", Condition: { StringEquals: { [`aws:RequestTag/${ENVIRONMENT_TAG}`]: environments } } },
      // No environment's state, read or written: a repair goes through the resource, never the state.
      { Sid: "DenyState", Effect: "Deny", Action: "s3:*", Resource: [n.state, `${n.state}/*`] },
    ],
  };
}

/** Every document the construct would create that the props make grow, with IAM's quota on it. */
function sizedDocuments(props: DeveloperAccessProps, settings: DeveloperAccessSettings): SizedDocument[] {
  const documents = developerDocuments(props, settings);
  const fewer = {
    previewActions: ["previewActions", "list fewer preview actions (verb wildcards such as \"lambda:Get*\" count once)"],
    previewCreateActions: ["previewCreateActions", "list fewer create actions"],
    environments: ["environments", "name fewer environments: each adds its names to the denials"],
  } as const;
  const growsWith: Record<keyof DeveloperPolicies, keyof typeof fewer> = {
    previewsByName: "previewActions",
    previewsByTag: "previewActions",
    previewCreates: "previewCreateActions",
    previewIam: "environments",
    environmentsByTag: "previewActions",
    environmentsChangesByName: "environments",
    environmentsDataByName: "environments",
    guards: "environments",
  };
  const sized: SizedDocument[] = (Object.keys(documents) as (keyof DeveloperPolicies)[]).map((key) => ({
    what: `the managed policy ${documents[key].name}`,
    prop: fewer[growsWith[key]][0],
    fix: fewer[growsWith[key]][1],
    json: policyDocument(documents[key].statements),
    maxChars: MANAGED_POLICY_MAX_CHARS,
  }));
  if (settings.requesters.length > 0) {
    sized.push({
      what: `the trust policy of ${accessRequestRoleName(props.project)} (one statement per developer with canRequestAccess)`,
      prop: "developers",
      fix: "give canRequestAccess to fewer developers, or ask AWS to raise the role trust policy quota to 4096 and keep to it",
      json: policyDocument(trustStatements(settings.requesters, accessRequestMfaSeconds(settings))),
      maxChars: TRUST_POLICY_MAX_CHARS,
    });
  }
  return sized;
}
