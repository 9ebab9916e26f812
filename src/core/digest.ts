import { invalidArgument } from './engine-error.js';

/** A content digest such as `sha256:<64 hex>`. Only sha256 is produced; sha512 is accepted. */
export type Digest = `sha256:${string}` | `sha512:${string}`;

const DIGEST_RE = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

export function isDigest(s: string): s is Digest {
  return DIGEST_RE.test(s);
}

export function parseDigest(s: string): Digest {
  if (!isDigest(s)) throw invalidArgument(`invalid digest: ${JSON.stringify(s)}`);
  return s;
}

/** The hex part of a digest (what Docker calls the image id without prefix). */
export function digestHex(d: Digest): string {
  return d.slice(d.indexOf(':') + 1);
}
