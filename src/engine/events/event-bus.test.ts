import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventBus, nowNano } from './event-bus.js';

test('replays history since a time, then streams live events until aborted', async () => {
  const bus = new EventBus();
  const before = nowNano();
  bus.publish({ type: 'container', action: 'create', id: 'a', attributes: {} });
  bus.publish({ type: 'image', action: 'tag', id: 'i', attributes: {} });
  const ac = new AbortController();
  const seen: string[] = [];
  const done = (async () => {
    for await (const e of bus.subscribe({ since: before, match: (e) => e.type === 'container' }, ac.signal)) {
      seen.push(`${e.action}:${e.id}`);
      if (seen.length === 2) ac.abort();
    }
  })();
  await new Promise((r) => setImmediate(r));
  bus.publish({ type: 'container', action: 'start', id: 'a', attributes: {} });
  await done;
  assert.deepEqual(seen, ['create:a', 'start:a']);
});

test('until in the past replays only history and ends', async () => {
  const bus = new EventBus();
  const t0 = nowNano();
  bus.publish({ type: 'container', action: 'die', id: 'b', attributes: {} });
  const got = [];
  for await (const e of bus.subscribe({ since: t0, until: nowNano() }, new AbortController().signal)) got.push(e.action);
  assert.deepEqual(got, ['die']);
});
