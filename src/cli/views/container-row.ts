import type { ContainerSummary } from '../../client/types/container-types.js';
import { ellipsis } from '../format/display-width.js';
import { goQuote } from '../format/go-format.js';
import { timeAgo } from '../units/human-duration.js';
import { humanSize } from '../units/human-size.js';
import { goTimeString } from '../units/go-time.js';
import { familiarName, parseReference, truncateId } from './image-reference.js';
import { portsText } from './ports-text.js';
import { TableHeader } from './table-header.js';

export const CONTAINER_TABLE = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';
/** `system df -v`'s containers table. */
export const CONTAINER_TABLE_DF = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}';

export const containerHeader = new TableHeader({
  ID: 'CONTAINER ID', Names: 'NAMES', Image: 'IMAGE', Command: 'COMMAND', CreatedAt: 'CREATED AT', RunningFor: 'CREATED',
  Ports: 'PORTS', State: 'STATE', Status: 'STATUS', Size: 'SIZE', Labels: 'LABELS', Mounts: 'MOUNTS', LocalVolumes: 'LOCAL VOLUMES',
  Networks: 'NETWORKS', Platform: 'PLATFORM',
});

/** A `ps` row as docker's ContainerContext presents it to `--format` templates. */
export class ContainerRow {
  constructor(private readonly c: ContainerSummary, private readonly trunc: boolean, private readonly now = Date.now()) {}

  get ID(): string {
    return this.trunc ? truncateId(this.c.Id) : this.c.Id;
  }

  get Names(): string {
    const names = this.c.Names.map((n) => n.replace(/^\//, ''));
    // Links show up as extra names with a slash; the short form keeps the container's own.
    if (this.trunc) return names.find((n) => !n.includes('/')) ?? names.join(',');
    return names.join(',');
  }

  get Image(): string {
    const image = this.c.Image;
    if (!image) return '<no image>';
    if (!this.trunc) return image;
    if (truncateId(this.c.ImageID ?? '') === truncateId(image)) return truncateId(image);
    if (image.startsWith('sha256:')) return image;
    const ref = parseReference(image);
    return ref.tag !== undefined ? `${familiarName(ref.name)}:${ref.tag}` : familiarName(ref.name);
  }

  get Command(): string {
    return goQuote(this.trunc ? ellipsis(this.c.Command, 20) : this.c.Command);
  }

  get CreatedAt(): string {
    return goTimeString(new Date(this.c.Created * 1000));
  }

  get RunningFor(): string {
    return timeAgo(this.c.Created, this.now);
  }

  get Ports(): string {
    return portsText(this.c.Ports);
  }

  get State(): string {
    return this.c.State;
  }

  get Status(): string {
    return this.c.Status;
  }

  get Size(): string {
    const rw = humanSize(this.c.SizeRw ?? 0, 3);
    return (this.c.SizeRootFs ?? 0) > 0 ? `${rw} (virtual ${humanSize(this.c.SizeRootFs!, 3)})` : rw;
  }

  get Labels(): string {
    return Object.entries(this.c.Labels ?? {}).map(([k, v]) => `${k}=${v}`).sort().join(',');
  }

  Label(name: string): string {
    return this.c.Labels?.[name] ?? '';
  }

  get Mounts(): string {
    return (this.c.Mounts ?? []).map((m) => {
      const name = m.Name || m.Source || '';
      return this.trunc ? ellipsis(name, 15) : name;
    }).join(',');
  }

  get LocalVolumes(): string {
    return String((this.c.Mounts ?? []).filter((m) => m.Driver === 'local').length);
  }

  get Networks(): string {
    return Object.keys(this.c.NetworkSettings?.Networks ?? {}).sort().join(',');
  }

  get Platform(): null {
    return null;
  }

  /** `{{json .}}`: every field, keys sorted, as docker's MarshalJSON gives them. */
  toJSON(): Record<string, unknown> {
    const keys = ['Command', 'CreatedAt', 'ID', 'Image', 'Labels', 'LocalVolumes', 'Mounts', 'Names', 'Networks', 'Platform',
      'Ports', 'RunningFor', 'Size', 'State', 'Status'] as const;
    return Object.fromEntries(keys.map((k) => [k, this[k]]));
  }
}
