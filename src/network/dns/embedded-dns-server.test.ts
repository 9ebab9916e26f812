import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { test, type TestContext } from 'node:test';
import { promisify } from 'node:util';
import { DnsRcode, DnsType, parseDnsMessage, readName, type DnsMessage } from './dns-message.js';
import { EmbeddedDnsServer, type DnsRecords } from './embedded-dns-server.js';
import { frameTcpMessage, TcpFrameReader } from './tcp-frame-reader.js';
import { FakeDnsUpstream, type FakeDnsUpstreamOptions } from './testing/fake-dns-upstream.js';

const records: DnsRecords = {
  lookup: (name) =>
    ({ web: ['172.18.0.2'], 'web.mynet': ['172.18.0.2'], db: ['172.18.0.3', '172.18.0.4'], '0123456789ab': ['172.18.0.2'], empty: [] })[name],
  reverse: (ip) => (ip === '172.18.0.2' ? 'web.mynet' : undefined),
};

/** A query as a stub resolver sends it, optionally with an EDNS OPT record. */
function query(name: string, type: number, o: { id?: number; edns?: number; flags?: number } = {}): Buffer {
  const labels = name === '' ? [] : name.split('.');
  const qname = Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.of(l.length), Buffer.from(l)])), Buffer.of(0)]);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(o.id ?? 0x4242, 0);
  header.writeUInt16BE(o.flags ?? 0x0100, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(o.edns === undefined ? 0 : 1, 10);
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(type, 0);
  tail.writeUInt16BE(1, 2);
  const opt = Buffer.alloc(o.edns === undefined ? 0 : 11);
  if (o.edns !== undefined) {
    opt.writeUInt16BE(DnsType.OPT, 1);
    opt.writeUInt16BE(o.edns, 3);
  }
  return Buffer.concat([header, qname, tail, opt]);
}

function askUdp(port: number, message: Buffer, o: { host?: string; timeoutMs?: number } = {}): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    const done = (r: Buffer | undefined) => {
      clearTimeout(timer);
      s.close();
      resolve(r);
    };
    const timer = setTimeout(() => done(undefined), o.timeoutMs ?? 3000);
    s.on('message', (m) => done(m));
    s.send(message, port, o.host ?? '127.0.0.1');
  });
}

function askTcp(port: number, messages: Buffer[], want = messages.length): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    const reader = new TcpFrameReader();
    const got: Buffer[] = [];
    s.on('connect', () => s.write(Buffer.concat(messages.map(frameTcpMessage))));
    s.on('data', (c) => {
      got.push(...reader.push(c));
      if (got.length >= want) s.end();
    });
    s.on('close', () => resolve(got));
    s.on('error', reject);
    s.setTimeout(3000, () => s.destroy());
  });
}

function decode(m: Buffer | undefined): DnsMessage {
  assert.ok(m, 'no answer');
  const r = parseDnsMessage(m);
  assert.ok(r.ok);
  return r.message;
}

/** A fake upstream closed when the test ends, pass or fail (an open socket would keep the runner alive). */
async function fakeUpstream(t: TestContext, o: FakeDnsUpstreamOptions): Promise<FakeDnsUpstream> {
  const upstream = await FakeDnsUpstream.start(o);
  t.after(() => upstream.close());
  return upstream;
}

const ipv4s = (m: DnsMessage) => m.answers.filter((a) => a.type === DnsType.A).map((a) => [...a.data].join('.'));

async function withServer(
  o: { upstreams?: () => string[]; timeoutMs?: number; records?: DnsRecords; address?: string; port?: number },
  body: (server: EmbeddedDnsServer) => Promise<void>,
): Promise<void> {
  const server = await EmbeddedDnsServer.start({
    address: o.address ?? '127.0.0.1',
    port: o.port ?? 0,
    records: o.records ?? records,
    upstreams: o.upstreams ?? (() => []),
    timeoutMs: o.timeoutMs ?? 2000,
  });
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

test('own names: A from records, case-insensitive, trailing dot ignored; never asks upstream', async (t) => {
  const upstream = await fakeUpstream(t, { zone: { web: ['9.9.9.9'] } });
  await withServer({ upstreams: () => [upstream.address] }, async (server) => {
    const a = decode(await askUdp(server.port, query('WeB', DnsType.A, { id: 7 })));
    assert.equal(a.header.id, 7);
    assert.equal(a.header.rcode, DnsRcode.NOERROR);
    assert.ok(a.header.qr && a.header.aa && a.header.ra && a.header.rd);
    assert.deepEqual(a.questions, [{ name: 'WeB', type: DnsType.A, class: 1 }]);
    assert.deepEqual(ipv4s(a), ['172.18.0.2']);
    assert.equal(a.answers[0]!.ttl, 600);
    assert.deepEqual(ipv4s(decode(await askUdp(server.port, query('db', DnsType.A)))), ['172.18.0.3', '172.18.0.4']);
    assert.deepEqual(ipv4s(decode(await askUdp(server.port, query('0123456789AB', DnsType.A)))), ['172.18.0.2']);

    const aaaa = decode(await askUdp(server.port, query('web', DnsType.AAAA)));
    assert.equal(aaaa.header.rcode, DnsRcode.NOERROR);
    assert.equal(aaaa.answers.length, 0);
    const empty = decode(await askUdp(server.port, query('empty', DnsType.A)));
    assert.deepEqual([empty.header.rcode, empty.answers.length], [DnsRcode.NOERROR, 0]);

    const ptrBytes = await askUdp(server.port, query('2.0.18.172.in-addr.arpa', DnsType.PTR));
    const ptr = decode(ptrBytes);
    assert.equal(ptr.answers.length, 1);
    assert.equal(readName(ptrBytes!, ptr.answers[0]!.dataOffset).name, 'web.mynet');

    const [overTcp] = await askTcp(server.port, [query('web.mynet', DnsType.A)]);
    assert.deepEqual(ipv4s(decode(overTcp)), ['172.18.0.2']);

    // a real stub resolver (c-ares, as Node ships it)
    const resolver = new Resolver({ timeout: 1000, tries: 1 });
    resolver.setServers([`127.0.0.1:${server.port}`]);
    assert.deepEqual(await resolver.resolve4('web.'), ['172.18.0.2']);
    assert.deepEqual((await resolver.resolve4('db', { ttl: true })).map((r) => r.ttl), [600, 600]);
    assert.deepEqual(await resolver.reverse('172.18.0.2'), ['web.mynet']);
  });
  assert.deepEqual(upstream.seen, []);
});

test('large own answers are truncated over UDP for the client size and complete over TCP', async () => {
  const many: DnsRecords = { lookup: (n) => (n === 'svc' ? Array.from({ length: 60 }, (_, i) => `10.1.0.${i}`) : undefined) };
  await withServer({ records: many }, async (server) => {
    const udp = decode(await askUdp(server.port, query('svc', DnsType.A)));
    assert.deepEqual([udp.header.tc, udp.answers.length], [true, 0]);
    const edns = decode(await askUdp(server.port, query('svc', DnsType.A, { edns: 4096 })));
    assert.deepEqual([edns.header.tc, edns.answers.length, edns.additionals[0]?.type], [false, 60, DnsType.OPT]);
    const [tcp] = await askTcp(server.port, [query('svc', DnsType.A)]);
    assert.equal(decode(tcp).answers.length, 60);
  });
});

test('forwards other names over UDP and relays the answer unchanged except the id', async (t) => {
  const upstream = await fakeUpstream(t, { zone: { 'example.com': ['93.184.216.34'] } });
  let reads = 0;
  await withServer({ upstreams: () => (reads++, ['not-an-ip', upstream.address]) }, async (server) => {
    const reply = await askUdp(server.port, query('Example.COM', DnsType.A, { id: 0xbeef }));
    assert.ok(reply);
    assert.equal(reply.readUInt16BE(0), 0xbeef);
    assert.equal(upstream.sent.length, 1);
    assert.deepEqual(reply.subarray(2), upstream.sent[0]!.subarray(2));
    assert.deepEqual(ipv4s(decode(reply)), ['93.184.216.34']);
    assert.equal(decode(reply).header.aa, false);
    assert.deepEqual(upstream.seen.map((q) => [q.transport, q.name]), [['udp', 'Example.COM']]);

    const nx = decode(await askUdp(server.port, query('nowhere.example', DnsType.A)));
    assert.equal(nx.header.rcode, DnsRcode.NXDOMAIN);
    // a PTR for an ip we do not know is not ours either
    assert.equal(decode(await askUdp(server.port, query('9.0.18.172.in-addr.arpa', DnsType.PTR))).header.rcode, DnsRcode.NXDOMAIN);
    assert.equal(reads, 3);
  });
});

test('forwards over TCP when the client asked over TCP', async (t) => {
  const upstream = await fakeUpstream(t, { zone: { 'example.com': ['93.184.216.34'] } });
  await withServer({ upstreams: () => [upstream.address] }, async (server) => {
    const replies = await askTcp(server.port, [query('example.com', DnsType.A, { id: 1 }), query('web', DnsType.A, { id: 2 })]);
    const byId = new Map(replies.map((r) => [r.readUInt16BE(0), decode(r)]));
    assert.deepEqual(ipv4s(byId.get(1)!), ['93.184.216.34']);
    assert.deepEqual(ipv4s(byId.get(2)!), ['172.18.0.2']);
    assert.deepEqual(upstream.seen.map((q) => q.transport), ['tcp']);
    assert.deepEqual(replies.find((r) => r.readUInt16BE(0) === 1)!.subarray(2), upstream.sent[0]!.subarray(2));
  });
});

test('a truncated UDP answer is retried over TCP and relayed when it fits the client', async (t) => {
  const big = Array.from({ length: 50 }, (_, i) => `10.2.0.${i}`);
  const upstream = await fakeUpstream(t, { zone: { 'big.example': big, 'small.example': ['1.1.1.1'] }, udp: 'truncate' });
  await withServer({ upstreams: () => [upstream.address] }, async (server) => {
    const small = decode(await askUdp(server.port, query('small.example', DnsType.A)));
    assert.deepEqual([small.header.tc, ipv4s(small)], [false, ['1.1.1.1']]);
    assert.deepEqual(upstream.seen.map((q) => q.transport), ['udp', 'tcp']);

    const fits = decode(await askUdp(server.port, query('big.example', DnsType.A, { edns: 1232 })));
    assert.deepEqual([fits.header.tc, ipv4s(fits).length], [false, 50]);
    // 50 answers do not fit in 512 bytes: the client keeps the TC answer and must come back over TCP
    const tooBig = decode(await askUdp(server.port, query('big.example', DnsType.A)));
    assert.deepEqual([tooBig.header.tc, tooBig.answers.length], [true, 0]);
    const [overTcp] = await askTcp(server.port, [query('big.example', DnsType.A)]);
    assert.equal(ipv4s(decode(overTcp)).length, 50);
  });
});

test('a silent or failing upstream is skipped after the timeout; all failing gives SERVFAIL', async (t) => {
  const silent = await fakeUpstream(t, { zone: {}, udp: 'silent', tcp: 'silent' });
  const failing = await fakeUpstream(t, { zone: { 'example.com': ['6.6.6.6'] }, udp: 'servfail', tcp: 'servfail' });
  const good = await fakeUpstream(t, { zone: { 'example.com': ['93.184.216.34'] } });
  let list = [silent.address, failing.address, good.address];
  await withServer({ upstreams: () => list, timeoutMs: 200 }, async (server) => {
    const started = Date.now();
    const reply = decode(await askUdp(server.port, query('example.com', DnsType.A)));
    assert.deepEqual(ipv4s(reply), ['93.184.216.34']);
    assert.ok(Date.now() - started >= 190, 'waited for the silent upstream');
    assert.deepEqual([silent.seen.length, failing.seen.length, good.seen.length], [1, 1, 1]);

    list = [silent.address, failing.address];
    const fail = decode(await askUdp(server.port, query('example.com', DnsType.A, { id: 99 })));
    assert.deepEqual([fail.header.id, fail.header.rcode, fail.questions[0]!.name], [99, DnsRcode.SERVFAIL, 'example.com']);
    const [tcpFail] = await askTcp(server.port, [query('example.com', DnsType.A)]);
    assert.equal(decode(tcpFail).header.rcode, DnsRcode.SERVFAIL);

    // pointing back at ourselves would loop; it is skipped rather than timed out
    list = [`127.0.0.1:${server.port}`];
    const t0 = Date.now();
    assert.equal(decode(await askUdp(server.port, query('example.com', DnsType.A))).header.rcode, DnsRcode.SERVFAIL);
    assert.ok(Date.now() - t0 < 150);
  });
});

test('many queries in flight at once each get their own answer', async (t) => {
  const zone: Record<string, string[]> = {};
  for (let i = 0; i < 300; i++) zone[`host${i}.example`] = [`10.3.${i >> 8}.${i & 255}`];
  const upstream = await fakeUpstream(t, { zone, delayMs: (name) => (name.length * 37) % 50 });
  await withServer({ upstreams: () => [upstream.address] }, async (server) => {
    // in waves: a burst of hundreds of datagrams would overflow the kernel's socket buffer (a real client retries)
    const wave = (i: number) => new Promise((r) => setTimeout(r, Math.floor(i / 50) * 10));
    const replies = await Promise.all(
      Object.keys(zone).map(async (name, i) => {
        await wave(i);
        return askUdp(server.port, query(name, DnsType.A, { id: i }));
      }),
    );
    replies.forEach((r, i) => {
      const m = decode(r);
      assert.equal(m.header.id, i);
      assert.deepEqual(ipv4s(m), zone[`host${i}.example`]);
    });
    // forwards carry fresh random ids, not the client's (i for host<i>)
    const kept = upstream.seen.filter((q) => q.id === Number(/^host(\d+)\./.exec(q.name)![1]));
    assert.ok(kept.length < 5, `${kept.length} forwards kept the client's id`);
    assert.ok(upstream.maxInFlight > 50, `only ${upstream.maxInFlight} in flight at once`);
  });
});

test('malformed input: FORMERR when there is an id, silence otherwise, REFUSED for other opcodes', async () => {
  await withServer({}, async (server) => {
    const formerr = decode(await askUdp(server.port, Buffer.from([0xab, 0xcd, 0x01])));
    assert.deepEqual([formerr.header.id, formerr.header.rcode, formerr.header.qr], [0xabcd, DnsRcode.FORMERR, true]);
    assert.equal(await askUdp(server.port, Buffer.from([0xab]), { timeoutMs: 200 }), undefined);
    // something that claims to be a response is never answered
    assert.equal(await askUdp(server.port, query('web', DnsType.A, { flags: 0x8180 }), { timeoutMs: 200 }), undefined);
    assert.equal(await askUdp(server.port, Buffer.from([0xab, 0xcd, 0x81]), { timeoutMs: 200 }), undefined);

    const two = query('web', DnsType.A);
    two.writeUInt16BE(2, 4);
    assert.equal(decode(await askUdp(server.port, two)).header.rcode, DnsRcode.FORMERR);
    const notify = decode(await askUdp(server.port, query('web', DnsType.SOA, { flags: 0x2000 })));
    assert.deepEqual([notify.header.opcode, notify.header.rcode, notify.questions.length], [4, DnsRcode.REFUSED, 1]);

    const [tcpFormerr] = await askTcp(server.port, [Buffer.from([0x12, 0x34, 0x00, 0x00])]);
    assert.deepEqual([decode(tcpFormerr).header.id, decode(tcpFormerr).header.rcode], [0x1234, DnsRcode.FORMERR]);
  });
});

test('fuzz: random and mutated datagrams and streams never crash the server', async (t) => {
  const upstream = await fakeUpstream(t, { zone: { 'example.com': ['93.184.216.34'] } });
  await withServer({ upstreams: () => [upstream.address], timeoutMs: 100 }, async (server) => {
    const sender = dgram.createSocket('udp4');
    sender.on('message', () => {});
    const valid = query('example.com', DnsType.A, { edns: 1232 });
    for (let i = 0; i < 3000; i++) {
      const m = i % 2 === 0 ? randomBytes(i % 120) : Buffer.from(valid);
      if (i % 2 === 1) for (let k = 0; k <= i % 4; k++) m[(i * 11 + k * 5) % m.length] = (i * 29 + k) & 0xff;
      sender.send(m, server.port, '127.0.0.1');
    }
    for (let i = 0; i < 20; i++) {
      const s = net.connect(server.port, '127.0.0.1');
      s.on('error', () => {});
      s.on('data', () => {});
      s.on('connect', () => s.end(randomBytes(1 + i * 50)));
    }
    await new Promise((r) => setTimeout(r, 300));
    sender.close();
    assert.deepEqual(ipv4s(decode(await askUdp(server.port, query('web', DnsType.A)))), ['172.18.0.2']);
    assert.deepEqual(ipv4s(decode(await askUdp(server.port, query('example.com', DnsType.A)))), ['93.184.216.34']);
  });
});

test('a throwing record source costs SERVFAIL, not the server', async () => {
  const broken: DnsRecords = {
    lookup: (n) => {
      if (n === 'boom') throw new Error('boom');
      return n === 'bad' ? ['not-an-ip'] : undefined;
    },
  };
  await withServer({ records: broken }, async (server) => {
    assert.equal(decode(await askUdp(server.port, query('boom', DnsType.A))).header.rcode, DnsRcode.SERVFAIL);
    assert.equal(decode(await askUdp(server.port, query('bad', DnsType.A))).header.rcode, DnsRcode.SERVFAIL);
  });
});

const handles = () => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'PipeWrap');

test('close() ends pending forwards and frees every socket and timer', async (t) => {
  const silent = await fakeUpstream(t, { zone: {}, udp: 'silent', tcp: 'silent' });
  await new Promise((r) => setTimeout(r, 50));
  const before = handles();
  const server = await EmbeddedDnsServer.start({ address: '127.0.0.1', port: 0, records, upstreams: () => [silent.address], timeoutMs: 60_000 });
  t.after(() => server.close());
  const client = dgram.createSocket('udp4');
  client.send(query('example.com', DnsType.A), server.port, '127.0.0.1');
  const tcpClient = net.connect(server.port, '127.0.0.1');
  t.after(() => tcpClient.destroy());
  tcpClient.on('error', () => {});
  await new Promise((r) => tcpClient.on('connect', r));
  tcpClient.write(frameTcpMessage(query('example.org', DnsType.A)));
  while (silent.seen.length < 2) await new Promise((r) => setTimeout(r, 10));
  const started = Date.now();
  await server.close();
  assert.ok(Date.now() - started < 1000);
  await new Promise((r) => tcpClient.on('close', r));
  await new Promise<void>((r) => client.close(r));
  // handles of closed sockets linger until their close callbacks ran; a leaked one never goes
  for (let i = 0; i < 50 && handles().sort().join() !== before.sort().join(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(handles().sort(), before.sort());
  await server.close(); // idempotent

  // both listeners are really gone: the port binds again
  const again = await EmbeddedDnsServer.start({ address: '127.0.0.1', port: server.port, records, upstreams: () => [] });
  t.after(() => again.close());
  assert.equal(again.port, server.port);
});

test('start() reports a taken port as unavailable and rejects a non-IP address', async () => {
  await withServer({}, async (server) => {
    await assert.rejects(EmbeddedDnsServer.start({ address: '127.0.0.1', port: server.port, records, upstreams: () => [] }), { code: 'unavailable' });
  });
  await assert.rejects(EmbeddedDnsServer.start({ address: 'gateway', records, upstreams: () => [] }), { code: 'invalid_argument' });
});

const busybox = '/usr/bin/busybox';
const canBindPort53 = process.getuid?.() === 0 && existsSync(busybox);

test('end to end with busybox nslookup on 127.0.0.2:53', { skip: !canBindPort53 && 'needs root and busybox' }, async (t) => {
  const upstream = await fakeUpstream(t, { zone: { 'example.com': ['93.184.216.34'] } });
  await withServer({ address: '127.0.0.2', port: 53, upstreams: () => [upstream.address] }, async (server) => {
    assert.equal(server.port, 53);
    const run = (...args: string[]) => promisify(execFile)(busybox, ['nslookup', ...args, '127.0.0.2'], { timeout: 10_000 });
    const own = await run('db');
    assert.match(own.stdout, /Name:\s+db\s+Address: 172\.18\.0\.3/);
    assert.match(own.stdout, /Address: 172\.18\.0\.4/);
    const forwarded = await run('example.com');
    assert.match(forwarded.stdout, /Name:\s+example\.com\s+Address: 93\.184\.216\.34/);
    const reverse = await run('172.18.0.2');
    assert.match(reverse.stdout, /2\.0\.18\.172\.in-addr\.arpa\s+name = web\.mynet/);
    await assert.rejects(run('nowhere.example'), (err: { stdout: string }) => /NXDOMAIN/.test(err.stdout));
  });
});
