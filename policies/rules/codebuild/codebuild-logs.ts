import { block } from "../../json";
import { fail, pass, Rule } from "../../types";

/**
 * A project sends its build logs somewhere. Provider defaults decide the missing parts: with no
 * `logs_config`, or no `cloudwatch_logs` block, CodeBuild logs to CloudWatch Logs
 * (`cloudwatch_logs.status` defaults to ENABLED); `s3_logs.status` defaults to DISABLED. So the
 * rule fails only when CloudWatch logging is DISABLED and S3 logging is not ENABLED.
 */
export const codebuildLogs: Rule = {
  id: "codebuild-logs",
  checkov: "CKV_AWS_314",
  level: "error",
  resourceTypes: ["aws_codebuild_project"],
  summary: "CodeBuild project with every log destination disabled",
  why: "Without build logs nobody can tell what a build ran, why it failed or whether it leaked something; builds often hold deploy credentials.",
  check(project) {
    const logs = block(project.values.logs_config);
    const cloudwatch = block(logs?.cloudwatch_logs)?.status ?? "ENABLED";
    const s3 = block(logs?.s3_logs)?.status ?? "DISABLED";
    if (cloudwatch !== "DISABLED" || s3 === "ENABLED") return pass();
    return fail(`logs_config.cloudwatch_logs.status is DISABLED and logs_config.s3_logs.status is ${String(s3)}`);
  },
};
