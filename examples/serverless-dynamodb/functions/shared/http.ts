import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/** A request of the HTTP API (payload 2.0), with the JWT authorizer's claims on authorized routes. */
export type ApiEvent = APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

/** A problem the caller caused: its status and a message safe to show. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function json(status: number, body: unknown): ApiResult {
  return { statusCode: status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

/** One JSON log line: what CloudWatch Logs Insights queries by field. */
export function log(level: "info" | "warn" | "error", message: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level, message, ...fields }));
}

/** The caller's user id (the token's `sub`), or 401. */
export function callerOf(event: ApiEvent): string {
  const claims = "authorizer" in event.requestContext ? (event.requestContext.authorizer as { jwt?: { claims?: Record<string, unknown> } } | undefined)?.jwt?.claims : undefined;
  const sub = claims?.sub;
  if (typeof sub !== "string" || sub === "") throw new HttpError(401, "sign in first");
  return sub;
}

/** The JSON body, or 400. */
export function bodyOf(event: ApiEvent): unknown {
  if (event.body === undefined || event.body === "") throw new HttpError(400, "a JSON body is required");
  const text = event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, "the body is not valid JSON");
  }
}

/** A route's handler: the event and the route's path parameters. */
export type Route = (event: ApiEvent) => Promise<ApiResult>;

/**
 * Runs the route the API matched (its `routeKey`, `GET /orders/{id}`): 405 for a route this
 * function does not answer, the HttpError's status and message for the caller's mistakes, and
 * 500 without details for anything else (the details go to the log).
 */
export async function dispatch(event: ApiEvent, routes: Readonly<Record<string, Route>>): Promise<ApiResult> {
  const route = routes[event.routeKey];
  if (route === undefined) return json(405, { message: `${event.routeKey} is not a route of this function` });
  try {
    return await route(event);
  } catch (error) {
    if (error instanceof HttpError) return json(error.status, { message: error.message });
    log("error", "unhandled error", { requestId: event.requestContext.requestId, error: error instanceof Error ? error.message : String(error) });
    return json(500, { message: "internal error" });
  }
}

/** An environment variable read at cold start: missing, the function fails at once, naming it. */
export function requiredVariable(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === "") throw new Error(`environment variable ${name} is not set: the stack sets it for this function`);
  return value;
}
