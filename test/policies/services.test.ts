import { apigwAccessLogs } from "../../policies/rules/api/apigw-access-logs";
import { apigwRouteAuthorization } from "../../policies/rules/api/apigw-route-authorization";
import { apigwThrottling } from "../../policies/rules/api/apigw-throttling";
import { codebuildLogs } from "../../policies/rules/codebuild/codebuild-logs";
import { codebuildNoPlaintextSecrets } from "../../policies/rules/codebuild/codebuild-no-plaintext-secrets";
import { codebuildNotPrivileged } from "../../policies/rules/codebuild/codebuild-not-privileged";
import { logsRetention } from "../../policies/rules/logs/logs-retention";
import { snsTopicEncrypted } from "../../policies/rules/sns/sns-topic-encrypted";
import { ssmSecureString } from "../../policies/rules/ssm/ssm-secure-string";
import { expectFlagged, expectPass, Fixture, resultFor } from "./harness";

const PROJECT = "aws_codebuild_project.cb";
const project = (values: Record<string, unknown>): Fixture => ({
  type: "aws_codebuild_project",
  name: "cb",
  values: { name: "cb", service_role: "arn:aws:iam::123456789012:role/cb", ...values },
});
const environment = (values: Record<string, unknown>): Record<string, unknown> => ({
  environment: { compute_type: "BUILD_GENERAL1_SMALL", image: "aws/codebuild/standard:7.0", type: "LINUX_CONTAINER", ...values },
});
const variables = (...list: Record<string, unknown>[]): Record<string, unknown> => environment({ environment_variable: list });

describe("codebuild-logs", () => {
  it("passes a project without logs_config (CloudWatch Logs by default)", () => {
    expectPass(codebuildLogs, [project({})], PROJECT);
  });

  it("passes CloudWatch logging enabled, or S3 logging enabled alone", () => {
    expectPass(codebuildLogs, [project({ logs_config: { cloudwatch_logs: { status: "ENABLED" }, s3_logs: { status: "DISABLED" } } })], PROJECT);
    expectPass(codebuildLogs, [project({ logs_config: { cloudwatch_logs: { status: "DISABLED" }, s3_logs: { status: "ENABLED", location: "b/p" } } })], PROJECT);
    expectPass(codebuildLogs, [project({ logs_config: { s3_logs: { status: "DISABLED" } } })], PROJECT);
  });

  it("fails synth when CloudWatch logging is disabled and S3 logging is left at its default", () => {
    const message = expectFlagged(codebuildLogs, [project({ logs_config: { cloudwatch_logs: { status: "DISABLED" } } })], PROJECT);
    expect(message).toContain("cloudwatch_logs.status is DISABLED and logs_config.s3_logs.status is DISABLED");
  });

  it("fails synth when both destinations are disabled", () => {
    expectFlagged(codebuildLogs, [project({ logs_config: [{ cloudwatch_logs: [{ status: "DISABLED" }], s3_logs: [{ status: "DISABLED" }] }] })], PROJECT);
  });
});

describe("codebuild-not-privileged", () => {
  it("passes privileged_mode false or unset", () => {
    expectPass(codebuildNotPrivileged, [project(environment({ privileged_mode: false }))], PROJECT);
    expectPass(codebuildNotPrivileged, [project(environment({}))], PROJECT);
  });

  it("fails synth for a privileged_mode it cannot read at synth", () => {
    expect(expectFlagged(codebuildNotPrivileged, [project(environment({ privileged_mode: "${var.privileged}" }))], PROJECT)).toContain(
      "environment.privileged_mode is \"${var.privileged}\", which the pack cannot read at synth",
    );
  });

  it("fails synth for privileged_mode true, saying when it is needed", () => {
    const message = expectFlagged(codebuildNotPrivileged, [project(environment({ privileged_mode: true }))], PROJECT);
    expect(message).toContain("environment.privileged_mode is true; it is only needed to build Docker images");
  });
});

describe("codebuild-no-plaintext-secrets", () => {
  it("passes secrets read from Parameter Store or Secrets Manager, and ordinary plaintext values", () => {
    const fixture = project(
      variables(
        { name: "DB_PASSWORD", value: "/app/db/password", type: "PARAMETER_STORE" },
        { name: "GITHUB_TOKEN", value: "github-token:token", type: "SECRETS_MANAGER" },
        { name: "LOG_LEVEL", value: "debug" },
        { name: "DB_SECRET_ARN", value: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db", type: "PLAINTEXT" },
        { name: "TOKENIZER_MODEL", value: "bpe" },
        { name: "MAX_TOKENS", value: "4096" },
        { name: "dbSecretArn", value: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db" },
        { name: "PWD", value: "/src" },
      ),
    );
    expectPass(codebuildNoPlaintextSecrets, [fixture], PROJECT);
    expectPass(codebuildNoPlaintextSecrets, [project(environment({}))], PROJECT);
  });

  it.each([
    ["AWS_ACCESS_KEY_ID"],
    ["AWS_SECRET_ACCESS_KEY"],
    ["AWS_SESSION_TOKEN"],
    ["DB_PASSWORD"],
    ["PGPASSWORD"],
    ["dbPassword"],
    ["client-secret"],
    ["NPM_TOKEN"],
    ["GITHUBTOKEN"],
    ["githubToken"],
    ["STRIPE_API_KEY"],
    ["apiKey"],
    ["SSH_PRIVATE_KEY"],
    ["GOOGLE_CREDENTIALS"],
  ])("fails synth for the plaintext variable %s", (name) => {
    const message = expectFlagged(codebuildNoPlaintextSecrets, [project(variables({ name, value: "x" }))], PROJECT);
    expect(message).toContain(`environment_variable ${name} is type PLAINTEXT; use PARAMETER_STORE or SECRETS_MANAGER`);
  });

  it("fails synth for an explicit PLAINTEXT type too", () => {
    expectFlagged(codebuildNoPlaintextSecrets, [project(variables({ name: "DB_PASSWORD", value: "x", type: "PLAINTEXT" }))], PROJECT);
  });

  it("fails synth for an AWS access key id in any plaintext value", () => {
    const message = expectFlagged(codebuildNoPlaintextSecrets, [project(variables({ name: "DEPLOY_USER", value: "AKIAIOSFODNN7EXAMPLE" }))], PROJECT);
    expect(message).toContain("environment_variable DEPLOY_USER holds an AWS access key id in plaintext");
  });
});

const STAGE = "aws_apigatewayv2_stage.s";
const stage = (values: Record<string, unknown>): Fixture => ({ type: "aws_apigatewayv2_stage", name: "s", values: { api_id: "${aws_apigatewayv2_api.a.id}", name: "$default", ...values } });
const accessLogs = { access_log_settings: { destination_arn: "${aws_cloudwatch_log_group.l.arn}", format: '{"requestId":"$context.requestId"}' } };
const throttling = { default_route_settings: { throttling_burst_limit: 40, throttling_rate_limit: 20 } };

describe("apigw-access-logs", () => {
  it("passes a stage with a destination and a format", () => {
    expectPass(apigwAccessLogs, [stage(accessLogs)], STAGE);
  });

  it("fails synth without access_log_settings", () => {
    expect(expectFlagged(apigwAccessLogs, [stage({})], STAGE)).toContain("access_log_settings is not set");
  });

  it("fails synth for an empty format or a missing destination", () => {
    const noFormat = stage({ access_log_settings: { destination_arn: "${aws_cloudwatch_log_group.l.arn}", format: " " } });
    expect(expectFlagged(apigwAccessLogs, [noFormat], STAGE)).toContain("access_log_settings.format is empty");
    const noDestination = stage({ access_log_settings: { format: "$context.requestId" } });
    expect(expectFlagged(apigwAccessLogs, [noDestination], STAGE)).toContain("access_log_settings.destination_arn is not set");
  });
});

describe("apigw-throttling", () => {
  it("passes burst and rate limits set, as numbers or references", () => {
    expectPass(apigwThrottling, [stage(throttling)], STAGE);
    expectPass(apigwThrottling, [stage({ default_route_settings: { throttling_burst_limit: "${var.burst}", throttling_rate_limit: "20" } })], STAGE);
  });

  it("fails synth without default_route_settings", () => {
    expect(expectFlagged(apigwThrottling, [stage({})], STAGE)).toContain("default_route_settings is not set");
  });

  it("fails synth for a missing limit", () => {
    const message = expectFlagged(apigwThrottling, [stage({ default_route_settings: { throttling_burst_limit: 40, detailed_metrics_enabled: false } })], STAGE);
    expect(message).toContain("default_route_settings.throttling_rate_limit is not set");
    expect(message).not.toContain("throttling_burst_limit");
  });

  it("fails synth for a limit of 0", () => {
    const message = expectFlagged(apigwThrottling, [stage({ default_route_settings: { throttling_burst_limit: 0, throttling_rate_limit: "0" } })], STAGE);
    expect(message).toContain("default_route_settings.throttling_burst_limit is 0; default_route_settings.throttling_rate_limit is 0");
  });
});

const ROUTE = "aws_apigatewayv2_route.r";
const api = (protocol: string): Fixture => ({ type: "aws_apigatewayv2_api", name: "a", values: { name: "a", protocol_type: protocol } });
const route = (values: Record<string, unknown>): Fixture => ({ type: "aws_apigatewayv2_route", name: "r", values: { api_id: "${aws_apigatewayv2_api.a.id}", ...values } });

describe("apigw-route-authorization", () => {
  it("passes a route with an authorizer", () => {
    expectPass(apigwRouteAuthorization, [api("HTTP"), route({ route_key: "GET /items", authorization_type: "JWT", authorizer_id: "${aws_apigatewayv2_authorizer.j.id}" })], ROUTE);
  });

  it("fails synth for authorization NONE, saying how to go on", () => {
    const message = expectFlagged(apigwRouteAuthorization, [api("HTTP"), route({ route_key: "ANY /{proxy+}", authorization_type: "NONE" })], ROUTE);
    expect(message).toContain("authorization_type is NONE; add an authorizer, or suppress with a reason saying the API is public by design");
  });

  it("fails synth when authorization_type is missing (NONE by default)", () => {
    expect(expectFlagged(apigwRouteAuthorization, [route({ route_key: "GET /" })], ROUTE)).toContain("not set (defaults to NONE)");
  });

  it("is not applicable to CORS preflight routes", () => {
    expect(resultFor(apigwRouteAuthorization, [api("HTTP"), route({ route_key: "OPTIONS /{proxy+}", authorization_type: "NONE" })], ROUTE).status).toBe("not-applicable");
  });

  it("is not applicable to WebSocket routes other than $connect, which it checks", () => {
    expect(resultFor(apigwRouteAuthorization, [api("WEBSOCKET"), route({ route_key: "sendMessage" })], ROUTE).status).toBe("not-applicable");
    expectFlagged(apigwRouteAuthorization, [api("WEBSOCKET"), route({ route_key: "$connect" })], ROUTE);
  });
});

const GROUP = "aws_cloudwatch_log_group.l";
const logGroup = (values: Record<string, unknown>): Fixture => ({ type: "aws_cloudwatch_log_group", name: "l", values: { name: "/app", ...values } });

describe("logs-retention", () => {
  it("passes a retention in days, or a reference", () => {
    expectPass(logsRetention, [logGroup({ retention_in_days: 14 })], GROUP);
    expectPass(logsRetention, [logGroup({ retention_in_days: "30" })], GROUP);
  });

  it("fails synth for a retention it cannot read at synth (it could be 0)", () => {
    expect(expectFlagged(logsRetention, [logGroup({ retention_in_days: "${var.retention}" })], GROUP)).toContain("which the pack cannot read at synth");
  });

  it("fails synth without retention_in_days", () => {
    expect(expectFlagged(logsRetention, [logGroup({})], GROUP)).toContain("retention_in_days is not set (logs are kept forever)");
  });

  it("fails synth for retention 0", () => {
    expect(expectFlagged(logsRetention, [logGroup({ retention_in_days: 0 })], GROUP)).toContain("retention_in_days is 0");
  });
});

const TOPIC = "aws_sns_topic.t";
const topic = (values: Record<string, unknown>): Fixture => ({ type: "aws_sns_topic", name: "t", values: { name: "alerts", ...values } });

describe("sns-topic-encrypted", () => {
  it("passes a customer-managed key", () => {
    expectPass(snsTopicEncrypted, [topic({ kms_master_key_id: "${aws_kms_key.k.arn}" })], TOPIC);
    expectPass(snsTopicEncrypted, [topic({ kms_master_key_id: "alias/alerts" })], TOPIC);
  });

  it("fails synth without a key", () => {
    expect(expectFlagged(snsTopicEncrypted, [topic({})], TOPIC)).toContain("kms_master_key_id is not set");
  });

  it.each([["alias/aws/sns"], ["arn:aws:kms:eu-west-1:123456789012:alias/aws/sns"]])("fails synth for the AWS-managed key %s", (id) => {
    const message = expectFlagged(snsTopicEncrypted, [topic({ kms_master_key_id: id })], TOPIC);
    expect(message).toContain("does not let CloudWatch or EventBridge publish: use a customer-managed key");
  });
});

const PARAMETER = "aws_ssm_parameter.p";
const parameter = (name: string, type?: string): Fixture => ({
  type: "aws_ssm_parameter",
  name: "p",
  values: type === undefined ? { name, value: "v" } : { name, value: "v", type },
});

describe("ssm-secure-string", () => {
  it.each([
    ["/app/db/password", "SecureString"],
    ["/app/db/host", "String"],
    ["/app/database/secret-arn", "String"],
    ["/secret-service/${var.env}/host", "String"],
    ["/app/${var.env}/port", "String"],
  ])("passes %s as %s", (name, type) => {
    expectPass(ssmSecureString, [parameter(name, type)], PARAMETER);
  });

  it.each([["/app/db/password"], ["/app/github_token"], ["/app/stripe.api-key"], ["dbPassword"], ["/app/secrets/${each.key}"], ["/app/${var.env}-password"]])(
    "fails synth for %s as a String",
    (name) => {
      expect(expectFlagged(ssmSecureString, [parameter(name, "String")], PARAMETER)).toContain("looks like a secret but type is String; use SecureString");
    },
  );

  it("fails synth for a secret-like name without a type", () => {
    expect(expectFlagged(ssmSecureString, [parameter("/app/api-token")], PARAMETER)).toContain("type is not set");
  });
});
