import type { ContainerRecord } from '../../core/container.js';
import type { EndpointState, NetworkRecord } from '../../core/network.js';

/** Docker's NetworkResource (list items have no Containers' details). */
export function toNetworkJson(net: NetworkRecord, endpoints?: { container: ContainerRecord; endpoint: EndpointState }[]): Record<string, unknown> {
  return {
    Name: net.name,
    Id: net.id,
    Created: net.created,
    Scope: 'local',
    Driver: net.driver,
    EnableIPv4: true,
    EnableIPv6: false,
    IPAM: {
      Driver: 'default',
      Options: null,
      Config: net.ipam.map((p) => ({ Subnet: p.subnet, Gateway: p.gateway, ...(p.ipRange ? { IPRange: p.ipRange } : {}) })),
    },
    Internal: net.internal,
    Attachable: net.attachable,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: Object.fromEntries((endpoints ?? []).map(({ container, endpoint }) => [container.id, {
      Name: container.name,
      EndpointID: endpoint.endpointId,
      MacAddress: endpoint.macAddress,
      IPv4Address: `${endpoint.ipAddress}/${endpoint.prefixLength}`,
      IPv6Address: '',
    }])),
    Options: net.options,
    Labels: net.labels,
  };
}
