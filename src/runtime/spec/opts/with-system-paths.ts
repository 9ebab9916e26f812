import type { SpecOpt } from '../spec-opt.js';

/**
 * Masked and read-only /proc and /sys paths: Docker's defaults plus host-specific ones,
 * none when privileged, or exactly the caller's lists when given
 * (`--security-opt systempaths=unconfined` arrives as two empty lists).
 */
export const withSystemPaths: SpecOpt = (spec, { host, hostFacts, maskedPaths, readonlyPaths }) => {
  if (host.privileged) {
    delete spec.linux.maskedPaths;
    delete spec.linux.readonlyPaths;
  } else {
    spec.linux.maskedPaths = [...(spec.linux.maskedPaths ?? []), ...(hostFacts.extraMaskedPaths ?? [])];
  }
  if (maskedPaths) spec.linux.maskedPaths = [...maskedPaths];
  if (readonlyPaths) spec.linux.readonlyPaths = [...readonlyPaths];
};
