import type { CommandSpec } from '../command-spec.js';
import { writeArchive } from '../output-file.js';

export const containerExport: CommandSpec = {
  usage: '[OPTIONS] CONTAINER',
  description: "Export a container's filesystem as a tar archive",
  flags: [{ long: 'output', short: 'o', kind: 'value', description: 'Write to a file, instead of STDOUT' }],
  args: { exact: 1 },
  async run(ctx, args) {
    const body = await ctx.client.containers.export(args.positionals[0]!);
    await writeArchive(ctx, body, args.value('output'));
  },
};
