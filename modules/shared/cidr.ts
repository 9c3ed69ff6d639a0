/** An IPv4 network: its first address as an unsigned 32-bit number and its prefix length. */
export interface Ipv4Network {
  readonly address: number;
  readonly prefix: number;
}

/** The result of parsing a CIDR: the network, or the reason it is not one. */
export type CidrParseResult =
  | { readonly ok: true; readonly network: Ipv4Network }
  | { readonly ok: false; readonly reason: string };

const CIDR_SHAPE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Parses an IPv4 CIDR such as `10.0.0.0/16`. Refuses octets over 255, leading zeros, prefixes
 * over 32, and host bits set (`10.0.0.1/16`), saying which and suggesting the network address.
 */
export function parseIpv4Cidr(text: string): CidrParseResult {
  const match = CIDR_SHAPE.exec(text);
  if (!match) return { ok: false, reason: "is not an IPv4 CIDR of the form a.b.c.d/n" };
  const parts = match.slice(1, 5);
  for (const part of parts) {
    if (part.length > 1 && part.startsWith("0")) {
      return { ok: false, reason: `has an octet with a leading zero (${part})` };
    }
    if (Number(part) > 255) return { ok: false, reason: `has an octet over 255 (${part})` };
  }
  const prefix = Number(match[5]);
  if (prefix > 32) return { ok: false, reason: `has a prefix over /32 (/${prefix})` };
  const address = parts.reduce((acc, part) => acc * 256 + Number(part), 0);
  const network = address - (address % 2 ** (32 - prefix));
  if (network !== address) {
    return {
      ok: false,
      reason: `has host bits set; the network address is ${formatIpv4Cidr({ address: network, prefix })}`,
    };
  }
  return { ok: true, network: { address, prefix } };
}

export function formatIpv4Cidr(network: Ipv4Network): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(network.address / 2 ** shift) % 256);
  return `${octets.join(".")}/${network.prefix}`;
}

/** The number of addresses in a network. */
export function networkSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/**
 * The `index`th subnet of `parent` with prefix `newPrefix`, like Terraform's `cidrsubnet`
 * but computed at synth so the plan and the tests see literal CIDRs.
 */
export function subnetOf(parent: Ipv4Network, newPrefix: number, index: number): Ipv4Network {
  if (newPrefix < parent.prefix || newPrefix > 32) {
    throw new RangeError(`cannot carve a /${newPrefix} out of a /${parent.prefix}`);
  }
  const count = 2 ** (newPrefix - parent.prefix);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`a /${parent.prefix} holds ${count} subnets of /${newPrefix}; index ${index} is out of range`);
  }
  return { address: parent.address + index * networkSize(newPrefix), prefix: newPrefix };
}

/** Whether two CIDRs share any address. False when either is not a valid CIDR. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseIpv4Cidr(a);
  const y = parseIpv4Cidr(b);
  if (!x.ok || !y.ok) return false;
  const end = (n: Ipv4Network) => n.address + networkSize(n.prefix) - 1;
  return x.network.address <= end(y.network) && y.network.address <= end(x.network);
}
