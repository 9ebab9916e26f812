import type { CommandSpec } from '../command-spec.js';
import { pullImage } from '../streams/pull-image.js';

export const imagePull: CommandSpec = {
  usage: '[OPTIONS] NAME[:TAG|@DIGEST]',
  description: 'Download an image from a registry',
  flags: [
    { long: 'all-tags', short: 'a', kind: 'bool', description: 'Download all tagged images in the repository', hidden: true },
    { long: 'platform', kind: 'value', description: 'Set platform if server is multi-platform capable' },
    { long: 'quiet', short: 'q', kind: 'bool', description: 'Suppress verbose output' },
  ],
  args: { exact: 1 },
  async run(ctx, args) {
    const platform = args.value('platform');
    const ref = await pullImage(ctx, args.positionals[0]!, { quiet: args.bool('quiet'), out: ctx.stdout, announceDefaultTag: true, ...(platform ? { platform } : {}) });
    ctx.out(`${ref}\n`);
  },
};
