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

/** `name:alias`, `/name:/linker/alias` or `name` (the alias is then the name). */
export function parseLink(link: string): { name: string; alias: string } {
  const [rawName = '', rawAlias] = link.split(':');
  const name = rawName.replace(/^\//, '');
  const alias = rawAlias ? rawAlias.slice(rawAlias.lastIndexOf('/') + 1) : name;
  return { name, alias };
}

/**
 * `--link name:alias` on user-defined networks: the linking container (only it) resolves the
 * alias to the linked container's address on a network they share.
 */
export function linkedAddresses(containers: ContainerRecord[], asker: ContainerRecord, networkIds: string[], name: string): string[] | undefined {
  const q = name.toLowerCase().replace(/\.$/, '');
  for (const link of (asker.endpoints ?? []).flatMap((e) => e.links)) {
    const { name: target, alias } = parseLink(link);
    if (alias.toLowerCase() !== q) continue;
    const other = containers.find((c) => c.name === target || c.id === target || (target.length >= 12 && c.id.startsWith(target)));
    const ep = other?.networkState?.endpoints.find((e) => networkIds.includes(e.networkId));
    if (ep) return [ep.ipAddress];
  }
  return undefined;
}
