import { conflict, EngineError } from '../../core/engine-error.js';
import { copyUp } from '../../volume/copy-up.js';
import type { CreateVolumeOptions, LocalVolumeStore } from '../../volume/local-volume-store.js';
import { volumeMatches } from '../../volume/volume-filter.js';
import { ANONYMOUS_LABEL, anonymousVolumeName } from '../../volume/volume-name.js';
import type { Volume } from '../../volume/volume.js';
import type { EventBus } from '../events/event-bus.js';
import { KeyedMutex } from '../containers/keyed-mutex.js';

export interface VolumeServiceDeps {
  store: LocalVolumeStore;
  events: EventBus;
  /** Ids of the containers (any state) whose mounts name the volume. */
  usersOf: (name: string) => string[];
}

/**
 * The volume use cases: the `/volumes` API, and what containers need (create on first
 * reference, copy-up, removal of anonymous volumes with `rm -v`). A volume is in use while any
 * container record names it, running or not, as in Docker.
 */
export class VolumeService {
  private readonly locks = new KeyedMutex();

  constructor(private readonly d: VolumeServiceDeps) {}

  list(filters: Map<string, string[]> = new Map()): Volume[] {
    return this.d.store.list().filter((v) => volumeMatches(v, filters, this.d.usersOf(v.name).length > 0));
  }

  inspect(name: string): Volume {
    return this.d.store.get(name);
  }

  /** `POST /volumes/create`; an empty name gets a random one (not anonymous: Docker labels only container-made ones). */
  async create(name: string, opts: CreateVolumeOptions = {}): Promise<Volume> {
    const n = name || anonymousVolumeName();
    return this.locks.run(n, async () => {
      const { volume, created } = await this.d.store.create(n, opts);
      if (created) this.d.events.publish({ type: 'volume', action: 'create', id: n, attributes: { driver: volume.driver } });
      return volume;
    });
  }

  /** A volume for a container mount: the named one (created if missing) or a new anonymous one. */
  async forMount(name: string | undefined, options: Record<string, string> = {}): Promise<Volume> {
    if (name) return this.create(name, { options });
    return this.create(anonymousVolumeName(), { labels: { [ANONYMOUS_LABEL]: '' }, options });
  }

  /** Docker's copy-up: only into an empty volume, so a second container never overwrites data. */
  async copyUpIfEmpty(name: string, sourceDir: string): Promise<void> {
    await this.locks.run(name, async () => {
      if (await this.d.store.isEmpty(name)) await copyUp(sourceDir, this.d.store.get(name).mountpoint).catch(ignoreMissing);
    });
  }

  async remove(name: string, opts: { force?: boolean } = {}): Promise<void> {
    if (opts.force && !this.d.store.find(name)) return;
    this.d.store.get(name);
    await this.locks.run(name, async () => {
      const users = this.d.usersOf(name);
      if (users.length) throw conflict(`remove ${name}: volume is in use - [${users.join(', ')}]`);
      await this.d.store.remove(name);
      this.d.events.publish({ type: 'volume', action: 'destroy', id: name, attributes: { driver: 'local' } });
    });
  }

  /** `docker rm -v`: the container's anonymous volumes that no other container uses. */
  async removeAnonymous(names: string[]): Promise<void> {
    for (const name of names) {
      const vol = this.d.store.find(name);
      if (!vol || !(ANONYMOUS_LABEL in vol.labels) || this.d.usersOf(name).length) continue;
      await this.remove(name).catch((err) => { if (!EngineError.is(err, 'conflict') && !EngineError.is(err, 'not_found')) throw err; });
    }
  }

  /** Each volume with the bytes under it and how many containers (any state) name it: `docker system df`. */
  async usage(): Promise<Array<{ volume: Volume; size: number; refCount: number }>> {
    const out = [];
    for (const volume of this.d.store.list()) {
      out.push({ volume, size: await this.d.store.size(volume.name).catch(() => 0), refCount: this.d.usersOf(volume.name).length });
    }
    return out;
  }

  /** Unused volumes matching `filters`; only anonymous ones unless `all=true` (Docker 23+). */
  async prune(filters: Map<string, string[]>): Promise<{ deleted: string[]; reclaimed: number }> {
    const all = (filters.get('all') ?? []).some((v) => v === 'true' || v === '1');
    const deleted: string[] = [];
    let reclaimed = 0;
    for (const vol of this.list(filters)) {
      if (!all && !(ANONYMOUS_LABEL in vol.labels)) continue;
      if (this.d.usersOf(vol.name).length) continue;
      const size = await this.d.store.size(vol.name);
      try {
        await this.remove(vol.name);
      } catch (err) {
        if (EngineError.is(err, 'conflict') || EngineError.is(err, 'not_found')) continue;
        throw err;
      }
      deleted.push(vol.name);
      reclaimed += size;
    }
    return { deleted, reclaimed };
  }
}

function ignoreMissing(err: unknown): void {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
}
