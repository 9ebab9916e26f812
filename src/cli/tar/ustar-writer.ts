import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';

export interface TarEntry {
  /** Path inside the archive, `/`-separated, no leading slash; directories may end in `/`. */
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink';
  /** Permission bits (incl. setuid/setgid/sticky). */
  mode: number;
  uid?: number;
  gid?: number;
  /** Required for files with a streamed body. */
  size?: number;
  /** Seconds since the epoch; default now. */
  mtime?: number;
  linkname?: string;
}

const BLOCK = 512;
const TYPEFLAG = { file: '0', hardlink: '1', symlink: '2', directory: '5' } as const;

/**
 * A minimal streaming tar writer for what the CLI sends (cp sources, the
 * bootstrap rootfs): ustar headers, with a pax record when a path or link
 * doesn't fit ustar's fields. Bodies are streamed with backpressure; call
 * `finish()` to write the end-of-archive blocks and end `out`.
 *
 * (src/archive has a full writer, but it reads xattrs through native code, which
 * the client must not load.)
 */
export class UstarWriter {
  constructor(private readonly out: Writable) {}

  async add(entry: TarEntry, body?: Buffer | Readable): Promise<void> {
    const name = entry.type === 'directory' && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name;
    const size = entry.type === 'file' ? entry.size ?? (Buffer.isBuffer(body) ? body.length : 0) : 0;
    const linkname = entry.linkname ?? '';
    const split = splitName(name);
    const pax: string[] = [];
    if (!split) pax.push(paxRecord('path', name));
    if (Buffer.byteLength(linkname) > 100) pax.push(paxRecord('linkpath', linkname));
    if (size > 0o77777777777) pax.push(paxRecord('size', String(size)));
    const mtime = entry.mtime ?? Math.floor(Date.now() / 1000);
    if (pax.length > 0) {
      const data = Buffer.from(pax.join(''));
      await this.write(header({ name: 'PaxHeaders/entry', mode: 0o644, size: data.length, mtime, typeflag: 'x' }));
      await this.write(data);
      await this.write(Buffer.alloc(padding(data.length)));
    }
    await this.write(header({
      name: split?.name ?? name.slice(0, 100), prefix: split?.prefix ?? '', mode: entry.mode, uid: entry.uid ?? 0, gid: entry.gid ?? 0,
      size, mtime, typeflag: TYPEFLAG[entry.type], linkname: Buffer.byteLength(linkname) > 100 ? '' : linkname,
    }));
    if (entry.type !== 'file' || size === 0) return;
    let written = 0;
    if (Buffer.isBuffer(body)) {
      await this.write(body);
      written = body.length;
    } else if (body) {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        written += chunk.length;
        if (written > size) throw new Error(`${entry.name} grew while being archived`);
        await this.write(chunk);
      }
    }
    if (written !== size) throw new Error(`${entry.name} changed size while being archived (${written} of ${size} bytes)`);
    await this.write(Buffer.alloc(padding(size)));
  }

  async finish(): Promise<void> {
    await this.write(Buffer.alloc(BLOCK * 2));
    this.out.end();
  }

  private async write(buf: Buffer): Promise<void> {
    if (buf.length === 0) return;
    if (!this.out.write(buf)) await once(this.out, 'drain');
  }
}

interface HeaderFields {
  name: string;
  prefix?: string;
  mode: number;
  uid?: number;
  gid?: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname?: string;
}

function header(f: HeaderFields): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(f.name, 0, 100, 'utf8');
  octal(h, 100, 8, f.mode & 0o7777);
  octal(h, 108, 8, f.uid ?? 0);
  octal(h, 116, 8, f.gid ?? 0);
  octal(h, 124, 12, Math.min(f.size, 0o77777777777));
  octal(h, 136, 12, f.mtime);
  h.fill(' ', 148, 156);
  h.write(f.typeflag, 156, 1, 'latin1');
  h.write(f.linkname ?? '', 157, 100, 'utf8');
  h.write('ustar\u000000', 257, 8, 'latin1');
  h.write(f.prefix ?? '', 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'latin1');
  return h;
}

function octal(h: Buffer, offset: number, length: number, value: number): void {
  h.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, length, 'latin1');
}

/** ustar's name/prefix split, or undefined when the path needs a pax record. */
function splitName(name: string): { name: string; prefix: string } | undefined {
  if (Buffer.byteLength(name) <= 100) return { name, prefix: '' };
  for (let i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100 && rest !== '') return { name: rest, prefix };
  }
  return undefined;
}

/** A pax record: "<length> key=value\n", the length counting itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}
