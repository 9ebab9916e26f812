import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerRecord } from '../../core/container.js';
import type { Mount } from '../../core/mount.js';
import type { NetworkEtcInfo } from './ports.js';

const HOSTS_BASE = [
  '127.0.0.1\tlocalhost',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::0\tip6-localnet',
  'ff00::0\tip6-mcastprefix',
  'ff02::1\tip6-allnodes',
  'ff02::2\tip6-allrouters',
];

/**
 * Writes the container's /etc/hostname, /etc/hosts and /etc/resolv.conf beside its record and
 * returns the bind mounts that put them in place, as Docker does (so they survive image content
 * and stay editable from the host).
 */
export async function writeEtcFiles(rec: ContainerRecord, dir: string, net: NetworkEtcInfo = { linkHosts: [] },
  hostResolvConf = '/etc/resolv.conf'): Promise<Mount[]> {
  const hostname = rec.config.hostname || rec.id.slice(0, 12);
  const hosts = [...HOSTS_BASE];
  for (const entry of rec.host.extraHosts) {
    const sep = entry.indexOf(':');
    if (sep > 0) hosts.push(`${entry.slice(sep + 1)}\t${entry.slice(0, sep)}`);
  }
  for (const link of net.linkHosts) hosts.push(`${link.address}\t${link.names.join(' ')}`);
  if (net.ownAddress) {
    const fqdn = rec.config.domainname ? `${hostname}.${rec.config.domainname} ` : '';
    hosts.push(`${net.ownAddress}\t${fqdn}${hostname}`);
  }
  const host = await readHostResolvConf(hostResolvConf);
  await Promise.all([
    writeFile(join(dir, 'hostname'), `${hostname}\n`),
    writeFile(join(dir, 'hosts'), hosts.join('\n') + '\n'),
    writeFile(join(dir, 'resolv.conf'), net.nameserver ? embeddedDnsResolvConf(host, net.nameserver) : resolvConf(host, rec.host.dns)),
  ]);
  const bind = (name: string): Mount => ({ type: 'bind', source: join(dir, name), target: `/etc/${name}`, options: ['rbind', 'rprivate'] });
  return [bind('hostname'), bind('hosts'), bind('resolv.conf')];
}

async function readHostResolvConf(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * The host's resolv.conf without loopback nameservers (they are unreachable from a container's
 * own network namespace); `--dns` replaces the nameservers.
 */
export function resolvConf(host: string, dns: string[]): string {
  const lines = host.split('\n').filter((l) => {
    const m = /^\s*nameserver\s+(\S+)/.exec(l);
    if (!m) return l.trim() !== '';
    return dns.length === 0 && !m[1]!.startsWith('127.') && m[1] !== '::1';
  });
  for (const ns of dns) lines.push(`nameserver ${ns}`);
  return lines.join('\n') + '\n';
}

/**
 * On a user-defined network the embedded DNS server (on the network's gateway) is the only
 * nameserver; it forwards what it does not own. Search and options stay the host's, and
 * `ndots:0` as Docker writes it, so single-label container names are not sent through the search list first.
 */
export function embeddedDnsResolvConf(host: string, nameserver: string): string {
  const kept = host.split('\n').filter((l) => /^\s*(search|domain)\s/.test(l));
  return [`nameserver ${nameserver}`, ...kept, 'options ndots:0', ''].join('\n');
}
