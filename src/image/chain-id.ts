import { createHash } from 'node:crypto';
import type { Digest } from '../core/digest.js';

/**
 * Chain ids name a stack of layers: ChainID(L0) = DiffID(L0),
 * ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)). Returns one per layer,
 * bottom first; the last one names the whole image filesystem.
 */
export function chainIds(diffIds: readonly Digest[]): Digest[] {
  const out: Digest[] = [];
  for (const diffId of diffIds) {
    const prev = out[out.length - 1];
    out.push(prev === undefined ? diffId : `sha256:${createHash('sha256').update(`${prev} ${diffId}`).digest('hex')}`);
  }
  return out;
}
