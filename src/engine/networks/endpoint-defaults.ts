import type { ContainerRecord } from '../../core/container.js';
import type { PortBindingRequest } from '../../core/network.js';
import { parseIpv4 } from '../../network/ipam/ipv4.js';

/** Docker's MAC for an address: 02:42 and the four bytes of the IPv4 address. */
export function macFromIp(ip: string): string {
  const n = parseIpv4(ip);
  return ['02', '42', ...[n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

/** The ports to publish: `-p` as asked, plus with `-P` every exposed port not already asked for, on a free port. */
export function portRequests(rec: ContainerRecord): PortBindingRequest[] {
  const explicit = rec.host.portBindings ?? [];
  if (!rec.host.publishAllPorts) return explicit;
  const out = [...explicit];
  for (const spec of rec.config.exposedPorts) {
    const [port, proto = 'tcp'] = spec.split('/') as [string, string | undefined];
    const containerPort = Number(port);
    if (out.some((b) => b.containerPort === containerPort && b.protocol === proto)) continue;
    out.push({ containerPort, protocol: proto as PortBindingRequest['protocol'], hostIp: '', hostPortRange: [0, 0] });
  }
  return out;
}
