import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { partitionOf } from "../shared/arn";
import { policyDocument, PolicyStatement } from "../_internal/policy";

/**
 * The function's execution role: only the Lambda service may assume it. No `aws:SourceAccount`
 * condition: a function can run as the role only if someone allowed to pass it (`iam:PassRole`
 * in this account) made the function, which already keeps other accounts out, and AWS's
 * documented trust for execution roles carries none.
 */
export function lambdaRole(scope: Construct, id: string, options: { readonly name: string; readonly description: string }): IamRole {
  return new IamRole(scope, id, {
    name: options.name,
    description: options.description,
    assumeRolePolicy: policyDocument([{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }]),
    tags: { Name: options.name },
  });
}

/** Where a secret ARN lives: its service, region and account (the function's for an unresolved ARN). */
function locationOf(arn: string, fallback: { region: string; accountId: string }): { region: string; accountId: string } {
  if (Token.isUnresolved(arn)) return fallback;
  const [, , , region, accountId] = arn.split(":");
  return { region: region ?? fallback.region, accountId: accountId ?? fallback.accountId };
}

/** What the function's own features need: its logs, its failure queue, its secrets, its traces. */
export function functionStatements(options: {
  readonly region: string;
  readonly accountId: string;
  readonly logGroupArn: string;
  readonly failureQueueArn: string;
  readonly parameterArns: readonly string[];
  readonly secretArns: readonly string[];
  readonly tracing: boolean;
}): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      // The group exists (the module creates it): no logs:CreateLogGroup.
      Sid: "WriteLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${options.logGroupArn}:*`,
    },
    {
      // Lambda sends failed asynchronous events to the on-failure destination as the function's role.
      Sid: "SendFailedEvents",
      Effect: "Allow",
      Action: "sqs:SendMessage",
      Resource: options.failureQueueArn,
    },
  ];
  if (options.parameterArns.length > 0) {
    statements.push({ Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameter", Resource: [...options.parameterArns] });
  }
  if (options.secretArns.length > 0) {
    statements.push({ Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [...options.secretArns] });
  }
  // SecureString parameters and secrets are decrypted by Parameter Store or Secrets Manager on the
  // function's behalf: kms:Decrypt only through those services (kms:ViaService), on the keys of the
  // secrets' own account and region. The AWS managed keys (aws/ssm, aws/secretsmanager) already let
  // the account's principals do so in their key policies; this covers a customer managed key whose
  // key policy leaves it to IAM (the default key policy). A key policy that names principals must
  // name the role itself.
  const fallback = { region: options.region, accountId: options.accountId };
  const viaServices = new Set<string>();
  const keys = new Set<string>();
  for (const [service, arns] of [
    ["ssm", options.parameterArns],
    ["secretsmanager", options.secretArns],
  ] as const) {
    for (const arn of arns) {
      const { region, accountId } = locationOf(arn, fallback);
      viaServices.add(`${service}.${region}.amazonaws.com`);
      keys.add(`arn:${partitionOf(region)}:kms:${region}:${accountId}:key/*`);
    }
  }
  if (viaServices.size > 0) {
    statements.push({
      Sid: "DecryptThroughSecretServices",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: [...keys].sort(),
      Condition: { StringEquals: { "kms:ViaService": [...viaServices].sort() } },
    });
  }
  if (options.tracing) {
    statements.push({
      Sid: "WriteTraces",
      Effect: "Allow",
      // X-Ray has no resource-level permissions for these actions (AWS documents them on "*").
      Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
      Resource: "*",
    });
  }
  return statements;
}

/**
 * What Lambda does with the role to connect the function to its subnets, as AWS documents for
 * VPC functions (the `AWSLambdaVPCAccessExecutionRole` actions): the interfaces do not exist
 * yet to be named, so `Resource: "*"`.
 */
export function vpcStatements(): PolicyStatement[] {
  return [
    {
      Sid: "VpcNetworkInterfaces",
      Effect: "Allow",
      Action: [
        "ec2:AssignPrivateIpAddresses",
        "ec2:CreateNetworkInterface",
        "ec2:DeleteNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "ec2:UnassignPrivateIpAddresses",
      ],
      Resource: "*",
    },
  ];
}
