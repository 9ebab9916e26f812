import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIpv4, ipv4Broadcast, parseIpv4, parseIpv4Cidr } from './ipv4-cidr.js';

test('IPv4 CIDR parsing and broadcast', () => {
  const cases: Array<[string, string, number, string]> = [
    ['10.88.0.2/16', '10.88.0.2', 16, '10.88.255.255'],
    ['192.168.1.77/25', '192.168.1.77', 25, '192.168.1.127'],
    ['172.17.0.1/12', '172.17.0.1', 12, '172.31.255.255'],
    ['0.0.0.0/0', '0.0.0.0', 0, '255.255.255.255'],
    ['10.0.0.1', '10.0.0.1', 32, '10.0.0.1'],
  ];
  for (const [cidr, address, prefixLength, broadcast] of cases) {
    const c = parseIpv4Cidr(cidr);
    assert.deepEqual([formatIpv4(c.address), c.prefixLength, formatIpv4(ipv4Broadcast(c))], [address, prefixLength, broadcast], cidr);
  }
  for (const bad of ['10.88.0.2/', '10.88.0.2/33', '10.88.0.2/1a', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.256', ' 1.2.3.4', '']) {
    assert.throws(() => parseIpv4Cidr(bad), RangeError, bad);
  }
  assert.deepEqual([...parseIpv4('255.0.10.1')], [255, 0, 10, 1]);
});
