import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseUpstreamAddress } from './upstream-address.js';

test('upstream addresses with and without ports', () => {
  const cases: [string, ReturnType<typeof parseUpstreamAddress>][] = [
    ['1.2.3.4', { host: '1.2.3.4', port: 53, family: 4 }],
    ['127.0.0.53:5353', { host: '127.0.0.53', port: 5353, family: 4 }],
    ['::1', { host: '::1', port: 53, family: 6 }],
    ['[0:0::1]:5300', { host: '::1', port: 5300, family: 6 }],
    ['[2001:DB8::1]', { host: '2001:db8::1', port: 53, family: 6 }],
    ['fe80::1%eth0', { host: 'fe80::1%eth0', port: 53, family: 6 }],
    ['1.2.3.4:0', undefined],
    ['1.2.3.4:70000', undefined],
    ['1.2.3.4%eth0', undefined],
    ['dns.example', undefined],
    ['', undefined],
  ];
  for (const [text, want] of cases) assert.deepEqual(parseUpstreamAddress(text), want, text);
});
