import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { conflict, EngineError, internal } from '../../core/engine-error.js';
import type { NetworkRecord, PublishedPort } from '../../core/network.js';
import { RtNetlink } from '../../sys/netlink/rtnetlink.js';
import { createNetworkNamespace, removeNetworkNamespace } from '../../sys/netlink/network-namespace.js';
import type { EndpointPlan, InterfaceCounters, NetworkDriver } from '../network-driver.js';
import type { FirewallState } from './firewall-plan.js';
import { IptablesFirewall } from './iptables-firewall.js';

/**
 * Bridge networks with direct netlink (no `ip` or CNI plug-in processes) and iptables-restore:
 * a Linux bridge per network with the gateway address, a veth pair per endpoint created with its
 * peer already inside the container's namespace, NAT and published ports as iptables rules.
 */
export class BridgeDriver implements NetworkDriver {
  private readonly firewall: IptablesFirewall;
  private readonly networks = new Map<string, FirewallState['networks'][number]>();
  private readonly publications = new Map<string, FirewallState['publications'][number]>();
  private forwardingOn = false;
  /** Until the first full write, publications are only recorded: that write includes them. */
  private firewallWritten = false;

  constructor(private readonly sandboxDir: string, chainPrefix: string) {
    this.firewall = new IptablesFirewall(chainPrefix);
  }

  async ensureNetwork(net: NetworkRecord): Promise<void> {
    const pool = net.ipam[0]!;
    const prefixLength = Number(pool.subnet.split('/')[1]);
    using nl = RtNetlink.open();
    const existing = nl.linkByName(net.bridge);
    // `-o com.docker.network.bridge.name=eth0` must not turn the host's uplink into a network.
    if (existing && existing.kind !== 'bridge') throw conflict(`device ${net.bridge} exists and is not a bridge (${existing.kind ?? 'no kind'})`);
    let index = existing?.index;
    // A fixed MAC: a bridge without one takes its lowest port's, which changes as containers come
    // and go and leaves the gateway's address stale in every other container's ARP cache.
    const mtu = bridgeMtu(net);
    if (index === undefined) index = nl.createBridge(net.bridge, { mac: bridgeMac(net.id), ...(mtu ? { mtu } : {}) });
    const cidr = `${pool.gateway}/${prefixLength}`;
    if (!nl.listAddresses().some((a) => a.index === index && a.address === pool.gateway)) nl.addAddress(index, cidr);
    nl.setUp(index);
    // Published ports must answer on 127.0.0.1: DNAT'ed local traffic leaves through the bridge.
    await writeSysctl(`net/ipv4/conf/${net.bridge}/route_localnet`, '1');
    if (!this.forwardingOn) {
      await writeSysctl('net/ipv4/ip_forward', '1');
      this.forwardingOn = true;
    }
    this.networks.set(net.id, {
      bridge: net.bridge, subnet: pool.subnet, internal: net.internal,
      masquerade: net.options['com.docker.network.bridge.enable_ip_masquerade'] !== 'false',
    });
    await this.applyFirewall();
  }

  async removeNetwork(net: NetworkRecord): Promise<void> {
    this.networks.delete(net.id);
    await this.applyFirewall();
    using nl = RtNetlink.open();
    deleteOwnBridge(nl, net);
  }

  async deviceExists(name: string): Promise<boolean> {
    using nl = RtNetlink.open();
    return nl.linkByName(name) !== undefined;
  }

  async hostRoutes(): Promise<string[]> {
    using nl = RtNetlink.open();
    return nl.listRoutes().map((r) => `${r.dst}/${r.prefixLength}`);
  }

  async createSandbox(containerId: string): Promise<string> {
    await mkdir(this.sandboxDir, { recursive: true, mode: 0o700 });
    const path = join(this.sandboxDir, containerId);
    removeNetworkNamespace(path);
    createNetworkNamespace(path);
    using nl = RtNetlink.open(path);
    const lo = nl.linkByName('lo');
    if (lo) nl.setUp(lo.index);
    return path;
  }

  async removeSandbox(containerId: string): Promise<void> {
    removeNetworkNamespace(join(this.sandboxDir, containerId));
  }

  async listSandboxes(): Promise<string[]> {
    return (await readdir(this.sandboxDir).catch(() => [] as string[])).filter((n) => /^[a-f0-9]{64}$/.test(n));
  }

  async attach(netnsPath: string, net: NetworkRecord, ep: EndpointPlan): Promise<{ hostInterface: string }> {
    const hostInterface = `veth${randomBytes(4).toString('hex').slice(0, 7)}`;
    {
      using host = RtNetlink.open();
      const bridge = host.linkByName(net.bridge);
      if (!bridge) throw new EngineError('unavailable', `the bridge ${net.bridge} of network ${net.name} is missing`, { hint: 'see the berthd log for why it could not be created' });
      const index = host.createVethPair({ name: hostInterface, peerName: ep.ifName, peerNetnsPath: netnsPath, masterIndex: bridge.index, peerMac: ep.macAddress, mtu: bridgeMtu(net) ?? bridge.mtu });
      // Hairpin: a container reaching its own published port comes back through its own port.
      host.setHairpin(index, true);
      host.setUp(index);
    }
    using inner = RtNetlink.open(netnsPath);
    const link = inner.linkByName(ep.ifName);
    if (!link) throw internal(`the veth peer ${ep.ifName} did not appear in the container's namespace`);
    inner.addAddress(link.index, `${ep.ipAddress}/${ep.prefixLength}`);
    inner.setUp(link.index);
    if (ep.defaultRoute) inner.addRoute({ gateway: ep.gateway, index: link.index });
    return { hostInterface };
  }

  async detach(netnsPath: string, ifName: string): Promise<void> {
    using inner = RtNetlink.open(netnsPath);
    const link = inner.linkByName(ifName);
    if (link) inner.deleteLink(link.index);
  }

  async publish(containerId: string, containerIp: string, ports: PublishedPort[]): Promise<void> {
    const had = this.publications.get(containerId);
    if (ports.length === 0) this.publications.delete(containerId);
    else this.publications.set(containerId, { containerIp, ports });
    if (!this.firewallWritten) return;
    if (had) await this.firewall.changePublication(had, 'remove');
    if (ports.length) await this.firewall.changePublication({ containerIp, ports }, 'add');
  }

  async interfaceCounters(hostInterface: string): Promise<InterfaceCounters | undefined> {
    const dir = join('/sys/class/net', hostInterface, 'statistics');
    const read = async (name: string) => Number((await readFile(join(dir, name), 'utf8')).trim());
    try {
      // The host end receives what the container sends, and the other way round.
      const [rb, rp, re, rd, tb, tp, te, td] = await Promise.all(['tx_bytes', 'tx_packets', 'tx_errors', 'tx_dropped',
        'rx_bytes', 'rx_packets', 'rx_errors', 'rx_dropped'].map(read));
      return { rxBytes: rb!, rxPackets: rp!, rxErrors: re!, rxDropped: rd!, txBytes: tb!, txPackets: tp!, txErrors: te!, txDropped: td! };
    } catch {
      return undefined;
    }
  }

  async sweepSandbox(netnsPath: string, keep: Set<string>): Promise<string[]> {
    using inner = RtNetlink.open(netnsPath);
    const removed: string[] = [];
    for (const l of inner.listLinks()) {
      // Only what berth makes there (veths named ethN): a tun or bridge the container made itself stays.
      if (keep.has(l.name) || l.kind !== 'veth' || !/^eth\d+$/.test(l.name)) continue;
      inner.deleteLink(l.index);
      removed.push(l.name);
    }
    return removed;
  }

  async sweepInterfaces(net: NetworkRecord, keep: Set<string>): Promise<string[]> {
    using nl = RtNetlink.open();
    const bridge = nl.linkByName(net.bridge);
    if (!bridge) return [];
    const removed: string[] = [];
    for (const l of nl.listLinks()) {
      if (l.masterIndex !== bridge.index || keep.has(l.name)) continue;
      try {
        nl.deleteLink(l.index);
        removed.push(l.name);
      } catch (err) {
        // The kernel destroys a veth pair with its namespace, asynchronously: one of a sandbox
        // removed a moment ago may vanish between the listing and the delete.
        if ((err as { code?: string }).code !== 'ENODEV') throw err;
      }
    }
    return removed;
  }

  async teardown(nets: NetworkRecord[]): Promise<void> {
    this.networks.clear();
    this.publications.clear();
    this.firewallWritten = false;
    await this.firewall.teardown();
    using nl = RtNetlink.open();
    for (const net of nets) deleteOwnBridge(nl, net);
  }

  /**
   * Rewrites all of our rules at once (one iptables-restore transaction, so a rule that stays is
   * never missing in between): at boot, and when a network comes or goes.
   */
  private async applyFirewall(): Promise<void> {
    await this.firewall.apply({ networks: [...this.networks.values()], publications: [...this.publications.values()] });
    this.firewallWritten = true;
  }
}

async function writeSysctl(key: string, value: string): Promise<void> {
  await writeFile(join('/proc/sys', key), value);
}

/** A locally administered unicast MAC derived from the network id (stable across restarts). */
export function bridgeMac(networkId: string): string {
  const b = createHash('sha256').update(networkId).digest().subarray(0, 5);
  return ['02', ...[...b].map((x) => x.toString(16).padStart(2, '0'))].join(':');
}

/** Deletes the network's bridge if berth made it: never an adopted bridge, never a device that is no bridge. */
function deleteOwnBridge(nl: RtNetlink, net: NetworkRecord): void {
  if (net.adoptedBridge) return;
  const link = nl.linkByName(net.bridge);
  if (link?.kind === 'bridge') nl.deleteLink(link.index);
}

/** Docker's `com.docker.network.driver.mtu` option (checked at network create). */
function bridgeMtu(net: NetworkRecord): number | undefined {
  const v = net.options['com.docker.network.driver.mtu'];
  return v ? Number(v) : undefined;
}
