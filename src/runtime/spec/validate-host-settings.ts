import type { HostSettings } from '../../core/container.js';
import { invalidArgument } from '../../core/engine-error.js';
import { resolveCapabilities } from './capabilities.js';
import { userMounts } from './opts/with-mounts.js';
import { parseSeccompProfile } from './seccomp/parse-seccomp-profile.js';
import { parseSecurityOptions } from './security-options.js';
import type { HostFacts } from './spec-input.js';
import { validateResources } from './validate-resources.js';
import { validateUlimits } from './validate-ulimits.js';

/**
 * Create-time checks of everything in HostSettings that spec generation would reject later,
 * so `docker create` fails with invalid_argument instead of `docker start`: resources,
 * ulimits, capabilities, security options (including a custom seccomp profile), mounts.
 */
export function validateHostSettings(host: HostSettings, ctx: { hostFacts: HostFacts; cpuCount: number }): void {
  validateResources(host.resources, { cpuCount: ctx.cpuCount });
  validateUlimits(host.resources.ulimits ?? [], ctx.hostFacts.hardRlimits);
  resolveCapabilities(host, ctx.hostFacts.boundingCapabilities);
  const security = parseSecurityOptions(host.securityOpt);
  if (security.seccomp.kind === 'custom') parseSeccompProfile(security.seccomp.profileJson);
  userMounts(host);
  if (host.oomScoreAdj < -1000 || host.oomScoreAdj > 1000) {
    throw invalidArgument(`Invalid value ${host.oomScoreAdj}, range for oom score adj is [-1000, 1000]`);
  }
  if (host.shmSize < 0) throw invalidArgument('SHM size can not be less than 0');
}
