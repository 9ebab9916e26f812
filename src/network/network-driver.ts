import type { NetworkRecord, PublishedPort } from '../core/network.js';

/** One interface of a container on a bridge network, as the engine decided it. */
export interface EndpointPlan {
  /** Interface name inside the container: eth0, eth1, ... */
  ifName: string;
  ipAddress: string;
  prefixLength: number;
  gateway: string;
  macAddress: string;
  /** The container's default route goes through this endpoint's gateway. */
  defaultRoute: boolean;
}

/**
 * What the engine needs from a network driver (berth's bridge driver: netlink + iptables).
 * Sandboxes are network namespaces bind-mounted on a file, so they exist before the container's
 * process does, outlive a daemon restart with it, and vanish (with their veths) when removed.
 */
export interface NetworkDriver {
  /** Creates the network's host side (bridge, address, firewall), or adopts it after a restart. Idempotent. */
  ensureNetwork(net: NetworkRecord): Promise<void>;
  /** Removes the network's host side (an adopted bridge stays); nothing may be attached any more. */
  removeNetwork(net: NetworkRecord): Promise<void>;
  /** Whether a network device of that name exists on the host (a bridge to adopt, or a clash). */
  deviceExists(name: string): Promise<boolean>;
  /** IPv4 CIDRs routed on the host (new subnets must not overlap them). */
  hostRoutes(): Promise<string[]>;

  /** A fresh network namespace for a container; returns its path. */
  createSandbox(containerId: string): Promise<string>;
  /** Destroys the namespace (and so every veth in it); quiet if it is gone. */
  removeSandbox(containerId: string): Promise<void>;
  /** Container ids that have a sandbox (reconcile removes those that should not). */
  listSandboxes(): Promise<string[]>;

  /** A veth pair from the network's bridge into the sandbox, configured; returns the host end's name. */
  attach(netnsPath: string, net: NetworkRecord, ep: EndpointPlan): Promise<{ hostInterface: string }>;
  /** Removes one interface of a running container (`network disconnect`). */
  detach(netnsPath: string, ifName: string): Promise<void>;

  /** Publishes (replaces) the ports of one container address; an empty list unpublishes. */
  publish(containerId: string, containerIp: string, ports: PublishedPort[]): Promise<void>;
  /**
   * Traffic counters of a container's interface, read from the host end of its veth (whose
   * receive side is the container's transmit side); undefined when the interface is gone.
   */
  interfaceCounters(hostInterface: string): Promise<InterfaceCounters | undefined>;
  /**
   * Removes berth's interfaces inside a sandbox (veths named ethN) not named in `keep`: one a
   * crash left between attaching it and recording it, whose address no lease protects.
   */
  sweepSandbox(netnsPath: string, keep: Set<string>): Promise<string[]>;
  /** Removes veths on `net`'s bridge whose host end is not in `keep` (leftovers of a crash). */
  sweepInterfaces(net: NetworkRecord, keep: Set<string>): Promise<string[]>;
  /** Removes every bridge, rule and sysctl change of this daemon (graceful stop with nothing running). */
  teardown(nets: NetworkRecord[]): Promise<void>;
}

/** Counters as seen from inside the container, Docker's stats `networks` entry. */
export interface InterfaceCounters {
  rxBytes: number; rxPackets: number; rxErrors: number; rxDropped: number;
  txBytes: number; txPackets: number; txErrors: number; txDropped: number;
}

/** Whether a host address and port can be taken for publishing (nothing else listens there). */
export type HostPortProbe = (hostIp: string, port: number, protocol: 'tcp' | 'udp' | 'sctp') => Promise<boolean>;
