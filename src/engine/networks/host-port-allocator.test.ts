import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HostPortAllocator } from './host-port-allocator.js';

const req = (hostIp: string, lo: number, hi = lo, containerPort = 80) => ({ containerPort, protocol: 'tcp' as const, hostIp, hostPortRange: [lo, hi] as [number, number] });

describe('HostPortAllocator', () => {
  test('an asked port, then a conflict for the same port from another owner, also across 0.0.0.0', async () => {
    const a = new HostPortAllocator(async () => true);
    assert.deepEqual(await a.allocate('c1', [req('', 8080)]), [{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 }]);
    await assert.rejects(a.allocate('c2', [req('127.0.0.1', 8080)]), /port is already allocated/);
    assert.deepEqual((await a.allocate('c3', [{ ...req('', 8080), protocol: 'udp' }]))[0]!.hostPort, 8080, 'udp is another space');
    a.release('c1');
    assert.equal((await a.allocate('c2', [req('127.0.0.1', 8080)]))[0]!.hostPort, 8080);
  });
  test('ranges take the first free port; the host probe counts', async () => {
    const busy = new Set([9001]);
    const a = new HostPortAllocator(async (_ip, port) => !busy.has(port));
    assert.equal((await a.allocate('c1', [req('', 9000, 9002)]))[0]!.hostPort, 9000);
    assert.equal((await a.allocate('c2', [req('', 9000, 9002)]))[0]!.hostPort, 9002);
    await assert.rejects(a.allocate('c3', [req('', 9000, 9002)]), /9000-9002 failed/);
  });
  test('ephemeral ports go in order and wrap; a failed request holds nothing', async () => {
    const a = new HostPortAllocator(async () => true, [40000, 40002]);
    const got = [];
    for (const id of ['a', 'b', 'c']) got.push((await a.allocate(id, [req('', 0, 0)]))[0]!.hostPort);
    assert.deepEqual(got, [40000, 40001, 40002]);
    await assert.rejects(a.allocate('d', [req('', 7000), req('', 0, 0)]), /no free host port/);
    a.release('b');
    assert.equal((await a.allocate('e', [req('', 0, 0), req('', 7000)]))[0]!.hostPort, 40001);
    assert.equal((await a.allocate('f', [req('', 7001)]))[0]!.hostPort, 7001, 'port 7000 of the failed request was let go');
  });
});
