import { isIP } from 'node:net';

export interface UpstreamAddress {
  /** IPv4, or IPv6 in canonical form (possibly with a %zone). */
  host: string;
  port: number;
  family: 4 | 6;
}

/**
 * Parses an upstream resolver as written in config or resolv.conf: "1.2.3.4",
 * "1.2.3.4:5353", "::1", "[::1]:5353" or "fe80::1%eth0". Port defaults to 53.
 * Returns undefined for anything else, so one bad entry never stops the others.
 */
export function parseUpstreamAddress(text: string): UpstreamAddress | undefined {
  const s = text.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracketed) return make(bracketed[1]!, bracketed[2]);
  const v4WithPort = /^([0-9.]+):(\d+)$/.exec(s);
  if (v4WithPort) return make(v4WithPort[1]!, v4WithPort[2]);
  return make(s, undefined);
}

function make(host: string, portText: string | undefined): UpstreamAddress | undefined {
  const port = portText === undefined ? 53 : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  const [address, zone] = host.split('%', 2) as [string, string | undefined];
  const family = isIP(address);
  if (family === 4) return zone === undefined ? { host: address, port, family } : undefined;
  if (family !== 6) return undefined;
  // rinfo.address of replies is canonical; compare like with like
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  return { host: zone === undefined ? canonical : `${canonical}%${zone}`, port, family };
}
