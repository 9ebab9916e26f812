import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerRecord } from '../../core/container.js';
import { conflict, EngineError, notFound } from '../../core/engine-error.js';
import { writeFileAtomic } from '../../sys/atomic-file.js';

const RECORD_FILE = 'container.json';
const NAME_RE = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/**
 * Container records: one directory per container under `<root>/<id>/`, the record written
 * atomically. Memory holds the same records for fast reads; disk is the truth after a crash.
 * Name uniqueness is enforced here, since it is a property of the whole set.
 */
export class ContainerStore {
  private readonly byId = new Map<string, ContainerRecord>();
  private readonly byName = new Map<string, string>();

  private constructor(private readonly root: string) {}

  /** Loads every complete record; a directory without a readable record is left for reconcile. */
  static async open(root: string): Promise<{ store: ContainerStore; orphanDirs: string[] }> {
    await mkdir(root, { recursive: true, mode: 0o710 });
    const store = new ContainerStore(root);
    const orphanDirs: string[] = [];
    for (const id of await readdir(root)) {
      try {
        const rec = JSON.parse(await readFile(join(root, id, RECORD_FILE), 'utf8')) as ContainerRecord;
        if (rec.id !== id) throw new Error('id mismatch');
        store.byId.set(id, rec);
        store.byName.set(rec.name, id);
      } catch {
        orphanDirs.push(join(root, id));
      }
    }
    return { store, orphanDirs };
  }

  dir(id: string): string {
    return join(this.root, id);
  }

  all(): ContainerRecord[] {
    return [...this.byId.values()];
  }

  /** Finds by full id, unique id prefix, or name (with or without the leading slash). */
  find(ref: string): ContainerRecord | undefined {
    const byName = this.byName.get(ref.replace(/^\//, ''));
    if (byName) return this.byId.get(byName);
    const exact = this.byId.get(ref);
    if (exact) return exact;
    if (!/^[a-f0-9]+$/.test(ref)) return undefined;
    let found: ContainerRecord | undefined;
    for (const [id, rec] of this.byId) {
      if (!id.startsWith(ref)) continue;
      if (found) throw new EngineError('not_found', `No such container: ${ref} (multiple containers match this prefix)`);
      found = rec;
    }
    return found;
  }

  get(ref: string): ContainerRecord {
    if (ref === '') throw notFound('No such container: ');
    const rec = this.find(ref);
    if (!rec) throw notFound(`No such container: ${ref}`);
    return rec;
  }

  checkName(name: string): void {
    if (!NAME_RE.test(name)) {
      throw new EngineError('invalid_argument', `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    }
    const holder = this.byName.get(name);
    if (holder) {
      throw conflict(`Conflict. The container name "/${name}" is already in use by container "${holder}". ` +
        'You have to remove (or rename) that container to be able to reuse that name.');
    }
  }

  /** Adds a new record: directory first, record last, so a crash leaves at most an orphan dir. */
  async add(rec: ContainerRecord): Promise<void> {
    this.checkName(rec.name);
    this.byName.set(rec.name, rec.id);
    try {
      await mkdir(this.dir(rec.id), { mode: 0o710 });
      await writeFileAtomic(join(this.dir(rec.id), RECORD_FILE), JSON.stringify(rec));
    } catch (err) {
      this.byName.delete(rec.name);
      throw err;
    }
    this.byId.set(rec.id, rec);
  }

  async save(rec: ContainerRecord): Promise<void> {
    await writeFileAtomic(join(this.dir(rec.id), RECORD_FILE), JSON.stringify(rec));
  }

  async rename(rec: ContainerRecord, newName: string): Promise<void> {
    const name = newName.replace(/^\//, '');
    if (name === rec.name) return;
    this.checkName(name);
    const old = rec.name;
    this.byName.set(name, rec.id);
    rec.name = name;
    try {
      await this.save(rec);
    } catch (err) {
      rec.name = old;
      this.byName.delete(name);
      throw err;
    }
    this.byName.delete(old);
  }

  /** Removes the record first (atomic unlink of the file), then the rest of the directory. */
  async remove(rec: ContainerRecord): Promise<void> {
    await rm(join(this.dir(rec.id), RECORD_FILE), { force: true });
    this.byId.delete(rec.id);
    if (this.byName.get(rec.name) === rec.id) this.byName.delete(rec.name);
    await rm(this.dir(rec.id), { recursive: true, force: true });
  }
}
