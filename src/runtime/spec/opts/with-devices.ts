import type { SpecOpt } from '../spec-opt.js';

/**
 * `--privileged` gets every host device and a device cgroup that allows all; otherwise
 * Docker's default rules from defaultSpec stand.
 */
export const withDevices: SpecOpt = (spec, { host, hostFacts }) => {
  if (!host.privileged) return;
  spec.linux.devices = (hostFacts.hostDevices ?? []).map((d) => ({ ...d }));
  spec.linux.resources.devices = [{ allow: true, access: 'rwm' }];
};
