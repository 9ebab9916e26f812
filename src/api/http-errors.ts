import type { ErrorCode } from '../core/engine-error.js';

/** The only table in berth that knows HTTP statuses for engine errors. */
export const httpStatus: Record<ErrorCode, number> = {
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  conflict: 409,
  not_modified: 304,
  not_implemented: 501,
  unavailable: 503,
  internal: 500,
};
