import type { ImageHistoryItem } from '../../client/types/image-types.js';
import { ellipsis } from '../format/display-width.js';
import { timeAgo } from '../units/human-duration.js';
import { humanSize } from '../units/human-size.js';
import { truncateId } from './image-reference.js';
import { TableHeader } from './table-header.js';

export const HISTORY_TABLE = 'table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
export const HISTORY_TABLE_RAW = 'table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';

export const historyHeader = new TableHeader({
  ID: 'IMAGE', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', CreatedBy: 'CREATED BY', Size: 'SIZE', Comment: 'COMMENT',
});

/** One `history` row, as docker's historyContext. `human` is `-H` (on by default). */
export class HistoryRow {
  constructor(private readonly h: ImageHistoryItem, private readonly trunc: boolean, private readonly human: boolean,
    private readonly now = Date.now()) {}

  get ID(): string {
    return this.trunc ? truncateId(this.h.Id) : this.h.Id;
  }

  get CreatedAt(): string {
    return rfc3339(new Date(this.h.Created * 1000));
  }

  get CreatedSince(): string {
    return this.human ? timeAgo(this.h.Created, this.now) : this.CreatedAt;
  }

  get CreatedBy(): string {
    const text = this.h.CreatedBy.replaceAll('\t', ' ');
    return this.trunc ? ellipsis(text, 45) : text;
  }

  get Size(): string {
    return this.human ? humanSize(this.h.Size, 3) : String(this.h.Size);
  }

  get Comment(): string {
    return this.h.Comment;
  }

  toJSON(): Record<string, unknown> {
    const keys = ['Comment', 'CreatedAt', 'CreatedBy', 'CreatedSince', 'ID', 'Size'] as const;
    return Object.fromEntries(keys.map((k) => [k, this[k]]));
  }
}

/** Go's time.RFC3339 in local time: `2006-01-02T15:04:05Z07:00`. */
function rfc3339(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone = off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${p(Math.trunc(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${zone}`;
}
