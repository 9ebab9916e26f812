import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { invalidArgument } from '../core/engine-error.js';
import { lgetxattr, llistxattr, major, minor } from '../sys/libc.js';
import {
  BLOCK,
  encodeHeader,
  octalMax,
  paddingFor,
  paxRecord,
  type TarEntryType,
  TYPEFLAG,
} from './tar-header.js';

export interface TarWriteEntry {
  name: string;
  type: TarEntryType;
  /** Permission bits incl. setuid/setgid/sticky; default 0644 (files) or 0755 (dirs). */
  mode?: number;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  /** Seconds since the epoch; default now. */
  mtime?: number;
  /** Required for files whose body is a stream; taken from the buffer otherwise. */
  size?: number;
  linkname?: string;
  devmajor?: number;
  devminor?: number;
  xattrs?: Record<string, Buffer | string>;
}

const ZEROS = Buffer.alloc(BLOCK * 2);

/**
 * Writes a POSIX (pax) tar to `out`, honouring backpressure. Long or non-ASCII
 * names, big sizes and ids, and xattrs go into pax records; everything else is
 * plain ustar, which every reader understands. Call `finish()` to write the
 * end-of-archive marker and end `out`.
 */
export class TarWriter {
  private readonly seenInodes = new Map<string, string>();

  constructor(private readonly out: Writable) {}

  async add(entry: TarWriteEntry, body?: Uint8Array | AsyncIterable<Uint8Array>): Promise<void> {
    const isFile = entry.type === 'file';
    const size = isFile ? (entry.size ?? (body instanceof Uint8Array ? body.length : 0)) : 0;
    if (isFile && body === undefined && size > 0) throw invalidArgument(`tar entry ${entry.name}: body missing`);
    let name = entry.name;
    if (entry.type === 'directory' && !name.endsWith('/')) name += '/';
    const linkname = entry.linkname ?? '';
    const pax: Buffer[] = [];
    const split = splitName(name);
    if (!split) pax.push(paxRecord('path', name));
    if (!fitsField(linkname, 100)) pax.push(paxRecord('linkpath', linkname));
    const uid = entry.uid ?? 0;
    const gid = entry.gid ?? 0;
    const mtime = Math.floor(entry.mtime ?? Date.now() / 1000);
    if (size > octalMax(12)) pax.push(paxRecord('size', String(size)));
    if (uid > octalMax(8)) pax.push(paxRecord('uid', String(uid)));
    if (gid > octalMax(8)) pax.push(paxRecord('gid', String(gid)));
    if (mtime > octalMax(12) || mtime < 0) pax.push(paxRecord('mtime', String(mtime)));
    const uname = entry.uname ?? '';
    const gname = entry.gname ?? '';
    if (!fitsField(uname, 32)) pax.push(paxRecord('uname', uname));
    if (!fitsField(gname, 32)) pax.push(paxRecord('gname', gname));
    for (const [k, v] of Object.entries(entry.xattrs ?? {})) pax.push(paxRecord(`SCHILY.xattr.${k}`, v));

    if (pax.length > 0) {
      const data = Buffer.concat(pax);
      const paxName = `PaxHeaders.0/${lastComponent(name)}`.slice(0, 100);
      await this.write(encodeHeader({ ...blankHeader(), name: asciiOnly(paxName), size: data.length, typeflag: TYPEFLAG.paxNext, mtime }));
      await this.write(data);
      await this.write(ZEROS.subarray(0, paddingFor(data.length)));
    }
    await this.write(
      encodeHeader({
        name: split ? split.name : asciiOnly(name).slice(0, 100),
        prefix: split ? split.prefix : '',
        mode: entry.mode ?? (entry.type === 'directory' ? 0o755 : 0o644),
        uid,
        gid,
        size,
        mtime,
        typeflag: TYPEFLAG[entry.type],
        linkname: fitsField(linkname, 100) ? linkname : asciiOnly(linkname).slice(0, 100),
        uname: fitsField(uname, 32) ? uname : '',
        gname: fitsField(gname, 32) ? gname : '',
        devmajor: entry.devmajor ?? 0,
        devminor: entry.devminor ?? 0,
      }),
    );
    if (!isFile) return;
    let written = 0;
    if (body instanceof Uint8Array) {
      await this.write(body);
      written = body.length;
    } else if (body) {
      for await (const chunk of body) {
        written += chunk.length;
        if (written > size) throw invalidArgument(`tar entry ${entry.name}: body longer than its size ${size}`);
        await this.write(chunk);
      }
    }
    if (written !== size) throw invalidArgument(`tar entry ${entry.name}: body has ${written} bytes, header says ${size}`);
    await this.write(ZEROS.subarray(0, paddingFor(size)));
  }

  /**
   * Adds the file at `hostPath` as `name`, with its type, mode, owner, mtime and
   * device numbers; a second name for an inode already written becomes a hardlink.
   * `xattrs`: true for all extended attributes, or a predicate choosing them by name.
   */
  async addPath(hostPath: string, name: string, opts: { xattrs?: boolean | ((key: string) => boolean) } = {}): Promise<void> {
    const st = await lstat(hostPath, { bigint: true });
    const base = {
      name,
      mode: Number(st.mode & 0o7777n),
      uid: Number(st.uid),
      gid: Number(st.gid),
      mtime: Number(st.mtimeMs / 1000n),
      ...(opts.xattrs ? { xattrs: readXattrs(hostPath, opts.xattrs === true ? () => true : opts.xattrs) } : {}),
    };
    if (st.isDirectory()) return this.add({ ...base, type: 'directory' });
    if (st.isSymbolicLink()) return this.add({ ...base, type: 'symlink', linkname: await readlink(hostPath) });
    if (st.isCharacterDevice() || st.isBlockDevice()) {
      const type = st.isCharacterDevice() ? 'char' : 'block';
      return this.add({ ...base, type, devmajor: major(st.rdev), devminor: minor(st.rdev) });
    }
    if (st.isFIFO()) return this.add({ ...base, type: 'fifo' });
    if (!st.isFile()) throw invalidArgument(`cannot archive ${hostPath}: unsupported file type`);
    if (st.nlink > 1n) {
      const key = `${st.dev}:${st.ino}`;
      const first = this.seenInodes.get(key);
      if (first !== undefined) return this.add({ ...base, type: 'link', linkname: first });
      this.seenInodes.set(key, name);
    }
    await this.add({ ...base, type: 'file', size: Number(st.size) }, createReadStream(hostPath));
  }

  /** Writes the two zero blocks that end an archive and ends the output stream. */
  async finish(): Promise<void> {
    await this.write(ZEROS);
    this.out.end();
    if (!this.out.writableFinished) await once(this.out, 'finish');
  }

  private async write(buf: Uint8Array): Promise<void> {
    if (buf.length === 0) return;
    if (!this.out.write(buf)) await once(this.out, 'drain');
  }
}

function blankHeader() {
  return { name: '', prefix: '', mode: 0o644, uid: 0, gid: 0, size: 0, mtime: 0, typeflag: '0', linkname: '', uname: '', gname: '', devmajor: 0, devminor: 0 };
}

function isAscii(s: string): boolean {
  return /^[\x01-\x7f]*$/.test(s);
}

function asciiOnly(s: string): string {
  return s.replace(/[^\x01-\x7f]/g, '_');
}

function fitsField(s: string, len: number): boolean {
  return isAscii(s) && s.length <= len;
}

/** ustar's 155-byte prefix + 100-byte name split at a slash, or undefined if impossible. */
function splitName(name: string): { prefix: string; name: string } | undefined {
  if (!isAscii(name)) return undefined;
  if (name.length <= 100) return { prefix: '', name };
  for (let i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (prefix.length <= 155 && rest.length <= 100 && rest.length > 0) return { prefix, name: rest };
  }
  return undefined;
}

function lastComponent(name: string): string {
  const parts = name.split('/').filter(Boolean);
  return asciiOnly(parts[parts.length - 1] ?? 'root');
}

function readXattrs(p: string, wanted: (key: string) => boolean): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const k of llistxattr(p)) {
    if (!wanted(k)) continue;
    const v = lgetxattr(p, k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}
