import type { ContainerRecord } from '../../core/container.js';
import type { NetworkRecord } from '../../core/network.js';
import { containerAddressesByName, containerNameByAddress, linkedAddresses } from './container-dns-names.js';

/** What one network's embedded DNS server asks the engine, always on behalf of the asking container. */
export interface DnsNames {
  /** Names are looked up for an asking container (`client` is its address on this network). */
  lookup: (name: string, client: string) => string[] | undefined;
  reverse: (ip: string, client: string) => string | undefined;
  /** The resolvers a container asked for with `--dns`, by its address; undefined = the host's. */
  resolversOf: (ip: string) => string[] | undefined;
}

/**
 * The names of Docker's embedded DNS, for the server of network `networkId`: a name is looked up
 * for the asking container (known by its source address), first as one of its `--link` aliases,
 * then on the network the query came in on, then on the asker's other user-defined networks
 * (a container on two networks sends every query to one server).
 */
export function networkDnsNames(networkId: string, containers: () => ContainerRecord[], findNetwork: (id: string) => NetworkRecord | undefined): DnsNames {
  const containerAt = (all: ContainerRecord[], ip: string) =>
    all.find((r) => r.networkState?.endpoints.some((e) => e.networkId === networkId && e.ipAddress === ip));
  const networksOf = (asker: ContainerRecord | undefined) => [networkId, ...(asker?.networkState?.endpoints ?? [])
    .map((e) => e.networkId).filter((id) => id !== networkId && !findNetwork(id)?.isDefaultBridge)];
  return {
    lookup(name, client) {
      const all = containers();
      const asker = containerAt(all, client);
      const networks = networksOf(asker);
      const linked = asker ? linkedAddresses(all, asker, networks, name) : undefined;
      if (linked) return linked;
      for (const id of networks) {
        const found = containerAddressesByName(all, id, name);
        if (found) return found;
      }
      return undefined;
    },
    reverse(ip, client) {
      const all = containers();
      for (const id of networksOf(containerAt(all, client))) {
        const found = containerNameByAddress(all, findNetwork(id), ip);
        if (found) return found;
      }
      return undefined;
    },
    resolversOf(ip) {
      const rec = containerAt(containers(), ip);
      return rec?.host.dns.length ? rec.host.dns : undefined;
    },
  };
}
