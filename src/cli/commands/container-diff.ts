import type { CommandSpec } from '../command-spec.js';

const KIND = ['C', 'A', 'D'];

export const containerDiff: CommandSpec = {
  usage: 'CONTAINER',
  description: "Inspect changes to files or directories on a container's filesystem",
  flags: [],
  args: { exact: 1 },
  async run(ctx, args) {
    const changes = await ctx.client.containers.changes(args.positionals[0]!);
    for (const change of changes) ctx.out(`${KIND[change.Kind] ?? '?'} ${change.Path}\n`);
  },
};
