import type { IConstruct } from "constructs";

/** The IAM role a grantee runs as: an `IamRole` fits. */
export interface GranteeRole {
  /** The role's id (for an IAM role, the same value as its name): what an inline policy's `role` takes. */
  readonly id: string;
  readonly name: string;
  readonly arn: string;
}

/**
 * Anything that runs as an IAM role and can be granted access: a Fargate service (its task
 * role), a CodeBuild project, a Lambda function. Grants (`media.grantReadWrite(grantee)`,
 * `database.grantConnect(grantee)`) take this handle, put a policy on the role and return it.
 * The construct's id names the grant's resources, so it must be stable.
 */
export interface Grantee extends IConstruct {
  /** The role the grantee's code runs as. */
  readonly grantRole: GranteeRole;
}
