import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Aspects, IAspect } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { ACCOUNT_ID_PATTERN, partitionOf } from "../shared/arn";
import { PropsValidator } from "../shared/errors";
import { isValidNamePrefix, NAME_PREFIX_RULE } from "../_internal/naming";
import { ENVIRONMENT_TAG, environmentDataScopeStatements, environmentScopeStatements, PREVIEW_ENVIRONMENTS, PREVIEW_PREFIX } from "../_internal/environment-scope";
import { policyDocument } from "../_internal/policy";
import { isKnownRegion, regionProblem } from "../shared/regions";

/** Where an environment's boundary is: enough to name its ARN without a look-up. */
export interface BoundaryLocation {
  /** The project (`acme`). */
  readonly project: string;
  /** The environment (`staging`). */
  readonly environment: string;
  readonly accountId: string;
  /** Any region of the account (it picks the partition). */
  readonly region: string;
}

/**
 * The boundary policy's name: `<project>-<environment>-boundary`. Previews (`pv-<slug>`, or the
 * pattern of all of them, {@link PREVIEW_ENVIRONMENTS}) share one: `<project>-pv-boundary`.
 */
export function permissionsBoundaryName(location: Pick<BoundaryLocation, "project" | "environment">): string {
  const preview = location.environment === PREVIEW_ENVIRONMENTS || location.environment.startsWith(`${PREVIEW_PREFIX}-`);
  return `${location.project}-${preview ? PREVIEW_PREFIX : location.environment}-boundary`;
}

/** The boundary policy's ARN, known at synth (the bootstrap stack creates the policy). */
export function permissionsBoundaryArn(location: BoundaryLocation): string {
  return `arn:${partitionOf(location.region)}:iam::${location.accountId}:policy/${permissionsBoundaryName(location)}`;
}

/** The IAM actions that change IAM: a role under the boundary may do none of them (it may still pass its own roles to services). */
export const IAM_WRITE_ACTIONS = [
  "iam:Add*",
  "iam:Attach*",
  "iam:Change*",
  "iam:Create*",
  "iam:Deactivate*",
  "iam:Delete*",
  "iam:Detach*",
  "iam:Enable*",
  "iam:Put*",
  "iam:Remove*",
  "iam:Reset*",
  "iam:Resync*",
  "iam:Set*",
  "iam:Tag*",
  "iam:Untag*",
  "iam:Update*",
  "iam:Upload*",
] as const;

export { ENVIRONMENT_TAG, environmentScopeStatements, PREVIEW_ENVIRONMENTS, PREVIEW_PREFIX };

/** What a boundary needs: the environment it caps (or every preview: {@link PREVIEW_ENVIRONMENTS}), in which account. */
export type PermissionsBoundaryProps = BoundaryLocation;

/**
 * The permissions boundary of one environment's roles (the task, build, pipeline and flow-log
 * roles the stacks create): the most any of them can ever be allowed, whatever policy is put on
 * it. It grants nothing by itself. Under it a role cannot change IAM (no new roles, policies,
 * users or keys, no boundary removed), cannot touch Organizations or the account's settings,
 * and cannot act on a resource tagged for another environment or tag one for another. The deploy
 * roles may create roles only with it attached, so a role they create is never stronger.
 */
export class PermissionsBoundary extends Construct {
  readonly policy: IamPolicy;
  readonly policyName: string;
  /** Known at synth: `arn:<partition>:iam::<account>:policy/<project>-<environment>-boundary`. */
  readonly policyArn: string;

  constructor(scope: Construct, id: string, props: PermissionsBoundaryProps) {
    super(scope, id);
    const v = new PropsValidator(this, "PermissionsBoundary");
    v.requireLiterals(props, ["project", "environment", "accountId", "region"]);
    v.check(isValidNamePrefix(props.project), "project", NAME_PREFIX_RULE, props.project);
    v.check(
      props.environment === PREVIEW_ENVIRONMENTS || isValidNamePrefix(`${props.project}-${props.environment}`),
      "environment",
      `with the project, ${NAME_PREFIX_RULE} (or "${PREVIEW_ENVIRONMENTS}": the boundary every preview shares)`,
      props.environment,
    );
    v.check(ACCOUNT_ID_PATTERN.test(props.accountId), "accountId", "must be a 12-digit AWS account id", props.accountId);
    v.check(isKnownRegion(props.region), "region", regionProblem(props.region) ?? "", props.region);
    v.throwIfInvalid();

    this.policyName = permissionsBoundaryName(props);
    this.policyArn = permissionsBoundaryArn(props);
    this.policy = new IamPolicy(this, "Policy", {
      name: this.policyName,
      description: `The most any role of ${props.project}-${props.environment} may do`,
      policy: policyDocument([
        // The ceiling: a role's own policies decide what it may do, up to this.
        { Sid: "Ceiling", Effect: "Allow", Action: "*", Resource: "*" },
        { Sid: "DenyIamChanges", Effect: "Deny", Action: [...IAM_WRITE_ACTIONS], Resource: "*" },
        { Sid: "DenyOrganizationAndAccount", Effect: "Deny", Action: ["organizations:*", "account:*"], Resource: "*" },
        {
          Sid: "DenyPassingOtherRoles",
          Effect: "Deny",
          Action: "iam:PassRole",
          NotResource: `arn:${partitionOf(props.region)}:iam::${props.accountId}:role/${props.project}-${props.environment}-*`,
        },
        // Workload roles assume no other role: no hop out of the boundary through one.
        { Sid: "DenyAssumingRoles", Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" },
        ...environmentScopeStatements(props.environment),
        // What tags do not reach: buckets (the state bucket included), parameters and secrets by name.
        ...environmentDataScopeStatements({ partition: partitionOf(props.region), accountId: props.accountId, project: props.project, environment: props.environment }),
      ]),
      tags: { Name: this.policyName },
    });
  }
}

/**
 * Sets the permissions boundary of every IAM role under a scope (an environment's stack), the
 * way a deploy role that may create roles only with it attached requires. As an aspect it runs at
 * synth; {@link applyPermissionsBoundary} also sets it at once, for readers of `toTerraform()`.
 */
export class PermissionsBoundaryAspect implements IAspect {
  constructor(private readonly boundaryArn: string) {}

  visit(node: IConstruct): void {
    if (node instanceof IamRole) node.permissionsBoundary = this.boundaryArn;
  }
}

/**
 * Gives every IAM role under the scope the boundary: those there now, at once, and those added
 * later, at synth (an aspect). Returns the aspect.
 */
export function applyPermissionsBoundary(scope: IConstruct, boundaryArn: string): PermissionsBoundaryAspect {
  const aspect = new PermissionsBoundaryAspect(boundaryArn);
  for (const node of scope.node.findAll()) aspect.visit(node);
  Aspects.of(scope).add(aspect);
  return aspect;
}
