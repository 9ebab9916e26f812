import { invalidArgument } from '../core/engine-error.js';

export type TarEntryType = 'file' | 'link' | 'symlink' | 'char' | 'block' | 'directory' | 'fifo';

/**
 * One tar entry's metadata after ustar, pax and GNU long-name headers are merged.
 * `name` is the path as stored (directories may end in `/`); `mode` holds the
 * permission bits including setuid/setgid/sticky; `mtime` is in seconds since
 * the epoch and may carry a fraction (pax).
 */
export interface TarHeader {
  name: string;
  type: TarEntryType;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  mtime: number;
  atime?: number;
  linkname: string;
  devmajor: number;
  devminor: number;
  /** Extended attributes (pax `SCHILY.xattr.*`), raw bytes. */
  xattrs: Record<string, Buffer>;
}

export const BLOCK = 512;

/** Raw typeflags; pax and GNU ones are consumed by the reader, never surfaced. */
export const TYPEFLAG = {
  file: '0',
  link: '1',
  symlink: '2',
  char: '3',
  block: '4',
  directory: '5',
  fifo: '6',
  contiguous: '7',
  paxNext: 'x',
  paxGlobal: 'g',
  gnuLongName: 'L',
  gnuLongLink: 'K',
} as const;

const TYPE_BY_FLAG: Record<string, TarEntryType> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '1': 'link',
  '2': 'symlink',
  '3': 'char',
  '4': 'block',
  '5': 'directory',
  '6': 'fifo',
};

/** A decoded 512-byte header block before pax/GNU overrides. */
export interface RawHeader {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: string;
  uname: string;
  gname: string;
  devmajor: number;
  devminor: number;
}

export function isZeroBlock(block: Uint8Array): boolean {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false;
  return true;
}

function str(block: Buffer, start: number, len: number): string {
  const end = block.indexOf(0, start);
  return block.toString('utf8', start, end < 0 || end > start + len ? start + len : end);
}

/** Octal ASCII, or GNU base-256 when the high bit of the first byte is set. */
function num(block: Buffer, start: number, len: number): number {
  if (block[start]! & 0x80) {
    let v = BigInt(block[start]! & 0x7f);
    for (let i = start + 1; i < start + len; i++) v = (v << 8n) | BigInt(block[i]!);
    if (block[start] === 0xff) throw invalidArgument('tar header has a negative numeric field');
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw invalidArgument('tar header numeric field too large');
    return Number(v);
  }
  const s = block.toString('ascii', start, start + len).replace(/[\0 ]+$/, '').replace(/^[ ]+/, '');
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw invalidArgument(`tar header has an invalid numeric field ${JSON.stringify(s)}`);
  return parseInt(s, 8);
}

export function decodeHeader(block: Buffer): RawHeader {
  let stored: number;
  try {
    stored = num(block, 148, 8);
  } catch {
    throw invalidArgument('invalid tar header: checksum mismatch');
  }
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  if (stored !== unsigned && stored !== signed) throw invalidArgument('invalid tar header: checksum mismatch');
  const magic = block.toString('latin1', 257, 263);
  const isUstar = magic === 'ustar\0';
  const isGnu = magic === 'ustar ';
  let name = str(block, 0, 100);
  if (isUstar) {
    const prefix = str(block, 345, 155);
    if (prefix !== '') name = `${prefix}/${name}`;
  }
  const typeflag = String.fromCharCode(block[156]!);
  return {
    name,
    mode: num(block, 100, 8),
    uid: num(block, 108, 8),
    gid: num(block, 116, 8),
    size: num(block, 124, 12),
    mtime: num(block, 136, 12),
    typeflag,
    linkname: str(block, 157, 100),
    uname: isUstar || isGnu ? str(block, 265, 32) : '',
    gname: isUstar || isGnu ? str(block, 297, 32) : '',
    devmajor: isUstar || isGnu ? num(block, 329, 8) : 0,
    devminor: isUstar || isGnu ? num(block, 337, 8) : 0,
  };
}

export function entryType(typeflag: string, name: string): TarEntryType {
  const t = TYPE_BY_FLAG[typeflag];
  if (t) return t;
  // Pre-POSIX tars mark directories only by the trailing slash.
  if (typeflag === '\0' && name.endsWith('/')) return 'directory';
  throw invalidArgument(`unsupported tar entry type ${JSON.stringify(typeflag)} for ${JSON.stringify(name)}`);
}

/** Pax records: `"<len> <key>=<value>\n"`; values are bytes (xattrs need them raw). */
export function parsePax(data: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let pos = 0;
  while (pos < data.length) {
    if (data[pos] === 0) break; // some writers pad with NULs
    const sp = data.indexOf(0x20, pos);
    const len = sp < 0 ? NaN : Number(data.toString('ascii', pos, sp));
    if (!Number.isInteger(len) || len <= 0 || pos + len > data.length || data[pos + len - 1] !== 0x0a) {
      throw invalidArgument('invalid pax extended header record');
    }
    const rec = data.subarray(sp + 1, pos + len - 1);
    const eq = rec.indexOf(0x3d);
    if (eq < 0) throw invalidArgument('invalid pax extended header record');
    out.set(rec.toString('utf8', 0, eq), Buffer.from(rec.subarray(eq + 1)));
    pos += len;
  }
  return out;
}

export function paxRecord(key: string, value: Buffer | string): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`), Buffer.from(value), Buffer.from('\n')]);
  let len = body.length + 1;
  while (String(len).length + body.length !== len) len = String(len).length + body.length;
  return Buffer.concat([Buffer.from(String(len)), body]);
}

export function paddingFor(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** Fields of a header block to encode (a raw header plus the ustar name prefix); strings must already fit their field. */
export interface EncodableHeader extends RawHeader {
  prefix: string;
}

export function encodeHeader(h: EncodableHeader): Buffer {
  const b = Buffer.alloc(BLOCK);
  b.write(h.name, 0, 100, 'utf8');
  writeOctal(b, h.mode & 0o7777, 100, 8);
  writeOctal(b, h.uid, 108, 8);
  writeOctal(b, h.gid, 116, 8);
  writeOctal(b, h.size, 124, 12);
  writeOctal(b, Math.floor(h.mtime), 136, 12);
  b.write(h.typeflag, 156, 1, 'latin1');
  b.write(h.linkname, 157, 100, 'utf8');
  b.write('ustar\x0000', 257, 8, 'latin1');
  b.write(h.uname, 265, 32, 'utf8');
  b.write(h.gname, 297, 32, 'utf8');
  writeOctal(b, h.devmajor, 329, 8);
  writeOctal(b, h.devminor, 337, 8);
  b.write(h.prefix, 345, 155, 'utf8');
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += b[i]!;
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return b;
}

/** Largest value an octal field of `len` bytes holds (len-1 digits and a NUL). */
export function octalMax(len: number): number {
  return 8 ** (len - 1) - 1;
}

function writeOctal(b: Buffer, value: number, start: number, len: number): void {
  const v = value > octalMax(len) || value < 0 ? 0 : value; // the pax record carries the real value
  b.write(`${v.toString(8).padStart(len - 1, '0')}\0`, start, len, 'latin1');
}
