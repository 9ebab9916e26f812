/**
 * The numbers of the rtnetlink protocol that berth speaks, from the kernel's uapi headers
 * (linux/netlink.h, rtnetlink.h, if_link.h, if_addr.h, veth.h, if_bridge.h, if.h).
 * Only what the codec and RtNetlink use; each group mirrors one C enum or #define set.
 */

/** nlmsghdr.nlmsg_type values shared by every netlink family. */
export const NLMSG = { NOOP: 1, ERROR: 2, DONE: 3, OVERRUN: 4 } as const;

/** nlmsghdr.nlmsg_flags. GET requests use the first set, NEW requests the second. */
export const NLM_F = {
  REQUEST: 0x1, MULTI: 0x2, ACK: 0x4, ECHO: 0x8, DUMP_INTR: 0x10,
  ROOT: 0x100, MATCH: 0x200, DUMP: 0x300,
  REPLACE: 0x100, EXCL: 0x200, CREATE: 0x400, APPEND: 0x800,
  // on NLMSG_ERROR replies
  CAPPED: 0x100, ACK_TLVS: 0x200,
} as const;

/** setsockopt(SOL_NETLINK, …) options. */
export const SOL_NETLINK = 270;
export const NETLINK_OPT = { CAP_ACK: 10, EXT_ACK: 11 } as const;
export const NETLINK_ROUTE = 0;

/** Extended-ack TLVs after an NLMSG_ERROR's echoed header. */
export const NLMSGERR_ATTR = { MSG: 1, OFFS: 2 } as const;

export const NLA_F_NESTED = 0x8000;
export const NLA_F_NET_BYTEORDER = 0x4000;
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

export const RTM = {
  NEWLINK: 16, DELLINK: 17, GETLINK: 18, SETLINK: 19,
  NEWADDR: 20, DELADDR: 21, GETADDR: 22,
  NEWROUTE: 24, DELROUTE: 25, GETROUTE: 26,
} as const;

export const AF = { UNSPEC: 0, INET: 2, BRIDGE: 7, INET6: 10 } as const;

/** struct ifinfomsg attributes. */
export const IFLA = {
  ADDRESS: 1, BROADCAST: 2, IFNAME: 3, MTU: 4, LINK: 5, MASTER: 10, PROTINFO: 12,
  TXQLEN: 13, OPERSTATE: 16, LINKINFO: 18, NET_NS_PID: 19, EXT_MASK: 29, NET_NS_FD: 28,
  LINK_NETNSID: 37,
} as const;

/** Inside IFLA_LINKINFO. */
export const IFLA_INFO = { KIND: 1, DATA: 2, XSTATS: 3, SLAVE_KIND: 4, SLAVE_DATA: 5 } as const;

/** Inside IFLA_INFO_DATA of a veth: the peer, an ifinfomsg followed by its own IFLA_* attributes. */
export const VETH_INFO = { PEER: 1 } as const;

/** Inside IFLA_PROTINFO of an AF_BRIDGE message (bridge port options). */
export const IFLA_BRPORT = { STATE: 1, PRIORITY: 2, COST: 3, MODE: 4, GUARD: 5, PROTECT: 6, FAST_LEAVE: 7, LEARNING: 8 } as const;

/** net_device flags (ifinfomsg.ifi_flags). */
export const IFF = { UP: 0x1, BROADCAST: 0x2, LOOPBACK: 0x8, RUNNING: 0x40, LOWER_UP: 0x10000 } as const;

/** struct ifaddrmsg attributes. */
export const IFA = { ADDRESS: 1, LOCAL: 2, LABEL: 3, BROADCAST: 4, CACHEINFO: 6, FLAGS: 8 } as const;

/** struct rtmsg attributes. */
export const RTA = { DST: 1, SRC: 2, IIF: 3, OIF: 4, GATEWAY: 5, PRIORITY: 6, PREFSRC: 7, TABLE: 15 } as const;

export const RT_TABLE_MAIN = 254;
export const RTPROT = { KERNEL: 2, BOOT: 3, STATIC: 4 } as const;
export const RT_SCOPE = { UNIVERSE: 0, LINK: 253, HOST: 254 } as const;
export const RTN = { UNICAST: 1, LOCAL: 2, BROADCAST: 3 } as const;
