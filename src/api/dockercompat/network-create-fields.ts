import { invalidArgument } from '../../core/engine-error.js';
import type { PortBindingRequest, PortProtocol } from '../../core/network.js';
import type { EndpointCreateRequest } from '../../engine/containers/ports.js';
import { isIpv4 } from '../../network/ipam/ipv4.js';

/**
 * Docker's `HostConfig.PortBindings` (`{"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}`, a
 * HostPort may be empty, `0` or a range `8000-8010`) -> port binding requests.
 */
export function toPortBindings(raw: unknown): PortBindingRequest[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalidArgument('HostConfig.PortBindings must be an object');
  const out: PortBindingRequest[] = [];
  for (const [key, bindings] of Object.entries(raw as Record<string, unknown>)) {
    const { port, protocol } = parsePortKey(key);
    const list = bindings === null ? [] : bindings;
    if (!Array.isArray(list)) throw invalidArgument(`HostConfig.PortBindings.${key} must be a list`);
    if (list.length === 0) list.push({});
    for (const b of list as { HostIp?: unknown; HostPort?: unknown }[]) {
      const hostIp = typeof b?.HostIp === 'string' ? b.HostIp : '';
      if (hostIp && !isIpv4(hostIp)) {
        if (hostIp === '::' || hostIp.includes(':')) continue; // IPv6 bindings: berth publishes on IPv4
        throw invalidArgument(`invalid host IP address ${hostIp} for port ${key}`);
      }
      out.push({ containerPort: port, protocol, hostIp, hostPortRange: parseHostPort(String(b?.HostPort ?? ''), key) });
    }
  }
  return out;
}

/** `80/tcp`, `53/udp`, `80` (tcp). */
export function parsePortKey(key: string): { port: number; protocol: PortProtocol } {
  const m = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/.exec(key);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > 65535) throw invalidArgument(`invalid port specification: "${key}"`);
  return { port: Number(m[1]), protocol: (m[2] ?? 'tcp') as PortProtocol };
}

function parseHostPort(text: string, key: string): [number, number] {
  if (text === '' || text === '0') return [0, 0];
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  const lo = Number(m?.[1]);
  const hi = m?.[2] ? Number(m[2]) : lo;
  if (!m || lo < 1 || hi > 65535 || hi < lo) throw invalidArgument(`invalid host port "${text}" for port ${key}`);
  return [lo, hi];
}

/**
 * `NetworkingConfig.EndpointsConfig` (`{"net": {"Aliases": [], "IPAMConfig": {"IPv4Address": ""},
 * "MacAddress": "", "Links": []}}`) plus the older `Config.MacAddress`, for the primary network.
 */
export function toEndpointRequests(raw: unknown, primary: string, legacyMac: string): EndpointCreateRequest[] {
  const out: EndpointCreateRequest[] = [];
  if (raw !== undefined && raw !== null) {
    if (typeof raw !== 'object' || Array.isArray(raw)) throw invalidArgument('NetworkingConfig.EndpointsConfig must be an object');
    for (const [network, v] of Object.entries(raw as Record<string, unknown>)) {
      out.push(toEndpointRequest(network, (v ?? {}) as Record<string, unknown>));
    }
  }
  if (legacyMac) {
    const target = out.find((e) => e.network === primary) ?? out[0];
    if (target && !target.macAddress) target.macAddress = legacyMac;
    else if (!target) out.push({ network: primary, aliases: [], ipv4Address: '', macAddress: legacyMac, links: [] });
  }
  return out;
}

export function toEndpointRequest(network: string, v: Record<string, unknown>): EndpointCreateRequest {
  const strs = (x: unknown, what: string): string[] => {
    if (x === undefined || x === null) return [];
    if (!Array.isArray(x) || x.some((s) => typeof s !== 'string')) throw invalidArgument(`${what} must be a list of strings`);
    return x as string[];
  };
  const ipam = (v['IPAMConfig'] ?? {}) as Record<string, unknown>;
  const ipv4Address = typeof ipam['IPv4Address'] === 'string' ? ipam['IPv4Address'] : '';
  if (ipv4Address && !isIpv4(ipv4Address)) throw invalidArgument(`invalid IPv4 address: ${ipv4Address}`);
  return {
    network,
    aliases: strs(v['Aliases'], 'Aliases'),
    ipv4Address,
    macAddress: typeof v['MacAddress'] === 'string' ? v['MacAddress'] : '',
    links: strs(v['Links'], 'Links'),
  };
}
