import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { BerthDaemon } from '../harness/berthd-harness.js';
import { importBusybox } from '../harness/busybox-image.js';
import { dockerRunner } from './docker-runner.js';

let d: BerthDaemon;
const docker = dockerRunner(() => d);

before(async () => {
  d = await BerthDaemon.start();
  await importBusybox(d);
});
after(async () => {
  await d?.[Symbol.asyncDispose]();
});

const health = async (name: string) => JSON.parse(await docker.ok(['inspect', '-f', '{{json .State.Health}}', name])) as
  { Status: string; FailingStreak: number; Log: { ExitCode: number; Output: string; Start: string; End: string }[] } | null;

async function waitStatus(name: string, status: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const h = await health(name);
    if (h?.Status === status) return;
    if (Date.now() > until) throw new Error(`${name} is ${h?.Status}, not ${status}: ${JSON.stringify(h)}`);
    await sleep(100);
  }
}

describe('health checks', () => {
  test('starting, unhealthy after the retries, healthy once the check passes; ps, filters and events follow', async () => {
    const since = (Date.now() / 1000).toFixed(3);
    await docker.ok(['run', '-d', '--name', 'hc', '--health-cmd', 'cat /tmp/ok && echo fine', '--health-interval', '150ms', '--health-retries', '2',
      '--health-timeout', '2s', 'busybox', 'sleep', '60']);
    const first = await health('hc');
    assert.equal(first?.Status, 'starting');
    assert.deepEqual(JSON.parse(await docker.ok(['inspect', '-f', '{{json .Config.Healthcheck}}', 'hc'])),
      { Test: ['CMD-SHELL', 'cat /tmp/ok && echo fine'], Interval: 150_000_000, Timeout: 2_000_000_000, Retries: 2 });
    assert.match(await docker.ok(['ps', '--filter', 'name=hc', '--format', '{{.Status}}']), /\(health: starting\)$/);

    await waitStatus('hc', 'unhealthy');
    const bad = (await health('hc'))!;
    assert.ok(bad.FailingStreak >= 2);
    assert.equal(bad.Log.at(-1)!.ExitCode, 1);
    assert.match(bad.Log.at(-1)!.Output, /can't open '\/tmp\/ok'/);
    assert.match(await docker.ok(['ps', '--filter', 'name=hc', '--format', '{{.Status}}']), /\(unhealthy\)$/);
    assert.equal(await docker.ok(['ps', '-q', '--filter', 'health=unhealthy']), (await docker.ok(['inspect', '-f', '{{.Id}}', 'hc'])).slice(0, 12));

    await docker.ok(['exec', 'hc', 'touch', '/tmp/ok']);
    await waitStatus('hc', 'healthy');
    const good = (await health('hc'))!;
    assert.equal(good.FailingStreak, 0);
    assert.equal(good.Log.at(-1)!.Output, 'fine\n');
    assert.ok(good.Log.length <= 5, 'the last five results only');
    assert.match(await docker.ok(['ps', '--filter', 'name=hc', '--format', '{{.Status}}']), /\(healthy\)$/);

    const events = (await docker.ok(['events', '--since', since, '--until', (Date.now() / 1000).toFixed(3), '--filter', 'container=hc',
      '--format', '{{.Action}}'], { timeoutMs: 10_000 })).split('\n').filter((a) => a.startsWith('health_status'));
    assert.deepEqual(events, ['health_status: unhealthy', 'health_status: healthy']);
    await docker.ok(['rm', '-f', 'hc']);
  });

  test('a probe that runs too long fails with Docker\'s message; the start period does not count failures', async () => {
    await docker.ok(['run', '-d', '--name', 'slow', '--health-cmd', 'sleep 5', '--health-interval', '100ms', '--health-timeout', '200ms',
      '--health-retries', '1', '--health-start-period', '1500ms', 'busybox', 'sleep', '60']);
    await sleep(900);
    assert.equal((await health('slow'))?.Status, 'starting', 'failures inside the start period are not counted');
    await waitStatus('slow', 'unhealthy');
    const h = (await health('slow'))!;
    assert.equal(h.Log.at(-1)!.ExitCode, -1);
    assert.equal(h.Log.at(-1)!.Output, 'Health check exceeded timeout (200ms)');
    await docker.ok(['rm', '-f', 'slow']);
  });

  test('--no-healthcheck and containers without one report no health', async () => {
    await docker.ok(['run', '-d', '--name', 'none', '--no-healthcheck', 'busybox', 'sleep', '60']);
    assert.equal(await docker.ok(['inspect', '-f', '{{json .State.Health}}', 'none']), 'null');
    assert.doesNotMatch(await docker.ok(['ps', '--filter', 'name=none', '--format', '{{.Status}}']), /health/);
    assert.ok((await docker.ok(['ps', '-q', '--filter', 'health=none'])).length > 0);
    await docker.ok(['rm', '-f', 'none']);
    assert.equal((await d.api('POST', '/containers/create', { Image: 'busybox', Healthcheck: { Test: ['BOGUS'] } })).status, 400);
    assert.equal((await d.api('POST', '/containers/create', { Image: 'busybox', Healthcheck: { Test: ['CMD', 'true'], Interval: 5 } })).status, 400);
  });

  test('probing goes on after a daemon restart', async () => {
    await docker.ok(['run', '-d', '--name', 'survivor', '--health-cmd', 'test -f /tmp/ok', '--health-interval', '150ms', 'busybox', 'sh', '-c', 'touch /tmp/ok; sleep 60']);
    await waitStatus('survivor', 'healthy');
    await d.crash();
    await d.boot();
    await docker.ok(['exec', 'survivor', 'rm', '/tmp/ok']);
    await waitStatus('survivor', 'unhealthy');
    await docker.ok(['rm', '-f', 'survivor']);
  });
});
