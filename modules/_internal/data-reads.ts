/**
 * Calls that return data rather than configuration: secret values, parameter values, object
 * contents, log events, table items, queue messages, decrypted ciphertext, console output,
 * image layers. The CI roles (github-oidc) and the developers' roles (developer-access) need none
 * of them (the state objects and the stacks' own plain-string parameters are allowed by narrower
 * statements), so they deny them outright: a policy attached later by mistake cannot turn them
 * back on.
 */
export const DATA_READ_ACTIONS = [
  "secretsmanager:GetSecretValue",
  "secretsmanager:BatchGetSecretValue",
  "kms:Decrypt",
  "kms:ReEncryptFrom",
  "logs:GetLogEvents",
  "logs:FilterLogEvents",
  "logs:StartQuery",
  "logs:GetQueryResults",
  "logs:StartLiveTail",
  "logs:GetLogRecord",
  "logs:Unmask",
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:PartiQLSelect",
  "dynamodb:GetRecords",
  "dynamodb:ExportTableToPointInTime",
  "sqs:ReceiveMessage",
  "kinesis:GetRecords",
  "rds:DownloadDBLogFilePortion",
  "rds:DownloadCompleteDBLogFile",
  "rds-data:ExecuteStatement",
  "rds-data:BatchExecuteStatement",
  "ec2:GetPasswordData",
  "ec2:GetConsoleOutput",
  "ec2:GetConsoleScreenshot",
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
  "cognito-idp:AdminGetUser",
  "cognito-idp:ListUsers",
  "cognito-idp:ListUsersInGroup",
] as const;

/** Object reads: denied outside the prefixes a role needs (its state, and for a deploy role its environment's buckets). */
export const OBJECT_READ_ACTIONS = [
  "s3:GetObject",
  "s3:GetObjectVersion",
  "s3:GetObjectAttributes",
  "s3:GetObjectVersionAttributes",
  "s3:GetObjectTorrent",
  "s3:GetObjectVersionTorrent",
  "s3:RestoreObject",
] as const;

/** Parameter reads, which return values (SecureStrings decrypted with kms:Decrypt, denied above). */
export const PARAMETER_READ_ACTIONS = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameterHistory"] as const;
