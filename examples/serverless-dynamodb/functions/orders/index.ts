/**
 * The signed-in customer's orders (JWT-authorized routes): `POST /orders` places one, priced from
 * the products table (GetItem per product) and written with a conditional PutItem;
 * `GET /orders` lists the caller's, newest first (Query on their partition, backwards: order ids
 * are time-ordered UUIDs); `GET /orders/{id}` reads one (GetItem keyed by the caller, so another
 * customer's order is simply not found).
 */
import { randomBytes } from "node:crypto";
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import { readEnv } from "../shared/env";
import { api, ApiHandler, callerOf, decodeCursor, encodeCursor, HttpError, isRecord, json, jsonBody, pageSize } from "../shared/http";
import { MAX_QUANTITY, Order, OrderLine } from "../shared/items";
import { createDocumentClient, DocumentClient, orderTable, productTable } from "../shared/store";

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;

export interface OrdersDeps {
  readonly db: DocumentClient;
  /** The products table's name (`TABLE_PRODUCTS`), read for prices. */
  readonly productsTable: string;
  /** The orders table's name (`TABLE_ORDERS`). */
  readonly ordersTable: string;
  /** @default the clock */
  readonly now?: () => Date;
  /** A new order's id. @default a {@link timeOrderedId} of `now()` */
  readonly newOrderId?: () => string;
}

export const MAX_LINES = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A version 7 UUID (RFC 9562): the time in milliseconds, then 74 random bits. Ids of later orders
 * sort after earlier ones, so the orders table's sort key keeps each customer's orders in the
 * order they were placed, and a Query read backwards lists the newest first.
 */
export function timeOrderedId(at: Date, random: Uint8Array = randomBytes(10)): string {
  if (random.length < 10) throw new RangeError("timeOrderedId needs 10 random bytes");
  const bytes = new Uint8Array(16);
  let ms = at.getTime();
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes.set(random.subarray(0, 10), 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = Buffer.from(bytes).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

interface Requested {
  readonly productId: string;
  readonly quantity: number;
}

/** `{ items: [{ productId, quantity }] }`: 1 to 25 distinct products, 1 to 100 of each; or 400 naming the field. */
export function parseOrderRequest(body: Record<string, unknown>): Requested[] {
  const { items } = body;
  if (!Array.isArray(items) || items.length < 1 || items.length > MAX_LINES) {
    throw new HttpError(400, `items must be an array of 1 to ${MAX_LINES} { productId, quantity } objects`);
  }
  const seen = new Set<string>();
  return items.map((item: unknown, index) => {
    const { productId, quantity } = isRecord(item) ? item : {};
    if (typeof productId !== "string" || productId.length < 1 || productId.length > 256) {
      throw new HttpError(400, `items[${index}].productId must be a product id`);
    }
    if (seen.has(productId)) throw new HttpError(400, `items[${index}].productId repeats ${productId}: give its quantity once`);
    seen.add(productId);
    if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
      throw new HttpError(400, `items[${index}].quantity must be an integer from 1 to ${MAX_QUANTITY}`);
    }
    return { productId, quantity };
  });
}

export function createHandler(deps: OrdersDeps): ApiHandler<Event> {
  const products = productTable(deps.db, deps.productsTable);
  const orders = orderTable(deps.db, deps.ordersTable);
  const now = deps.now ?? (() => new Date());
  const newId = deps.newOrderId ?? (() => timeOrderedId(now()));

  return api<Event>({
    "POST /orders": async (event, log) => {
      const customerId = callerOf(event);
      const requested = parseOrderRequest(jsonBody(event));
      // Prices come from the catalogue, never from the client.
      const found = await Promise.all(requested.map(({ productId }) => products.get(productId)));
      const lines: OrderLine[] = requested.map(({ productId, quantity }, index) => {
        const product = found[index];
        if (!product) throw new HttpError(400, `items[${index}].productId: no product ${productId}`);
        return { productId, name: product.name, quantity, unitPriceCents: product.priceCents };
      });
      const order: Order = {
        customerId,
        orderId: newId(),
        status: "placed",
        lines,
        totalCents: lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0),
        createdAt: now().toISOString(),
      };
      if (!(await orders.create(order))) {
        log.warn("order id already taken", { orderId: order.orderId });
        throw new HttpError(409, "the order could not be recorded: send it again");
      }
      log.info("order placed", { orderId: order.orderId, lines: lines.length, totalCents: order.totalCents });
      return json(201, order, { location: `/orders/${order.orderId}` });
    },
    "GET /orders": async (event) => {
      const customerId = callerOf(event);
      const limit = pageSize(event);
      // A cursor starts within the caller's own partition, or not at all.
      const startAfter = decodeCursor(event, (key) => Object.keys(key).length === 2 && key.customerId === customerId && typeof key.orderId === "string");
      // Newest first: order ids are time-ordered.
      const { items, lastKey } = await orders.listFor(customerId, limit, startAfter);
      return json(200, { items, cursor: encodeCursor(lastKey) });
    },
    "GET /orders/{id}": async (event) => {
      const customerId = callerOf(event);
      const id = event.pathParameters?.id ?? "";
      const order = UUID.test(id) ? await orders.get(customerId, id) : undefined;
      if (!order) throw new HttpError(404, "no such order");
      return json(200, order);
    },
  });
}

const env = readEnv(["TABLE_PRODUCTS", "TABLE_ORDERS"]);
export const handler: ApiHandler<Event> = createHandler({ db: createDocumentClient(), productsTable: env.TABLE_PRODUCTS, ordersTable: env.TABLE_ORDERS });
