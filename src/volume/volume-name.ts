import { randomBytes } from 'node:crypto';
import { invalidArgument } from '../core/engine-error.js';

/** Docker's label on volumes made for `-v /path` and image VOLUMEs; `prune` and `rm -v` go by it. */
export const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';

/** Docker's rule for local volume names (they become directory names under the data root). */
const VALID_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export function validateVolumeName(name: string): void {
  if (!VALID_NAME.test(name)) {
    throw invalidArgument(`create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`);
  }
}

/** A fresh 64-hex name, as Docker gives anonymous volumes. */
export function anonymousVolumeName(): string {
  return randomBytes(32).toString('hex');
}
