/**
 * The serverless example's order function (examples/serverless-dynamodb/functions/orders), on
 * in-memory products and orders tables behind a fake document client: server-side prices, the
 * conditional put, the caller's own orders only, validation, 401, pagination, and start-up.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { jsonBody as body, jsonLines, jwtEvent, type JwtEventOptions } from "../../support/http-api-event";
import type * as Orders from "../../../examples/serverless-dynamodb/functions/orders";
import type { DocumentClient, DocumentCommand, DocumentOutput } from "../../../examples/serverless-dynamodb/functions/shared/store";

const PRODUCTS = "woocom-test-products";
const ORDERS = "woocom-test-orders";
const NOW = new Date("2026-12-02T10:00:00.000Z");
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

type Row = Record<string, unknown>;

/**
 * The two tables in memory: products keyed by `id`; orders by `customerId` then `orderId`, queried
 * in sort-key order (backwards when ScanIndexForward is false) as far as `Limit`. A put honours `attribute_not_exists(orderId)` as DynamoDB does.
 */
function fakeTables(products: Row[]) {
  const orders: Row[] = [];
  const sent: DocumentCommand[] = [];
  const db: DocumentClient = {
    async send(command: DocumentCommand): Promise<DocumentOutput> {
      sent.push(command);
      const { TableName } = command.input;
      if (command instanceof GetCommand && TableName === PRODUCTS) return { Item: products.find((row) => row.id === command.input.Key?.id) };
      if (command instanceof GetCommand && TableName === ORDERS) {
        const key = command.input.Key ?? {};
        return { Item: orders.find((row) => row.customerId === key.customerId && row.orderId === key.orderId) };
      }
      if (command instanceof PutCommand && TableName === ORDERS) {
        const item = command.input.Item ?? {};
        const exists = orders.some((row) => row.customerId === item.customerId && row.orderId === item.orderId);
        if (exists && command.input.ConditionExpression === "attribute_not_exists(orderId)") {
          throw new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata: { httpStatusCode: 400 } });
        }
        orders.push(structuredClone(item));
        return {};
      }
      if (command instanceof QueryCommand && TableName === ORDERS) {
        expect(command.input.KeyConditionExpression).toBe("customerId = :customerId");
        const customerId = command.input.ExpressionAttributeValues?.[":customerId"];
        const after = command.input.ExclusiveStartKey;
        const forward = command.input.ScanIndexForward !== false;
        const mine = orders.filter((row) => row.customerId === customerId).sort((a, b) => String(a.orderId).localeCompare(String(b.orderId)) * (forward ? 1 : -1));
        const rest = after === undefined ? mine : mine.filter((row) => (forward ? String(row.orderId) > String(after.orderId) : String(row.orderId) < String(after.orderId)));
        const limit = command.input.Limit ?? rest.length;
        const page = rest.slice(0, limit);
        const last = page[page.length - 1];
        return { Items: page, ...(page.length === limit && last ? { LastEvaluatedKey: { customerId, orderId: last.orderId } } : {}) };
      }
      throw new Error(`unexpected ${command.constructor.name} on ${TableName}`);
    },
  };
  return { db, orders, sent };
}

const event = (routeKey: string, options: JwtEventOptions = {}) => jwtEvent(routeKey, { requestId: "req-orders-1", claims: { token_use: "access" }, ...options });

const catalogue: Row[] = [
  { id: "mug", name: "Mug", priceCents: 1250 },
  { id: "tee", name: "T-shirt", priceCents: 1999 },
];

let ordersModule: typeof Orders;
let logs: jest.SpyInstance;
beforeAll(async () => {
  process.env.TABLE_PRODUCTS = PRODUCTS;
  process.env.TABLE_ORDERS = ORDERS;
  ordersModule = await import("../../../examples/serverless-dynamodb/functions/orders");
});
beforeEach(() => {
  logs = jest.spyOn(console, "log").mockImplementation(() => undefined);
});
afterEach(() => logs.mockRestore());

function setup(ids: () => string = (() => {
  let n = 0;
  return () => uuid(++n);
})()) {
  const tables = fakeTables(catalogue);
  const handle = ordersModule.createHandler({ db: tables.db, productsTable: PRODUCTS, ordersTable: ORDERS, newOrderId: ids, now: () => NOW });
  return { ...tables, handle };
}

const place = (items: unknown, sub?: string | null) => event("POST /orders", { sub, body: { items } });

describe("serverless orders", () => {
  test("POST /orders prices each line from the products table, ignores a client's price, and writes the caller's order once", async () => {
    const { handle, orders, sent } = setup();
    const result = await handle(place([{ productId: "mug", quantity: 2, priceCents: 1 }, { productId: "tee", quantity: 1 }]));
    expect(result.statusCode).toBe(201);
    expect(result.headers).toMatchObject({ location: `/orders/${uuid(1)}`, "content-type": "application/json", "cache-control": "no-store" });
    const expected = {
      customerId: "user-a",
      orderId: uuid(1),
      status: "placed",
      lines: [
        { productId: "mug", name: "Mug", quantity: 2, unitPriceCents: 1250 },
        { productId: "tee", name: "T-shirt", quantity: 1, unitPriceCents: 1999 },
      ],
      totalCents: 4499,
      createdAt: "2026-12-02T10:00:00.000Z",
    };
    expect(body(result)).toEqual(expected);
    expect(orders).toEqual([expected]);
    // What the role needs: GetItem on products, a conditional PutItem on orders.
    expect(sent.map((command) => `${command.constructor.name} ${command.input.TableName}`)).toEqual([`GetCommand ${PRODUCTS}`, `GetCommand ${PRODUCTS}`, `PutCommand ${ORDERS}`]);
    expect((sent[2] as PutCommand).input.ConditionExpression).toBe("attribute_not_exists(orderId)");
  });

  test("a base64-encoded body is read", async () => {
    const { handle } = setup();
    const encoded = { ...place([{ productId: "mug", quantity: 1 }]), isBase64Encoded: true };
    encoded.body = Buffer.from(encoded.body ?? "").toString("base64");
    expect((await handle(encoded)).statusCode).toBe(201);
  });

  test("the conditional put: an order id already taken is never overwritten, and the caller gets 409", async () => {
    const { handle, orders } = setup(() => uuid(7));
    expect((await handle(place([{ productId: "mug", quantity: 1 }]))).statusCode).toBe(201);
    const second = await handle(place([{ productId: "tee", quantity: 3 }]));
    expect(second.statusCode).toBe(409);
    expect(body(second)).toEqual({ message: "the order could not be recorded: send it again" });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ totalCents: 1250, lines: [{ productId: "mug", quantity: 1 }] });
    const lines = jsonLines(logs);
    expect(lines).toContainEqual(expect.objectContaining({ level: "warn", message: "order id already taken", orderId: uuid(7), requestId: "req-orders-1" }));
  });

  test("400 with a message naming the field for each malformed request; nothing is read or written", async () => {
    const { handle, sent } = setup();
    const cases: [unknown, string][] = [
      [undefined, "items must be an array of 1 to 25 { productId, quantity } objects"],
      [[], "items must be an array of 1 to 25 { productId, quantity } objects"],
      [Array.from({ length: 26 }, (_, i) => ({ productId: `p${i}`, quantity: 1 })), "items must be an array of 1 to 25 { productId, quantity } objects"],
      [["mug"], "items[0].productId must be a product id"],
      [[{ productId: "", quantity: 1 }], "items[0].productId must be a product id"],
      [[{ productId: "mug", quantity: 0 }], "items[0].quantity must be an integer from 1 to 100"],
      [[{ productId: "mug", quantity: 1.5 }], "items[0].quantity must be an integer from 1 to 100"],
      [[{ productId: "mug", quantity: "2" }], "items[0].quantity must be an integer from 1 to 100"],
      [[{ productId: "mug", quantity: 101 }], "items[0].quantity must be an integer from 1 to 100"],
      [[{ productId: "mug", quantity: 1 }, { productId: "mug", quantity: 2 }], "items[1].productId repeats mug: give its quantity once"],
    ];
    for (const [items, message] of cases) {
      const result = await handle(event("POST /orders", { body: items === undefined ? {} : { items } }));
      expect({ items, status: result.statusCode, body: body(result) }).toEqual({ items, status: 400, body: { message } });
    }
    for (const raw of ["not json", "[1,2]", "null", ""]) {
      const result = await handle(event("POST /orders", { body: raw }));
      expect([raw, result.statusCode, body(result)]).toEqual([raw, 400, { message: "the body must be a JSON object" }]);
    }
    expect(sent).toEqual([]);
  });

  test("an unknown product is 400 naming it, and no order is written", async () => {
    const { handle, orders } = setup();
    const result = await handle(place([{ productId: "mug", quantity: 1 }, { productId: "gone", quantity: 1 }]));
    expect([result.statusCode, body(result)]).toEqual([400, { message: "items[1].productId: no product gone" }]);
    expect(orders).toEqual([]);
  });

  test("401 on every route without a usable sub claim, before any table is read", async () => {
    const { handle, sent } = setup();
    const withoutAuthorizer = place([{ productId: "mug", quantity: 1 }]);
    const context = withoutAuthorizer.requestContext as Partial<typeof withoutAuthorizer.requestContext>;
    delete context.authorizer;
    for (const request of [
      withoutAuthorizer,
      place([{ productId: "mug", quantity: 1 }], null),
      place([{ productId: "mug", quantity: 1 }], "../user-b"),
      place([{ productId: "mug", quantity: 1 }], ""),
      event("GET /orders", { sub: null }),
      event("GET /orders/{id}", { sub: null, id: uuid(1) }),
    ]) {
      const result = await handle(request);
      expect([result.statusCode, body(result)]).toEqual([401, { message: "no authenticated user (sub claim)" }]);
    }
    expect(sent).toEqual([]);
  });

  test("another customer's order is 404 for GET /orders/{id} and absent from GET /orders", async () => {
    const { handle, sent } = setup();
    await handle(place([{ productId: "mug", quantity: 1 }], "user-a"));
    await handle(place([{ productId: "tee", quantity: 1 }], "user-b"));
    const own = await handle(event("GET /orders/{id}", { sub: "user-a", id: uuid(1) }));
    expect([own.statusCode, body(own).orderId]).toEqual([200, uuid(1)]);
    const other = await handle(event("GET /orders/{id}", { sub: "user-a", id: uuid(2) }));
    expect([other.statusCode, body(other)]).toEqual([404, { message: "no such order" }]);
    // The read is keyed by the caller: the other customer's key is never asked for.
    expect((sent.at(-1) as GetCommand).input).toEqual({ TableName: ORDERS, Key: { customerId: "user-a", orderId: uuid(2) } });
    const list = body(await handle(event("GET /orders", { sub: "user-a" }))) as { items: Row[] };
    expect(list.items.map((order) => order.orderId)).toEqual([uuid(1)]);
    expect((await handle(event("GET /orders/{id}", { sub: "user-a", id: "../../user-b" }))).statusCode).toBe(404);
  });

  test("GET /orders pages through the caller's partition, newest first, with the cursor; a cursor into another partition is 400", async () => {
    const { handle, sent } = setup();
    for (let i = 0; i < 5; i++) await handle(place([{ productId: "mug", quantity: i + 1 }]));
    await handle(place([{ productId: "mug", quantity: 1 }], "user-b"));
    const first = body(await handle(event("GET /orders", { query: { limit: "2" } }))) as { items: Row[]; cursor: string };
    const second = body(await handle(event("GET /orders", { query: { limit: "2", cursor: first.cursor } }))) as { items: Row[]; cursor: string };
    const third = body(await handle(event("GET /orders", { query: { limit: "2", cursor: second.cursor } }))) as { items: Row[]; cursor?: string };
    expect([first, second, third].map((page) => page.items.map((order) => order.orderId))).toEqual([[uuid(5), uuid(4)], [uuid(3), uuid(2)], [uuid(1)]]);
    expect(third.cursor).toBeUndefined();
    expect((sent.filter((command) => command instanceof QueryCommand)[1] as QueryCommand).input).toMatchObject({
      ExpressionAttributeValues: { ":customerId": "user-a" },
      ExclusiveStartKey: { customerId: "user-a", orderId: uuid(4) },
      ScanIndexForward: false,
      Limit: 2,
    });
    // user-a's cursor, replayed by user-b, is refused rather than starting a Query elsewhere.
    const replayed = await handle(event("GET /orders", { sub: "user-b", query: { cursor: first.cursor } }));
    expect([replayed.statusCode, body(replayed)]).toEqual([400, { message: "cursor is not one this API returned" }]);
    expect((await handle(event("GET /orders", { query: { limit: "51" } }))).statusCode).toBe(400);
  });

  test("order ids are version 7 UUIDs: the placing time first, so later orders sort after earlier ones", async () => {
    const id = ordersModule.timeOrderedId(new Date("2026-12-02T10:00:00.000Z"), new Uint8Array(10).fill(0xff));
    expect(id).toBe("01a23632-5d00-7fff-bfff-ffffffffffff");
    const ids = ["2026-12-02T10:00:00.000Z", "2026-12-02T10:00:00.001Z", "2027-01-01T00:00:00.000Z"].map((at) => ordersModule.timeOrderedId(new Date(at)));
    expect([...ids].sort()).toEqual(ids);
    for (const each of ids) expect(each).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(() => ordersModule.timeOrderedId(new Date(), new Uint8Array(9))).toThrow(RangeError);
    // Without an id given, the handler makes one of its clock.
    const tables = fakeTables(catalogue);
    const handle = ordersModule.createHandler({ db: tables.db, productsTable: PRODUCTS, ordersTable: ORDERS, now: () => NOW });
    const placed = body(await handle(place([{ productId: "mug", quantity: 1 }])));
    expect(String(placed.orderId).slice(0, 13)).toBe(id.slice(0, 13));
    expect((await handle(event("GET /orders/{id}", { id: String(placed.orderId) }))).statusCode).toBe(200);
  });

  test("a malformed order item is refused with a bare 500; an unknown route is 405", async () => {
    const { handle, orders } = setup();
    await handle(place([{ productId: "mug", quantity: 1 }]));
    orders[0]!.totalCents = "12.50";
    const result = await handle(event("GET /orders/{id}", { id: uuid(1) }));
    expect([result.statusCode, body(result)]).toEqual([500, { message: "internal error" }]);
    expect((await handle(event("DELETE /orders/{id}", { id: uuid(1) }))).statusCode).toBe(405);
  });

  test("ids are distinct time-ordered (version 7) UUIDs when none is injected", async () => {
    const tables = fakeTables(catalogue);
    const handle = ordersModule.createHandler({ db: tables.db, productsTable: PRODUCTS, ordersTable: ORDERS });
    await handle(place([{ productId: "mug", quantity: 1 }]));
    await handle(place([{ productId: "mug", quantity: 1 }]));
    const ids = tables.orders.map((order) => String(order.orderId));
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test("the entry point is built at load; either table variable missing fails the load naming it", async () => {
    expect((await ordersModule.handler(event("PATCH /orders"))).statusCode).toBe(405);
    for (const name of ["TABLE_PRODUCTS", "TABLE_ORDERS"]) {
      const saved = process.env[name];
      delete process.env[name];
      try {
        await jest.isolateModulesAsync(async () => {
          await expect(import("../../../examples/serverless-dynamodb/functions/orders")).rejects.toThrow(`the environment variable ${name} is not set`);
        });
      } finally {
        process.env[name] = saved;
      }
    }
  });
});
