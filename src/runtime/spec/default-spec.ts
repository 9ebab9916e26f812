import { OCI_VERSION, type LinuxDeviceCgroup, type RuntimeSpec, type SpecMount } from './runtime-spec.js';

/** Docker's masked paths (oci/defaults.go): unreadable in a container unless privileged. */
export const DEFAULT_MASKED_PATHS: readonly string[] = [
  '/proc/asound',
  '/proc/acpi',
  '/proc/interrupts',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
];

export const DEFAULT_READONLY_PATHS: readonly string[] = [
  '/proc/bus',
  '/proc/fs',
  '/proc/irq',
  '/proc/sys',
  '/proc/sysrq-trigger',
];

/** Docker's /dev/shm size when HostConfig.ShmSize is 0. */
export const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;

function defaultMounts(): SpecMount[] {
  const m = (destination: string, type: string, source: string, options: string[]): SpecMount => ({
    destination, type, source, options,
  });
  return [
    m('/proc', 'proc', 'proc', ['nosuid', 'noexec', 'nodev']),
    m('/dev', 'tmpfs', 'tmpfs', ['nosuid', 'strictatime', 'mode=755', 'size=65536k']),
    m('/dev/pts', 'devpts', 'devpts', ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5']),
    m('/sys', 'sysfs', 'sysfs', ['nosuid', 'noexec', 'nodev', 'ro']),
    m('/sys/fs/cgroup', 'cgroup', 'cgroup', ['ro', 'nosuid', 'noexec', 'nodev']),
    m('/dev/mqueue', 'mqueue', 'mqueue', ['nosuid', 'noexec', 'nodev']),
    m('/dev/shm', 'tmpfs', 'shm', ['nosuid', 'noexec', 'nodev', 'mode=1777']),
  ];
}

/**
 * Docker's device cgroup rules: deny everything, then allow the standard character devices
 * (zero, null, urandom, random, tty, console) and explicitly deny fuse. The runtime itself
 * creates /dev/{null,zero,full,random,urandom,tty,console,ptmx} and allows its pts/ptmx
 * defaults, so `linux.devices` stays empty like Docker's.
 */
function defaultDeviceRules(): LinuxDeviceCgroup[] {
  const allowChar = (major: number, minor: number): LinuxDeviceCgroup => ({
    allow: true, type: 'c', major, minor, access: 'rwm',
  });
  return [
    { allow: false, access: 'rwm' },
    allowChar(1, 5),
    allowChar(1, 3),
    allowChar(1, 9),
    allowChar(1, 8),
    allowChar(5, 0),
    allowChar(5, 1),
    { allow: false, type: 'c', major: 10, minor: 229, access: 'rwm' },
  ];
}

/** A fresh copy of Docker's default Linux spec; the SpecOpts fill in and adjust the rest. */
export function defaultSpec(): RuntimeSpec {
  return {
    ociVersion: OCI_VERSION,
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args: [],
      env: [],
      cwd: '/',
      capabilities: { bounding: [], effective: [], permitted: [], inheritable: [], ambient: [] },
      rlimits: [],
      noNewPrivileges: false,
    },
    root: { path: '', readonly: false },
    mounts: defaultMounts(),
    linux: {
      namespaces: [{ type: 'mount' }, { type: 'network' }, { type: 'uts' }, { type: 'pid' }, { type: 'ipc' }],
      devices: [],
      resources: { devices: defaultDeviceRules() },
      maskedPaths: [...DEFAULT_MASKED_PATHS],
      readonlyPaths: [...DEFAULT_READONLY_PATHS],
    },
  };
}
