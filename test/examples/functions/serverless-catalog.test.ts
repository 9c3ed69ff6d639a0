/**
 * The serverless example's catalogue function (examples/serverless-dynamodb/functions/catalog),
 * on an in-memory products table behind a fake document client: the commands it sends (what
 * its role must be granted), pagination, 404 and 405, malformed items, logs, and start-up.
 */
import { GetCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { httpApiEvent, type HttpApiEventOptions, jsonBody as body, jsonLines } from "../../support/http-api-event";
import type * as Catalog from "../../../examples/serverless-dynamodb/functions/catalog";
import type { DocumentClient, DocumentCommand, DocumentOutput } from "../../../examples/serverless-dynamodb/functions/shared/store";

const TABLE = "woocom-test-products";

/** A products table in memory, scanned in key order as far as `Limit`, as DynamoDB pages. */
function fakeProducts(items: Record<string, unknown>[]): DocumentClient & { sent: DocumentCommand[] } {
  const rows = [...items].sort((a, b) => String(a.id).localeCompare(String(b.id)));
  const sent: DocumentCommand[] = [];
  return {
    sent,
    async send(command: DocumentCommand): Promise<DocumentOutput> {
      sent.push(command);
      if (command.input.TableName !== TABLE) throw new Error(`no table ${command.input.TableName}`);
      if (command instanceof GetCommand) return { Item: rows.find((row) => row.id === command.input.Key?.id) };
      if (command instanceof ScanCommand) {
        const after = command.input.ExclusiveStartKey?.id as string | undefined;
        const rest = after === undefined ? rows : rows.filter((row) => String(row.id) > after);
        const limit = command.input.Limit ?? rest.length;
        const page = rest.slice(0, limit);
        const last = page[page.length - 1];
        return { Items: page, ...(rest.length > limit || (page.length === limit && last) ? { LastEvaluatedKey: { id: last!.id } } : {}) };
      }
      throw new Error(`the catalogue sent ${command.constructor.name}`);
    },
  };
}

const event = (routeKey: string, options: HttpApiEventOptions = {}) => httpApiEvent(routeKey, { requestId: "req-catalog-1", ...options });

const products = Array.from({ length: 7 }, (_, i) => ({ id: `p${i}`, name: `Product ${i}`, priceCents: 100 * (i + 1) }));

let catalog: typeof Catalog;
let logs: jest.SpyInstance;
beforeAll(async () => {
  process.env.TABLE_PRODUCTS = TABLE;
  catalog = await import("../../../examples/serverless-dynamodb/functions/catalog");
});
beforeEach(() => {
  logs = jest.spyOn(console, "log").mockImplementation(() => undefined);
});
afterEach(() => logs.mockRestore());
const logLines = () => jsonLines(logs);

describe("serverless catalog", () => {
  test("GET /products/{id}: the product as its type, with a JSON content type, from one GetItem on the products table", async () => {
    const db = fakeProducts([{ ...products[0], description: "A mug", internalNote: "not part of the type" }]);
    const result = await catalog.createHandler({ db, productsTable: TABLE })(event("GET /products/{id}", { id: "p0" }));
    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({ "content-type": "application/json" });
    expect(body(result)).toEqual({ id: "p0", name: "Product 0", description: "A mug", priceCents: 100 });
    expect(db.sent.map((command) => [command.constructor.name, command.input])).toEqual([["GetCommand", { TableName: TABLE, Key: { id: "p0" } }]]);
  });

  test("404 for an unknown product, and for an id no key could hold, without asking the table", async () => {
    const db = fakeProducts(products);
    const handle = catalog.createHandler({ db, productsTable: TABLE });
    const missing = await handle(event("GET /products/{id}", { id: "nope" }));
    expect([missing.statusCode, body(missing)]).toEqual([404, { message: "no such product" }]);
    expect((await handle(event("GET /products/{id}", { id: "x".repeat(300) }))).statusCode).toBe(404);
    expect(db.sent).toHaveLength(1);
  });

  test("GET /products pages with the cursor: every product once, in pages of `limit`, then no cursor", async () => {
    const db = fakeProducts(products);
    const handle = catalog.createHandler({ db, productsTable: TABLE });
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    do {
      const result = await handle(event("GET /products", { query: { limit: "3", ...(cursor ? { cursor } : {}) } }));
      expect(result.statusCode).toBe(200);
      const page = body(result) as { items: { id: string }[]; cursor?: string };
      sizes.push(page.items.length);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.cursor;
    } while (cursor !== undefined && sizes.length < 10);
    expect(seen).toEqual(products.map((product) => product.id));
    expect(sizes).toEqual([3, 3, 1]);
    expect(db.sent.every((command) => command instanceof ScanCommand && command.input.Limit === 3)).toBe(true);
    // The second scan starts after the first page's last key.
    expect((db.sent[1] as ScanCommand).input.ExclusiveStartKey).toEqual({ id: "p2" });
  });

  test("limit defaults to 20 and is 1 to 50; a cursor that is not one the API gave is 400", async () => {
    const db = fakeProducts(products);
    const handle = catalog.createHandler({ db, productsTable: TABLE });
    await handle(event("GET /products"));
    expect((db.sent[0] as ScanCommand).input.Limit).toBe(20);
    expect((await handle(event("GET /products", { query: { limit: "50" } }))).statusCode).toBe(200);
    for (const limit of ["0", "51", "-1", "2.5", "ten", ""]) {
      const result = await handle(event("GET /products", { query: { limit } }));
      expect({ limit, status: result.statusCode, body: body(result) }).toEqual({ limit, status: 400, body: { message: "limit must be an integer from 1 to 50" } });
    }
    const forged = [
      "not base64 json",
      Buffer.from("[1]").toString("base64url"),
      Buffer.from(JSON.stringify({ id: 5 })).toString("base64url"),
      Buffer.from(JSON.stringify({ id: "p1", extra: "x" })).toString("base64url"),
    ];
    for (const cursor of forged) expect((await handle(event("GET /products", { query: { cursor } }))).statusCode).toBe(400);
    expect(db.sent).toHaveLength(2);
  });

  test("405 for a route the function does not serve", async () => {
    const result = await catalog.createHandler({ db: fakeProducts([]), productsTable: TABLE })(event("DELETE /products/{id}", { id: "p0" }));
    expect(result.statusCode).toBe(405);
    expect(body(result)).toEqual({ message: "this function does not serve DELETE /products/{id}" });
  });

  test("a malformed item is refused: 500 with no detail in the response, the detail in one JSON log line", async () => {
    for (const bad of [{ id: "p0", name: "Mug" }, { id: "p0", name: "Mug", priceCents: "12" }, { id: "p0", name: "", priceCents: 1 }, { id: "p0", name: "Mug", priceCents: 1.5 }, { id: "p0", name: "Mug", priceCents: -1 }]) {
      logs.mockClear();
      const result = await catalog.createHandler({ db: fakeProducts([bad]), productsTable: TABLE })(event("GET /products/{id}", { id: "p0" }));
      expect(result.statusCode).toBe(500);
      expect(body(result)).toEqual({ message: "internal error" });
      const [failure, request] = logLines();
      expect(failure).toMatchObject({ level: "error", message: "request failed", requestId: "req-catalog-1", error: "MalformedItemError" });
      expect(String(failure!.detail)).toMatch(/^item \{"id":"p0"\} of products: (priceCents|name) is /);
      expect(request).toMatchObject({ level: "info", message: "request", requestId: "req-catalog-1", routeKey: "GET /products/{id}", status: 500 });
    }
    // A list holding one malformed item is refused too.
    const list = await catalog.createHandler({ db: fakeProducts([...products, { id: "p9" }]), productsTable: TABLE })(event("GET /products"));
    expect(list.statusCode).toBe(500);
  });

  test("an SDK failure is a bare 500: no message, no stack in the response", async () => {
    const db: DocumentClient = {
      send: async () => {
        throw Object.assign(new Error("User: arn:aws:sts::123456789012:assumed-role/x is not authorized to perform: dynamodb:Scan"), { name: "AccessDeniedException" });
      },
    };
    const result = await catalog.createHandler({ db, productsTable: TABLE })(event("GET /products"));
    expect(result).toEqual({ statusCode: 500, headers: { "content-type": "application/json", "cache-control": "no-store" }, body: '{"message":"internal error"}' });
    expect(logLines()[0]).toMatchObject({ level: "error", error: "AccessDeniedException" });
  });

  test("the Lambda entry point is built at load from TABLE_PRODUCTS, and a missing variable fails the load naming it", async () => {
    expect(typeof catalog.handler).toBe("function");
    expect((await catalog.handler(event("PUT /products"))).statusCode).toBe(405);
    const saved = process.env.TABLE_PRODUCTS;
    delete process.env.TABLE_PRODUCTS;
    try {
      await jest.isolateModulesAsync(async () => {
        await expect(import("../../../examples/serverless-dynamodb/functions/catalog")).rejects.toThrow("the environment variable TABLE_PRODUCTS is not set");
      });
    } finally {
      process.env.TABLE_PRODUCTS = saved;
    }
  });
});
