import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMac, parseMac } from './mac-address.js';

test('MAC addresses', () => {
  assert.deepEqual([...parseMac('02:42:AC:11:00:0f')], [2, 0x42, 0xac, 0x11, 0, 0x0f]);
  assert.equal(formatMac(Uint8Array.of(2, 0x42, 0xac, 0x11, 0, 0x0f)), '02:42:ac:11:00:0f');
  for (const bad of ['02:42:ac:11:00', '02:42:ac:11:00:0g', '0242ac11000f', '02-42-ac-11-00-0f']) assert.throws(() => parseMac(bad), RangeError, bad);
});
