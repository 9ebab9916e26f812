import type { Ulimit } from '../../core/container.js';
import { invalidArgument } from '../../core/engine-error.js';

/** The `--ulimit` names Docker accepts (go-units), each an RLIMIT_<NAME> resource. */
export const ULIMIT_NAMES: readonly string[] = [
  'core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc',
  'rss', 'rtprio', 'rttime', 'sigpending', 'stack',
];

const INT = /^[+-]?\d+$/;

function parseLimit(text: string, whole: string): number {
  if (!INT.test(text)) throw invalidArgument(`invalid ulimit argument: ${whole}`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw invalidArgument(`invalid ulimit argument: ${whole}`);
  return n;
}

/**
 * `nofile=1024:2048` -> { name: 'nofile', soft: 1024, hard: 2048 }; `nofile=1024` sets both.
 * -1 means unlimited, as in Docker. Messages follow Docker's.
 */
export function parseUlimit(value: string): Ulimit {
  const eq = value.indexOf('=');
  if (eq < 0) throw invalidArgument(`invalid ulimit argument: ${value}`);
  const name = value.slice(0, eq);
  if (!ULIMIT_NAMES.includes(name)) throw invalidArgument(`invalid ulimit type: ${name}`);
  const limits = value.slice(eq + 1);
  const colon = limits.indexOf(':');
  const soft = parseLimit(colon < 0 ? limits : limits.slice(0, colon), value);
  const hard = colon < 0 ? soft : parseLimit(limits.slice(colon + 1), value);
  if (hard !== -1 && soft > hard) {
    throw invalidArgument(`ulimit soft limit must be less than or equal to hard limit: ${soft} > ${hard}`);
  }
  return { name, soft, hard };
}
