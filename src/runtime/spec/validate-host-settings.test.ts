import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostSettings } from '../../core/container.js';
import { EngineError } from '../../core/engine-error.js';
import { fakeHostFacts, fixtureHost } from './testing/spec-input-fixture.js';
import { validateHostSettings } from './validate-host-settings.js';

const ctx = { hostFacts: fakeHostFacts(), cpuCount: 2 };

test('a plain container passes create-time validation', () => validateHostSettings(fixtureHost(), ctx));

test('create-time validation rejects what start would fail on', () => {
  const bad: [Partial<HostSettings>, RegExp][] = [
    [{ resources: { memory: 1024 } }, /Minimum memory limit allowed is 6MB/],
    [{ resources: { ulimits: [{ name: 'nofile', soft: 1, hard: 1 << 20 }] } }, /hard limit for nofile/],
    [{ capAdd: ['NOT_A_CAP'] }, /unknown capability/],
    [{ capDrop: ['SYS_RESOURCE'] }, /not available in the current environment/],
    [{ securityOpt: ['seccomp={"defaultAction":1}'] }, /Decoding seccomp profile failed/],
    [{ securityOpt: ['nonsense'] }, /invalid --security-opt/],
    [{ tmpfs: { '/t': 'size=1m,wat' } }, /invalid tmpfs option/],
    [{ oomScoreAdj: -1001 }, /oom score adj/],
    [{ shmSize: -1 }, /SHM size/],
  ];
  for (const [over, re] of bad) {
    assert.throws(() => validateHostSettings(fixtureHost(over), ctx), (e: unknown) => EngineError.is(e, 'invalid_argument') && re.test(e.message), JSON.stringify(over));
  }
});
