/**
 * The one grant CognitoAuth makes: Cognito may invoke the post-confirmation alias. The module
 * creates no role (no SMS, so no SNS role). The synthesized `aws_lambda_permission` is turned into
 * the statement Lambda adds to the function's policy (AddPermission: the service principal,
 * `lambda:InvokeFunction` on the qualified ARN, `AWS:SourceArn` and `AWS:SourceAccount`
 * conditions) and evaluated as AWS would.
 */
import { CognitoAuth } from "../../modules/cognito-auth";
import { LambdaFunction } from "../../modules/lambda-function";
import { Decision, decideForService } from "../support/iam-simulator";
import { countOf, onlyResource, refTo, synthJson, testStack } from "../support/synth";

const account = "123456789012";
const region = "eu-west-1";
const poolArn = `arn:aws:cognito-idp:${region}:${account}:userpool/${region}_AbCdEfGhI`;
const functionArn = `arn:aws:lambda:${region}:${account}:function:acme-test-post-confirmation`;

function synthesized() {
  const stack = testStack(region, account);
  const fn = new LambdaFunction(stack, "PostConfirmation", {
    name: "acme-test",
    functionName: "post-confirmation",
    region,
    accountId: account,
    code: { folder: "examples/fargate-cognito-uploads/functions/post-confirmation" },
    runtime: "nodejs22.x",
    handler: "index.handler",
    logRetentionDays: 14,
  });
  new CognitoAuth(stack, "Auth", {
    name: "acme-test",
    region,
    accountId: account,
    deletionProtection: false,
    callbackUrls: ["https://app.example.com/callback"],
    logoutUrls: ["https://app.example.com/"],
    domain: { prefix: "acme-test-login" },
    postConfirmation: fn,
  });
  return synthJson(stack);
}

const json = synthesized();
const permission = onlyResource(json, "aws_lambda_permission");

/** The function policy statement Lambda makes of the permission, the pool's ARN and the alias's name given as AWS will know them. */
function functionPolicy(alias: string) {
  expect(permission.source_arn).toBe(refTo(json, "aws_cognito_user_pool", "Auth_UserPool", "arn"));
  expect(permission.qualifier).toBe(refTo(json, "aws_lambda_alias", "PostConfirmation_Alias", "name"));
  expect(permission.function_name).toBe(refTo(json, "aws_lambda_function", "PostConfirmation_Function", "function_name"));
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: String(permission.statement_id),
        Effect: "Allow",
        Principal: { Service: String(permission.principal) },
        Action: String(permission.action),
        Resource: `${functionArn}:${alias}`,
        Condition: { ArnLike: { "AWS:SourceArn": poolArn }, StringEquals: { "AWS:SourceAccount": String(permission.source_account) } },
      },
    ],
  };
}

function invoke(options: { principal?: string; resource?: string; sourceArn?: string; sourceAccount?: string; action?: string } = {}): Promise<Decision> {
  return decideForService(
    options.principal ?? "cognito-idp.amazonaws.com",
    account,
    {
      action: options.action ?? "lambda:InvokeFunction",
      resource: options.resource ?? `${functionArn}:live`,
      context: { "aws:SourceArn": options.sourceArn ?? poolArn, "aws:SourceAccount": options.sourceAccount ?? account },
    },
    functionPolicy("live"),
  );
}

describe("CognitoAuth's trigger permission, evaluated", () => {
  test("the module makes no role of its own: the function's execution role is the only one", () => {
    expect(countOf(json, "aws_iam_role")).toBe(1);
    expect(onlyResource(json, "aws_iam_role").name).toBe("acme-test-post-confirmation");
  });

  test("Cognito, for this pool of this account, may invoke the alias", async () => {
    expect(await invoke()).toBe("Allowed");
  });

  test("another pool, or a pool of another account, may not", async () => {
    expect(await invoke({ sourceArn: `arn:aws:cognito-idp:${region}:${account}:userpool/${region}_Other1234` })).not.toBe("Allowed");
    expect(await invoke({ sourceArn: `arn:aws:cognito-idp:${region}:210987654321:userpool/${region}_AbCdEfGhI`, sourceAccount: "210987654321" })).not.toBe("Allowed");
  });

  test("only the alias: neither the unqualified function nor $LATEST nor another alias", async () => {
    expect(await invoke({ resource: functionArn })).not.toBe("Allowed");
    expect(await invoke({ resource: `${functionArn}:$LATEST` })).not.toBe("Allowed");
    expect(await invoke({ resource: `${functionArn}:canary` })).not.toBe("Allowed");
  });

  test("only Cognito, and only to invoke", async () => {
    expect(await invoke({ principal: "apigateway.amazonaws.com" })).not.toBe("Allowed");
    expect(await invoke({ action: "lambda:UpdateFunctionCode" })).not.toBe("Allowed");
  });
});
