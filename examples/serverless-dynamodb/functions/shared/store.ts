/**
 * The adapter between the handlers and DynamoDB: the only code that sends commands, each item
 * read mapped to its model type (or refused), each write typed by the model.
 */
import { ConditionalCheckFailedException, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { Order, Product, toOrder, toProduct } from "./items";

export type DocumentCommand = GetCommand | PutCommand | QueryCommand | ScanCommand;
export interface DocumentOutput {
  readonly Item?: Record<string, unknown>;
  readonly Items?: Record<string, unknown>[];
  readonly LastEvaluatedKey?: Record<string, unknown>;
}
/** What the adapter needs of the document client: `DynamoDBDocumentClient` fits, and so does a test's fake. */
export interface DocumentClient {
  send(command: DocumentCommand): Promise<DocumentOutput>;
}

/** The document client Lambda uses: the SDK v3 the nodejs22.x runtime provides, region and credentials from its environment. */
export function createDocumentClient(): DocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
}

export interface Page<T> {
  readonly items: T[];
  /** The key to start the next page after; absent on the last page. */
  readonly lastKey?: Record<string, unknown>;
}

function page<T>(output: DocumentOutput, map: (item: Record<string, unknown>) => T): Page<T> {
  return { items: (output.Items ?? []).map(map), ...(output.LastEvaluatedKey ? { lastKey: output.LastEvaluatedKey } : {}) };
}

/** The products table: Scan (list) and GetItem. */
export function productTable(db: DocumentClient, tableName: string) {
  return {
    async list(limit: number, startAfter?: Record<string, unknown>): Promise<Page<Product>> {
      return page(await db.send(new ScanCommand({ TableName: tableName, Limit: limit, ExclusiveStartKey: startAfter })), toProduct);
    },
    async get(id: string): Promise<Product | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: { id } }));
      return Item && toProduct(Item);
    },
  };
}

/** The orders table: PutItem (conditional), Query (one customer's partition) and GetItem. */
export function orderTable(db: DocumentClient, tableName: string) {
  return {
    /** Writes a new order; false when an order with its key already exists (it is never overwritten). */
    async create(order: Order): Promise<boolean> {
      try {
        await db.send(new PutCommand({ TableName: tableName, Item: order, ConditionExpression: "attribute_not_exists(orderId)" }));
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async listFor(customerId: string, limit: number, startAfter?: Record<string, unknown>): Promise<Page<Order>> {
      const output = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: "customerId = :customerId",
          ExpressionAttributeValues: { ":customerId": customerId },
          // Newest first: order ids are time-ordered (version 7 UUIDs).
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: startAfter,
        }),
      );
      return page(output, toOrder);
    },
    async get(customerId: string, orderId: string): Promise<Order | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: { customerId, orderId } }));
      return Item && toOrder(Item);
    },
  };
}
