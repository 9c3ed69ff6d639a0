import { block, hasText } from "../../json";
import { fail, Rule, verdictOf } from "../../types";

/** A stage has `access_log_settings` with a `destination_arn` and a non-empty `format`. */
export const apigwAccessLogs: Rule = {
  id: "apigw-access-logs",
  checkov: "CKV_AWS_76",
  trivy: "AVD-AWS-0001",
  level: "error",
  resourceTypes: ["aws_apigatewayv2_stage"],
  summary: "API Gateway stage without access logs",
  why: "Access logs are the only record of who called the API, from where and with what result: without them abuse and incidents cannot be traced.",
  check(stage) {
    const settings = block(stage.values.access_log_settings);
    if (settings === undefined) return fail("access_log_settings is not set");
    return verdictOf([
      ...(typeof settings.destination_arn === "string" && settings.destination_arn !== "" ? [] : ["access_log_settings.destination_arn is not set"]),
      ...(hasText(settings.format) ? [] : ["access_log_settings.format is empty"]),
    ]);
  },
};
