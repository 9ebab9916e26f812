import type { ContainerRecord } from '../../core/container.js';
import type { NetworkRecord } from '../../core/network.js';
import type { NetworkEtcInfo } from '../containers/ports.js';
import { parseLink } from './container-dns-names.js';

/**
 * What a running container's /etc/hosts and /etc/resolv.conf take from its networks: its own
 * address (first endpoint), the embedded DNS server of its first user-defined network, and on the
 * default bridge the `--link` entries.
 */
export function networkEtcInfo(rec: ContainerRecord, containers: () => ContainerRecord[], findNetwork: (id: string) => NetworkRecord | undefined): NetworkEtcInfo {
  const st = rec.networkState;
  const first = st?.endpoints[0];
  const firstNet = first ? findNetwork(first.networkId) : undefined;
  const userNet = st?.endpoints.map((e) => findNetwork(e.networkId)).find((n) => n && !n.isDefaultBridge);
  const linkHosts: NetworkEtcInfo['linkHosts'] = [];
  if (firstNet?.isDefaultBridge) {
    for (const link of rec.endpoints?.[0]?.links ?? []) {
      const { name, alias } = parseLink(link);
      const other = containers().find((c) => c.name === name || c.id === name);
      const addr = other?.networkState?.endpoints.find((e) => e.networkId === firstNet.id)?.ipAddress;
      if (other && addr) linkHosts.push({ address: addr, names: [...new Set([alias, other.name, other.id.slice(0, 12)])] });
    }
  }
  return {
    ...(first ? { ownAddress: first.ipAddress } : {}),
    ...(userNet ? { nameserver: userNet.ipam[0]!.gateway } : {}),
    linkHosts,
  };
}
