import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeMessage } from './netlink-message.js';
import { NLM_F } from './rtnetlink-constants.js';
import {
  deleteLinkRequest, getLinkRequest, newAddressRequest, newBridgeRequest, newRouteRequest, newVethRequest,
  type RtRequest, setHairpinRequest, setLinkUpRequest, setMasterRequest,
} from './rtnetlink-requests.js';

// Each fixture is the message iproute2 6.1 sent for the command beside it (strace -e write=3 on
// x86-64). Our request, given iproute2's sequence number, must produce the same bytes.
const cases: Array<[string, RtRequest, string]> = [
  ['ip link add bnt0 mtu 1400 address 02:42:0a:00:00:01 type bridge',
    newBridgeRequest('bnt0', { mtu: 1400, mac: '02:42:0a:00:00:01' }), `
    50000000 10000506 e88b036b 00000000 00000000 00000000 00000000 00000000 08000400 78050000 0a000100 02420a00
    00010000 09000300 626e7430 00000000 10001200 0a000100 62726964 67650000`],
  ['ip link add vh0 mtu 1400 master bnt0 up type veth peer mtu 1400 address 02:42:0a:58:00:02 name eth0 netns /tmp/capns',
    newVethRequest({ name: 'vh0', peerName: 'eth0', mtu: 1400, masterIndex: 2, up: true, peerMac: '02:42:0a:58:00:02', peerNetnsFd: 4 }), `
    84000000 10000506 ca8c036b 00000000 00000000 00000000 01000000 01000000 08000400 78050000 08000a00 02000000
    08000300 76683000 4c001200 08000100 76657468 40000200 3c000100 00000000 00000000 00000000 00000000 08000400
    78050000 0a000100 02420a58 00020000 08001c00 04000000 09000300 65746830 00000000`],
  ['ip link add vh1 type veth peer name eth1', newVethRequest({ name: 'vh1', peerName: 'eth1' }), `
    58000000 10000506 ca8c036b 00000000 00000000 00000000 00000000 00000000 08000300 76683100 30001200 08000100
    76657468 24000200 20000100 00000000 00000000 00000000 00000000 09000300 65746831 00000000`],
  ['ip link set bnt0 up', setLinkUpRequest(2, true), '20000000 10000500 ca8c036b 00000000 00000000 02000000 01000000 01000000'],
  ['ip link set bnt0 down', setLinkUpRequest(2, false), '20000000 10000500 ca8c036b 00000000 00000000 02000000 00000000 01000000'],
  ['ip link set vh1 master bnt0', setMasterRequest(5, 2),
    '28000000 10000500 ca8c036b 00000000 00000000 05000000 00000000 00000000 08000a00 02000000'],
  ['bridge link set dev vh0 hairpin on', setHairpinRequest(4, true),
    '2c000000 13000500 ca8c036b 00000000 07000000 04000000 00000000 00000000 0c000c80 05000400 01000000'],
  ['bridge link set dev vh1 hairpin off', setHairpinRequest(5, false),
    '2c000000 13000500 ca8c036b 00000000 07000000 05000000 00000000 00000000 0c000c80 05000400 00000000'],
  ['ip addr add 10.88.0.1/16 broadcast + dev bnt0', newAddressRequest(2, '10.88.0.1/16'), `
    30000000 14000506 ca8c036b 00000000 02100000 02000000 08000200 0a580001 08000100 0a580001 08000400 0a58ffff`],
  ['ip addr add 10.77.0.1/31 dev bnt0', newAddressRequest(2, '10.77.0.1/31'),
    '28000000 14000506 ca8c036b 00000000 021f0000 02000000 08000200 0a4d0001 08000100 0a4d0001'],
  ['ip route add 10.1.0.0/16 dev bnt0', newRouteRequest({ dst: '10.1.0.0/16', index: 2 }),
    '2c000000 18000506 ca8c036b 00000000 02100000 fe03fd01 00000000 08000100 0a010000 08000400 02000000'],
  ['ip route add 10.2.0.0/16 via 10.88.0.9 dev bnt0', newRouteRequest({ dst: '10.2.0.0/16', gateway: '10.88.0.9', index: 2 }),
    '34000000 18000506 ca8c036b 00000000 02100000 fe030001 00000000 08000100 0a020000 08000500 0a580009 08000400 02000000'],
  ['ip route add default via 10.88.0.1', newRouteRequest({ gateway: '10.88.0.1' }),
    '24000000 18000506 ca8c036b 00000000 02000000 fe030001 00000000 08000500 0a580001'],
  ['ip link del vh1', deleteLinkRequest(5), '20000000 11000500 ca8c036b 00000000 00000000 05000000 00000000 00000000'],
];

for (const [command, request, expected] of cases) {
  test(`same bytes as: ${command}`, () => {
    const want = Buffer.from(expected.replace(/\s+/g, ''), 'hex');
    const seq = want.readUInt32LE(8);
    const got = encodeMessage({ type: request.type, flags: NLM_F.REQUEST | NLM_F.ACK | request.flags, seq }, request.body, request.attrs);
    assert.equal(got.toString('hex'), want.toString('hex'));
  });
}

test('get link by name (iproute2 adds IFLA_EXT_MASK; we need only the name)', () => {
  const r = getLinkRequest('vh0');
  const got = encodeMessage({ type: r.type, flags: NLM_F.REQUEST | NLM_F.ACK | r.flags, seq: 1 }, r.body, r.attrs);
  assert.equal(got.toString('hex'), '28000000120005000100000000000000' + '00000000000000000000000000000000' + '0800030076683000');
});

test('bad input is refused before anything is sent', () => {
  assert.throws(() => newAddressRequest(2, '10.88.0.1/33'), RangeError);
  assert.throws(() => newAddressRequest(2, '10.88.0/16'), RangeError);
  assert.throws(() => newRouteRequest({ gateway: '10.88.0.256' }), RangeError);
  assert.throws(() => newBridgeRequest('b', { mac: '02:42:0a:00:00' }), RangeError);
});
