import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { ACCOUNT_ID_PATTERN, partitionOf } from "../_internal/arn";
import { isKnownRegion, regionProblem } from "../_internal/regions";
import { PropsValidator } from "../_internal/errors";
import { inlinePolicy } from "../_internal/iam";
import { isValidNamePrefix, NAME_PREFIX_RULE } from "../_internal/naming";
import { policyDocument, PolicyStatement } from "../_internal/policy";

/** GitHub's OIDC issuer, without the scheme (the prefix of its condition keys). */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/** The state bucket the roles read (plan) or write (deploy): a `StateBucket` fits. */
export interface StateBucketRef {
  readonly bucketName: string;
  readonly bucketArn: string;
}

export interface GithubOidcProps {
  /** The project: prefix of the role names, of the state keys (`<name>/...`) and of the resources the deploy role may manage IAM for. */
  readonly name: string;
  /** The repository whose workflows may assume the roles, `owner/name`. */
  readonly repository: string;
  readonly accountId: string;
  /** Any region of the account (it picks the partition: aws, aws-cn, aws-us-gov). */
  readonly region: string;
  /** The bucket with every environment's state. */
  readonly stateBucket: StateBucketRef;
  /**
   * The GitHub environments the deploy role trusts (`repo:<owner>/<name>:environment:<env>`).
   * Give production required reviewers in the repository's settings: the deploy job then waits
   * for an approval before GitHub issues it a token.
   */
  readonly deployEnvironments: readonly string[];
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

/**
 * GitHub Actions' way into the account without stored keys: the account's OIDC provider for
 * GitHub, a plan role (read-only, state included) that pull requests and the default branch
 * may assume, and a deploy role that only jobs running in the named GitHub environments may
 * assume. Both trust this one repository, and only tokens meant for AWS STS. The deploy role
 * manages IAM only under the project's names, attaches only the project's own policies, and may
 * not touch the GitHub roles (itself included).
 */
export class GithubOidc extends Construct {
  /** The provider (only when the module created it). */
  readonly provider?: IamOpenidConnectProvider;
  readonly providerArn: string;
  readonly planRole: IamRole;
  readonly planRoleArn: string;
  readonly deployRole: IamRole;
  readonly deployRoleArn: string;
  /** The plan role's state access. */
  readonly planPolicy: IamRolePolicy;
  /** The deploy role's state access and IAM for the project's own roles and policies. */
  readonly deployPolicy: IamRolePolicy;
  /** The `sub` claims each role accepts. */
  readonly planSubjects: readonly string[];
  readonly deploySubjects: readonly string[];

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
    this.deploySubjects = props.deployEnvironments.map((env) => `${repo}:environment:${env}`);
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
    const managed = (policy: string) => `arn:${partition}:iam::aws:policy/${policy}`;
    const state = props.stateBucket.bucketArn;
    const listState: PolicyStatement = {
      Sid: "ListState",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: state,
      Condition: { StringLike: { "s3:prefix": [`${props.name}/*`] } },
    };

    this.planRole = new IamRole(this, "PlanRole", {
      name: `${props.name}-github-plan`,
      description: `GitHub Actions of ${props.repository}: plans (read-only)`,
      assumeRolePolicy: trust(this.planSubjects),
      maxSessionDuration: 3600,
      tags: { Name: `${props.name}-github-plan` },
    });
    this.planRoleArn = this.planRole.arn;
    // Terraform refreshes every resource before planning: read access to all of them.
    new IamRolePolicyAttachment(this, "PlanRoleReadOnly", { role: this.planRole.name, policyArn: managed("ReadOnlyAccess") });
    // Plans run without the state lock (`npm run plan -- <env> --remote` passes -lock=false): a
    // plan writes nothing, so the role needs no write access at all.
    this.planPolicy = inlinePolicy(this, "PlanRolePolicy", this.planRole, "read-state", [
      listState,
      { Sid: "ReadState", Effect: "Allow", Action: "s3:GetObject", Resource: `${state}/${props.name}/*` },
    ]);

    this.deployRole = new IamRole(this, "DeployRole", {
      name: `${props.name}-github-deploy`,
      description: `GitHub Actions of ${props.repository}: deploys from the environments ${props.deployEnvironments.join(", ")}`,
      assumeRolePolicy: trust(this.deploySubjects),
      maxSessionDuration: 3600,
      tags: { Name: `${props.name}-github-deploy` },
    });
    this.deployRoleArn = this.deployRole.arn;
    // Every service the stacks use; IAM itself is left out of it and granted below, for the project's own roles only.
    new IamRolePolicyAttachment(this, "DeployRolePowerUser", { role: this.deployRole.name, policyArn: managed("PowerUserAccess") });
    const iamArn = (kind: string) => `arn:${partition}:iam::${props.accountId}:${kind}/${props.name}-*`;
    this.deployPolicy = inlinePolicy(this, "DeployRolePolicy", this.deployRole, "deploy", [
      listState,
      {
        Sid: "WriteState",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Resource: `${state}/${props.name}/*`,
      },
      { Sid: "ManageProjectRoles", Effect: "Allow", Action: [...ROLE_ACTIONS], Resource: iamArn("role") },
      {
        // Only the project's own managed policies: never AdministratorAccess or another AWS policy.
        Sid: "AttachProjectPolicies",
        Effect: "Allow",
        Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
        Resource: iamArn("role"),
        Condition: { ArnLike: { "iam:PolicyARN": iamArn("policy") } },
      },
      { Sid: "ManageProjectPolicies", Effect: "Allow", Action: [...POLICY_ACTIONS], Resource: iamArn("policy") },
      {
        // The GitHub roles match the project's names too: neither may change them (or itself).
        Sid: "LeaveGithubRolesAlone",
        Effect: "Deny",
        Action: [...ROLE_ACTIONS, "iam:AttachRolePolicy", "iam:DetachRolePolicy"],
        Resource: `arn:${partition}:iam::${props.accountId}:role/${props.name}-github-*`,
      },
    ]);
  }

}

/** What Terraform does to the roles the stacks create: create, read, change, tag, attach policies, hand to services. */
const ROLE_ACTIONS = [
  "iam:CreateRole",
  "iam:DeleteRole",
  "iam:GetRole",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
  "iam:UpdateAssumeRolePolicy",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:ListRoleTags",
  "iam:PutRolePolicy",
  "iam:GetRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:ListRolePolicies",
  "iam:ListAttachedRolePolicies",
  "iam:ListInstanceProfilesForRole",
  "iam:PassRole",
] as const;

/** What Terraform does to the managed policies the stacks create (the site's deploy policy). */
const POLICY_ACTIONS = [
  "iam:CreatePolicy",
  "iam:DeletePolicy",
  "iam:GetPolicy",
  "iam:GetPolicyVersion",
  "iam:ListPolicyVersions",
  "iam:CreatePolicyVersion",
  "iam:DeletePolicyVersion",
  "iam:TagPolicy",
  "iam:UntagPolicy",
  "iam:ListPolicyTags",
] as const;

const REPOSITORY = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/;
const BRANCH = /^[A-Za-z0-9._/-]{1,200}$/;
const ENVIRONMENT = /^[A-Za-z0-9._-]{1,255}$/;

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
  props.deployEnvironments.forEach((env, i) =>
    v.check(ENVIRONMENT.test(env), `deployEnvironments[${i}]`, "must be a GitHub environment name (letters, digits, . _ -), without wildcards", env),
  );
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
