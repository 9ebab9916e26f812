import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Resources } from '../../core/container.js';
import { EngineError } from '../../core/engine-error.js';
import { parseCpuset, validateResources } from './validate-resources.js';

const MiB = 1024 * 1024;
const ctx = { cpuCount: 2 };

const valid: Resources[] = [
  {},
  { memory: 6 * MiB },
  { memory: 64 * MiB, memorySwap: -1 },
  { memory: 64 * MiB, memorySwap: 128 * MiB, memoryReservation: 32 * MiB },
  { nanoCpus: 10_000_000 },
  { nanoCpus: 2_000_000_000 },
  { cpuPeriod: 1000, cpuQuota: 1000 },
  { cpuQuota: -1 },
  { cpuShares: 0 },
  { cpusetCpus: '0-1', cpusetMems: '0' },
  { blkioWeight: 10 },
  { pidsLimit: -1 },
];
for (const r of valid) test(`valid resources ${JSON.stringify(r)}`, () => validateResources(r, ctx));

const invalid: [Resources, string][] = [
  [{ memory: -1 }, 'Minimum memory limit allowed is 6MB'],
  [{ memory: 6 * MiB - 1 }, 'Minimum memory limit allowed is 6MB'],
  [{ memory: 64 * MiB, memorySwap: 32 * MiB }, 'Minimum memoryswap limit should be larger than memory limit, see usage'],
  [{ memorySwap: 64 * MiB }, 'You should always set the Memory limit when using Memoryswap limit, see usage'],
  [{ memory: 64 * MiB, memorySwap: -2 }, 'invalid memory swap limit -2: use -1 for unlimited'],
  [{ memoryReservation: MiB }, 'Minimum memory reservation allowed is 6MB'],
  [{ memory: 16 * MiB, memoryReservation: 32 * MiB }, 'Minimum memory limit can not be less than memory reservation limit, see usage'],
  [{ nanoCpus: 3_000_000_000 }, 'range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available'],
  [{ nanoCpus: -1 }, 'range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available'],
  [{ nanoCpus: 1e9, cpuPeriod: 100000 }, 'Conflicting options: Nano CPUs and CPU Period cannot both be set'],
  [{ nanoCpus: 1e9, cpuQuota: 50000 }, 'Conflicting options: Nano CPUs and CPU Quota cannot both be set'],
  [{ cpuQuota: 999 }, 'CPU cfs quota can not be less than 1ms (i.e. 1000)'],
  [{ cpuPeriod: 999 }, 'CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)'],
  [{ cpuPeriod: 1_000_001 }, 'CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)'],
  [{ cpuShares: -2 }, 'invalid CPU shares (-2): value must be a positive integer'],
  [{ cpusetCpus: '0-3' }, 'Requested CPUs are not available - requested 0-3, available: 0-1'],
  [{ cpusetCpus: 'a' }, 'Invalid value a for cpuset cpus'],
  [{ blkioWeight: 5 }, 'Range of blkio weight is from 10 to 1000'],
];
for (const [r, message] of invalid) {
  test(`invalid resources ${JSON.stringify(r)}`, () =>
    assert.throws(() => validateResources(r, ctx), (e: unknown) => EngineError.is(e, 'invalid_argument') && e.message === message));
}

test('update may set swap without memory', () => validateResources({ memorySwap: 64 * MiB }, { ...ctx, update: true }));

test('parseCpuset', () => {
  assert.deepEqual(parseCpuset('0-2,5'), [0, 1, 2, 5]);
  assert.deepEqual(parseCpuset('3'), [3]);
  assert.equal(parseCpuset('2-1'), undefined);
  assert.equal(parseCpuset('x'), undefined);
  assert.equal(parseCpuset(''), undefined);
});
