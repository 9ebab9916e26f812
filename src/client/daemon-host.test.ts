import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineError } from '../core/engine-error.js';
import { DEFAULT_HOST, resolveDaemonHost } from './daemon-host.js';

test('flag beats DOCKER_HOST beats the default', () => {
  assert.deepEqual(resolveDaemonHost('unix:///a.sock', { DOCKER_HOST: 'unix:///b.sock' }), { url: 'unix:///a.sock', socketPath: '/a.sock' });
  assert.deepEqual(resolveDaemonHost(undefined, { DOCKER_HOST: 'unix:///b.sock' }).socketPath, '/b.sock');
  assert.deepEqual(resolveDaemonHost(undefined, {}), { url: DEFAULT_HOST, socketPath: '/run/berth/berth.sock' });
  assert.deepEqual(resolveDaemonHost('', { DOCKER_HOST: '' }).socketPath, '/run/berth/berth.sock');
});

test('non-unix hosts are refused clearly', () => {
  for (const host of ['tcp://127.0.0.1:2375', 'ssh://me@box', '/run/berth/berth.sock', 'unix://']) {
    assert.throws(() => resolveDaemonHost(host, {}), (err: unknown) => EngineError.is(err, 'invalid_argument'));
  }
  assert.throws(() => resolveDaemonHost(undefined, { DOCKER_HOST: 'tcp://x:1' }), /berth supports only unix:\/\/ hosts/);
});
