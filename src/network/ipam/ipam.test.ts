import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AddressPool } from './address-pool.js';
import { chooseSubnet } from './choose-subnet.js';
import { cidrsOverlap, formatCidr, parseCidr, parseIpv4 } from './ipv4.js';

describe('ipv4 and CIDR', () => {
  test('parse and format', () => {
    assert.equal(parseIpv4('172.17.0.1'), 0xac110001);
    assert.equal(formatCidr(parseCidr('10.1.2.3/16')), '10.1.0.0/16');
    assert.equal(formatCidr(parseCidr('0.0.0.0/0')), '0.0.0.0/0');
    assert.throws(() => parseCidr('10.1.2.3/16', { strict: true }), /it should be 10\.1\.0\.0\/16/);
    for (const bad of ['1.2.3', '1.2.3.256', '1.2.3.4/33', 'a.b.c.d/8', '01.2.3.4.5']) assert.throws(() => parseCidr(bad.includes('/') ? bad : `${bad}/8`), /invalid/);
  });
  test('overlap', () => {
    assert.ok(cidrsOverlap(parseCidr('172.17.0.0/16'), parseCidr('172.17.5.0/24')));
    assert.ok(cidrsOverlap(parseCidr('172.16.0.0/12'), parseCidr('172.31.0.0/16')));
    assert.ok(!cidrsOverlap(parseCidr('172.17.0.0/16'), parseCidr('172.18.0.0/16')));
  });
});

describe('AddressPool', () => {
  test('hands out addresses in order, skipping the gateway, and does not reuse a freed one at once', () => {
    const p = new AddressPool({ subnet: '10.9.0.0/29', gateway: '10.9.0.1', ipRange: '' });
    assert.deepEqual([p.allocate(), p.allocate(), p.allocate()], ['10.9.0.2', '10.9.0.3', '10.9.0.4']);
    p.release('10.9.0.3');
    assert.deepEqual([p.allocate(), p.allocate()], ['10.9.0.5', '10.9.0.6']);
    assert.equal(p.allocate(), '10.9.0.3'); // wraps around to the freed one
    assert.throws(() => p.allocate(), (e: Error & { code?: string }) => e.code === 'unavailable');
  });
  test('never hands out the same address twice, also against reservations', () => {
    const p = new AddressPool({ subnet: '10.9.0.0/24', gateway: '10.9.0.1', ipRange: '' });
    p.reserve('10.9.0.2');
    p.reserve('10.9.0.4');
    const seen = new Set(['10.9.0.2', '10.9.0.4']);
    for (let i = 0; i < 251; i++) {
      const a = p.allocate();
      assert.ok(!seen.has(a), a);
      seen.add(a);
    }
    assert.throws(() => p.reserve('10.9.0.9'), (e: Error & { code?: string }) => e.code === 'conflict');
  });
  test('reserve refuses addresses outside the subnet and the reserved ones', () => {
    const p = new AddressPool({ subnet: '10.9.0.0/24', gateway: '10.9.0.1', ipRange: '' });
    for (const a of ['10.8.0.5', '10.9.0.0', '10.9.0.1', '10.9.0.255']) assert.throws(() => p.reserve(a), (e: Error & { code?: string }) => e.code === 'invalid_argument', a);
  });
  test('ip-range limits allocation, not reservation', () => {
    const p = new AddressPool({ subnet: '10.9.0.0/16', gateway: '10.9.0.1', ipRange: '10.9.5.0/30' });
    assert.deepEqual([p.allocate(), p.allocate(), p.allocate(), p.allocate()], ['10.9.5.1', '10.9.5.2', '10.9.5.3', '10.9.5.0']);
    p.reserve('10.9.7.7');
    assert.deepEqual(p.inUse().length, 5);
  });
});

describe('chooseSubnet', () => {
  test('skips pools overlapping routes and other networks', () => {
    assert.equal(chooseSubnet([]), '172.17.0.0/16');
    assert.equal(chooseSubnet([parseCidr('172.17.0.0/16'), parseCidr('172.18.3.0/24')]), '172.19.0.0/16');
    const all172 = parseCidr('172.16.0.0/12');
    assert.equal(chooseSubnet([all172, parseCidr('192.168.0.0/20')]), '192.168.16.0/20');
    // The default route (0.0.0.0/0) overlaps everything and must be ignored.
    assert.equal(chooseSubnet([parseCidr('0.0.0.0/0')]), '172.17.0.0/16');
    assert.throws(() => chooseSubnet([parseCidr('172.16.0.0/12'), parseCidr('192.168.0.0/16')]), /fully subnetted/);
  });
});
