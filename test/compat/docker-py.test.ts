import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BerthDaemon, REPO_ROOT, runCommand } from '../harness/berthd-harness.js';
import { importBusybox } from '../harness/busybox-image.js';

/* docker-py, Debian's python3-docker (installed by scripts/install.sh), unchanged, against berthd. */
let d: BerthDaemon;

before(async () => {
  d = await BerthDaemon.start();
  await importBusybox(d);
});
after(async () => {
  await d?.[Symbol.asyncDispose]();
});

test('docker-py: networks with names, a published port, exec, volumes, disk usage', async () => {
  const r = await runCommand('python3', [join(REPO_ROOT, 'test/compat/docker_py_scenario.py'), d.host], { timeoutMs: 120_000 });
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  assert.equal(r.stdout, 'ok\n');
});
