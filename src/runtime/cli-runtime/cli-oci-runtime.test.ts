import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { EngineError } from '../../core/engine-error.js';
import { CliOciRuntime, runtimeMessage } from './cli-oci-runtime.js';
import { createOciRuntime } from './create-oci-runtime.js';
import { crunDialect, runcDialect } from './runtime-dialect.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-cli-runtime-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('runArgv and execArgv spell the flags both runtimes accept', () => {
  const crun = new CliOciRuntime(crunDialect, { root: '/run/berth/runtime/crun' });
  assert.deepEqual(crun.runArgv('c1', '/b', { pidFile: '/b/pid', consoleSocket: '/b/tty.sock' }), [
    '/usr/bin/crun', '--root', '/run/berth/runtime/crun', 'run', '--detach', '--pid-file', '/b/pid',
    '--console-socket', '/b/tty.sock', '--bundle', '/b', 'c1',
  ]);
  const runc = new CliOciRuntime(runcDialect, { root: '/r', binary: '/opt/runc' });
  assert.deepEqual(runc.execArgv('c1', '/b/p.json', { pidFile: '/b/e.pid' }), [
    '/opt/runc', '--root', '/r', 'exec', '--detach', '--pid-file', '/b/e.pid', '--process', '/b/p.json', 'c1',
  ]);
});

test('createOciRuntime knows crun and runc only', () => {
  assert.equal(createOciRuntime('runc', { root: '/r' }).name, 'runc');
  assert.throws(() => createOciRuntime('kata', { root: '/r' }), (e: unknown) =>
    EngineError.is(e, 'invalid_argument') && e.message === 'unknown or invalid runtime name: kata');
});

test('runtimeMessage extracts runc log messages and keeps crun text', () => {
  assert.equal(runtimeMessage('time="2024-01-01T00:00:00Z" level=error msg="container \\"x\\" does not exist"\n'), 'container "x" does not exist');
  assert.equal(runtimeMessage('error opening file `/r/x/status`: No such file or directory\n'), 'error opening file `/r/x/status`: No such file or directory');
});

/** A stand-in runtime: records its argv and stdin, answers with canned stderr and status. */
function fakeRuntime(stderr: string, status: number, stdout = ''): { bin: string; argvFile: string; stdinFile: string } {
  const bin = join(dir, `fake-${Math.random().toString(16).slice(2)}`);
  const argvFile = `${bin}.argv`;
  const stdinFile = `${bin}.stdin`;
  writeFileSync(bin, `#!/bin/sh\nprintf '%s\\n' "$@" > '${argvFile}'\ncat > '${stdinFile}'\nprintf '%s' '${stdout}'\nprintf '%s' '${stderr}' >&2\nexit ${status}\n`);
  chmodSync(bin, 0o755);
  return { bin, argvFile, stdinFile };
}

test('runtime failures map to EngineError codes and carry the runtime message', async () => {
  const cases: [string, string, string][] = [
    ['runc', 'time="t" level=error msg="container does not exist"', 'not_found'],
    ['runc', 'time="t" level=error msg="container not running"', 'conflict'],
    ['crun', 'error opening file `/r/c1/status`: No such file or directory', 'not_found'],
    ['crun', 'something broke', 'internal'],
  ];
  for (const [name, stderr, code] of cases) {
    const fake = fakeRuntime(stderr, 1);
    const rt = createOciRuntime(name, { root: '/r', binary: fake.bin });
    await assert.rejects(rt.kill('c1', 'SIGTERM'), (e: unknown) => EngineError.is(e) && e.code === code, `${name}: ${stderr}`);
    assert.deepEqual(readFileSync(fake.argvFile, 'utf8').trim().split('\n'), ['--root', '/r', 'kill', 'c1', 'SIGTERM']);
  }
});

test('delete of an unknown container and state of one are not errors', async () => {
  const gone = fakeRuntime('time="t" level=error msg="container does not exist"', 1);
  const rt = createOciRuntime('runc', { root: '/r', binary: gone.bin });
  await rt.delete('c1', { force: true });
  assert.equal(await rt.state('c1'), null);
});

test('state parses the runtime JSON; update sends limits as runc JSON or crun flags', async () => {
  const ok = fakeRuntime('', 0, '{"ociVersion":"1.0.2","id":"c1","pid":42,"status":"running","bundle":"/b","created":"2024-01-01T00:00:00Z"}');
  const runc = createOciRuntime('runc', { root: '/r', binary: ok.bin });
  assert.deepEqual(await runc.state('c1'), { id: 'c1', pid: 42, status: 'running', bundle: '/b', created: '2024-01-01T00:00:00Z' });
  await runc.update('c1', { memory: { limit: 100, swap: -1 }, pids: { limit: 5 } });
  assert.deepEqual(readFileSync(ok.argvFile, 'utf8').trim().split('\n'), ['--root', '/r', 'update', '--resources', '-', 'c1']);
  assert.deepEqual(JSON.parse(readFileSync(ok.stdinFile, 'utf8')), { memory: { limit: 100, swap: -1 }, pids: { limit: 5 } });

  const crun = createOciRuntime('crun', { root: '/r', binary: ok.bin });
  await crun.update('c1', { memory: { limit: 100 }, cpu: { quota: 5000, period: 100000, cpus: '0-1' } });
  assert.deepEqual(readFileSync(ok.argvFile, 'utf8').trim().split('\n'), [
    '--root', '/r', 'update', '--memory=100', '--cpu-period=100000', '--cpu-quota=5000', '--cpuset-cpus=0-1', 'c1',
  ]);
});

test('a hung runtime call is aborted', async () => {
  const bin = join(dir, 'hang');
  writeFileSync(bin, '#!/bin/sh\nexec sleep 30\n');
  chmodSync(bin, 0o755);
  const rt = createOciRuntime('crun', { root: '/r', binary: bin });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 50);
  await assert.rejects(rt.pause('c1', { signal: ac.signal }), (e: unknown) => EngineError.is(e, 'unavailable'));
});
