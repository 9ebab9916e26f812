import type { IncomingMessage } from 'node:http';
import { readJsonLines } from './json-lines.js';
import { StreamError } from './stream-error.js';
import type { ProgressMessage } from './types/image-types.js';

/**
 * Reads JSON progress lines (pull, import) to the end, handing each to
 * `onMessage`; an `error`/`errorDetail` line ends it with a StreamError.
 */
export async function consumeProgress(body: IncomingMessage, onMessage: (msg: ProgressMessage) => void = () => {}):
  Promise<void> {
  for await (const msg of readJsonLines<ProgressMessage>(body)) {
    if (msg.errorDetail !== undefined || msg.error !== undefined) {
      body.destroy();
      throw new StreamError(msg.errorDetail?.message ?? msg.error ?? 'unknown error', msg.errorDetail?.code);
    }
    onMessage(msg);
  }
}
