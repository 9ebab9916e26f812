import { formatIpv4 } from './ipv4-cidr.js';
import { formatMac } from './mac-address.js';
import { decodeIfAddrMsg, decodeIfInfoMsg, decodeRtMsg, parseAttrs, readString, readU32 } from './netlink-message.js';
import { AF, IFA, IFF, IFLA, IFLA_INFO, RT_TABLE_MAIN, RTA, RTN } from './rtnetlink-constants.js';

export interface LinkInfo {
  index: number;
  name: string;
  /** IFLA_INFO_KIND: 'bridge', 'veth', …; absent for physical devices and `lo`. */
  kind?: string;
  masterIndex?: number;
  /** Lower-case colon form; '' when the link has no hardware address. */
  mac: string;
  /** Administratively up (IFF_UP), whatever the carrier. */
  up: boolean;
  mtu: number;
}

/** An IPv4 unicast route of the main table. */
export interface RouteInfo {
  dst: string;
  prefixLength: number;
  gateway?: string;
  oif?: number;
}

/** An IPv4 address on a link. */
export interface AddressInfo {
  index: number;
  address: string;
  prefixLength: number;
}

/** A RTM_NEWLINK reply's payload. */
export function decodeLink(payload: Buffer): LinkInfo {
  const m = decodeIfInfoMsg(payload);
  const name = m.attrs.get(IFLA.IFNAME);
  const mac = m.attrs.get(IFLA.ADDRESS);
  const mtu = m.attrs.get(IFLA.MTU);
  const master = m.attrs.get(IFLA.MASTER);
  const linkInfo = m.attrs.get(IFLA.LINKINFO);
  const kind = linkInfo && parseAttrs(linkInfo).get(IFLA_INFO.KIND);
  return {
    index: m.index,
    name: name ? readString(name) : '',
    ...(kind && { kind: readString(kind) }),
    ...(master && { masterIndex: readU32(master) }),
    mac: mac ? formatMac(mac) : '',
    up: (m.flags & IFF.UP) !== 0,
    mtu: mtu ? readU32(mtu) : 0,
  };
}

/** A RTM_NEWROUTE reply's payload; undefined unless it is an IPv4 unicast route of the main table. */
export function decodeRoute(payload: Buffer): RouteInfo | undefined {
  const r = decodeRtMsg(payload);
  // rtm_table holds only 8 bits; RTA_TABLE has the real id.
  const tableAttr = r.attrs.get(RTA.TABLE);
  const table = tableAttr ? readU32(tableAttr) : r.table;
  if (r.family !== AF.INET || table !== RT_TABLE_MAIN || r.type !== RTN.UNICAST) return undefined;
  const dst = r.attrs.get(RTA.DST);
  const gateway = r.attrs.get(RTA.GATEWAY);
  const oif = r.attrs.get(RTA.OIF);
  return {
    dst: dst ? formatIpv4(dst) : '0.0.0.0',
    prefixLength: r.dstLength,
    ...(gateway && { gateway: formatIpv4(gateway) }),
    ...(oif && { oif: readU32(oif) }),
  };
}

/** A RTM_NEWADDR reply's payload; undefined unless IPv4. */
export function decodeAddress(payload: Buffer): AddressInfo | undefined {
  const a = decodeIfAddrMsg(payload);
  // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer's on point-to-point links.
  const address = a.attrs.get(IFA.LOCAL) ?? a.attrs.get(IFA.ADDRESS);
  if (a.family !== AF.INET || !address) return undefined;
  return { index: a.index, address: formatIpv4(address), prefixLength: a.prefixLength };
}
