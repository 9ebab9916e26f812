import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SharedLock } from './shared-lock.js';

const tick = () => new Promise((r) => setImmediate(r));

test('SharedLock: readers overlap, a writer runs alone and is not starved', async () => {
  const lock = new SharedLock();
  const log: string[] = [];
  let releaseA!: () => void;
  const a = lock.shared(async () => {
    log.push('a+');
    await new Promise<void>((r) => (releaseA = r));
    log.push('a-');
  });
  const b = lock.shared(async () => {
    log.push('b+');
    await tick();
    log.push('b-');
  });
  await tick();
  const w = lock.exclusive(async () => {
    log.push('w+');
    await tick();
    log.push('w-');
  });
  await tick();
  const c = lock.shared(async () => {
    log.push('c');
  });
  await tick();
  await tick();
  assert.deepEqual(log, ['a+', 'b+', 'b-'], 'the writer waits for a; the later reader waits for the writer');
  releaseA();
  await Promise.all([a, b, w, c]);
  assert.deepEqual(log, ['a+', 'b+', 'b-', 'a-', 'w+', 'w-', 'c']);
});

test('SharedLock releases on errors', async () => {
  const lock = new SharedLock();
  await assert.rejects(lock.exclusive(async () => { throw new Error('boom'); }), /boom/);
  await assert.rejects(lock.shared(async () => { throw new Error('boom'); }), /boom/);
  assert.equal(await lock.exclusive(async () => 1), 1);
});
