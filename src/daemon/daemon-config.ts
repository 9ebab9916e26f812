import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { invalidArgument } from '../core/engine-error.js';

export interface DaemonConfig {
  dataRoot: string;
  execRoot: string;
  socketPath: string;
  /** Group allowed on the socket besides root (mode 0660); undefined = root only. */
  socketGroup?: string;
  defaultRuntime: string;
  /** Parent cgroup of every container of this daemon, relative to each hierarchy's root. */
  cgroupParent: string;
  /** The default bridge network's device (`berth0`, or one per data root). */
  defaultBridge: string;
  /** Prefix of this daemon's iptables chains (`BERTH`, or one per data root). */
  firewallChainPrefix: string;
  debug: boolean;
}

export const DEFAULTS = {
  dataRoot: '/var/lib/berth',
  execRoot: '/run/berth',
  host: 'unix:///run/berth/berth.sock',
  defaultRuntime: 'crun',
};

const USAGE = `Usage: berthd [OPTIONS]

A container engine speaking the Docker Engine API.

Options:
      --data-root string         Root of persistent state (default "${DEFAULTS.dataRoot}")
      --exec-root string         Root of runtime state (default "${DEFAULTS.execRoot}")
  -H, --host string              Socket to listen on (default "${DEFAULTS.host}")
  -G, --group string             Group that may use the socket besides root
      --default-runtime string   OCI runtime for containers: crun or runc (default "crun")
      --cgroup-parent string     Parent cgroup for containers (default "berth", or one per data root)
  -D, --debug                    Log every request
  -h, --help                     Print usage
`;

export function parseDaemonArgs(argv: string[]): DaemonConfig | 'help' {
  const opts: Record<string, string> = {};
  let debug = false;
  const names: Record<string, string> = {
    '--data-root': 'dataRoot', '--exec-root': 'execRoot', '-H': 'host', '--host': 'host', '-G': 'group', '--group': 'group',
    '--default-runtime': 'defaultRuntime', '--cgroup-parent': 'cgroupParent',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '-D' || arg === '--debug') { debug = true; continue; }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const key = names[flag];
    if (!key) throw invalidArgument(`unknown flag: ${arg}\n\n${USAGE}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw invalidArgument(`flag needs an argument: ${flag}`);
    opts[key] = value;
  }
  const host = opts.host ?? DEFAULTS.host;
  if (!host.startsWith('unix://')) throw invalidArgument(`unsupported host ${JSON.stringify(host)}: berthd listens on unix:// sockets only`);
  const dataRoot = resolve(opts.dataRoot ?? DEFAULTS.dataRoot);
  const isDefault = dataRoot === DEFAULTS.dataRoot;
  const rootHash = createHash('sha256').update(dataRoot).digest('hex');
  return {
    dataRoot,
    execRoot: resolve(opts.execRoot ?? DEFAULTS.execRoot),
    socketPath: resolve(host.slice('unix://'.length)),
    ...(opts.group ? { socketGroup: opts.group } : {}),
    defaultRuntime: opts.defaultRuntime ?? DEFAULTS.defaultRuntime,
    // Each data root gets its own parent, so two daemons never mistake each other's cgroups for leaks.
    cgroupParent: opts.cgroupParent ?? (isDefault ? 'berth' : `berth-${rootHash.slice(0, 12)}`),
    // The same for host network devices and firewall chains (device names have at most 15 characters).
    defaultBridge: isDefault ? 'berth0' : `bt0-${rootHash.slice(0, 10)}`,
    firewallChainPrefix: isDefault ? 'BERTH' : `BERTH-${rootHash.slice(0, 8).toUpperCase()}`,
    debug,
  };
}

export { USAGE as DAEMON_USAGE };
