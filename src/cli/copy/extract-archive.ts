import { createWriteStream } from 'node:fs';
import { chmod, lchown, link, lstat, lutimes, mkdir, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readTar } from '../../archive/tar-reader.js';

export interface ExtractOptions {
  /** Rename the archive's top entry (`docker cp c:/etc/hosts ./h` writes `hosts` as `h`; to '' drops it, keeping its contents). */
  rename?: { from: string; to: string };
  /** Keep the archive's owners (`cp -a`); otherwise files belong to the current user. */
  keepOwners?: boolean;
}

/**
 * Extracts a tar stream under `dir`, as `docker cp` unpacks a container path
 * locally. Entry names are confined to `dir`: absolute names and `..` that would
 * climb out are refused, and nothing is written through a symlink.
 */
export async function extractArchive(source: Readable, dir: string, opts: ExtractOptions = {}): Promise<void> {
  const root = path.resolve(dir);
  const dirTimes: [string, number][] = [];
  for await (const { header, body } of readTar(source)) {
    let name = header.name.replace(/^\.\//, '').replace(/\/+$/, '');
    if (name === '' || name === '.') {
      body.resume();
      continue;
    }
    if (opts.rename) {
      if (name === opts.rename.from) name = opts.rename.to;
      else if (name.startsWith(`${opts.rename.from}/`)) name = (opts.rename.to + name.slice(opts.rename.from.length)).replace(/^\/+/, '');
      // Renaming the top entry to '' extracts its contents (`docker cp c:/dir/. dest`).
      if (name === '') {
        body.resume();
        continue;
      }
    }
    const target = confined(root, name);
    await mkdir(path.dirname(target), { recursive: true });
    await refuseSymlinkParents(root, path.dirname(target));
    const existing = await lstat(target).catch(() => undefined);
    if (existing && !(existing.isDirectory() && header.type === 'directory')) await rm(target, { recursive: true, force: true });
    switch (header.type) {
      case 'directory':
        await mkdir(target, { recursive: true });
        await chmod(target, header.mode & 0o7777);
        dirTimes.push([target, header.mtime]);
        break;
      case 'file':
        await pipeline(body, createWriteStream(target, { mode: header.mode & 0o7777 }));
        await chmod(target, header.mode & 0o7777);
        break;
      case 'symlink':
        await symlink(header.linkname, target);
        break;
      case 'link': {
        let linked = header.linkname.replace(/^\.\//, '');
        if (opts.rename && (linked === opts.rename.from || linked.startsWith(`${opts.rename.from}/`))) {
          linked = opts.rename.to + linked.slice(opts.rename.from.length);
        }
        await link(confined(root, linked), target);
        break;
      }
      default:
        // Devices and fifos need privileges docker cp doesn't assume; skip them.
        body.resume();
        continue;
    }
    if (opts.keepOwners) await lchown(target, header.uid, header.gid).catch(() => undefined);
    if (header.type !== 'directory') await lutimes(target, header.mtime, header.mtime).catch(() => undefined);
  }
  // Directory times last: creating their children changed them.
  for (const [target, mtime] of dirTimes.reverse()) await lutimes(target, mtime, mtime).catch(() => undefined);
}

function confined(root: string, name: string): string {
  const target = path.resolve(root, name);
  if (target !== root && !target.startsWith(`${root}${path.sep}`)) throw new Error(`archive entry ${JSON.stringify(name)} points outside the destination`);
  return target;
}

async function refuseSymlinkParents(root: string, dir: string): Promise<void> {
  for (let d = dir; d.length > root.length; d = path.dirname(d)) {
    if ((await lstat(d)).isSymbolicLink()) throw new Error(`refusing to extract through the symlink ${d}`);
  }
}
