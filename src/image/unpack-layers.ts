import { randomBytes } from 'node:crypto';
import type { Descriptor } from '../core/descriptor.js';
import { type Digest, digestHex } from '../core/digest.js';
import { EngineError, internal } from '../core/engine-error.js';
import type { ContentProvider } from '../content/content-store.js';
import type { Snapshotter } from '../snapshot/snapshotter.js';
import { chainIds } from './chain-id.js';

export interface LayerToUnpack {
  blob: Descriptor;
  diffId: Digest;
}

/** Prefix of the active snapshots used while unpacking; leftovers after a crash are garbage. */
export const UNPACK_KEY_PREFIX = 'extract-';

/** Unpacks running per snapshotter and chain id, so concurrent pulls of one layer share the work. */
const inflight = new WeakMap<Snapshotter, Map<Digest, Promise<boolean>>>();

/**
 * Makes sure each layer exists as a committed snapshot named by its chain id,
 * bottom first. A layer whose snapshot already exists is skipped without reading
 * its blob: a layer is unpacked at most once. Each unpack goes into an active
 * snapshot `extract-…` and is committed only once complete and its DiffID checked,
 * so a failure or crash never leaves a partial layer under a chain id.
 * Returns how many layers were actually unpacked.
 */
export async function unpackLayers(
  content: ContentProvider,
  snapshots: Snapshotter,
  layers: readonly LayerToUnpack[],
  opts: { signal?: AbortSignal } = {},
): Promise<number> {
  const chain = chainIds(layers.map((l) => l.diffId));
  let unpacked = 0;
  for (let i = 0; i < layers.length; i++) {
    const chainId = chain[i]!;
    const parent = i === 0 ? '' : chain[i - 1]!;
    const running = inflight.get(snapshots) ?? new Map<Digest, Promise<boolean>>();
    inflight.set(snapshots, running);
    let job = running.get(chainId);
    if (!job) {
      job = unpackOne(content, snapshots, layers[i]!, chainId, parent, opts.signal).finally(() => running.delete(chainId));
      running.set(chainId, job);
    }
    if (await job) unpacked++;
  }
  return unpacked;
}

async function exists(snapshots: Snapshotter, name: string): Promise<boolean> {
  try {
    const info = await snapshots.stat(name);
    if (info.kind !== 'committed') throw internal(`snapshot ${name} exists but is not committed`);
    return true;
  } catch (err) {
    if (EngineError.is(err, 'not_found')) return false;
    throw err;
  }
}

async function unpackOne(
  content: ContentProvider,
  snapshots: Snapshotter,
  layer: LayerToUnpack,
  chainId: Digest,
  parent: string,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  if (await exists(snapshots, chainId)) return false;
  const key = `${UNPACK_KEY_PREFIX}${randomBytes(6).toString('hex')}-${digestHex(chainId).slice(0, 12)}`;
  await snapshots.prepare(key, parent, { labels: { 'berth.unpack.chain-id': chainId } });
  try {
    const blob = await content.read(layer.blob.digest, signal ? { signal } : {});
    const applied = await snapshots.applyLayer(key, blob, signal ? { signal } : {});
    if (applied.diffId !== layer.diffId) {
      throw new EngineError('invalid_argument', `layer ${layer.blob.digest} unpacks to ${applied.diffId}, but the image config says ${layer.diffId}`);
    }
    try {
      await snapshots.commit(chainId, key);
    } catch (err) {
      // Another unpacker (another process, or a retry) committed the same chain id first.
      if (EngineError.is(err, 'conflict') && (await exists(snapshots, chainId))) {
        await snapshots.remove(key);
        return false;
      }
      throw err;
    }
    return true;
  } catch (err) {
    await snapshots.remove(key).catch(() => undefined);
    throw err;
  }
}
