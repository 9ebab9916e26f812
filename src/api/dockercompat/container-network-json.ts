import type { ContainerRecord, HostSettings } from '../../core/container.js';
import type { EndpointState, NetworkRecord } from '../../core/network.js';

/** Finds a network record by id (for names in a container's JSON). */
export type NetworkLookup = (id: string) => NetworkRecord | undefined;

function running(rec: ContainerRecord): boolean {
  return rec.state.status === 'running' || rec.state.status === 'paused';
}

/** Docker's per-network EndpointSettings; addresses are empty while the container is stopped. */
function endpointJson(rec: ContainerRecord, net: NetworkRecord | undefined, networkId: string, live: EndpointState | undefined): Record<string, unknown> {
  const req = rec.endpoints?.find((e) => e.networkId === networkId);
  const userNet = net && !net.isDefaultBridge && net.driver === 'bridge';
  return {
    IPAMConfig: req?.ipv4Address ? { IPv4Address: req.ipv4Address } : null,
    Links: req?.links.length ? req.links : null,
    Aliases: userNet ? (req?.aliases.length ? req.aliases : null) : null,
    MacAddress: live?.macAddress ?? req?.macAddress ?? '',
    DriverOpts: null,
    NetworkID: networkId,
    EndpointID: live?.endpointId ?? '',
    Gateway: live?.gateway ?? '',
    IPAddress: live?.ipAddress ?? '',
    IPPrefixLen: live?.prefixLength ?? 0,
    IPv6Gateway: '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0,
    DNSNames: userNet && live ? [rec.name, rec.id.slice(0, 12), ...(req?.aliases ?? [])] : null,
  };
}

/** NetworkSettings.Networks: the bridge networks by name, or the pseudo-network of the mode. */
export function networksJson(rec: ContainerRecord, lookup: NetworkLookup, all: NetworkRecord[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const req of rec.endpoints ?? []) {
    const net = lookup(req.networkId);
    const live = running(rec) ? rec.networkState?.endpoints.find((e) => e.networkId === req.networkId) : undefined;
    out[net?.name ?? req.networkId] = endpointJson(rec, net, req.networkId, live);
  }
  const mode = rec.host.networkMode;
  if ((rec.endpoints ?? []).length === 0 && (mode === 'host' || mode === 'none')) {
    const pseudo = all.find((n) => n.name === mode);
    if (pseudo) out[mode] = endpointJson(rec, pseudo, pseudo.id, undefined);
  }
  return out;
}

/** NetworkSettings.Ports: every exposed or published port, with its host bindings (null when not published). */
export function portsJson(rec: ContainerRecord): Record<string, { HostIp: string; HostPort: string }[] | null> {
  const out: Record<string, { HostIp: string; HostPort: string }[] | null> = {};
  for (const p of rec.config.exposedPorts) out[p.includes('/') ? p : `${p}/tcp`] = null;
  for (const b of rec.host.portBindings ?? []) out[`${b.containerPort}/${b.protocol}`] ??= null;
  if (running(rec)) {
    for (const p of rec.networkState?.ports ?? []) {
      const key = `${p.containerPort}/${p.protocol}`;
      (out[key] ??= []).push({ HostIp: p.hostIp, HostPort: String(p.hostPort) });
    }
  }
  return out;
}

/** The list API's Ports: published ones with their host side, exposed ones without. */
export function summaryPortsJson(rec: ContainerRecord): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const [key, bindings] of Object.entries(portsJson(rec))) {
    const [port, type] = key.split('/') as [string, string];
    if (!bindings) out.push({ PrivatePort: Number(port), Type: type });
    else for (const b of bindings) out.push({ IP: b.HostIp, PrivatePort: Number(port), PublicPort: Number(b.HostPort), Type: type });
  }
  return out;
}

/** HostConfig.PortBindings as Docker echoes them. */
export function portBindingsJson(h: HostSettings): Record<string, { HostIp: string; HostPort: string }[]> {
  const out: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const b of h.portBindings ?? []) {
    const [lo, hi] = b.hostPortRange;
    (out[`${b.containerPort}/${b.protocol}`] ??= []).push({ HostIp: b.hostIp, HostPort: lo === 0 ? '' : lo === hi ? String(lo) : `${lo}-${hi}` });
  }
  return out;
}

/** The top-level NetworkSettings of inspect (the first network's address fields, as Docker fills them for the default bridge). */
export function networkSettingsJson(rec: ContainerRecord, lookup: NetworkLookup, all: NetworkRecord[]): Record<string, unknown> {
  const live = running(rec) ? rec.networkState : undefined;
  const first = live?.endpoints[0];
  const firstNet = first ? lookup(first.networkId) : undefined;
  const legacy = firstNet?.isDefaultBridge ? first : undefined;
  return {
    Bridge: '', SandboxID: live ? rec.id : '', SandboxKey: live?.netnsPath ?? '', Ports: portsJson(rec), HairpinMode: false,
    LinkLocalIPv6Address: '', LinkLocalIPv6PrefixLen: 0, SecondaryIPAddresses: null, SecondaryIPv6Addresses: null,
    EndpointID: legacy?.endpointId ?? '', Gateway: legacy?.gateway ?? '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0,
    IPAddress: legacy?.ipAddress ?? '', IPPrefixLen: legacy?.prefixLength ?? 0, IPv6Gateway: '', MacAddress: legacy?.macAddress ?? '',
    Networks: networksJson(rec, lookup, all),
  };
}
