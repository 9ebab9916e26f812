import { lstat, readdir } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import type { Mount } from '../../core/mount.js';
import { EngineError } from '../../core/engine-error.js';
import { lgetxattr } from '../../sys/libc.js';
import type { ContainerContext } from './container-context.js';

export type ChangeKind = 'modified' | 'added' | 'deleted';

export interface ContainerChange {
  /** Absolute path inside the container. */
  path: string;
  kind: ChangeKind;
}

/**
 * `docker diff`: what a container changed, read from its overlay upper directory. A whiteout
 * (char device 0/0) is a deletion; anything else is an addition unless some lower layer has
 * the path, then a modification. An opaque directory hides the lower one's entries: those the
 * upper does not recreate are reported deleted. Sorted by path, as Docker does.
 */
export async function containerChanges(ctx: ContainerContext, ref: string): Promise<ContainerChange[]> {
  const rec = ctx.store.get(ref);
  const dirs = overlayDirs(rec.rootfsMounts);
  if (!dirs) throw new EngineError('not_implemented', `changes of container ${rec.name}: its rootfs is not an overlay`);
  const out: ContainerChange[] = [];
  await walk(dirs.upper, dirs.lowers, '', out);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** The upper and lower directories of a container's overlay rootfs mount, if it has one. */
export function overlayDirs(mounts: readonly Mount[]): { upper: string; lowers: string[] } | undefined {
  const m = mounts.find((x) => x.type === 'overlay' && (x.target === '' || x.target === '/'));
  if (!m) return undefined;
  let upper: string | undefined;
  const lowers: string[] = [];
  for (const o of m.options) {
    if (o.startsWith('upperdir=')) upper = o.slice('upperdir='.length);
    else if (o.startsWith('lowerdir=')) lowers.push(...o.slice('lowerdir='.length).split(':'));
    else if (o.startsWith('lowerdir+=')) lowers.push(o.slice('lowerdir+='.length));
  }
  return upper ? { upper, lowers } : undefined;
}

async function walk(upper: string, lowers: string[], rel: string, out: ContainerChange[]): Promise<void> {
  for (const name of await readdir(path.join(upper, rel))) {
    const relPath = rel === '' ? name : `${rel}/${name}`;
    const host = path.join(upper, relPath);
    const st = await lstat(host);
    if (isWhiteout(st)) {
      out.push({ path: `/${relPath}`, kind: 'deleted' });
      continue;
    }
    const inLower = await lowerHas(lowers, relPath);
    out.push({ path: `/${relPath}`, kind: inLower ? 'modified' : 'added' });
    if (!st.isDirectory()) continue;
    if (inLower && isOpaque(host)) await hiddenByOpaque(upper, lowers, relPath, out);
    await walk(upper, lowers, relPath, out);
  }
}

/** Entries of the lower directories at `rel` that an opaque upper directory hides. */
async function hiddenByOpaque(upper: string, lowers: string[], rel: string, out: ContainerChange[]): Promise<void> {
  const kept = new Set(await readdir(path.join(upper, rel)));
  const hidden = new Set<string>();
  for (const lower of lowers) {
    try {
      for (const name of await readdir(path.join(lower, rel))) if (!kept.has(name)) hidden.add(name);
    } catch {
      // not a directory in this lower (or absent): nothing hidden there
    }
  }
  for (const name of hidden) out.push({ path: `/${rel}/${name}`, kind: 'deleted' });
}

/** Whether the nearest lower that has `rel` has a real entry there (not a whiteout). */
async function lowerHas(lowers: string[], rel: string): Promise<boolean> {
  for (const lower of lowers) {
    const st = await lstatOrUndefined(path.join(lower, rel));
    if (st) return !isWhiteout(st);
  }
  return false;
}

function isOpaque(host: string): boolean {
  for (const key of ['trusted.overlay.opaque', 'user.overlay.opaque']) {
    if (lgetxattr(host, key)?.toString() === 'y') return true;
  }
  return false;
}

function isWhiteout(st: Stats): boolean {
  return st.isCharacterDevice() && st.rdev === 0;
}

async function lstatOrUndefined(p: string): Promise<Stats | undefined> {
  try {
    return await lstat(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}
