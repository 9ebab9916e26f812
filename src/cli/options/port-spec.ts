import { isIP } from 'node:net';
import type { PortBinding } from '../../client/types/container-types.js';

export interface PortMappings {
  exposed: Record<string, object>;
  bindings: Record<string, PortBinding[]>;
}

/**
 * Docker's `-p` syntax (nat.ParsePortSpec): `[ip:][hostPort:]containerPort[/proto]`,
 * ranges (`7000-7001:8000-8001`), IPv6 in brackets. Adds to `into`.
 */
export function addPortSpec(spec: string, into: PortMappings): void {
  let rest = spec;
  let proto = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    proto = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
  }
  if (!['tcp', 'udp', 'sctp'].includes(proto)) throw new Error(`invalid proto: ${proto}`);
  let ip = '';
  let hostPort = '';
  let containerPort: string;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(rest);
  if (v6) {
    ip = v6[1]!;
    const parts = v6[2]!.split(':');
    if (parts.length !== 2) throw new Error(`invalid port specification: ${JSON.stringify(spec)}`);
    [hostPort, containerPort] = parts as [string, string];
  } else {
    const parts = rest.split(':');
    if (parts.length === 1) containerPort = parts[0]!;
    else if (parts.length === 2) [hostPort, containerPort] = parts as [string, string];
    else if (parts.length === 3) [ip, hostPort, containerPort] = parts as [string, string, string];
    else {
      // an unbracketed IPv6 address: the last two fields are the ports
      containerPort = parts.pop()!;
      hostPort = parts.pop()!;
      ip = parts.join(':');
    }
  }
  if (ip !== '' && isIP(ip) === 0) throw new Error(`invalid IP address: ${ip}`);
  if (containerPort === '') throw new Error(`no port specified: ${spec}<empty>`);
  const [start, end] = parseRange(containerPort, 'containerPort');
  const [hostStart, hostEnd] = hostPort === '' ? [0, 0] : parseRange(hostPort, 'hostPort');
  if (hostPort !== '' && end - start !== hostEnd - hostStart && end !== start) {
    throw new Error(`invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}`);
  }
  for (let i = 0; i <= end - start; i++) {
    const port = `${start + i}/${proto}`;
    let host = hostPort === '' ? '' : String(hostStart + i);
    // One container port with a host range: the daemon picks a free host port in it.
    if (start === end && hostStart !== hostEnd) host = `${hostStart}-${hostEnd}`;
    into.exposed[port] = {};
    (into.bindings[port] ??= []).push({ HostIp: ip, HostPort: host });
  }
}

/** `--expose 80` or `--expose 7000-7010/udp`: exposed without publishing. */
export function addExposedPort(spec: string, into: PortMappings): void {
  const [ports = '', proto = 'tcp'] = spec.split('/');
  const [start, end] = parseRange(ports, 'port');
  for (let p = start; p <= end; p++) into.exposed[`${p}/${proto}`] = {};
}

function parseRange(text: string, what: string): [number, number] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) throw new Error(`invalid ${what}: ${text}`);
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start > 65535 || end > 65535 || end < start) throw new Error(`invalid ${what}: ${text}`);
  return [start, end];
}
