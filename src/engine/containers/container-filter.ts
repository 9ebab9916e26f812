import type { ContainerRecord } from '../../core/container.js';
import { invalidArgument } from '../../core/engine-error.js';
import { labelMatches } from '../../core/label-match.js';

export const CONTAINER_FILTER_KEYS = ['id', 'name', 'label', 'status', 'ancestor', 'exited', 'before', 'since', 'health', 'isolation', 'network', 'volume', 'publish', 'expose', 'is-task'] as const;
const STATUSES = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'];

export interface FilterContext {
  /** Resolves an image reference to its id, or undefined if unknown (for `ancestor`). */
  imageId(ref: string): string | undefined;
  find(ref: string): ContainerRecord | undefined;
  /** Resolves a network name or id to its id (for `network`); absent in engines without networks. */
  networkId?(ref: string): string | undefined;
}

/**
 * Docker's container list filters: values of one key are OR-ed, keys are AND-ed.
 * Label filters are `key` or `key=value`; `name` and `id` match substrings / prefixes as Docker does.
 */
export function containerMatcher(filters: Map<string, string[]>, ctx: FilterContext): (rec: ContainerRecord) => boolean {
  for (const key of filters.keys()) {
    if (!(CONTAINER_FILTER_KEYS as readonly string[]).includes(key)) throw invalidArgument(`invalid filter '${key}'`);
  }
  for (const s of filters.get('status') ?? []) {
    if (!STATUSES.includes(s)) throw invalidArgument(`invalid filter 'status=${s}'`);
  }
  const exited = (filters.get('exited') ?? []).map((v) => {
    if (!/^-?\d+$/.test(v)) throw invalidArgument(`invalid filter 'exited=${v}'`);
    return Number(v);
  });
  const ancestors = (filters.get('ancestor') ?? []).map((a) => ctx.imageId(a) ?? `unknown:${a}`);
  const before = (filters.get('before') ?? []).map((r) => ctx.find(r)?.created ?? missing('before', r));
  const since = (filters.get('since') ?? []).map((r) => ctx.find(r)?.created ?? missing('since', r));
  const names = (filters.get('name') ?? []).map((v) => {
    try {
      return new RegExp(v.replace(/^\//, ''));
    } catch {
      throw invalidArgument(`invalid filter 'name=${v}'`);
    }
  });
  const any = <T>(vals: T[] | undefined, f: (v: T) => boolean) => !vals || vals.length === 0 || vals.some(f);
  const networks = (filters.get('network') ?? []).map((n) => ctx.networkId?.(n) ?? `unknown:${n}`);
  const portSpec = (key: string) => (filters.get(key) ?? []).map((v) => {
    const m = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/.exec(v);
    if (!m) throw invalidArgument(`invalid filter '${key}=${v}'`);
    return { port: Number(m[1]), protocol: m[2] };
  });
  for (const h of filters.get('health') ?? []) {
    if (!['starting', 'healthy', 'unhealthy', 'none'].includes(h)) throw invalidArgument(`invalid filter 'health=${h}'`);
  }
  const healthOf = (rec: ContainerRecord) => (!rec.config.healthcheck || rec.config.healthcheck.test[0] === 'NONE' ? 'none' : rec.state.health?.status ?? 'starting');
  const published = portSpec('publish');
  const exposed = portSpec('expose');

  return (rec) =>
    any(filters.get('id'), (v) => rec.id.startsWith(v)) &&
    any(names.length ? names : undefined, (re) => re.test(rec.name)) &&
    (filters.get('label') ?? []).every((l) => labelMatches(rec.config.labels, l)) &&
    any(filters.get('status'), (s) => s === rec.state.status) &&
    any(exited.length ? exited : undefined, (c) => rec.state.status === 'exited' && rec.state.exitCode === c) &&
    any(ancestors.length ? ancestors : undefined, (id) => rec.config.imageId === id) &&
    before.every((t) => rec.created < t) &&
    since.every((t) => rec.created > t) &&
    any(filters.get('health'), (h) => healthOf(rec) === h) &&
    any(networks.length ? networks : undefined, (id) => (rec.endpoints ?? []).some((e) => e.networkId === id)) &&
    any(published.length ? published : undefined, (p) => (rec.networkState?.ports ?? [])
      .some((b) => b.hostPort === p.port && (!p.protocol || b.protocol === p.protocol))) &&
    any(exposed.length ? exposed : undefined, (p) => rec.config.exposedPorts
      .some((e) => { const [port, proto = 'tcp'] = e.split('/'); return Number(port) === p.port && (!p.protocol || proto === p.protocol); }));
}

function missing(key: string, ref: string): never {
  throw invalidArgument(`No such container: ${ref} (in filter '${key}')`);
}
