/**
 * The one error type the engine raises. Codes form a closed set; the API maps
 * them to HTTP statuses in exactly one table (api/http-errors.ts), so nothing
 * below the API knows about HTTP.
 */
export type ErrorCode =
  | 'invalid_argument'
  | 'not_found'
  | 'conflict'
  | 'not_modified'
  | 'unauthenticated'
  | 'permission_denied'
  | 'not_implemented'
  | 'unavailable'
  | 'internal';

export interface EngineErrorOptions {
  cause?: unknown;
  /** A short human hint on what to do about it, shown by the CLI. */
  hint?: string;
}

export class EngineError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, opts: EngineErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'EngineError';
    this.code = code;
    if (opts.hint !== undefined) this.hint = opts.hint;
  }

  static is(err: unknown, code?: ErrorCode): err is EngineError {
    return err instanceof EngineError && (code === undefined || err.code === code);
  }
}

export const invalidArgument = (message: string, opts?: EngineErrorOptions) =>
  new EngineError('invalid_argument', message, opts);
export const notFound = (message: string, opts?: EngineErrorOptions) => new EngineError('not_found', message, opts);
export const conflict = (message: string, opts?: EngineErrorOptions) => new EngineError('conflict', message, opts);
export const internal = (message: string, opts?: EngineErrorOptions) => new EngineError('internal', message, opts);
