import { parseSeccompProfile } from '../seccomp/parse-seccomp-profile.js';
import { defaultSeccompProfile } from '../seccomp/default-seccomp-profile.js';
import { resolveSeccompProfile } from '../seccomp/resolve-seccomp-profile.js';
import { parseSecurityOptions } from '../security-options.js';
import type { SpecOpt } from '../spec-opt.js';

/**
 * The default profile, a custom one (`seccomp=<json>`), or none (`seccomp=unconfined`, or
 * privileged without a custom profile), resolved for the container's bounding set, so it
 * must run after withCapabilities.
 */
export const withSeccomp: SpecOpt = (spec, { host, hostFacts }) => {
  const choice = parseSecurityOptions(host.securityOpt).seccomp;
  if (choice.kind === 'unconfined' || (host.privileged && choice.kind === 'default')) {
    delete spec.linux.seccomp;
    return;
  }
  const profile = choice.kind === 'custom' ? parseSeccompProfile(choice.profileJson) : defaultSeccompProfile;
  const seccomp = resolveSeccompProfile(profile, {
    capabilities: spec.process.capabilities.bounding,
    arch: hostFacts.arch,
    kernelVersion: hostFacts.kernelVersion,
  });
  if (seccomp) spec.linux.seccomp = seccomp;
  else delete spec.linux.seccomp;
};
