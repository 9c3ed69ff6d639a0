import { hasText, isExpression, parseReference, unreadable } from "../../json";
import { fail, notApplicable, pass, Rule } from "../../types";

/** The resources whose `execution_arn` is an execute-api ARN: APIs and their stages. */
const EXECUTE_API_OWNERS = ["aws_apigatewayv2_api", "aws_apigatewayv2_stage", "aws_api_gateway_rest_api", "aws_api_gateway_stage"];
const SERVICE_PRINCIPAL = /\.amazonaws\.com(\.cn)?$/;
const EXECUTE_API_ARN = /^arn:aws[a-z-]*:execute-api:[^:]*:([^:]*):(.*)$/;

/** Why a source ARN for `apigateway.amazonaws.com` does not pin one API of one account, or undefined when it does. */
function executeApiProblem(sourceArn: string): string | undefined {
  const leading = /^\$\{[^}]*\}/.exec(sourceArn)?.[0];
  if (leading !== undefined) {
    const reference = parseReference(leading);
    if (reference !== undefined && EXECUTE_API_OWNERS.includes(reference.type) && reference.attribute === "execution_arn") return undefined;
    return `source_arn ${sourceArn} does not start with an API's execution_arn`;
  }
  const arn = EXECUTE_API_ARN.exec(sourceArn);
  if (arn === null) return `source_arn ${sourceArn} is not under execute-api (arn:aws:execute-api:<region>:<account>:<api id>/...)`;
  const [, account, rest] = arn;
  if (!/^\d{12}$/.test(account!) && !account!.includes("${")) return `source_arn ${sourceArn} does not name the account (${JSON.stringify(account)})`;
  if (rest === "" || rest!.startsWith("*")) return `source_arn ${sourceArn} does not name the API: every API of the account may invoke the function`;
  return undefined;
}

/**
 * A permission that lets an AWS service invoke a function (`principal` ending in
 * `.amazonaws.com`) sets `source_arn`, so only that resource (this API, this bucket, this rule)
 * can: for `apigateway.amazonaws.com`, an execute-api ARN naming the account and the API, or a
 * reference to an API's or stage's `execution_arn`. `principal` `"*"` fails too. Permissions for
 * an account or role principal are not applicable: they name whom they trust.
 */
export const lambdaPermissionScoped: Rule = {
  id: "lambda-permission-scoped",
  checkov: "CKV_AWS_364",
  trivy: "AVD-AWS-0067",
  level: "error",
  resourceTypes: ["aws_lambda_permission"],
  summary: "Lambda permission lets a service invoke the function from any account",
  why: "A service principal without a source ARN is the service acting for anyone: any account's API, bucket or rule can be pointed at the function and invoke it (the confused deputy).",
  check(permission) {
    const principal = permission.values.principal;
    if (typeof principal !== "string" || isExpression(principal)) return fail(unreadable("principal", principal));
    if (principal.trim() === "*") return fail('principal is "*": anyone may invoke the function');
    if (!SERVICE_PRINCIPAL.test(principal)) return notApplicable(`principal ${principal} is an account or role, not a service`);
    const sourceArn = permission.values.source_arn;
    if (!hasText(sourceArn)) return fail(`principal ${principal} with no source_arn: that service acting for any account may invoke the function`);
    if (principal !== "apigateway.amazonaws.com") return pass();
    const problem = executeApiProblem((sourceArn as string).trim());
    return problem === undefined ? pass() : fail(problem);
  },
};
