import { lstat, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mount } from '../core/mount.js';
import { EngineError, invalidArgument, notFound } from '../core/engine-error.js';
import { writeFileAtomic } from '../sys/atomic-file.js';
import { validateVolumeName } from './volume-name.js';
import type { Volume } from './volume.js';

/** How the store mounts and unmounts volumes with a `type` option (tmpfs, bind via `none`, a device). */
export interface VolumeMounter {
  mountAll(mounts: Mount[], target: string): Promise<void> | void;
  unmount(target: string): Promise<void> | void;
  isMountPoint(path: string): Promise<boolean>;
}

export interface CreateVolumeOptions {
  labels?: Record<string, string>;
  options?: Record<string, string>;
}

const DRIVER_OPTIONS = new Set(['type', 'device', 'o']);
const META = 'volume.json';

/**
 * The local volume driver: `<root>/<name>/_data` is the volume, `<root>/<name>/volume.json` its
 * metadata (written atomically, so a crash leaves a volume or none). Volumes with a `type`
 * option are mounted when created and unmounted when removed, and mounted again at open after
 * a reboot: simpler than Docker's mount-on-first-use, at the cost of holding tmpfs memory while
 * no container uses the volume.
 */
export class LocalVolumeStore {
  private readonly volumes = new Map<string, Volume>();

  private constructor(private readonly root: string, private readonly mounter: VolumeMounter) {}

  static async open(root: string, mounter: VolumeMounter): Promise<LocalVolumeStore> {
    await mkdir(root, { recursive: true, mode: 0o701 });
    const store = new LocalVolumeStore(root, mounter);
    for (const name of await readdir(root)) {
      const vol = await readFile(join(root, name, META), 'utf8').then((t) => JSON.parse(t) as Volume, () => undefined);
      if (!vol || vol.name !== name) continue;
      vol.mountpoint = store.dataDir(name);
      store.volumes.set(name, vol);
      if (vol.options.type && !(await mounter.isMountPoint(vol.mountpoint))) await store.mountOptions(vol);
    }
    return store;
  }

  private dataDir(name: string): string {
    return join(this.root, name, '_data');
  }

  find(name: string): Volume | undefined {
    return this.volumes.get(name);
  }

  get(name: string): Volume {
    const vol = this.volumes.get(name);
    if (!vol) throw notFound(`get ${name}: no such volume`);
    return vol;
  }

  list(): Volume[] {
    return [...this.volumes.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Creates the volume, or returns the existing one of that name (Docker's create is idempotent). */
  async create(name: string, opts: CreateVolumeOptions = {}): Promise<{ volume: Volume; created: boolean }> {
    const existing = this.volumes.get(name);
    if (existing) return { volume: existing, created: false };
    validateVolumeName(name);
    const options = opts.options ?? {};
    for (const k of Object.keys(options)) {
      if (!DRIVER_OPTIONS.has(k)) throw invalidArgument(`create ${name}: invalid option key: "${k}"`);
    }
    if (options.type && !options.device) throw invalidArgument(`create ${name}: missing required option: "device"`);
    if (!options.type && (options.device || options.o)) throw invalidArgument(`create ${name}: missing required option: "type"`);
    const vol: Volume = {
      name, driver: 'local', mountpoint: this.dataDir(name), createdAt: new Date().toISOString(),
      labels: { ...opts.labels }, options: { ...options },
    };
    await mkdir(vol.mountpoint, { recursive: true, mode: 0o755 });
    try {
      if (options.type) await this.mountOptions(vol);
      await writeFileAtomic(join(this.root, name, META), JSON.stringify(vol));
    } catch (err) {
      await this.mounter.unmount(vol.mountpoint);
      await rm(join(this.root, name), { recursive: true, force: true });
      throw err;
    }
    this.volumes.set(name, vol);
    return { volume: vol, created: true };
  }

  private async mountOptions(vol: Volume): Promise<void> {
    const { type = '', device = '', o = '' } = vol.options;
    const options = o.split(',').filter(Boolean);
    // Docker's `type=none,o=bind`: the "device" is a host directory.
    const mount: Mount = { type: type === 'none' ? 'bind' : type, source: device, target: '', options };
    try {
      await this.mounter.mountAll([mount], vol.mountpoint);
    } catch (err) {
      throw new EngineError('internal', `error while mounting volume '${vol.mountpoint}': ${(err as Error).message}`);
    }
  }

  /** Deletes the volume and its data; a mounted device is unmounted first, so its own content survives. */
  async remove(name: string): Promise<void> {
    const vol = this.get(name);
    if (vol.options.type) {
      await this.mounter.unmount(vol.mountpoint);
      if (await this.mounter.isMountPoint(vol.mountpoint)) throw new EngineError('conflict', `remove ${name}: volume is still mounted`);
    }
    this.volumes.delete(name);
    await rm(join(this.root, name, META), { force: true });
    await rm(join(this.root, name), { recursive: true, force: true });
  }

  /** Bytes under the volume's data directory (`prune` reports what it reclaimed). */
  async size(name: string): Promise<number> {
    return treeSize(this.get(name).mountpoint);
  }

  async isEmpty(name: string): Promise<boolean> {
    return (await readdir(this.get(name).mountpoint)).length === 0;
  }
}

async function treeSize(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += await treeSize(p);
    else total += await lstat(p).then((s) => s.size, () => 0);
  }
  return total;
}
