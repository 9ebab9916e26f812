import type { CommandSpec } from '../command-spec.js';
import { forEachTarget } from '../for-each-target.js';
import { STOP_FLAGS, stopOptions } from '../options/stop-flags.js';

export const containerStop: CommandSpec = {
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  description: 'Stop one or more running containers',
  flags: STOP_FLAGS,
  args: { min: 1 },
  run: (ctx, args) => forEachTarget(ctx, args.positionals, async (id) => {
    await ctx.client.containers.stop(id, stopOptions(args));
  }),
};
