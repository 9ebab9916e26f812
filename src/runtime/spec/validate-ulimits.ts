import type { Ulimit } from '../../core/container.js';
import { invalidArgument } from '../../core/engine-error.js';
import { ULIMIT_NAMES } from './parse-ulimit.js';
import type { HardRlimits } from './spec-input.js';

/** -1 is Docker's spelling of unlimited. */
const effective = (n: number) => (n === -1 ? Infinity : n);

/**
 * Create-time check of `--ulimit` values (as the API delivers them, already split). Docker
 * lets the runtime fail at start instead; we reject early with invalid_argument when a value
 * cannot be set: unknown name, soft above hard, or above what the daemon itself may grant
 * (without CAP_SYS_RESOURCE a process cannot raise a hard limit).
 */
export function validateUlimits(ulimits: readonly Ulimit[], hard: HardRlimits): void {
  for (const u of ulimits) {
    const show = `${u.name}=${u.soft}:${u.hard}`;
    if (!ULIMIT_NAMES.includes(u.name)) throw invalidArgument(`invalid ulimit type: ${u.name}`);
    for (const v of [u.soft, u.hard]) {
      if (!Number.isSafeInteger(v) || v < -1) throw invalidArgument(`invalid ulimit argument: ${show}`);
    }
    if (effective(u.soft) > effective(u.hard)) {
      throw invalidArgument(`ulimit soft limit must be less than or equal to hard limit: ${u.soft} > ${u.hard}`);
    }
    const max = hard[u.name];
    if (max !== undefined && effective(u.hard) > max) {
      throw invalidArgument(
        `ulimit ${show} exceeds the daemon's hard limit for ${u.name} (${max === Infinity ? 'unlimited' : max})`,
        { hint: `use a value of at most ${max}` },
      );
    }
  }
}
