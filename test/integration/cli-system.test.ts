import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { berth, ensureBusybox, ok, SKIP, uniqueName } from './cli-target.js';

describe('berth version, info and events against berthd', { skip: SKIP }, () => {
  before(ensureBusybox);

  test('version shows both sides; --format reaches the server fields', async () => {
    const out = await ok(['version']);
    assert.match(out, /^Client:\n Version: +\S+\n API version: +1\.\d+/);
    assert.match(out, /\n\nServer:.*\n Engine:\n  Version: +\S+\n  API version: +1\.\d+ \(minimum version 1\.\d+\)/);
    assert.match(await ok(['version', '-f', '{{.Server.APIVersion}} {{.Server.ApiVersion}}']), /^1\.\d+ 1\.\d+$/);
  });

  test('info prints docker\'s server section', async () => {
    const out = await ok(['info']);
    for (const line of [/^ Containers: \d+$/m, /^  Running: \d+$/m, /^ Images: \d+$/m, /^ Storage Driver: \S+/m, /^ Cgroup Version: [12]$/m,
      /^ Default Runtime: \S+/m, /^ Kernel Version: \S+/m, /^ CPUs: \d+$/m, /^ Total Memory: [\d.]+[KMGT]iB$/m, /^ Docker Root Dir: \//m]) {
      assert.match(out, line);
    }
    assert.match(await ok(['info', '-f', '{{.NCPU}}']), /^\d+$/);
  });

  test('events between --since and --until include a container\'s lifecycle', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const n = uniqueName('events');
    await ok(['run', '--rm', '--name', n, 'busybox', 'true']);
    const until = Math.floor(Date.now() / 1000) + 1;
    const out = await ok(['events', '--since', String(since), '--until', String(until), '--filter', `container=${n}`]);
    assert.match(out, new RegExp(`^\\S+ container create [0-9a-f]{64} \\(.*name=${n}.*\\)$`, 'm'));
    assert.match(out, / container start /);
    const json = await ok(['events', '--since', String(since), '--until', String(until), '--filter', `container=${n}`, '--format', '{{.Type}} {{.Action}}']);
    assert.match(json, /^container create$/m);
  });

  test('berth exits 1 with docker\'s message when the daemon is absent', async () => {
    const r = await berth(['ps'], { env: { DOCKER_HOST: 'unix:///nonexistent/berth.sock' } });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'Cannot connect to the berth daemon at unix:///nonexistent/berth.sock. Is the berth daemon running?\n');
  });
});
