import { EngineError } from '../../core/engine-error.js';

/**
 * Log times as nanoseconds since the epoch, in bigint: a double cannot hold
 * today's unix time in nanoseconds exactly, and docker's since/until are
 * compared to the nanosecond.
 */

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;

/** An RFC 3339 time with up to nine fraction digits; null if it is not one. */
export function criTimeToNanos(time: string): bigint | null {
  const m = RFC3339.exec(time);
  if (m === null) return null;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return null;
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** Unix seconds with an optional fraction, as a number or a decimal string (docker's `since=1700000000.5`). */
export function unixSecondsToNanos(seconds: number | string): bigint {
  const text = typeof seconds === 'number' ? seconds.toFixed(9) : seconds.trim();
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (m === null || (typeof seconds === 'number' && !Number.isFinite(seconds))) {
    throw new EngineError('invalid_argument', `invalid timestamp ${JSON.stringify(String(seconds))}: want unix seconds`);
  }
  return BigInt(m[1]!) * 1_000_000_000n + BigInt((m[2] ?? '').slice(0, 9).padEnd(9, '0'));
}
