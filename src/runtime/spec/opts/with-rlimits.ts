import { RLIMIT_INFINITY, type Rlimit } from '../runtime-spec.js';
import type { SpecOpt } from '../spec-opt.js';
import { validateUlimits } from '../validate-ulimits.js';

/** What containerd-based Docker gives a container for open files, when the host allows it. */
export const DEFAULT_NOFILE = 1_048_576;

const limit = (n: number) => (n === -1 ? RLIMIT_INFINITY : n);

/**
 * `--ulimit` values (the last one of a name wins), plus a default RLIMIT_NOFILE that fits
 * under the daemon's own hard limit so the runtime can always set it.
 */
export const withRlimits: SpecOpt = (spec, { host, hostFacts }) => {
  const ulimits = host.resources.ulimits ?? [];
  validateUlimits(ulimits, hostFacts.hardRlimits);
  const byName = new Map<string, Rlimit>();
  for (const u of ulimits) {
    byName.set(u.name, { type: `RLIMIT_${u.name.toUpperCase()}`, soft: limit(u.soft), hard: limit(u.hard) });
  }
  if (!byName.has('nofile')) {
    const n = Math.min(DEFAULT_NOFILE, hostFacts.hardRlimits.nofile);
    byName.set('nofile', { type: 'RLIMIT_NOFILE', soft: n, hard: n });
  }
  spec.process.rlimits = [...byName.values()];
};
