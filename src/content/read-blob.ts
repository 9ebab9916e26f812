import type { Digest } from '../core/digest.js';
import { invalidArgument } from '../core/engine-error.js';
import type { ContentProvider } from './content-store.js';

/** Manifests and configs are small; anything bigger than this is refused rather than buffered. */
const DEFAULT_MAX = 8 * 1024 * 1024;

/** Reads a small blob (manifest, config) fully into memory. */
export async function readBlob(store: ContentProvider, digest: Digest, opts: { maxSize?: number; signal?: AbortSignal } = {}): Promise<Buffer> {
  const max = opts.maxSize ?? DEFAULT_MAX;
  const info = await store.info(digest);
  if (info.size > max) throw invalidArgument(`blob ${digest} is ${info.size} bytes, more than the ${max} allowed here`);
  const chunks: Buffer[] = [];
  for await (const c of await store.read(digest, opts.signal ? { signal: opts.signal } : {})) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Reads and parses a JSON blob. */
export async function readJsonBlob<T>(store: ContentProvider, digest: Digest, opts: { signal?: AbortSignal } = {}): Promise<T> {
  const buf = await readBlob(store, digest, opts);
  try {
    return JSON.parse(buf.toString('utf8')) as T;
  } catch (err) {
    throw invalidArgument(`blob ${digest} is not valid JSON`, { cause: err });
  }
}
