import assert from 'node:assert/strict';
import { get } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { berth, ensureBusybox, ok, SKIP, uniqueName } from './cli-target.js';

const containers: string[] = [];
const networks: string[] = [];

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(url, { timeout: 1000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

describe('berth network commands against berthd', { skip: SKIP }, () => {
  before(ensureBusybox);
  after(async () => {
    if (containers.length) await berth(['rm', '-f', ...containers]);
    if (networks.length) await berth(['network', 'rm', ...networks]);
  });

  test('a user network: create, inspect, containers by name and alias, ls, rm', async () => {
    const net = uniqueName('bnet');
    const web = uniqueName('bweb');
    networks.push(net);
    containers.push(web);
    assert.match(await ok(['network', 'create', '--label', 'k=v', net]), /^[0-9a-f]{64}$/);
    assert.equal(await ok(['network', 'inspect', '-f', '{{.Driver}} {{index .Labels "k"}}', net]), 'bridge v');
    await ok(['run', '-d', '--name', web, '--network', net, '--network-alias', 'www', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc']);
    const id = (await ok(['inspect', '-f', '{{.Id}}', web])).slice(0, 12);
    assert.equal(await ok(['run', '--rm', '--network', net, 'busybox', 'wget', '-qO-', `http://${web}/hostname`]), id);
    assert.equal(await ok(['run', '--rm', '--network', net, 'busybox', 'wget', '-qO-', 'http://www/hostname']), id);
    assert.match(await ok(['network', 'ls', '--filter', `name=${net}`, '--format', '{{.Name}}']), new RegExp(`^${net}$`));
    const inUse = await berth(['network', 'rm', net]);
    assert.equal(inUse.code, 1);
    assert.match(inUse.stderr, /active endpoints/);
  });

  test('a published port answers on the host; berth port shows it', async () => {
    const pub = uniqueName('bpub');
    containers.push(pub);
    await ok(['run', '-d', '--name', pub, '-p', '127.0.0.1::80', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc']);
    const mapping = await ok(['port', pub, '80']);
    const m = /^127\.0\.0\.1:(\d+)$/.exec(mapping);
    assert.ok(m, mapping);
    const id = (await ok(['inspect', '-f', '{{.Id}}', pub])).slice(0, 12);
    let body = '';
    for (let i = 0; i < 30 && !body; i++) body = await httpGet(`http://127.0.0.1:${m[1]}/hostname`).catch(async () => { await sleep(100); return ''; });
    assert.equal(body, `${id}\n`);
  });

  test('--network none has only lo', async () => {
    assert.equal(await ok(['run', '--rm', '--network', 'none', 'busybox', 'ls', '/sys/class/net']), 'lo');
  });
});
