import type { CommandSpec } from '../command-spec.js';
import { forEachTarget } from '../for-each-target.js';

export const containerKill: CommandSpec = {
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  description: 'Kill one or more running containers',
  flags: [{ long: 'signal', short: 's', kind: 'value', description: 'Signal to send to the container' }],
  args: { min: 1 },
  run: (ctx, args) => forEachTarget(ctx, args.positionals, async (id) => {
    const signal = args.value('signal');
    await ctx.client.containers.kill(id, signal ? { signal } : {});
  }),
};
