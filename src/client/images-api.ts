import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { HttpTransport } from './http-transport.js';
import { encodeFilters } from './query-string.js';
import type { ImageDeleteItem, ImageHistoryItem, ImageInspect, ImagePruneResponse, ImageSummary } from './types/image-types.js';

const enc = encodeURIComponent;

/** `/images/...` endpoints. `name` is a reference (`busybox:latest`), an id or an id prefix. */
export class ImagesApi {
  constructor(private readonly http: HttpTransport) {}

  list(opts: { all?: boolean; digests?: boolean; filters?: Record<string, string[]> } = {}): Promise<ImageSummary[]> {
    return this.http.json('GET', '/images/json', {
      query: { all: opts.all || undefined, digests: opts.digests || undefined, filters: encodeFilters(opts.filters) },
    });
  }

  inspect(name: string): Promise<ImageInspect> {
    return this.http.json('GET', `/images/${enc(name)}/json`);
  }

  async history(name: string): Promise<ImageHistoryItem[]> {
    return (await this.http.json<ImageHistoryItem[] | null>('GET', `/images/${enc(name)}/history`)) ?? [];
  }

  async tag(source: string, repo: string, tag: string | undefined): Promise<void> {
    await this.http.empty('POST', `/images/${enc(source)}/tag`, { query: { repo, tag } });
  }

  async remove(name: string, opts: { force?: boolean; noPrune?: boolean } = {}): Promise<ImageDeleteItem[]> {
    return (await this.http.json<ImageDeleteItem[] | null>('DELETE', `/images/${enc(name)}`, {
      query: { force: opts.force || undefined, noprune: opts.noPrune || undefined },
    })) ?? [];
  }

  prune(opts: { filters?: Record<string, string[]> } = {}): Promise<ImagePruneResponse> {
    return this.http.json('POST', '/images/prune', { query: { filters: encodeFilters(opts.filters) } });
  }

  /** Starts a pull; the answer is JSON progress lines (see consumeProgress). */
  pull(image: string, opts: { tag?: string; platform?: string; signal?: AbortSignal } = {}): Promise<IncomingMessage> {
    return this.http.request('POST', '/images/create', {
      query: { fromImage: image, tag: opts.tag, platform: opts.platform },
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  }

  /**
   * Creates an image from a root filesystem tarball streamed as the request body
   * (`fromSrc=-`); the answer is JSON progress lines whose last status is the new id.
   */
  import(tar: Readable, opts: { repo?: string; tag?: string; message?: string; changes?: string[]; platform?: string } = {}):
    Promise<IncomingMessage> {
    return this.http.request('POST', '/images/create', {
      query: {
        fromSrc: '-', repo: opts.repo, tag: opts.tag, message: opts.message, changes: opts.changes, platform: opts.platform,
      },
      stream: tar,
      headers: { 'Content-Type': 'application/x-tar' },
    });
  }
}
