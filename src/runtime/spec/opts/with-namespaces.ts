import { internal } from '../../../core/engine-error.js';
import type { LinuxNamespace, NamespaceType } from '../runtime-spec.js';
import type { SpecOpt } from '../spec-opt.js';

function set(list: LinuxNamespace[], ns: LinuxNamespace): void {
  const at = list.findIndex((n) => n.type === ns.type);
  if (at >= 0) list[at] = ns;
  else list.push(ns);
}

const remove = (list: LinuxNamespace[], type: NamespaceType) => list.filter((n) => n.type !== type);

/**
 * Private pid, mount, uts and ipc namespaces, and a private cgroup namespace on both cgroup
 * versions (Docker uses the host's on v1; crun and runc handle a private one there too, so the
 * container sees its own cgroup as the root either way). Network: the host's for
 * `--network host`, the engine's prepared one when `netnsPath` is set, else a new one.
 */
export const withNamespaces: SpecOpt = (spec, { host, netnsPath, namespacePaths }) => {
  if (host.networkMode.startsWith('container:') && !netnsPath) {
    throw internal(`network mode ${host.networkMode} needs the other container's netns path`);
  }
  let list = spec.linux.namespaces;
  if (host.networkMode === 'host') list = remove(list, 'network');
  else set(list, netnsPath ? { type: 'network', path: netnsPath } : { type: 'network' });
  set(list, { type: 'cgroup' });
  // --pid/--ipc host or container:X, --uts host: share instead of a new namespace.
  for (const [type, mode, path] of [['pid', host.pidMode, namespacePaths?.pid], ['ipc', host.ipcMode, namespacePaths?.ipc]] as const) {
    if (mode === 'host') list = remove(list, type);
    else if (mode?.startsWith('container:')) {
      if (!path) throw internal(`${type} mode ${mode} needs the other container's namespace path`);
      set(list, { type, path });
    }
  }
  if (host.utsMode === 'host') {
    list = remove(list, 'uts');
    // Setting a hostname would rename the host.
    delete spec.hostname;
    delete spec.domainname;
  }
  spec.linux.namespaces = list;
};
