import type { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { StateBucketRef } from "../github-oidc";

/** One developer: their role, who may assume it, and whether they may request elevated access. */
export interface Developer {
  /**
   * A slug: 2 or more lowercase letters, digits and hyphens, starting with a letter (`alice`,
   * `sam-k`). It names the role, `<project>-developer-<name>` (at most 64 characters), and is the
   * source identity every session of the developer must carry, so CloudTrail names them in each
   * event.
   */
  readonly name: string;
  /**
   * The IAM user or role that may assume the developer's role, with MFA:
   * `arn:aws:iam::<account>:user/alice` (or `role/...`, a path allowed). Another account's
   * principal needs `sts:AssumeRole` on the role in its own account too.
   */
  readonly principalArn: string;
  /**
   * Whether the developer may assume the access request role `<project>-access-request` (the
   * rare repair outside previews).
   * @default false
   */
  readonly canRequestAccess?: boolean;
}

export interface DeveloperAccessProps {
  /**
   * The project (`acme`): prefix of the role and policy names, of the previews' resource names
   * (`<project>-pv-*`), of the state keys (`<project>/<environment>/...`) and of the CI roles
   * (`<project>-github-*`) the roles are kept from.
   */
  readonly project: string;
  /** The account of the roles, the previews and the state bucket (12 digits). */
  readonly accountId: string;
  /** Any region of the account (it picks the partition: aws, aws-cn, aws-us-gov). */
  readonly region: string;
  /** The bucket with every environment's state; developers write the previews' keys only. */
  readonly stateBucket: StateBucketRef;
  /**
   * The permissions boundary of the previews' roles,
   * `arn:<partition>:iam::<account>:policy/<project>-pv-boundary`: a developer creates a role, or
   * changes its policies, only while it carries this boundary, and cannot change the boundary.
   */
  readonly previewBoundaryArn: string;
  /** The developers, one role each. At least one; names and principals unique. */
  readonly developers: readonly Developer[];
  /**
   * Every environment of the project besides the previews (`["staging", "production"]`): their
   * state is denied to the developers' roles (read and write), and their resources (named
   * `<project>-<environment>-*` or tagged `Environment=<environment>`) are read-only to them:
   * no preview action but describe, list and get calls, and no data read. At least one.
   */
  readonly environments: readonly string[];
  /**
   * The environments the access request role may not touch (`["production"]`): at least one.
   * Their resources (named `<project>-<environment>-*` or tagged `Environment=<environment>`)
   * are denied to it, whatever `accessRequestActions` lists.
   */
  readonly protectedEnvironments: readonly string[];
  /**
   * What the access request role may do to the project's resources outside the protected
   * environments (`<project>-*` names): `service:Action`, wildcards in the action name only
   * (`lambda:Get*`), no IAM, STS, Organizations or account action.
   * @default DEFAULT_ACCESS_REQUEST_ACTIONS (repairing a Lambda function: read it, update its code and configuration, publish, move an alias, set or remove its concurrency, delete it)
   */
  readonly accessRequestActions?: readonly string[];
  /**
   * What a developer may do to the previews' resources, those named `<project>-pv-*` and those
   * tagged `Environment=pv-*`: `service:Action`, wildcards in the action name only, no `*` or
   * `service:*`, no IAM (the previews' roles are granted apart, under the boundary), STS,
   * Organizations or account action.
   * @default DEFAULT_PREVIEW_ACTIONS (the services of a preview: Lambda, DynamoDB, S3, API Gateway, CloudFront, Cognito, CloudWatch and its logs, SNS, SQS, EventBridge, Parameter Store, Secrets Manager, KMS keys and security groups)
   */
  readonly previewActions?: readonly string[];
  /**
   * Create actions of resources whose ARN holds an id AWS assigns (no name to match), allowed on
   * any resource when the request tags it `Environment=pv-*` (`aws:RequestTag`). Same form as
   * `previewActions`.
   * @default DEFAULT_PREVIEW_CREATE_ACTIONS (an API Gateway API, a Cognito user pool, a security group)
   */
  readonly previewCreateActions?: readonly string[];
  /**
   * The longest session of a developer role, in seconds (`maxSessionDuration`): 3600 to 43200.
   * @default 3600
   */
  readonly sessionDurationSeconds?: number;
  /**
   * How long after signing in with MFA a principal may still assume a developer role
   * (`aws:MultiFactorAuthAge`), in seconds: 300 to 43200. The access request role takes the
   * shorter of this and `ACCESS_REQUEST_MFA_SECONDS` (900).
   * @default 3600
   */
  readonly mfaMaxAgeSeconds?: number;
}

/** One developer's role and what it was given. */
export interface DeveloperRole {
  /** The developer's name (their source identity). */
  readonly name: string;
  readonly role: IamRole;
  readonly roleName: string;
  readonly roleArn: string;
  /** Whether the developer may assume the access request role. */
  readonly canRequestAccess: boolean;
}

/** The elevated role for the rare repair outside previews. */
export interface AccessRequestRole {
  readonly role: IamRole;
  readonly roleName: string;
  readonly roleArn: string;
  /** The developers who may assume it. */
  readonly developers: readonly string[];
  /** The repair actions it may take, and its denial of the protected environments and of the state. */
  readonly policies: readonly IamRolePolicy[];
}

/** The customer managed policies every developer role carries (beside `ViewOnlyAccess`); the access request role carries `guards`. */
export interface DeveloperPolicies {
  /** `previewActions` on the previews' resources by name. */
  readonly previewsByName: IamPolicy;
  /** `previewActions` on the resources tagged `Environment=pv-*`. */
  readonly previewsByTag: IamPolicy;
  /** `previewCreateActions` with a request tag `Environment=pv-*`. */
  readonly previewCreates: IamPolicy;
  /** The previews' roles and policies (under the boundary) and their state keys; denied: a role without the boundary, the environments' state, listing other state. */
  readonly previewIam: IamPolicy;
  /** The denial of every change (the preview actions but their reads) and data read on resources tagged for the environments, and of tagging anything for an environment that is not a preview. */
  readonly environmentsByTag: IamPolicy;
  /** The denial of those changes on resources named for the environments (`<project>-<environment>-*`). */
  readonly environmentsChangesByName: IamPolicy;
  /** The denial of data reads on resources named for the environments. */
  readonly environmentsDataByName: IamPolicy;
  /** The denials both kinds of role carry: the CI and access roles, identities, boundaries, the state bucket's settings, assuming roles. */
  readonly guards: IamPolicy;
}
