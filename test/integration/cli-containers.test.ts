import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { berth, ensureBusybox, ok, SKIP, uniqueName, unsupported } from './cli-target.js';

const created: string[] = [];
const name = (prefix: string) => {
  const n = uniqueName(prefix);
  created.push(n);
  return n;
};

describe('berth run against berthd', { skip: SKIP }, () => {
  before(ensureBusybox);
  after(async () => {
    if (created.length > 0) await berth(['rm', '-f', ...created]);
  });

  test('output, stderr and exit codes pass through', async () => {
    const r = await berth(['run', '--rm', 'busybox', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.equal(r.code, 3);
    assert.equal(r.stdout, 'out\n');
    assert.equal(r.stderr, 'err\n');
  });

  test('a command that is not found exits 127, one that cannot run 126, with docker\'s message', async () => {
    const missing = await berth(['run', '--rm', 'busybox', 'no-such-command']);
    assert.equal(missing.code, 127, missing.stderr);
    assert.match(missing.stderr, /^berth: Error response from daemon: .*\n\nRun 'berth run --help' for more information\n$/s);
    const denied = await berth(['run', '--rm', 'busybox', '/etc/passwd']);
    assert.equal(denied.code, 126, denied.stderr);
  });

  test('-i pipes stdin and closes it, so the process sees EOF', async () => {
    const r = await berth(['run', '--rm', '-i', 'busybox', 'wc', '-l'], { input: 'a\nb\nc\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), '3');
  });

  test('flags reach the container: env, workdir, user, hostname, entrypoint', async () => {
    const out = await ok(['run', '--rm', '-e', 'A=1', '-e', 'B', '-w', '/tmp', '-u', '1000:1000', '-h', 'myhost', '--entrypoint', 'sh', 'busybox',
      '-c', 'echo $A $B $(pwd) $(id -u):$(id -g) $(hostname)'], { env: { B: 'from-env' } });
    assert.equal(out, '1 from-env /tmp 1000:1000 myhost');
  });

  test('--rm removes the container once it exits', async () => {
    const n = name('rm');
    await ok(['run', '--rm', '--name', n, 'busybox', 'true']);
    assert.equal(await ok(['ps', '-a', '--filter', `name=${n}`, '-q']), '');
  });

  test('a detached container: ps, logs, exec, top, inspect, stop, wait, rm', async () => {
    const n = name('life');
    const id = await ok(['run', '-d', '--name', n, '-m', '64m', 'busybox', 'sh', '-c', 'echo started; echo oops >&2; exec sleep 300']);
    assert.match(id, /^[0-9a-f]{64}$/);
    const ps = await ok(['ps', '--filter', `name=${n}`, '--format', '{{.ID}} {{.Names}} {{.Image}} {{.State}} {{.Command}}']);
    assert.equal(ps, `${id.slice(0, 12)} ${n} busybox running "sh -c 'echo started…"`);
    assert.match(await ok(['ps', '--filter', `name=${n}`]), new RegExp(`^CONTAINER ID +IMAGE +COMMAND +CREATED +STATUS +PORTS +NAMES\\n${id.slice(0, 12)} +busybox +.* Up .* ${n}$`));

    for (let i = 0; i < 50 && !(await ok(['logs', n])).includes('started'); i++) await new Promise((r) => setTimeout(r, 50));
    const logs = await berth(['logs', n]);
    assert.equal(logs.stdout, 'started\n');
    assert.equal(logs.stderr, 'oops\n');

    const exec = await berth(['exec', n, 'sh', '-c', 'echo in-exec; exit 5']);
    assert.equal(exec.code, 5);
    assert.equal(exec.stdout, 'in-exec\n');
    assert.equal((await berth(['exec', '-i', n, 'cat'], { input: 'through exec' })).stdout, 'through exec');

    assert.match(await ok(['top', n]), /sleep 300/);
    assert.equal(await ok(['inspect', '-f', '{{.State.Status}} {{.HostConfig.Memory}} {{.Name}} {{.ID}}', n]), `running 67108864 /${n} ${id}`);
    assert.equal(await ok(['container', 'inspect', '--format', '{{json .Config.Cmd}}', n]), '["sh","-c","echo started; echo oops >&2; exec sleep 300"]');

    assert.equal(await ok(['stop', '-t', '1', n]), n);
    const waited = await ok(['wait', n]);
    assert.match(waited, /^(137|143)$/);
    assert.match(await ok(['ps', '-a', '--filter', `name=${n}`, '--format', '{{.Status}}']), /^Exited \((137|143)\) /);
    assert.equal(await ok(['rm', n]), n);
    const gone = await berth(['inspect', n]);
    assert.equal(gone.code, 1);
    assert.equal(gone.stdout, '[]\n');
    assert.equal(gone.stderr, `Error: No such object: ${n}\n`);
  });

  test('create, then start -a gives the output and the exit code', async () => {
    const n = name('created');
    const id = await ok(['create', '--name', n, 'busybox', 'sh', '-c', 'echo hi; exit 4']);
    assert.match(id, /^[0-9a-f]{64}$/);
    assert.equal(await ok(['ps', '-a', '--filter', `name=${n}`, '--format', '{{.Status}}']), 'Created');
    const r = await berth(['start', '-a', n]);
    assert.equal(r.code, 4);
    assert.equal(r.stdout, 'hi\n');
  });

  test('rename and pause/unpause', async (t) => {
    const n = name('ren');
    const renamed = name('renamed');
    await ok(['run', '-d', '--name', n, 'busybox', 'sleep', '300']);
    await ok(['rename', n, renamed]);
    assert.equal(await ok(['inspect', '-f', '{{.Name}}', renamed]), `/${renamed}`);
    const paused = await berth(['pause', renamed]);
    if (unsupported(paused)) return t.skip(`daemon: ${paused.stderr.trim()}`);
    assert.equal(paused.code, 0, paused.stderr);
    assert.equal(await ok(['inspect', '-f', '{{.State.Status}} {{.State.Paused}}', renamed]), 'paused true');
    assert.match(await ok(['ps', '--filter', `name=${renamed}`, '--format', '{{.Status}}']), /\(Paused\)$/);
    await ok(['unpause', renamed]);
    assert.equal(await ok(['inspect', '-f', '{{.State.Status}}', renamed]), 'running');
    await ok(['rm', '-f', renamed]);
  });

  test('rm of a missing container fails with the daemon\'s message; others still go', async () => {
    const n = name('rm2');
    await ok(['create', '--name', n, 'busybox']);
    const r = await berth(['rm', n, 'no-such-container-xyz']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, `${n}\n`);
    assert.match(r.stderr, /^Error response from daemon: .*no-such-container-xyz/);
  });

  test('container prune removes stopped containers', async (t) => {
    const n = name('prune');
    await ok(['run', '--name', n, 'busybox', 'true']);
    const r = await berth(['container', 'prune', '-f']);
    if (unsupported(r)) return t.skip(`daemon: ${r.stderr.trim()}`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Total reclaimed space: /);
    assert.equal(await ok(['ps', '-a', '--filter', `name=${n}`, '-q']), '');
  });

  test('cp into and out of a container', async () => {
    const n = name('cp');
    await ok(['run', '-d', '--name', n, 'busybox', 'sleep', '300']);
    const { mkdtempSync, writeFileSync, readFileSync, rmSync } = await import('node:fs');
    const dir = mkdtempSync('/var/tmp/berth-cli-cp-');
    try {
      writeFileSync(`${dir}/in.txt`, 'copied in\n');
      const up = await berth(['cp', `${dir}/in.txt`, `${n}:/tmp/in.txt`]);
      assert.equal(up.code, 0, up.stderr);
      assert.equal(await ok(['exec', n, 'cat', '/tmp/in.txt']), 'copied in');
      await ok(['cp', `${n}:/etc/passwd`, `${dir}/passwd`]);
      assert.match(readFileSync(`${dir}/passwd`, 'utf8'), /^root:x:0:0:/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
