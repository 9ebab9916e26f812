import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reverseNameToIpv4 } from './reverse-name.js';

test('reverse names map to IPv4 only when complete and canonical', () => {
  assert.equal(reverseNameToIpv4('5.0.17.172.in-addr.arpa'), '172.17.0.5');
  assert.equal(reverseNameToIpv4('255.0.0.10.in-addr.arpa'), '10.0.0.255');
  for (const bad of ['0.17.172.in-addr.arpa', '1.5.0.17.172.in-addr.arpa', '256.0.0.1.in-addr.arpa', '05.0.0.1.in-addr.arpa',
    'a.0.0.1.in-addr.arpa', '5.0.17.172.ip6.arpa', 'in-addr.arpa', '.0.0.1.in-addr.arpa']) {
    assert.equal(reverseNameToIpv4(bad), undefined, bad);
  }
});
