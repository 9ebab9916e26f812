import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerRecord } from '../../core/container.js';
import type { Mount } from '../../core/mount.js';

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
export async function writeEtcFiles(rec: ContainerRecord, dir: string, hostResolvConf = '/etc/resolv.conf'): Promise<Mount[]> {
  const hostname = rec.config.hostname || rec.id.slice(0, 12);
  const hosts = [...HOSTS_BASE];
  for (const entry of rec.host.extraHosts) {
    const sep = entry.indexOf(':');
    if (sep > 0) hosts.push(`${entry.slice(sep + 1)}\t${entry.slice(0, sep)}`);
  }
  await Promise.all([
    writeFile(join(dir, 'hostname'), `${hostname}\n`),
    writeFile(join(dir, 'hosts'), hosts.join('\n') + '\n'),
    writeFile(join(dir, 'resolv.conf'), resolvConf(await readHostResolvConf(hostResolvConf), rec.host.dns)),
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
