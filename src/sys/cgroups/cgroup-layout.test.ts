import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectCgroupLayout } from './cgroup-layout.js';

const line = (id: number, mp: string, type: string, sup: string) => `${id} 1 0:${id} / ${mp} rw,relatime - ${type} ${type} ${sup}`;

test('hybrid: v1 controllers plus a cgroup2 mount', () => {
  const l = detectCgroupLayout([
    line(31, '/sys/fs/cgroup/memory', 'cgroup', 'rw,memory'),
    line(32, '/sys/fs/cgroup/cpu,cpuacct', 'cgroup', 'rw,cpu,cpuacct'),
    line(33, '/sys/fs/cgroup/unified', 'cgroup2', 'rw'),
  ].join('\n'));
  assert.equal(l.version, 1);
  assert.equal(l.hybrid, true);
  assert.equal(l.unifiedMount, '/sys/fs/cgroup/unified');
  assert.equal(l.controllers.get('memory'), '/sys/fs/cgroup/memory');
  assert.equal(l.controllers.get('cpuacct'), '/sys/fs/cgroup/cpu,cpuacct');
});

test('pure v1', () => {
  const l = detectCgroupLayout(line(31, '/sys/fs/cgroup/pids', 'cgroup', 'rw,pids'));
  assert.deepEqual([l.version, l.hybrid, l.controllers.get('pids')], [1, false, '/sys/fs/cgroup/pids']);
});

test('pure v2: controllers come from cgroup.controllers of the unified mount', () => {
  const l = detectCgroupLayout(line(30, '/nonexistent-cgroup2', 'cgroup2', 'rw'));
  assert.deepEqual([l.version, l.hybrid, l.unifiedMount], [2, false, '/nonexistent-cgroup2']);
});
