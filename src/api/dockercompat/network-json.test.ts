import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContainerRecord } from '../../core/container.js';
import type { NetworkRecord } from '../../core/network.js';
import { networkSettingsJson, portBindingsJson, summaryPortsJson } from './container-network-json.js';
import { toNetworkJson } from './network-json.js';
import { conforms } from './testing/engine-api-spec.js';

const net: NetworkRecord = {
  id: 'a'.repeat(64), name: 'app', driver: 'bridge', created: '2026-11-23T00:00:00.000Z', internal: false, attachable: false,
  labels: { team: 'x' }, options: {}, ipam: [{ subnet: '172.19.0.0/16', gateway: '172.19.0.1', ipRange: '172.19.5.0/24' }],
  bridge: 'bt-aaaaaaaaaaaa', isDefaultBridge: false,
};
const bridge: NetworkRecord = { ...net, id: 'b'.repeat(64), name: 'bridge', bridge: 'berth0', isDefaultBridge: true, ipam: [{ subnet: '172.18.0.0/16', gateway: '172.18.0.1', ipRange: '' }] };

const rec = {
  id: 'c'.repeat(64), name: 'web',
  state: { status: 'running' },
  config: { exposedPorts: ['80/tcp', '81/tcp'] },
  host: { networkMode: 'app', portBindings: [{ containerPort: 80, protocol: 'tcp', hostIp: '', hostPortRange: [8080, 8080] }] },
  endpoints: [{ networkId: net.id, aliases: ['www'], ipv4Address: '', macAddress: '', links: [] }],
  networkState: {
    netnsPath: '/run/berth/netns/c', ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 }],
    endpoints: [{ networkId: net.id, endpointId: 'e'.repeat(64), ipAddress: '172.19.5.2', prefixLength: 16, gateway: '172.19.0.1',
      macAddress: '02:42:ac:13:05:02', hostInterface: 'veth1234567', ifName: 'eth0' }],
  },
} as unknown as ContainerRecord;

const lookup = (id: string) => [net, bridge].find((n) => n.id === id);

describe('network JSON', () => {
  test('a network with its containers follows the v1.50 spec', () => {
    const j = toNetworkJson(net, [{ container: rec, endpoint: rec.networkState!.endpoints[0]! }]);
    conforms('Network', j);
    conforms('IPAM', j.IPAM as Record<string, unknown>);
    const ipam = (j.IPAM as { Config: Record<string, unknown>[] }).Config[0]!;
    conforms('IPAMConfig', ipam);
    assert.deepEqual(ipam, { Subnet: '172.19.0.0/16', Gateway: '172.19.0.1', IPRange: '172.19.5.0/24' });
    const c = (j.Containers as Record<string, Record<string, unknown>>)[rec.id]!;
    conforms('NetworkContainer', c);
    assert.equal(c.IPv4Address, '172.19.5.2/16');
  });

  test('a container\'s NetworkSettings, endpoints and ports follow the spec', () => {
    const s = networkSettingsJson(rec, lookup, [net, bridge]);
    conforms('NetworkSettings', s);
    const ep = (s.Networks as Record<string, Record<string, unknown>>).app!;
    conforms('EndpointSettings', ep);
    assert.deepEqual(ep.Aliases, ['www']);
    assert.deepEqual(ep.DNSNames, ['web', 'cccccccccccc', 'www']);
    assert.equal(s.IPAddress, '', 'the legacy top-level address is only for the default bridge');
    assert.deepEqual(s.Ports, { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }], '81/tcp': null });
    for (const b of (s.Ports as Record<string, Record<string, unknown>[] | null>)['80/tcp']!) conforms('PortBinding', b);
    const list = summaryPortsJson(rec);
    for (const p of list) conforms('Port', p);
    assert.deepEqual(list, [{ IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }, { PrivatePort: 81, Type: 'tcp' }]);
    assert.deepEqual(portBindingsJson(rec.host), { '80/tcp': [{ HostIp: '', HostPort: '8080' }] });
  });

  test('a stopped container keeps its networks, without addresses or published ports', () => {
    const stopped = { ...rec, state: { status: 'exited' } } as unknown as ContainerRecord;
    const s = networkSettingsJson(stopped, lookup, [net, bridge]);
    const ep = (s.Networks as Record<string, Record<string, unknown>>).app!;
    assert.equal(ep.IPAddress, '');
    assert.equal(ep.NetworkID, net.id);
    assert.deepEqual(s.Ports, { '80/tcp': null, '81/tcp': null });
    assert.equal(s.SandboxKey, '');
  });
});
