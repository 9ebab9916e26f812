import type { Volume } from '../../client/types/volume-types.js';
import { humanSize } from '../units/human-size.js';
import { TableHeader } from './table-header.js';

export const VOLUME_TABLE = 'table {{.Driver}}\t{{.Name}}';

export const volumeHeader = new TableHeader({
  Name: 'VOLUME NAME', Driver: 'DRIVER', Scope: 'SCOPE', Mountpoint: 'MOUNTPOINT', Labels: 'LABELS', Links: 'LINKS',
  Size: 'SIZE', Group: 'GROUP', Availability: 'AVAILABILITY', Status: 'STATUS',
});

/** A `volume ls` row as docker's volumeContext presents it; usage columns need `system df` data. */
export class VolumeRow {
  constructor(private readonly v: Volume) {}

  get Name(): string { return this.v.Name; }
  get Driver(): string { return this.v.Driver; }
  get Scope(): string { return this.v.Scope; }
  get Mountpoint(): string { return this.v.Mountpoint; }

  get Labels(): string {
    return Object.entries(this.v.Labels ?? {}).map(([k, v]) => `${k}=${v}`).sort().join(',');
  }

  Label(name: string): string {
    return this.v.Labels?.[name] ?? '';
  }

  get Links(): string {
    return this.v.UsageData ? String(this.v.UsageData.RefCount) : 'N/A';
  }

  get Size(): string {
    if (!this.v.UsageData) return 'N/A';
    return this.v.UsageData.Size === -1 ? 'N/A' : humanSize(this.v.UsageData.Size);
  }

  // Cluster volume fields: not for local volumes.
  get Group(): string { return 'N/A'; }
  get Availability(): string { return 'N/A'; }
  get Status(): string { return 'N/A'; }

  toJSON(): Record<string, unknown> {
    const keys = ['Availability', 'Driver', 'Group', 'Labels', 'Links', 'Mountpoint', 'Name', 'Scope', 'Size', 'Status'] as const;
    return Object.fromEntries(keys.map((k) => [k, this[k]]));
  }
}
