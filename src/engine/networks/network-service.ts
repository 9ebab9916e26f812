import type { ContainerNetworkState, ContainerRecord } from '../../core/container.js';
import { conflict, EngineError, invalidArgument, notFound } from '../../core/engine-error.js';
import type { EndpointRequest, EndpointState, IpamPoolConfig, NetworkRecord } from '../../core/network.js';
import { newObjectId } from '../../core/object-id.js';
import type { InterfaceCounters, NetworkDriver } from '../../network/network-driver.js';
import { AddressPool } from '../../network/ipam/address-pool.js';
import { cidrContains, parseCidr, parseIpv4 } from '../../network/ipam/ipv4.js';
import type { EndpointCreateRequest, NetworkEtcInfo, NetworkPort } from '../containers/ports.js';
import { KeyedMutex } from '../containers/keyed-mutex.js';
import type { EventBus } from '../events/event-bus.js';
import type { HostPortAllocator } from './host-port-allocator.js';
import { macFromIp, portRequests } from './endpoint-defaults.js';
import type { NetworkStore } from './network-store.js';
import { poolConfig, type PoolRequest } from './pool-config.js';
import { checkDriverOptions } from './driver-options.js';
import { type DnsNames, networkDnsNames } from './network-dns-names.js';
import { networkEtcInfo } from './network-etc-info.js';

/** Starts and stops the embedded DNS server of a user-defined network (on its gateway). */
export interface DnsPort {
  serve(net: NetworkRecord, names: DnsNames): Promise<void>;
  stop(networkId: string): Promise<void>;
}

export interface NetworkServiceDeps {
  store: NetworkStore;
  driver: NetworkDriver;
  dns: DnsPort;
  ports: HostPortAllocator;
  events: EventBus;
  containers: () => ContainerRecord[];
  /** Saves a container record whose network settings changed (connect/disconnect). */
  saveContainer: (rec: ContainerRecord) => Promise<void>;
  /** The host device of the default `bridge` network. */
  defaultBridgeName: string;
  /** Faults no request waits on (a network that cannot come up at boot), to be logged. */
  onBackgroundError: (what: string, err: unknown) => void;
}

export interface CreateNetworkOptions {
  name: string;
  driver?: string;
  internal?: boolean;
  attachable?: boolean;
  labels?: Record<string, string>;
  options?: Record<string, string>;
  ipam?: { subnet?: string; gateway?: string; ipRange?: string }[];
  checkDuplicate?: boolean;
}

const BRIDGE_NAME_OPTION = 'com.docker.network.bridge.name';
const PREDEFINED = new Set(['bridge', 'host', 'none']);

/**
 * The network use cases: the `/networks` API, and what containers need from networks (a sandbox
 * with an address on each of their networks, published ports, names in the embedded DNS).
 * Address leases live in running containers' records; pools are rebuilt from them at boot.
 */
export class NetworkService implements NetworkPort {
  private readonly pools = new Map<string, AddressPool>();
  private readonly locks = new KeyedMutex();

  constructor(private readonly d: NetworkServiceDeps) {}

  /**
   * Boot: the predefined networks exist, every bridge network's host side is up, the leases and
   * published ports of containers that still run are held again. Runs before container reconcile.
   */
  async init(): Promise<void> {
    await this.ensurePredefined();
    for (const net of this.bridgeNetworks()) this.pools.set(net.id, new AddressPool(net.ipam[0]!));
    for (const rec of this.d.containers()) {
      const st = rec.networkState;
      if (!st || (rec.state.status !== 'running' && rec.state.status !== 'paused')) continue;
      for (const ep of st.endpoints) {
        try {
          this.pools.get(ep.networkId)?.reserve(ep.ipAddress);
        } catch { /* a lease of a network that changed; the container keeps its address */ }
      }
      this.d.ports.hold(rec.id, st.ports);
      // Known to the driver before its first firewall write, so that write keeps these rules.
      if (st.ports.length && st.endpoints[0]) await this.d.driver.publish(rec.id, st.endpoints[0].ipAddress, st.ports);
    }
    for (const net of this.d.store.all()) {
      // One network that cannot come up (its bridge name taken by another device, say) must not
      // keep the engine and every other network down; its containers fail to start with the reason.
      await this.bringUp(net).catch((err) => this.d.onBackgroundError(`network ${net.name} (${net.bridge})`, err));
    }
  }

  /** After container reconcile: sandboxes and veths no running container owns are removed. */
  async sweep(): Promise<{ sandboxes: string[]; interfaces: string[] }> {
    const live = this.d.containers().filter((r) => r.networkState && (r.state.status === 'running' || r.state.status === 'paused'));
    const liveIds = new Set(live.map((r) => r.id));
    const sandboxes: string[] = [];
    for (const id of await this.d.driver.listSandboxes()) {
      if (liveIds.has(id)) continue;
      await this.d.driver.removeSandbox(id);
      sandboxes.push(id);
    }
    const interfaces: string[] = [];
    for (const r of live) {
      const st = r.networkState!;
      const found = await this.d.driver.sweepSandbox(st.netnsPath, new Set(st.endpoints.map((e) => e.ifName))).catch(() => []);
      interfaces.push(...found.map((n) => `${r.id.slice(0, 12)}/${n}`));
    }
    const keep = new Set(live.flatMap((r) => r.networkState!.endpoints.map((e) => e.hostInterface)));
    for (const net of this.bridgeNetworks()) interfaces.push(...await this.d.driver.sweepInterfaces(net, keep));
    return { sandboxes, interfaces };
  }

  /** Graceful daemon stop: with nothing running, nothing of ours stays on the host. */
  async shutdown(): Promise<void> {
    for (const net of this.bridgeNetworks()) await this.d.dns.stop(net.id);
    const running = this.d.containers().some((r) => r.state.status === 'running' || r.state.status === 'paused');
    if (!running) await this.d.driver.teardown(this.bridgeNetworks());
  }

  list(): NetworkRecord[] {
    return this.d.store.all();
  }

  inspect(ref: string): NetworkRecord {
    return this.d.store.get(ref);
  }

  /** The running containers on a network, with their endpoint (for inspect). */
  endpointsOn(networkId: string): { container: ContainerRecord; endpoint: EndpointState }[] {
    const out: { container: ContainerRecord; endpoint: EndpointState }[] = [];
    for (const rec of this.d.containers()) {
      const ep = rec.networkState?.endpoints.find((e) => e.networkId === networkId);
      if (ep) out.push({ container: rec, endpoint: ep });
    }
    return out;
  }

  async create(o: CreateNetworkOptions): Promise<{ id: string; warning: string }> {
    if (!o.name) throw invalidArgument('network name is required');
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(o.name)) throw invalidArgument(`invalid network name "${o.name}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    const driver = o.driver || 'bridge';
    if (PREDEFINED.has(o.name)) throw new EngineError('permission_denied', `${o.name} is a pre-defined network and cannot be created`);
    if (driver !== 'bridge') throw invalidArgument(`plugin "${driver}" not found: berth supports the "bridge" driver`);
    return this.locks.run('networks', async () => {
      if (this.d.store.all().some((n) => n.name === o.name)) throw conflict(`network with name ${o.name} already exists`);
      if ((o.ipam?.length ?? 0) > 1) throw invalidArgument('berth supports one IPv4 address pool per network');
      const pool = await this.poolFor(o.ipam?.[0] ?? {});
      const id = newObjectId();
      const bridge = o.options?.[BRIDGE_NAME_OPTION] || `bt-${id.slice(0, 12)}`;
      if (bridge.length > 15 || !/^[a-zA-Z0-9_.-]+$/.test(bridge)) throw invalidArgument(`invalid bridge name ${bridge}: at most 15 of [a-zA-Z0-9_.-]`);
      if (this.d.store.all().some((n) => n.bridge === bridge)) throw conflict(`bridge name ${bridge} is used by another network`);
      checkDriverOptions(o.options ?? {});
      const adopted = await this.d.driver.deviceExists(bridge);
      const net: NetworkRecord = {
        id, name: o.name, driver: 'bridge', created: new Date().toISOString(), internal: o.internal ?? false,
        attachable: o.attachable ?? false, labels: o.labels ?? {}, options: o.options ?? {}, ipam: [pool], bridge, isDefaultBridge: false,
        ...(adopted ? { adoptedBridge: true } : {}),
      };
      // Record first: a crash after it leaves a network whose bridge the next boot creates;
      // the other order could leave a bridge nobody knows.
      await this.d.store.save(net);
      try {
        await this.bringUp(net);
      } catch (err) {
        await this.d.driver.removeNetwork(net).catch(() => undefined);
        await this.d.store.remove(net);
        throw err;
      }
      this.d.events.publish({ type: 'network', action: 'create', id, attributes: { name: net.name, type: 'bridge' } });
      return { id, warning: '' };
    });
  }

  async remove(ref: string): Promise<void> {
    const net = this.d.store.get(ref);
    if (PREDEFINED.has(net.name)) throw new EngineError('permission_denied', `${net.name} is a pre-defined network and cannot be removed`);
    await this.locks.run('networks', async () => {
      const users = this.endpointsOn(net.id);
      if (users.length) throw conflict(`error while removing network: network ${net.name} id ${net.id} has active endpoints (${users.map((u) => u.container.name).join(', ')})`);
      await this.d.dns.stop(net.id);
      await this.d.driver.removeNetwork(net);
      this.pools.delete(net.id);
      await this.d.store.remove(net);
    });
    this.d.events.publish({ type: 'network', action: 'destroy', id: net.id, attributes: { name: net.name, type: net.driver } });
  }

  /** Removes user-defined networks no container refers to (running or not). */
  async prune(matches: (n: NetworkRecord) => boolean): Promise<string[]> {
    const referenced = new Set(this.d.containers().flatMap((r) => (r.endpoints ?? []).map((e) => e.networkId)));
    const removed: string[] = [];
    for (const net of this.d.store.all()) {
      if (PREDEFINED.has(net.name) || referenced.has(net.id) || !matches(net)) continue;
      try {
        await this.remove(net.id);
        removed.push(net.name);
      } catch (err) {
        if (!EngineError.is(err, 'conflict')) throw err;
      }
    }
    return removed;
  }

  /** `network connect`: a running container gets the interface at once, a stopped one at its next start. */
  async connect(netRef: string, rec: ContainerRecord, req: Omit<EndpointCreateRequest, 'network'>): Promise<void> {
    const net = this.d.store.get(netRef);
    const mode = rec.host.networkMode;
    if (mode === 'host' || mode === 'none' || mode.startsWith('container:')) {
      throw invalidArgument(`container sharing network namespace with another container or host cannot be connected to any other network`);
    }
    if (net.driver !== 'bridge') throw invalidArgument(`container cannot be disconnected from host network or connected to host network`);
    const endpoints = rec.endpoints ?? [];
    if (endpoints.some((e) => e.networkId === net.id)) throw new EngineError('permission_denied', `endpoint with name ${rec.name} already exists in network ${net.name}`);
    const ep = this.endpointRequest(net, { ...req, network: net.name });
    const st = rec.networkState;
    if (st && (rec.state.status === 'running' || rec.state.status === 'paused')) {
      const used = new Set(st.endpoints.map((e) => e.ifName));
      let n = 0;
      while (used.has(`eth${n}`)) n++;
      const live = await this.attachOne(st.netnsPath, net, ep, `eth${n}`, false);
      st.endpoints.push(live);
    }
    rec.endpoints = [...endpoints, ep];
    await this.d.saveContainer(rec);
    this.announce('connect', net.id, rec.id);
  }

  async disconnect(netRef: string, rec: ContainerRecord, force = false): Promise<void> {
    const net = this.d.store.get(netRef);
    const endpoints = rec.endpoints ?? [];
    const i = endpoints.findIndex((e) => e.networkId === net.id);
    if (i < 0) {
      if (force) return;
      throw invalidArgument(`container ${rec.id} is not connected to network ${net.name}`);
    }
    const st = rec.networkState;
    const live = st?.endpoints.findIndex((e) => e.networkId === net.id) ?? -1;
    if (st && live >= 0) {
      const ep = st.endpoints[live]!;
      await this.d.driver.detach(st.netnsPath, ep.ifName);
      this.pools.get(net.id)?.release(ep.ipAddress);
      st.endpoints.splice(live, 1);
    }
    rec.endpoints = endpoints.filter((_, j) => j !== i);
    await this.d.saveContainer(rec);
    this.announce('disconnect', net.id, rec.id);
  }

  // ---- NetworkPort: what containers need ----

  endpointsForCreate(networkMode: string, requests: EndpointCreateRequest[]): EndpointRequest[] {
    const mode = networkMode || 'default';
    if (mode === 'host' || mode === 'none' || mode.startsWith('container:')) {
      if (requests.some((r) => r.aliases.length || r.ipv4Address)) throw invalidArgument('network-scoped aliases and static addresses are supported only for containers on user-defined networks');
      return [];
    }
    const primary = mode === 'default' ? 'bridge' : mode;
    // A 400, not Docker's 404: the docker CLI takes any 404 from create for a missing image and pulls.
    const find = (ref: string) => {
      const net = this.d.store.find(ref === 'default' ? 'bridge' : ref);
      if (!net) throw invalidArgument(`network ${ref} not found`);
      return net;
    };
    const byNet = new Map<string, EndpointCreateRequest>();
    for (const r of requests) byNet.set(find(r.network).id, r);
    const first = find(primary);
    const ordered = [first, ...[...byNet.keys()].filter((id) => id !== first.id).map((id) => this.d.store.get(id))];
    return ordered.map((net) => this.endpointRequest(net, byNet.get(net.id) ?? { network: net.name, aliases: [], ipv4Address: '', macAddress: '', links: [] }));
  }

  async setUp(rec: ContainerRecord): Promise<ContainerNetworkState | undefined> {
    const endpoints = rec.endpoints ?? [];
    if (endpoints.length === 0) return undefined;
    const netnsPath = await this.d.driver.createSandbox(rec.id);
    const state: ContainerNetworkState = { netnsPath, endpoints: [], ports: [] };
    try {
      let routed = false;
      for (const [i, req] of endpoints.entries()) {
        const net = this.d.store.find(req.networkId);
        if (!net) throw notFound(`network ${req.networkId} not found: it was removed; disconnect the container from it`);
        const ep = await this.attachOne(netnsPath, net, req, `eth${i}`, !routed && !net.internal);
        routed ||= !net.internal;
        state.endpoints.push(ep);
      }
      for (const ep of state.endpoints) this.announce('connect', ep.networkId, rec.id);
      const first = state.endpoints[0]!;
      const firstNet = this.d.store.get(first.networkId);
      const requests = portRequests(rec);
      if (requests.length && !firstNet.internal) {
        state.ports = await this.d.ports.allocate(rec.id, requests);
        await this.d.driver.publish(rec.id, first.ipAddress, state.ports);
      }
      return state;
    } catch (err) {
      await this.tearDown(rec, state).catch(() => undefined);
      throw err;
    }
  }

  async tearDown(rec: ContainerRecord, state: ContainerNetworkState): Promise<void> {
    if (state.ports.length) await this.d.driver.publish(rec.id, '', []);
    this.d.ports.release(rec.id);
    for (const ep of state.endpoints) this.pools.get(ep.networkId)?.release(ep.ipAddress);
    await this.d.driver.removeSandbox(rec.id);
    for (const ep of state.endpoints) this.announce('disconnect', ep.networkId, rec.id);
  }

  /** Docker's `network connect`/`disconnect` events, also sent when a container starts and stops. */
  private announce(action: 'connect' | 'disconnect', networkId: string, containerId: string): void {
    const net = this.d.store.find(networkId);
    if (net) this.d.events.publish({ type: 'network', action, id: net.id, attributes: { container: containerId, name: net.name, type: net.driver } });
  }

  async counters(rec: ContainerRecord): Promise<Record<string, InterfaceCounters>> {
    const out: Record<string, InterfaceCounters> = {};
    for (const ep of rec.networkState?.endpoints ?? []) {
      const c = await this.d.driver.interfaceCounters(ep.hostInterface);
      if (c) out[ep.ifName] = c;
    }
    return out;
  }

  etcInfo(rec: ContainerRecord): NetworkEtcInfo {
    return networkEtcInfo(rec, this.d.containers, (id) => this.d.store.find(id));
  }

  // ---- internals ----

  private async attachOne(netnsPath: string, net: NetworkRecord, req: EndpointRequest, ifName: string, defaultRoute: boolean): Promise<EndpointState> {
    const pool = this.pools.get(net.id);
    if (!pool) throw new EngineError('internal', `network ${net.name} has no address pool`);
    let ip: string;
    if (req.ipv4Address) {
      pool.reserve(req.ipv4Address);
      ip = req.ipv4Address;
    } else {
      ip = pool.allocate();
    }
    try {
      const macAddress = req.macAddress || macFromIp(ip);
      const { hostInterface } = await this.d.driver.attach(netnsPath, net, {
        ifName, ipAddress: ip, prefixLength: pool.prefixLength, gateway: net.ipam[0]!.gateway, macAddress, defaultRoute,
      });
      return { networkId: net.id, endpointId: newObjectId(), ipAddress: ip, prefixLength: pool.prefixLength, gateway: net.internal ? '' : net.ipam[0]!.gateway, macAddress, hostInterface, ifName };
    } catch (err) {
      pool.release(ip);
      throw err;
    }
  }

  private endpointRequest(net: NetworkRecord, r: EndpointCreateRequest): EndpointRequest {
    if (net.driver !== 'bridge') throw invalidArgument(`container cannot be connected to network ${net.name} alongside others`);
    if (net.isDefaultBridge && r.aliases.length) throw invalidArgument('network-scoped alias is supported only for containers in user defined networks');
    if (net.isDefaultBridge && r.ipv4Address) throw invalidArgument('user specified IP address is supported on user defined networks only');
    if (r.ipv4Address && !cidrContains(parseCidr(net.ipam[0]!.subnet), parseIpv4(r.ipv4Address))) {
      throw invalidArgument(`invalid address ${r.ipv4Address}: it does not belong to any of this network's subnets`);
    }
    if (r.macAddress && !/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(r.macAddress)) throw invalidArgument(`invalid MAC address: ${r.macAddress}`);
    return { networkId: net.id, aliases: [...new Set(r.aliases)], ipv4Address: r.ipv4Address, macAddress: r.macAddress.toLowerCase(), links: r.links };
  }

  private async poolFor(req: PoolRequest): Promise<IpamPoolConfig> {
    const others = this.bridgeNetworks().map((n) => n.ipam[0]!.subnet);
    // Host routes only matter when berth picks the subnet; an explicit one is the user's call.
    const routes = req.subnet ? [] : await this.d.driver.hostRoutes();
    return poolConfig(req, others, routes);
  }

  private async ensurePredefined(): Promise<void> {
    const now = new Date().toISOString();
    const base = { created: now, internal: false, attachable: false, labels: {}, options: {}, ipam: [], bridge: '', isDefaultBridge: false };
    if (!this.d.store.find('host')) await this.d.store.save({ ...base, id: newObjectId(), name: 'host', driver: 'host' });
    if (!this.d.store.find('none')) await this.d.store.save({ ...base, id: newObjectId(), name: 'none', driver: 'null' });
    if (!this.d.store.all().some((n) => n.isDefaultBridge)) {
      const pool = await this.poolFor({});
      await this.d.store.save({
        ...base, id: newObjectId(), name: 'bridge', driver: 'bridge', ipam: [pool], bridge: this.d.defaultBridgeName, isDefaultBridge: true,
        options: { [BRIDGE_NAME_OPTION]: this.d.defaultBridgeName, 'com.docker.network.bridge.default_bridge': 'true' },
      });
    }
  }

  private async bringUp(net: NetworkRecord): Promise<void> {
    if (net.driver !== 'bridge') return;
    await this.d.driver.ensureNetwork(net);
    if (!this.pools.has(net.id)) this.pools.set(net.id, new AddressPool(net.ipam[0]!));
    if (!net.isDefaultBridge) {
      await this.d.dns.serve(net, networkDnsNames(net.id, this.d.containers, (id) => this.d.store.find(id)));
    }
  }

  private bridgeNetworks(): NetworkRecord[] {
    return this.d.store.all().filter((n) => n.driver === 'bridge');
  }
}
