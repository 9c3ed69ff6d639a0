/**
 * The catalogue, public: `GET /products` (a page of products: `limit` up to 50, `cursor` from the
 * previous page) and `GET /products/{id}`. Reads the products table only (Scan, GetItem).
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { readEnv } from "../shared/env";
import { api, ApiHandler, decodeCursor, encodeCursor, HttpError, json, pageSize } from "../shared/http";
import { createDocumentClient, DocumentClient, productTable } from "../shared/store";

export interface CatalogDeps {
  readonly db: DocumentClient;
  /** The products table's name (`TABLE_PRODUCTS`). */
  readonly productsTable: string;
}

/** Browsers and the CDN may keep a catalogue answer for a minute. */
const CACHEABLE = { "cache-control": "public, max-age=60" };

export function createHandler(deps: CatalogDeps): ApiHandler<APIGatewayProxyEventV2> {
  const products = productTable(deps.db, deps.productsTable);
  return api<APIGatewayProxyEventV2>({
    "GET /products": async (event) => {
      const limit = pageSize(event);
      const startAfter = decodeCursor(event, (key) => Object.keys(key).length === 1 && typeof key.id === "string");
      const { items, lastKey } = await products.list(limit, startAfter);
      return json(200, { items, cursor: encodeCursor(lastKey) }, CACHEABLE);
    },
    "GET /products/{id}": async (event) => {
      const id = event.pathParameters?.id ?? "";
      // A key DynamoDB would refuse (empty, over its size) names no product either.
      const product = id.length > 0 && id.length <= 256 ? await products.get(id) : undefined;
      if (!product) throw new HttpError(404, "no such product");
      return json(200, product, CACHEABLE);
    },
  });
}

const env = readEnv(["TABLE_PRODUCTS"]);
export const handler: ApiHandler<APIGatewayProxyEventV2> = createHandler({ db: createDocumentClient(), productsTable: env.TABLE_PRODUCTS });
