import { PolicyStatement } from "./policy";

/** The tag the provider's `default_tags` sets on every resource of an environment. */
export const ENVIRONMENT_TAG = "Environment";

/**
 * The first part of every preview environment's name (`pv-pr123`, `pv-dev-alice`): a preview's
 * resources are named `<project>-pv-<slug>-*`, tagged `Environment=pv-<slug>`, and its state is
 * under `<project>/pv-<slug>/`, so one pattern (`pv-*`) names every preview and nothing else.
 */
export const PREVIEW_PREFIX = "pv";

/** The environment-name pattern of every preview: `pv-*`. */
export const PREVIEW_ENVIRONMENTS = `${PREVIEW_PREFIX}-*`;

/**
 * The statements that keep a principal inside one environment: no action on a resource tagged
 * for another environment, and no resource created or tagged for another one. A resource without
 * the tag (or a service that does not evaluate resource tags) is not matched: those are scoped by
 * name where the caller's policies allow it.
 *
 * `environment` may be a pattern with `*` ({@link PREVIEW_ENVIRONMENTS}): the principal then
 * stays inside the environments it matches (every preview, and no other environment).
 */
export function environmentScopeStatements(environment: string): PolicyStatement[] {
  const notMatching = environment.includes("*") ? "StringNotLike" : "StringNotEquals";
  return [
    {
      Sid: "DenyOtherEnvironmentsResources",
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: {
        [notMatching]: { [`aws:ResourceTag/${ENVIRONMENT_TAG}`]: environment },
        Null: { [`aws:ResourceTag/${ENVIRONMENT_TAG}`]: "false" },
      },
    },
    {
      Sid: "DenyOtherEnvironmentsTags",
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: {
        [notMatching]: { [`aws:RequestTag/${ENVIRONMENT_TAG}`]: environment },
        Null: { [`aws:RequestTag/${ENVIRONMENT_TAG}`]: "false" },
      },
    },
  ];
}


/** Where an environment's names live: the project, the environment, and its account. */
export interface EnvironmentNames {
  readonly partition: string;
  readonly accountId: string;
  readonly project: string;
  readonly environment: string;
}

/** Parameter Store actions that read or change a parameter. */
const PARAMETER_ACTIONS = [
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
  "ssm:GetParameterHistory",
  "ssm:PutParameter",
  "ssm:DeleteParameter",
  "ssm:DeleteParameters",
  "ssm:LabelParameterVersion",
  "ssm:UnlabelParameterVersion",
] as const;

/** Secrets Manager actions that read or change a secret. */
const SECRET_ACTIONS = [
  "secretsmanager:GetSecretValue",
  "secretsmanager:PutSecretValue",
  "secretsmanager:UpdateSecret",
  "secretsmanager:DeleteSecret",
  "secretsmanager:RestoreSecret",
  "secretsmanager:RotateSecret",
  "secretsmanager:UpdateSecretVersionStage",
  "secretsmanager:PutResourcePolicy",
  "secretsmanager:DeleteResourcePolicy",
] as const;

/**
 * The statements that keep a principal to one environment's data where tags do not reach
 * (S3 evaluates none; parameters and secrets made by hand carry none): buckets named
 * `<project>-<environment>-*` (and `extraResources`), parameters under `/<project>-<environment>/`
 * and `/<project>/<environment>/`, secrets named `<project>/<environment>/...` or RDS-managed
 * (`rds!...`), and of those RDS-managed secrets only the environment's databases'
 * (`aws:rds:primaryDBInstanceArn`, the tag RDS puts on them). With a pattern for `environment`
 * ({@link PREVIEW_ENVIRONMENTS}) the names of every environment it matches.
 */
export function environmentDataScopeStatements(names: EnvironmentNames, extraBuckets: readonly string[] = []): PolicyStatement[] {
  const { partition, accountId, project, environment } = names;
  const prefix = `${project}-${environment}`;
  return [
    {
      Sid: "DenyOtherBuckets",
      Effect: "Deny",
      Action: "s3:*",
      NotResource: [`arn:${partition}:s3:::${prefix}-*`, ...extraBuckets],
    },
    {
      Sid: "DenyOtherParameters",
      Effect: "Deny",
      Action: [...PARAMETER_ACTIONS],
      NotResource: [`arn:${partition}:ssm:*:${accountId}:parameter/${prefix}/*`, `arn:${partition}:ssm:*:${accountId}:parameter/${project}/${environment}/*`],
    },
    {
      Sid: "DenyOtherSecrets",
      Effect: "Deny",
      Action: [...SECRET_ACTIONS],
      NotResource: [
        `arn:${partition}:secretsmanager:*:${accountId}:secret:${project}/${environment}/*`,
        `arn:${partition}:secretsmanager:*:${accountId}:secret:${prefix}/*`,
        `arn:${partition}:secretsmanager:*:${accountId}:secret:rds!*`,
      ],
    },
    {
      Sid: "DenyOtherDatabasesSecrets",
      Effect: "Deny",
      Action: [...SECRET_ACTIONS],
      Resource: "*",
      Condition: {
        StringNotLike: { "aws:ResourceTag/aws:rds:primaryDBInstanceArn": `arn:${partition}:rds:*:${accountId}:db:${prefix}-*` },
        Null: { "aws:ResourceTag/aws:rds:primaryDBInstanceArn": "false" },
      },
    },
  ];
}
