import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { createSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { get } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseDaemonArgs } from '../../src/daemon/daemon-config.js';
import { FakeDnsUpstream } from '../../src/network/dns/testing/fake-dns-upstream.js';
import { BerthDaemon, REPO_ROOT } from '../harness/berthd-harness.js';
import { importBusybox } from '../harness/busybox-image.js';
import { dockerRunner } from './docker-runner.js';

let d: BerthDaemon;
const docker = dockerRunner(() => d);

before(async () => {
  d = await BerthDaemon.start();
  await importBusybox(d);
});
after(async () => {
  await d?.[Symbol.asyncDispose]();
});

function chains(): { prefix: string; bridge: string } {
  const c = parseDaemonArgs(['--data-root', d.dataRoot]);
  if (c === 'help') throw new Error('unreachable');
  return { prefix: c.firewallChainPrefix, bridge: c.defaultBridge };
}

function ourRules(): string[] {
  const { prefix } = chains();
  return execFileSync('iptables-save').toString().split('\n').filter((l) => l.includes(prefix));
}

function links(): { ifname: string; master?: string }[] {
  return JSON.parse(execFileSync('ip', ['-j', 'link', 'show']).toString());
}

/** The veths on `bridge`, once the count settles at `want` (the kernel removes a namespace's veths in the background). */
async function vethsOn(bridge: string, want: number): Promise<string[]> {
  let found: string[] = [];
  for (let i = 0; i < 30; i++) {
    found = links().filter((l) => l.master === bridge).map((l) => l.ifname);
    if (found.length === want) break;
    await sleep(100);
  }
  return found;
}

/** GET over HTTP from the host; resolves with the body or rejects. */
function httpGet(url: string, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
  });
}

async function hostAddress(): Promise<string> {
  const routes = JSON.parse(execFileSync('ip', ['-j', '-4', 'addr', 'show', 'scope', 'global']).toString()) as { ifname: string; addr_info: { local: string }[] }[];
  const { bridge } = chains();
  const own = routes.find((r) => !r.ifname.startsWith('bt') && r.ifname !== bridge && !r.ifname.startsWith('docker') && !r.ifname.startsWith('cni') && r.addr_info.length);
  assert.ok(own, 'the host has a global IPv4 address');
  return own.addr_info[0]!.local;
}

/** Waits until `url` answers (httpd inside a just-started container). */
async function waitHttp(url: string): Promise<string> {
  let last: unknown;
  for (let i = 0; i < 50; i++) {
    try {
      return await httpGet(url, 1000);
    } catch (err) {
      last = err;
      await sleep(100);
    }
  }
  throw last;
}

describe('networks', () => {
  test('predefined networks and a default bridge of our own that collides with no host route', async () => {
    const names = (await docker.ok(['network', 'ls', '--format', '{{.Name}} {{.Driver}}'])).split('\n').sort();
    assert.deepEqual(names, ['bridge bridge', 'host host', 'none null']);
    const bridge = JSON.parse(await docker.ok(['network', 'inspect', 'bridge']))[0];
    const { bridge: dev } = chains();
    assert.equal(bridge.Options['com.docker.network.bridge.name'], dev);
    assert.ok(links().some((l) => l.ifname === dev), 'the bridge device exists');
    const mac = (links() as { ifname: string; address?: string }[]).find((l) => l.ifname === dev)?.address;
    assert.match(mac ?? '', /^02:[0-9a-f]{2}(:[0-9a-f]{2}){4}$/, 'a fixed locally administered MAC, not a port\'s');
    const subnet = bridge.IPAM.Config[0].Subnet as string;
    const otherRoutes = JSON.parse(execFileSync('ip', ['-j', 'route']).toString()) as { dst: string; dev: string }[];
    assert.ok(!otherRoutes.some((r) => r.dev !== dev && r.dst === subnet), `${subnet} is not routed elsewhere`);
    assert.notEqual(dev, 'docker0');
  });

  test('create with subnet, gateway, ip-range, labels; inspect; errors; rm; prune', async () => {
    const id = await docker.ok(['network', 'create', '--subnet', '10.123.0.0/16', '--gateway', '10.123.0.254', '--ip-range', '10.123.5.0/24', '--label', 'team=a', 'n-one']);
    assert.match(id, /^[0-9a-f]{64}$/);
    const n = JSON.parse(await docker.ok(['network', 'inspect', 'n-one']))[0];
    assert.deepEqual(n.IPAM.Config, [{ Subnet: '10.123.0.0/16', Gateway: '10.123.0.254', IPRange: '10.123.5.0/24' }]);
    assert.deepEqual(n.Labels, { team: 'a' });
    assert.equal(n.Driver, 'bridge');
    const ip = await docker.ok(['run', '--rm', '--network', 'n-one', 'busybox', 'sh', '-c', "ip -4 -o addr show eth0 | awk '{print $4}'; ip route | grep default"]);
    assert.match(ip, /^10\.123\.5\.\d+\/16\ndefault via 10\.123\.0\.254 dev eth0/);

    assert.match((await docker.fails(1, ['network', 'create', 'n-one'])).stderr, /already exists/);
    assert.match((await docker.fails(1, ['network', 'create', '--subnet', '10.123.7.0/24', 'n-overlap'])).stderr, /overlaps/);
    assert.match((await docker.fails(1, ['network', 'create', '--subnet', '10.1.2.3/16', 'n-bad'])).stderr, /invalid subnet/);
    assert.match((await docker.fails(1, ['network', 'rm', 'bridge'])).stderr, /pre-defined network/);
    assert.match((await docker.fails(1, ['network', 'inspect', 'nosuch'])).stderr, /not found/);
    assert.equal((await d.api('GET', '/networks/nosuch')).status, 404);
    assert.equal((await d.api('POST', '/networks/create', { Name: 'n-one' })).status, 409);

    const unknown = await docker.fails(125, ['run', '--rm', '--network', 'nosuch', 'busybox', 'true']);
    assert.match(unknown.stderr, /network nosuch not found/);
    assert.doesNotMatch(unknown.stderr, /Unable to find image/, 'no pull attempt for a missing network');
    for (const [body, status] of [[{ Name: '' }, 400], [{ Name: 'x', Driver: 'overlay' }, 400], [{ Name: 'x', IPAM: { Config: [{ Subnet: 'garbage' }] } }, 400],
      [{ Name: 'x', IPAM: { Config: [{ Subnet: '10.126.0.0/24', Gateway: '10.127.0.1' }] } }, 400], [{ Name: 'host' }, 403], ['{not json', 400]] as const) {
      assert.equal((await d.api('POST', '/networks/create', body)).status, status, JSON.stringify(body));
    }
    // A device of the host that is no bridge is refused and left alone; an existing bridge is used, and kept at rm.
    const dummy = `btd${process.pid % 100000}`;
    const own = `btb${process.pid % 100000}`;
    execFileSync('sh', ['-c', `ip link add ${dummy} type veth peer name ${dummy}p && ip link add ${own} type bridge`]);
    try {
      const hijack = await d.api('POST', '/networks/create', { Name: 'x', Options: { 'com.docker.network.bridge.name': dummy } });
      assert.equal(hijack.status, 409, `a host device that is no bridge is refused: ${hijack.text}`);
      assert.match(hijack.body.message, /is not a bridge/);
      assert.ok(links().some((l) => l.ifname === dummy), 'and it is still there');
      await docker.ok(['network', 'create', '--subnet', '10.128.0.0/24', '-o', `com.docker.network.bridge.name=${own}`, 'adopt']);
      assert.equal(await docker.ok(['run', '--rm', '--network', 'adopt', 'busybox', 'sh', '-c', "ip -4 -o addr show eth0 | awk '{print $4}'"]), '10.128.0.2/24');
      await docker.ok(['network', 'rm', 'adopt']);
      assert.ok(links().some((l) => l.ifname === own), 'an adopted bridge outlives its network');
    } finally {
      execFileSync('sh', ['-c', `ip link del ${dummy}; ip link del ${own}; true`]);
    }
    assert.equal((await d.api('POST', '/networks/n-one/connect', { Container: 'nosuch' })).status, 404);
    assert.equal((await d.api('POST', '/networks/nosuch/connect', { Container: 'x' })).status, 404);
    await docker.ok(['run', '-d', '--name', 'n-user', '--network', 'n-one', 'busybox', 'sleep', '60']);
    assert.equal((await d.api('POST', '/networks/bridge/disconnect', { Container: 'n-user' })).status, 400, 'not connected');
    assert.equal((await d.api('DELETE', '/networks/n-one')).status, 409, 'in use');
    await docker.ok(['rm', '-f', 'n-user']);
    await docker.ok(['network', 'rm', 'n-one']);
    await docker.ok(['network', 'create', '-o', 'com.docker.network.driver.mtu=1400', '-o', 'com.docker.network.bridge.enable_ip_masquerade=false', 'n-opts']);
    assert.equal(await docker.ok(['run', '--rm', '--network', 'n-opts', 'busybox', 'cat', '/sys/class/net/eth0/mtu']), '1400');
    const optsSubnet = JSON.parse(await docker.ok(['network', 'inspect', 'n-opts']))[0].IPAM.Config[0].Subnet;
    assert.ok(!ourRules().some((r) => r.includes(`-s ${optsSubnet} ! -o`)), 'no masquerading when it is turned off');
    assert.equal((await d.api('POST', '/networks/create', { Name: 'bad-mtu', Options: { 'com.docker.network.driver.mtu': 'big' } })).status, 400);
    await docker.ok(['network', 'rm', 'n-opts']);
    await docker.ok(['network', 'create', 'n-prune']);
    assert.match(await docker.ok(['network', 'prune', '-f']), /n-prune/);
    await docker.ok(['network', 'create', 'n-sys-prune']);
    assert.match(await docker.ok(['system', 'prune', '-f']), /Deleted Networks:\nn-sys-prune/);
    assert.deepEqual((await docker.ok(['network', 'ls', '-q', '--filter', 'type=custom'])), '');
  });

  test('containers on a user network reach each other by name, alias and short id; the default bridge has no names', async () => {
    await docker.ok(['network', 'create', 'app']);
    const web = await docker.ok(['run', '-d', '--name', 'web', '--network', 'app', '--network-alias', 'www', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc']);
    const script = `cat /etc/resolv.conf; for n in web www ${web.slice(0, 12)}; do wget -qO- http://$n/hostname || echo FAIL $n; done; nslookup nosuch-name-xyz >/dev/null 2>&1 || echo NXDOMAIN`;
    const out = await docker.ok(['run', '--rm', '--network', 'app', 'busybox', 'sh', '-c', script]);
    const gw = JSON.parse(await docker.ok(['network', 'inspect', 'app']))[0].IPAM.Config[0].Gateway;
    assert.match(out, new RegExp(`^nameserver ${gw.replace(/\./g, '\\.')}\n`));
    assert.equal(out.split('\n').filter((l) => l === web.slice(0, 12)).length, 3, out);
    assert.match(out, /NXDOMAIN/);
    // Other names go to the host's resolvers (when the host itself can resolve one).
    // A container's own --dns servers are where the embedded server forwards its queries.
    const own = await FakeDnsUpstream.start({ zone: { 'only-upstream.test': ['10.9.8.7'] }, host: '127.0.0.3', port: 53 });
    try {
      const viaOwn = await docker.ok(['run', '--rm', '--network', 'app', '--dns', '127.0.0.3', 'busybox', 'sh', '-c', 'cat /etc/resolv.conf; nslookup only-upstream.test']);
      assert.match(viaOwn, new RegExp(`^nameserver ${gw.replace(/\./g, '\\.')}$`, 'm'), 'still the embedded server in resolv.conf');
      assert.match(viaOwn, /Address: 10\.9\.8\.7/);
      const viaHost = await d.docker(['run', '--rm', '--network', 'app', 'busybox', 'nslookup', 'only-upstream.test']);
      assert.doesNotMatch(viaHost.stdout, /10\.9\.8\.7/, 'without --dns the host resolvers are asked');
    } finally {
      await own.close();
    }
    const hostResolves = await lookup('deb.debian.org').then(() => true, () => false);
    if (hostResolves) assert.match(await docker.ok(['run', '--rm', '--network', 'app', 'busybox', 'nslookup', 'deb.debian.org']), /Name:\s+deb\.debian\.org/);
    const onDefault = await d.docker(['run', '--rm', 'busybox', 'sh', '-c', 'nslookup web >/dev/null 2>&1 && echo RESOLVED || echo NONAME']);
    assert.match(onDefault.stdout, /NONAME/);
    await docker.ok(['run', '-d', '--name', 'plain', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc']);
    const plainId = (await docker.ok(['inspect', '-f', '{{.Id}}', 'plain'])).slice(0, 12);
    assert.equal(await docker.ok(['run', '--rm', '--link', 'plain:pl', 'busybox', 'wget', '-qO-', 'http://pl/hostname']), plainId, '--link on the default bridge');
    assert.equal(await docker.ok(['ps', '-q', '--filter', 'network=app']), web.slice(0, 12));
    await docker.ok(['rm', '-f', 'plain']);
    const inspect = JSON.parse(await docker.ok(['inspect', 'web']))[0];
    assert.deepEqual(inspect.NetworkSettings.Networks.app.Aliases, ['www']);
    assert.match(inspect.NetworkSettings.Networks.app.IPAddress, /^\d+\.\d+\.\d+\.\d+$/);
    await docker.ok(['rm', '-f', 'web']);
  });

  test('a published port answers on the host (0.0.0.0 and 127.0.0.1) and from other containers; rules go with the container', async () => {
    const host = await hostAddress();
    await docker.ok(['run', '-d', '--name', 'pub', '-p', '18080:80', '-p', '127.0.0.1:18081:80', '-p', '18090-18091:90-91', '-P', '--expose', '81', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc']);
    const id = (await docker.ok(['inspect', '-f', '{{.Id}}', 'pub'])).slice(0, 12);
    assert.equal(await waitHttp('http://127.0.0.1:18080/hostname'), `${id}\n`);
    assert.equal(await httpGet(`http://${host}:18080/hostname`), `${id}\n`);
    assert.equal(await httpGet('http://127.0.0.1:18081/hostname'), `${id}\n`);
    await assert.rejects(httpGet(`http://${host}:18081/hostname`, 1000), 'the 127.0.0.1 binding is not on other addresses');
    const fromContainer = await docker.ok(['run', '--rm', 'busybox', 'wget', '-qO-', `http://${host}:18080/hostname`]);
    assert.equal(fromContainer, id);
    assert.equal(await docker.ok(['exec', 'pub', 'wget', '-qO-', `http://${host}:18080/hostname`]), id, 'hairpin: a container reaches its own published port');
    await docker.ok(['network', 'create', 'other']);
    assert.equal(await docker.ok(['run', '--rm', '--network', 'other', 'busybox', 'wget', '-qO-', `http://${host}:18080/hostname`]), id);

    const ports = (await docker.ok(['port', 'pub'])).split('\n').sort();
    assert.ok(ports.includes('80/tcp -> 0.0.0.0:18080'), ports.join('\n'));
    assert.ok(ports.includes('80/tcp -> 127.0.0.1:18081'));
    assert.ok(ports.includes('90/tcp -> 0.0.0.0:18090') && ports.includes('91/tcp -> 0.0.0.0:18091'));
    const random = ports.find((p) => p.startsWith('81/tcp -> 0.0.0.0:'));
    assert.ok(random && Number(random.split(':')[1]) >= 32768, 'an EXPOSEd port on an ephemeral host port');
    assert.match(await docker.ok(['ps', '--filter', 'name=pub', '--format', '{{.Ports}}']), /0\.0\.0\.0:18080->80\/tcp/);
    assert.equal(await docker.ok(['ps', '-q', '--filter', 'publish=18080']), id);
    assert.equal(await docker.ok(['ps', '-q', '--filter', 'expose=81']), id);

    assert.match((await docker.fails(125, ['run', '-d', '-p', '18080:80', 'busybox', 'true'])).stderr, /port is already allocated/);
    assert.ok(ourRules().some((r) => r.includes('--dport 18080')));
    await docker.ok(['stop', '-t', '1', 'pub']);
    assert.ok(!ourRules().some((r) => r.includes('--to-destination')), `no DNAT rule once stopped: ${ourRules().join('\n')}`);
    assert.equal(JSON.parse(await docker.ok(['inspect', 'pub']))[0].NetworkSettings.IPAddress, '');
    await docker.ok(['rm', 'pub']);
  });

  test('a published UDP port answers on the host', async () => {
    // busybox has no UDP server applet: a tiny static echo server, built here and bind-mounted in.
    const bin = join(d.base, 'udp-echo');
    execFileSync('gcc', ['-static', '-O2', '-o', bin, join(REPO_ROOT, 'test/fixtures/udp-echo.c')]);
    await docker.ok(['run', '-d', '--name', 'udp', '-v', `${bin}:/udp-echo:ro`, '-p', '127.0.0.1:19000:9000/udp', 'busybox', '/udp-echo', '9000']);
    assert.equal(await docker.ok(['port', 'udp']), '9000/udp -> 127.0.0.1:19000');
    const socket = createSocket('udp4');
    try {
      let answer = '';
      for (let i = 0; i < 20 && !answer; i++) {
        answer = await new Promise<string>((resolve) => {
          const t = setTimeout(() => resolve(''), 200);
          socket.once('message', (m) => { clearTimeout(t); resolve(m.toString()); });
          socket.send('ping', 19000, '127.0.0.1');
        });
      }
      assert.equal(answer, 'echo: ping');
    } finally {
      socket.close();
      await docker.ok(['rm', '-f', 'udp']);
    }
  });

  test('outbound NAT reaches a server beyond the host, seen from the host address', async () => {
    const ns = `bto${process.pid}`;
    const sh = (cmd: string) => execFileSync('sh', ['-c', cmd]).toString();
    sh(`ip netns add ${ns}; ip link add ${ns}h type veth peer name ${ns}p; ip link set ${ns}p netns ${ns};
        ip addr add 10.251.0.1/24 dev ${ns}h; ip link set ${ns}h up;
        ip -n ${ns} addr add 10.251.0.2/24 dev ${ns}p; ip -n ${ns} link set ${ns}p up; ip -n ${ns} link set lo up`);
    let server: ChildProcess | undefined;
    try {
      server = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e',
        "require('http').createServer((q,s)=>s.end('from '+q.socket.remoteAddress)).listen(8000,'10.251.0.2',()=>console.log('up'))"], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise((r) => server!.stdout!.once('data', r));
      const out = await docker.ok(['run', '--rm', 'busybox', 'wget', '-qO-', 'http://10.251.0.2:8000/']);
      assert.equal(out, 'from 10.251.0.1', 'the container is masqueraded behind the host');
      // An --internal network reaches its own containers, and nothing beyond.
      await docker.ok(['network', 'create', '--internal', 'inner']);
      await docker.ok(['run', '-d', '--name', 'inner-web', '--network', 'inner', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc']);
      const id = (await docker.ok(['inspect', '-f', '{{.Id}}', 'inner-web'])).slice(0, 12);
      const inner = await d.docker(['run', '--rm', '--network', 'inner', 'busybox', 'sh', '-c',
        'wget -qO- http://inner-web/hostname; ip route | grep -c default; wget -qO- http://10.251.0.2:8000/ & sleep 2; kill $! 2>/dev/null; echo end']);
      assert.equal(inner.stdout, `${id}\n0\nend\n`, inner.stderr);
      await docker.ok(['rm', '-f', 'inner-web']);
      await docker.ok(['network', 'rm', 'inner']);
    } finally {
      server?.kill();
      sh(`ip link del ${ns}h 2>/dev/null; ip netns del ${ns}`);
    }
  });

  test('--network none has only lo; host shares the host; container:X shares X', async () => {
    assert.equal(await docker.ok(['run', '--rm', '--network', 'none', 'busybox', 'sh', '-c', "ip -o link | awk -F': ' '{print $2}'"]), 'lo');
    const hostLinks = links().map((l) => l.ifname).sort();
    const inHost = (await docker.ok(['run', '--rm', '--network', 'host', 'busybox', 'sh', '-c', "ip -o link | awk -F': ' '{print $2}' | cut -d@ -f1"])).split('\n').sort();
    assert.deepEqual(inHost, hostLinks);
    assert.equal(await docker.ok(['run', '--rm', '--network', 'host', 'busybox', 'hostname']), hostname(), 'named as the host');
    const hostsFile = await docker.ok(['run', '--rm', '--network', 'host', '--add-host', 'extra:10.1.1.1', 'busybox', 'cat', '/etc/hosts']);
    assert.ok(hostsFile.startsWith(readFileSync('/etc/hosts', 'utf8').split('\n').filter((l) => l.trim()).join('\n')), 'the host\'s /etc/hosts');
    assert.match(hostsFile, /^10\.1\.1\.1\textra$/m);
    await docker.ok(['run', '-d', '--name', 'owner', 'busybox', 'sleep', '60']);
    const a = await docker.ok(['exec', 'owner', 'sh', '-c', "ip -4 -o addr show eth0 | awk '{print $4}'"]);
    const b = await docker.ok(['run', '--rm', '--network', 'container:owner', 'busybox', 'sh', '-c', "ip -4 -o addr show eth0 | awk '{print $4}'"]);
    assert.equal(b, a);
    await docker.ok(['rm', '-f', 'owner']);
  });

  test('--ip, --mac-address, --dns, --add-host, --hostname', async () => {
    await docker.ok(['network', 'create', '--subnet', '10.124.0.0/24', 'fixed']);
    const out = await docker.ok(['run', '--rm', '--network', 'fixed', '--ip', '10.124.0.77', '--mac-address', '02:aa:bb:cc:dd:ee', '--add-host', 'db:10.9.9.9',
      '--hostname', 'box', 'busybox', 'sh', '-c', "ip -4 -o addr show eth0 | awk '{print $4}'; cat /sys/class/net/eth0/address; grep -E 'db|box' /etc/hosts"]);
    assert.equal(out, '10.124.0.77/24\n02:aa:bb:cc:dd:ee\n10.9.9.9\tdb\n10.124.0.77\tbox');
    assert.match(await docker.ok(['run', '--rm', '--dns', '10.0.0.53', 'busybox', 'cat', '/etc/resolv.conf']), /^nameserver 10\.0\.0\.53$/m);
    assert.equal(await docker.ok(['run', '--rm', '--dns', '10.0.0.53', '--dns-search', 'a.example', '--dns-option', 'ndots:2', 'busybox', 'cat', '/etc/resolv.conf']),
      'nameserver 10.0.0.53\nsearch a.example\noptions ndots:2');
    const hostMode = await d.docker(['run', '--rm', '--network', 'host', '-p', '80:80', 'busybox', 'true']);
    assert.equal(hostMode.code, 0, hostMode.stderr);
    assert.match(hostMode.stderr, /Published ports are discarded when using host network mode/);
    assert.match((await docker.fails(125, ['run', '--rm', '--ip', '172.30.0.5', 'busybox', 'true'])).stderr, /user defined networks only/);
    await docker.ok(['run', '-d', '--name', 'fixed-a', '--network', 'fixed', '--ip', '10.124.0.80', 'busybox', 'sleep', '60']);
    assert.match((await docker.fails(125, ['run', '--rm', '--network', 'fixed', '--ip', '10.124.0.80', 'busybox', 'true'])).stderr, /already in use/);
    await docker.ok(['rm', '-f', 'fixed-a']);
  });

  test('a container on two networks resolves names on both', async () => {
    await docker.ok(['network', 'create', 'left']);
    await docker.ok(['network', 'create', 'right']);
    await docker.ok(['run', '-d', '--name', 'lefty', '--network', 'left', 'busybox', 'sleep', '60']);
    await docker.ok(['run', '-d', '--name', 'righty', '--network', 'right', 'busybox', 'sleep', '60']);
    await docker.ok(['create', '--name', 'both', '--network', 'left', 'busybox', 'sh', '-c', 'nslookup lefty; nslookup righty']);
    await docker.ok(['network', 'connect', 'right', 'both']);
    await docker.ok(['start', '-a', 'both']).then((out) => {
      const addr = (n: string) => new RegExp(`Name:\\s+${n}\\nAddress: \\d+\\.\\d+\\.\\d+\\.\\d+`);
      assert.match(out, addr('lefty'));
      assert.match(out, addr('righty'));
    });
    await docker.ok(['rm', '-f', 'lefty', 'righty', 'both']);
    await docker.ok(['network', 'rm', 'left', 'right']);
  });

  test('connect and disconnect a running container', async () => {
    await docker.ok(['network', 'create', 'side']);
    await docker.ok(['run', '-d', '--name', 'hop', 'busybox', 'sleep', '60']);
    await docker.ok(['network', 'connect', '--alias', 'hopper', 'side', 'hop']);
    assert.match(await docker.ok(['exec', 'hop', 'ip', '-o', 'link']), /eth1/);
    assert.match(await docker.ok(['run', '--rm', '--network', 'side', 'busybox', 'nslookup', 'hopper']), /Address: \d+\.\d+\.\d+\.\d+/);
    assert.equal((await d.api('POST', '/networks/side/connect', { Container: 'hop' })).status, 403);
    await docker.ok(['network', 'disconnect', 'side', 'hop']);
    assert.doesNotMatch(await docker.ok(['exec', 'hop', 'ip', '-o', 'link']), /eth1/);
    assert.deepEqual(Object.keys(JSON.parse(await docker.ok(['inspect', 'hop']))[0].NetworkSettings.Networks), ['bridge']);
    await docker.ok(['rm', '-f', 'hop']);
  });

  test('kill -9 of berthd: a running container keeps its port; one that ended meanwhile leaves no veth, rule or lease', async () => {
    const host = await hostAddress();
    await docker.ok(['run', '-d', '--name', 'stays', '-p', '18100:80', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc']);
    await docker.ok(['run', '-d', '--name', 'goes', '-p', '18101:80', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc']);
    await waitHttp(`http://${host}:18101/hostname`);
    const goesPid = Number(await docker.ok(['inspect', '-f', '{{.State.Pid}}', 'goes']));
    const goesIp = await docker.ok(['inspect', '-f', '{{.NetworkSettings.IPAddress}}', 'goes']);
    const staysId = await docker.ok(['inspect', '-f', '{{.Id}}', 'stays']);
    await d.crash();
    process.kill(goesPid, 'SIGKILL');
    // As if a crash hit a live `network connect` between the attach and the save: an interface
    // inside the sandbox that no record knows (its address is in no pool).
    execFileSync('nsenter', [`--net=${join(d.execRoot, 'netns', staysId)}`, 'ip', 'link', 'add', 'eth7', 'type', 'veth', 'peer', 'name', 'eth8']);
    await sleep(300);
    await d.boot();
    const inside = await docker.ok(['exec', 'stays', 'ls', '/sys/class/net']);
    assert.deepEqual(inside.split(/\s+/).sort(), ['eth0', 'lo'], 'the unrecorded interface is gone, eth0 stays');
    assert.equal(await waitHttp(`http://${host}:18100/hostname`), `${(await docker.ok(['inspect', '-f', '{{.Id}}', 'stays'])).slice(0, 12)}\n`);
    assert.equal(await docker.ok(['inspect', '-f', '{{.State.Status}}', 'goes']), 'exited');
    const rules = ourRules();
    assert.ok(rules.some((r) => r.includes('--dport 18100')), 'the running one keeps its rule');
    assert.ok(!rules.some((r) => r.includes('--dport 18101')), 'the exited one has none');
    const { bridge } = chains();
    const veths = await vethsOn(bridge, 1);
    assert.equal(veths.length, 1, `one veth left on the bridge: ${veths.join(' ')}`);
    const sandboxes = readdirSync(join(d.execRoot, 'netns'));
    assert.equal(sandboxes.length, 1);
    await docker.ok(['rm', '-f', 'goes']);
    // The lease of the exited container is free again: the pool hands addresses out in order and
    // wraps, so a run of new containers on the bridge would hit a leaked lease as a conflict.
    assert.match(goesIp, /^\d+\.\d+\.\d+\.\d+$/);
    await docker.ok(['rm', '-f', 'stays']);
    assert.deepEqual(await vethsOn(bridge, 0), []);
    assert.ok(!existsSync(join(d.execRoot, 'netns', sandboxes[0]!)));
  });

  test('a graceful stop with nothing running leaves no bridge or rule; the next start brings them back', async () => {
    const { bridge } = chains();
    await d.stop();
    assert.ok(!links().some((l) => l.ifname === bridge), 'no bridge of ours');
    assert.deepEqual(ourRules(), []);
    await d.boot();
    assert.ok(links().some((l) => l.ifname === bridge));
    assert.equal(await docker.ok(['run', '--rm', 'busybox', 'sh', '-c', 'ip -o -4 addr show eth0 | wc -l']), '1');
  });
});
