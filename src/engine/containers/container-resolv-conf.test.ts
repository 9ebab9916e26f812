import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { containerResolvConf } from './container-resolv-conf.js';

const host = '# generated\nnameserver 127.0.0.53\nnameserver 10.0.0.2\nsearch corp.example lan\noptions edns0 trust-ad\n';
const base = { host, dns: [], dnsSearch: [], dnsOptions: [] };

describe('container resolv.conf', () => {
  test('the host\'s, without loopback resolvers', () => {
    assert.equal(containerResolvConf(base), 'nameserver 10.0.0.2\nsearch corp.example lan\noptions edns0 trust-ad\n');
  });
  test('--network host keeps the host\'s loopback resolvers', () => {
    assert.match(containerResolvConf({ ...base, hostNetwork: true }), /^nameserver 127\.0\.0\.53\nnameserver 10\.0\.0\.2\n/);
  });
  test('only loopback resolvers on the host: Docker\'s public fallback', () => {
    assert.equal(containerResolvConf({ ...base, host: 'nameserver 127.0.0.53\n' }), 'nameserver 8.8.8.8\nnameserver 8.8.4.4\n');
  });
  test('--dns, --dns-search and --dns-option replace their parts', () => {
    assert.equal(containerResolvConf({ ...base, dns: ['1.1.1.1'], dnsSearch: ['a.example'], dnsOptions: ['ndots:2', 'timeout:1'] }),
      'nameserver 1.1.1.1\nsearch a.example\noptions ndots:2 timeout:1\n');
    assert.equal(containerResolvConf({ ...base, dnsSearch: ['.'] }), 'nameserver 10.0.0.2\noptions edns0 trust-ad\n');
  });
  test('user networks: the embedded server only, ndots:0 unless given', () => {
    assert.equal(containerResolvConf({ ...base, embeddedServer: '172.19.0.1', dns: ['1.1.1.1'] }),
      'nameserver 172.19.0.1\nsearch corp.example lan\noptions edns0 trust-ad ndots:0\n');
    assert.equal(containerResolvConf({ ...base, embeddedServer: '172.19.0.1', dnsOptions: ['ndots:3'] }),
      'nameserver 172.19.0.1\nsearch corp.example lan\noptions ndots:3\n');
  });
});
