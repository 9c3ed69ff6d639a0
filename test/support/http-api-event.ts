/**
 * API Gateway HTTP API (payload 2.0) events for handler tests: the route key's method and path,
 * path parameters, a query, a JSON body and, for routes behind the JWT authorizer, the caller's
 * claims. One request id per test file, so log lines can be matched to it.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from "aws-lambda";

export interface HttpApiEventOptions {
  /** `pathParameters.id`, also put in the raw path for `{id}`. */
  readonly id?: string;
  readonly query?: Record<string, string>;
  /** A string is sent as it is; anything else as JSON. */
  readonly body?: unknown;
  /** @default "req-1" */
  readonly requestId?: string;
  /** @default 2026-12-02T10:00:00Z */
  readonly at?: Date;
}

export interface JwtEventOptions extends HttpApiEventOptions {
  /** The caller's `sub`; null for a token without one. @default "user-a" */
  readonly sub?: string | null;
  /** More claims beside `sub`. */
  readonly claims?: Record<string, string>;
}

const DEFAULT_TIME = new Date("2026-12-02T10:00:00.000Z");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** API Gateway's request time format, `02/Dec/2026:10:00:00 +0000`. */
function requestTime(at: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(at.getUTCDate())}/${MONTHS[at.getUTCMonth()]}/${at.getUTCFullYear()}:${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())} +0000`;
}

/** An event of a public route (no authorizer). */
export function httpApiEvent(routeKey: string, options: HttpApiEventOptions = {}): APIGatewayProxyEventV2 {
  const [method = "GET", path = "/"] = routeKey.split(" ");
  const at = options.at ?? DEFAULT_TIME;
  return {
    version: "2.0",
    routeKey,
    rawPath: path.replace("{id}", options.id ?? ""),
    rawQueryString: new URLSearchParams(options.query).toString(),
    headers: {},
    isBase64Encoded: false,
    ...(options.body === undefined ? {} : { body: typeof options.body === "string" ? options.body : JSON.stringify(options.body) }),
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.id === undefined ? {} : { pathParameters: { id: options.id } }),
    requestContext: {
      accountId: "123456789012",
      apiId: "api1",
      domainName: "api.example.com",
      domainPrefix: "api",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "192.0.2.1", userAgent: "jest" },
      requestId: options.requestId ?? "req-1",
      routeKey,
      stage: "$default",
      time: requestTime(at),
      timeEpoch: at.getTime(),
    },
  };
}

/** An event of a route behind the JWT authorizer, with the caller's claims. */
export function jwtEvent(routeKey: string, options: JwtEventOptions = {}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const plain = httpApiEvent(routeKey, options);
  const sub = options.sub === undefined ? "user-a" : options.sub;
  const claims = { ...(sub === null ? {} : { sub }), ...options.claims };
  return { ...plain, requestContext: { ...plain.requestContext, authorizer: { principalId: "", integrationLatency: 0, jwt: { claims, scopes: null } } } };
}

/** A handler's JSON body. */
export function jsonBody(result: APIGatewayProxyStructuredResultV2): Record<string, unknown> {
  return JSON.parse(result.body ?? "") as Record<string, unknown>;
}

/** The JSON log lines a spied `console.log` was given. */
export function jsonLines(spy: jest.SpyInstance): Record<string, unknown>[] {
  return spy.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
}
