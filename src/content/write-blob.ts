import type { Digest } from '../core/digest.js';
import type { ContentIngester } from './content-store.js';

/**
 * Streams `data` into a new blob and commits it, verifying `expected` when given.
 * The ingest is aborted on any failure, including an abort of `signal`.
 */
export async function writeBlob(
  store: ContentIngester,
  data: Buffer | AsyncIterable<Buffer>,
  opts: { expected?: Digest; signal?: AbortSignal } = {},
): Promise<{ digest: Digest; size: number }> {
  opts.signal?.throwIfAborted();
  const w = await store.writer(opts.signal ? { signal: opts.signal } : {});
  try {
    if (Buffer.isBuffer(data)) await w.write(data);
    else {
      for await (const chunk of data) {
        opts.signal?.throwIfAborted();
        await w.write(chunk);
      }
    }
    const digest = await w.commit(opts.expected ? { expected: opts.expected } : {});
    return { digest, size: w.size };
  } catch (err) {
    await w.abort();
    throw err;
  }
}
