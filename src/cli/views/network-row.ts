import type { NetworkResource } from '../../client/types/network-types.js';
import { goTimeString } from '../units/go-time.js';
import { truncateId } from './image-reference.js';
import { TableHeader } from './table-header.js';

export const NETWORK_TABLE = 'table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}';

export const networkHeader = new TableHeader({
  ID: 'NETWORK ID', Name: 'NAME', Driver: 'DRIVER', Scope: 'SCOPE', IPv4: 'IPV4', IPv6: 'IPV6', Internal: 'INTERNAL',
  Labels: 'LABELS', CreatedAt: 'CREATED AT',
});

/** A `network ls` row as docker's networkContext presents it. */
export class NetworkRow {
  constructor(private readonly n: NetworkResource, private readonly trunc: boolean) {}

  get ID(): string { return this.trunc ? truncateId(this.n.Id) : this.n.Id; }
  get Name(): string { return this.n.Name; }
  get Driver(): string { return this.n.Driver; }
  get Scope(): string { return this.n.Scope; }
  get IPv4(): string { return String(this.n.EnableIPv4 ?? true); }
  get IPv6(): string { return String(this.n.EnableIPv6); }
  get Internal(): string { return String(this.n.Internal); }

  get Labels(): string {
    return Object.entries(this.n.Labels ?? {}).map(([k, v]) => `${k}=${v}`).sort().join(',');
  }

  Label(name: string): string {
    return this.n.Labels?.[name] ?? '';
  }

  /** Go's time.String() of the creation time, nanoseconds kept. */
  get CreatedAt(): string {
    return goTimeString(new Date(this.n.Created), /\.(\d+)/.exec(this.n.Created)?.[1] ?? '');
  }

  toJSON(): Record<string, unknown> {
    const keys = ['CreatedAt', 'Driver', 'ID', 'IPv4', 'IPv6', 'Internal', 'Labels', 'Name', 'Scope'] as const;
    return Object.fromEntries(keys.map((k) => [k, this[k]]));
  }
}
