import { isExpression, unreadable } from "../../json";
import { fail, notApplicable, pass, Rule } from "../../types";

/**
 * A function URL sets `authorization_type = "AWS_IAM"`: callers sign their requests and need
 * `lambda:InvokeFunctionUrl` on the function. `NONE` fails, and so does an
 * `aws_lambda_permission` that opens a URL to everyone (`function_url_auth_type = "NONE"`,
 * principal `*`). Other permissions are not applicable.
 */
export const lambdaFunctionUrlAuth: Rule = {
  id: "lambda-function-url-auth",
  checkov: "CKV_AWS_258",
  level: "error",
  resourceTypes: ["aws_lambda_function_url", "aws_lambda_permission"],
  attributes: ["authorization_type", "function_url_auth_type"],
  summary: "Lambda function URL that anyone on the internet can invoke",
  why: "A URL without IAM authorization is a public HTTPS endpoint with no throttling, authorizer or WAF in front: anyone who finds it runs the function, and pays with the account's concurrency and bill; put the function behind the HTTP API, or sign the calls (AWS_IAM, CloudFront with an origin access control).",
  check(subject) {
    if (subject.type === "aws_lambda_permission") {
      const authType = subject.values.function_url_auth_type;
      if (authType === undefined || authType === null) return notApplicable("the permission is not for a function URL (no function_url_auth_type)");
      if (authType !== "NONE") return authType === "AWS_IAM" ? pass() : fail(unreadable("function_url_auth_type", authType));
      const principal = subject.values.principal;
      if (typeof principal === "string" && principal.trim() === "*") {
        return fail('function_url_auth_type is "NONE" with principal "*": anyone may call the function URL; use "AWS_IAM" and grant lambda:InvokeFunctionUrl to the callers');
      }
      return pass();
    }
    const type = subject.values.authorization_type;
    if (type === "AWS_IAM") return pass();
    if (type === "NONE") return fail('authorization_type is "NONE": anyone may call the function URL; set authorization_type = "AWS_IAM"');
    if (type === undefined || type === null) return fail('authorization_type is not set: set authorization_type = "AWS_IAM"');
    return fail(isExpression(type) ? unreadable("authorization_type", type) : `authorization_type is ${JSON.stringify(type)}: set authorization_type = "AWS_IAM"`);
  },
};
