import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaAlias } from "@cdktf/provider-aws/lib/lambda-alias";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaFunctionRecursionConfig } from "@cdktf/provider-aws/lib/lambda-function-recursion-config";
import { LambdaFunctionUrl } from "@cdktf/provider-aws/lib/lambda-function-url";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { SqsQueueRedrivePolicy } from "@cdktf/provider-aws/lib/sqs-queue-redrive-policy";
import { TerraformStack, Testing } from "cdktf";
import { ALL_RULES, applyPolicyPack, evaluate, StackJson } from "../../policies";
import { dataPreventDestroy } from "../../policies/rules/data/data-prevent-destroy";
import { iamNoWildcardResource } from "../../policies/rules/iam/iam-no-wildcard-resource";
import { lambdaAsyncFailureDestination } from "../../policies/rules/lambda/lambda-async-failure-destination";
import { lambdaEventSourceMappingBounded } from "../../policies/rules/lambda/lambda-event-source-mapping-bounded";
import { lambdaEventSourceMappingItemFailures } from "../../policies/rules/lambda/lambda-event-source-mapping-item-failures";
import { lambdaFunctionUrlAuth } from "../../policies/rules/lambda/lambda-function-url-auth";
import { lambdaNoSecretsInEnvironment } from "../../policies/rules/lambda/lambda-no-secrets-in-environment";
import { lambdaOwnLogGroup } from "../../policies/rules/lambda/lambda-own-log-group";
import { lambdaPermissionScoped } from "../../policies/rules/lambda/lambda-permission-scoped";
import { lambdaRecursionTerminate } from "../../policies/rules/lambda/lambda-recursion-terminate";
import { lambdaTracing } from "../../policies/rules/lambda/lambda-tracing";
import { logsRetention } from "../../policies/rules/logs/logs-retention";
import { sqsFailureQueuePreventDestroy } from "../../policies/rules/sqs/sqs-failure-queue-prevent-destroy";
import { sqsQueueEncrypted } from "../../policies/rules/sqs/sqs-queue-encrypted";
import { sqsQueueTlsOnly } from "../../policies/rules/sqs/sqs-queue-tls-only";
import { testApp } from "../support/synth";
import { expectFlagged, expectPass, Fixture, fixtureStack, reportFor, resultFor } from "./harness";

const FUNCTION = "aws_lambda_function.Api";
const QUEUE = "aws_sqs_queue.Failures";
const PERMISSION = "aws_lambda_permission.FromHttpApi";
const RECURSION = "aws_lambda_function_recursion_config.Recursion";
const PROTECTED = { protected: true };

const doc = (...statements: Record<string, unknown>[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const denyInsecure = (resource: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "sqs:*",
  Resource: resource,
  Condition: { Bool: { "aws:SecureTransport": "false" } },
  ...extra,
});

/**
 * Provider resources synthesized in a stack of their own, read back as fixtures (type, Terraform
 * name, values as synthesized), so the rules see exactly the JSON the provider bindings write.
 * Top-level construct ids are the Terraform names, so references between fixtures hold.
 */
function providerFixtures(build: (stack: TerraformStack) => void): Fixture[] {
  const json = synthesizedJson(build);
  return Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, synthesized]) => {
      const { "//": _metadata, ...values } = synthesized;
      return { type, name, values };
    }),
  );
}

/** The JSON of a stack of provider resources (with an AWS provider). */
function synthesizedJson(build: (stack: TerraformStack) => void): StackJson & { resource?: Record<string, Record<string, Record<string, unknown>>> } {
  const stack = new TerraformStack(testApp(), "fixtures");
  new AwsProvider(stack, "Aws", { region: "us-east-1" });
  build(stack);
  return stack.toTerraform() as StackJson & { resource?: Record<string, Record<string, Record<string, unknown>>> };
}

/** The fixtures with one resource's values replaced by `change(values)`. */
function changed(fixtures: readonly Fixture[], address: string, change: (values: Record<string, unknown>) => Record<string, unknown>): Fixture[] {
  if (!fixtures.some((f) => `${f.type}.${f.name}` === address)) throw new Error(`no fixture ${address}`);
  return fixtures.map((f) => (`${f.type}.${f.name}` === address ? { ...f, values: change({ ...f.values }) } : f));
}

/** The fixtures without one resource. */
const without = (fixtures: readonly Fixture[], address: string): Fixture[] => fixtures.filter((f) => `${f.type}.${f.name}` !== address);

/** The shapes a `lambda-function` stack synthesizes, every setting as the pack wants it. */
interface FunctionStackOptions {
  readonly environment?: Record<string, string>;
}

function functionStack(options: FunctionStackOptions = {}): Fixture[] {
  return providerFixtures((s) => {
    const api = new Apigatewayv2Api(s, "HttpApi", { name: "app-http-api", protocolType: "HTTP" });
    const logs = new CloudwatchLogGroup(s, "Logs", { name: "/aws/lambda/app-api", retentionInDays: 14 });
    const queue = new SqsQueue(s, "Failures", { name: "app-api-failures", sqsManagedSseEnabled: true, messageRetentionSeconds: 1_209_600 });
    new SqsQueuePolicy(s, "FailuresPolicy", { queueUrl: queue.url, policy: doc(denyInsecure(queue.arn)) });
    const role = new IamRole(s, "Role", {
      name: "app-api",
      assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }),
    });
    new IamRolePolicy(s, "RolePolicy", {
      role: role.id,
      policy: doc(
        { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logs.arn}:*` },
        { Effect: "Allow", Action: "sqs:SendMessage", Resource: queue.arn },
        { Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "ec2:DescribeNetworkInterfaces"], Resource: "*" },
      ),
    });
    const fn = new LambdaFunction(s, "Api", {
      functionName: "app-api",
      role: role.arn,
      architectures: ["arm64"],
      memorySize: 512,
      timeout: 30,
      runtime: "python3.12",
      handler: "app.handler",
      publish: true,
      filename: "dist/api.zip",
      sourceCodeHash: "c29tZSBoYXNo",
      environment: {
        variables: options.environment ?? {
          DJANGO_SETTINGS_MODULE: "app.settings",
          MEDIA_BUCKET: "app-media",
          DB_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-db-AbCdEf",
          DB_PASSWORD_ARN: "arn:aws:ssm:us-east-1:123456789012:parameter/app/db/password",
          QUEUE_URL: queue.url,
        },
      },
      tracingConfig: { mode: "Active" },
      loggingConfig: { logFormat: "JSON", logGroup: logs.name },
      dependsOn: [logs],
    });
    const alias = new LambdaAlias(s, "Live", { functionName: fn.functionName, functionVersion: fn.version, name: "live" });
    new LambdaFunctionEventInvokeConfig(s, "Async", {
      functionName: fn.functionName,
      qualifier: alias.name,
      maximumRetryAttempts: 0,
      maximumEventAgeInSeconds: 3600,
      destinationConfig: { onFailure: { destination: queue.arn } },
    });
    new LambdaFunctionRecursionConfig(s, "Recursion", { functionName: fn.functionName, recursiveLoop: "Terminate" });
    new LambdaPermission(s, "FromHttpApi", {
      action: "lambda:InvokeFunction",
      functionName: fn.functionName,
      qualifier: alias.name,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${api.executionArn}/*/*`,
    });
  });
}

const STACK = functionStack();

describe("a function's stack as the lambda-function module writes it", () => {
  it("passes every rule of the pack; protected, once its failure queue has prevent_destroy", () => {
    const failures = (fixtures: readonly Fixture[], options = {}) =>
      ALL_RULES.flatMap((rule) => reportFor(rule, fixtures, options).results.filter((r) => r.status === "fail").map((r) => `${rule.id} ${r.subject.address}`));
    expect(failures(STACK)).toEqual([]);
    expect(failures(STACK, PROTECTED)).toEqual(["sqs-failure-queue-prevent-destroy aws_sqs_queue.Failures"]);
    expect(failures(changed(STACK, QUEUE, (v) => ({ ...v, lifecycle: { prevent_destroy: true } })), PROTECTED)).toEqual([]);
  });

  it("is judged by the new rules, not merely found not applicable", () => {
    const statuses = (rule: (typeof ALL_RULES)[number], address: string, options = {}) => resultFor(rule, STACK, address, options).status;
    expect([lambdaNoSecretsInEnvironment, lambdaOwnLogGroup, lambdaAsyncFailureDestination].map((r) => statuses(r, FUNCTION))).toEqual(["pass", "pass", "pass"]);
    expect([sqsQueueEncrypted, sqsQueueTlsOnly].map((r) => statuses(r, QUEUE))).toEqual(["pass", "pass"]);
    expect(statuses(sqsFailureQueuePreventDestroy, QUEUE, PROTECTED)).toBe("fail");
  });
});

describe("lambda-no-secrets-in-environment", () => {
  it("passes plain settings, references, and <X>_ARN variables holding an SSM parameter or Secrets Manager ARN", () => {
    expectPass(lambdaNoSecretsInEnvironment, STACK, FUNCTION);
  });

  it("passes a function without environment variables", () => {
    expectPass(lambdaNoSecretsInEnvironment, changed(STACK, FUNCTION, ({ environment: _environment, ...v }) => v), FUNCTION);
  });

  it("fails synth for a secret-like name, naming the variable and never its value", () => {
    const message = expectFlagged(lambdaNoSecretsInEnvironment, functionStack({ environment: { DB_PASSWORD: "hunter2hunter2", APP_ENV: "staging" } }), FUNCTION);
    expect(message).toContain("environment variable DB_PASSWORD has a secret-like name; read the secret at run time and pass its ARN in DB_PASSWORD_ARN");
    expect(message).not.toContain("hunter2");
    expect(message).not.toContain("APP_ENV");
  });

  it("fails synth for a variable named as a secret's ARN that holds something else", () => {
    const message = expectFlagged(lambdaNoSecretsInEnvironment, functionStack({ environment: { DB_SECRET_ARN: "s3cr3t-value" } }), FUNCTION);
    expect(message).toContain("environment variable DB_SECRET_ARN is named as the ARN of a secret but holds no SSM parameter or Secrets Manager ARN");
    expect(message).not.toContain("s3cr3t-value");
  });

  it("fails synth for an access key id and its secret key, a private key, a URL with a password", () => {
    const message = expectFlagged(
      lambdaNoSecretsInEnvironment,
      functionStack({
        environment: {
          UPLOADER_ID: "AKIAIOSFODNN7EXAMPLE",
          UPLOADER_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          SIGNING_CERT: "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----",
          DATABASE_URL: "postgres://app:s3cret@db.internal:5432/app",
        },
      }),
      FUNCTION,
    );
    expect(message).toContain("environment variable UPLOADER_ID holds an AWS access key id");
    expect(message).toContain("environment variable UPLOADER_KEY holds what looks like the AWS secret access key");
    expect(message).toContain("environment variable SIGNING_CERT holds a private key");
    expect(message).toContain("environment variable DATABASE_URL holds a URL with an inline password");
    for (const secret of ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI", "s3cret"]) expect(message).not.toContain(secret);
  });

  it("fails synth for variables it cannot read", () => {
    const fixtures = changed(STACK, FUNCTION, (v) => ({ ...v, environment: { variables: "${var.environment}" } }));
    expect(expectFlagged(lambdaNoSecretsInEnvironment, fixtures, FUNCTION)).toContain("environment.variables is a Terraform expression, which the pack cannot read at synth");
  });

  it("does not look at other resources", () => {
    expect(() => resultFor(lambdaNoSecretsInEnvironment, STACK, QUEUE)).toThrow("did not look at");
  });
});

describe("lambda-own-log-group", () => {
  it("passes JSON logs to the stack's group, referred to (the reference orders the group first)", () => {
    expectPass(lambdaOwnLogGroup, STACK, FUNCTION);
    expectPass(lambdaOwnLogGroup, changed(STACK, FUNCTION, ({ depends_on: _dependsOn, ...v }) => v), FUNCTION);
  });

  it("passes a group named by its literal name when depends_on lists it", () => {
    // The harness's fixtures cannot carry depends_on (cdktf writes its own), so this stack is evaluated as synthesized.
    const build = (dependsOn: boolean) => (s: TerraformStack) => {
      const logs = new CloudwatchLogGroup(s, "Logs", { name: "/aws/lambda/app-worker", retentionInDays: 14 });
      new LambdaFunction(s, "Worker", {
        functionName: "app-worker",
        role: "arn:aws:iam::123456789012:role/app-worker",
        runtime: "python3.12",
        handler: "app.handler",
        filename: "dist/worker.zip",
        loggingConfig: { logFormat: "JSON", logGroup: "/aws/lambda/app-worker" },
        ...(dependsOn ? { dependsOn: [logs] } : {}),
      });
    };
    const result = (dependsOn: boolean) =>
      evaluate(synthesizedJson(build(dependsOn)), { protected: false, rules: [lambdaOwnLogGroup] }).results.find((r) => r.subject.address === "aws_lambda_function.Worker");
    expect(result(true)).toMatchObject({ status: "pass" });
    expect(result(false)).toMatchObject({ status: "fail", detail: expect.stringContaining("by its literal name and depends_on does not list it") });
  });

  it("fails synth for a function without logging_config", () => {
    const message = expectFlagged(lambdaOwnLogGroup, changed(STACK, FUNCTION, ({ logging_config: _config, ...v }) => v), FUNCTION);
    expect(message).toContain("logging_config is not set: Lambda writes to /aws/lambda/<function name>, a group it creates itself, with no retention");
  });

  it("fails synth for Text logs and for no log group", () => {
    const message = expectFlagged(lambdaOwnLogGroup, changed(STACK, FUNCTION, (v) => ({ ...v, logging_config: { log_format: "Text" } })), FUNCTION);
    expect(message).toContain('logging_config.log_format is "Text"; use JSON');
    expect(message).toContain("logging_config.log_group is not set");
  });

  it("fails synth for a group the stack does not create", () => {
    const fixtures = changed(STACK, FUNCTION, (v) => ({ ...v, logging_config: { log_format: "JSON", log_group: "/shared/lambda" } }));
    expect(expectFlagged(lambdaOwnLogGroup, fixtures, FUNCTION)).toContain('logging_config.log_group "/shared/lambda" is not a log group this stack creates');
  });

  it("fails synth for a group named by its literal name without depends_on", () => {
    const fixtures = changed(STACK, FUNCTION, ({ depends_on: _dependsOn, ...v }) => ({ ...v, logging_config: { log_format: "JSON", log_group: "/aws/lambda/app-api" } }));
    expect(expectFlagged(lambdaOwnLogGroup, fixtures, FUNCTION)).toContain(
      "logging_config.log_group names aws_cloudwatch_log_group.Logs by its literal name and depends_on does not list it",
    );
  });

  it("leaves the group's retention to logs-retention, which fails the function's group without one", () => {
    const fixtures = changed(STACK, "aws_cloudwatch_log_group.Logs", ({ retention_in_days: _days, ...v }) => v);
    expectPass(lambdaOwnLogGroup, fixtures, FUNCTION);
    expect(expectFlagged(logsRetention, fixtures, "aws_cloudwatch_log_group.Logs")).toContain("retention_in_days is not set (logs are kept forever)");
  });

  it("does not look at other resources", () => {
    expect(() => resultFor(lambdaOwnLogGroup, STACK, "aws_cloudwatch_log_group.Logs")).toThrow("did not look at");
  });
});

describe("lambda-async-failure-destination", () => {
  it("passes a function whose alias's event invoke config sends failures to the queue with both limits set", () => {
    expectPass(lambdaAsyncFailureDestination, STACK, FUNCTION);
  });

  it("finds a config on the function's literal name", () => {
    const fixtures = changed(STACK, "aws_lambda_function_event_invoke_config.Async", (v) => ({ ...v, function_name: "app-api" }));
    expectPass(lambdaAsyncFailureDestination, fixtures, FUNCTION);
  });

  it("fails synth for a function without an event invoke config, naming AWS's defaults", () => {
    const message = expectFlagged(lambdaAsyncFailureDestination, without(STACK, "aws_lambda_function_event_invoke_config.Async"), FUNCTION);
    expect(message).toContain("no aws_lambda_function_event_invoke_config: failed asynchronous events get AWS's defaults (2 retries, 6 hours) and are then dropped");
  });

  it("fails synth for a config without a failure destination or without its limits", () => {
    const fixtures = changed(STACK, "aws_lambda_function_event_invoke_config.Async", (v) => ({ function_name: v.function_name, qualifier: v.qualifier }));
    const message = expectFlagged(lambdaAsyncFailureDestination, fixtures, FUNCTION);
    expect(message).toContain("aws_lambda_function_event_invoke_config.Async has no destination_config.on_failure.destination");
    expect(message).toContain("does not set maximum_retry_attempts (AWS's default: 2)");
    expect(message).toContain("does not set maximum_event_age_in_seconds (AWS's default: 21600, 6 hours)");
  });

  it("does not count a legacy dead_letter_config", () => {
    const fixtures = changed(without(STACK, "aws_lambda_function_event_invoke_config.Async"), FUNCTION, (v) => ({ ...v, dead_letter_config: { target_arn: "${aws_sqs_queue.Failures.arn}" } }));
    expect(resultFor(lambdaAsyncFailureDestination, fixtures, FUNCTION).status).toBe("fail");
  });

  it("does not look at other resources", () => {
    expect(() => resultFor(lambdaAsyncFailureDestination, STACK, "aws_lambda_function_event_invoke_config.Async")).toThrow("did not look at");
  });
});

describe("lambda-recursion-terminate", () => {
  it("passes a recursion config that terminates loops", () => {
    expectPass(lambdaRecursionTerminate, STACK, RECURSION);
  });

  it("fails synth for Allow", () => {
    const fixtures = changed(STACK, RECURSION, (v) => ({ ...v, recursive_loop: "Allow" }));
    expect(expectFlagged(lambdaRecursionTerminate, fixtures, RECURSION)).toContain("recursive_loop is Allow");
  });

  it("fails synth for a setting it cannot read", () => {
    const fixtures = changed(STACK, RECURSION, (v) => ({ ...v, recursive_loop: "${var.loop}" }));
    expect(expectFlagged(lambdaRecursionTerminate, fixtures, RECURSION)).toContain("which the pack cannot read at synth");
  });

  it("is not applicable to a function without a recursion config (AWS's default terminates)", () => {
    const report = reportFor(lambdaRecursionTerminate, without(STACK, RECURSION));
    expect(report.results).toEqual([]);
  });
});

describe("lambda-permission-scoped", () => {
  it("passes the HTTP API's permission, scoped to the API's execution ARN", () => {
    expectPass(lambdaPermissionScoped, STACK, PERMISSION);
  });

  it("passes a literal execute-api ARN naming the account and the API, and another service with a source ARN", () => {
    const literal = changed(STACK, PERMISSION, (v) => ({ ...v, source_arn: "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*" }));
    expectPass(lambdaPermissionScoped, literal, PERMISSION);
    const events = changed(STACK, PERMISSION, (v) => ({ ...v, principal: "events.amazonaws.com", source_arn: "${aws_cloudwatch_event_rule.Nightly.arn}" }));
    expectPass(lambdaPermissionScoped, events, PERMISSION);
  });

  it("fails synth for a service principal without a source ARN", () => {
    const fixtures = changed(STACK, PERMISSION, ({ source_arn: _arn, ...v }) => v);
    expect(expectFlagged(lambdaPermissionScoped, fixtures, PERMISSION)).toContain(
      "principal apigateway.amazonaws.com with no source_arn: that service acting for any account may invoke the function",
    );
  });

  it("fails synth for an API Gateway source ARN that is not one API's execute-api ARN", () => {
    const cases: [string, string][] = [
      ["arn:aws:s3:::some-bucket", "is not under execute-api"],
      ["arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/*", 'does not name the account ("*")'],
      ["arn:aws:execute-api:us-east-1:123456789012:*", "does not name the API"],
      ["${aws_s3_bucket.B.arn}/*", "does not start with an API's execution_arn"],
    ];
    for (const [sourceArn, problem] of cases) {
      expect(expectFlagged(lambdaPermissionScoped, changed(STACK, PERMISSION, (v) => ({ ...v, source_arn: sourceArn })), PERMISSION)).toContain(problem);
    }
  });

  it('fails synth for principal "*"', () => {
    expect(expectFlagged(lambdaPermissionScoped, changed(STACK, PERMISSION, (v) => ({ ...v, principal: "*" })), PERMISSION)).toContain('principal is "*"');
  });

  it("is not applicable to a permission for an account", () => {
    const result = resultFor(lambdaPermissionScoped, changed(STACK, PERMISSION, ({ source_arn: _arn, ...v }) => ({ ...v, principal: "123456789012" })), PERMISSION);
    expect(result).toMatchObject({ status: "not-applicable", detail: "principal 123456789012 is an account or role, not a service" });
  });

  it("is switched off for a resource by a suppression with its reason, like every rule", () => {
    const fixtures = changed(STACK, PERMISSION, ({ source_arn: _arn, ...v }) => v).map((f) =>
      `${f.type}.${f.name}` === PERMISSION ? { ...f, suppressions: [{ id: "lambda-permission-scoped", reason: "The partner's account invokes this function through its own API, named in the contract." }] } : f,
    );
    expect(resultFor(lambdaPermissionScoped, fixtures, PERMISSION).status).toBe("suppressed");
  });
});

describe("sqs-queue-encrypted", () => {
  it("passes SSE-SQS and SSE-KMS", () => {
    expectPass(sqsQueueEncrypted, STACK, QUEUE);
    const kms = changed(STACK, QUEUE, ({ sqs_managed_sse_enabled: _sse, ...v }) => ({ ...v, kms_master_key_id: "${aws_kms_key.Queue.arn}" }));
    expectPass(sqsQueueEncrypted, kms, QUEUE);
  });

  it("fails synth for a queue that sets neither, not counting on the account's default", () => {
    const fixtures = changed(STACK, QUEUE, ({ sqs_managed_sse_enabled: _sse, ...v }) => v);
    expect(expectFlagged(sqsQueueEncrypted, fixtures, QUEUE)).toContain("neither sqs_managed_sse_enabled nor kms_master_key_id is set");
  });

  it("fails synth for SSE-SQS turned off", () => {
    const fixtures = changed(STACK, QUEUE, (v) => ({ ...v, sqs_managed_sse_enabled: false }));
    expect(expectFlagged(sqsQueueEncrypted, fixtures, QUEUE)).toContain("sqs_managed_sse_enabled is false and no kms_master_key_id is set");
  });

  it("does not look at other resources", () => {
    expect(() => resultFor(sqsQueueEncrypted, STACK, "aws_sqs_queue_policy.FailuresPolicy")).toThrow("did not look at");
  });
});

describe("sqs-queue-tls-only", () => {
  const POLICY = "aws_sqs_queue_policy.FailuresPolicy";

  it("passes a queue policy that denies insecure transport on the queue, or an inline one on its literal ARN", () => {
    expectPass(sqsQueueTlsOnly, STACK, QUEUE);
    const inline = changed(without(STACK, POLICY), QUEUE, (v) => ({ ...v, policy: doc(denyInsecure("arn:aws:sqs:us-east-1:123456789012:app-api-failures")) }));
    expectPass(sqsQueueTlsOnly, inline, QUEUE);
  });

  it("fails synth for a queue without a policy", () => {
    expect(expectFlagged(sqsQueueTlsOnly, without(STACK, POLICY), QUEUE)).toContain("no queue policy (aws_sqs_queue_policy or inline policy) on the queue");
  });

  it("fails synth for a policy whose deny misses the queue, the actions or the condition", () => {
    const variants = [
      denyInsecure("arn:aws:sqs:us-east-1:123456789012:other-queue"),
      denyInsecure("${aws_sqs_queue.Failures.arn}", { Action: "sqs:SendMessage" }),
      denyInsecure("${aws_sqs_queue.Failures.arn}", { Condition: { Bool: { "aws:SecureTransport": "false" }, StringEquals: { "aws:SourceVpce": "vpce-1" } } }),
      denyInsecure("${aws_sqs_queue.Failures.arn}", { Effect: "Allow" }),
    ];
    for (const statement of variants) {
      const message = expectFlagged(sqsQueueTlsOnly, changed(STACK, POLICY, (v) => ({ ...v, policy: doc(statement) })), QUEUE);
      expect(message).toContain(`${POLICY} policy has no Deny statement for principal "*" on sqs:* covering the queue`);
    }
  });

  it("fails synth for a policy it cannot read", () => {
    const fixtures = changed(STACK, POLICY, (v) => ({ ...v, policy: "${data.aws_iam_policy_document.queue.json}" }));
    expect(expectFlagged(sqsQueueTlsOnly, fixtures, QUEUE)).toContain("is a Terraform expression");
  });

  it("does not look at other resources", () => {
    expect(() => resultFor(sqsQueueTlsOnly, STACK, POLICY)).toThrow("did not look at");
  });
});

describe("sqs-failure-queue-prevent-destroy", () => {
  const guarded = changed(STACK, QUEUE, (v) => ({ ...v, lifecycle: { prevent_destroy: true } }));

  it("passes a failure queue with prevent_destroy in a protected environment", () => {
    expectPass(sqsFailureQueuePreventDestroy, guarded, QUEUE, PROTECTED);
  });

  it("fails synth, protected, for a failure queue Terraform may destroy, naming what sends it failures", () => {
    const message = expectFlagged(sqsFailureQueuePreventDestroy, STACK, QUEUE, PROTECTED);
    expect(message).toContain("lifecycle.prevent_destroy not set; the queue receives the failures of aws_lambda_function_event_invoke_config.Async on_failure");
  });

  it("knows a dead-letter queue by a function's dead_letter_config and by another queue's redrive policy", () => {
    const noConfig = without(STACK, "aws_lambda_function_event_invoke_config.Async");
    const byDlq = changed(noConfig, FUNCTION, (v) => ({ ...v, dead_letter_config: { target_arn: "${aws_sqs_queue.Failures.arn}" } }));
    expect(resultFor(sqsFailureQueuePreventDestroy, byDlq, QUEUE, PROTECTED).detail).toContain("aws_lambda_function.Api dead_letter_config");
    const jobs: Fixture = {
      type: "aws_sqs_queue",
      name: "Jobs",
      values: { name: "jobs", sqs_managed_sse_enabled: true, redrive_policy: JSON.stringify({ deadLetterTargetArn: "${aws_sqs_queue.Failures.arn}", maxReceiveCount: 5 }) },
    };
    const byRedrive = [...noConfig, jobs];
    expect(resultFor(sqsFailureQueuePreventDestroy, byRedrive, QUEUE, PROTECTED).detail).toContain("aws_sqs_queue.Jobs redrive_policy");
    // The work queue itself receives no failures.
    expect(resultFor(sqsFailureQueuePreventDestroy, byRedrive, "aws_sqs_queue.Jobs", PROTECTED)).toMatchObject({ status: "not-applicable", detail: "the queue receives no failed events" });
  });

  it("does not apply outside protected environments", () => {
    expect(resultFor(sqsFailureQueuePreventDestroy, STACK, QUEUE).status).toBe("not-applicable");
  });

  it("guards the failure queue, which data-prevent-destroy (by type) does not look at", () => {
    expect(() => resultFor(dataPreventDestroy, STACK, QUEUE, PROTECTED)).toThrow("did not look at");
  });
});

describe("the IAM rules on a function's role", () => {
  const ROLE_POLICY = "aws_iam_role_policy.RolePolicy";

  it("pass the role's logs, queue, X-Ray and Describe grants", () => {
    expect(resultFor(iamNoWildcardResource, STACK, ROLE_POLICY).status).toBe("pass");
  });

  it("flag a VPC function's network interface calls on Resource *, which take ARNs", () => {
    const fixtures = changed(STACK, ROLE_POLICY, (v) => ({
      ...v,
      policy: doc({ Effect: "Allow", Action: ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces"], Resource: "*" }),
    }));
    const result = resultFor(iamNoWildcardResource, fixtures, ROLE_POLICY);
    expect(result.status).toBe("fail");
    expect(result.detail).toContain("ec2:CreateNetworkInterface, ec2:DeleteNetworkInterface on Resource");
    expect(result.detail).not.toContain("ec2:DescribeNetworkInterfaces");
  });
});

describe("lambda-tracing", () => {
  it("passes a function with active tracing", () => {
    expectPass(lambdaTracing, STACK, FUNCTION);
  });

  it("fails synth for a function without tracing_config (PassThrough)", () => {
    const message = expectFlagged(lambdaTracing, changed(STACK, FUNCTION, ({ tracing_config: _tracing, ...v }) => v), FUNCTION);
    expect(message).toContain('tracing_config is not set (PassThrough): set tracing_config { mode = "Active" }');
  });

  it("fails synth for PassThrough, a block without a mode, and a mode it cannot read", () => {
    expect(expectFlagged(lambdaTracing, changed(STACK, FUNCTION, (v) => ({ ...v, tracing_config: { mode: "PassThrough" } })), FUNCTION)).toContain(
      'tracing_config.mode is "PassThrough": set it to "Active"',
    );
    expect(expectFlagged(lambdaTracing, changed(STACK, FUNCTION, (v) => ({ ...v, tracing_config: {} })), FUNCTION)).toContain("tracing_config.mode is not set (PassThrough)");
    expect(expectFlagged(lambdaTracing, changed(STACK, FUNCTION, (v) => ({ ...v, tracing_config: { mode: "${var.mode}" } })), FUNCTION)).toContain(
      "which the pack cannot read at synth",
    );
  });

  it("does not look at other resources", () => {
    expect(() => resultFor(lambdaTracing, STACK, PERMISSION)).toThrow("did not look at");
  });
});

describe("lambda-function-url-auth", () => {
  const URL = "aws_lambda_function_url.Url";
  const URL_PERMISSION = "aws_lambda_permission.FromUrl";
  const withUrl = (authorizationType: string, permission?: Record<string, unknown>): Fixture[] => [
    ...STACK,
    ...providerFixtures((s) => {
      new LambdaFunctionUrl(s, "Url", { functionName: "app-api", qualifier: "live", authorizationType });
      if (permission !== undefined) {
        new LambdaPermission(s, "FromUrl", { action: "lambda:InvokeFunctionUrl", functionName: "app-api", principal: "*", ...permission });
      }
    }),
  ];

  it("passes a URL that requires IAM authorization, and its permission for signed callers", () => {
    expectPass(lambdaFunctionUrlAuth, withUrl("AWS_IAM"), URL);
    const fixtures = withUrl("AWS_IAM", { principal: "arn:aws:iam::123456789012:role/caller", functionUrlAuthType: "AWS_IAM" });
    expectPass(lambdaFunctionUrlAuth, fixtures, URL_PERMISSION);
  });

  it("fails synth for a URL with authorization_type NONE", () => {
    expect(expectFlagged(lambdaFunctionUrlAuth, withUrl("NONE"), URL)).toContain('authorization_type is "NONE": anyone may call the function URL; set authorization_type = "AWS_IAM"');
  });

  it('fails synth for a permission opening a URL to principal "*" without authorization', () => {
    const fixtures = withUrl("AWS_IAM", { functionUrlAuthType: "NONE" });
    expect(expectFlagged(lambdaFunctionUrlAuth, fixtures, URL_PERMISSION)).toContain('function_url_auth_type is "NONE" with principal "*": anyone may call the function URL');
  });

  it("fails synth for an authorization type it cannot read", () => {
    expect(expectFlagged(lambdaFunctionUrlAuth, withUrl("${var.auth}"), URL)).toContain("which the pack cannot read at synth");
  });

  it("is not applicable to a permission that is not for a function URL", () => {
    expect(resultFor(lambdaFunctionUrlAuth, STACK, PERMISSION)).toMatchObject({ status: "not-applicable", detail: "the permission is not for a function URL (no function_url_auth_type)" });
  });
});

/** A function's mappings from a DynamoDB stream and an SQS work queue, every setting as the pack wants it. */
const MAPPINGS = providerFixtures((s) => {
  const table = new DynamodbTable(s, "Items", {
    name: "app-items",
    billingMode: "PAY_PER_REQUEST",
    hashKey: "pk",
    attribute: [{ name: "pk", type: "S" }],
    streamEnabled: true,
    streamViewType: "NEW_AND_OLD_IMAGES",
    pointInTimeRecovery: { enabled: true },
  });
  const streamFailures = new SqsQueue(s, "StreamFailures", { name: "app-items-stream-failures", sqsManagedSseEnabled: true });
  new LambdaEventSourceMapping(s, "FromItems", {
    functionName: "app-api",
    eventSourceArn: table.streamArn,
    startingPosition: "LATEST",
    maximumRetryAttempts: 3,
    maximumRecordAgeInSeconds: 3600,
    bisectBatchOnFunctionError: true,
    destinationConfig: { onFailure: { destinationArn: streamFailures.arn } },
    functionResponseTypes: ["ReportBatchItemFailures"],
  });
  const dead = new SqsQueue(s, "JobsDead", { name: "app-jobs-dead", sqsManagedSseEnabled: true });
  const jobs = new SqsQueue(s, "Jobs", {
    name: "app-jobs",
    sqsManagedSseEnabled: true,
    redrivePolicy: JSON.stringify({ deadLetterTargetArn: dead.arn, maxReceiveCount: 5 }),
  });
  new LambdaEventSourceMapping(s, "FromJobs", { functionName: "app-api", eventSourceArn: jobs.arn, batchSize: 10, functionResponseTypes: ["ReportBatchItemFailures"] });
});
const FROM_ITEMS = "aws_lambda_event_source_mapping.FromItems";
const FROM_JOBS = "aws_lambda_event_source_mapping.FromJobs";

describe("lambda-event-source-mapping-bounded", () => {
  it("passes a DynamoDB stream mapping with bounded retries, bisection and an on-failure destination, and a queue mapping whose queue has a dead-letter queue", () => {
    expectPass(lambdaEventSourceMappingBounded, MAPPINGS, FROM_ITEMS);
    expectPass(lambdaEventSourceMappingBounded, MAPPINGS, FROM_JOBS);
  });

  it("passes a literal Kinesis stream ARN with the same settings, and a queue whose redrive policy is a resource of its own", () => {
    const kinesis = changed(MAPPINGS, FROM_ITEMS, (v) => ({ ...v, event_source_arn: "arn:aws:kinesis:eu-west-1:123456789012:stream/app-events" }));
    expectPass(lambdaEventSourceMappingBounded, kinesis, FROM_ITEMS);
    const separate = [
      ...changed(MAPPINGS, "aws_sqs_queue.Jobs", ({ redrive_policy: _redrive, ...v }) => v),
      ...providerFixtures((s) => {
        new SqsQueueRedrivePolicy(s, "JobsRedrive", {
          queueUrl: "${aws_sqs_queue.Jobs.url}",
          redrivePolicy: JSON.stringify({ deadLetterTargetArn: "${aws_sqs_queue.JobsDead.arn}", maxReceiveCount: 5 }),
        });
      }),
    ];
    expectPass(lambdaEventSourceMappingBounded, separate, FROM_JOBS);
  });

  it("fails synth for a stream mapping left at AWS's defaults, naming each setting", () => {
    const fixtures = changed(MAPPINGS, FROM_ITEMS, (v) => ({ function_name: v.function_name, event_source_arn: v.event_source_arn, starting_position: "LATEST" }));
    const message = expectFlagged(lambdaEventSourceMappingBounded, fixtures, FROM_ITEMS);
    expect(message).toContain("event_source_arn aws_dynamodb_table.Items.stream_arn: maximum_retry_attempts is not set (AWS's default -1: retries until the record expires");
    expect(message).toContain("maximum_record_age_in_seconds is not set (AWS's default -1");
    expect(message).toContain("bisect_batch_on_function_error is not true");
    expect(message).toContain("destination_config.on_failure.destination_arn is not set");
  });

  it("fails synth for -1 (forever), given as a number or a string, on a literal DynamoDB stream ARN", () => {
    const fixtures = changed(MAPPINGS, FROM_ITEMS, (v) => ({
      ...v,
      event_source_arn: "arn:aws:dynamodb:eu-west-1:123456789012:table/app-items/stream/2026-01-01T00:00:00.000",
      maximum_retry_attempts: -1,
      maximum_record_age_in_seconds: "-1",
    }));
    const message = expectFlagged(lambdaEventSourceMappingBounded, fixtures, FROM_ITEMS);
    expect(message).toContain("maximum_retry_attempts is -1");
    expect(message).toContain("maximum_record_age_in_seconds is -1");
    expect(message).not.toContain("bisect_batch_on_function_error");
  });

  it("fails synth for a queue of the stack without a redrive policy, found by reference or by its literal ARN", () => {
    const noRedrive = changed(MAPPINGS, "aws_sqs_queue.Jobs", ({ redrive_policy: _redrive, ...v }) => v);
    expect(expectFlagged(lambdaEventSourceMappingBounded, noRedrive, FROM_JOBS)).toContain("the queue aws_sqs_queue.Jobs has no redrive policy");
    const literal = changed(noRedrive, FROM_JOBS, (v) => ({ ...v, event_source_arn: "arn:aws:sqs:eu-west-1:123456789012:app-jobs" }));
    expect(expectFlagged(lambdaEventSourceMappingBounded, literal, FROM_JOBS)).toContain("the queue aws_sqs_queue.Jobs has no redrive policy");
    const noTarget = changed(MAPPINGS, "aws_sqs_queue.Jobs", (v) => ({ ...v, redrive_policy: JSON.stringify({ maxReceiveCount: 5 }) }));
    expect(expectFlagged(lambdaEventSourceMappingBounded, noTarget, FROM_JOBS)).toContain("aws_sqs_queue.Jobs redrive_policy has no deadLetterTargetArn");
  });

  it("is not applicable to a queue the stack does not hold, or to a source that is neither a stream nor a queue", () => {
    const foreign = changed(MAPPINGS, FROM_JOBS, (v) => ({ ...v, event_source_arn: "arn:aws:sqs:eu-west-1:123456789012:shared-jobs" }));
    expect(resultFor(lambdaEventSourceMappingBounded, foreign, FROM_JOBS).status).toBe("not-applicable");
    const kafka = changed(MAPPINGS, FROM_ITEMS, (v) => ({ function_name: v.function_name, event_source_arn: "arn:aws:kafka:eu-west-1:123456789012:cluster/app/abc", topics: ["orders"] }));
    expect(resultFor(lambdaEventSourceMappingBounded, kafka, FROM_ITEMS)).toMatchObject({
      status: "not-applicable",
      detail: "the source is not a DynamoDB stream, a Kinesis stream or an SQS queue",
    });
  });
});

describe("lambda-event-source-mapping-item-failures", () => {
  it("passes stream and queue mappings that report batch item failures", () => {
    expectPass(lambdaEventSourceMappingItemFailures, MAPPINGS, FROM_ITEMS);
    expectPass(lambdaEventSourceMappingItemFailures, MAPPINGS, FROM_JOBS);
  });

  it("warns, and synth goes on, for a stream mapping without ReportBatchItemFailures", () => {
    const fixtures = changed(MAPPINGS, FROM_ITEMS, ({ function_response_types: _types, ...v }) => v);
    expect(expectFlagged(lambdaEventSourceMappingItemFailures, fixtures, FROM_ITEMS)).toContain('function_response_types does not include "ReportBatchItemFailures"');
  });

  it("warns for a queue mapping without it too", () => {
    const fixtures = changed(MAPPINGS, FROM_JOBS, (v) => ({ ...v, function_response_types: [] }));
    expect(expectFlagged(lambdaEventSourceMappingItemFailures, fixtures, FROM_JOBS)).toContain("event_source_arn aws_sqs_queue.Jobs.arn: function_response_types");
  });

  it("is not applicable to other sources", () => {
    const kafka = changed(MAPPINGS, FROM_ITEMS, (v) => ({ function_name: v.function_name, self_managed_event_source: { endpoints: { KAFKA_BOOTSTRAP_SERVERS: "b-1:9092" } } }));
    expect(resultFor(lambdaEventSourceMappingItemFailures, kafka, FROM_ITEMS).status).toBe("not-applicable");
  });
});

describe("a function's log retention: lambda-own-log-group and logs-retention, no rule of its own", () => {
  /** The errors of the whole pack on the fixtures, as a synth with it applied reports them. */
  function packErrors(fixtures: readonly Fixture[]): string {
    const stack = fixtureStack(fixtures);
    applyPolicyPack(stack, { protected: false, onWarning: () => undefined });
    try {
      Testing.synth(stack, true);
      return "";
    } catch (e) {
      return (e as Error).message;
    }
  }

  it("passes the function's stack, whose group keeps its logs 14 days", () => {
    expect(packErrors(STACK)).toBe("");
  });

  it("fails the pack for a function logging to its group when the group has no retention", () => {
    const message = packErrors(changed(STACK, "aws_cloudwatch_log_group.Logs", ({ retention_in_days: _days, ...v }) => v));
    expect(message).toContain('Policy pack: 1 error in stack "policy-test"');
    expect(message).toContain("policy logs-retention (error)");
    expect(message).toContain("aws_cloudwatch_log_group.Logs at policy-test/Logs: retention_in_days is not set (logs are kept forever)");
  });

  it("fails the pack for a function that leaves Lambda to create /aws/lambda/<name>, which has no retention", () => {
    const message = packErrors(changed(STACK, FUNCTION, ({ logging_config: _config, ...v }) => v));
    expect(message).toContain("policy lambda-own-log-group (error)");
    expect(message).toContain(`${FUNCTION} at policy-test/Api: logging_config is not set`);
  });
});
