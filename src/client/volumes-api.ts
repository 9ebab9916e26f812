import type { HttpTransport } from './http-transport.js';
import { encodeFilters } from './query-string.js';
import type { Volume, VolumeCreateRequest, VolumeListResponse, VolumePruneResponse } from './types/volume-types.js';

const enc = encodeURIComponent;

/** `/volumes/...` endpoints. */
export class VolumesApi {
  constructor(private readonly http: HttpTransport) {}

  list(opts: { filters?: Record<string, string[]> } = {}): Promise<VolumeListResponse> {
    return this.http.json('GET', '/volumes', { query: { filters: encodeFilters(opts.filters) } });
  }

  create(body: VolumeCreateRequest): Promise<Volume> {
    return this.http.json('POST', '/volumes/create', { json: body });
  }

  inspect(name: string): Promise<Volume> {
    return this.http.json('GET', `/volumes/${enc(name)}`);
  }

  async remove(name: string, opts: { force?: boolean } = {}): Promise<void> {
    await this.http.empty('DELETE', `/volumes/${enc(name)}`, { query: { force: opts.force || undefined } });
  }

  prune(opts: { filters?: Record<string, string[]> } = {}): Promise<VolumePruneResponse> {
    return this.http.json('POST', '/volumes/prune', { query: { filters: encodeFilters(opts.filters) } });
  }
}
