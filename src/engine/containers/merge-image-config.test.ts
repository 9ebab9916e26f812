import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeEnv, mergeImageConfig } from './merge-image-config.js';

const ID = `sha256:${'a'.repeat(64)}` as const;
const image = { Env: ['PATH=/bin', 'A=1'], Cmd: ['sh'], Entrypoint: null, WorkingDir: '/w', User: 'nobody', Labels: { x: '1' }, StopSignal: 'SIGQUIT' };

test('image defaults apply when nothing is given', () => {
  const c = mergeImageConfig({ image: 'busybox' }, image, ID);
  assert.deepEqual([c.entrypoint, c.cmd, c.workingDir, c.user, c.stopSignal], [[], ['sh'], '/w', 'nobody', 'SIGQUIT']);
});

test('user cmd replaces image cmd; env and labels merge with user winning', () => {
  const c = mergeImageConfig({ image: 'b', cmd: ['true'], env: ['A=2', 'B=3'], labels: { y: '2', x: 'u' } }, image, ID);
  assert.deepEqual(c.cmd, ['true']);
  assert.deepEqual(c.env, ['PATH=/bin', 'A=2', 'B=3']);
  assert.deepEqual(c.labels, { x: 'u', y: '2' });
});

test('an explicit entrypoint drops the image cmd', () => {
  const c = mergeImageConfig({ image: 'b', entrypoint: ['/bin/echo'] }, { ...image, Entrypoint: ['/init'] }, ID);
  assert.deepEqual([c.entrypoint, c.cmd], [['/bin/echo'], []]);
});

test('--entrypoint "" resets the entrypoint', () => {
  const c = mergeImageConfig({ image: 'b', entrypoint: [''], cmd: ['ls'] }, { ...image, Entrypoint: ['/init'] }, ID);
  assert.deepEqual([c.entrypoint, c.cmd], [[], ['ls']]);
});

test('no command at all is a bad request', () => {
  assert.throws(() => mergeImageConfig({ image: 'b' }, {}, ID), /No command specified/);
});

test('mergeEnv rejects an empty key', () => {
  assert.throws(() => mergeEnv([], ['=x']), /invalid environment variable/);
});

test('health checks: the image\'s unless the container gives a test; durations fall back field by field; NONE is kept', () => {
  const withHc = { ...image, Healthcheck: { Test: ['CMD', 'check'], Interval: 5e9, Retries: 4 } };
  assert.deepEqual(mergeImageConfig({ image: 'b' }, withHc, ID).healthcheck,
    { test: ['CMD', 'check'], intervalNs: 5e9, timeoutNs: 0, startPeriodNs: 0, startIntervalNs: 0, retries: 4 });
  const own = { test: [], intervalNs: 1e9, timeoutNs: 0, startPeriodNs: 0, startIntervalNs: 0, retries: 0 };
  assert.deepEqual(mergeImageConfig({ image: 'b', healthcheck: own }, withHc, ID).healthcheck,
    { test: ['CMD', 'check'], intervalNs: 1e9, timeoutNs: 0, startPeriodNs: 0, startIntervalNs: 0, retries: 4 });
  assert.deepEqual(mergeImageConfig({ image: 'b', healthcheck: { ...own, test: ['NONE'] } }, withHc, ID).healthcheck?.test, ['NONE']);
  assert.equal(mergeImageConfig({ image: 'b', healthcheck: own }, image, ID).healthcheck, undefined, 'durations alone are no check');
});
