import type { ContainerRecord } from '../../core/container.js';
import { invalidArgument } from '../../core/engine-error.js';
import type { ContainerSize } from '../../engine/system/disk-usage.js';
import type { ContainerService } from '../../engine/containers/container-service.js';
import { containerMatcher } from '../../engine/containers/container-filter.js';
import type { ContainerLogs } from '../../engine/containers/container-logs.js';
import type { ContainerStats } from '../../engine/containers/container-stats.js';
import { toDockerStats } from '../dockercompat/container-stats-json.js';
import type { ExecService } from '../../engine/containers/exec-service.js';
import { type ApiHandler, type ApiRequest, json, noContent, notModified } from '../api-types.js';
import { toCreateRequest } from '../dockercompat/container-create-request.js';
import { type NetworkView, toContainerInspect, toContainerSummary } from '../dockercompat/container-json.js';
import { parseFilters, queryBool, queryInt, readJsonBody } from '../request-parsing.js';
import type { Router } from '../router.js';
import { labelMatches } from '../../core/label-match.js';

export interface ContainerHandlerDeps {
  containers: ContainerService;
  logs: ContainerLogs;
  execs: ExecService;
  stats: ContainerStats;
  imageIdOf: (ref: string) => string | undefined;
  /** Network names for NetworkSettings. */
  networks?: NetworkView;
  /** Sizes for `?size=1` and the space prune reclaims; absent: sizes are not reported (0). */
  sizeOf?: (rec: ContainerRecord) => Promise<ContainerSize>;
}

/** Container endpoints: parse the request, call the service, shape Docker's answer. */
export function addContainerRoutes(router: Router<ApiHandler>, d: ContainerHandlerDeps): void {
  const { containers } = d;
  const lifecycle = containers.lifecycle;
  const sizeOf = d.sizeOf ?? (async () => ({ rw: 0, rootFs: 0 }));

  router.add('POST', '/containers/create', async (req) => {
    const name = req.query.get('name');
    const body = await readJsonBody(req.body, req.signal);
    const { id, warnings } = await containers.create(toCreateRequest(body, name));
    return json({ Id: id, Warnings: warnings }, 201);
  });

  router.add('GET', '/containers/json', async (req) => {
    const all = queryBool(req.query, 'all');
    const limit = queryInt(req.query, 'limit') ?? -1;
    const matches = containerMatcher(parseFilters(req.query.get('filters')), {
      imageId: d.imageIdOf, find: (ref) => containers.context.store.find(ref),
      networkId: (ref) => d.networks?.all().find((n) => n.id === ref || n.name === ref || n.id.startsWith(ref))?.id,
    });
    let list = containers.list().filter((c) => (all || limit > 0 || c.state.status === 'running' || c.state.status === 'paused' || c.state.status === 'restarting') && matches(c));
    if (limit > 0) list = list.slice(0, limit);
    if (!queryBool(req.query, 'size')) return json(list.map((c) => toContainerSummary(c, d.networks)));
    const out = [];
    for (const rec of list) {
      const size = await sizeOf(rec);
      out.push({ ...toContainerSummary(rec, d.networks), SizeRw: size.rw, SizeRootFs: size.rootFs });
    }
    return json(out);
  });

  router.add('GET', '/containers/:id/json', async (req) => {
    const rec = containers.get(req.params.id!);
    const size = queryBool(req.query, 'size') ? await sizeOf(rec) : undefined;
    return json(toContainerInspect(rec, { execIds: d.execs.idsFor(rec.id), ...(size ? { sizeRw: size.rw, sizeRootFs: size.rootFs } : {}) }, d.networks));
  });

  router.add('POST', '/containers/:id/start', async (req) => {
    const outcome = await lifecycle.start(req.params.id!);
    return outcome === 'already-running' ? notModified() : noContent();
  });

  router.add('POST', '/containers/:id/stop', async (req) => {
    const outcome = await lifecycle.stop(req.params.id!, stopOptions(req));
    return outcome === 'not-running' ? notModified() : noContent();
  });

  router.add('POST', '/containers/:id/restart', async (req) => {
    await lifecycle.restart(req.params.id!, stopOptions(req));
    return noContent();
  });

  router.add('POST', '/containers/:id/kill', async (req) => {
    await lifecycle.kill(req.params.id!, req.query.get('signal') || 'SIGKILL');
    return noContent();
  });

  router.add('POST', '/containers/:id/pause', async (req) => { await lifecycle.pause(req.params.id!); return noContent(); });
  router.add('POST', '/containers/:id/unpause', async (req) => { await lifecycle.unpause(req.params.id!); return noContent(); });

  router.add('POST', '/containers/:id/wait', async (req) => {
    const condition = req.query.get('condition') || 'not-running';
    if (condition !== 'not-running' && condition !== 'next-exit' && condition !== 'removed') {
      throw invalidArgument(`invalid condition: "${condition}"`);
    }
    const result = containers.wait(req.params.id!, condition, req.signal);
    return {
      kind: 'deferred-json', status: 200,
      body: result.then((r) => ({ StatusCode: r.exitCode, ...(r.error ? { Error: { Message: r.error } } : {}) })),
    };
  });

  router.add('POST', '/containers/:id/attach', async (req) => {
    const rec = containers.get(req.params.id!);
    const opts = {
      stdin: queryBool(req.query, 'stdin'), stdout: queryBool(req.query, 'stdout'), stderr: queryBool(req.query, 'stderr'),
      ...(req.query.has('detachKeys') ? { detachKeys: req.query.get('detachKeys')! } : {}),
    };
    return {
      kind: 'hijack',
      contentType: rec.config.tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream',
      run: (conn) => containers.attach(rec.id, conn, opts),
    };
  });

  router.add('POST', '/containers/:id/resize', async (req) => {
    const h = queryInt(req.query, 'h') ?? 0;
    const w = queryInt(req.query, 'w') ?? 0;
    if (h < 0 || w < 0) throw invalidArgument('invalid terminal size');
    await containers.resize(req.params.id!, h, w);
    return { kind: 'empty', status: 200 };
  });

  router.add('GET', '/containers/:id/logs', async (req) => {
    const rec = containers.get(req.params.id!);
    const stdout = queryBool(req.query, 'stdout');
    const stderr = queryBool(req.query, 'stderr');
    if (!stdout && !stderr) throw invalidArgument('Bad parameters: you must choose at least one stream');
    const tail = req.query.get('tail');
    const body = d.logs.read(rec.id, {
      stdout, stderr, follow: queryBool(req.query, 'follow'), timestamps: queryBool(req.query, 'timestamps'),
      since: parseTime(req.query.get('since')), until: parseTime(req.query.get('until')),
      ...(parseTail(tail) !== undefined ? { tail: parseTail(tail)! } : {}),
      signal: req.signal,
    });
    return {
      kind: 'stream', status: 200,
      contentType: rec.config.tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream', body,
    };
  });

  router.add('GET', '/containers/:id/stats', async (req) => {
    containers.get(req.params.id!); // a 404 before the 200 of the stream
    const stream = queryBool(req.query, 'stream', true);
    const samples = d.stats.read(req.params.id!, { stream, oneShot: !stream && queryBool(req.query, 'one-shot'), signal: req.signal });
    return {
      kind: 'stream', status: 200, contentType: 'application/json',
      body: (async function* () {
        for await (const s of samples) yield JSON.stringify(toDockerStats(s)) + '\n';
      })(),
    };
  });

  router.add('GET', '/containers/:id/top', async (req) => {
    const top = await d.logs.top(req.params.id!, req.query.get('ps_args') || '-ef');
    return json(top);
  });

  router.add('POST', '/containers/:id/rename', async (req) => {
    await containers.rename(req.params.id!, req.query.get('name') ?? '');
    return noContent();
  });

  router.add('DELETE', '/containers/:id', async (req) => {
    await containers.remove(req.params.id!, { force: queryBool(req.query, 'force'), volumes: queryBool(req.query, 'v') });
    return noContent();
  });

  router.add('POST', '/containers/prune', async (req) => {
    const filters = parseFilters(req.query.get('filters'));
    for (const k of filters.keys()) if (k !== 'label' && k !== 'label!' && k !== 'until') throw invalidArgument(`invalid filter '${k}'`);
    const until = filters.get('until')?.map((v) => parseTime(v) ?? 0);
    const { removed, reclaimed } = await containers.prune((rec) => {
      const labels = rec.config.labels;
      const has = (l: string) => labelMatches(labels, l);
      return (filters.get('label') ?? []).every(has) && !(filters.get('label!') ?? []).some(has) &&
        (until ?? []).every((t) => Date.parse(rec.created) / 1000 < t);
    }, async (rec) => (await sizeOf(rec)).rw);
    return json({ ContainersDeleted: removed.length ? removed : null, SpaceReclaimed: reclaimed });
  });
}

function stopOptions(req: ApiRequest): { signal?: string; timeoutS?: number } {
  const t = queryInt(req.query, 't') ?? queryInt(req.query, 'timeout');
  const signal = req.query.get('signal');
  return { ...(t !== undefined ? { timeoutS: t } : {}), ...(signal ? { signal } : {}) };
}

/** Docker's since/until: unix seconds with optional fraction, or an RFC 3339 time; 0 means unset. */
export function parseTime(v: string | null): number | undefined {
  if (v === null || v === '' || v === '0') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw invalidArgument(`invalid time value: ${JSON.stringify(v)}`);
  return t / 1000;
}

/**
 * Docker's `tail`: a line count; `all`, a negative number or anything unparsable means every line
 * (dockerode sends `tail=-1`, and Docker never refuses a tail).
 */
function parseTail(v: string | null): number | undefined {
  if (v === null || !/^-?\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n < 0 ? undefined : n;
}
