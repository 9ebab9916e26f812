import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { ClientError } from './client-error.js';
import type { HijackedStream } from './hijack.js';
import type { HttpTransport } from './http-transport.js';
import { encodeFilters } from './query-string.js';
import { readText } from './read-text.js';
import type {
  ContainerCreateRequest, ContainerCreateResponse, ContainerInspect, ContainerPathStat, ContainerPruneResponse,
  ContainerSummary, ContainerTopResponse, ContainerWaitResponse, FilesystemChange,
} from './types/container-types.js';

export type Filters = Record<string, string[]>;

export interface LogsOptions {
  follow?: boolean;
  stdout?: boolean;
  stderr?: boolean;
  since?: string;
  until?: string;
  timestamps?: boolean;
  tail?: string;
  details?: boolean;
  signal?: AbortSignal;
}

/** A stream of container output; `multiplexed` is undefined when the daemon didn't say. */
export interface OutputStream {
  body: IncomingMessage;
  multiplexed: boolean | undefined;
}

const enc = encodeURIComponent;

/** `/containers/...` endpoints. `id` is a container id, id prefix or name throughout. */
export class ContainersApi {
  constructor(private readonly http: HttpTransport) {}

  list(opts: { all?: boolean; limit?: number; size?: boolean; filters?: Filters } = {}): Promise<ContainerSummary[]> {
    return this.http.json('GET', '/containers/json', {
      query: { all: opts.all || undefined, limit: opts.limit, size: opts.size || undefined, filters: encodeFilters(opts.filters) },
    });
  }

  create(body: ContainerCreateRequest, opts: { name?: string; platform?: string } = {}): Promise<ContainerCreateResponse> {
    return this.http.json('POST', '/containers/create', { query: { name: opts.name, platform: opts.platform }, json: body });
  }

  inspect(id: string, opts: { size?: boolean } = {}): Promise<ContainerInspect> {
    return this.http.json('GET', `/containers/${enc(id)}/json`, { query: { size: opts.size || undefined } });
  }

  /** Docker's 304 ("already started") is an outcome, not an error. */
  async start(id: string, opts: { detachKeys?: string } = {}): Promise<'started' | 'already-started'> {
    const status = await this.http.empty('POST', `/containers/${enc(id)}/start`, { query: { detachKeys: opts.detachKeys } });
    return status === 304 ? 'already-started' : 'started';
  }

  async stop(id: string, opts: { timeout?: number; signal?: string } = {}): Promise<'stopped' | 'already-stopped'> {
    const status = await this.http.empty('POST', `/containers/${enc(id)}/stop`, { query: { t: opts.timeout, signal: opts.signal } });
    return status === 304 ? 'already-stopped' : 'stopped';
  }

  async restart(id: string, opts: { timeout?: number; signal?: string } = {}): Promise<void> {
    await this.http.empty('POST', `/containers/${enc(id)}/restart`, { query: { t: opts.timeout, signal: opts.signal } });
  }

  async kill(id: string, opts: { signal?: string } = {}): Promise<void> {
    await this.http.empty('POST', `/containers/${enc(id)}/kill`, { query: { signal: opts.signal } });
  }

  async remove(id: string, opts: { force?: boolean; volumes?: boolean; link?: boolean } = {}): Promise<void> {
    await this.http.empty('DELETE', `/containers/${enc(id)}`, {
      query: { force: opts.force || undefined, v: opts.volumes || undefined, link: opts.link || undefined },
    });
  }

  /**
   * Registers a wait and resolves once the daemon has answered with headers, which
   * is when the wait is in place: only then is it safe to start the container
   * (docker's CLI relies on the same ordering). `result` settles when the
   * condition is met.
   */
  async wait(id: string, opts: { condition?: 'not-running' | 'next-exit' | 'removed'; signal?: AbortSignal } = {}):
    Promise<{ result: Promise<ContainerWaitResponse> }> {
    const res = await this.http.request('POST', `/containers/${enc(id)}/wait`, {
      query: { condition: opts.condition }, ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const result = readText(res).then((text) => {
      if (text.trim() === '') throw new ClientError(0, 'the daemon closed the wait request without a result');
      return JSON.parse(text) as ContainerWaitResponse;
    });
    result.catch(() => undefined); // the caller may never look at it (e.g. when start fails)
    return { result };
  }

  attach(id: string, opts: { stdin?: boolean; stdout?: boolean; stderr?: boolean; logs?: boolean; detachKeys?: string }):
    Promise<HijackedStream> {
    return this.http.hijack('POST', `/containers/${enc(id)}/attach`, {
      query: {
        stream: true, stdin: opts.stdin || undefined, stdout: opts.stdout || undefined, stderr: opts.stderr || undefined,
        logs: opts.logs || undefined, detachKeys: opts.detachKeys,
      },
    });
  }

  async resize(id: string, size: { height: number; width: number }): Promise<void> {
    await this.http.empty('POST', `/containers/${enc(id)}/resize`, { query: { h: size.height, w: size.width } });
  }

  async logs(id: string, opts: LogsOptions): Promise<OutputStream> {
    const body = await this.http.request('GET', `/containers/${enc(id)}/logs`, {
      query: {
        stdout: opts.stdout ?? true, stderr: opts.stderr ?? true, follow: opts.follow || undefined, since: opts.since,
        until: opts.until, timestamps: opts.timestamps || undefined, tail: opts.tail, details: opts.details || undefined,
      },
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return { body, multiplexed: multiplexedFromContentType(body) };
  }

  top(id: string, psArgs?: string): Promise<ContainerTopResponse> {
    return this.http.json('GET', `/containers/${enc(id)}/top`, { query: { ps_args: psArgs } });
  }

  async rename(id: string, name: string): Promise<void> {
    await this.http.empty('POST', `/containers/${enc(id)}/rename`, { query: { name } });
  }

  async pause(id: string): Promise<void> {
    await this.http.empty('POST', `/containers/${enc(id)}/pause`);
  }

  async unpause(id: string): Promise<void> {
    await this.http.empty('POST', `/containers/${enc(id)}/unpause`);
  }

  prune(opts: { filters?: Filters } = {}): Promise<ContainerPruneResponse> {
    return this.http.json('POST', '/containers/prune', { query: { filters: encodeFilters(opts.filters) } });
  }

  async changes(id: string): Promise<FilesystemChange[]> {
    return (await this.http.json<FilesystemChange[] | null>('GET', `/containers/${enc(id)}/changes`)) ?? [];
  }

  /** The container's filesystem as a tar stream. */
  export(id: string): Promise<IncomingMessage> {
    return this.http.request('GET', `/containers/${enc(id)}/export`);
  }

  /** One sample (`stream: false`) or a JSON-lines stream of samples. */
  stats(id: string, opts: { stream: boolean; oneShot?: boolean; signal?: AbortSignal }): Promise<IncomingMessage> {
    return this.http.request('GET', `/containers/${enc(id)}/stats`, {
      query: { stream: opts.stream, 'one-shot': opts.oneShot || undefined }, ...(opts.signal ? { signal: opts.signal } : {}),
    });
  }

  /** Stats a path in the container (HEAD archive); not_found when it doesn't exist. */
  async statPath(id: string, path: string): Promise<ContainerPathStat> {
    const res = await this.http.request('HEAD', `/containers/${enc(id)}/archive`, { query: { path } });
    res.resume();
    return decodePathStat(res);
  }

  /** A tar of `path` in the container, with the stat of `path` itself. */
  async getArchive(id: string, path: string): Promise<{ body: IncomingMessage; stat: ContainerPathStat }> {
    const body = await this.http.request('GET', `/containers/${enc(id)}/archive`, { query: { path } });
    return { body, stat: decodePathStat(body) };
  }

  /** Extracts a tar stream into directory `path` of the container. */
  async putArchive(id: string, path: string, tar: Readable, opts: { noOverwriteDirNonDir?: boolean; copyUIDGID?: boolean } = {}):
    Promise<void> {
    await this.http.empty('PUT', `/containers/${enc(id)}/archive`, {
      query: { path, noOverwriteDirNonDir: opts.noOverwriteDirNonDir || undefined, copyUIDGID: opts.copyUIDGID || undefined },
      stream: tar, headers: { 'Content-Type': 'application/x-tar' },
    });
  }

  /** `POST /commit`: a new image from the container's changes. */
  commit(id: string, opts: { repo?: string; tag?: string; comment?: string; author?: string; changes?: string[]; pause?: boolean }):
    Promise<{ Id: string }> {
    return this.http.json('POST', '/commit', {
      query: {
        container: id, repo: opts.repo, tag: opts.tag, comment: opts.comment, author: opts.author,
        pause: opts.pause ?? true, changes: opts.changes,
      },
      json: {},
    });
  }
}

/** API >= 1.42 labels output streams; older daemons leave it to the caller (inspect the tty flag). */
export function multiplexedFromContentType(res: IncomingMessage): boolean | undefined {
  const type = res.headers['content-type'] ?? '';
  if (type.includes('multiplexed-stream')) return true;
  if (type.includes('raw-stream')) return false;
  return undefined;
}

function decodePathStat(res: IncomingMessage): ContainerPathStat {
  const header = res.headers['x-docker-container-path-stat'];
  if (typeof header !== 'string') throw new ClientError(0, 'the daemon sent no X-Docker-Container-Path-Stat header');
  return JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as ContainerPathStat;
}
