import { ContainersApi } from './containers-api.js';
import { type DaemonHost, resolveDaemonHost } from './daemon-host.js';
import { ExecApi } from './exec-api.js';
import { HttpTransport } from './http-transport.js';
import { ImagesApi } from './images-api.js';
import { NetworksApi } from './networks-api.js';
import { SystemApi } from './system-api.js';
import { VolumesApi } from './volumes-api.js';

export interface ClientOptions {
  /** `-H/--host`; falls back to DOCKER_HOST, then the default socket. */
  host?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * A typed Docker Engine API client for berthd (or any daemon speaking the same
 * API) over a Unix socket. Endpoint groups share one transport, so one keep-alive
 * agent and one version negotiation serve every call a command makes. Call
 * `close()` when done so idle connections don't linger.
 */
export class DockerClient {
  readonly host: DaemonHost;
  readonly http: HttpTransport;
  readonly containers: ContainersApi;
  readonly images: ImagesApi;
  readonly exec: ExecApi;
  readonly system: SystemApi;
  readonly volumes: VolumesApi;
  readonly networks: NetworksApi;

  constructor(host: DaemonHost, opts: { apiVersion?: string } = {}) {
    this.host = host;
    this.http = new HttpTransport(host, opts.apiVersion ? { apiVersion: opts.apiVersion } : {});
    this.containers = new ContainersApi(this.http);
    this.images = new ImagesApi(this.http);
    this.exec = new ExecApi(this.http);
    this.system = new SystemApi(this.http);
    this.volumes = new VolumesApi(this.http);
    this.networks = new NetworksApi(this.http);
  }

  /** Host from the flag or DOCKER_HOST; DOCKER_API_VERSION pins the version and skips negotiation. */
  static fromEnvironment(opts: ClientOptions = {}): DockerClient {
    const env = opts.env ?? process.env;
    const apiVersion = env['DOCKER_API_VERSION'];
    return new DockerClient(resolveDaemonHost(opts.host, env), apiVersion ? { apiVersion } : {});
  }

  close(): void {
    this.http.close();
  }
}
