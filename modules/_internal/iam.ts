import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { policyDocument, PolicyStatement } from "./policy";

export interface ServiceRoleOptions {
  /** The role's name (at most 64 characters). */
  readonly name: string;
  readonly description: string;
  /** The AWS service that assumes the role, e.g. `ecs-tasks.amazonaws.com`. */
  readonly servicePrincipal: string;
  /**
   * The account whose resources may use the role (`aws:SourceAccount`): a guard against the
   * confused-deputy problem. An apply-time value such as a resource's owner id is fine.
   */
  readonly sourceAccount?: string;
  readonly tags?: Record<string, string>;
}

/** A role that one AWS service assumes, with no permissions until policies are added. */
export function serviceRole(scope: Construct, id: string, options: ServiceRoleOptions): IamRole {
  return new IamRole(scope, id, {
    name: options.name,
    description: options.description,
    assumeRolePolicy: policyDocument([
      {
        Effect: "Allow",
        Principal: { Service: options.servicePrincipal },
        Action: "sts:AssumeRole",
        ...(options.sourceAccount === undefined
          ? {}
          : { Condition: { StringEquals: { "aws:SourceAccount": options.sourceAccount } } }),
      },
    ]),
    tags: { Name: options.name, ...options.tags },
  });
}

/** An inline policy on a role. Returns it, so callers (and tests) can see what was granted. */
export function inlinePolicy(
  scope: Construct,
  id: string,
  role: { readonly id: string },
  name: string,
  statements: readonly PolicyStatement[],
): IamRolePolicy {
  return new IamRolePolicy(scope, id, { name, role: role.id, policy: policyDocument(statements) });
}
