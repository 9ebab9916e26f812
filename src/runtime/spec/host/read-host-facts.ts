import { access, readFile } from 'node:fs/promises';
import { release } from 'node:os';
import { capabilitiesFromMask } from '../capabilities.js';
import { parseCpuset } from '../validate-resources.js';
import type { HardRlimits, HostFacts, NativeArch } from '../spec-input.js';

/** /proc/self/limits row titles -> `--ulimit` names. */
const LIMIT_ROWS: Record<string, string> = {
  'Max cpu time': 'cpu',
  'Max file size': 'fsize',
  'Max data size': 'data',
  'Max stack size': 'stack',
  'Max core file size': 'core',
  'Max resident set': 'rss',
  'Max processes': 'nproc',
  'Max open files': 'nofile',
  'Max locked memory': 'memlock',
  'Max file locks': 'locks',
  'Max pending signals': 'sigpending',
  'Max msgqueue size': 'msgqueue',
  'Max nice priority': 'nice',
  'Max realtime priority': 'rtprio',
  'Max realtime timeout': 'rttime',
};

/** Hard limits by ulimit name from /proc/<pid>/limits text; `unlimited` is Infinity. */
export function parseProcLimits(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n').slice(1)) {
    const title = Object.keys(LIMIT_ROWS).find((t) => line.startsWith(t));
    if (!title) continue;
    const [, hard] = line.slice(title.length).trim().split(/\s+/);
    out[LIMIT_ROWS[title]!] = hard === 'unlimited' ? Infinity : Number(hard);
  }
  return out;
}

/** A `Cap*:` hex field from /proc/<pid>/status. */
export function statusField(status: string, field: string): string {
  const m = new RegExp(`^${field}:\\s*([0-9a-f]+)$`, 'm').exec(status);
  if (!m) throw new Error(`no ${field} in /proc/self/status`);
  return m[1]!;
}

/** 2 when /sys/fs/cgroup is a cgroup2 mount (unified), 1 for legacy and hybrid hosts. */
export function cgroupVersionFromMountinfo(mountinfo: string): 1 | 2 {
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    if (left.split(' ')[4] === '/sys/fs/cgroup') return right.split(' ')[0] === 'cgroup2' ? 2 : 1;
  }
  return 1;
}

export function nativeArch(nodeArch: string): NativeArch {
  if (nodeArch === 'x64') return 'amd64';
  if (nodeArch === 'arm64') return 'arm64';
  throw new Error(`unsupported architecture ${nodeArch}`);
}

const exists = (p: string) => access(p).then(() => true, () => false);

/** Static inits Docker packages or distributions ship; a dynamic tini would not run in every rootfs. */
export const INIT_CANDIDATES = ['/usr/bin/docker-init', '/usr/libexec/docker/docker-init', '/usr/bin/tini-static', '/usr/local/bin/tini-static'];

/**
 * Reads the facts spec generation needs about this host and this daemon process. Cheap
 * (a few /proc reads); the engine can call it once at boot. Host devices are gathered
 * separately (listHostDevices) because only privileged containers need them.
 */
export async function readHostFacts(opts: { initPath?: string } = {}): Promise<HostFacts> {
  const [status, limits, mountinfo, possible] = await Promise.all([
    readFile('/proc/self/status', 'utf8'),
    readFile('/proc/self/limits', 'utf8'),
    readFile('/proc/self/mountinfo', 'utf8'),
    readFile('/sys/devices/system/cpu/possible', 'utf8').catch(() => ''),
  ]);
  const bounding = capabilitiesFromMask(statusField(status, 'CapBnd'));
  const effective = capabilitiesFromMask(statusField(status, 'CapEff'));
  const cgroupVersion = cgroupVersionFromMountinfo(mountinfo);

  const hard = parseProcLimits(limits);
  let hardRlimits: HardRlimits;
  if (effective.includes('CAP_SYS_RESOURCE')) {
    // may raise any hard limit, but open files never beyond fs.nr_open
    const nrOpen = Number((await readFile('/proc/sys/fs/nr_open', 'utf8')).trim());
    hardRlimits = { nofile: nrOpen, nproc: Infinity };
  } else {
    hardRlimits = { ...hard, nofile: hard.nofile ?? Infinity, nproc: hard.nproc ?? Infinity };
  }

  const extraMaskedPaths: string[] = [];
  for (const cpu of parseCpuset(possible.trim()) ?? []) {
    const p = `/sys/devices/system/cpu/cpu${cpu}/thermal_throttle`;
    if (await exists(p)) extraMaskedPaths.push(p);
  }

  let initPath = opts.initPath;
  if (initPath === undefined) {
    for (const c of INIT_CANDIDATES) if (initPath === undefined && (await exists(c))) initPath = c;
  }

  const facts: HostFacts = {
    boundingCapabilities: bounding,
    cgroupVersion,
    hardRlimits,
    arch: nativeArch(process.arch),
    kernelVersion: release(),
    swapLimit: cgroupVersion === 2 || (await exists('/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes')),
  };
  if (initPath !== undefined) facts.initPath = initPath;
  if (extraMaskedPaths.length) facts.extraMaskedPaths = extraMaskedPaths;
  return facts;
}
