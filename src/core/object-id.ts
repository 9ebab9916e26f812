import { randomBytes } from 'node:crypto';

/** A 64-hex-character object id, as Docker uses for containers and exec instances. */
export function newObjectId(): string {
  return randomBytes(32).toString('hex');
}

/** The 12-character form shown in tables. */
export function shortId(id: string): string {
  const hex = id.startsWith('sha256:') ? id.slice(7) : id;
  return hex.slice(0, 12);
}
