import type { CommandSpec } from '../command-spec.js';
import { alignColumns } from '../format/tab-writer.js';

export const containerTop: CommandSpec = {
  usage: 'CONTAINER [ps OPTIONS]',
  description: 'Display the running processes of a container',
  flags: [],
  interspersed: false,
  args: { min: 1 },
  async run(ctx, args) {
    const [id = '', ...psArgs] = args.positionals;
    const top = await ctx.client.containers.top(id, psArgs.length > 0 ? psArgs.join(' ') : undefined);
    const lines = [top.Titles.join('\t'), ...(top.Processes ?? []).map((p) => p.join('\t'))];
    ctx.out(alignColumns(`${lines.join('\n')}\n`, { minWidth: 20, padding: 3 }));
  },
};
