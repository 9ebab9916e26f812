import { readFile } from 'node:fs/promises';
import { internal } from '../../core/engine-error.js';
import { writeFileAtomic } from '../../sys/atomic-file.js';
import type { SnapshotKind, SnapshotUsage } from '../snapshotter.js';

export interface SnapshotRecord {
  /** Directory number: data lives in `snapshots/<id>/{fs,work}`. */
  id: number;
  kind: SnapshotKind;
  parent?: string;
  labels: Record<string, string>;
  created: string;
  updated: string;
  /** Measured at commit. */
  usage?: SnapshotUsage;
}

interface MetadataFile {
  version: 1;
  nextId: number;
  snapshots: Record<string, SnapshotRecord>;
}

/**
 * All snapshot records in one JSON file, replaced atomically on every change
 * (temp file, fsync, rename). A change is visible on disk entirely or not at all,
 * which is the whole of the snapshotter's crash safety for metadata. The file is
 * small (one record per layer or container); rewriting it is cheaper than it sounds.
 * Not locked: the caller serializes `update` calls.
 */
export class SnapshotMetadata {
  private constructor(
    private readonly file: string,
    private state: MetadataFile,
  ) {}

  static async load(file: string): Promise<SnapshotMetadata> {
    let state: MetadataFile = { version: 1, nextId: 1, snapshots: {} };
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as MetadataFile;
      if (parsed.version !== 1) throw internal(`snapshot metadata ${file}: unknown version ${String(parsed.version)}`);
      state = parsed;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return new SnapshotMetadata(file, state);
  }

  get(key: string): SnapshotRecord | undefined {
    return Object.hasOwn(this.state.snapshots, key) ? this.state.snapshots[key] : undefined;
  }

  entries(): Array<[string, SnapshotRecord]> {
    return Object.entries(this.state.snapshots);
  }

  /** The id the next new snapshot will get (not yet reserved). */
  peekNextId(): number {
    return this.state.nextId;
  }

  /**
   * Applies `change` to a copy of the state and persists it; the in-memory state
   * moves only once the file is durably replaced.
   */
  async update(change: (draft: MetadataFile) => void): Promise<void> {
    const draft = structuredClone(this.state);
    change(draft);
    await writeFileAtomic(this.file, `${JSON.stringify(draft, null, 1)}\n`, { mode: 0o600 });
    this.state = draft;
  }
}
