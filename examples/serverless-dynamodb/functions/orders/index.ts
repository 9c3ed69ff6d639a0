import { randomUUID } from "node:crypto";
import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import { ApiEvent, ApiResult, bodyOf, callerOf, dispatch, HttpError, json, requiredVariable } from "../shared/http";
import { Order, OrderLine, orderFromItem, orderToItem, productFromItem } from "../shared/items";

// POST /orders, GET /orders, GET /orders/{id}: the caller's orders (the JWT's sub), priced from
// the products table. Reads products (dynamodb:GetItem); reads and writes orders
// (dynamodb:PutItem, dynamodb:Query, dynamodb:GetItem).

export interface OrdersDeps {
  readonly dynamodb: Pick<DynamoDBClient, "send">;
  readonly ordersTable: string;
  readonly productsTable: string;
  readonly newId?: () => string;
  readonly now?: () => Date;
}

const MAX_LINES = 20;
const MAX_QUANTITY = 100;

/** The order's lines as asked, checked: ids and whole quantities, each product once. */
function requestedLines(body: unknown): { productId: string; quantity: number }[] {
  const items = (body as { items?: unknown } | null)?.items;
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_LINES) throw new HttpError(400, `items must be a list of 1 to ${MAX_LINES} {productId, quantity}`);
  const seen = new Set<string>();
  return items.map((item: unknown, i) => {
    const { productId, quantity } = (item ?? {}) as { productId?: unknown; quantity?: unknown };
    if (typeof productId !== "string" || productId === "" || productId.length > 64) throw new HttpError(400, `items[${i}].productId must be a product id`);
    if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) throw new HttpError(400, `items[${i}].quantity must be a whole number from 1 to ${MAX_QUANTITY}`);
    if (seen.has(productId)) throw new HttpError(400, `items[${i}].productId is listed twice`);
    seen.add(productId);
    return { productId, quantity };
  });
}

export function createHandler(deps: OrdersDeps): (event: ApiEvent) => Promise<ApiResult> {
  const newId = deps.newId ?? randomUUID;
  const now = deps.now ?? (() => new Date());
  return (event) =>
    dispatch(event, {
      "POST /orders": async (e) => {
        const customerId = callerOf(e);
        const asked = requestedLines(bodyOf(e));
        const lines: OrderLine[] = [];
        for (const { productId, quantity } of asked) {
          const found = await deps.dynamodb.send(new GetItemCommand({ TableName: deps.productsTable, Key: { id: { S: productId } } }));
          if (found.Item === undefined) throw new HttpError(400, `no product ${productId}`);
          lines.push({ productId, quantity, priceCents: productFromItem(found.Item).priceCents });
        }
        const order: Order = { customerId, orderId: newId(), lines, totalCents: lines.reduce((sum, l) => sum + l.priceCents * l.quantity, 0), createdAt: now().toISOString() };
        try {
          // Never overwrite an order: a repeated id fails rather than replaces.
          await deps.dynamodb.send(new PutItemCommand({ TableName: deps.ordersTable, Item: orderToItem(order), ConditionExpression: "attribute_not_exists(orderId)" }));
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException) throw new HttpError(409, "the order could not be placed; try again");
          throw error;
        }
        return json(201, order);
      },
      "GET /orders": async (e) => {
        const customerId = callerOf(e);
        const page = await deps.dynamodb.send(
          new QueryCommand({ TableName: deps.ordersTable, KeyConditionExpression: "customerId = :c", ExpressionAttributeValues: { ":c": { S: customerId } }, Limit: 50, ScanIndexForward: false }),
        );
        return json(200, { orders: (page.Items ?? []).map(orderFromItem) });
      },
      "GET /orders/{id}": async (e) => {
        const customerId = callerOf(e);
        const orderId = e.pathParameters?.id;
        if (orderId === undefined) throw new HttpError(400, "an order id is required");
        // Keyed by the caller: another customer's order is simply not found.
        const found = await deps.dynamodb.send(new GetItemCommand({ TableName: deps.ordersTable, Key: { customerId: { S: customerId }, orderId: { S: orderId } } }));
        if (found.Item === undefined) throw new HttpError(404, "no such order");
        return json(200, orderFromItem(found.Item));
      },
    });
}

let live: ((event: ApiEvent) => Promise<ApiResult>) | undefined;

export const handler = (event: ApiEvent): Promise<ApiResult> => {
  live ??= createHandler({
    dynamodb: new DynamoDBClient({}),
    ordersTable: requiredVariable(process.env, "TABLE_ORDERS"),
    productsTable: requiredVariable(process.env, "TABLE_PRODUCTS"),
  });
  return live(event);
};
