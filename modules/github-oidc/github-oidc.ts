import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { ACCOUNT_ID_PATTERN, partitionOf } from "../shared/arn";
import { isKnownRegion, regionProblem } from "../shared/regions";
import { PropsValidator } from "../shared/errors";
import { inlinePolicy } from "../_internal/iam";
import { isValidNamePrefix, NAME_PREFIX_RULE } from "../_internal/naming";
import { policyDocument, PolicyStatement } from "../_internal/policy";
import { environmentDataScopeStatements, environmentScopeStatements, PREVIEW_ENVIRONMENTS, PREVIEW_PREFIX } from "../_internal/environment-scope";
import { DATA_READ_ACTIONS, OBJECT_READ_ACTIONS, PARAMETER_READ_ACTIONS } from "../_internal/data-reads";
import { BOUNDED_ROLE_ACTIONS, IDENTITY_ACTIONS, POLICY_ACTIONS, POLICY_WRITE_ACTIONS, ROLE_ACTIONS, ROLE_READ_ACTIONS } from "../_internal/iam-actions";
import { PLAN_READ_ACTIONS } from "./plan-reads";

/** GitHub's OIDC issuer, without the scheme (the prefix of its condition keys). */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/** The state bucket the roles read (plan) or write (deploy): a `StateBucket` fits. */
export interface StateBucketRef {
  readonly bucketName: string;
  readonly bucketArn: string;
}

/** An environment GitHub deploys: its own role, trusted by that GitHub environment only. */
export interface DeployEnvironment {
  /**
   * The GitHub environment and the stack's environment name (`staging`). The role manages IAM
   * and buckets named `<name>-<environment>-*`, and the state under `<name>/<environment>/`.
   */
  readonly name: string;
  /** The permissions boundary the environment's roles carry (a `PermissionsBoundary`'s `policyArn`). */
  readonly permissionsBoundaryArn: string;
}

export interface GithubOidcProps {
  /** The project: prefix of the role names, of the state keys (`<name>/...`) and of the resources the deploy roles may manage. */
  readonly name: string;
  /** The repository whose workflows may assume the roles, `owner/name`. */
  readonly repository: string;
  readonly accountId: string;
  /** Any region of the account (it picks the partition: aws, aws-cn, aws-us-gov). */
  readonly region: string;
  /** The bucket with every environment's state. */
  readonly stateBucket: StateBucketRef;
  /**
   * The environments GitHub deploys, one deploy role each (`<name>-github-deploy-<env>`), trusted
   * by jobs of that GitHub environment only (`repo:<owner>/<name>:environment:<env>`). Give
   * production required reviewers in the repository's settings: the deploy job then waits for
   * an approval before GitHub issues it a token.
   */
  readonly deployEnvironments: readonly DeployEnvironment[];
  /**
   * Preview environments (`pv-<slug>`, see environments/preview.ts): one more deploy role,
   * `<name>-github-preview`, trusted by jobs of the GitHub environment `githubEnvironment` only,
   * that manages every preview's names (`<name>-pv-*`), tags (`Environment=pv-*`) and state
   * (`<name>/pv-*`) and nothing of the other environments. Its roles carry the previews' boundary.
   * @default - no preview role
   */
  readonly previews?: {
    /** The previews' permissions boundary (a `PermissionsBoundary` of `PREVIEW_ENVIRONMENTS`). */
    readonly permissionsBoundaryArn: string;
    /** The GitHub environment preview jobs run in. @default "preview" */
    readonly githubEnvironment?: string;
  };
  /**
   * The branch pushes to which may plan (pull requests always may).
   * @default "main"
   */
  readonly defaultBranch?: string;
  /**
   * An existing GitHub OIDC provider of the account (there is one per URL per account).
   * @default - the module creates it
   */
  readonly providerArn?: string;
}

/** One environment's deploy role and what it was given. */
export interface DeployRole {
  readonly environment: string;
  readonly role: IamRole;
  readonly roleArn: string;
  /** State access, IAM for the environment's roles and policies, and the guards (denies). */
  readonly policies: readonly IamRolePolicy[];
  readonly subject: string;
}

/**
 * GitHub Actions' way into the account without stored keys: the account's OIDC provider for
 * GitHub, a plan role that pull requests and the default branch may assume (it reads
 * configuration and state, and no data), and one deploy role per environment that only jobs of
 * that GitHub environment may assume. A deploy role creates roles only under the environment's
 * permissions boundary, cannot change its own or another GitHub role, cannot create users, keys
 * or identity providers, writes only its environment's state, and cannot act on resources
 * tagged or named for another environment.
 */
export class GithubOidc extends Construct {
  /** The provider (only when the module created it). */
  readonly provider?: IamOpenidConnectProvider;
  readonly providerArn: string;
  readonly planRole: IamRole;
  readonly planRoleArn: string;
  /** The plan role's read access (configuration and state) and its denial of data reads. */
  readonly planPolicies: readonly IamRolePolicy[];
  /** The plan role's read actions on the configuration (one of `planPolicies`). */
  readonly planConfigurationPolicy: IamRolePolicy;
  readonly deployRoles: readonly DeployRole[];
  /**
   * The previews' deploy role (`<name>-github-preview`, with `previews`): a deploy role whose
   * environment is every preview (`pv-*`: names, tags and state keys), trusted by the GitHub
   * environment of previews only. Its `environment` is the pattern.
   */
  readonly previewRole?: DeployRole;
  /** The `sub` claims the plan role accepts. */
  readonly planSubjects: readonly string[];

  constructor(scope: Construct, id: string, props: GithubOidcProps) {
    super(scope, id);
    const defaultBranch = validate(this, props);
    const partition = partitionOf(props.region);

    if (props.providerArn === undefined) {
      this.provider = new IamOpenidConnectProvider(this, "Provider", {
        url: `https://${GITHUB_OIDC_HOST}`,
        clientIdList: ["sts.amazonaws.com"],
        tags: { Name: `${props.name}-github` },
      });
      this.providerArn = this.provider.arn;
    } else {
      this.providerArn = props.providerArn;
    }

    const repo = `repo:${props.repository}`;
    this.planSubjects = [`${repo}:pull_request`, `${repo}:ref:refs/heads/${defaultBranch}`];
    const trust = (subjects: readonly string[]) =>
      policyDocument([
        {
          Effect: "Allow",
          Principal: { Federated: this.providerArn },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com", [`${GITHUB_OIDC_HOST}:sub`]: [...subjects] },
          },
        },
      ]);
    const state = props.stateBucket.bucketArn;
    const arn = (service: string, resource: string, region = "*") => `arn:${partition}:${service}:${region}:${props.accountId}:${resource}`;
    const iamArn = (kind: string, name: string) => `arn:${partition}:iam::${props.accountId}:${kind}/${name}`;
    const githubRoles = iamArn("role", `${props.name}-github-*`);

    this.planRole = new IamRole(this, "PlanRole", {
      name: `${props.name}-github-plan`,
      description: `GitHub Actions of ${props.repository}: plans (configuration and state, no data)`,
      assumeRolePolicy: trust(this.planSubjects),
      maxSessionDuration: 3600,
      tags: { Name: `${props.name}-github-plan` },
    });
    this.planRoleArn = this.planRole.arn;
    // Plans run without the state lock (`npm run plan -- <env> --remote` passes -lock=false): a
    // plan writes nothing, so the role needs no write access at all.
    const readState = inlinePolicy(this, "PlanRolePolicy", this.planRole, "read-state", [
      {
        Sid: "ListState",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: state,
        Condition: { StringLike: { "s3:prefix": [`${props.name}/*`] } },
      },
      { Sid: "ReadState", Effect: "Allow", Action: "s3:GetObject", Resource: `${state}/${props.name}/*` },
    ]);
    this.planConfigurationPolicy = inlinePolicy(this, "PlanRoleReadConfiguration", this.planRole, "read-configuration", [
      {
        // What `terraform plan` calls to refresh the resources the stacks hold (listed one by
        // one, none returns data), on the project's resources and those without a Project tag
        // (where the service evaluates resource tags).
        Sid: "ReadConfiguration",
        Effect: "Allow",
        Action: PLAN_READ_ACTIONS.filter((a) => !a.startsWith("s3:")),
        Resource: "*",
        Condition: { StringEqualsIfExists: { "aws:ResourceTag/Project": props.name } },
      },
      {
        // S3 evaluates no resource tags on these: the project's buckets by name instead.
        Sid: "ReadProjectBuckets",
        Effect: "Allow",
        Action: PLAN_READ_ACTIONS.filter((a) => a.startsWith("s3:")),
        Resource: `arn:${partition}:s3:::${props.name}-*`,
      },
      {
        // The stacks' own parameters are plain strings (host, port, names, ARNs); the provider
        // reads their values on refresh.
        Sid: "ReadProjectParameters",
        Effect: "Allow",
        Action: ["ssm:GetParameter", "ssm:GetParameters"],
        Resource: arn("ssm", `parameter/${props.name}-*`),
      },
    ]);
    const denyData = inlinePolicy(this, "PlanRoleDenyData", this.planRole, "deny-data-reads", [
      ...denyDataReads(partition, props.accountId, props.name, [`${state}/${props.name}/*`]),
      {
        Sid: "DenyStateChanges",
        Effect: "Deny",
        NotAction: ["s3:ListBucket", "s3:GetObject", "s3:GetBucketLocation"],
        Resource: [state, `${state}/*`],
      },
      {
        // apigateway:GET reads API keys with their values (includeValues); the stacks have none.
        Sid: "DenyApiKeys",
        Effect: "Deny",
        Action: "apigateway:GET",
        Resource: [`arn:${partition}:apigateway:*::/apikeys`, `arn:${partition}:apigateway:*::/apikeys/*`],
      },
      { Sid: "DenyAssumingRoles", Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" },
    ]);
    this.planPolicies = [readState, this.planConfigurationPolicy, denyData];

    const targets = props.deployEnvironments.map((env) => ({
      id: env.name,
      name: env.name,
      roleName: `${props.name}-github-deploy-${env.name}`,
      githubEnvironment: env.name,
      permissionsBoundaryArn: env.permissionsBoundaryArn,
    }));
    if (props.previews !== undefined) {
      targets.push({
        id: "previews",
        name: PREVIEW_ENVIRONMENTS,
        roleName: `${props.name}-github-preview`,
        githubEnvironment: props.previews.githubEnvironment ?? "preview",
        permissionsBoundaryArn: props.previews.permissionsBoundaryArn,
      });
    }
    const deployRoles = targets.map((env) => {
      const prefix = `${props.name}-${env.name}`;
      const roleName = env.roleName;
      const subject = `${repo}:environment:${env.githubEnvironment}`;
      const role = new IamRole(this, `DeployRole-${env.id}`, {
        name: roleName,
        description: `GitHub Actions of ${props.repository}: deploys ${prefix} from the ${env.githubEnvironment} environment`,
        assumeRolePolicy: trust([subject]),
        maxSessionDuration: 3600,
        tags: { Name: roleName },
      });
      // Every service the stacks use; IAM is left out of it and granted below, for the environment's own roles only.
      new IamRolePolicyAttachment(this, `DeployRolePowerUser-${env.id}`, { role: role.name, policyArn: `arn:${partition}:iam::aws:policy/PowerUserAccess` });
      const stateKeys = `${state}/${props.name}/${env.name}/*`;
      const envRoles = iamArn("role", `${prefix}-*`);
      const envPolicies = iamArn("policy", `${prefix}-*`);
      const boundary = { StringEquals: { "iam:PermissionsBoundary": env.permissionsBoundaryArn } };
      const policies = [
        inlinePolicy(this, `DeployRoleState-${env.id}`, role, "state", [
          {
            Sid: "ListState",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: state,
            Condition: { StringLike: { "s3:prefix": [`${props.name}/${env.name}/*`] } },
          },
          // The state and its lock file (use_lockfile), of this environment only.
          { Sid: "WriteState", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: stateKeys },
        ]),
        inlinePolicy(this, `DeployRoleIam-${env.id}`, role, "environment-iam", [
          {
            // A role is created, and its policies changed, only while it carries the boundary.
            Sid: "RolesUnderBoundary",
            Effect: "Allow",
            Action: [...BOUNDED_ROLE_ACTIONS],
            Resource: envRoles,
            Condition: boundary,
          },
          {
            Sid: "AttachEnvironmentPolicies",
            Effect: "Allow",
            Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
            Resource: envRoles,
            Condition: { ...boundary, ArnLike: { "iam:PolicyARN": envPolicies } },
          },
          { Sid: "ManageEnvironmentRoles", Effect: "Allow", Action: [...ROLE_ACTIONS], Resource: envRoles },
          { Sid: "ManageEnvironmentPolicies", Effect: "Allow", Action: [...POLICY_ACTIONS], Resource: envPolicies },
        ]),
        inlinePolicy(this, `DeployRoleGuards-${env.id}`, role, "guards", [
          {
            Sid: "DenyBoundaryRemovalOrChange",
            Effect: "Deny",
            Action: ["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"],
            Resource: "*",
          },
          {
            Sid: "DenyBoundaryPolicyChanges",
            Effect: "Deny",
            Action: [...POLICY_WRITE_ACTIONS],
            Resource: iamArn("policy", `${props.name}-*-boundary`),
          },
          {
            Sid: "DenyIdentitiesAndProviders",
            Effect: "Deny",
            Action: [...IDENTITY_ACTIONS],
            Resource: "*",
          },
          {
            // The GitHub roles match the project's names: none may be changed or assumed from here (this one included).
            Sid: "DenyGithubRoles",
            Effect: "Deny",
            NotAction: [...ROLE_READ_ACTIONS],
            Resource: githubRoles,
          },
          {
            // A deploy assumes no role: not one it created, not the environment's task role.
            Sid: "DenyAssumingRoles",
            Effect: "Deny",
            Action: "sts:AssumeRole",
            Resource: "*",
          },
          {
            Sid: "DenyStateChanges",
            Effect: "Deny",
            NotAction: ["s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetBucketLocation"],
            Resource: [state, `${state}/*`],
          },
          ...environmentScopeStatements(env.name),
          // Buckets (this environment's, by name, and its own state keys), parameters and secrets, where tags do not reach.
          ...environmentDataScopeStatements({ partition, accountId: props.accountId, project: props.name, environment: env.name }, [state, stateKeys]),
          ...denyDataReads(partition, props.accountId, props.name, [stateKeys, `arn:${partition}:s3:::${prefix}-*/*`]),
        ]),
      ];
      return { environment: env.name, role, roleArn: role.arn, policies, subject };
    });
    this.deployRoles = deployRoles.filter((d) => d.environment !== PREVIEW_ENVIRONMENTS);
    this.previewRole = deployRoles.find((d) => d.environment === PREVIEW_ENVIRONMENTS);
  }
}

/**
 * The denial of data reads both roles carry: secret and parameter values (other than the
 * stacks' own plain-string parameters), object contents outside `objectsAllowed`, log events and
 * queries, table items, queue messages, decryption.
 */
function denyDataReads(partition: string, accountId: string, project: string, objectsAllowed: readonly string[]): PolicyStatement[] {
  return [
    { Sid: "DenyDataReads", Effect: "Deny", Action: [...DATA_READ_ACTIONS], Resource: "*" },
    { Sid: "DenyOtherParameterValues", Effect: "Deny", Action: [...PARAMETER_READ_ACTIONS], NotResource: `arn:${partition}:ssm:*:${accountId}:parameter/${project}-*` },
    { Sid: "DenyObjectReads", Effect: "Deny", Action: [...OBJECT_READ_ACTIONS], NotResource: [...objectsAllowed] },
  ];
}

const REPOSITORY = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/;
const BRANCH = /^[A-Za-z0-9._/-]{1,200}$/;
const PERMISSIONS_BOUNDARY_ARN = /^arn:aws[a-z-]*:iam::\d{12}:policy\/[A-Za-z0-9+=,.@_/-]+$/;

function validate(scope: Construct, props: GithubOidcProps): string {
  const v = new PropsValidator(scope, "GithubOidc");
  v.requireLiterals(props, ["name", "repository", "deployEnvironments", "defaultBranch"]);
  v.check(isValidNamePrefix(props.name), "name", NAME_PREFIX_RULE, props.name);
  v.check(REPOSITORY.test(props.repository), "repository", 'must be "owner/name" of a GitHub repository, without wildcards', props.repository);
  v.check(ACCOUNT_ID_PATTERN.test(props.accountId), "accountId", "must be a 12-digit AWS account id", props.accountId);
  v.check(isKnownRegion(props.region), "region", regionProblem(props.region) ?? "", props.region);
  const defaultBranch = props.defaultBranch ?? "main";
  v.check(BRANCH.test(defaultBranch) && !defaultBranch.includes("*"), "defaultBranch", "must be a branch name, without wildcards", defaultBranch);
  v.check(props.deployEnvironments.length > 0, "deployEnvironments", "must name at least one GitHub environment", props.deployEnvironments);
  const names = props.deployEnvironments.map((env) => env.name);
  props.deployEnvironments.forEach((env, i) => {
    v.check(
      isValidNamePrefix(`${props.name}-${env.name}`) && `${props.name}-github-deploy-${env.name}`.length <= 64,
      `deployEnvironments[${i}].name`,
      `must be a lowercase environment name that, after "${props.name}-", ${NAME_PREFIX_RULE.replace(/^must be /, "is ")}, and keeps the role name ${props.name}-github-deploy-<name> within IAM's 64 characters`,
      env.name,
    );
    v.check(names.indexOf(env.name) === i, `deployEnvironments[${i}].name`, "must be unique", env.name);
    // acme-staging-* must not also match acme-staging-eu-*: no environment's names may fall under another's prefix.
    const under = names.find((other) => other !== env.name && env.name.startsWith(`${other}-`));
    v.check(under === undefined, `deployEnvironments[${i}].name`, `must not start with another environment's name and a hyphen ("${under ?? ""}-"): its resources would fall under that environment's name prefix`, env.name);
    v.check(
      PERMISSIONS_BOUNDARY_ARN.test(env.permissionsBoundaryArn),
      `deployEnvironments[${i}].permissionsBoundaryArn`,
      "must be the ARN of a customer managed policy (arn:aws:iam::<account>:policy/<name>), e.g. a PermissionsBoundary's policyArn",
      env.permissionsBoundaryArn,
    );
  });
  props.deployEnvironments.forEach((env, i) => {
    v.check(
      env.name !== PREVIEW_PREFIX && !env.name.startsWith(`${PREVIEW_PREFIX}-`),
      `deployEnvironments[${i}].name`,
      `must not be "${PREVIEW_PREFIX}" or start with "${PREVIEW_PREFIX}-": those names are the previews', which the preview role manages (previews)`,
      env.name,
    );
  });
  if (props.previews !== undefined) {
    const githubEnvironment = props.previews.githubEnvironment ?? "preview";
    v.check(/^[A-Za-z0-9._-]{1,255}$/.test(githubEnvironment), "previews.githubEnvironment", "must be a GitHub environment name (letters, digits, . _ -), without wildcards", githubEnvironment);
    v.check(!names.includes(githubEnvironment), "previews.githubEnvironment", "must differ from every deploy environment: the preview role must not be trusted by staging's or production's jobs", githubEnvironment);
    v.check(
      PERMISSIONS_BOUNDARY_ARN.test(props.previews.permissionsBoundaryArn),
      "previews.permissionsBoundaryArn",
      "must be the ARN of a customer managed policy (arn:aws:iam::<account>:policy/<name>), e.g. the previews' PermissionsBoundary's policyArn",
      props.previews.permissionsBoundaryArn,
    );
  }
  if (props.providerArn !== undefined) {
    v.check(
      /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/.test(props.providerArn),
      "providerArn",
      "must be the ARN of the account's GitHub OIDC provider (arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com)",
      props.providerArn,
    );
  }
  v.throwIfInvalid();
  return defaultBranch;
}
