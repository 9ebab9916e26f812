import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SysError } from '../sys-error.js';
import { createNetworkNamespace, isNetworkNamespaceMount, removeNetworkNamespace } from './network-namespace.js';
import { RtNetlink } from './rtnetlink.js';

// Real links in the host namespace (as root): a bridge bnt<random> and a veth vnt<random>, whose
// peer lands in a fresh namespace as eth0. Checked with iproute2's JSON output and real pings;
// everything is removed in `after`, even when a test fails.

const tag = Math.random().toString(16).slice(2, 8);
const bridgeName = `bnt${tag}`;
const vethName = `vnt${tag}`;
const subnet = `10.233.${1 + Math.floor(Math.random() * 250)}`;
const bridgeIp = `${subnet}.1`;
const containerIp = `${subnet}.2`;
const peerMac = '02:42:0a:e9:00:02';

let base: string;
let nsPath: string;
let host: RtNetlink;
let ns: RtNetlink;
const home = readlinkSync('/proc/thread-self/ns/net');

/** `ip -j <args>` in the host namespace, or in the test namespace with `inNs`. */
function ipJson<T = Array<Record<string, unknown>>>(args: string[], inNs = false): T {
  const argv = inNs ? ['nsenter', `--net=${nsPath}`, 'ip', '-j', ...args] : ['ip', '-j', ...args];
  return JSON.parse(execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8' }) || '[]') as T;
}

function hostLinkExists(name: string): boolean {
  return spawnSync('ip', ['link', 'show', 'dev', name], { stdio: 'ignore' }).status === 0;
}

before(() => {
  base = mkdtempSync(path.join(tmpdir(), 'berth-test-rtnl-'));
  nsPath = path.join(base, 'ns');
  createNetworkNamespace(nsPath);
  host = RtNetlink.open();
  ns = RtNetlink.open(nsPath);
});

after(() => {
  ns?.close();
  host?.close();
  // The veth goes first (its deletion takes the peer along), then the bridge, then the namespace.
  for (const name of [vethName, bridgeName]) {
    if (hostLinkExists(name)) execFileSync('ip', ['link', 'del', 'dev', name]);
  }
  if (nsPath) removeNetworkNamespace(nsPath);
  if (base) rmSync(base, { recursive: true, force: true });
});

describe('RtNetlink against the kernel', () => {
  let bridge: number;
  let veth: number;

  test('opening a client for another namespace leaves the thread home', () => {
    assert.equal(readlinkSync('/proc/thread-self/ns/net'), home);
    assert.deepEqual(ns.listLinks().map((l) => l.name), ['lo']);
  });

  test('bridge with an address, up', () => {
    bridge = host.createBridge(bridgeName, { mtu: 1450 });
    host.addAddress(bridge, `${bridgeIp}/24`);
    host.setUp(bridge);
    const link = host.linkByName(bridgeName);
    assert.deepEqual(link && { ...link, mac: '' }, { index: bridge, name: bridgeName, kind: 'bridge', mac: '', up: true, mtu: 1450 });
    assert.ok(host.listAddresses().some((a) => a.index === bridge && a.address === bridgeIp && a.prefixLength === 24));
    assert.ok(host.listRoutes().some((r) => r.dst === `${subnet}.0` && r.prefixLength === 24 && r.oif === bridge && !r.gateway));

    const [addr] = ipJson<Array<{ addr_info: Array<Record<string, unknown>> }>>(['addr', 'show', 'dev', bridgeName]);
    assert.deepEqual(addr!.addr_info.filter((a) => a.family === 'inet').map((a) => [a.local, a.prefixlen, a.broadcast]),
      [[bridgeIp, 24, `${subnet}.255`]]);
    const [l] = ipJson(['-d', 'link', 'show', 'dev', bridgeName]);
    assert.equal((l!.linkinfo as { info_kind: string }).info_kind, 'bridge');
    assert.ok((l!.flags as string[]).includes('UP'));
  });

  test('veth whose peer is created inside the namespace as eth0 with our MAC', () => {
    veth = host.createVethPair({ name: vethName, peerName: 'eth0', peerNetnsPath: nsPath, mtu: 1450, peerMac, up: true });
    host.setMaster(veth, bridge);
    host.setHairpin(veth, true);

    const hostSide = host.linkByName(vethName);
    assert.equal(hostSide?.kind, 'veth');
    assert.equal(hostSide?.masterIndex, bridge);
    assert.equal(hostSide?.up, true);
    assert.equal(host.linkByName('eth0')?.mac === peerMac, false); // the peer is not on the host

    const [l] = ipJson(['-d', 'link', 'show', 'dev', vethName]);
    assert.equal(l!.master, bridgeName);
    assert.equal(l!.mtu, 1450);
    const slave = (l!.linkinfo as { info_slave_kind: string; info_slave_data: { hairpin: boolean } });
    assert.equal(slave.info_slave_kind, 'bridge');
    assert.equal(slave.info_slave_data.hairpin, true);
  });

  test('inside the namespace: address, lo and eth0 up, default route', () => {
    const eth0 = ns.linkByName('eth0');
    assert.ok(eth0);
    assert.equal(eth0.mac, peerMac);
    assert.equal(eth0.mtu, 1450);
    ns.addAddress(eth0.index, `${containerIp}/24`);
    ns.setUp(eth0.index);
    ns.setUp(ns.linkByName('lo')!.index);
    ns.addRoute({ gateway: bridgeIp });

    assert.deepEqual(ns.listLinks().map((l) => [l.name, l.up]), [['lo', true], ['eth0', true]]);
    assert.deepEqual(ns.listAddresses().map((a) => [a.address, a.prefixLength]), [['127.0.0.1', 8], [containerIp, 24]]);
    assert.deepEqual(ns.listRoutes(), [
      { dst: '0.0.0.0', prefixLength: 0, gateway: bridgeIp, oif: eth0.index },
      { dst: `${subnet}.0`, prefixLength: 24, oif: eth0.index },
    ]);

    const links = ipJson(['link', 'show'], true);
    assert.deepEqual(links.map((l) => [l.ifname, l.address, (l.flags as string[]).includes('UP')]),
      [['lo', '00:00:00:00:00:00', true], ['eth0', peerMac, true]]);
    const routes = ipJson(['route', 'show'], true);
    assert.deepEqual(routes.find((r) => r.dst === 'default'), { dst: 'default', gateway: bridgeIp, dev: 'eth0', flags: [] });
    const [eth] = ipJson<Array<{ addr_info: Array<Record<string, unknown>> }>>(['addr', 'show', 'dev', 'eth0'], true);
    assert.deepEqual(eth!.addr_info.filter((a) => a.family === 'inet').map((a) => [a.local, a.prefixlen, a.broadcast]),
      [[containerIp, 24, `${subnet}.255`]]);
  });

  test('real traffic: the namespace pings the bridge, the host pings the namespace', () => {
    const out = spawnSync('nsenter', [`--net=${nsPath}`, 'busybox', 'ping', '-c1', '-W1', bridgeIp], { encoding: 'utf8' });
    assert.equal(out.status, 0, out.stdout + out.stderr);
    assert.match(out.stdout, /1 packets received/);
    const back = spawnSync('busybox', ['ping', '-c1', '-W1', containerIp], { encoding: 'utf8' });
    assert.equal(back.status, 0, back.stdout + back.stderr);
    // lo is up in the namespace
    assert.equal(spawnSync('nsenter', [`--net=${nsPath}`, 'busybox', 'ping', '-c1', '-W1', '127.0.0.1'], { stdio: 'ignore' }).status, 0);
  });

  test('errors carry the errno name', () => {
    assert.throws(() => host.createBridge(bridgeName), (e: unknown) => SysError.is(e, 'EEXIST') && e.message.includes(bridgeName));
    const missing = Math.max(...host.listLinks().map((l) => l.index)) + 1000;
    assert.throws(() => host.deleteLink(missing), (e: unknown) => SysError.is(e, 'ENODEV'));
    assert.throws(() => ns.addAddress(ns.linkByName('eth0')!.index, `${containerIp}/24`), (e: unknown) => SysError.is(e, 'EEXIST'));
    assert.throws(() => ns.addRoute({ gateway: bridgeIp }), (e: unknown) => SysError.is(e, 'EEXIST'));
    assert.throws(() => ns.addRoute({ dst: '10.1.2.3/16', index: 1 }), (e: unknown) => SysError.is(e, 'EINVAL'));
    assert.equal(host.linkByName(`nx${tag}`), undefined);
  });

  test('down, release, and delete leave nothing behind', () => {
    host.setDown(veth);
    assert.equal(host.linkByName(vethName)?.up, false);
    host.setMaster(veth, 0);
    assert.equal(host.linkByName(vethName)?.masterIndex, undefined);
    host.deleteLink(veth);
    assert.deepEqual(ns.listLinks().map((l) => l.name), ['lo']); // the peer went with it
    host.deleteLink(bridge);
    assert.equal(hostLinkExists(vethName), false);
    assert.equal(hostLinkExists(bridgeName), false);
    assert.equal(ipJson(['link', 'show']).some((l) => String(l.ifname).includes(tag)), false);
    assert.equal(host.listRoutes().some((r) => r.dst === `${subnet}.0`), false);

    ns.close();
    removeNetworkNamespace(nsPath);
    assert.equal(isNetworkNamespaceMount(nsPath), false);
    assert.equal(existsSync(nsPath), false);
    assert.equal(readlinkSync('/proc/thread-self/ns/net'), home);
  });
});
