import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BerthDaemon } from '../harness/berthd-harness.js';
import { importBusybox } from '../harness/busybox-image.js';
import { dockerRunner } from './docker-runner.js';

let d: BerthDaemon;
const docker = dockerRunner(() => d);
let busyboxId: string;

before(async () => {
  d = await BerthDaemon.start();
  await importBusybox(d);
  busyboxId = await docker.ok(['image', 'inspect', '-f', '{{.Id}}', 'busybox']);
});
after(async () => {
  await d?.[Symbol.asyncDispose]();
});

const inspectImage = async (ref: string) => JSON.parse(await docker.ok(['image', 'inspect', ref]))[0];

describe('docker commit', () => {
  test('a stopped container: its changes (added, deleted, opaque dir) and config changes make a runnable child image', async () => {
    await docker.ok(['run', '--name', 'c-stopped', '-e', 'FROM_RUN=1', 'busybox', 'sh', '-c',
      'echo hello > /new.txt && rm /etc/group && rm -rf /home && mkdir /home && echo y > /home/only']);
    const id = await docker.ok(['commit', '-c', 'ENV ADDED=yes', '-c', 'CMD ["cat", "/new.txt"]', '-c', 'LABEL stage=one',
      '-m', 'first commit', '-a', 'Tester <t@example.com>', 'c-stopped', 'committed:one']);
    assert.match(id, /^sha256:[0-9a-f]{64}$/);

    const img = await inspectImage('committed:one');
    assert.equal(img.Id, id);
    assert.equal(img.Parent, busyboxId);
    assert.equal(img.Comment, 'first commit');
    assert.equal(img.Author, 'Tester <t@example.com>');
    assert.deepEqual(img.Config.Cmd, ['cat', '/new.txt']);
    assert.ok(img.Config.Env.includes('ADDED=yes'));
    assert.ok(img.Config.Env.includes('FROM_RUN=1'), 'the container env is carried over');
    assert.deepEqual(img.Config.Labels, { stage: 'one' });
    assert.equal(img.RootFS.Layers.length, 2);
    const parent = await inspectImage('busybox');
    assert.deepEqual(img.RootFS.Layers.slice(0, 1), parent.RootFS.Layers);
    assert.ok(img.Size > parent.Size, 'the new layer adds to the size');

    assert.equal(await docker.ok(['run', '--rm', 'committed:one']), 'hello');
    const seen = await docker.ok(['run', '--rm', 'committed:one', 'sh', '-c', 'ls /home; test -e /etc/group && echo group-exists || echo group-gone']);
    assert.equal(seen, 'only\ngroup-gone');

    const history = (await docker.ok(['history', '--no-trunc', '--format', '{{.CreatedBy}}|{{.Comment}}', 'committed:one'])).split('\n');
    assert.equal(history.length, 2);
    assert.match(history[0]!, /^sh -c echo hello > \/new\.txt.*\|first commit$/);
    const ps = await docker.ok(['images', '--format', '{{.Repository}}:{{.Tag}}', '--filter', 'reference=committed']);
    assert.equal(ps, 'committed:one');
  });

  test('an image committed from a committed image stacks a third layer', async () => {
    await docker.ok(['run', '--name', 'c-second', 'committed:one', 'sh', '-c', 'rm /new.txt && echo again > /second.txt']);
    await docker.ok(['commit', 'c-second', 'committed:two']);
    const img = await inspectImage('committed:two');
    assert.equal(img.RootFS.Layers.length, 3);
    assert.equal(img.Parent, (await inspectImage('committed:one')).Id);
    assert.deepEqual(img.Config.Cmd, ['sh', '-c', 'rm /new.txt && echo again > /second.txt'], 'without changes the container config is kept');
    const out = await docker.ok(['run', '--rm', 'committed:two', 'sh', '-c', 'cat /second.txt; ls /new.txt 2>&1; ls /home']);
    assert.match(out, /^again\nls: \/new\.txt: No such file or directory\nonly$/);
  });

  test('a running container is paused for the commit and running after; --pause=false also works', async () => {
    const cid = await docker.ok(['run', '-d', 'busybox', 'sh', '-c', 'echo live > /live.txt; sleep 300']);
    await waitForFile(cid, '/live.txt');
    const since = Math.floor(Date.now() / 1000);
    await docker.ok(['commit', cid, 'committed:live']);
    assert.equal(await docker.ok(['inspect', '-f', '{{.State.Status}}', cid]), 'running');
    const events = await docker.ok(['events', '--since', String(since), '--until', String(Math.floor(Date.now() / 1000) + 1),
      '--filter', `container=${cid}`, '--filter', 'event=pause', '--filter', 'event=unpause', '--filter', 'event=commit', '--format', '{{.Action}}']);
    assert.deepEqual(events.split('\n'), ['pause', 'unpause', 'commit']);
    await docker.ok(['commit', '--pause=false', cid, 'committed:live2']);
    assert.equal(await docker.ok(['run', '--rm', 'committed:live2', 'cat', '/live.txt']), 'live');
    await docker.ok(['rm', '-f', cid]);
  });

  test('no changes: an empty history entry, no new layer; untagged commit is dangling', async () => {
    const cid = await docker.ok(['create', 'busybox', 'true']);
    const id = await docker.ok(['commit', cid]);
    const img = await inspectImage(id);
    assert.deepEqual(img.RepoTags, []);
    assert.deepEqual(img.RootFS.Layers, (await inspectImage('busybox')).RootFS.Layers);
    assert.equal(img.Parent, busyboxId);
    const sizes = (await docker.ok(['history', '--format', '{{.Size}}', id])).split('\n');
    assert.equal(sizes[0], '0B');
    assert.ok((await docker.ok(['images', '-q', '--filter', 'dangling=true', '--no-trunc'])).split('\n').includes(id));
  });

  test('a parent image stays while committed children exist: rmi by id refuses, by name untags, prune keeps it', async () => {
    await docker.ok(['run', '--name', 'c-parent', 'busybox', 'touch', '/p']);
    const parentId = await docker.ok(['commit', 'c-parent', 'parent:one']);
    await docker.ok(['run', '--name', 'c-child', 'parent:one', 'touch', '/c']);
    await docker.ok(['commit', 'c-child', 'child:one']);
    await docker.ok(['rm', 'c-parent', 'c-child']);
    const r = await docker.fails(1, ['rmi', '-f', parentId]);
    assert.match(r.stderr, /conflict: unable to delete [0-9a-f]{12} \(cannot be forced\) - image has dependent child images/);
    assert.equal(await docker.ok(['rmi', 'parent:one']), 'Untagged: parent:one');
    const short = parentId.replace('sha256:', '').slice(0, 12);
    assert.doesNotMatch(await docker.ok(['images', '-q']), new RegExp(short), 'an untagged parent is hidden, as Docker hides intermediates');
    assert.match(await docker.ok(['images', '-a', '-q']), new RegExp(short));
    assert.doesNotMatch(await docker.ok(['images', '-q', '--filter', 'dangling=true']), new RegExp(short), 'and it is not dangling');
    await docker.ok(['image', 'prune', '-f']);
    assert.equal(await docker.ok(['image', 'inspect', '-f', '{{.Id}}', parentId]), parentId, 'kept for its child');
    assert.equal((await inspectImage('child:one')).Parent, parentId);
    assert.equal(await docker.ok(['run', '--rm', 'child:one', 'ls', '/p', '/c']), '/c\n/p');
    await docker.ok(['rmi', 'child:one']);
    await docker.ok(['image', 'prune', '-f']);
    assert.equal((await d.docker(['image', 'inspect', parentId])).code, 1, 'gone once its child is');
  });

  test('errors: unknown container 404, bad change 400, digest reference refused', async () => {
    assert.match((await docker.fails(1, ['commit', 'no-such-ctr'])).stderr, /No such container: no-such-ctr/);
    const cid = await docker.ok(['create', 'busybox', 'true']);
    assert.match((await docker.fails(1, ['commit', '-c', 'FROM x', cid])).stderr, /from is not a valid change command/);
    const r = await d.api('POST', `/commit?container=${cid}&repo=x@sha256:${'a'.repeat(64)}`);
    assert.equal(r.status, 400);
    assert.match(r.body.message, /digest reference/);
  });

  test('the API body Config replaces the container config fields it sets', async () => {
    const cid = await docker.ok(['create', '-e', 'KEEP=1', 'busybox', 'sh']);
    const r = await d.api('POST', `/commit?container=${cid}&repo=committed&tag=body`, { Cmd: ['echo', 'from-body'], WorkingDir: '/tmp' });
    assert.equal(r.status, 201);
    const img = await inspectImage('committed:body');
    assert.deepEqual(img.Config.Cmd, ['echo', 'from-body']);
    assert.equal(img.Config.WorkingDir, '/tmp');
    assert.ok(img.Config.Env.includes('KEEP=1'));
  });
});

async function waitForFile(cid: string, path: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await d.docker(['exec', cid, 'test', '-e', path])).code === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${path} never appeared in ${cid}`);
}
