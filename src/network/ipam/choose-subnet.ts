import { EngineError } from '../../core/engine-error.js';
import { cidrsOverlap, formatCidr, type Ipv4Cidr, parseCidr } from './ipv4.js';

/**
 * Docker's default address pools: 172.17-31.0.0/16, then 192.168.0.0/16 cut into /20s. A new
 * network without `--subnet` gets the first one that overlaps nothing in `taken` (the other
 * networks of this daemon and every route of the host, so a LAN or VPN is never shadowed).
 */
export function defaultPoolCandidates(): Ipv4Cidr[] {
  const out: Ipv4Cidr[] = [];
  for (let b = 17; b <= 31; b++) out.push(parseCidr(`172.${b}.0.0/16`));
  for (let c = 0; c < 256; c += 16) out.push(parseCidr(`192.168.${c}.0/20`));
  return out;
}

export function chooseSubnet(taken: Ipv4Cidr[], candidates = defaultPoolCandidates()): string {
  const free = candidates.find((c) => !taken.some((t) => t.prefixLength > 0 && cidrsOverlap(c, t)));
  if (!free) throw new EngineError('unavailable', 'all predefined address pools have been fully subnetted', { hint: 'create the network with --subnet' });
  return formatCidr(free);
}
