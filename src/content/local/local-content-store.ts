import { createHash, type Hash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { type Digest, digestHex, isDigest } from '../../core/digest.js';
import { EngineError, invalidArgument, notFound } from '../../core/engine-error.js';
import { syncDir } from '../../sys/atomic-file.js';
import type { ContentInfo, ContentStore, ContentWriter } from '../content-store.js';

/**
 * Blobs on the local filesystem, laid out like an OCI image layout:
 * `<root>/blobs/sha256/<hex>`, with in-progress ingests in `<root>/ingest/`
 * (same filesystem, so publishing is a rename). Blob files are read-only (0444).
 */
export class LocalContentStore implements ContentStore {
  private constructor(private readonly root: string) {}

  /**
   * Opens (creating if needed) the store at `root`. Ingests left by a crash are
   * removed, so call this once, at boot, before anything writes.
   */
  static async open(root: string): Promise<LocalContentStore> {
    await mkdir(path.join(root, 'blobs', 'sha256'), { recursive: true });
    await rm(path.join(root, 'ingest'), { recursive: true, force: true });
    await mkdir(path.join(root, 'ingest'), { recursive: true });
    return new LocalContentStore(root);
  }

  /** Where a blob lives; exported for drivers that can use a path directly. */
  blobPath(digest: Digest): string {
    if (!isDigest(digest)) throw invalidArgument(`invalid digest: ${JSON.stringify(digest)}`);
    const algo = digest.slice(0, digest.indexOf(':'));
    return path.join(this.root, 'blobs', algo, digestHex(digest));
  }

  async info(digest: Digest): Promise<ContentInfo> {
    try {
      const st = await stat(this.blobPath(digest));
      return { digest, size: st.size, committedAt: st.mtime };
    } catch (err) {
      throw mapMissing(err, digest);
    }
  }

  async read(digest: Digest, opts: { signal?: AbortSignal } = {}): Promise<Readable> {
    const p = this.blobPath(digest);
    let fh: FileHandle;
    try {
      fh = await open(p, 'r');
    } catch (err) {
      throw mapMissing(err, digest);
    }
    return createReadStream('', { fd: fh, highWaterMark: 256 * 1024, ...(opts.signal ? { signal: opts.signal } : {}) });
  }

  async writer(opts: { signal?: AbortSignal } = {}): Promise<ContentWriter> {
    opts.signal?.throwIfAborted();
    const tmp = path.join(this.root, 'ingest', randomBytes(12).toString('hex'));
    const fh = await open(tmp, 'wx', 0o600);
    return new LocalWriter(this, fh, tmp);
  }

  async delete(digest: Digest): Promise<void> {
    try {
      await unlink(this.blobPath(digest));
    } catch (err) {
      throw mapMissing(err, digest);
    }
  }

  async list(): Promise<ContentInfo[]> {
    const dir = path.join(this.root, 'blobs', 'sha256');
    const out: ContentInfo[] = [];
    for (const name of await readdir(dir)) {
      const digest = `sha256:${name}`;
      if (!isDigest(digest)) continue;
      try {
        out.push(await this.info(digest));
      } catch (err) {
        if (!EngineError.is(err, 'not_found')) throw err; // deleted meanwhile
      }
    }
    return out;
  }

  /** Moves a verified ingest file into place; an existing blob wins (same bytes by definition). */
  async publish(tmp: string, digest: Digest): Promise<void> {
    const dest = this.blobPath(digest);
    try {
      await stat(dest);
      await rm(tmp, { force: true });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    await mkdir(path.dirname(dest), { recursive: true });
    await rename(tmp, dest);
    await syncDir(path.dirname(dest));
  }
}

class LocalWriter implements ContentWriter {
  private readonly hash: Hash = createHash('sha256');
  private written = 0;
  private closed = false;

  constructor(
    private readonly store: LocalContentStore,
    private readonly fh: FileHandle,
    private readonly tmp: string,
  ) {}

  get size(): number {
    return this.written;
  }

  digest(): Digest {
    return `sha256:${this.hash.copy().digest('hex')}`;
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.closed) throw new EngineError('internal', 'content writer is already committed or aborted');
    let off = 0;
    while (off < chunk.length) {
      const { bytesWritten } = await this.fh.write(chunk, off, chunk.length - off);
      off += bytesWritten;
    }
    this.hash.update(chunk);
    this.written += chunk.length;
  }

  async commit(opts: { expected?: Digest; size?: number } = {}): Promise<Digest> {
    if (this.closed) throw new EngineError('internal', 'content writer is already committed or aborted');
    this.closed = true;
    const actual = this.digest();
    try {
      if (opts.size !== undefined && opts.size !== this.written) {
        throw invalidArgument(`unexpected blob size: got ${this.written} bytes, want ${opts.size}`);
      }
      if (opts.expected !== undefined && opts.expected !== actual) {
        throw invalidArgument(`digest mismatch: got ${actual}, want ${opts.expected}`);
      }
      await this.fh.chmod(0o444);
      await this.fh.sync();
      await this.fh.close();
      await this.store.publish(this.tmp, actual);
      return actual;
    } catch (err) {
      await this.fh.close().catch(() => undefined);
      await rm(this.tmp, { force: true });
      throw err;
    }
  }

  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fh.close().catch(() => undefined);
    await rm(this.tmp, { force: true });
  }
}

function mapMissing(err: unknown, digest: Digest): unknown {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') return notFound(`content ${digest} not found`);
  return err;
}
