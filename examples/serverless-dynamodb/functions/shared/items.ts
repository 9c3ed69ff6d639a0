import type { AttributeValue } from "@aws-sdk/client-dynamodb";

// The tables' items as TypeScript types, and the only code that turns one into the other: an
// item that does not have the shape is refused, never half-read.

export type Item = Record<string, AttributeValue>;

export interface Product {
  readonly id: string;
  readonly name: string;
  readonly priceCents: number;
}

export interface OrderLine {
  readonly productId: string;
  readonly quantity: number;
  readonly priceCents: number;
}

export interface Order {
  readonly customerId: string;
  readonly orderId: string;
  readonly lines: readonly OrderLine[];
  readonly totalCents: number;
  readonly createdAt: string;
}

/** An item that does not have its type's shape: a bug or a hand edit, reported, never served. */
export class MalformedItem extends Error {}

function str(item: Item, key: string): string {
  const value = item[key]?.S;
  if (value === undefined) throw new MalformedItem(`attribute ${key} is not a string`);
  return value;
}

function int(item: Item, key: string): number {
  const value = Number(item[key]?.N);
  if (!Number.isInteger(value)) throw new MalformedItem(`attribute ${key} is not an integer`);
  return value;
}

export function productFromItem(item: Item): Product {
  return { id: str(item, "id"), name: str(item, "name"), priceCents: int(item, "priceCents") };
}

export function orderToItem(order: Order): Item {
  return {
    customerId: { S: order.customerId },
    orderId: { S: order.orderId },
    createdAt: { S: order.createdAt },
    totalCents: { N: String(order.totalCents) },
    lines: { L: order.lines.map((l) => ({ M: { productId: { S: l.productId }, quantity: { N: String(l.quantity) }, priceCents: { N: String(l.priceCents) } } })) },
  };
}

export function orderFromItem(item: Item): Order {
  const lines = item.lines?.L;
  if (lines === undefined) throw new MalformedItem("attribute lines is not a list");
  return {
    customerId: str(item, "customerId"),
    orderId: str(item, "orderId"),
    createdAt: str(item, "createdAt"),
    totalCents: int(item, "totalCents"),
    lines: lines.map((line) => {
      const m = line.M;
      if (m === undefined) throw new MalformedItem("an order line is not a map");
      return { productId: str(m, "productId"), quantity: int(m, "quantity"), priceCents: int(m, "priceCents") };
    }),
  };
}
