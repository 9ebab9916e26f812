import { ClientError } from '../client/client-error.js';

/** An error as docker words it in lists of failures: daemon errors carry their origin. */
export function errorText(err: unknown): string {
  if (err instanceof ClientError && err.fromDaemon) return `Error response from daemon: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
