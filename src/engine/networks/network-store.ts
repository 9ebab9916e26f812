import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { notFound } from '../../core/engine-error.js';
import type { NetworkRecord } from '../../core/network.js';
import { writeFileAtomic } from '../../sys/atomic-file.js';

/**
 * Network records, one file each under `<root>/<id>.json`, written atomically. Lookup follows
 * Docker: exact id, then exact name, then a unique id prefix.
 */
export class NetworkStore {
  private readonly byId = new Map<string, NetworkRecord>();

  private constructor(private readonly root: string) {}

  static async open(root: string): Promise<NetworkStore> {
    await mkdir(root, { recursive: true, mode: 0o700 });
    const store = new NetworkStore(root);
    for (const f of await readdir(root)) {
      if (!f.endsWith('.json')) continue;
      try {
        const rec = JSON.parse(await readFile(join(root, f), 'utf8')) as NetworkRecord;
        if (`${rec.id}.json` === f) store.byId.set(rec.id, rec);
      } catch {
        await rm(join(root, f), { force: true }); // a torn write never got renamed in; anything else unreadable is not ours
      }
    }
    return store;
  }

  all(): NetworkRecord[] {
    return [...this.byId.values()].sort((a, b) => a.created.localeCompare(b.created));
  }

  find(ref: string): NetworkRecord | undefined {
    const exact = this.byId.get(ref) ?? this.all().find((n) => n.name === ref);
    if (exact) return exact;
    const byPrefix = ref.length > 0 ? this.all().filter((n) => n.id.startsWith(ref)) : [];
    return byPrefix.length === 1 ? byPrefix[0] : undefined;
  }

  get(ref: string): NetworkRecord {
    const n = this.find(ref);
    if (!n) throw notFound(`network ${ref} not found`);
    return n;
  }

  async save(rec: NetworkRecord): Promise<void> {
    await writeFileAtomic(join(this.root, `${rec.id}.json`), JSON.stringify(rec));
    this.byId.set(rec.id, rec);
  }

  async remove(rec: NetworkRecord): Promise<void> {
    await rm(join(this.root, `${rec.id}.json`), { force: true });
    this.byId.delete(rec.id);
  }
}
