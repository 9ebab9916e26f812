import { encodeOciJson } from '../spec/encode-oci-json.js';
import type { LinuxResources } from '../spec/runtime-spec.js';

export type UpdateResources = Omit<LinuxResources, 'devices'>;

/**
 * What differs between OCI runtime command lines. crun and runc share their verbs and flags
 * (both follow runc's CLI), so one driver, CliOciRuntime, serves both and a dialect holds
 * the rest: default binary, error wording, how `update` reads its resources. That is why
 * there is one cli-runtime/ folder rather than crun/ and runc/ copies of the same code.
 */
export interface RuntimeDialect {
  name: string;
  defaultBinary: string;
  /** Matches the runtime's message for a container it does not know. */
  notFound: RegExp;
  /** Matches refusals because of the container's state (not running, already paused...). */
  wrongState: RegExp;
  /** The `update` arguments (after the verb, before the id) and stdin for new limits. */
  updateCommand(resources: UpdateResources): { args: string[]; stdin?: string };
}

/** crun's flag for each limit; it cannot read `-r` from a pipe (Node's stdio is a socketpair). */
function crunUpdateFlags(r: UpdateResources): string[] {
  const flags: [string, number | string | undefined][] = [
    ['--memory', r.memory?.limit],
    ['--memory-reservation', r.memory?.reservation],
    ['--memory-swap', r.memory?.swap],
    ['--cpu-share', r.cpu?.shares],
    ['--cpu-period', r.cpu?.period],
    ['--cpu-quota', r.cpu?.quota],
    ['--cpuset-cpus', r.cpu?.cpus],
    ['--cpuset-mems', r.cpu?.mems],
    ['--pids-limit', r.pids?.limit],
    ['--blkio-weight', r.blockIO?.weight],
  ];
  return flags.filter(([, v]) => v !== undefined).map(([flag, v]) => `${flag}=${v}`);
}

export const crunDialect: RuntimeDialect = {
  name: 'crun',
  defaultBinary: '/usr/bin/crun',
  notFound: /(error opening file `[^`]*\/status`: No such file or directory|container `[^`]*` does not exist|does not exist)/,
  wrongState: /(not running|is paused|not paused|already paused|container is stopped|process not running)/i,
  updateCommand: (r) => ({ args: crunUpdateFlags(r) }),
};

export const runcDialect: RuntimeDialect = {
  name: 'runc',
  defaultBinary: '/usr/sbin/runc',
  notFound: /container does not exist/,
  wrongState: /(not running|is paused|not paused|container is stopped|cannot (?:pause|resume))/i,
  updateCommand: (r) => ({ args: ['--resources', '-'], stdin: encodeOciJson(r) }),
};
