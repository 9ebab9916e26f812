import type { CommandSpec } from '../command-spec.js';
import { forEachTarget } from '../for-each-target.js';

export const containerUnpause: CommandSpec = {
  usage: 'CONTAINER [CONTAINER...]',
  description: 'Unpause all processes within one or more containers',
  flags: [],
  args: { min: 1 },
  run: (ctx, args) => forEachTarget(ctx, args.positionals, (id) => ctx.client.containers.unpause(id)),
};
