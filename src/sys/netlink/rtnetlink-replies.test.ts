import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesAttr, encodeAttrs, encodeMessage, ifInfoMsg, nestedAttr, parseMessages, stringAttr, u32Attr } from './netlink-message.js';
import { decodeAddress, decodeLink, decodeRoute } from './rtnetlink-replies.js';
import { addressDump, linkDump, routeDump } from './rtnetlink-fixtures.js';
import { IFLA, IFLA_INFO, NLA_F_NESTED, RTM } from './rtnetlink-constants.js';

test('links from a real dump: name, kind, mac, up, mtu', () => {
  const links = parseMessages(linkDump).map((m) => decodeLink(m.payload));
  assert.deepEqual(links, [
    { index: 1, name: 'lo', mac: '00:00:00:00:00:00', up: false, mtu: 65536 },
    { index: 2, name: 'bnt0', kind: 'bridge', mac: 'b6:7a:3b:c2:9b:63', up: true, mtu: 1500 },
  ]);
});

test('a port: master index and a flagged-nested IFLA_LINKINFO', () => {
  const [m] = parseMessages(encodeMessage({ type: RTM.NEWLINK, flags: 0, seq: 1 }, ifInfoMsg({ index: 7, flags: 0x1043 }), [
    stringAttr(IFLA.IFNAME, 'vethab'), u32Attr(IFLA.MTU, 1400), u32Attr(IFLA.MASTER, 3),
    bytesAttr(IFLA.ADDRESS, Uint8Array.of(2, 0x42, 10, 0x58, 0, 2)),
    nestedAttr(IFLA.LINKINFO | NLA_F_NESTED, [bytesAttr(IFLA_INFO.KIND, Buffer.from('veth\0'))]),
  ]));
  assert.deepEqual(decodeLink(m!.payload), { index: 7, name: 'vethab', kind: 'veth', masterIndex: 3, mac: '02:42:0a:58:00:02', up: true, mtu: 1400 });
  // A link without a hardware address (a tun, say) has mac ''.
  assert.equal(decodeLink(Buffer.concat([ifInfoMsg({ index: 8 }), encodeAttrs([stringAttr(IFLA.IFNAME, 'tun0')])])).mac, '');
});

test('routes from a real dump: only IPv4 unicast of the main table', () => {
  const routes = parseMessages(routeDump).flatMap((m) => decodeRoute(m.payload) ?? []);
  assert.deepEqual(routes, [
    { dst: '0.0.0.0', prefixLength: 0, gateway: '10.88.0.9', oif: 2 },
    { dst: '10.88.0.0', prefixLength: 16, oif: 2 },
  ]);
});

test('addresses from a real dump', () => {
  assert.deepEqual(parseMessages(addressDump).map((m) => decodeAddress(m.payload)), [{ index: 2, address: '10.88.0.1', prefixLength: 16 }]);
});
