import type { ErrorCode } from '../core/engine-error.js';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  304: 'not_modified',
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  409: 'conflict',
  501: 'not_implemented',
  503: 'unavailable',
};

/**
 * An error answered by the daemon (`status` is the HTTP status, `message` the
 * daemon's `{"message": ...}`), or a failure to reach it at all (`status` 0).
 * The CLI prints daemon errors as "Error response from daemon: <message>".
 */
export class ClientError extends Error {
  readonly status: number;

  constructor(status: number, message: string, opts: { cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ClientError';
    this.status = status;
  }

  /** True when the daemon answered (as opposed to being unreachable). */
  get fromDaemon(): boolean {
    return this.status !== 0;
  }

  /** The engine's error class for this status, so callers can branch without knowing HTTP. */
  get code(): ErrorCode {
    return CODE_BY_STATUS[this.status] ?? (this.status === 0 ? 'unavailable' : 'internal');
  }

  static is(err: unknown, code?: ErrorCode): err is ClientError {
    return err instanceof ClientError && (code === undefined || err.code === code);
  }
}
