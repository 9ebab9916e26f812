import { EngineError } from '../../../core/engine-error.js';
import type { SpecOpt } from '../spec-opt.js';

/** Where Docker puts its init in the container; scripts look for this path. */
export const CONTAINER_INIT_PATH = '/sbin/docker-init';

/**
 * `--init`: a tiny init (tini) becomes PID 1, reaps zombies and forwards signals to the
 * real command. The host binary is bind-mounted read-only; runs after withProcess.
 */
export const withInit: SpecOpt = (spec, { host, hostFacts }) => {
  if (!host.init) return;
  if (!hostFacts.initPath) {
    throw new EngineError('unavailable', 'no init binary available for --init', {
      hint: 'install tini (tini-static) on the host or run without --init',
    });
  }
  spec.process.args = [CONTAINER_INIT_PATH, '--', ...spec.process.args];
  spec.mounts.push({ destination: CONTAINER_INIT_PATH, type: 'bind', source: hostFacts.initPath, options: ['bind', 'ro'] });
};
