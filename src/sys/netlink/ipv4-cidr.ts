/** An IPv4 network address in CIDR form, e.g. 10.88.0.2/16, as raw bytes in network order. */
export interface Ipv4Cidr {
  address: Uint8Array;
  prefixLength: number;
}

/** Parses "a.b.c.d/n"; without "/n" the prefix is 32. Throws RangeError on anything else. */
export function parseIpv4Cidr(cidr: string): Ipv4Cidr {
  const slash = cidr.indexOf('/');
  const address = parseIpv4(slash < 0 ? cidr : cidr.slice(0, slash));
  if (slash < 0) return { address, prefixLength: 32 };
  const p = cidr.slice(slash + 1);
  if (!/^\d{1,2}$/.test(p) || Number(p) > 32) throw new RangeError(`invalid IPv4 prefix length in ${JSON.stringify(cidr)}`);
  return { address, prefixLength: Number(p) };
}

export function parseIpv4(text: string): Uint8Array {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255)) {
    throw new RangeError(`invalid IPv4 address ${JSON.stringify(text)}`);
  }
  return Uint8Array.from(parts, Number);
}

export function formatIpv4(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4)).join('.');
}

/** The directed broadcast address of the network (host bits set). */
export function ipv4Broadcast(c: Ipv4Cidr): Uint8Array {
  return c.address.map((byte, i) => byte | (0xff >> Math.max(0, Math.min(8, c.prefixLength - i * 8))));
}
