import { parseResolvConf } from '../../network/resolv-conf.js';

/** What decides a container's /etc/resolv.conf. */
export interface ResolvConfInput {
  /** The host's /etc/resolv.conf text. */
  host: string;
  /** `--dns`: replaces the nameservers. */
  dns: string[];
  /** `--dns-search`: replaces the search domains; `.` alone means none. */
  dnsSearch: string[];
  /** `--dns-option`: replaces the options. */
  dnsOptions: string[];
  /** The embedded DNS server of a user-defined network, which then is the only nameserver. */
  embeddedServer?: string;
  /** `--network host`: the host's loopback resolvers are reachable, so they stay. */
  hostNetwork?: boolean;
}

/** Docker's fallback when the host has only loopback resolvers, which a container cannot reach. */
const FALLBACK_NAMESERVERS = ['8.8.8.8', '8.8.4.4'];

/**
 * Docker's rules for a container's resolv.conf:
 *  - nameservers: the embedded server on user networks; else `--dns`; else the host's without
 *    loopback ones (127.x, ::1; kept with `--network host`), or Google's public resolvers if none remain;
 *  - search: `--dns-search` (`.` = none) or the host's;
 *  - options: `--dns-option` or the host's; on user networks `ndots:0` unless ndots is given,
 *    so a container name is asked as is before the search list.
 */
export function containerResolvConf(i: ResolvConfInput): string {
  const host = parseResolvConf(i.host);
  let nameservers: string[];
  if (i.embeddedServer) nameservers = [i.embeddedServer];
  else if (i.dns.length) nameservers = i.dns;
  else {
    nameservers = i.hostNetwork ? host.nameservers : host.nameservers.filter((ns) => !ns.startsWith('127.') && ns !== '::1');
    if (nameservers.length === 0) nameservers = FALLBACK_NAMESERVERS;
  }
  const search = i.dnsSearch.length ? i.dnsSearch.filter((d) => d !== '.') : host.search;
  const options = i.dnsOptions.length ? [...i.dnsOptions] : [...host.options];
  if (i.embeddedServer && !options.some((o) => o.startsWith('ndots:'))) options.push('ndots:0');
  return [
    ...nameservers.map((ns) => `nameserver ${ns}`),
    ...(search.length ? [`search ${search.join(' ')}`] : []),
    ...(options.length ? [`options ${options.join(' ')}`] : []),
    '',
  ].join('\n');
}
