import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContainerRecord } from '../../core/container.js';
import type { NetworkRecord } from '../../core/network.js';
import { containerAddressesByName, containerNameByAddress, linkedAddresses, parseLink } from './container-dns-names.js';
import { poolConfig } from './pool-config.js';

const running = (name: string, id: string, ip: string, aliases: string[], networkId = 'n1') => ({
  name, id, endpoints: [{ networkId, aliases, ipv4Address: '', macAddress: '', links: [] }],
  networkState: { netnsPath: '', ports: [], endpoints: [{ networkId, ipAddress: ip }] },
}) as unknown as ContainerRecord;
const stopped = { name: 'old', id: 'f'.repeat(64), endpoints: [{ networkId: 'n1', aliases: ['db'] }] } as unknown as ContainerRecord;

describe('embedded DNS names', () => {
  const cs = [running('web', 'a'.repeat(64), '10.0.0.2', ['www', 'Api']), running('web2', 'b'.repeat(64), '10.0.0.3', ['www']),
    running('other', 'c'.repeat(64), '10.1.0.2', ['db'], 'n2'), stopped];
  test('name, alias (any case, trailing dot) and short id; several containers may share an alias', () => {
    assert.deepEqual(containerAddressesByName(cs, 'n1', 'web'), ['10.0.0.2']);
    assert.deepEqual(containerAddressesByName(cs, 'n1', 'API.'), ['10.0.0.2']);
    assert.deepEqual(containerAddressesByName(cs, 'n1', 'www'), ['10.0.0.2', '10.0.0.3']);
    assert.deepEqual(containerAddressesByName(cs, 'n1', 'aaaaaaaaaaaa'), ['10.0.0.2']);
  });
  test('only running containers on that network', () => {
    assert.equal(containerAddressesByName(cs, 'n1', 'db'), undefined);
    assert.equal(containerAddressesByName(cs, 'n1', 'other'), undefined);
    assert.equal(containerAddressesByName(cs, 'n1', 'a'.repeat(64)), undefined, 'the full id is not a name');
  });
  test('reverse lookups', () => {
    const net = { id: 'n1', name: 'app' } as NetworkRecord;
    assert.equal(containerNameByAddress(cs, net, '10.0.0.3'), 'web2.app');
    assert.equal(containerNameByAddress(cs, net, '10.1.0.2'), undefined);
  });
});

describe('pool config', () => {
  test('the first default pool free of other networks and host routes; gateway .1', () => {
    assert.deepEqual(poolConfig({}, ['172.17.0.0/16'], ['0.0.0.0/0', '172.18.0.0/16', '192.0.2.0/24']),
      { subnet: '172.19.0.0/16', gateway: '172.19.0.1', ipRange: '' });
  });
  test('an explicit subnet ignores host routes but not other networks; bad combinations are refused', () => {
    assert.deepEqual(poolConfig({ subnet: '10.5.0.0/24', gateway: '10.5.0.254', ipRange: '10.5.0.128/25' }, [], []),
      { subnet: '10.5.0.0/24', gateway: '10.5.0.254', ipRange: '10.5.0.128/25' });
    const code = (f: () => unknown) => { try { f(); return 'ok'; } catch (e) { return (e as { code: string }).code; } };
    assert.equal(code(() => poolConfig({ subnet: '10.5.0.0/24' }, ['10.5.0.0/16'], [])), 'conflict');
    assert.equal(code(() => poolConfig({ subnet: '10.5.0.1/24' }, [], [])), 'invalid_argument');
    assert.equal(code(() => poolConfig({ subnet: '10.5.0.0/31' }, [], [])), 'invalid_argument');
    assert.equal(code(() => poolConfig({ subnet: '10.5.0.0/24', gateway: '10.6.0.1' }, [], [])), 'invalid_argument');
    assert.equal(code(() => poolConfig({ subnet: '10.5.0.0/24', ipRange: '10.5.0.0/16' }, [], [])), 'invalid_argument');
    assert.equal(code(() => poolConfig({ gateway: '10.5.0.1' }, [], [])), 'invalid_argument');
  });
});

describe('endpoint defaults', async () => {
  const { macFromIp, portRequests } = await import('./endpoint-defaults.js');
  test('Docker\'s MAC from the address', () => {
    assert.equal(macFromIp('172.17.0.2'), '02:42:ac:11:00:02');
  });
  test('-P adds every exposed port not asked for explicitly', () => {
    const rec = { config: { exposedPorts: ['80/tcp', '53/udp', '8080/tcp'] },
      host: { publishAllPorts: true, portBindings: [{ containerPort: 80, protocol: 'tcp', hostIp: '', hostPortRange: [8000, 8000] }] } } as unknown as ContainerRecord;
    assert.deepEqual(portRequests(rec).map((r) => `${r.containerPort}/${r.protocol}:${r.hostPortRange.join('-')}`), ['80/tcp:8000-8000', '53/udp:0-0', '8080/tcp:0-0']);
  });
});

describe('links', () => {
  test('link forms', () => {
    assert.deepEqual(parseLink('web:w'), { name: 'web', alias: 'w' });
    assert.deepEqual(parseLink('/web:/client/w'), { name: 'web', alias: 'w' });
    assert.deepEqual(parseLink('web'), { name: 'web', alias: 'web' });
  });
  test('only the linking container resolves the alias, to an address on a shared network', () => {
    const web = running('proj_web_1', 'a'.repeat(64), '10.0.0.2', []);
    const asker = { ...running('client', 'b'.repeat(64), '10.0.0.3', []), endpoints: [{ networkId: 'n1', aliases: [], ipv4Address: '', macAddress: '', links: ['proj_web_1:web'] }] } as ContainerRecord;
    assert.deepEqual(linkedAddresses([web, asker], asker, ['n1'], 'WEB'), ['10.0.0.2']);
    assert.equal(linkedAddresses([web, asker], asker, ['n2'], 'web'), undefined, 'no shared network');
    assert.equal(linkedAddresses([web, asker], web, ['n1'], 'web'), undefined, 'not a link of this asker');
  });
});
