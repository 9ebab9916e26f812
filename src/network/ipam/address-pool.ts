import type { IpamPoolConfig } from '../../core/network.js';
import { conflict, invalidArgument, EngineError } from '../../core/engine-error.js';
import { cidrContains, cidrSize, formatIpv4, type Ipv4Cidr, parseCidr, parseIpv4 } from './ipv4.js';

/**
 * The addresses of one network's pool: who has which, and the next one to hand out. Addresses
 * are handed out in order after the last one given (wrapping around), as Docker does, so an
 * address just freed is not reused at once while peers may still have it in their ARP caches.
 * The pool is in memory only: the engine rebuilds it at boot from the containers that run, which
 * is what makes a lease crash-safe (a lease is part of a running container's saved record).
 */
export class AddressPool {
  private readonly subnet: Ipv4Cidr;
  private readonly range: Ipv4Cidr;
  private readonly gateway: number;
  private readonly used = new Set<number>();
  private last: number;

  constructor(config: IpamPoolConfig) {
    this.subnet = parseCidr(config.subnet);
    this.range = config.ipRange ? parseCidr(config.ipRange) : this.subnet;
    this.gateway = parseIpv4(config.gateway);
    this.last = this.range.network;
  }

  get prefixLength(): number {
    return this.subnet.prefixLength;
  }

  /** Takes `address` for a container (`--ip`, or a lease found at boot). */
  reserve(address: string): void {
    const n = parseIpv4(address);
    if (!cidrContains(this.subnet, n)) throw invalidArgument(`no available IPv4 address: ${address} is not in subnet ${formatIpv4(this.subnet.network)}/${this.subnet.prefixLength}`);
    if (n === this.gateway || n === this.subnet.network || n === this.broadcast()) {
      throw invalidArgument(`address ${address} is reserved in subnet ${formatIpv4(this.subnet.network)}/${this.subnet.prefixLength}`);
    }
    if (this.used.has(n)) throw conflict(`Address already in use: ${address}`);
    this.used.add(n);
  }

  /** The next free address in the range. */
  allocate(): string {
    const first = this.range.network;
    const size = cidrSize(this.range);
    for (let i = 1; i <= size; i++) {
      const n = first + ((this.last - first + i) % size);
      if (this.used.has(n) || n === this.gateway || n === this.subnet.network || n === this.broadcast()) continue;
      this.used.add(n);
      this.last = n;
      return formatIpv4(n);
    }
    throw new EngineError('unavailable', `no available IPv4 addresses on this network's address pools (range ${formatIpv4(first)}/${this.range.prefixLength})`);
  }

  release(address: string): void {
    this.used.delete(parseIpv4(address));
  }

  inUse(): string[] {
    return [...this.used].sort((a, b) => a - b).map(formatIpv4);
  }

  private broadcast(): number {
    return this.subnet.network + cidrSize(this.subnet) - 1;
  }
}
