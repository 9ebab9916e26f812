import { createHash } from 'node:crypto';
import { type Descriptor, MediaTypes } from '../core/descriptor.js';
import type { Digest } from '../core/digest.js';
import { asDecompressError, decompress } from '../archive/decompress.js';
import { readTar } from '../archive/tar-reader.js';
import type { ContentIngester } from '../content/content-store.js';

export interface IngestedLayer {
  /** The blob as stored (compressed as given). */
  blob: Descriptor;
  diffId: Digest;
  /** Bytes of the uncompressed tar. */
  uncompressedSize: number;
}

/**
 * Stores a layer tar exactly as given (gzip or plain) and, in the same pass,
 * decompresses it, hashes the uncompressed stream (the DiffID) and walks its tar
 * headers, so a body that is not a valid tar is refused (invalid_argument) before
 * anything is committed. Nothing is buffered beyond a chunk.
 */
export async function ingestLayer(
  store: ContentIngester,
  body: AsyncIterable<Buffer>,
  opts: { signal?: AbortSignal } = {},
): Promise<IngestedLayer> {
  const signal = opts.signal;
  signal?.throwIfAborted();
  const writer = await store.writer(signal ? { signal } : {});
  try {
    async function* tee(): AsyncGenerator<Buffer> {
      for await (const chunk of body) {
        signal?.throwIfAborted();
        await writer.write(chunk);
        yield chunk;
      }
    }
    const { compression, stream } = await decompress(tee());
    const onAbort = () => stream.destroy(signal?.reason as Error);
    signal?.addEventListener('abort', onAbort, { once: true });
    const hash = createHash('sha256');
    let size = 0;
    async function* hashed(): AsyncGenerator<Buffer> {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    }
    try {
      // Reading every header validates the archive; bodies are skipped unread.
      for await (const entry of readTar(hashed())) void entry;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    const digest = await writer.commit();
    return {
      blob: { mediaType: compression === 'gzip' ? MediaTypes.ociLayerGzip : MediaTypes.ociLayer, digest, size: writer.size },
      diffId: `sha256:${hash.digest('hex')}`,
      uncompressedSize: size,
    };
  } catch (err) {
    await writer.abort();
    throw signal?.aborted ? err : asDecompressError(err);
  }
}
