import type { ImageSummary } from '../../client/types/image-types.js';
import { timeAgo } from '../units/human-duration.js';
import { humanSize } from '../units/human-size.js';
import { goTimeString } from '../units/go-time.js';
import { familiarName, parseReference, truncateId } from './image-reference.js';
import { TableHeader } from './table-header.js';

export const IMAGE_TABLE = 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}';
export const IMAGE_TABLE_DIGESTS = 'table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}';

export const imageHeader = new TableHeader({
  ID: 'IMAGE ID', Repository: 'REPOSITORY', Tag: 'TAG', Digest: 'DIGEST', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT',
  Size: 'SIZE', Containers: 'CONTAINERS', VirtualSize: 'SIZE', SharedSize: 'SHARED SIZE', UniqueSize: 'UNIQUE SIZE',
});

/** One `images` row (an image can give several: one per repository tag), as docker's imageContext. */
export class ImageRow {
  constructor(
    private readonly img: ImageSummary,
    readonly Repository: string,
    readonly Tag: string,
    readonly Digest: string,
    private readonly trunc: boolean,
    private readonly now = Date.now(),
  ) {}

  get ID(): string {
    return this.trunc ? truncateId(this.img.Id) : this.img.Id;
  }

  get CreatedSince(): string {
    return timeAgo(this.img.Created, this.now);
  }

  get CreatedAt(): string {
    return goTimeString(new Date(this.img.Created * 1000));
  }

  get Size(): string {
    return humanSize(this.img.Size, 3);
  }

  get Containers(): string {
    return this.img.Containers === -1 ? 'N/A' : String(this.img.Containers);
  }

  get VirtualSize(): string {
    return humanSize(this.img.Size);
  }

  get SharedSize(): string {
    return this.img.SharedSize === -1 ? 'N/A' : humanSize(this.img.SharedSize);
  }

  get UniqueSize(): string {
    return this.img.Size === -1 || this.img.SharedSize === -1 ? 'N/A' : humanSize(this.img.Size - this.img.SharedSize);
  }

  toJSON(): Record<string, unknown> {
    const keys = ['Containers', 'CreatedAt', 'CreatedSince', 'Digest', 'ID', 'Repository', 'SharedSize', 'Size', 'Tag',
      'UniqueSize', 'VirtualSize'] as const;
    return Object.fromEntries(keys.map((k) => [k, this[k]]));
  }
}

/**
 * Docker's row expansion: a row per repository tag (times each digest of that
 * repository when digests are shown), then rows for repositories known only by
 * digest, or a single `<none>` row.
 */
export function imageRows(images: readonly ImageSummary[], opts: { digests: boolean; trunc: boolean; now?: number }): ImageRow[] {
  const rows: ImageRow[] = [];
  const now = opts.now ?? Date.now();
  for (const img of images) {
    const tags = new Map<string, string[]>();
    const digests = new Map<string, string[]>();
    for (const ref of img.RepoTags ?? []) {
      const r = parseReference(ref);
      if (r.tag === undefined || r.name === '<none>') continue;
      const repo = familiarName(r.name);
      tags.set(repo, [...(tags.get(repo) ?? []), r.tag]);
    }
    for (const ref of img.RepoDigests ?? []) {
      const r = parseReference(ref);
      if (r.digest === undefined || r.name === '<none>') continue;
      const repo = familiarName(r.name);
      digests.set(repo, [...(digests.get(repo) ?? []), r.digest]);
    }
    for (const [repo, repoTags] of tags) {
      const repoDigests = opts.digests ? digests.get(repo) ?? [] : [];
      digests.delete(repo);
      for (const tag of repoTags) {
        if (repoDigests.length === 0) rows.push(new ImageRow(img, repo, tag, '<none>', opts.trunc, now));
        for (const d of repoDigests) rows.push(new ImageRow(img, repo, tag, d, opts.trunc, now));
      }
    }
    for (const [repo, repoDigests] of digests) {
      if (opts.digests) for (const d of repoDigests) rows.push(new ImageRow(img, repo, '<none>', d, opts.trunc, now));
      else rows.push(new ImageRow(img, repo, '<none>', '<none>', opts.trunc, now));
    }
    if (tags.size === 0 && digests.size === 0) rows.push(new ImageRow(img, '<none>', '<none>', '<none>', opts.trunc, now));
  }
  return rows;
}
