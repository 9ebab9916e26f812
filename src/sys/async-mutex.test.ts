import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AsyncMutex } from './async-mutex.js';

const tick = () => new Promise((r) => setImmediate(r));

test('AsyncMutex runs sections one at a time, in order, and releases on errors', async () => {
  const m = new AsyncMutex();
  const order: string[] = [];
  await Promise.all([
    m.run(async () => { order.push('1+'); await tick(); order.push('1-'); }),
    assert.rejects(m.run(async () => { order.push('2'); throw new Error('x'); })),
    m.run(async () => { order.push('3'); }),
  ]);
  assert.deepEqual(order, ['1+', '1-', '2', '3']);
});
