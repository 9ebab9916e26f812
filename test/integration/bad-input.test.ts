import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { BerthDaemon } from '../harness/berthd-harness.js';
import { importBusybox } from '../harness/busybox-image.js';
import { dockerRunner } from './docker-runner.js';

let d: BerthDaemon;
const docker = dockerRunner(() => d);

before(async () => {
  d = await BerthDaemon.start();
  await importBusybox(d);
  await docker.ok(['run', '-d', '--name', 'running', 'busybox', 'sleep', '300']);
  await docker.ok(['create', '--name', 'taken', 'busybox']);
});
after(async () => { await d?.[Symbol.asyncDispose](); });

interface ApiCase {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  status: number;
  message: RegExp;
}

/** Asserts Docker's error shape: the status and a JSON body `{"message": ...}`. */
async function expectError(c: Pick<ApiCase, 'method' | 'path' | 'body' | 'status' | 'message'>): Promise<void> {
  const r = await d.api(c.method, c.path, c.body);
  assert.equal(r.status, c.status, `${c.method} ${c.path}: ${r.text}`);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(typeof r.body, 'object', r.text);
  assert.match(r.body.message, c.message);
}

const create = (body: Record<string, unknown>) => ({ Image: 'busybox', Cmd: ['true'], ...body });
const cpus = availableParallelism();

describe('container create', () => {
  const cases: ApiCase[] = [
    { name: 'malformed JSON', method: 'POST', path: '/containers/create', body: '{"Image": "busybox",', status: 400, message: /invalid JSON/ },
    { name: 'a JSON array', method: 'POST', path: '/containers/create', body: '[1,2]', status: 400, message: /invalid JSON/ },
    { name: 'no image', method: 'POST', path: '/containers/create', body: { Cmd: ['true'] }, status: 400, message: /image/i },
    { name: 'Env as a number', method: 'POST', path: '/containers/create', body: create({ Env: 5 }), status: 400, message: /Env/ },
    { name: 'Env with a number in it', method: 'POST', path: '/containers/create', body: create({ Env: ['A=1', 2] }), status: 400, message: /Env/ },
    { name: 'Cmd as an object', method: 'POST', path: '/containers/create', body: create({ Cmd: { a: 1 } }), status: 400, message: /Cmd/ },
    { name: 'Memory as a string', method: 'POST', path: '/containers/create', body: create({ HostConfig: { Memory: '64m' } }), status: 400, message: /Memory/ },
    { name: 'Memory as a fraction', method: 'POST', path: '/containers/create', body: create({ HostConfig: { Memory: 1.5 } }), status: 400, message: /Memory/ },
    { name: 'HostConfig as an array', method: 'POST', path: '/containers/create', body: create({ HostConfig: [] }), status: 400, message: /HostConfig/ },
    { name: 'Labels with a number', method: 'POST', path: '/containers/create', body: create({ Labels: { a: 1 } }), status: 400, message: /Labels/ },
    { name: 'memory below 6MB', method: 'POST', path: '/containers/create', body: create({ HostConfig: { Memory: 4 * 1024 * 1024 } }), status: 400, message: /Minimum memory limit allowed is 6MB/ },
    { name: 'swap below memory', method: 'POST', path: '/containers/create', body: create({ HostConfig: { Memory: 64 << 20, MemorySwap: 32 << 20 } }), status: 400, message: /memoryswap limit should be larger/ },
    { name: 'more CPUs than the host has', method: 'POST', path: '/containers/create', body: create({ HostConfig: { NanoCpus: (cpus + 1) * 1e9 } }), status: 400, message: new RegExp(`range of CPUs is from 0.01 to ${cpus}.00`) },
    { name: 'a cpuset the host lacks', method: 'POST', path: '/containers/create', body: create({ HostConfig: { CpusetCpus: `${cpus + 7}` } }), status: 400, message: /cpus/i },
    { name: 'an unknown capability', method: 'POST', path: '/containers/create', body: create({ HostConfig: { CapAdd: ['CAP_NOPE'] } }), status: 400, message: /CAP_NOPE/ },
    { name: 'an unknown runtime', method: 'POST', path: '/containers/create', body: create({ HostConfig: { Runtime: 'nope' } }), status: 400, message: /runtime/ },
    { name: 'an invalid restart policy', method: 'POST', path: '/containers/create', body: create({ HostConfig: { RestartPolicy: { Name: 'sometimes' } } }), status: 400, message: /invalid restart policy/ },
    { name: 'a retry count without on-failure', method: 'POST', path: '/containers/create', body: create({ HostConfig: { RestartPolicy: { Name: 'always', MaximumRetryCount: 3 } } }), status: 400, message: /maximum retry count/ },
    { name: 'auto-remove with a restart policy', method: 'POST', path: '/containers/create', body: create({ HostConfig: { AutoRemove: true, RestartPolicy: { Name: 'always' } } }), status: 400, message: /AutoRemove/ },
    { name: 'a relative working dir', method: 'POST', path: '/containers/create', body: create({ WorkingDir: 'rel' }), status: 400, message: /absolute path/ },
    { name: 'a relative bind target', method: 'POST', path: '/containers/create', body: create({ HostConfig: { Binds: ['/tmp:rel'] } }), status: 400, message: /absolute/ },
    { name: 'an unknown seccomp profile file', method: 'POST', path: '/containers/create', body: create({ HostConfig: { SecurityOpt: ['seccomp=/no/such/profile.json'] } }), status: 400, message: /seccomp/ },
    { name: 'an invalid name', method: 'POST', path: '/containers/create?name=bad%20name!', body: create({}), status: 400, message: /Invalid container name/ },
    { name: 'an unknown image', method: 'POST', path: '/containers/create', body: create({ Image: 'no-such-image:1' }), status: 404, message: /No such image: no-such-image:1/ },
    { name: 'a name in use', method: 'POST', path: '/containers/create?name=taken', body: create({}), status: 409, message: /name "\/taken" is already in use/ },
  ];
  for (const c of cases) test(`${c.name} -> ${c.status}`, () => expectError(c));
});

describe('unknown containers', () => {
  const verbs: Array<[string, string]> = [
    ['GET', '/containers/nope/json'], ['POST', '/containers/nope/start'], ['POST', '/containers/nope/stop'],
    ['POST', '/containers/nope/restart'], ['POST', '/containers/nope/kill'], ['POST', '/containers/nope/pause'],
    ['POST', '/containers/nope/unpause'], ['POST', '/containers/nope/wait'], ['POST', '/containers/nope/rename?name=x'],
    ['DELETE', '/containers/nope'], ['GET', '/containers/nope/logs?stdout=1'], ['GET', '/containers/nope/top'],
    ['POST', '/containers/nope/resize?h=10&w=10'], ['POST', '/containers/nope/attach?stream=1&stdout=1'],
    ['POST', '/containers/nope/exec'], ['GET', '/exec/nope/json'], ['POST', '/exec/nope/start'],
  ];
  for (const [method, path] of verbs) {
    test(`${method} ${path} -> 404`, () => expectError({ method, path, body: path.endsWith('/exec') ? { Cmd: ['true'] } : undefined, status: 404, message: /No such (container|exec instance): nope/ }));
  }
});

describe('state conflicts and bad arguments', () => {
  const cases: ApiCase[] = [
    { name: 'rm of a running container', method: 'DELETE', path: '/containers/running', status: 409, message: /container is running: stop the container before removing or force remove/ },
    { name: 'an invalid signal', method: 'POST', path: '/containers/running/kill?signal=SIGNOPE', status: 400, message: /Invalid signal: SIGNOPE/ },
    { name: 'an invalid signal number', method: 'POST', path: '/containers/running/kill?signal=99', status: 400, message: /Invalid signal: 99/ },
    { name: 'an invalid stop signal', method: 'POST', path: '/containers/running/stop?signal=NOPE', status: 400, message: /Invalid signal/ },
    { name: 'kill of a stopped container', method: 'POST', path: '/containers/taken/kill', status: 409, message: /is not running/ },
    { name: 'pause of a stopped container', method: 'POST', path: '/containers/taken/pause', status: 409, message: /is not running/ },
    { name: 'exec in a stopped container', method: 'POST', path: '/containers/taken/exec', body: { Cmd: ['true'] }, status: 409, message: /is not running/ },
    { name: 'exec without a command', method: 'POST', path: '/containers/running/exec', body: { Cmd: [] }, status: 400, message: /No exec command specified/ },
    { name: 'rename to a name in use', method: 'POST', path: '/containers/running/rename?name=taken', status: 409, message: /already in use/ },
    { name: 'an invalid wait condition', method: 'POST', path: '/containers/running/wait?condition=never', status: 400, message: /invalid condition/ },
    { name: 'logs without a stream', method: 'GET', path: '/containers/running/logs', status: 400, message: /at least one stream/ },
    { name: 'an invalid since', method: 'GET', path: '/containers/running/logs?stdout=1&since=yesterday', status: 400, message: /since|time/ },
    { name: 'an unknown container filter', method: 'GET', path: `/containers/json?filters=${encodeURIComponent('{"colour":["red"]}')}`, status: 400, message: /invalid filter 'colour'/ },
    { name: 'an invalid status filter', method: 'GET', path: `/containers/json?filters=${encodeURIComponent('{"status":["sleepy"]}')}`, status: 400, message: /invalid filter 'status=sleepy'/ },
    { name: 'malformed filters', method: 'GET', path: '/containers/json?filters=%7Bnope', status: 400, message: /invalid filter/ },
    { name: 'an unknown image filter', method: 'GET', path: `/images/json?filters=${encodeURIComponent('{"colour":["red"]}')}`, status: 400, message: /invalid filter 'colour'/ },
    { name: 'an unknown prune filter', method: 'POST', path: `/containers/prune?filters=${encodeURIComponent('{"colour":["red"]}')}`, status: 400, message: /invalid filter 'colour'/ },
    { name: 'an unknown event filter', method: 'GET', path: `/events?filters=${encodeURIComponent('{"colour":["red"]}')}`, status: 400, message: /invalid filter 'colour'/ },
    { name: 'an unknown image', method: 'GET', path: '/images/no-such-image/json', status: 404, message: /No such image/ },
    { name: 'rmi of an unknown image', method: 'DELETE', path: '/images/no-such-image', status: 404, message: /No such image/ },
    { name: 'a pull (no registry)', method: 'POST', path: '/images/create?fromImage=alpine&tag=3', status: 404, message: /alpine/ },
    { name: 'an unknown endpoint', method: 'GET', path: '/no/such/endpoint', status: 404, message: /page not found/ },
  ];
  for (const c of cases) test(`${c.name} -> ${c.status}`, () => expectError(c));

  test('start of a removed container -> 404', async () => {
    const id = await docker.ok(['create', 'busybox']);
    await docker.ok(['rm', id]);
    await expectError({ method: 'POST', path: `/containers/${id}/start`, status: 404, message: /No such container/ });
  });

  test('start of a running container is 304, stop of a stopped one too', async () => {
    assert.equal((await d.api('POST', '/containers/running/start')).status, 304);
    assert.equal((await d.api('POST', '/containers/taken/stop')).status, 304);
  });
});

describe('racing requests', () => {
  test('six creates with one name: one wins, five get 409', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => d.api('POST', '/containers/create?name=raced', create({}))));
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409]);
    assert.equal(await docker.ok(['ps', '-aq', '--no-trunc', '--filter', 'name=^raced$']), results.find((r) => r.status === 201)!.body.Id);
  });

  test('two starts of one container: one starts it, the other is told it already runs', async () => {
    const id = await docker.ok(['create', 'busybox', 'sleep', '300']);
    const results = await Promise.all([d.api('POST', `/containers/${id}/start`), d.api('POST', `/containers/${id}/start`)]);
    assert.deepEqual(results.map((r) => r.status).sort(), [204, 304]);
    assert.equal((await docker.ok(['top', id])).split('\n').filter((l) => l.includes('sleep 300')).length, 1);
    await docker.ok(['rm', '-f', id]);
  });

  test('stop and rm -f at once both succeed and leave nothing', async () => {
    const id = await docker.ok(['run', '-d', 'busybox', 'sleep', '300']);
    const [stop, rm] = await Promise.all([d.api('POST', `/containers/${id}/stop?t=1`), d.api('DELETE', `/containers/${id}?force=1`)]);
    assert.ok([204, 304, 404].includes(stop.status), stop.text);
    assert.equal(rm.status, 204, rm.text);
    assert.equal((await d.api('GET', `/containers/${id}/json`)).status, 404);
  });
});

describe('the CLI shows the daemon message', () => {
  const cases: Array<{ args: string[]; code: number; stderr: RegExp }> = [
    { args: ['run', '--rm', '-m', '4m', 'busybox', 'true'], code: 125, stderr: /Error response from daemon: Minimum memory limit allowed is 6MB/ },
    { args: ['run', '--rm', '--cpus', String(cpus + 1), 'busybox', 'true'], code: 125, stderr: /range of CPUs is from 0.01/ },
    { args: ['run', '--rm', 'no-such-image:1', 'true'], code: 125, stderr: /no-such-image/ },
    { args: ['run', '--name', 'taken', 'busybox', 'true'], code: 125, stderr: /Conflict\. The container name "\/taken" is already in use/ },
    { args: ['run', '--restart', 'sometimes', 'busybox', 'true'], code: 125, stderr: /invalid restart policy|sometimes/ },
    { args: ['run', '--rm', '--cap-add', 'NOPE', 'busybox', 'true'], code: 125, stderr: /NOPE/ },
    { args: ['run', '--rm', '--runtime', 'nope', 'busybox', 'true'], code: 125, stderr: /runtime/ },
    { args: ['create', '-w', 'relative', 'busybox'], code: 1, stderr: /absolute path/ },
    { args: ['start', 'nope'], code: 1, stderr: /No such container: nope/ },
    { args: ['stop', 'nope'], code: 1, stderr: /No such container: nope/ },
    { args: ['rm', 'running'], code: 1, stderr: /container is running/ },
    { args: ['kill', '-s', 'SIGNOPE', 'running'], code: 1, stderr: /Invalid signal: SIGNOPE/ },
    { args: ['logs', 'nope'], code: 1, stderr: /No such container: nope/ },
    { args: ['exec', 'nope', 'true'], code: 1, stderr: /No such container: nope/ },
    { args: ['ps', '--filter', 'colour=red'], code: 1, stderr: /invalid filter 'colour'/ },
  ];
  for (const c of cases) {
    test(`docker ${c.args.join(' ')} -> ${c.code}`, async () => {
      const r = await docker.fails(c.code, c.args);
      assert.match(r.stderr, c.stderr);
    });
  }
});

describe('after all that', () => {
  test('a huge body is refused, not buffered', async () => {
    const big = JSON.stringify(create({ Env: Array.from({ length: 60_000 }, (_, i) => `VAR_${i}=${'x'.repeat(80)}`) }));
    await expectError({ method: 'POST', path: '/containers/create', body: big, status: 400, message: /larger than/ });
  });

  test('the daemon is alive and still works', async () => {
    assert.equal((await d.api('GET', '/_ping')).status, 200);
    assert.equal(await docker.ok(['run', '--rm', 'busybox', 'echo', 'fine']), 'fine');
    assert.equal(await docker.ok(['inspect', '-f', '{{.State.Status}}', 'running']), 'running');
  });
});
