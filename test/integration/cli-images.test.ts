import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { berth, ensureBusybox, ok, SKIP, uniqueName } from './cli-target.js';

describe('berth images against berthd', { skip: SKIP }, () => {
  const tags: string[] = [];
  before(ensureBusybox);
  after(async () => {
    if (tags.length > 0) await berth(['rmi', '-f', ...tags]);
  });

  test('images lists busybox in docker\'s table', async () => {
    const out = await ok(['images', 'busybox']);
    assert.match(out, /^REPOSITORY +TAG +IMAGE ID +CREATED +SIZE\nbusybox +latest +[0-9a-f]{12} +\S.* ago +[\d.]+[kMG]?B$/);
    assert.match(await ok(['images', '-q', 'busybox']), /^[0-9a-f]{12}$/);
  });

  test('image inspect and history see the bootstrap config', async () => {
    assert.equal(await ok(['image', 'inspect', '-f', '{{json .Config.Cmd}}', 'busybox']), '["sh"]');
    assert.match(await ok(['image', 'inspect', '-f', '{{range .Config.Env}}{{.}}{{end}}', 'busybox']), /^PATH=\/usr\/local\/sbin:/);
    assert.match(await ok(['history', 'busybox']), /^IMAGE +CREATED +CREATED BY +SIZE +COMMENT\n/);
  });

  test('tag, then rmi untags', async () => {
    const tag = `${uniqueName('bbtag')}:v1`;
    tags.push(tag);
    await ok(['tag', 'busybox', tag]);
    assert.match(await ok(['images', '--format', '{{.Repository}}:{{.Tag}}']), new RegExp(`^${tag}$`, 'm'));
    assert.equal(await ok(['rmi', tag]), `Untagged: ${tag}`);
  });

  test('import a tarball with changes, run it, remove it', async () => {
    const dir = mkdtempSync('/var/tmp/berth-cli-import-');
    const tag = `${uniqueName('imported')}:latest`;
    tags.push(tag);
    try {
      mkdirSync(`${dir}/root/bin`, { recursive: true });
      execFileSync('cp', ['/usr/bin/busybox', `${dir}/root/bin/busybox`]);
      writeFileSync(`${dir}/root/hello.txt`, 'imported file\n');
      execFileSync('tar', ['-C', `${dir}/root`, '-cf', `${dir}/img.tar`, '.']);
      const id = await ok(['import', '-c', 'CMD ["/bin/busybox", "cat", "/hello.txt"]', `${dir}/img.tar`, tag]);
      assert.match(id, /^sha256:[0-9a-f]{64}$/);
      assert.equal(await ok(['run', '--rm', tag]), 'imported file');
      const r = await berth(['rmi', tag]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^Untagged: ${tag}\n`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('errors', async () => {
    const missing = await berth(['rmi', 'no-such-image-xyz']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^Error response from daemon: .*no-such-image-xyz/);
    const inspect = await berth(['image', 'inspect', 'no-such-image-xyz']);
    assert.equal(inspect.code, 1);
    assert.equal(inspect.stdout, '[]\n');
  });
});
