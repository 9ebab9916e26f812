import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { cgroupVersionFromMountinfo, nativeArch, parseProcLimits, readHostFacts, statusField } from './read-host-facts.js';
import { listHostDevices, splitDev } from './list-host-devices.js';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max processes             96365                96365                processes
Max open files            1024                 20000                files
Max locked memory         8388608              8388608              bytes
Max nice priority         0                    0
`;

test('parseProcLimits reads hard limits by ulimit name', () => {
  assert.deepEqual(parseProcLimits(LIMITS), { cpu: Infinity, nproc: 96365, nofile: 20000, memlock: 8388608, nice: 0 });
});

test('cgroup version from mountinfo: hybrid v1 vs unified', () => {
  const v1 = '31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n';
  const v2 = '30 23 0:27 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n';
  assert.equal(cgroupVersionFromMountinfo(v1), 1);
  assert.equal(cgroupVersionFromMountinfo(v2), 2);
});

test('statusField, nativeArch, splitDev', () => {
  assert.equal(statusField('CapPrm:\t00ff\nCapBnd:\t000001fffeffffff\n', 'CapBnd'), '000001fffeffffff');
  assert.equal(nativeArch('x64'), 'amd64');
  assert.throws(() => nativeArch('mips'));
  assert.deepEqual(splitDev(0x0103n), { major: 1, minor: 3 });
  // glibc makedev
  const makedev = (ma: bigint, mi: bigint) => ((ma & 0xfffn) << 8n) | ((ma & ~0xfffn) << 32n) | (mi & 0xffn) | ((mi & ~0xffn) << 12n);
  assert.deepEqual(splitDev(makedev(259n, 0x12345n)), { major: 259, minor: 0x12345 });
  assert.deepEqual(splitDev(makedev(0x12345n, 7n)), { major: 0x12345, minor: 7 });
});

test('readHostFacts on this machine agrees with /proc', async () => {
  const facts = await readHostFacts();
  const status = readFileSync('/proc/self/status', 'utf8');
  assert.equal(facts.boundingCapabilities.includes('CAP_CHOWN'), true);
  assert.equal(facts.boundingCapabilities.length, BigInt(`0x${statusField(status, 'CapBnd')}`).toString(2).replace(/0/g, '').length);
  assert.ok(facts.hardRlimits.nofile > 0);
  assert.ok([1, 2].includes(facts.cgroupVersion));
});

test('listHostDevices finds /dev/null as 1:3 and skips /dev/pts and symlinks', async () => {
  const devs = await listHostDevices();
  assert.deepEqual(devs.find((d) => d.path === '/dev/null'), { ...devs.find((d) => d.path === '/dev/null'), type: 'c', major: 1, minor: 3 });
  assert.ok(!devs.some((d) => d.path.startsWith('/dev/pts/')));
  assert.ok(!devs.some((d) => d.path === '/dev/console'));
});
