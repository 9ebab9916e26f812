import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { encodeStdioFrame as encodeFrame, STDERR, STDOUT } from '../core/stdio-frames.js';
import { runBerth, ScriptedDaemon } from './testing/scripted-daemon.js';

describe('berth commands against a scripted daemon', () => {
  let d: ScriptedDaemon;
  let dir: string;
  const run = (argv: string[], opts: { stdin?: string } = {}) => runBerth(d.socketPath, argv, opts);

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'berth-cmds-'));
    d = new ScriptedDaemon();
    d.route('GET /containers/*/logs', (req, res) => {
      const tty = req.path.includes('ttyc');
      res.writeHead(200, { 'Content-Type': tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream' });
      if (tty) res.end('raw line\r\n');
      else res.end(Buffer.concat([encodeFrame(STDOUT, 'out 1\n'), encodeFrame(STDERR, 'err 1\n'), encodeFrame(STDOUT, 'out 2\n')]));
    });
    d.json('DELETE /containers/a', 204, undefined);
    d.json('DELETE /containers/b', 404, { message: 'No such container: b' });
    d.json('DELETE /containers/c', 204, undefined);
    d.json('POST /containers/a/stop', 204, undefined);
    d.json('POST /containers/a/kill', 204, undefined);
    d.json('POST /containers/a/wait', 200, { StatusCode: 0 });
    d.json('POST /containers/c/wait', 200, { StatusCode: 137 });
    d.json('DELETE /images/busybox', 200, [{ Untagged: 'busybox:latest' }, { Deleted: 'sha256:abc' }]);
    d.json('DELETE /images/nope', 404, { message: 'No such image: nope:latest' });
    d.json('POST /images/busybox/tag', 201, undefined);
    d.json('POST /containers/json', 404, undefined);
    d.json('GET /containers/json', 200, []);
    d.json('GET /events', 200, undefined);
    d.route('GET /events', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end([
        '{"Type":"container","Action":"create","Actor":{"ID":"abc","Attributes":{"name":"x","image":"busybox"}},"scope":"local","time":1700000000,"timeNano":1700000000123456789}',
        '{"Type":"image","Action":"tag","Actor":{"ID":"sha256:1","Attributes":{}},"time":1700000001,"timeNano":1700000001000000000}',
        '',
      ].join('\n'));
    });
    d.route('POST /images/create', (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(`{"status":"sha256:${req.body.length}"}\n`);
    });
    d.json('POST /containers/prune', 200, { ContainersDeleted: ['abc', 'def'], SpaceReclaimed: 12345 });
    d.json('POST /commit', 201, { Id: 'sha256:c0ffee' });
    d.json('GET /containers/*/stats', 200, {
      name: '/web', id: 'f00dfeedf00dfeedf00dfeed',
      cpu_stats: { cpu_usage: { total_usage: 300 }, system_cpu_usage: 2000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 100 }, system_cpu_usage: 1000 },
      memory_stats: { usage: 10 * 1024 * 1024, limit: 100 * 1024 * 1024, stats: { total_inactive_file: 1024 * 1024 } },
      networks: { eth0: { rx_bytes: 1500, tx_bytes: 500 } },
      blkio_stats: { io_service_bytes_recursive: [{ major: 8, minor: 0, op: 'Read', value: 4096 }, { major: 8, minor: 0, op: 'Write', value: 0 }] },
      pids_stats: { current: 3 },
    });
    await d.start();
  });
  beforeEach(() => {
    d.log.length = 0;
  });
  after(async () => {
    await d.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('logs split stdout/stderr from frames; raw for tty', async () => {
    const r = await run(['logs', '--tail', '5', '-t', 'c1']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'out 1\nout 2\n');
    assert.equal(r.stderr, 'err 1\n');
    assert.deepEqual(d.calls(), ['GET /containers/c1/logs?stdout=1&stderr=1&timestamps=1&tail=5']);
    const tty = await run(['logs', 'ttyc']);
    assert.equal(tty.stdout, 'raw line\r\n');
  });

  test('rm: successes printed, failures reported, exit 1', async () => {
    const r = await run(['rm', '-f', 'a', 'b', 'c']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 'a\nc\n');
    assert.equal(r.stderr, 'Error response from daemon: No such container: b\n');
    assert.ok(d.calls().includes('DELETE /containers/a?force=1'));
  });

  test('stop and kill pass timeout and signal', async () => {
    assert.equal((await run(['stop', '-t', '3', '-s', 'SIGINT', 'a'])).stdout, 'a\n');
    assert.equal((await run(['kill', '-s', 'HUP', 'a'])).stdout, 'a\n');
    assert.deepEqual(d.calls(), ['POST /containers/a/stop?t=3&signal=SIGINT', 'POST /containers/a/kill?signal=HUP']);
  });

  test('wait prints exit codes', async () => {
    const r = await run(['wait', 'a', 'c']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '0\n137\n');
  });

  test('rmi prints Untagged/Deleted lines; errors exit 1', async () => {
    const r = await run(['rmi', 'busybox', 'nope']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 'Untagged: busybox:latest\nDeleted: sha256:abc\n');
    assert.equal(r.stderr, 'Error response from daemon: No such image: nope:latest\n');
  });

  test('tag splits the target into repo and tag', async () => {
    assert.equal((await run(['tag', 'busybox', 'localhost:5000/me/bb'])).code, 0);
    assert.deepEqual(d.calls(), ['POST /images/busybox/tag?repo=localhost%3A5000%2Fme%2Fbb&tag=latest']);
  });

  test('events: docker line format, sorted attributes, exact nanoseconds', async () => {
    const r = await run(['events', '--since', '1700000000', '--filter', 'type=container'], {});
    assert.equal(r.code, 0);
    const lines = r.stdout.split('\n');
    assert.match(lines[0]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.123456789(Z|[+-]\d\d:\d\d) container create abc \(image=busybox, name=x\)$/);
    assert.match(lines[1]!, /\.000000000(Z|[+-]\d\d:\d\d) image tag sha256:1$/);
    assert.deepEqual(d.calls(), ['GET /events?since=1700000000&filters=%7B%22type%22%3A%5B%22container%22%5D%7D']);
    const custom = await run(['events', '--format', '{{.Type}}/{{.Action}}/{{.Actor.ID}}']);
    assert.equal(custom.stdout, 'container/create/abc\nimage/tag/sha256:1\n');
    const json = await run(['events', '--format', 'json']);
    assert.match(json.stdout.split('\n')[0]!, /"time":1700000000,"timeNano":1700000000123456789\}$/);
  });

  test('import streams the file with changes and prints the id', async () => {
    const file = path.join(dir, 'rootfs.tar');
    writeFileSync(file, Buffer.alloc(2048, 7));
    const r = await run(['import', '-c', 'CMD ["sh"]', '-c', 'ENV A=1', '-m', 'hi', file, 'me/img:v1']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'sha256:2048\n');
    assert.deepEqual(d.calls(), ['POST /images/create?fromSrc=-&repo=me%2Fimg&tag=v1&message=hi&changes=CMD+%5B%22sh%22%5D&changes=ENV+A%3D1']);
    const fromStdin = await run(['import', '-', 'x'], { stdin: 'abc' });
    assert.equal(fromStdin.stdout, 'sha256:3\n');
    const missing = await run(['import', path.join(dir, 'nope.tar')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no such file or directory/);
  });

  test('container prune asks, and reports', async () => {
    const no = await run(['container', 'prune'], { stdin: 'n\n' });
    assert.equal(no.code, 0);
    assert.equal(no.stdout, 'WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ');
    assert.deepEqual(d.calls(), []);
    const yes = await run(['container', 'prune'], { stdin: 'y\n' });
    assert.equal(yes.stdout, 'WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] Deleted Containers:\nabc\ndef\n\nTotal reclaimed space: 12.35kB\n');
  });

  test('commit sends repo, tag, changes and prints the id', async () => {
    const r = await run(['commit', '-c', 'CMD ["x"]', '-m', 'msg', 'a', 'repo:t1']);
    assert.equal(r.stdout, 'sha256:c0ffee\n');
    assert.deepEqual(d.calls(), ['POST /commit?container=a&repo=repo&tag=t1&comment=msg&pause=1&changes=CMD+%5B%22x%22%5D']);
  });

  // The expected table is what docker 28.2 printed for the same sample.
  test('stats --no-stream computes docker\'s figures', async () => {
    const r = await run(['stats', '--no-stream', 'web']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, [
      'CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O        BLOCK I/O    PIDS',
      'f00dfeedf00d   web       40.00%    9MiB / 100MiB       9.00%     1.5kB / 500B   4.1kB / 0B   3',
      '',
    ].join('\n'));
    assert.deepEqual(d.calls(), ['GET /containers/web/stats?stream=0']);
  });

  test('unknown commands and flags', async () => {
    const r = await run(['frobnicate']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "berth: unknown command: berth frobnicate\n\nRun 'berth --help' for more information\n");
    const g = await run(['image', 'frob']);
    assert.equal(g.code, 1);
    assert.equal(g.stderr, "berth: unknown command: berth image frob\n\nUsage:  berth image\n\nRun 'berth image --help' for more information\n");
    const f = await run(['ps', '-x']);
    assert.equal(f.code, 125);
    assert.equal(f.stderr, "unknown shorthand flag: 'x' in -x\n\nUsage:  berth ps [OPTIONS]\n\nRun 'berth ps --help' for more information\n");
    const a = await run(['ps', 'extra']);
    assert.equal(a.code, 1);
    assert.equal(a.stderr, "berth: 'berth ps' accepts no arguments\n\nUsage:  berth ps [OPTIONS]\n\nRun 'berth ps --help' for more information\n");
  });

  test('help', async () => {
    const main = await run(['--help']);
    assert.equal(main.code, 0);
    assert.match(main.stdout, /^Usage:  berth \[OPTIONS\] COMMAND\n/);
    assert.match(main.stdout, /\n  run {2,}Create and run a new container from an image\n/);
    const ps = await run(['container', 'ls', '--help']);
    assert.match(ps.stdout, /^Usage:  berth container ls \[OPTIONS\]\n\nList containers\n\nAliases:\n  berth container ls, berth container list, berth container ps, berth ps\n\nOptions:\n  -a, --all /);
    const group = await run(['image']);
    assert.match(group.stdout, /^Usage:  berth image COMMAND\n\nManage images\n\nCommands:\n  bootstrap /);
  });

  test('cp streams tars both ways with docker\'s naming rules', async () => {
    const src = path.join(dir, 'cp-src');
    mkdirSync(path.join(src, 'sub'), { recursive: true });
    writeFileSync(path.join(src, 'sub', 'f.txt'), 'hello');
    let received: Buffer | undefined;
    let putQuery = '';
    d.route('HEAD /containers/k/archive', (req, res) => {
      const stat = req.query.get('path') === '/data' ? { name: 'data', size: 4096, mode: 2 ** 31 + 0o755, mtime: '', linkTarget: '' } : undefined;
      if (!stat) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end();
        return;
      }
      res.writeHead(200, { 'X-Docker-Container-Path-Stat': Buffer.from(JSON.stringify(stat)).toString('base64') });
      res.end();
    });
    d.route('PUT /containers/k/archive', (req, res) => {
      received = req.body;
      putQuery = req.query.toString();
      res.writeHead(200);
      res.end();
    });
    const up = await run(['cp', src, 'k:/data']);
    assert.equal(up.code, 0, up.stderr);
    assert.equal(putQuery, 'path=%2Fdata&noOverwriteDirNonDir=1');
    const tarFile = path.join(dir, 'up.tar');
    writeFileSync(tarFile, received!);
    assert.deepEqual(execFileSync('tar', ['-tf', tarFile], { encoding: 'utf8' }).trim().split('\n'), ['cp-src/', 'cp-src/sub/', 'cp-src/sub/f.txt']);

    // Into a path that doesn't exist yet: the top entry takes the new name.
    await run(['cp', src, 'k:/newname']);
    writeFileSync(tarFile, received!);
    assert.equal(putQuery, 'path=%2F&noOverwriteDirNonDir=1');
    assert.deepEqual(execFileSync('tar', ['-tf', tarFile], { encoding: 'utf8' }).trim().split('\n')[0], 'newname/');

    // Out of the container: extract under the destination, renamed like docker.
    const outTar = execFileSync('tar', ['-C', path.join(src, 'sub'), '-cf', '-', 'f.txt']);
    d.route('GET /containers/k/archive', (_req, res) => {
      res.writeHead(200, { 'X-Docker-Container-Path-Stat': Buffer.from(JSON.stringify({ name: 'f.txt', size: 5, mode: 0o644, mtime: '', linkTarget: '' })).toString('base64') });
      res.end(outTar);
    });
    const dest = path.join(dir, 'copied.txt');
    const down = await run(['cp', 'k:/etc/f.txt', dest]);
    assert.equal(down.code, 0, down.stderr);
    assert.equal(readFileSync(dest, 'utf8'), 'hello');
    const intoDir = await run(['cp', 'k:/etc/f.txt', dir]);
    assert.equal(intoDir.code, 0);
    assert.equal(readFileSync(path.join(dir, 'f.txt'), 'utf8'), 'hello');
    const both = await run(['cp', 'a:/x', 'b:/y']);
    assert.equal(both.stderr, 'copying between containers is not supported\n');
  });
});

describe('daemon selection', () => {
  test('DOCKER_HOST with tcp:// is refused clearly', async () => {
    const r = await runBerth(undefined, ['ps'], { env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' } });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'invalid host "tcp://127.0.0.1:2375": berth supports only unix:// hosts\n');
  });

  test('version without a daemon prints the client part, then the error', async () => {
    const r = await runBerth('/nonexistent/x.sock', ['version']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^Client:\n Version: {11}\d+\.\d+\.\d+\n API version: {7}1\.47\n/);
    assert.equal(r.stderr, 'Cannot connect to the berth daemon at unix:///nonexistent/x.sock. Is the berth daemon running?\n');
  });

  test('--version needs no daemon', async () => {
    const r = await runBerth('/nonexistent/x.sock', ['--version']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^berth version \d+\.\d+\.\d+\n$/);
  });
});
