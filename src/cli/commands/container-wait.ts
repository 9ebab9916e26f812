import type { CommandSpec } from '../command-spec.js';
import { forEachTarget } from '../for-each-target.js';

export const containerWait: CommandSpec = {
  usage: 'CONTAINER [CONTAINER...]',
  description: 'Block until one or more containers stop, then print their exit codes',
  flags: [],
  args: { min: 1 },
  run: (ctx, args) => forEachTarget(ctx, args.positionals, async (id) => {
    const { result } = await ctx.client.containers.wait(id);
    const res = await result;
    if (res.Error?.Message) throw new Error(res.Error.Message);
    return String(res.StatusCode);
  }),
};
