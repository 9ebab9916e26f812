import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toEndpointRequests, toPortBindings } from './network-create-fields.js';

describe('PortBindings', () => {
  test('docker CLI shapes: fixed, empty (random), ranges, host ip, udp; IPv6 bindings dropped', () => {
    assert.deepEqual(toPortBindings({
      '80/tcp': [{ HostIp: '', HostPort: '8080' }, { HostIp: '127.0.0.1', HostPort: '' }, { HostIp: '::', HostPort: '8080' }],
      '53/udp': [{ HostIp: '', HostPort: '5300-5310' }],
      '9000': null,
    }), [
      // '9000' is an integer-like key: JavaScript objects list those first.
      { containerPort: 9000, protocol: 'tcp', hostIp: '', hostPortRange: [0, 0] },
      { containerPort: 80, protocol: 'tcp', hostIp: '', hostPortRange: [8080, 8080] },
      { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPortRange: [0, 0] },
      { containerPort: 53, protocol: 'udp', hostIp: '', hostPortRange: [5300, 5310] },
    ]);
  });
  test('bad input is a 400', () => {
    for (const bad of [{ 'x/tcp': [] }, { '70000/tcp': [] }, { '80/icmp': [] }, { '80/tcp': [{ HostPort: '9-1' }] }, { '80/tcp': [{ HostIp: 'nope' }] }, [1]]) {
      assert.throws(() => toPortBindings(bad), (e: Error & { code?: string }) => e.code === 'invalid_argument', JSON.stringify(bad));
    }
  });
});

describe('EndpointsConfig', () => {
  test('aliases, static address, MAC; the legacy Config.MacAddress goes to the primary network', () => {
    assert.deepEqual(toEndpointRequests({ app: { Aliases: ['db'], IPAMConfig: { IPv4Address: '10.0.0.5' } } }, 'app', '02:42:00:00:00:01'), [
      { network: 'app', aliases: ['db'], ipv4Address: '10.0.0.5', macAddress: '02:42:00:00:00:01', links: [] },
    ]);
    assert.deepEqual(toEndpointRequests(undefined, 'bridge', ''), []);
    assert.throws(() => toEndpointRequests({ app: { IPAMConfig: { IPv4Address: 'x' } } }, 'app', ''), /invalid IPv4/);
  });
});
