import { parseGoInt } from '../args/go-strconv.js';
import type { CommandSpec } from '../command-spec.js';
import { forEachTarget } from '../for-each-target.js';

export const containerStop: CommandSpec = {
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  description: 'Stop one or more running containers',
  flags: [
    { long: 'signal', short: 's', kind: 'value', description: 'Signal to send to the container' },
    { long: 'timeout', short: 't', kind: 'value', type: 'int', parse: parseGoInt, description: 'Seconds to wait before killing the container' },
  ],
  args: { min: 1 },
  run: (ctx, args) => forEachTarget(ctx, args.positionals, async (id) => {
    const timeout = args.value<number>('timeout');
    const signal = args.value('signal');
    await ctx.client.containers.stop(id, { ...(timeout !== undefined ? { timeout } : {}), ...(signal ? { signal } : {}) });
  }),
};
