import { PassThrough } from 'node:stream';
import { TarWriter } from '../../archive/tar-writer.js';
import type { RootfsLease } from './container-archive-rootfs.js';

/**
 * A tar stream filled by `fill` while the consumer reads it; the lease is released when the
 * stream ends, fails, or the consumer stops early (the writer is then cut off mid-entry).
 */
export async function* leasedTarStream(lease: RootfsLease, fill: (w: TarWriter) => Promise<void>): AsyncGenerator<Buffer> {
  const out = new PassThrough();
  const writer = new TarWriter(out);
  const writing = fill(writer).then(() => writer.finish());
  writing.catch((err: Error) => out.destroy(err));
  try {
    for await (const chunk of out as AsyncIterable<Buffer>) yield chunk;
    await writing;
  } finally {
    if (!out.destroyed) out.destroy(new Error('tar consumer went away'));
    await writing.catch(() => undefined);
    await lease.release();
  }
}
