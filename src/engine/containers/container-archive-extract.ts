import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { invalidArgument } from '../../core/engine-error.js';
import { applyLayer } from '../../archive/apply-layer.js';
import { asDecompressError, decompress } from '../../archive/decompress.js';
import { resolveScopedPath, type ScopedPath } from '../../archive/scoped-path.js';
import { readTar } from '../../archive/tar-reader.js';
import { TarWriter } from '../../archive/tar-writer.js';

export interface ExtractOptions {
  /** Refuse to replace a directory with a non-directory or the reverse (the docker CLI always asks). */
  noOverwriteDirNonDir: boolean;
  signal?: AbortSignal;
}

/**
 * Extracts a `docker cp` tar into directory `dir` of a mounted container root. The entries are
 * checked on the way (Docker's noOverwriteDirNonDir, and names starting `.wh.`, which applyLayer
 * would turn into overlay whiteouts: a copy must not delete files, so they are refused) and fed
 * to applyLayer, which refuses `..` escapes, symlinked parents and hardlinks leaving the root.
 */
export async function extractIntoContainer(root: string, dir: ScopedPath, body: AsyncIterable<Uint8Array>, opts: ExtractOptions): Promise<void> {
  const checked = new PassThrough();
  let filterError: unknown;
  const filtering = (async () => {
    const { stream } = await decompress(body);
    const w = new TarWriter(checked);
    for await (const { header, body: content } of readTar(stream)) {
      const base = path.posix.basename(header.name);
      if (base.startsWith('.wh.')) throw invalidArgument(`cannot copy ${JSON.stringify(header.name)}: names starting with .wh. are reserved`);
      if (opts.noOverwriteDirNonDir) await checkDirNonDir(root, dir, header.name, header.type === 'directory');
      const { name, type, mode, uid, gid, uname, gname, mtime, size, linkname, devmajor, devminor, xattrs } = header;
      await w.add({ name, type, mode, uid, gid, uname, gname, mtime, size, linkname, devmajor, devminor, xattrs }, type === 'file' ? content : undefined);
    }
    await w.finish();
  })().catch((err: unknown) => {
    filterError = asDecompressError(err);
    checked.destroy(err as Error);
  });
  try {
    await applyLayer(checked, dir.host, opts.signal ? { signal: opts.signal } : {});
  } catch (err) {
    // Not awaiting the filter: it may be parked on a write to the destroyed stream for good. With
    // nothing referring to it, it is collected; the server drops the rest of the request body.
    checked.destroy(err as Error);
    throw filterError ?? err;
  }
  await filtering;
  if (filterError) throw filterError;
}

async function checkDirNonDir(root: string, dir: ScopedPath, name: string, isDir: boolean): Promise<void> {
  // Resolved inside the container, so a symlink in the container can't make us stat host paths.
  const target = await resolveScopedPath(root, path.posix.join(dir.inner, name.replace(/\/+$/, '')), { followFinal: false });
  if (target.inner === dir.inner) return;
  let st: Stats;
  try {
    st = await lstat(target.host);
  } catch {
    return;
  }
  if (st.isDirectory() && !isDir) throw invalidArgument(`cannot overwrite directory ${JSON.stringify(target.inner)} with non-directory ${JSON.stringify(name)}`);
  if (!st.isDirectory() && isDir) throw invalidArgument(`cannot overwrite non-directory ${JSON.stringify(target.inner)} with directory ${JSON.stringify(name)}`);
}
