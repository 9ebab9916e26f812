import type { HttpTransport } from './http-transport.js';
import { readJsonLines } from './json-lines.js';
import { encodeFilters } from './query-string.js';
import type { BuildCachePruneResponse, DiskUsage, EventMessage, SystemInfo, SystemVersion } from './types/system-types.js';

/** `/_ping`, `/version`, `/info`, `/events`, `/system/df`, `/build/prune`. */
export class SystemApi {
  constructor(private readonly http: HttpTransport) {}

  /** The daemon's ping headers (API-Version, OSType, Server, ...) by lower-case name. */
  async ping(opts: { signal?: AbortSignal } = {}): Promise<Record<string, string>> {
    const res = await this.http.ping(opts);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') headers[name] = value;
    return headers;
  }

  version(): Promise<SystemVersion> {
    return this.http.json('GET', '/version');
  }

  info(): Promise<SystemInfo> {
    return this.http.json('GET', '/info');
  }

  /** Disk usage; `types` (API 1.42+) limits the sections computed. */
  diskUsage(opts: { types?: string[] } = {}): Promise<DiskUsage> {
    return this.http.json('GET', '/system/df', { query: { type: opts.types } });
  }

  /** The build cache part of `system prune` (docker sends `filters=` even when empty). */
  buildPrune(opts: { all?: boolean; filters?: Record<string, string[]> } = {}): Promise<BuildCachePruneResponse> {
    return this.http.json('POST', '/build/prune', { query: { all: opts.all || undefined, filters: encodeFilters(opts.filters) ?? '' } });
  }

  /**
   * Streams events as they happen (until `until`, or forever); breaking out of the
   * loop or aborting `signal` closes the request.
   */
  async *events(opts: { since?: string; until?: string; filters?: Record<string, string[]>; signal?: AbortSignal } = {}):
    AsyncGenerator<EventMessage, void, undefined> {
    const body = await this.http.request('GET', '/events', {
      query: { since: opts.since, until: opts.until, filters: encodeFilters(opts.filters) },
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    try {
      // timeNano exceeds 2^53: keep its digits as a string rather than round them.
      yield* readJsonLines<EventMessage>(body, { transformLine: (line) => line.replace(/"timeNano":(\d+)/, '"timeNano":"$1"') });
    } finally {
      body.destroy();
    }
  }
}
