/**
 * A Lambda function's execution role, evaluated as AWS would (policy simulator): it writes its
 * own log group, sends to its own failure queue, reads exactly its secrets, creates network
 * interfaces only through its VPC policy, and nothing else.
 */
import { LambdaFunction, LambdaFunctionProps } from "../../modules/lambda-function";
import { IamModel, SimulatedRole, StackJson } from "../support/iam-simulator";
import { resourcesOf, SynthesizedStack, synthJson, testStack } from "../support/synth";

const account = "123456789012";
const region = "eu-west-1";
const PARAMETER = `arn:aws:ssm:${region}:${account}:parameter/acme/test/django-secret-key`;
const SECRET = `arn:aws:secretsmanager:${region}:${account}:secret:acme/test/stripe-AbCdEf`;

const props: LambdaFunctionProps = {
  name: "acme-test",
  functionName: "api",
  region,
  accountId: account,
  code: { folder: "test/fixtures/lambda/python" },
  runtime: "python3.13",
  handler: "app.handler",
  logRetentionDays: 14,
  secrets: { DJANGO_SECRET_KEY: PARAMETER, STRIPE: SECRET },
  network: {
    vpcId: "vpc-0123456789abcdef0",
    privateSubnetIds: ["subnet-private-a", "subnet-private-b"],
    egress: "none",
    interfaceEndpointServices: ["ssm", "secretsmanager"],
  },
};

/**
 * The stack's JSON with the failure queues' ARN references replaced by the ARNs AWS gives them
 * (`arn:aws:sqs:<region>:<account>:<name>`): the simulator's resolver derives no SQS ARN yet.
 */
function withQueueArns(json: SynthesizedStack): StackJson {
  let text = JSON.stringify(json);
  for (const [name, queue] of Object.entries(resourcesOf(json, "aws_sqs_queue"))) {
    text = text.split(`\${aws_sqs_queue.${name}.arn}`).join(`arn:aws:sqs:${region}:${account}:${String(queue.name)}`);
  }
  return JSON.parse(text) as StackJson;
}

/** The role of a function built with these props (changed by the overrides), ready to answer requests. */
function roleOf(overrides: Partial<LambdaFunctionProps> = {}): SimulatedRole {
  const stack = testStack(region, account);
  new LambdaFunction(stack, "Api", { ...props, ...overrides });
  return new IamModel(withQueueArns(synthJson(stack))).role("acme-test-api");
}

const logGroup = `arn:aws:logs:${region}:${account}:log-group:/aws/lambda/acme-test-api`;
const queue = `arn:aws:sqs:${region}:${account}:acme-test-api-failed`;
const kmsKey = `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

describe("LambdaFunction role, evaluated", () => {
  const role = roleOf();

  test("writes its own log group's streams, and no other group's", async () => {
    expect(await role.decide({ action: "logs:PutLogEvents", resource: `${logGroup}:log-stream:2026/12/02/[$LATEST]abc` })).toBe("Allowed");
    expect(await role.decide({ action: "logs:CreateLogStream", resource: `${logGroup}:log-stream:x` })).toBe("Allowed");
    expect(await role.decide({ action: "logs:PutLogEvents", resource: `arn:aws:logs:${region}:${account}:log-group:/aws/lambda/acme-test-other:log-stream:x` })).toBe("ImplicitlyDenied");
    expect(await role.decide({ action: "logs:CreateLogGroup", resource: `arn:aws:logs:${region}:${account}:log-group:/aws/lambda/acme-test-other` })).toBe("ImplicitlyDenied");
  });

  test("sends to its failure queue only, and reads nothing from it", async () => {
    expect(await role.decide({ action: "sqs:SendMessage", resource: queue })).toBe("Allowed");
    expect(await role.decide({ action: "sqs:SendMessage", resource: `arn:aws:sqs:${region}:${account}:acme-test-jobs` })).toBe("ImplicitlyDenied");
    expect(await role.decide({ action: "sqs:ReceiveMessage", resource: queue })).toBe("ImplicitlyDenied");
    expect(await role.decide({ action: "sqs:DeleteQueue", resource: queue })).toBe("ImplicitlyDenied");
  });

  test("reads exactly its parameter and its secret", async () => {
    expect(await role.decide({ action: "ssm:GetParameter", resource: PARAMETER })).toBe("Allowed");
    expect(await role.decide({ action: "secretsmanager:GetSecretValue", resource: SECRET })).toBe("Allowed");
    expect(await role.decide({ action: "ssm:GetParameter", resource: `arn:aws:ssm:${region}:${account}:parameter/acme/test/other` })).toBe("ImplicitlyDenied");
    expect(await role.decide({ action: "ssm:GetParametersByPath", resource: `arn:aws:ssm:${region}:${account}:parameter/acme/test` })).toBe("ImplicitlyDenied");
    expect(await role.decide({ action: "ssm:PutParameter", resource: PARAMETER })).toBe("ImplicitlyDenied");
    expect(await role.decide({ action: "secretsmanager:GetSecretValue", resource: `arn:aws:secretsmanager:${region}:${account}:secret:acme/test/other-XyZabc` })).toBe("ImplicitlyDenied");
  });

  test("decrypts a key that leaves it to IAM only through Parameter Store and Secrets Manager", async () => {
    // A customer managed key with the default key policy, which delegates to the account's IAM
    // policies. (The AWS managed keys aws/ssm and aws/secretsmanager need no statement: their key
    // policies let the account's principals use them through their service.)
    const keyPolicy = {
      Version: "2012-10-17",
      Statement: [{ Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" }],
    };
    const through = (service: string) => ({ action: "kms:Decrypt", resource: kmsKey, context: { "kms:ViaService": `${service}.${region}.amazonaws.com` } });
    expect(await role.decide(through("ssm"), keyPolicy)).toBe("Allowed");
    expect(await role.decide(through("secretsmanager"), keyPolicy)).toBe("Allowed");
    expect(await role.decide(through("s3"), keyPolicy)).toBe("ImplicitlyDenied");
    expect(await role.decide({ action: "kms:Decrypt", resource: kmsKey }, keyPolicy)).toBe("ImplicitlyDenied");
    expect(await role.decide({ action: "kms:Encrypt", resource: kmsKey, context: { "kms:ViaService": `ssm.${region}.amazonaws.com` } }, keyPolicy)).toBe("ImplicitlyDenied");
    const otherAccountKey = kmsKey.replace(account, "210987654321");
    expect(await role.decide({ ...through("ssm"), resource: otherAccountKey })).not.toBe("Allowed");
  });

  test("creates network interfaces only through its VPC policy", async () => {
    const create = { action: "ec2:CreateNetworkInterface", resource: `arn:aws:ec2:${region}:${account}:network-interface/*` };
    expect(await role.decide(create)).toBe("Allowed");
    expect(await role.decide({ action: "ec2:DeleteNetworkInterface", resource: `arn:aws:ec2:${region}:${account}:network-interface/eni-0123456789abcdef0` })).toBe("Allowed");
    const withoutVpcPolicy = role.withIdentityPolicies(role.identityPolicies.filter((p) => p.name !== "inline:run-in-vpc"));
    expect(withoutVpcPolicy.identityPolicies.length).toBe(role.identityPolicies.length - 1);
    expect(await withoutVpcPolicy.decide(create)).toBe("ImplicitlyDenied");
    expect(await roleOf({ network: undefined }).decide(create)).toBe("ImplicitlyDenied");
    expect(await role.decide({ action: "ec2:CreateSecurityGroup", resource: `arn:aws:ec2:${region}:${account}:security-group/*` })).toBe("ImplicitlyDenied");
  });

  test("writes traces, and with tracing off does not", async () => {
    const trace = { action: "xray:PutTraceSegments", resource: "*" };
    expect(await role.decide(trace)).toBe("Allowed");
    expect(await roleOf({ tracing: false }).decide(trace)).toBe("ImplicitlyDenied");
  });

  test("changes nothing of IAM, and cannot replace its own code", async () => {
    const roleArn = `arn:aws:iam::${account}:role/acme-test-api`;
    for (const action of ["iam:PassRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:CreateRole", "iam:UpdateAssumeRolePolicy"]) {
      expect({ action, decision: await role.decide({ action, resource: roleArn }) }).toEqual({ action, decision: "ImplicitlyDenied" });
    }
    const fnArn = `arn:aws:lambda:${region}:${account}:function:acme-test-api`;
    for (const action of ["lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:UpdateAlias", "lambda:InvokeFunction"]) {
      expect({ action, decision: await role.decide({ action, resource: fnArn }) }).toEqual({ action, decision: "ImplicitlyDenied" });
    }
  });

  test("without secrets, it reads no parameter, secret or key", async () => {
    const plain = roleOf({ secrets: undefined });
    expect(await plain.decide({ action: "ssm:GetParameter", resource: PARAMETER })).toBe("ImplicitlyDenied");
    expect(await plain.decide({ action: "secretsmanager:GetSecretValue", resource: SECRET })).toBe("ImplicitlyDenied");
    const keyPolicy = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" }],
    };
    expect(await plain.decide({ action: "kms:Decrypt", resource: kmsKey, context: { "kms:ViaService": `ssm.${region}.amazonaws.com` } }, keyPolicy)).toBe("ImplicitlyDenied");
  });
});
