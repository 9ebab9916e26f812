import type { SpecOpt } from '../spec-opt.js';

/** The prepared rootfs; `--read-only` makes it read-only (see withMounts for the mounts). */
export const withRoot: SpecOpt = (spec, { rootfsPath, host }) => {
  spec.root = { path: rootfsPath, readonly: host.readonlyRootfs };
};
