import type { SpecOpt } from '../spec-opt.js';

/**
 * Docker's two network defaults for a container with its own network namespace (unprivileged
 * ping, and binding ports below 1024 without CAP_NET_BIND_SERVICE), then the user's
 * `--sysctl` values, which win. The runtime rejects sysctls that are not namespaced.
 */
export const withSysctls: SpecOpt = (spec, { host }) => {
  const sysctl: Record<string, string> = {};
  const ownNetns = host.networkMode !== 'host' && !host.networkMode.startsWith('container:');
  if (ownNetns) {
    sysctl['net.ipv4.ping_group_range'] = '0 2147483647';
    sysctl['net.ipv4.ip_unprivileged_port_start'] = '0';
  }
  Object.assign(sysctl, host.sysctls);
  if (Object.keys(sysctl).length) spec.linux.sysctl = sysctl;
};
