import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Construct } from "constructs";
import { partitionOf } from "../shared/arn";
import { policyDocument, PolicyStatement } from "../_internal/policy";
import { ContainerSecret } from "./secrets";

/**
 * A role only ECS tasks may assume, and only on behalf of the given account and region: the
 * trust carries `aws:SourceAccount` and `aws:SourceArn` (`arn:<partition>:ecs:<region>:<account>:*`,
 * the form AWS documents for ECS), against the confused deputy. No permissions until policies are added.
 */
export function ecsTasksRole(
  scope: Construct,
  id: string,
  options: { readonly name: string; readonly description: string; readonly region: string; readonly accountId: string },
): IamRole {
  const { name, description, region, accountId } = options;
  return new IamRole(scope, id, {
    name,
    description,
    assumeRolePolicy: policyDocument([
      {
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ArnLike: { "aws:SourceArn": `arn:${partitionOf(region)}:ecs:${region}:${accountId}:*` },
        },
      },
    ]),
    tags: { Name: name },
  });
}

/** What ECS needs to start a task: write its logs, and pull its image from the given ECR repositories. */
export function executionStatements(repositoryArns: readonly string[], logGroupArn: string): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: "WriteLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${logGroupArn}:*`,
    },
  ];
  if (repositoryArns.length > 0) {
    statements.push(
      // Registry login has no resource-level permission.
      { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Sid: "PullImage",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        Resource: [...repositoryArns],
      },
    );
  }
  return statements;
}

/**
 * What the first pull of an image through an ECR pull-through cache needs beyond a pull: create
 * the image's repository under the cache's prefix and import the image from upstream. Later pulls
 * of a cached image need only the pull permissions; ECR refreshes a cached tag from upstream
 * with the same import permission.
 */
export function pullThroughCacheStatements(repositoryArnPattern: string): PolicyStatement[] {
  return [
    {
      Sid: "PullThroughCache",
      Effect: "Allow",
      Action: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
      Resource: repositoryArnPattern,
    },
  ];
}

/**
 * Read access to the registry credentials the app container's image is pulled with, and only
 * those; with a customer-managed key, decrypt with that key through Secrets Manager only, in the
 * secret's region (`kms:ViaService`).
 */
export function registryCredentialStatements(options: {
  readonly secretArn: string;
  readonly kmsKeyArn?: string;
  /** The secret's region, for `kms:ViaService`. */
  readonly region: string;
}): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    { Sid: "ReadRegistryCredentials", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: options.secretArn },
  ];
  if (options.kmsKeyArn !== undefined) {
    statements.push({
      Sid: "DecryptRegistryCredentials",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: options.kmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${options.region}.amazonaws.com` } },
    });
  }
  return statements;
}

/** Read access to exactly the secrets the container gets. */
export function secretStatements(secrets: Readonly<Record<string, ContainerSecret>>): PolicyStatement[] {
  const parameters = new Set<string>();
  const secretArns = new Set<string>();
  for (const secret of Object.values(secrets)) {
    if ("parameterArn" in secret) parameters.add(secret.parameterArn);
    else secretArns.add(secret.secretArn);
  }
  const statements: PolicyStatement[] = [];
  if (parameters.size > 0) {
    statements.push({ Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: [...parameters].sort() });
  }
  if (secretArns.size > 0) {
    statements.push({ Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [...secretArns].sort() });
  }
  return statements;
}

/**
 * What the application's role needs for the module's own features: X-Ray writes for the
 * sidecar, the SSM channels and session logs for ECS Exec. Empty when neither is on.
 */
export function taskFeatureStatements(options: {
  readonly xraySidecar: boolean;
  readonly enableExecuteCommand: boolean;
  readonly logGroupArn: string;
}): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  if (options.xraySidecar) {
    statements.push({
      Sid: "WriteTraces",
      Effect: "Allow",
      // X-Ray has no resource-level permissions for these actions.
      Action: [
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "xray:GetSamplingStatisticSummaries",
      ],
      Resource: "*",
    });
  }
  if (options.enableExecuteCommand) {
    statements.push(
      {
        Sid: "EcsExecChannels",
        Effect: "Allow",
        Action: [
          "ssmmessages:CreateControlChannel",
          "ssmmessages:CreateDataChannel",
          "ssmmessages:OpenControlChannel",
          "ssmmessages:OpenDataChannel",
        ],
        Resource: "*",
      },
      // Exec sessions are logged to the service's log group; the agent looks the group up first.
      { Sid: "EcsExecFindLogGroup", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
      {
        Sid: "EcsExecSessionLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
        Resource: `${options.logGroupArn}:*`,
      },
    );
  }
  return statements;
}

