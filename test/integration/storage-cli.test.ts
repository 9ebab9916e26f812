import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BerthDaemon, type CommandResult } from '../harness/berthd-harness.js';
import { importBusybox } from '../harness/busybox-image.js';

let d: BerthDaemon;

before(async () => {
  d = await BerthDaemon.start();
  await importBusybox(d);
});
after(async () => {
  await d?.[Symbol.asyncDispose]();
});

async function ok(r: Promise<CommandResult>, what: string): Promise<string> {
  const res = await r;
  assert.equal(res.code, 0, `${what} exited ${res.code}: ${res.stderr}`);
  return res.stdout;
}

/** "N seconds ago" and "Up N seconds" move while the two CLIs run one after the other. */
const timeless = (s: string) => s
  .replace(/(Less than a second|About a minute|\d+ (second|minute)s?) ago/g, '<ago>')
  .replace(/Up (Less than a second|About a minute|\d+ (second|minute)s?)/g, 'Up <t>')
  .replace(/ {2,}/g, '  ');

/** The same command through the stock docker CLI and berth gives the same output (and exit code). */
async function same(args: string[], opts: { input?: string } = {}): Promise<string> {
  const viaDocker = await d.docker(args, opts);
  const viaBerth = await d.berth(args, opts);
  assert.equal(viaBerth.code, viaDocker.code, `exit codes of ${args.join(' ')}: ${viaBerth.stderr}`);
  assert.equal(timeless(viaBerth.stdout), timeless(viaDocker.stdout), `stdout of ${args.join(' ')}`);
  assert.equal(viaBerth.stderr.replace(/^berth:/, 'docker:'), viaDocker.stderr, `stderr of ${args.join(' ')}`);
  return viaBerth.stdout;
}

describe('berth volume and system commands against a live berthd, beside docker', () => {
  test('volume create, ls, inspect, rm, prune', async () => {
    assert.equal(await ok(d.berth(['volume', 'create', '--label', 'team=a', '-o', 'type=tmpfs', '-o', 'device=tmpfs', '-o', 'o=size=1m', 'cli-v1']), 'create'), 'cli-v1\n');
    assert.equal(await ok(d.berth(['volume', 'create', 'cli-v2']), 'create'), 'cli-v2\n');
    const generated = (await ok(d.berth(['volume', 'create']), 'create')).trim();
    assert.match(generated, /^[0-9a-f]{64}$/);
    await same(['volume', 'ls']);
    await same(['volume', 'ls', '-q', '--filter', 'label=team=a']);
    await same(['volume', 'ls', '--format', 'json']);
    await same(['volume', 'inspect', 'cli-v1', 'cli-v2']);
    await same(['volume', 'inspect', 'cli-v1', 'nope']);
    const inspected = JSON.parse(await ok(d.berth(['volume', 'inspect', 'cli-v1']), 'inspect'))[0];
    assert.deepEqual(inspected.Options, { device: 'tmpfs', o: 'size=1m', type: 'tmpfs' });
    assert.deepEqual(inspected.Labels, { team: 'a' });

    await ok(d.docker(['create', '--name', 'cli-user', '-v', 'cli-v2:/d', 'busybox', 'true']), 'create ctr');
    const inUse = await d.berth(['volume', 'rm', 'cli-v2', 'cli-v1']);
    assert.equal(inUse.code, 1);
    assert.equal(inUse.stdout, 'cli-v1\n');
    assert.match(inUse.stderr, /^Error response from daemon: remove cli-v2: volume is in use - \[[0-9a-f]{64}\]\n$/);
    await ok(d.docker(['rm', 'cli-user']), 'rm ctr');

    const prune = await ok(d.berth(['volume', 'prune', '-a'], { input: 'y\n' }), 'prune');
    assert.match(prune, /^WARNING! This will remove all local volumes not used by at least one container\.\nAre you sure you want to continue\? \[y\/N\] Deleted Volumes:\n/);
    for (const v of ['cli-v2', generated]) assert.match(prune, new RegExp(`\\n${v}\\n`));
    assert.match(prune, /\nTotal reclaimed space: 0B\n$/);
    assert.equal(await ok(d.berth(['volume', 'ls', '-q']), 'ls'), '');
  });

  test('system df (plain, -v, json) matches docker; system prune reclaims', async () => {
    await ok(d.docker(['run', '--name', 'cli-df', '-v', 'cli-dfv:/v', 'busybox', 'sh', '-c', 'echo 12345 > /f; echo abc > /v/x']), 'run');
    await ok(d.docker(['volume', 'create', 'cli-idle']), 'volume');
    await same(['system', 'df']);
    await same(['system', 'df', '-v']);
    await same(['system', 'df', '--format', '{{.Type}} {{.TotalCount}} {{.Active}} {{.Size}} {{.Reclaimable}}']);
    const verbose = JSON.parse(await ok(d.berth(['system', 'df', '-v', '--format', 'json']), 'df json'));
    const ctr = verbose.Containers.find((c: { Names: string }) => c.Names === 'cli-df');
    assert.equal(ctr.Size, '6B');
    const vols = Object.fromEntries(verbose.Volumes.map((v: { Name: string; Size: string; Links: string }) => [v.Name, `${v.Links} ${v.Size}`]));
    assert.deepEqual(vols, { 'cli-dfv': '1 4B', 'cli-idle': '0 0B' });

    const pruned = await ok(d.berth(['system', 'prune', '-f']), 'prune');
    assert.match(pruned, /^Deleted Containers:\n[0-9a-f]{64}\n\nTotal reclaimed space: 6B\n$/);
    await same(['system', 'prune', '-f', '--volumes']);
    assert.deepEqual((await ok(d.berth(['volume', 'ls', '-q']), 'ls')).trim().split('\n').sort(), ['cli-dfv', 'cli-idle'], 'named volumes stay');
  });
});
