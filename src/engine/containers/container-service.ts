import type { Duplex } from 'node:stream';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { ContainerRecord } from '../../core/container.js';
import { ZERO_TIME } from '../../core/container.js';
import { conflict, EngineError, invalidArgument } from '../../core/engine-error.js';
import { newObjectId } from '../../core/object-id.js';
import { bridgeAttach, parseDetachKeys } from './attach-bridge.js';
import { type ContainerContext, type ContainerDeps, eventAttributes, initLayerDir, rootfsDir, runDir, runtimeFor } from './container-context.js';
import { ContainerLifecycle } from './container-lifecycle.js';
import { ensureInitLayer, withInitLayer } from './init-layer.js';
import { type CreateRequest, DEFAULT_HOST_SETTINGS } from './create-request.js';
import { ExitWatchers, type ExitResult } from './exit-watchers.js';
import { KeyedMutex } from './keyed-mutex.js';
import { mergeImageConfig } from './merge-image-config.js';
import { generateName } from './name-generator.js';
import { PendingAttaches } from './pending-attaches.js';
import { resolveVolumeMounts, volumeNamesOf } from './resolve-volume-mounts.js';
import { withVolumesFrom } from './volumes-from.js';

export type WaitCondition = 'not-running' | 'next-exit' | 'removed';

/**
 * The container use cases the API exposes. Lifecycle transitions live in ContainerLifecycle;
 * this class creates, finds, lists, attaches to and removes containers.
 */
export class ContainerService {
  private readonly ctx: ContainerContext;
  private readonly attaches = new PendingAttaches();
  readonly lifecycle: ContainerLifecycle;

  constructor(deps: ContainerDeps) {
    this.ctx = { ...deps, locks: new KeyedMutex(), watchers: new ExitWatchers() };
    this.lifecycle = new ContainerLifecycle(this.ctx, this.attaches, (rec) => this.removeAfterExit(rec));
  }

  get context(): ContainerContext {
    return this.ctx;
  }

  async create(req: CreateRequest): Promise<{ id: string; warnings: string[] }> {
    const { ctx } = this;
    const image = await ctx.images.resolve(req.config.image);
    const config = mergeImageConfig(req.config, image.config.config ?? {}, image.id);
    const host = { ...DEFAULT_HOST_SETTINGS, ...req.host };
    host.resources = { ...host.resources };
    if (host.volumesFrom?.length) host.mounts = withVolumesFrom(host.mounts, host.volumesFrom, (ref) => ctx.store.get(ref));
    runtimeFor(ctx, { host } as ContainerRecord);
    if (host.autoRemove && host.restartPolicy.name !== 'no') {
      throw invalidArgument("can't create 'AutoRemove' container with restart policy");
    }
    const id = newObjectId();
    const name = req.name ? req.name.replace(/^\//, '') : this.uniqueName();
    ctx.store.checkName(name);
    const warnings: string[] = [];
    // Docker: a container on the host's network is named as the host, unless told otherwise.
    if (host.networkMode === 'host' && !config.hostname) config.hostname = hostname();
    if (host.networkMode === 'host' && (host.portBindings?.length || host.publishAllPorts)) {
      delete host.portBindings;
      delete host.publishAllPorts;
      warnings.push('Published ports are discarded when using host network mode');
    }
    const endpoints = ctx.networks?.endpointsForCreate(host.networkMode, req.endpoints ?? []);
    if (!ctx.networks && (host.portBindings?.length || host.publishAllPorts)) {
      throw new EngineError('not_implemented', 'publishing ports needs bridge networking, which this engine was built without');
    }
    // Volumes last among the checks: they are created here and must be undone on any failure.
    ctx.specs.validateHost({ ...host, mounts: host.mounts.filter((m) => m.type !== 'volume') });
    const resolved = await resolveVolumeMounts(ctx.volumes, host, config.volumes);
    host.mounts = resolved.mounts;
    const now = new Date().toISOString();
    let rootfsMounts: ContainerRecord['rootfsMounts'];
    try {
      ctx.specs.validateHost(host);
      rootfsMounts = withInitLayer(await ctx.images.prepareContainerRootfs(id, image.id), initLayerDir(ctx, id));
    } catch (err) {
      await ctx.volumes?.removeAnonymous(resolved.anonymous).catch(() => undefined);
      throw err;
    }
    const rec: ContainerRecord = {
      id, name, created: now, config, host, snapshotKey: id, rootfsMounts,
      rootfsPath: rootfsDir(ctx, id),
      logPath: join(ctx.store.dir(id), 'container.log'),
      ...(endpoints?.length ? { endpoints } : {}),
      state: {
        status: 'created', pid: 0, exitCode: 0, oomKilled: false, error: '', startedAt: ZERO_TIME, finishedAt: ZERO_TIME,
        restartCount: 0, stoppedByUser: false,
      },
    };
    try {
      await ctx.store.add(rec);
      await ensureInitLayer(initLayerDir(ctx, id));
    } catch (err) {
      await ctx.images.removeContainerRootfs(id).catch(() => undefined);
      await ctx.volumes?.removeAnonymous(resolved.anonymous).catch(() => undefined);
      throw err;
    }
    ctx.events.publish({ type: 'container', action: 'create', id, attributes: eventAttributes(rec) });
    return { id, warnings };
  }

  private uniqueName(): string {
    for (;;) {
      const name = generateName();
      if (!this.ctx.store.find(name)) return name;
    }
  }

  get(ref: string): ContainerRecord {
    return this.ctx.store.get(ref);
  }

  list(): ContainerRecord[] {
    return this.ctx.store.all().sort((a, b) => b.created.localeCompare(a.created));
  }

  async rename(ref: string, newName: string): Promise<void> {
    const rec = this.ctx.store.get(ref);
    if (!newName) throw invalidArgument('Neither old nor new names may be empty');
    const oldName = rec.name;
    await this.ctx.locks.run(rec.id, () => this.ctx.store.rename(rec, newName));
    this.ctx.events.publish({ type: 'container', action: 'rename', id: rec.id, attributes: eventAttributes(rec, { oldName: `/${oldName}` }) });
  }

  /** Docker's remove: 409 while running unless forced; force kills first. `volumes` is `rm -v` (anonymous ones). */
  async remove(ref: string, opts: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    const rec = this.ctx.store.get(ref);
    if (rec.state.status === 'running' || rec.state.status === 'paused' || rec.state.status === 'restarting') {
      if (!opts.force) {
        throw conflict(`cannot remove container "/${rec.name}": container is ${rec.state.status}: stop the container before removing or force remove`);
      }
      if (rec.state.status === 'restarting') rec.state.status = 'exited';
      else await this.stopNow(rec);
    }
    await this.ctx.locks.run(rec.id, () => this.removeLocked(rec, opts.volumes ?? false));
  }

  /** SIGKILL and wait for the exit to be recorded. */
  private async stopNow(rec: ContainerRecord): Promise<void> {
    const exited = this.ctx.watchers.nextExit(rec.id);
    rec.state.stoppedByUser = true;
    if (rec.state.status === 'paused') await runtimeFor(this.ctx, rec).resume(rec.id).catch(() => undefined);
    await runtimeFor(this.ctx, rec).kill(rec.id, 'SIGKILL', { all: true }).catch(() => undefined);
    await exited;
  }

  private async removeLocked(rec: ContainerRecord, removeVolumes = false): Promise<void> {
    if (!this.ctx.store.find(rec.id)) return;
    if (rec.state.status === 'running' || rec.state.status === 'paused') throw conflict(`container ${rec.id} was started again while being removed`);
    rec.state.status = 'removing';
    this.attaches.cancel(rec.id);
    await this.ctx.mounts.unmount(rootfsDir(this.ctx, rec.id), { detach: true });
    await this.ctx.images.removeContainerRootfs(rec.snapshotKey);
    await this.ctx.store.remove(rec);
    if (removeVolumes) {
      await this.ctx.volumes?.removeAnonymous(volumeNamesOf(rec.host.mounts))
        .catch((err) => this.ctx.onBackgroundError(`removing the volumes of ${rec.id}`, err));
    }
    this.ctx.events.publish({ type: 'container', action: 'destroy', id: rec.id, attributes: eventAttributes(rec) });
    this.ctx.watchers.notifyRemoved(rec.id, { exitCode: rec.state.exitCode });
  }

  private async removeAfterExit(rec: ContainerRecord): Promise<void> {
    await this.ctx.locks.run(rec.id, () => this.removeLocked(rec, true)).catch((err) => this.ctx.onBackgroundError(`auto-remove of ${rec.id}`, err));
  }

  /**
   * Removes every stopped container `matches` selects. `measure` gives the bytes each one's
   * removal frees (its writable layer), taken under its lock just before it goes.
   */
  async prune(matches: (rec: ContainerRecord) => boolean, measure?: (rec: ContainerRecord) => Promise<number>):
    Promise<{ removed: string[]; reclaimed: number }> {
    const removed: string[] = [];
    let reclaimed = 0;
    for (const rec of this.list()) {
      if (rec.state.status !== 'exited' && rec.state.status !== 'created' && rec.state.status !== 'dead') continue;
      if (!matches(rec)) continue;
      try {
        const size = await this.ctx.locks.run(rec.id, async () => {
          const bytes = this.ctx.store.find(rec.id) && measure ? await measure(rec).catch(() => 0) : 0;
          await this.removeLocked(rec);
          return bytes;
        });
        removed.push(rec.id);
        reclaimed += size;
      } catch (err) {
        if (!EngineError.is(err, 'conflict')) throw err;
      }
    }
    return { removed, reclaimed };
  }

  /**
   * Registers the waiter synchronously, so a caller that answers its client's headers right
   * after this returns (as `docker run` requires before it starts the container) misses no exit.
   */
  wait(ref: string, condition: WaitCondition, signal?: AbortSignal): Promise<ExitResult> {
    const rec = this.ctx.store.get(ref);
    const running = rec.state.status === 'running' || rec.state.status === 'paused' || rec.state.status === 'restarting';
    if (condition === 'removed') return this.ctx.watchers.removed(rec.id, signal);
    if (condition === 'not-running' && !running) return Promise.resolve({ exitCode: rec.state.exitCode });
    return this.ctx.watchers.nextExit(rec.id, signal);
  }

  /**
   * Joins a client connection to the container's stdio. For a container that is not running
   * yet the session waits for its start (Docker's `run` attaches first).
   */
  async attach(ref: string, client: Duplex, opts: { stdin: boolean; stdout: boolean; stderr: boolean; detachKeys?: string }): Promise<void> {
    const rec = this.ctx.store.get(ref);
    if (rec.state.status === 'paused') throw conflict(`container ${rec.id} is paused, unpause the container before attach`);
    let detachKeys: Buffer;
    try {
      detachKeys = parseDetachKeys(opts.detachKeys ?? 'ctrl-p,ctrl-q');
    } catch (err) {
      throw invalidArgument((err as Error).message);
    }
    const streams = { ...opts, tty: rec.config.tty, detachKeys };
    if (rec.state.status === 'running') {
      const sock = await this.ctx.monitor.connectAttach(runDir(this.ctx, rec.id));
      return bridgeAttach(sock, client, streams);
    }
    return new Promise((resolve) => {
      const unregister = this.attaches.add(rec.id, {
        connect: async (dir) => {
          try {
            const sock = await this.ctx.monitor.connectAttach(dir);
            void bridgeAttach(sock, client, streams).then(resolve);
          } catch {
            client.end();
            resolve();
          }
        },
        cancel: () => { client.end(); resolve(); },
      });
      client.once('close', () => { unregister(); resolve(); });
    });
  }

  async resize(ref: string, rows: number, cols: number): Promise<void> {
    const rec = this.ctx.store.get(ref);
    if (rec.state.status !== 'running') throw conflict(`Container ${rec.id} is not running`);
    await this.ctx.monitor.resize(runDir(this.ctx, rec.id), rows, cols);
  }
}

export type { ExitResult };
