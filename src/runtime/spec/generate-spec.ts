import { defaultSpec } from './default-spec.js';
import { withCapabilities } from './opts/with-capabilities.js';
import { withDevices } from './opts/with-devices.js';
import { withHostname } from './opts/with-hostname.js';
import { withInit } from './opts/with-init.js';
import { withMounts } from './opts/with-mounts.js';
import { withNamespaces } from './opts/with-namespaces.js';
import { withProcess } from './opts/with-process.js';
import { withResources } from './opts/with-resources.js';
import { withRlimits } from './opts/with-rlimits.js';
import { withRoot } from './opts/with-root.js';
import { withSeccomp } from './opts/with-seccomp.js';
import { withSysctls } from './opts/with-sysctls.js';
import { withSystemPaths } from './opts/with-system-paths.js';
import type { RuntimeSpec } from './runtime-spec.js';
import type { SpecInput } from './spec-input.js';
import type { SpecOpt } from './spec-opt.js';

/**
 * The steps, in order. Order matters in three places: hostname before process (HOSTNAME env),
 * process before init (init wraps the args), capabilities before seccomp (rules follow caps).
 */
export const DEFAULT_SPEC_OPTS: readonly SpecOpt[] = [
  withRoot,
  withHostname,
  withProcess,
  withInit,
  withNamespaces,
  withCapabilities,
  withRlimits,
  withResources,
  withDevices,
  withSysctls,
  withMounts,
  withSystemPaths,
  withSeccomp,
];

/**
 * The OCI runtime spec for one container: Docker's defaults adjusted by each SpecOpt.
 * Pure: the same input always gives the same spec. Settings that cannot be honoured throw
 * EngineError('invalid_argument'), so the engine may also call this at create to validate.
 */
export function generateSpec(input: SpecInput, opts: readonly SpecOpt[] = DEFAULT_SPEC_OPTS): RuntimeSpec {
  const spec = defaultSpec();
  for (const opt of opts) opt(spec, input);
  return spec;
}
