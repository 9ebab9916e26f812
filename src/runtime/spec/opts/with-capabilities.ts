import { resolveCapabilities } from '../capabilities.js';
import type { SpecOpt } from '../spec-opt.js';

/**
 * Bounding, effective and permitted get the container's set; inheritable and ambient stay
 * empty (Docker 25+), so a non-root user's execve drops them as the kernel intends.
 */
export const withCapabilities: SpecOpt = (spec, { host, hostFacts }) => {
  const caps = resolveCapabilities(host, hostFacts.boundingCapabilities);
  spec.process.capabilities = {
    bounding: [...caps],
    effective: [...caps],
    permitted: [...caps],
    inheritable: [],
    ambient: [],
  };
};
