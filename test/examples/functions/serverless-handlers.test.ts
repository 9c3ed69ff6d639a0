/**
 * The serverless example's handlers (examples/serverless-dynamodb/functions/), with fake clients:
 * the routes, validation, the caller's own data only, pagination, the conditional put, and the
 * signed URLs (signed locally with static credentials: no network).
 */
import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand, QueryCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { createHandler as catalog } from "../../../examples/serverless-dynamodb/functions/catalog";
import { createHandler as files } from "../../../examples/serverless-dynamodb/functions/files";
import { createHandler as orders } from "../../../examples/serverless-dynamodb/functions/orders";
import { ApiEvent, requiredVariable } from "../../../examples/serverless-dynamodb/functions/shared/http";
import { MalformedItem, orderFromItem, productFromItem } from "../../../examples/serverless-dynamodb/functions/shared/items";

type Command = GetItemCommand | ScanCommand | QueryCommand | PutItemCommand;

/** A DynamoDB client that records each command and answers from `respond`. */
function fakeDynamo(respond: (command: Command) => unknown) {
  const sent: Command[] = [];
  return {
    sent,
    client: {
      send: async (command: Command) => {
        sent.push(command);
        return respond(command);
      },
    } as never,
  };
}

function event(routeKey: string, options: { sub?: string; body?: unknown; path?: Record<string, string>; query?: Record<string, string> } = {}): ApiEvent {
  return {
    version: "2.0",
    routeKey,
    rawPath: "/",
    rawQueryString: "",
    headers: {},
    isBase64Encoded: false,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    pathParameters: options.path,
    queryStringParameters: options.query,
    requestContext: {
      requestId: "req-1",
      ...(options.sub === undefined ? {} : { authorizer: { jwt: { claims: { sub: options.sub }, scopes: [] }, principalId: "", integrationLatency: 0 } }),
    },
  } as unknown as ApiEvent;
}

const body = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(String(result.body)) as Record<string, unknown>;
const PRODUCT = { id: { S: "p1" }, name: { S: "Mug" }, priceCents: { N: "1250" } };

describe("catalog", () => {
  test("lists a page with a cursor the next request takes back; refuses a forged cursor and a bad limit", async () => {
    const dynamo = fakeDynamo(() => ({ Items: [PRODUCT], LastEvaluatedKey: { id: { S: "p1" } } }));
    const handle = catalog({ dynamodb: dynamo.client, productsTable: "t-products" });
    const first = await handle(event("GET /products", { query: { limit: "1" } }));
    expect(first.statusCode).toBe(200);
    expect(body(first).products).toEqual([{ id: "p1", name: "Mug", priceCents: 1250 }]);
    const cursor = String(body(first).cursor);
    await handle(event("GET /products", { query: { cursor } }));
    expect((dynamo.sent[1] as ScanCommand).input).toMatchObject({ TableName: "t-products", ExclusiveStartKey: { id: { S: "p1" } }, Limit: 20 });
    expect((await handle(event("GET /products", { query: { cursor: "bm90LWpzb24" } }))).statusCode).toBe(400);
    expect((await handle(event("GET /products", { query: { limit: "500" } }))).statusCode).toBe(400);
  });

  test("one product, or 404; an unknown route is 405; a malformed item is a 500 without details", async () => {
    const handle = catalog({ dynamodb: fakeDynamo((c) => ({ Item: (c as GetItemCommand).input.Key?.id?.S === "p1" ? PRODUCT : undefined })).client, productsTable: "t" });
    expect(body(await handle(event("GET /products/{id}", { path: { id: "p1" } })))).toEqual({ id: "p1", name: "Mug", priceCents: 1250 });
    expect((await handle(event("GET /products/{id}", { path: { id: "nope" } }))).statusCode).toBe(404);
    expect((await handle(event("DELETE /products/{id}"))).statusCode).toBe(405);
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    const broken = catalog({ dynamodb: fakeDynamo(() => ({ Item: { id: { S: "p1" } } })).client, productsTable: "t" });
    const result = await broken(event("GET /products/{id}", { path: { id: "p1" } }));
    expect(result.statusCode).toBe(500);
    expect(body(result)).toEqual({ message: "internal error" });
    expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toMatchObject({ level: "error", requestId: "req-1" });
    log.mockRestore();
  });
});

describe("orders", () => {
  const deps = (respond: (c: Command) => unknown) => {
    const dynamo = fakeDynamo(respond);
    return { dynamo, handle: orders({ dynamodb: dynamo.client, ordersTable: "t-orders", productsTable: "t-products", newId: () => "o1", now: () => new Date("2026-12-01T10:00:00Z") }) };
  };

  test("places an order priced from the catalogue, for the caller, never over an existing one", async () => {
    const { dynamo, handle } = deps((c) => (c instanceof GetItemCommand ? { Item: PRODUCT } : {}));
    const result = await handle(event("POST /orders", { sub: "user-a", body: { items: [{ productId: "p1", quantity: 2 }] } }));
    expect(result.statusCode).toBe(201);
    expect(body(result)).toMatchObject({ customerId: "user-a", orderId: "o1", totalCents: 2500 });
    const put = dynamo.sent.find((c) => c instanceof PutItemCommand) as PutItemCommand;
    expect(put.input).toMatchObject({ TableName: "t-orders", ConditionExpression: "attribute_not_exists(orderId)" });
    expect(orderFromItem(put.input.Item!)).toMatchObject({ customerId: "user-a", totalCents: 2500 });
  });

  test("a lost conditional put is a 409; bad lines and unknown products are 400; no token is 401", async () => {
    const conflict = deps((c) => {
      if (c instanceof PutItemCommand) throw new ConditionalCheckFailedException({ message: "exists", $metadata: {} });
      return { Item: PRODUCT };
    });
    expect((await conflict.handle(event("POST /orders", { sub: "u", body: { items: [{ productId: "p1", quantity: 1 }] } }))).statusCode).toBe(409);
    const { handle } = deps(() => ({}));
    for (const items of [[], [{ productId: "p1", quantity: 0 }], [{ productId: "p1", quantity: 1.5 }], [{ productId: "p1", quantity: 1 }, { productId: "p1", quantity: 1 }]]) {
      expect((await handle(event("POST /orders", { sub: "u", body: { items } }))).statusCode).toBe(400);
    }
    expect(body(await handle(event("POST /orders", { sub: "u", body: { items: [{ productId: "gone", quantity: 1 }] } })))).toEqual({ message: "no product gone" });
    expect((await handle(event("POST /orders", { body: { items: [] } }))).statusCode).toBe(401);
  });

  test("reads only the caller's orders: the key holds the caller's id", async () => {
    const { dynamo, handle } = deps(() => ({ Items: [], Item: undefined }));
    await handle(event("GET /orders", { sub: "user-a" }));
    expect((dynamo.sent[0] as QueryCommand).input.ExpressionAttributeValues).toEqual({ ":c": { S: "user-a" } });
    expect((await handle(event("GET /orders/{id}", { sub: "user-b", path: { id: "o1" } }))).statusCode).toBe(404);
    expect((dynamo.sent[1] as GetItemCommand).input.Key).toEqual({ customerId: { S: "user-b" }, orderId: { S: "o1" } });
  });
});

describe("files", () => {
  const s3 = new S3Client({ region: "us-east-1", credentials: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "secret" } });
  const handle = files({ s3, bucket: "woocom-staging-media-123456789012", newId: () => "0b6c1a3e-1111-4222-8333-944455556666" });

  test("signs a five-minute upload under the caller's own prefix, for allowed types only", async () => {
    const result = await handle(event("POST /files", { sub: "user-a", body: { contentType: "image/png" } }));
    expect(result.statusCode).toBe(201);
    const url = new URL(String(body(result).uploadUrl));
    expect(url.hostname).toBe("woocom-staging-media-123456789012.s3.us-east-1.amazonaws.com");
    expect(url.pathname).toBe("/uploads/user-a/0b6c1a3e-1111-4222-8333-944455556666");
    expect(url.searchParams.get("X-Amz-Expires")).toBe("300");
    expect((await handle(event("POST /files", { sub: "user-a", body: { contentType: "text/html" } }))).statusCode).toBe(400);
    expect((await handle(event("POST /files", { body: { contentType: "image/png" } }))).statusCode).toBe(401);
  });

  test("a download is signed for the caller's own key only", async () => {
    const result = await handle(event("GET /files/{id}", { sub: "user-b", path: { id: "0b6c1a3e-1111-4222-8333-944455556666" } }));
    expect(new URL(String(body(result).downloadUrl)).pathname).toBe("/uploads/user-b/0b6c1a3e-1111-4222-8333-944455556666");
    expect((await handle(event("GET /files/{id}", { sub: "user-b", path: { id: "../user-a/x" } }))).statusCode).toBe(404);
  });
});

test("items of the wrong shape are refused; a missing variable fails naming it", () => {
  expect(() => productFromItem({ id: { S: "p" }, name: { S: "n" }, priceCents: { S: "12" } })).toThrow(MalformedItem);
  expect(() => requiredVariable({}, "TABLE_ORDERS")).toThrow(/environment variable TABLE_ORDERS is not set/);
});
