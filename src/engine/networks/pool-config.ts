import { conflict, invalidArgument } from '../../core/engine-error.js';
import type { IpamPoolConfig } from '../../core/network.js';
import { chooseSubnet } from '../../network/ipam/choose-subnet.js';
import { cidrContains, cidrsOverlap, formatIpv4, parseCidr, parseIpv4 } from '../../network/ipam/ipv4.js';

/** `--subnet`, `--gateway`, `--ip-range` as given (all optional). */
export interface PoolRequest {
  subnet?: string;
  gateway?: string;
  ipRange?: string;
}

/**
 * A new network's address pool: the asked subnet (no host bits, overlapping none of this daemon's
 * networks), or the first default pool free of those and of the host's routes; the gateway is the
 * asked one or the subnet's first address; an ip-range must lie inside the subnet.
 */
export function poolConfig(req: PoolRequest, otherSubnets: string[], hostRoutes: string[]): IpamPoolConfig {
  const others = otherSubnets.map((s) => parseCidr(s));
  let subnet = req.subnet;
  if (subnet) {
    const c = parseCidr(subnet, { strict: true });
    if (c.prefixLength > 30) throw invalidArgument(`subnet ${subnet} is too small`);
    if (others.some((o) => cidrsOverlap(o, c))) throw conflict('invalid pool request: Pool overlaps with other one on this address space');
  } else {
    if (req.gateway || req.ipRange) throw invalidArgument('a gateway or ip-range needs a subnet');
    subnet = chooseSubnet([...others, ...hostRoutes.map((r) => parseCidr(r))]);
  }
  const c = parseCidr(subnet);
  const gateway = req.gateway || formatIpv4(c.network + 1);
  if (!cidrContains(c, parseIpv4(gateway))) throw invalidArgument(`gateway ${gateway} is not in subnet ${subnet}`);
  if (req.ipRange) {
    const r = parseCidr(req.ipRange);
    if (!cidrContains(c, r.network) || r.prefixLength < c.prefixLength) throw invalidArgument(`ip-range ${req.ipRange} is not inside subnet ${subnet}`);
  }
  return { subnet, gateway, ipRange: req.ipRange ?? '' };
}
