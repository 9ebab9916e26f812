import { closeSync, openSync } from 'node:fs';
import { SysError } from '../sys-error.js';
import { inNetworkNamespace } from './in-network-namespace.js';
import { ifAddrMsg, ifInfoMsg, type NetlinkMessage, rtMsg } from './netlink-message.js';
import { NetlinkSocket } from './netlink-socket.js';
import {
  type AddressInfo, decodeAddress, decodeLink, decodeRoute, type LinkInfo, type RouteInfo,
} from './rtnetlink-replies.js';
import { AF, NETLINK_ROUTE, RTM } from './rtnetlink-constants.js';
import {
  deleteLinkRequest, getLinkRequest, newAddressRequest, newBridgeRequest, newRouteRequest, newVethRequest,
  type RouteOptions, type RtRequest, setHairpinRequest, setLinkUpRequest, setMasterRequest,
} from './rtnetlink-requests.js';

export type { AddressInfo, LinkInfo, RouteInfo } from './rtnetlink-replies.js';

const ENODEV = 19;

/**
 * An rtnetlink client bound to one network namespace: links, IPv4 addresses and routes, what
 * berth needs to attach a container to a bridge without spawning `ip`.
 *
 * Every call is synchronous: it returns once the kernel has acknowledged (or throws). Failures
 * are SysError with the kernel's errno name as `code` (EEXIST for a taken name or address,
 * ENODEV for a missing link, EPERM without CAP_NET_ADMIN…) and the operation plus the kernel's
 * own explanation, when it gives one, in the message. Link indexes are those of this client's
 * namespace. A client is one socket: open one per job and close it (or `using`).
 */
export class RtNetlink {
  private constructor(private readonly socket: NetlinkSocket) {}

  /**
   * A client for the calling thread's namespace, or for the namespace pinned at `netnsPath`
   * (the thread enters it only for socket() and always returns to its own).
   */
  static open(netnsPath?: string): RtNetlink {
    const open = (): NetlinkSocket => NetlinkSocket.open(NETLINK_ROUTE);
    return new RtNetlink(netnsPath === undefined ? open() : inNetworkNamespace(netnsPath, open));
  }

  close(): void {
    this.socket.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  listLinks(): LinkInfo[] {
    return this.socket.dump('list links', RTM.GETLINK, ifInfoMsg()).map((m) => decodeLink(m.payload));
  }

  linkByName(name: string): LinkInfo | undefined {
    try {
      const [reply] = this.send(getLinkRequest(name));
      return reply && decodeLink(reply.payload);
    } catch (err) {
      if (SysError.is(err, 'ENODEV')) return undefined;
      throw err;
    }
  }

  /** IPv4 unicast routes of the main table. */
  listRoutes(): RouteInfo[] {
    const body = rtMsg({ family: AF.INET, dstLength: 0, table: 0, protocol: 0, scope: 0, type: 0 });
    return this.socket.dump('list routes', RTM.GETROUTE, body).flatMap((m) => decodeRoute(m.payload) ?? []);
  }

  /** IPv4 addresses of every link. */
  listAddresses(): AddressInfo[] {
    const body = ifAddrMsg({ family: AF.INET, prefixLength: 0, index: 0 });
    return this.socket.dump('list addresses', RTM.GETADDR, body).flatMap((m) => decodeAddress(m.payload) ?? []);
  }

  /** Creates a bridge (down, no ports) and returns its index. EEXIST when the name is taken. */
  createBridge(name: string, opts: { mtu?: number; mac?: string } = {}): number {
    this.send(newBridgeRequest(name, opts));
    return this.indexOf(name);
  }

  /**
   * Creates a veth pair and returns the index of the host side (`name`, in this client's
   * namespace). The peer is created directly in the namespace at `peerNetnsPath`, named
   * `peerName` there, so it never shows up on the host under a temporary name. `mtu` applies to
   * both ends; `masterIndex` enslaves the host side as it is created; `up` brings up the host
   * side only (the kernel refuses to open a peer before the pair is linked): bring the peer up
   * with a client of its namespace, which also gives it its address and routes.
   */
  createVethPair(o: {
    name: string; peerName: string; peerNetnsPath?: string; masterIndex?: number;
    mtu?: number; peerMac?: string; up?: boolean;
  }): number {
    const { peerNetnsPath, ...rest } = o;
    const nsFd = peerNetnsPath === undefined ? undefined : openSync(peerNetnsPath, 'r');
    try {
      this.send(newVethRequest(nsFd === undefined ? rest : { ...rest, peerNetnsFd: nsFd }));
    } finally {
      if (nsFd !== undefined) closeSync(nsFd);
    }
    return this.indexOf(o.name);
  }

  setUp(index: number): void {
    this.send(setLinkUpRequest(index, true));
  }

  setDown(index: number): void {
    this.send(setLinkUpRequest(index, false));
  }

  /** Makes `index` a port of the bridge `masterIndex`; 0 releases it. */
  setMaster(index: number, masterIndex: number): void {
    this.send(setMasterRequest(index, masterIndex));
  }

  /** Hairpin mode of a bridge port: frames may leave by the port they came in on. */
  setHairpin(index: number, on: boolean): void {
    this.send(setHairpinRequest(index, on));
  }

  /** Adds an IPv4 address such as "10.88.0.2/16", with its broadcast address. EEXIST if present. */
  addAddress(index: number, cidr: string): void {
    this.send(newAddressRequest(index, cidr));
  }

  /**
   * Adds an IPv4 route to the main table: `dst` (CIDR) defaults to 0.0.0.0/0; give a `gateway`,
   * an output link `index`, or both. EEXIST when the route is already there.
   */
  addRoute(o: RouteOptions): void {
    this.send(newRouteRequest(o));
  }

  /** Deletes a link (both ends of a veth pair go together). ENODEV when there is no such index. */
  deleteLink(index: number): void {
    this.send(deleteLinkRequest(index));
  }

  private send(r: RtRequest): NetlinkMessage[] {
    return this.socket.request(r.what, r.type, r.flags, r.body, r.attrs);
  }

  private indexOf(name: string): number {
    const link = this.linkByName(name);
    // Only a concurrent delete between our create and this lookup gets here.
    if (!link) throw new SysError('rtnetlink', ENODEV, undefined, `link ${name} vanished right after it was created`);
    return link.index;
  }
}
