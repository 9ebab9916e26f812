import { createHash } from 'node:crypto';
import { createWriteStream, type Stats } from 'node:fs';
import { chmod, lchown, link, lstat, lutimes, mkdir, rm, symlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Digest } from '../core/digest.js';
import { EngineError, invalidArgument } from '../core/engine-error.js';
import { lsetxattr, makedev, mknod } from '../sys/libc.js';
import { SysError } from '../sys/sys-error.js';
import { asDecompressError, decompress } from './decompress.js';
import { layerPathSegments } from './layer-path.js';
import type { TarHeader } from './tar-header.js';
import { readTar, type TarEntry } from './tar-reader.js';

export interface ApplyLayerOptions {
  signal?: AbortSignal;
  /**
   * Lower layer directories, nearest first. A directory the layer implies (an entry
   * `a/b/f` without an `a/b/` entry) copies its mode, owner and times from the first
   * lower that has it, so the new upper directory does not mask the lower's metadata.
   */
  parents?: readonly string[];
}

export interface AppliedLayer {
  /** sha256 of the uncompressed tar stream: the layer's DiffID. */
  diffId: Digest;
  /** Bytes in the uncompressed tar stream. */
  size: number;
}

const WHITEOUT_PREFIX = '.wh.';
const WHITEOUT_META_PREFIX = '.wh..wh.';
const OPAQUE = '.wh..wh..opq';
const S_IFCHR = 0o020000;
const S_IFBLK = 0o060000;
const S_IFIFO = 0o010000;

/**
 * Unpacks an OCI layer (tar, gzip detected by magic bytes) into `root`, an overlay
 * upper directory: whiteouts `.wh.NAME` become overlay whiteouts (char device 0/0
 * named NAME), `.wh..wh..opq` sets `trusted.overlay.opaque=y` on its directory.
 * Ownership is numeric, modes keep setuid/setgid/sticky, xattrs are set (except
 * `trusted.overlay.*`, which a layer must not forge), mtimes are restored
 * (directories last). Entries that would leave `root` — `..` climbing out, a
 * symlinked parent directory, a hardlink to outside — are refused with
 * invalid_argument; nothing is ever written through a symlink. The DiffID is
 * computed while streaming; the layer is never held in memory. Must run as root.
 */
export async function applyLayer(input: AsyncIterable<Uint8Array>, root: string, opts: ApplyLayerOptions = {}): Promise<AppliedLayer> {
  opts.signal?.throwIfAborted();
  const { stream } = await decompress(input);
  const onAbort = () => stream.destroy(opts.signal?.reason as Error);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const hash = createHash('sha256');
  let size = 0;
  async function* hashed(): AsyncGenerator<Buffer> {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
      yield chunk;
    }
  }
  const applier = new LayerApplier(root, opts.parents ?? [], opts.signal);
  try {
    for await (const entry of readTar(hashed())) {
      opts.signal?.throwIfAborted();
      await applier.apply(entry);
    }
    await applier.finish();
  } catch (err) {
    stream.destroy();
    throw asEngineError(err, opts.signal);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  return { diffId: `sha256:${hash.digest('hex')}`, size };
}

function asEngineError(err: unknown, signal?: AbortSignal): unknown {
  if (err instanceof EngineError || signal?.aborted) return err;
  return asDecompressError(err);
}

class LayerApplier {
  /** Relative paths known to be real directories (not symlinks) in root. */
  private readonly dirs = new Set<string>(['']);
  private readonly dirTimes: Array<{ abs: string; atime: number; mtime: number }> = [];

  constructor(
    private readonly root: string,
    private readonly parents: readonly string[],
    private readonly signal: AbortSignal | undefined,
  ) {}

  async apply({ header, body }: TarEntry): Promise<void> {
    const segs = layerPathSegments(header.name);
    if (segs.length === 0) {
      if (header.type !== 'directory') throw invalidArgument(`tar entry ${JSON.stringify(header.name)} would replace the layer root`);
      await this.setMetadata(this.root, header);
      return;
    }
    const base = segs[segs.length - 1]!;
    const parentSegs = segs.slice(0, -1);
    const parentAbs = await this.ensureDir(parentSegs, header.name);
    if (base.startsWith(WHITEOUT_PREFIX)) return this.whiteout(header, parentSegs, parentAbs, base);

    const abs = path.join(parentAbs, base);
    const key = segs.join('/');
    const existing = await lstatOrUndefined(abs);
    if (existing && !(existing.isDirectory() && header.type === 'directory')) await this.remove(key, abs);

    switch (header.type) {
      case 'directory':
        if (!existing?.isDirectory()) await mkdir(abs);
        this.dirs.add(key);
        break;
      case 'file':
        await pipeline(body, createWriteStream(abs, { flags: 'wx', mode: 0o600 }), this.signal ? { signal: this.signal } : {});
        break;
      case 'symlink':
        await symlink(header.linkname, abs);
        break;
      case 'link':
        await link(await this.hardlinkTarget(header), abs);
        return; // shares the target's inode and metadata
      case 'char':
      case 'block':
      case 'fifo': {
        const kind = header.type === 'char' ? S_IFCHR : header.type === 'block' ? S_IFBLK : S_IFIFO;
        const dev = header.type === 'fifo' ? 0n : makedev(header.devmajor, header.devminor);
        mknod(abs, kind | (header.mode & 0o777), dev);
        break;
      }
    }
    await this.setMetadata(abs, header);
  }

  private async whiteout(header: TarHeader, parentSegs: string[], parentAbs: string, base: string): Promise<void> {
    if (base === OPAQUE) {
      lsetxattr(parentAbs, 'trusted.overlay.opaque', Buffer.from('y'));
      return;
    }
    if (base.startsWith(WHITEOUT_META_PREFIX)) return; // aufs bookkeeping (e.g. .wh..wh.plnk): nothing to apply
    const victim = base.slice(WHITEOUT_PREFIX.length);
    if (victim === '.' || victim === '..' || victim === '') throw invalidArgument(`invalid whiteout ${JSON.stringify(header.name)}`);
    const abs = path.join(parentAbs, victim);
    if (await lstatOrUndefined(abs)) await this.remove([...parentSegs, victim].join('/'), abs);
    mknod(abs, S_IFCHR, makedev(0, 0));
    await lchown(abs, header.uid, header.gid);
  }

  /**
   * Makes sure each component of `segs` is a real directory inside root, creating
   * missing ones; a symlink or a non-directory on the way is refused. An overlay
   * whiteout in the way is replaced by an opaque directory (the lower one is gone).
   */
  private async ensureDir(segs: string[], entryName: string): Promise<string> {
    let abs = this.root;
    for (let i = 0; i < segs.length; i++) {
      abs = path.join(abs, segs[i]!);
      const key = segs.slice(0, i + 1).join('/');
      if (this.dirs.has(key)) continue;
      const st = await lstatOrUndefined(abs);
      if (st?.isSymbolicLink()) {
        throw invalidArgument(`tar entry ${JSON.stringify(entryName)} goes through symlinked directory ${JSON.stringify(key)}`);
      }
      if (st && isWhiteout(st)) {
        await rm(abs);
        await mkdir(abs, 0o755);
        lsetxattr(abs, 'trusted.overlay.opaque', Buffer.from('y'));
      } else if (!st) {
        await this.createImpliedDir(segs.slice(0, i + 1), abs);
      } else if (!st.isDirectory()) {
        throw invalidArgument(`tar entry ${JSON.stringify(entryName)}: ${JSON.stringify(key)} is not a directory`);
      }
      this.dirs.add(key);
    }
    return abs;
  }

  private async createImpliedDir(segs: string[], abs: string): Promise<void> {
    await mkdir(abs);
    const lower = await this.lowerDir(segs);
    if (!lower) {
      await chmod(abs, 0o755);
      return;
    }
    await lchown(abs, lower.uid, lower.gid);
    await chmod(abs, lower.mode & 0o7777);
    this.dirTimes.push({ abs, atime: lower.atimeMs / 1000, mtime: lower.mtimeMs / 1000 });
  }

  /** The directory at `segs` in the nearest lower that has it, walked without following symlinks. */
  private async lowerDir(segs: string[]): Promise<Stats | undefined> {
    next: for (const lower of this.parents) {
      let p = lower;
      let st: Stats | undefined;
      for (const seg of segs) {
        p = path.join(p, seg);
        st = await lstatOrUndefined(p);
        if (!st?.isDirectory()) continue next;
      }
      return st;
    }
    return undefined;
  }

  private async hardlinkTarget(header: TarHeader): Promise<string> {
    const segs = layerPathSegments(header.linkname);
    const what = `hardlink ${JSON.stringify(header.name)} -> ${JSON.stringify(header.linkname)}`;
    if (segs.length === 0) throw invalidArgument(`${what} points at the layer root`);
    let abs = this.root;
    for (let i = 0; i < segs.length; i++) {
      abs = path.join(abs, segs[i]!);
      const key = segs.slice(0, i + 1).join('/');
      const last = i === segs.length - 1;
      if (!last && this.dirs.has(key)) continue;
      const st = await lstatOrUndefined(abs);
      if (!st) throw invalidArgument(`${what}: target does not exist in the layer`);
      if (!last && !st.isDirectory()) throw invalidArgument(`${what}: target goes through a symlink or non-directory`);
      if (last && st.isDirectory()) throw invalidArgument(`${what}: target is a directory`);
    }
    return abs;
  }

  private async remove(key: string, abs: string): Promise<void> {
    await rm(abs, { recursive: true, force: true });
    for (const d of this.dirs) if (d === key || d.startsWith(`${key}/`)) this.dirs.delete(d);
  }

  private async setMetadata(abs: string, h: TarHeader): Promise<void> {
    await lchown(abs, h.uid, h.gid);
    for (const [name, value] of Object.entries(h.xattrs)) {
      if (name.startsWith('trusted.overlay.')) continue;
      try {
        lsetxattr(abs, name, value);
      } catch (err) {
        // Filesystems without a namespace (e.g. security.selinux on some hosts) are not fatal.
        if (!(SysError.is(err, 'ENOTSUP') || SysError.is(err, 'EOPNOTSUPP'))) throw err;
      }
    }
    const atime = h.atime ?? h.mtime;
    if (h.type === 'symlink') {
      await lutimes(abs, atime, h.mtime);
      return;
    }
    // chown clears setuid/setgid, so the mode comes after it.
    await chmod(abs, h.mode & 0o7777);
    if (h.type === 'directory') this.dirTimes.push({ abs, atime, mtime: h.mtime });
    else await utimes(abs, atime, h.mtime);
  }

  /** Directory times go last: creating entries inside a directory bumps its mtime. In entry order, so a repeated entry wins. */
  async finish(): Promise<void> {
    for (const { abs, atime, mtime } of this.dirTimes) {
      const st = await lstatOrUndefined(abs);
      if (st?.isDirectory()) await utimes(abs, atime, mtime);
    }
  }
}

function isWhiteout(st: Stats): boolean {
  return st.isCharacterDevice() && st.rdev === 0;
}

async function lstatOrUndefined(p: string): Promise<Stats | undefined> {
  try {
    return await lstat(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
