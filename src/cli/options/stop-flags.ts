import { parseGoInt } from '../args/go-strconv.js';
import type { FlagSpec } from '../args/flag-spec.js';
import type { ParsedArgs } from '../args/parsed-args.js';

/** `-s/--signal` and `-t/--timeout`, shared by `stop` and `restart`. */
export const STOP_FLAGS: FlagSpec[] = [
  { long: 'signal', short: 's', kind: 'value', description: 'Signal to send to the container' },
  { long: 'timeout', short: 't', kind: 'value', type: 'int', parse: parseGoInt, description: 'Seconds to wait before killing the container' },
];

/** The stop options those flags give, for the API client. */
export function stopOptions(args: ParsedArgs): { timeout?: number; signal?: string } {
  const timeout = args.value<number>('timeout');
  const signal = args.value('signal');
  return { ...(timeout !== undefined ? { timeout } : {}), ...(signal ? { signal } : {}) };
}
