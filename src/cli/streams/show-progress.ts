import type { Writable } from 'node:stream';
import type { ProgressMessage } from '../../client/types/image-types.js';

/**
 * Prints one pull/import progress line as docker's jsonmessage does on a
 * non-terminal: `id: status`, or the bare status; byte-count progress updates
 * are skipped (docker draws them only as terminal progress bars).
 */
export function showProgress(msg: ProgressMessage, out: Writable): void {
  const hasProgress = (msg.progressDetail && ((msg.progressDetail.total ?? 0) > 0 || (msg.progressDetail.current ?? 0) > 0)) || !!msg.progress;
  if (hasProgress) return;
  if (msg.stream !== undefined) {
    out.write(msg.stream);
    return;
  }
  if (msg.status === undefined && msg.id === undefined) return;
  out.write(`${msg.id ? `${msg.id}: ` : ''}${msg.status ?? ''}\n`);
}
