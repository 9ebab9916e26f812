import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  canonicalName,
  DnsRcode,
  DnsType,
  ednsUdpSize,
  encodeDnsFailure,
  encodeDnsResponse,
  parseDnsMessage,
  readName,
  withMessageId,
  type DnsMessage,
} from './dns-message.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// captured from `busybox nslookup web.example 127.0.0.2` (A, then AAAA) and `-type=ptr 5.0.17.172.in-addr.arpa`
const BUSYBOX_A = hex('b562 0100 0001 0000 0000 0000 03776562 076578616d706c65 00 0001 0001');
const BUSYBOX_AAAA = hex('527f 0100 0001 0000 0000 0000 03776562 076578616d706c65 00 001c 0001');
const BUSYBOX_PTR = hex('7a40 0100 0001 0000 0000 0000 0135 0130 023137 03313732 07696e2d61646472 0461727061 00 000c 0001');
// by hand from RFC 1035 / RFC 6891: "example.com A", RD+AD, with an OPT record (udp 1232) carrying a cookie option
const EDNS_QUERY = hex(`1234 0120 0001 0000 0000 0001 076578616d706c65 03636f6d 00 0001 0001
  00 0029 04d0 00000000 000c 000a 0008 0123456789abcdef`);

function parsed(buf: Buffer): DnsMessage {
  const r = parseDnsMessage(buf);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.message;
}

test('parses a query from a real resolver client', () => {
  const m = parsed(BUSYBOX_A);
  assert.deepEqual(m.header, { id: 0xb562, qr: false, opcode: 0, aa: false, tc: false, rd: true, ra: false, ad: false, cd: false, rcode: 0 });
  assert.deepEqual(m.questions, [{ name: 'web.example', type: DnsType.A, class: 1 }]);
  assert.deepEqual([m.answers, m.authorities, m.additionals], [[], [], []]);
  assert.equal(parsed(BUSYBOX_AAAA).questions[0]!.type, DnsType.AAAA);
  assert.deepEqual(parsed(BUSYBOX_PTR).questions, [{ name: '5.0.17.172.in-addr.arpa', type: DnsType.PTR, class: 1 }]);
});

test('tolerates an EDNS OPT record in the additional section', () => {
  const m = parsed(EDNS_QUERY);
  assert.equal(m.header.ad, true);
  assert.equal(m.additionals.length, 1);
  assert.equal(m.additionals[0]!.type, DnsType.OPT);
  assert.deepEqual(m.additionals[0]!.data, hex('000a 0008 0123456789abcdef'));
  assert.equal(ednsUdpSize(m), 1232);
  assert.equal(ednsUdpSize(parsed(BUSYBOX_A)), undefined);
});

test('encodes A answers byte for byte, compressing the owner name to the question', () => {
  const out = encodeDnsResponse(parsed(BUSYBOX_A), {
    rcode: DnsRcode.NOERROR,
    authoritative: true,
    answers: [
      { kind: 'A', name: 'web.example', ttl: 600, ipv4: '172.17.0.5' },
      { kind: 'A', name: 'WEB.example', ttl: 600, ipv4: '172.17.0.6' },
    ],
  });
  assert.equal(
    out.toString('hex'),
    hex(`b562 8580 0001 0002 0000 0000 03776562 076578616d706c65 00 0001 0001
      c00c 0001 0001 00000258 0004 ac110005
      c00c 0001 0001 00000258 0004 ac110006`).toString('hex'),
  );
  const back = parsed(out);
  assert.deepEqual(
    back.answers.map((a) => [a.name, a.type, a.ttl, [...a.data].join('.')]),
    [
      ['web.example', 1, 600, '172.17.0.5'],
      ['web.example', 1, 600, '172.17.0.6'],
    ],
  );
});

test('compresses a shared suffix only', () => {
  const out = encodeDnsResponse(parsed(BUSYBOX_A), {
    rcode: 0,
    answers: [{ kind: 'A', name: 'x.web.example', ttl: 1, ipv4: '1.2.3.4' }],
  });
  assert.equal(out.subarray(29).toString('hex'), hex('0178 c00c 0001 0001 00000001 0004 01020304').toString('hex'));
  assert.equal(parsed(out).answers[0]!.name, 'x.web.example');
});

test('encodes a PTR answer with the target name in rdata', () => {
  const out = encodeDnsResponse(parsed(BUSYBOX_PTR), {
    rcode: 0,
    authoritative: true,
    answers: [{ kind: 'PTR', name: '5.0.17.172.in-addr.arpa', ttl: 600, target: 'web.mynet' }],
  });
  const question = BUSYBOX_PTR.subarray(12).toString('hex');
  assert.equal(out.toString('hex'), `7a40 8580 0001 0001 0000 0000 ${question} c00c 000c 0001 00000258 000b 03776562 056d796e6574 00`.replace(/ /g, ''));
  const answer = parsed(out).answers[0]!;
  assert.equal(readName(out, answer.dataOffset).name, 'web.mynet');
});

test('encodes empty NOERROR, NXDOMAIN and SERVFAIL, echoing the question and keeping RD', () => {
  const question = BUSYBOX_AAAA.subarray(12).toString('hex');
  const cases: [number, string][] = [
    [DnsRcode.NOERROR, '8180'],
    [DnsRcode.NXDOMAIN, '8183'],
    [DnsRcode.SERVFAIL, '8182'],
  ];
  for (const [rcode, flags] of cases) {
    assert.equal(encodeDnsResponse(parsed(BUSYBOX_AAAA), { rcode }).toString('hex'), `527f${flags}0001000000000000${question}`);
  }
  const noRd = Buffer.from(BUSYBOX_AAAA);
  noRd[2] = 0;
  assert.equal(encodeDnsResponse(parsed(noRd), { rcode: 0 }).readUInt16BE(2), 0x8080);
});

test('REFUSED keeps the opcode of a non-QUERY message', () => {
  const status = Buffer.from(BUSYBOX_A);
  status.writeUInt16BE(0x1100, 2); // opcode 2 (STATUS), RD
  const out = encodeDnsResponse(parsed(status), { rcode: DnsRcode.REFUSED });
  assert.equal(out.readUInt16BE(2), 0x9185);
  assert.deepEqual(parsed(out).questions, parsed(BUSYBOX_A).questions);
});

test('header-only FORMERR', () => {
  assert.equal(encodeDnsFailure(0xb562, DnsRcode.FORMERR).toString('hex'), 'b562808100000000' + '00000000');
  assert.equal(encodeDnsFailure(1, DnsRcode.FORMERR, { opcode: 0, rd: true }).readUInt16BE(2), 0x8181);
});

test('adds an OPT record when asked, and truncates with TC when too large', () => {
  const q = parsed(EDNS_QUERY);
  const withOpt = encodeDnsResponse(q, { rcode: 0, ednsUdpSize: 1232 });
  assert.equal(withOpt.subarray(-11).toString('hex'), '00002904d0000000000000');
  assert.equal(withOpt.readUInt16BE(10), 1);
  const answers = Array.from({ length: 40 }, (_, i) => ({ kind: 'A' as const, name: 'example.com', ttl: 600, ipv4: `10.0.0.${i}` }));
  const full = encodeDnsResponse(q, { rcode: 0, answers });
  assert.equal(full.length, 29 + 40 * 16);
  const cut = encodeDnsResponse(q, { rcode: 0, answers, maxSize: 512, ednsUdpSize: 1232 });
  const m = parsed(cut);
  assert.equal(m.header.tc, true);
  assert.equal(m.answers.length, 0);
  assert.equal(m.additionals.length, 1);
  assert.equal(m.questions.length, 1);
  assert.equal(parsed(encodeDnsResponse(q, { rcode: 0, answers, maxSize: 1232 })).header.tc, false);
});

test('rejects malformed messages but reports the id when it has one', () => {
  const base = BUSYBOX_A.subarray(0, 12);
  const cases: [string, Buffer, number | undefined][] = [
    ['empty', Buffer.alloc(0), undefined],
    ['one byte', hex('ab'), undefined],
    ['only an id', hex('abcd'), 0xabcd],
    ['short header', hex('abcd0100'), 0xabcd],
    ['question missing', base, 0xb562],
    ['question cut short', BUSYBOX_A.subarray(0, BUSYBOX_A.length - 1), 0xb562],
    ['pointer to itself', Buffer.concat([base, hex('c00c 0001 0001')]), 0xb562],
    ['pointer forwards', Buffer.concat([base, hex('c00e 0000 0001 0001')]), 0xb562],
    ['extended label type', Buffer.concat([base, hex('4101 00 0001 0001')]), 0xb562],
    ['label past the end', Buffer.concat([base, hex('0a6162 00')]), 0xb562],
    ['name longer than 255', Buffer.concat([base, Buffer.from('3f'.padEnd(128, '61').repeat(5), 'hex'), hex('00 0001 0001')]), 0xb562],
    ['rdata past the end', Buffer.concat([hex('b562 8180 0000 0001 0000 0000'), hex('00 0001 0001 00000001 0004 0102')]), 0xb562],
  ];
  for (const [name, buf, id] of cases) {
    const r = parseDnsMessage(buf);
    assert.equal(r.ok, false, name);
    if (!r.ok) assert.equal(r.id, id, name);
  }
  const response = parseDnsMessage(hex('abcd8180'));
  assert.ok(!response.ok && response.qr === true);
});

test('names round-trip with escaped dots, and compare case-insensitively', () => {
  const odd = Buffer.concat([BUSYBOX_A.subarray(0, 12), hex('03612e62 015c 00 0001 0001')]); // labels "a.b" and "\"
  const m = parsed(odd);
  assert.equal(m.questions[0]!.name, 'a\\.b.\\\\');
  assert.deepEqual(encodeDnsResponse(m, { rcode: 0 }).subarray(12), odd.subarray(12));
  assert.equal(canonicalName('Web.EXAMPLE.'), 'web.example');
  assert.equal(canonicalName('a\\.'), 'a\\.');
  assert.equal(canonicalName('.'), '');
  assert.equal(canonicalName('ÀB'), 'Àb');
});

test('withMessageId copies', () => {
  const copy = withMessageId(BUSYBOX_A, 7);
  assert.equal(copy.readUInt16BE(0), 7);
  assert.equal(BUSYBOX_A.readUInt16BE(0), 0xb562);
});

test('fuzz: random and mutated input never throws', () => {
  for (let i = 0; i < 20_000; i++) {
    const buf = i % 2 === 0 ? randomBytes(i % 97) : Buffer.from(EDNS_QUERY);
    if (i % 2 === 1) for (let k = 0; k < 1 + (i % 5); k++) buf[(i * 7 + k * 13) % buf.length] = (i * 31 + k) & 0xff;
    const r = parseDnsMessage(buf);
    if (r.ok && r.message.questions.length > 0) encodeDnsResponse(r.message, { rcode: 0 });
  }
});
