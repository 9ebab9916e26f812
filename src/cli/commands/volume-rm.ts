import type { CommandSpec } from '../command-spec.js';
import { forEachTarget } from '../for-each-target.js';

export const volumeRm: CommandSpec = {
  usage: '[OPTIONS] VOLUME [VOLUME...]',
  description: 'Remove one or more volumes. You cannot remove a volume that is in use by a container.',
  flags: [{ long: 'force', short: 'f', kind: 'bool', description: 'Force the removal of one or more volumes' }],
  args: { min: 1 },
  run: (ctx, args) => forEachTarget(ctx, args.positionals, (name) => ctx.client.volumes.remove(name, { force: args.bool('force') })),
};
