import { Readable } from 'node:stream';
import { invalidArgument } from '../core/engine-error.js';
import { ByteReader } from './byte-reader.js';
import {
  BLOCK,
  decodeHeader,
  entryType,
  isZeroBlock,
  paddingFor,
  parsePax,
  type RawHeader,
  type TarHeader,
  TYPEFLAG,
} from './tar-header.js';

export interface TarEntry {
  header: TarHeader;
  /**
   * The entry's content (`header.size` bytes). Valid only until the iterator
   * advances: whatever the consumer has not read by then is skipped.
   */
  body: Readable;
}

const BODY_CHUNK = 64 * 1024;
/** Pax and GNU long-name payloads are metadata; refuse absurd sizes instead of buffering them. */
const MAX_META_SIZE = 1 << 20;

/**
 * Streams the entries of an uncompressed tar (ustar, pax with `path`, `linkpath`,
 * `size`, `mtime`, `atime`, `uid`, `gid`, `uname`, `gname`, `SCHILY.xattr.*`,
 * GNU `L`/`K` long names, GNU base-256 numbers). Nothing is buffered beyond one
 * chunk. After the end-of-archive marker the rest of the source is read and
 * discarded, so a wrapping hash sees every byte. Malformed input fails with
 * EngineError('invalid_argument').
 */
export async function* readTar(source: AsyncIterable<Uint8Array>): AsyncGenerator<TarEntry, void, undefined> {
  const src = new ByteReader(source);
  const globalPax = new Map<string, Buffer>();
  let pax = new Map<string, Buffer>();
  let longName: string | undefined;
  let longLink: string | undefined;
  let finished = false;
  try {
    for (;;) {
      const block = await src.readExact(BLOCK);
      if (block.length === 0) break; // EOF without an end marker: accept, as GNU tar does
      if (block.length < BLOCK) throw invalidArgument('unexpected end of tar stream in a header');
      if (isZeroBlock(block)) break;
      const raw = decodeHeader(block);
      const meta = raw.typeflag;
      if (meta === TYPEFLAG.paxNext || meta === TYPEFLAG.paxGlobal || meta === TYPEFLAG.gnuLongName || meta === TYPEFLAG.gnuLongLink) {
        if (raw.size > MAX_META_SIZE) throw invalidArgument(`tar metadata entry of ${raw.size} bytes is too large`);
        const data = await src.readExact(raw.size);
        if (data.length < raw.size) throw invalidArgument('unexpected end of tar stream in a metadata entry');
        await src.skip(paddingFor(raw.size));
        if (meta === TYPEFLAG.paxNext) for (const [k, v] of parsePax(data)) pax.set(k, v);
        else if (meta === TYPEFLAG.paxGlobal) for (const [k, v] of parsePax(data)) globalPax.set(k, v);
        else if (meta === TYPEFLAG.gnuLongName) longName = cString(data);
        else longLink = cString(data);
        continue;
      }
      const merged = new Map([...globalPax, ...pax]);
      const header = buildHeader(raw, merged, longName, longLink);
      pax = new Map();
      longName = undefined;
      longLink = undefined;

      // Links and devices carry no data even if a size is recorded.
      const size = header.type === 'file' ? header.size : 0;
      const body = new BodyStream(src, size);
      yield { header, body };
      await body.finish();
      await src.skip(header.type === 'file' ? paddingFor(size) : 0);
    }
    await src.drain();
    finished = true;
  } finally {
    if (!finished) await src.close();
  }
}

function cString(data: Buffer): string {
  const nul = data.indexOf(0);
  return data.toString('utf8', 0, nul < 0 ? data.length : nul);
}

function paxNumber(pax: Map<string, Buffer>, key: string): number | undefined {
  const v = pax.get(key);
  if (v === undefined) return undefined;
  const n = Number(v.toString('ascii'));
  if (!Number.isFinite(n) || n < 0) throw invalidArgument(`invalid pax ${key} value`);
  return n;
}

function buildHeader(raw: RawHeader, pax: Map<string, Buffer>, longName?: string, longLink?: string): TarHeader {
  const name = pax.get('path')?.toString('utf8') ?? longName ?? raw.name;
  const xattrs: Record<string, Buffer> = {};
  for (const [k, v] of pax) {
    if (k.startsWith('SCHILY.xattr.')) xattrs[k.slice('SCHILY.xattr.'.length)] = v;
    else if (k.startsWith('LIBARCHIVE.xattr.')) {
      xattrs[decodeURIComponent(k.slice('LIBARCHIVE.xattr.'.length))] = Buffer.from(v.toString('ascii'), 'base64');
    } else if (k.startsWith('GNU.sparse.')) {
      throw invalidArgument(`sparse tar entries are not supported (${JSON.stringify(name)})`);
    }
  }
  if (raw.typeflag === 'S') throw invalidArgument(`sparse tar entries are not supported (${JSON.stringify(name)})`);
  const size = paxNumber(pax, 'size') ?? raw.size;
  if (!Number.isSafeInteger(size)) throw invalidArgument('invalid tar entry size');
  const atime = paxNumber(pax, 'atime');
  const header: TarHeader = {
    name,
    type: entryType(raw.typeflag, name),
    size,
    mode: raw.mode & 0o7777,
    uid: paxNumber(pax, 'uid') ?? raw.uid,
    gid: paxNumber(pax, 'gid') ?? raw.gid,
    uname: pax.get('uname')?.toString('utf8') ?? raw.uname,
    gname: pax.get('gname')?.toString('utf8') ?? raw.gname,
    mtime: paxNumber(pax, 'mtime') ?? raw.mtime,
    linkname: pax.get('linkpath')?.toString('utf8') ?? longLink ?? raw.linkname,
    devmajor: raw.devmajor,
    devminor: raw.devminor,
    xattrs,
  };
  if (atime !== undefined) header.atime = atime;
  return header;
}

/** An entry body: pulls from the shared reader on demand, never past its own size. */
class BodyStream extends Readable {
  private remaining: number;
  private inflight: Promise<void> | undefined;

  constructor(private readonly src: ByteReader, size: number) {
    super({ highWaterMark: BODY_CHUNK });
    this.remaining = size;
    if (size === 0) this.push(null);
  }

  override _read(): void {
    if (this.inflight || this.remaining === 0) return;
    this.inflight = this.src.readSome(Math.min(this.remaining, BODY_CHUNK)).then(
      (chunk) => {
        this.inflight = undefined;
        if (chunk === null) {
          this.destroy(invalidArgument('unexpected end of tar stream in an entry body'));
          return;
        }
        this.remaining -= chunk.length;
        this.push(chunk);
        if (this.remaining === 0) this.push(null);
      },
      (err: unknown) => {
        this.inflight = undefined;
        this.destroy(err as Error);
      },
    );
  }

  /** Called when the iterator advances: wait for any read in flight, skip the unread rest. */
  async finish(): Promise<void> {
    if (this.inflight) await this.inflight;
    const left = this.remaining;
    this.remaining = 0;
    if (left > 0) {
      const skipped = await this.src.skip(left);
      if (skipped < left) throw invalidArgument('unexpected end of tar stream in an entry body');
    }
    if (!this.readableEnded && !this.destroyed) this.destroy();
  }
}
