import type { HttpTransport } from './http-transport.js';
import { encodeFilters } from './query-string.js';
import type { EndpointSettings, NetworkCreateRequest, NetworkCreateResponse, NetworkPruneResponse, NetworkResource } from './types/network-types.js';

const enc = encodeURIComponent;

/** `/networks/...` endpoints. `id` is a network id, id prefix or name. */
export class NetworksApi {
  constructor(private readonly http: HttpTransport) {}

  async list(opts: { filters?: Record<string, string[]> } = {}): Promise<NetworkResource[]> {
    return (await this.http.json<NetworkResource[] | null>('GET', '/networks', { query: { filters: encodeFilters(opts.filters) } })) ?? [];
  }

  create(body: NetworkCreateRequest): Promise<NetworkCreateResponse> {
    return this.http.json('POST', '/networks/create', { json: body });
  }

  inspect(id: string, opts: { verbose?: boolean } = {}): Promise<NetworkResource> {
    return this.http.json('GET', `/networks/${enc(id)}`, { query: { verbose: opts.verbose ? 'true' : undefined } });
  }

  async remove(id: string): Promise<void> {
    await this.http.empty('DELETE', `/networks/${enc(id)}`);
  }

  prune(opts: { filters?: Record<string, string[]> } = {}): Promise<NetworkPruneResponse> {
    return this.http.json('POST', '/networks/prune', { query: { filters: encodeFilters(opts.filters) } });
  }

  async connect(id: string, container: string, endpoint: EndpointSettings): Promise<void> {
    await this.http.empty('POST', `/networks/${enc(id)}/connect`, { json: { Container: container, EndpointConfig: endpoint } });
  }

  async disconnect(id: string, container: string, opts: { force?: boolean } = {}): Promise<void> {
    await this.http.empty('POST', `/networks/${enc(id)}/disconnect`, { json: { Container: container, Force: opts.force ?? false } });
  }
}
