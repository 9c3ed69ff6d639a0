import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { createLogger, describeError, Logger } from "./log";

export type Result = APIGatewayProxyStructuredResultV2;
export type ApiEvent = APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer;
/** What each function exports as `handler`: Lambda passes a context too, which these do not need. */
export type ApiHandler<E extends ApiEvent> = (event: E) => Promise<Result>;
export type Route<E extends ApiEvent> = (event: E, log: Logger) => Promise<Result>;

/** A refusal the client caused: its status and a message safe to show. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): Result {
  return {
    statusCode,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * The function's entry point: dispatches on the HTTP API's route key (`GET /products/{id}`),
 * answers 405 for a route it does not serve, turns an `HttpError` into its status and message and
 * anything else into a bare 500 (the details go to the log), and logs one line per request.
 */
export function api<E extends ApiEvent>(routes: Record<string, Route<E>>): ApiHandler<E> {
  return async (event) => {
    const log = createLogger(event.requestContext?.requestId);
    const started = Date.now();
    let result: Result;
    try {
      const route = Object.hasOwn(routes, event.routeKey) ? routes[event.routeKey] : undefined;
      result = route ? await route(event, log) : json(405, { message: `this function does not serve ${event.routeKey}` });
    } catch (error) {
      if (error instanceof HttpError) {
        result = json(error.statusCode, { message: error.message });
      } else {
        log.error("request failed", { routeKey: event.routeKey, ...describeError(error) });
        result = json(500, { message: "internal error" });
      }
    }
    log.info("request", { routeKey: event.routeKey, status: result.statusCode, durationMs: Date.now() - started });
    return result;
  };
}

/**
 * The caller's user id: the `sub` claim the HTTP API's JWT authorizer verified. It becomes a
 * DynamoDB key and an S3 key segment, so it must be a plain token (no "/", not "." or "..").
 */
export function callerOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): string {
  const sub = event.requestContext?.authorizer?.jwt?.claims?.sub;
  if (typeof sub !== "string" || !/^[A-Za-z0-9_-][A-Za-z0-9_.:|@-]{0,127}$/.test(sub)) {
    throw new HttpError(401, "no authenticated user (sub claim)");
  }
  return sub;
}

/** The request body as a JSON object (base64-decoded when API Gateway encoded it), or 400. */
export function jsonBody(event: ApiEvent): Record<string, unknown> {
  const text = event.isBase64Encoded && event.body !== undefined ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
  let body: unknown;
  try {
    body = JSON.parse(text ?? "");
  } catch {
    throw new HttpError(400, "the body must be a JSON object");
  }
  if (!isRecord(body)) throw new HttpError(400, "the body must be a JSON object");
  return body;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export const MAX_PAGE_SIZE = 50;
export const DEFAULT_PAGE_SIZE = 20;

/** The `limit` query parameter: an integer from 1 to 50 (20 when absent), or 400. */
export function pageSize(event: ApiEvent): number {
  const given = event.queryStringParameters?.limit;
  if (given === undefined) return DEFAULT_PAGE_SIZE;
  const limit = /^\d{1,3}$/.test(given) ? Number(given) : NaN;
  if (!(limit >= 1 && limit <= MAX_PAGE_SIZE)) throw new HttpError(400, `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  return limit;
}

/** DynamoDB's LastEvaluatedKey, handed to the client as an opaque `cursor` (base64url JSON). */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key === undefined ? undefined : Buffer.from(JSON.stringify(key)).toString("base64url");
}

/**
 * The `cursor` query parameter back as the key to start after, or 400. `valid` checks it is a key
 * of the expected shape (and, for a Query, of the caller's own partition).
 */
export function decodeCursor(event: ApiEvent, valid: (key: Record<string, unknown>) => boolean): Record<string, unknown> | undefined {
  const cursor = event.queryStringParameters?.cursor;
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    key = undefined;
  }
  if (!isRecord(key) || !valid(key)) throw new HttpError(400, "cursor is not one this API returned");
  return key;
}
