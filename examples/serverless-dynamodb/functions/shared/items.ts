/**
 * The shop's items as the code sees them, and the checks that hold DynamoDB's schemaless items
 * to those types: an item that does not fit is refused (`MalformedItemError`), never handed on.
 */
import { isRecord } from "./http";

/** A product of the catalogue (table `products`, partition key `id`). Prices in cents, one currency. */
export interface Product {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly priceCents: number;
}

export interface OrderLine {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

/** An order (table `orders`, partition key `customerId`, sort key `orderId`). */
export interface Order {
  readonly customerId: string;
  readonly orderId: string;
  readonly status: "placed";
  readonly lines: readonly OrderLine[];
  readonly totalCents: number;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
}

/** The largest price or quantity an item may hold: totals stay exact integers. */
export const MAX_PRICE_CENTS = 100_000_000;
export const MAX_QUANTITY = 100;

export class MalformedItemError extends Error {
  constructor(table: string, key: unknown, problem: string) {
    super(`item ${JSON.stringify(key)} of ${table}: ${problem}`);
    this.name = "MalformedItemError";
  }
}

type Check<T> = (value: unknown) => value is T;
const text: Check<string> = (value): value is string => typeof value === "string" && value.length > 0;
const optionalText: Check<string | undefined> = (value): value is string | undefined => value === undefined || typeof value === "string";
const integer = (min: number, max: number): Check<number> => (value): value is number => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

/** Reads fields of an item, throwing with the field's name when one does not fit. */
function reader(table: string, item: Record<string, unknown>, key: unknown) {
  return <T>(name: string, check: Check<T>, from: Record<string, unknown> = item): T => {
    const value = from[name];
    if (!check(value)) throw new MalformedItemError(table, key, `${name} is ${JSON.stringify(value) ?? "missing"}`);
    return value;
  };
}

export function toProduct(item: Record<string, unknown>): Product {
  const field = reader("products", item, { id: item.id });
  const description = field("description", optionalText);
  return {
    id: field("id", text),
    name: field("name", text),
    ...(description === undefined ? {} : { description }),
    priceCents: field("priceCents", integer(0, MAX_PRICE_CENTS)),
  };
}

export function toOrder(item: Record<string, unknown>): Order {
  const field = reader("orders", item, { customerId: item.customerId, orderId: item.orderId });
  const lines = field("lines", (value): value is unknown[] => Array.isArray(value) && value.length > 0);
  return {
    customerId: field("customerId", text),
    orderId: field("orderId", text),
    status: field("status", (value): value is "placed" => value === "placed"),
    lines: lines.map((line) => {
      const from = field("lines[]", isRecord, { "lines[]": line });
      return {
        productId: field("productId", text, from),
        name: field("name", text, from),
        quantity: field("quantity", integer(1, MAX_QUANTITY), from),
        unitPriceCents: field("unitPriceCents", integer(0, MAX_PRICE_CENTS), from),
      };
    }),
    totalCents: field("totalCents", integer(0, Number.MAX_SAFE_INTEGER)),
    createdAt: field("createdAt", (value): value is string => typeof value === "string" && !Number.isNaN(Date.parse(value))),
  };
}
