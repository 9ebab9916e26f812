import { readFileSync, statSync } from 'node:fs';
import type { NetworkRecord } from '../core/network.js';
import type { DnsNames } from '../engine/networks/network-dns-names.js';
import type { DnsPort } from '../engine/networks/network-service.js';
import { EmbeddedDnsServer } from '../network/dns/embedded-dns-server.js';
import { parseResolvConf } from '../network/resolv-conf.js';

/**
 * One embedded DNS server per user-defined network, on its gateway address. Forwarding goes to
 * the host's resolvers (re-read when /etc/resolv.conf changes); internal networks don't forward.
 */
export class EmbeddedDnsAdapter implements DnsPort {
  private readonly servers = new Map<string, EmbeddedDnsServer>();
  private cached = { mtimeMs: -1, nameservers: [] as string[] };

  constructor(private readonly onError: (err: unknown) => void, private readonly resolvConfPath = '/etc/resolv.conf') {}

  async serve(net: NetworkRecord, names: DnsNames): Promise<void> {
    if (this.servers.has(net.id)) return;
    try {
      const server = await EmbeddedDnsServer.start({
        address: net.ipam[0]!.gateway,
        records: { lookup: (name, client) => names.lookup(name, client), reverse: (ip, client) => names.reverse(ip, client) },
        upstreams: (client) => (net.internal ? [] : names.resolversOf(client) ?? this.hostNameservers()),
        onError: this.onError,
      });
      this.servers.set(net.id, server);
    } catch (err) {
      // A host resolver bound to 0.0.0.0:53 can hold the port: the network still works, without names.
      this.onError(new Error(`no embedded DNS on network ${net.name} (${net.ipam[0]!.gateway}:53): ${err instanceof Error ? err.message : String(err)}`));
    }
  }

  async stop(networkId: string): Promise<void> {
    const server = this.servers.get(networkId);
    this.servers.delete(networkId);
    await server?.close();
  }

  private hostNameservers(): string[] {
    try {
      const { mtimeMs } = statSync(this.resolvConfPath);
      if (mtimeMs !== this.cached.mtimeMs) {
        this.cached = { mtimeMs, nameservers: parseResolvConf(readFileSync(this.resolvConfPath, 'utf8')).nameservers };
      }
    } catch {
      this.cached = { mtimeMs: -1, nameservers: [] };
    }
    return this.cached.nameservers;
  }
}
