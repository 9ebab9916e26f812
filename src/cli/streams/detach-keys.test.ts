import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DETACH_KEYS, DetachKeyMatcher, parseDetachKeys } from './detach-keys.js';

test('parseDetachKeys (docker term.ToBytes)', () => {
  assert.deepEqual([...parseDetachKeys('ctrl-p,ctrl-q')], [0x10, 0x11]);
  assert.deepEqual([...DEFAULT_DETACH_KEYS], [0x10, 0x11]);
  assert.deepEqual([...parseDetachKeys('a,CTRL-@,ctrl-[,ctrl-_')], [0x61, 0, 27, 31]);
  assert.throws(() => parseDetachKeys('ctrl-1'), { message: "Unknown character: 'ctrl-1'" });
  assert.throws(() => parseDetachKeys('ab'), { message: "Unknown character: 'ab'" });
});

test('the sequence detaches, even split across chunks; what came before is forwarded', () => {
  const m = new DetachKeyMatcher(DEFAULT_DETACH_KEYS);
  assert.deepEqual(m.feed(Buffer.from('ls\x10')), { forward: Buffer.from('ls'), detach: false });
  assert.deepEqual(m.feed(Buffer.from('\x11rest')), { forward: Buffer.alloc(0), detach: true });
});

test('a partial sequence is released when the next key differs', () => {
  const m = new DetachKeyMatcher(DEFAULT_DETACH_KEYS);
  assert.deepEqual(m.feed(Buffer.from('\x10')).forward, Buffer.alloc(0));
  assert.deepEqual(m.feed(Buffer.from('x')), { forward: Buffer.from('\x10x'), detach: false });
  // ctrl-p ctrl-p ctrl-q: the first ctrl-p is released, the second starts the sequence.
  assert.deepEqual(m.feed(Buffer.from('\x10\x10\x11')), { forward: Buffer.from('\x10'), detach: true });
});

test('single-key sequences', () => {
  const m = new DetachKeyMatcher(parseDetachKeys('ctrl-x'));
  assert.deepEqual(m.feed(Buffer.from('ab\x18cd')), { forward: Buffer.from('ab'), detach: true });
});
