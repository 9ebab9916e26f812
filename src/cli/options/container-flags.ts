import type { FlagSpec } from '../args/flag-spec.js';
import { parseGoInt, parseGoUint } from '../args/go-strconv.js';
import { parseGoDuration } from '../units/go-duration.js';
import { memSwapBytes, ramInBytes } from '../units/parse-bytes.js';
import { parseDevice, parseDeviceValue, parseExtraHost, parseIpAddress } from './host-specs.js';
import { parseMountSpec } from './mount-spec.js';
import { parseNanoCpus } from './nano-cpus.js';
import { parseUlimit } from './ulimit-spec.js';

const bytes = (v: string) => ramInBytes(v);
const duration = (v: string) => parseGoDuration(v);

function attachStream(v: string): string {
  const s = v.toLowerCase();
  if (s !== 'stdin' && s !== 'stdout' && s !== 'stderr') throw new Error('valid streams are STDIN, STDOUT and STDERR');
  return s;
}

function keyValue(v: string): string {
  if (!v.includes('=')) throw new Error(`invalid key=value pair: ${v}`);
  return v;
}

function validateEnv(v: string): string {
  if (v.split('=')[0] === '') throw new Error(`invalid environment variable: ${v}`);
  return v;
}

/** The flags `create` and `run` share, with docker's names, shorthands and value parsing. */
export const containerFlags: FlagSpec[] = [
  { long: 'add-host', kind: 'list', parse: parseExtraHost, description: 'Add a custom host-to-IP mapping (host:ip)' },
  { long: 'annotation', kind: 'list', type: 'map', parse: keyValue, description: 'Add an annotation to the container (passed through to the OCI runtime)' },
  { long: 'attach', short: 'a', kind: 'list', parse: attachStream, description: 'Attach to STDIN, STDOUT or STDERR' },
  { long: 'blkio-weight', kind: 'value', type: 'uint16', parse: parseGoUint, description: 'Block IO (relative weight), between 10 and 1000, or 0 to disable', defaultText: '0' },
  { long: 'blkio-weight-device', kind: 'list', parse: (v) => parseDeviceValue(v, 'weight'), description: 'Block IO weight (relative device weight)', defaultText: '[]' },
  { long: 'cap-add', kind: 'list', description: 'Add Linux capabilities' },
  { long: 'cap-drop', kind: 'list', description: 'Drop Linux capabilities' },
  { long: 'cgroup-parent', kind: 'value', description: 'Optional parent cgroup for the container' },
  { long: 'cgroupns', kind: 'value', description: 'Cgroup namespace to use (host|private)' },
  { long: 'cidfile', kind: 'value', description: 'Write the container ID to the file' },
  { long: 'cpu-period', kind: 'value', type: 'int', parse: parseGoInt, description: 'Limit CPU CFS (Completely Fair Scheduler) period' },
  { long: 'cpu-quota', kind: 'value', type: 'int', parse: parseGoInt, description: 'Limit CPU CFS (Completely Fair Scheduler) quota' },
  { long: 'cpu-rt-period', kind: 'value', type: 'int', parse: parseGoInt, description: 'Limit CPU real-time period in microseconds' },
  { long: 'cpu-rt-runtime', kind: 'value', type: 'int', parse: parseGoInt, description: 'Limit CPU real-time runtime in microseconds' },
  { long: 'cpu-shares', short: 'c', kind: 'value', type: 'int', parse: parseGoInt, description: 'CPU shares (relative weight)' },
  { long: 'cpus', kind: 'value', type: 'decimal', parse: parseNanoCpus, description: 'Number of CPUs' },
  { long: 'cpuset-cpus', kind: 'value', description: 'CPUs in which to allow execution (0-3, 0,1)' },
  { long: 'cpuset-mems', kind: 'value', description: 'MEMs in which to allow execution (0-3, 0,1)' },
  { long: 'device', kind: 'list', parse: parseDevice, description: 'Add a host device to the container' },
  { long: 'device-cgroup-rule', kind: 'list', description: 'Add a rule to the cgroup allowed devices list' },
  { long: 'device-read-bps', kind: 'list', parse: (v) => parseDeviceValue(v, 'bytes'), description: 'Limit read rate (bytes per second) from a device', defaultText: '[]' },
  { long: 'device-read-iops', kind: 'list', parse: (v) => parseDeviceValue(v, 'count'), description: 'Limit read rate (IO per second) from a device', defaultText: '[]' },
  { long: 'device-write-bps', kind: 'list', parse: (v) => parseDeviceValue(v, 'bytes'), description: 'Limit write rate (bytes per second) to a device', defaultText: '[]' },
  { long: 'device-write-iops', kind: 'list', parse: (v) => parseDeviceValue(v, 'count'), description: 'Limit write rate (IO per second) to a device', defaultText: '[]' },
  { long: 'disable-content-trust', kind: 'bool', description: 'Skip image verification (accepted; berth does no content trust)', defaultText: 'true' },
  { long: 'dns', kind: 'list', parse: parseIpAddress, description: 'Set custom DNS servers' },
  { long: 'dns-option', kind: 'list', description: 'Set DNS options' },
  { long: 'dns-search', kind: 'list', description: 'Set custom DNS search domains' },
  { long: 'domainname', kind: 'value', description: 'Container NIS domain name' },
  { long: 'entrypoint', kind: 'value', description: 'Overwrite the default ENTRYPOINT of the image' },
  { long: 'env', short: 'e', kind: 'list', parse: validateEnv, description: 'Set environment variables' },
  { long: 'env-file', kind: 'list', description: 'Read in a file of environment variables' },
  { long: 'expose', kind: 'list', description: 'Expose a port or a range of ports' },
  { long: 'group-add', kind: 'list', description: 'Add additional groups to join' },
  { long: 'health-cmd', kind: 'value', description: 'Command to run to check health' },
  { long: 'health-interval', kind: 'value', type: 'duration', parse: duration, description: 'Time between running the check (ms|s|m|h)', defaultText: '0s' },
  { long: 'health-retries', kind: 'value', type: 'int', parse: parseGoInt, description: 'Consecutive failures needed to report unhealthy' },
  { long: 'health-start-interval', kind: 'value', type: 'duration', parse: duration, description: 'Time between running the check during the start period (ms|s|m|h)', defaultText: '0s' },
  { long: 'health-start-period', kind: 'value', type: 'duration', parse: duration, description: 'Start period for the container to initialize before starting health-retries countdown (ms|s|m|h)', defaultText: '0s' },
  { long: 'health-timeout', kind: 'value', type: 'duration', parse: duration, description: 'Maximum time to allow one check to run (ms|s|m|h)', defaultText: '0s' },
  { long: 'hostname', short: 'h', kind: 'value', description: 'Container host name' },
  { long: 'init', kind: 'bool', description: 'Run an init inside the container that forwards signals and reaps processes' },
  { long: 'interactive', short: 'i', kind: 'bool', description: 'Keep STDIN open even if not attached' },
  { long: 'ip', kind: 'value', description: 'IPv4 address (e.g., 172.30.100.104)' },
  { long: 'ip6', kind: 'value', description: 'IPv6 address (e.g., 2001:db8::33)' },
  { long: 'ipc', kind: 'value', description: 'IPC mode to use' },
  { long: 'isolation', kind: 'value', description: 'Container isolation technology' },
  // Accepted and ignored, as docker 28 does: the API dropped kernel memory limits.
  { long: 'kernel-memory', kind: 'value', type: 'bytes', parse: bytes, description: 'Kernel memory limit' },
  { long: 'label', short: 'l', kind: 'list', description: 'Set meta data on a container' },
  { long: 'label-file', kind: 'list', description: 'Read in a line delimited file of labels' },
  { long: 'link', kind: 'list', description: 'Add link to another container' },
  { long: 'link-local-ip', kind: 'list', description: 'Container IPv4/IPv6 link-local addresses' },
  { long: 'log-driver', kind: 'value', description: 'Logging driver for the container' },
  { long: 'log-opt', kind: 'list', parse: keyValue, description: 'Log driver options' },
  { long: 'mac-address', kind: 'value', description: 'Container MAC address (e.g., 92:d0:c6:0a:29:33)' },
  { long: 'memory', short: 'm', kind: 'value', type: 'bytes', parse: bytes, description: 'Memory limit' },
  { long: 'memory-reservation', kind: 'value', type: 'bytes', parse: bytes, description: 'Memory soft limit' },
  { long: 'memory-swap', kind: 'value', type: 'bytes', parse: memSwapBytes, description: "Swap limit equal to memory plus swap: '-1' to enable unlimited swap" },
  { long: 'memory-swappiness', kind: 'value', type: 'int', parse: parseGoInt, description: 'Tune container memory swappiness (0 to 100)', defaultText: '-1' },
  { long: 'mount', kind: 'list', type: 'mount', parse: parseMountSpec, description: 'Attach a filesystem mount to the container' },
  { long: 'name', kind: 'value', description: 'Assign a name to the container' },
  { long: 'network', kind: 'value', type: 'network', description: 'Connect a container to a network' },
  { long: 'network-alias', kind: 'list', description: 'Add network-scoped alias for the container' },
  { long: 'no-healthcheck', kind: 'bool', description: 'Disable any container-specified HEALTHCHECK' },
  { long: 'oom-kill-disable', kind: 'bool', description: 'Disable OOM Killer' },
  { long: 'oom-score-adj', kind: 'value', type: 'int', parse: parseGoInt, description: "Tune host's OOM preferences (-1000 to 1000)" },
  { long: 'pid', kind: 'value', description: 'PID namespace to use' },
  { long: 'pids-limit', kind: 'value', type: 'int', parse: parseGoInt, description: 'Tune container pids limit (set -1 for unlimited)' },
  { long: 'platform', kind: 'value', description: 'Set platform if server is multi-platform capable' },
  { long: 'privileged', kind: 'bool', description: 'Give extended privileges to this container' },
  { long: 'publish', short: 'p', kind: 'list', description: "Publish a container's port(s) to the host" },
  { long: 'publish-all', short: 'P', kind: 'bool', description: 'Publish all exposed ports to random ports' },
  { long: 'pull', kind: 'value', description: 'Pull image before running ("always", "missing", "never")', defaultText: '"missing"' },
  { long: 'quiet', short: 'q', kind: 'bool', description: 'Suppress the pull output' },
  { long: 'read-only', kind: 'bool', description: "Mount the container's root filesystem as read only" },
  { long: 'restart', kind: 'value', description: 'Restart policy to apply when a container exits', defaultText: '"no"' },
  { long: 'rm', kind: 'bool', description: 'Automatically remove the container and its associated anonymous volumes when it exits' },
  { long: 'runtime', kind: 'value', description: 'Runtime to use for this container' },
  { long: 'security-opt', kind: 'list', description: 'Security Options' },
  { long: 'shm-size', kind: 'value', type: 'bytes', parse: bytes, description: 'Size of /dev/shm' },
  { long: 'stop-signal', kind: 'value', description: 'Signal to stop the container' },
  { long: 'stop-timeout', kind: 'value', type: 'int', parse: parseGoInt, description: 'Timeout (in seconds) to stop a container' },
  { long: 'storage-opt', kind: 'list', parse: keyValue, description: 'Storage driver options for the container' },
  { long: 'sysctl', kind: 'list', type: 'map', parse: keyValue, description: 'Sysctl options' },
  { long: 'tmpfs', kind: 'list', description: 'Mount a tmpfs directory' },
  { long: 'tty', short: 't', kind: 'bool', description: 'Allocate a pseudo-TTY' },
  { long: 'ulimit', kind: 'list', type: 'ulimit', parse: parseUlimit, description: 'Ulimit options' },
  { long: 'user', short: 'u', kind: 'value', description: 'Username or UID (format: <name|uid>[:<group|gid>])' },
  { long: 'userns', kind: 'value', description: 'User namespace to use' },
  { long: 'uts', kind: 'value', description: 'UTS namespace to use' },
  { long: 'volume', short: 'v', kind: 'list', description: 'Bind mount a volume' },
  { long: 'volume-driver', kind: 'value', description: 'Optional volume driver for the container' },
  { long: 'volumes-from', kind: 'list', description: 'Mount volumes from the specified container(s)' },
  { long: 'workdir', short: 'w', kind: 'value', description: 'Working directory inside the container' },
];

/** `run` adds detaching and signal proxying. */
const runOnlyFlags: FlagSpec[] = [
  { long: 'detach', short: 'd', kind: 'bool', description: 'Run container in background and print container ID' },
  { long: 'detach-keys', kind: 'value', description: 'Override the key sequence for detaching a container' },
  { long: 'sig-proxy', kind: 'bool', description: 'Proxy received signals to the process', defaultText: 'true' },
];

// Plain comparison: localeCompare would load ICU collation data on every `run`.
export const runFlags: FlagSpec[] = [...containerFlags, ...runOnlyFlags].sort((a, b) => (a.long < b.long ? -1 : 1));
