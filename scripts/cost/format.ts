/** How quantities, prices and amounts are written in the estimate's lines. */

/** 730, 0.25, 2,000,000, 5.48: at most 4 significant decimals, thousands separated. */
export function formatQuantity(value: number): string {
  const rounded = Math.abs(value) >= 100 ? Math.round(value * 100) / 100 : Number(value.toPrecision(4));
  return rounded.toLocaleString("en-US", { maximumFractionDigits: 4 });
}

/** A unit price as given: $0.045, $0.000111, $3. */
export function formatUnitPrice(usd: number): string {
  return `$${usd.toLocaleString("en-US", { maximumFractionDigits: 8 })}`;
}

/** A monthly amount: $11.68. */
export function formatMoney(usd: number): string {
  return `${usd < 0 ? "-" : ""}$${Math.abs(usd).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A share as a whole percentage: 0.5 → 50%. */
export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Items as one phrase: `a, b and c`. */
export function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
