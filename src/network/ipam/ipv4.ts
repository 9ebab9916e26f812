import { invalidArgument } from '../../core/engine-error.js';

/** IPv4 addresses as unsigned 32-bit numbers, and CIDR blocks over them. */
export interface Ipv4Cidr {
  /** The block's first address (host bits cleared). */
  network: number;
  prefixLength: number;
}

export function parseIpv4(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw invalidArgument(`invalid IPv4 address: ${text}`);
  }
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function isIpv4(text: string): boolean {
  try {
    parseIpv4(text);
    return true;
  } catch {
    return false;
  }
}

export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function maskOf(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

/** `10.1.2.3/16` → network 10.1.0.0/16; `strict` refuses host bits (as `docker network create --subnet` does). */
export function parseCidr(text: string, opts: { strict?: boolean } = {}): Ipv4Cidr {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(text);
  if (!m || Number(m[2]) > 32) throw invalidArgument(`invalid CIDR address: ${text}`);
  const prefixLength = Number(m[2]);
  const addr = parseIpv4(m[1]!);
  const network = (addr & maskOf(prefixLength)) >>> 0;
  if (opts.strict && network !== addr) {
    throw invalidArgument(`invalid subnet ${text}: it should be ${formatIpv4(network)}/${prefixLength}`);
  }
  return { network, prefixLength };
}

export function formatCidr(c: Ipv4Cidr): string {
  return `${formatIpv4(c.network)}/${c.prefixLength}`;
}

export function cidrSize(c: Ipv4Cidr): number {
  return 2 ** (32 - c.prefixLength);
}

export function cidrContains(c: Ipv4Cidr, addr: number): boolean {
  return ((addr & maskOf(c.prefixLength)) >>> 0) === c.network;
}

export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const shorter = Math.min(a.prefixLength, b.prefixLength);
  const m = maskOf(shorter);
  return ((a.network & m) >>> 0) === ((b.network & m) >>> 0);
}
