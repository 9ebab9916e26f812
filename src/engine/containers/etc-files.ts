import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerRecord } from '../../core/container.js';
import type { Mount } from '../../core/mount.js';
import { containerResolvConf } from './container-resolv-conf.js';
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
  hostResolvConf = '/etc/resolv.conf', hostHosts = '/etc/hosts'): Promise<Mount[]> {
  const hostname = rec.config.hostname || rec.id.slice(0, 12);
  // With the host's network, the host's names are the container's too, as in Docker.
  const hosts = rec.host.networkMode === 'host'
    ? (await readHostFile(hostHosts)).split('\n').filter((l) => l.trim() !== '')
    : [...HOSTS_BASE];
  for (const entry of rec.host.extraHosts) {
    const sep = entry.indexOf(':');
    if (sep > 0) hosts.push(`${entry.slice(sep + 1)}\t${entry.slice(0, sep)}`);
  }
  for (const link of net.linkHosts) hosts.push(`${link.address}\t${link.names.join(' ')}`);
  if (net.ownAddress) {
    const fqdn = rec.config.domainname ? `${hostname}.${rec.config.domainname} ` : '';
    hosts.push(`${net.ownAddress}\t${fqdn}${hostname}`);
  }
  const host = await readHostFile(hostResolvConf);
  await Promise.all([
    writeFile(join(dir, 'hostname'), `${hostname}\n`),
    writeFile(join(dir, 'hosts'), hosts.join('\n') + '\n'),
    writeFile(join(dir, 'resolv.conf'), containerResolvConf({
      host, dns: rec.host.dns, dnsSearch: rec.host.dnsSearch ?? [], dnsOptions: rec.host.dnsOptions ?? [],
      ...(net.nameserver ? { embeddedServer: net.nameserver } : {}), hostNetwork: rec.host.networkMode === 'host',
    })),
  ]);
  const bind = (name: string): Mount => ({ type: 'bind', source: join(dir, name), target: `/etc/${name}`, options: ['rbind', 'rprivate'] });
  return [bind('hostname'), bind('hosts'), bind('resolv.conf')];
}

async function readHostFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}
