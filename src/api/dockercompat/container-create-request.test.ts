import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toCreateRequest } from './container-create-request.js';

test('maps Docker create fields to the domain request', () => {
  const r = toCreateRequest({
    Image: 'busybox', Cmd: 'true', Env: ['A=1'], Tty: true, Labels: { a: 'b' }, ExposedPorts: { '80/tcp': {} },
    HostConfig: { Memory: 67108864, NanoCpus: 500000000, RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 },
      Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 2048 }], Binds: ['/tmp:/data:ro'], Tmpfs: { '/run': 'size=1m' }, AutoRemove: true },
  }, 'web');
  assert.equal(r.name, 'web');
  assert.deepEqual(r.config.cmd, ['true']);
  assert.deepEqual(r.config.exposedPorts, ['80/tcp']);
  assert.equal(r.host.resources?.memory, 67108864);
  assert.equal(r.host.resources?.nanoCpus, 500000000);
  assert.deepEqual(r.host.restartPolicy, { name: 'on-failure', maximumRetryCount: 2 });
  assert.deepEqual(r.host.resources?.ulimits, [{ name: 'nofile', soft: 1024, hard: 2048 }]);
  assert.deepEqual(r.host.mounts, [{ type: 'bind', source: '/tmp', target: '/data', readOnly: true, options: [] }]);
  assert.equal(r.host.autoRemove, true);
});

const bad: Array<[string, Record<string, unknown>, RegExp]> = [
  ['no image', {}, /image is required/],
  ['Env of the wrong type', { Image: 'b', Env: 3 }, /Config\.Env: expected an array of strings/],
  ['Memory as a string', { Image: 'b', HostConfig: { Memory: '64m' } }, /HostConfig\.Memory: expected an integer/],
  ['unknown restart policy', { Image: 'b', HostConfig: { RestartPolicy: { Name: 'sometimes' } } }, /invalid restart policy/],
  ['retry count without on-failure', { Image: 'b', HostConfig: { RestartPolicy: { Name: 'always', MaximumRetryCount: 3 } } }, /maximum retry count/],
  ['relative working dir', { Image: 'b', WorkingDir: 'tmp' }, /needs to be an absolute path/],
  ['HostConfig not an object', { Image: 'b', HostConfig: [] }, /HostConfig: expected an object/],
  ['relative bind target', { Image: 'b', HostConfig: { Binds: ['/a:b'] } }, /mount path must be absolute/],
];
for (const [name, body, re] of bad) {
  test(`rejects: ${name}`, () => assert.throws(() => toCreateRequest(body, null), (e: Error & { code?: string }) => re.test(e.message) && e.code === 'invalid_argument'));
}

test('named volumes from Binds and volume Mounts, with driver options and nocopy', () => {
  const r = toCreateRequest({
    Image: 'b', Volumes: { '/anon': {} },
    HostConfig: {
      Binds: ['data:/data:ro', 'cache:/cache:nocopy'],
      Mounts: [
        { Type: 'volume', Source: 'tv', Target: '/t', VolumeOptions: { NoCopy: true, DriverConfig: { Name: 'local', Options: { type: 'tmpfs', device: 'tmpfs' } } } },
        { Type: 'volume', Target: '/anon2', ReadOnly: true },
      ],
    },
  }, null);
  assert.deepEqual(r.config.volumes, ['/anon']);
  assert.deepEqual(r.host.mounts, [
    { type: 'volume', source: 'data', target: '/data', readOnly: true, options: [] },
    { type: 'volume', source: 'cache', target: '/cache', readOnly: false, options: [], noCopy: true },
    { type: 'volume', source: 'tv', target: '/t', readOnly: false, options: [], volumeOptions: { type: 'tmpfs', device: 'tmpfs' }, noCopy: true },
    { type: 'volume', source: '', target: '/anon2', readOnly: true, options: [] },
  ]);
  assert.throws(() => toCreateRequest({ Image: 'b', HostConfig: { Mounts: [{ Type: 'volume', Source: 'x', Target: '/x', VolumeOptions: { DriverConfig: { Name: 'nfs' } } }] } }, null),
    /volume driver "nfs" is not supported/);
});
