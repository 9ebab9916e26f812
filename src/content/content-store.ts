import type { Readable } from 'node:stream';
import type { Digest } from '../core/digest.js';

/**
 * Content-addressed blob storage: layers, manifests, configs, each stored once
 * under its digest. Composed of small roles (as containerd's content.Store) so a
 * consumer asks only for what it uses: an unpacker needs a `ContentProvider`, an
 * importer a `ContentIngester`, garbage collection a `ContentManager`.
 *
 * Lifecycle of a blob: `writer()` opens an ingest (invisible to readers), bytes
 * are hashed as they are written, `commit()` verifies the digest (and size) the
 * caller expects and only then publishes the blob atomically. A crash at any
 * point leaves either no blob or a complete, verified one.
 */
export interface ContentInfo {
  digest: Digest;
  size: number;
  /** When this blob was committed (first, if committed again). */
  committedAt: Date;
}

export interface ContentProvider {
  /** Fails with `not_found` if the blob is absent. */
  info(digest: Digest): Promise<ContentInfo>;
  /**
   * A stream of the blob's bytes. Fails with `not_found` if absent. Bytes are not
   * re-verified on read: they were verified when committed.
   */
  read(digest: Digest, opts?: { signal?: AbortSignal }): Promise<Readable>;
}

export interface ContentWriter {
  /** Appends bytes; resolves when they are handed to the filesystem. */
  write(chunk: Buffer): Promise<void>;
  /** Bytes written so far. */
  readonly size: number;
  /** The digest of the bytes written so far. */
  digest(): Digest;
  /**
   * Publishes the blob under its digest. If `expected` (or `size`) is given and
   * differs from what was written, fails with `invalid_argument` and publishes
   * nothing. Committing content that already exists succeeds (idempotent). The
   * writer is finished either way.
   */
  commit(opts?: { expected?: Digest; size?: number }): Promise<Digest>;
  /** Discards the ingest. Safe to call after commit or twice. */
  abort(): Promise<void>;
}

export interface ContentIngester {
  /** Opens a new ingest. Abort it if you do not commit it. */
  writer(opts?: { signal?: AbortSignal }): Promise<ContentWriter>;
}

export interface ContentManager {
  /** Removes a blob; `not_found` if absent. Callers keep references (images) consistent. */
  delete(digest: Digest): Promise<void>;
  list(): Promise<ContentInfo[]>;
}

export interface ContentStore extends ContentProvider, ContentIngester, ContentManager {}
