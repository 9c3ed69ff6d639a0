/** The price data: `prices.json`, checked. */
import { isRecord } from "../../inspect";
import priceFile from "./prices.json";
import type { PriceData } from "./types";

/** Checks a price file and returns it typed; throws naming the first bad entry. */
export function parsePriceData(raw: unknown): PriceData {
  if (!isRecord(raw) || raw.currency !== "USD" || typeof raw.hoursPerMonth !== "number" || !Array.isArray(raw.prices)) {
    throw new Error('price data must be an object with currency "USD", hoursPerMonth and prices[]');
  }
  const seen = new Set<string>();
  raw.prices.forEach((entry: unknown, i) => {
    const at = `prices[${i}]`;
    if (!isRecord(entry)) throw new Error(`${at} must be an object`);
    for (const field of ["key", "region", "unit", "source", "read"] as const) {
      if (typeof entry[field] !== "string" || entry[field] === "") throw new Error(`${at}.${field} must be a non-empty string`);
    }
    if (typeof entry.usd !== "number" || !(entry.usd >= 0)) throw new Error(`${at}.usd must be a number, 0 or more`);
    if (!/^https:\/\//.test(entry.source as string)) throw new Error(`${at}.source must be an https URL`);
    if (!/^\d{4}-\d{2}(-\d{2})?$/.test(entry.read as string)) throw new Error(`${at}.read must be YYYY-MM-DD or YYYY-MM`);
    const id = `${entry.key as string}@${entry.region as string}`;
    if (seen.has(id)) throw new Error(`${at}: ${id} is listed twice`);
    seen.add(id);
  });
  return raw as unknown as PriceData;
}

/** The prices shipped in `scripts/cost/prices.json`. */
export const DEFAULT_PRICES: PriceData = parsePriceData(priceFile);
