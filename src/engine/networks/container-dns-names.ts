import type { ContainerRecord } from '../../core/container.js';
import type { NetworkRecord } from '../../core/network.js';

/**
 * What the embedded DNS server of a network answers: the addresses, on that network, of the
 * running containers whose name, network alias or 12-character short id is `name` (any case,
 * trailing dot ignored); undefined when no container has that name, so the query is forwarded.
 */
export function containerAddressesByName(containers: ContainerRecord[], networkId: string, name: string): string[] | undefined {
  const q = name.toLowerCase().replace(/\.$/, '');
  const out: string[] = [];
  for (const rec of containers) {
    const ep = rec.networkState?.endpoints.find((e) => e.networkId === networkId);
    if (!ep) continue;
    const aliases = rec.endpoints?.find((e) => e.networkId === networkId)?.aliases ?? [];
    if ([rec.name, rec.id.slice(0, 12), ...aliases].some((n) => n.toLowerCase() === q)) out.push(ep.ipAddress);
  }
  return out.length ? out : undefined;
}

/** The PTR answer for a container address on the network: `<name>.<network>`. */
export function containerNameByAddress(containers: ContainerRecord[], net: NetworkRecord | undefined, ip: string): string | undefined {
  if (!net) return undefined;
  const rec = containers.find((r) => r.networkState?.endpoints.some((e) => e.networkId === net.id && e.ipAddress === ip));
  return rec ? `${rec.name}.${net.name}` : undefined;
}
