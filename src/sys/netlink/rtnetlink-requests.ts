import { ipv4Broadcast, parseIpv4, parseIpv4Cidr } from './ipv4-cidr.js';
import { parseMac } from './mac-address.js';
import {
  bytesAttr, ifAddrMsg, ifInfoMsg, type NetlinkAttr, nestedAttr, rtMsg, stringAttr, u32Attr, u8Attr,
} from './netlink-message.js';
import {
  AF, IFA, IFF, IFLA, IFLA_BRPORT, IFLA_INFO, NLA_F_NESTED, NLM_F, RT_SCOPE, RT_TABLE_MAIN, RTA, RTM, RTN, RTPROT,
  VETH_INFO,
} from './rtnetlink-constants.js';

/**
 * One rtnetlink request, before the socket adds NLM_F_REQUEST|NLM_F_ACK and a sequence number.
 * `what` names the operation in errors. Built by the pure functions below, so the exact bytes
 * RtNetlink sends are unit-tested against what iproute2 sends for the same operation.
 */
export interface RtRequest {
  what: string;
  type: number;
  flags: number;
  body: Uint8Array;
  attrs: NetlinkAttr[];
}

const CREATE = NLM_F.CREATE | NLM_F.EXCL;

export function getLinkRequest(name: string): RtRequest {
  return { what: `get link ${name}`, type: RTM.GETLINK, flags: 0, body: ifInfoMsg(), attrs: [stringAttr(IFLA.IFNAME, name)] };
}

export function newBridgeRequest(name: string, opts: { mtu?: number; mac?: string } = {}): RtRequest {
  return {
    what: `create bridge ${name}`, type: RTM.NEWLINK, flags: CREATE, body: ifInfoMsg(),
    attrs: [...linkAttrs(name, opts), nestedAttr(IFLA.LINKINFO, [kindAttr('bridge')])],
  };
}

export interface VethOptions {
  name: string;
  peerName: string;
  /** An open fd of the peer's network namespace; absent = the requester's namespace. */
  peerNetnsFd?: number;
  masterIndex?: number;
  /** Both ends. */
  mtu?: number;
  peerMac?: string;
  /**
   * The host side only: the kernel opens the peer before the pair is linked, so an up peer fails
   * with ENOTCONN. Bring the peer up afterwards from its own namespace.
   */
  up?: boolean;
}

export function newVethRequest(o: VethOptions): RtRequest {
  const flags = o.up ? { flags: IFF.UP, change: IFF.UP } : {};
  // The kernel takes the peer's namespace from the peer's own attributes.
  const peer = linkAttrs(o.peerName, { mtu: o.mtu, mac: o.peerMac, netnsFd: o.peerNetnsFd });
  const attrs = linkAttrs(o.name, { mtu: o.mtu, master: o.masterIndex });
  attrs.push(nestedAttr(IFLA.LINKINFO, [
    kindAttr('veth'),
    // VETH_INFO_PEER is not a plain nest: an ifinfomsg for the peer comes before its attributes.
    nestedAttr(IFLA_INFO.DATA, [nestedAttr(VETH_INFO.PEER, peer, ifInfoMsg())]),
  ]));
  return { what: `create veth ${o.name} (peer ${o.peerName})`, type: RTM.NEWLINK, flags: CREATE, body: ifInfoMsg(flags), attrs };
}

/** Brings a link up or down (IFF_UP only; other flags stay as they are). */
export function setLinkUpRequest(index: number, up: boolean): RtRequest {
  return {
    what: `set link ${index} ${up ? 'up' : 'down'}`, type: RTM.NEWLINK, flags: 0,
    body: ifInfoMsg({ index, flags: up ? IFF.UP : 0, change: IFF.UP }), attrs: [],
  };
}

export function setMasterRequest(index: number, masterIndex: number): RtRequest {
  return {
    what: `set link ${index} master ${masterIndex}`, type: RTM.NEWLINK, flags: 0,
    body: ifInfoMsg({ index }), attrs: [u32Attr(IFLA.MASTER, masterIndex)],
  };
}

export function setHairpinRequest(index: number, on: boolean): RtRequest {
  // An AF_BRIDGE message reaches the bridge driver, which reads IFLA_PROTINFO as port options
  // only when it is flagged nested (otherwise as a bare port state).
  return {
    what: `set hairpin ${on ? 'on' : 'off'} on port ${index}`, type: RTM.SETLINK, flags: 0,
    body: ifInfoMsg({ family: AF.BRIDGE, index }),
    attrs: [nestedAttr(IFLA.PROTINFO | NLA_F_NESTED, [u8Attr(IFLA_BRPORT.MODE, on ? 1 : 0)])],
  };
}

/** As `ip addr add <cidr> broadcast + dev <index>`: local, address and (below /31) broadcast. */
export function newAddressRequest(index: number, cidr: string): RtRequest {
  const c = parseIpv4Cidr(cidr);
  const attrs = [bytesAttr(IFA.LOCAL, c.address), bytesAttr(IFA.ADDRESS, c.address)];
  if (c.prefixLength < 31) attrs.push(bytesAttr(IFA.BROADCAST, ipv4Broadcast(c)));
  return {
    what: `add address ${cidr} to link ${index}`, type: RTM.NEWADDR, flags: CREATE,
    body: ifAddrMsg({ family: AF.INET, prefixLength: c.prefixLength, scope: RT_SCOPE.UNIVERSE, index }), attrs,
  };
}

export interface RouteOptions {
  /** CIDR with the host bits clear (the kernel refuses others with EINVAL); default 0.0.0.0/0. */
  dst?: string;
  gateway?: string;
  /** Output link. */
  index?: number;
}

/** An IPv4 unicast route in the main table; without a gateway it is link-scoped (on-link). */
export function newRouteRequest(o: RouteOptions): RtRequest {
  const dst = parseIpv4Cidr(o.dst ?? '0.0.0.0/0');
  const attrs: NetlinkAttr[] = [];
  if (dst.prefixLength > 0) attrs.push(bytesAttr(RTA.DST, dst.address));
  if (o.gateway !== undefined) attrs.push(bytesAttr(RTA.GATEWAY, parseIpv4(o.gateway)));
  if (o.index !== undefined) attrs.push(u32Attr(RTA.OIF, o.index));
  const body = rtMsg({
    family: AF.INET, dstLength: dst.prefixLength, table: RT_TABLE_MAIN, protocol: RTPROT.BOOT,
    scope: o.gateway === undefined ? RT_SCOPE.LINK : RT_SCOPE.UNIVERSE, type: RTN.UNICAST,
  });
  const via = o.gateway === undefined ? '' : ` via ${o.gateway}`;
  const dev = o.index === undefined ? '' : ` dev ${o.index}`;
  return { what: `add route ${o.dst ?? 'default'}${via}${dev}`, type: RTM.NEWROUTE, flags: CREATE, body, attrs };
}

export function deleteLinkRequest(index: number): RtRequest {
  return { what: `delete link ${index}`, type: RTM.DELLINK, flags: 0, body: ifInfoMsg({ index }), attrs: [] };
}

/** Attributes of a new link or a veth peer, in the order iproute2 sends them (the name last). */
function linkAttrs(name: string, o: { mtu?: number; mac?: string; master?: number; netnsFd?: number }): NetlinkAttr[] {
  const attrs: NetlinkAttr[] = [];
  if (o.mtu !== undefined) attrs.push(u32Attr(IFLA.MTU, o.mtu));
  if (o.mac !== undefined) attrs.push(bytesAttr(IFLA.ADDRESS, parseMac(o.mac)));
  if (o.master !== undefined) attrs.push(u32Attr(IFLA.MASTER, o.master));
  if (o.netnsFd !== undefined) attrs.push(u32Attr(IFLA.NET_NS_FD, o.netnsFd));
  attrs.push(stringAttr(IFLA.IFNAME, name));
  return attrs;
}

/** IFLA_INFO_KIND goes without a NUL, as iproute2 sends it; the kernel accepts both. */
const kindAttr = (kind: string): NetlinkAttr => bytesAttr(IFLA_INFO.KIND, Buffer.from(kind));
