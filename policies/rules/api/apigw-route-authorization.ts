import { fail, notApplicable, pass, Rule } from "../../types";

/**
 * A route has an `authorization_type` other than NONE (the provider's default). CORS preflight
 * routes (`OPTIONS ...`) are not applicable: browsers send preflights without credentials. Nor are
 * WebSocket routes other than `$connect`, since WebSocket APIs authorize the connection only.
 */
export const apigwRouteAuthorization: Rule = {
  id: "apigw-route-authorization",
  checkov: "CKV_AWS_309",
  level: "error",
  resourceTypes: ["aws_apigatewayv2_route"],
  summary: "API Gateway route without authorization",
  why: "A route with authorization NONE lets anyone on the internet call the integration behind it; the API then relies on the backend alone to refuse strangers.",
  check(route, context) {
    const key = String(route.values.route_key ?? "");
    if (key.startsWith("OPTIONS ")) return notApplicable("CORS preflight requests carry no credentials");
    const api = context.resolve(route.values.api_id);
    if (api?.values.protocol_type === "WEBSOCKET" && key !== "$connect") return notApplicable("WebSocket APIs authorize on $connect only");
    const type = route.values.authorization_type ?? "NONE";
    if (type !== "NONE") return pass();
    return fail(
      `authorization_type is ${route.values.authorization_type === undefined ? "not set (defaults to NONE)" : "NONE"}; add an authorizer, or suppress with a reason saying the API is public by design`,
    );
  },
};
