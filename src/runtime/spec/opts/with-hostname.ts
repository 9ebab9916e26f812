import type { SpecOpt } from '../spec-opt.js';

/** Hostname defaults to the short id, as Docker sets it at create when none is given. */
export const withHostname: SpecOpt = (spec, { id, config }) => {
  spec.hostname = config.hostname || id.slice(0, 12);
  if (config.domainname) spec.domainname = config.domainname;
};
