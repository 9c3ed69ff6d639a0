import { DynamoDBClient, GetItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { ApiEvent, ApiResult, dispatch, HttpError, json, requiredVariable } from "../shared/http";
import { Item, productFromItem } from "../shared/items";

// GET /products and GET /products/{id}: the catalogue, public. Reads the products table only
// (dynamodb:Scan and dynamodb:GetItem).

export interface CatalogDeps {
  readonly dynamodb: Pick<DynamoDBClient, "send">;
  readonly productsTable: string;
}

const MAX_PAGE = 50;

/** A page position as the client sees it: the last key, base64url JSON. */
function encodeCursor(key: Item | undefined): string | undefined {
  return key === undefined ? undefined : Buffer.from(JSON.stringify(key)).toString("base64url");
}

function decodeCursor(cursor: string | undefined): Item | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { id?: { S?: unknown } };
    if (typeof key.id?.S !== "string" || Object.keys(key).length !== 1) throw new Error("not a key");
    return { id: { S: key.id.S } };
  } catch {
    throw new HttpError(400, "cursor is not one this API returned");
  }
}

export function createHandler(deps: CatalogDeps): (event: ApiEvent) => Promise<ApiResult> {
  return (event) =>
    dispatch(event, {
      "GET /products": async (e) => {
        const limit = Number(e.queryStringParameters?.limit ?? "20");
        if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new HttpError(400, `limit must be a whole number from 1 to ${MAX_PAGE}`);
        const page = await deps.dynamodb.send(
          new ScanCommand({ TableName: deps.productsTable, Limit: limit, ExclusiveStartKey: decodeCursor(e.queryStringParameters?.cursor) }),
        );
        return json(200, { products: (page.Items ?? []).map(productFromItem), cursor: encodeCursor(page.LastEvaluatedKey) });
      },
      "GET /products/{id}": async (e) => {
        const id = e.pathParameters?.id;
        if (id === undefined) throw new HttpError(400, "a product id is required");
        const found = await deps.dynamodb.send(new GetItemCommand({ TableName: deps.productsTable, Key: { id: { S: id } } }));
        if (found.Item === undefined) throw new HttpError(404, "no such product");
        return json(200, productFromItem(found.Item));
      },
    });
}

let live: ((event: ApiEvent) => Promise<ApiResult>) | undefined;

/** The function's entry point: its table named at cold start, the client made once. */
export const handler = (event: ApiEvent): Promise<ApiResult> => {
  live ??= createHandler({ dynamodb: new DynamoDBClient({}), productsTable: requiredVariable(process.env, "TABLE_PRODUCTS") });
  return live(event);
};
