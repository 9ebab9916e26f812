import type { CommandSpec } from '../command-spec.js';
import { CliError } from '../cli-error.js';
import { errorText } from '../error-text.js';

export const imageRm: CommandSpec = {
  usage: '[OPTIONS] IMAGE [IMAGE...]',
  description: 'Remove one or more images',
  flags: [
    { long: 'force', short: 'f', kind: 'bool', description: 'Force removal of the image' },
    { long: 'no-prune', kind: 'bool', description: 'Do not delete untagged parents' },
  ],
  args: { min: 1 },
  async run(ctx, args) {
    const errors: string[] = [];
    for (const image of args.positionals) {
      try {
        const items = await ctx.client.images.remove(image, { force: args.bool('force'), noPrune: args.bool('no-prune') });
        for (const item of items) ctx.out(item.Deleted ? `Deleted: ${item.Deleted}\n` : `Untagged: ${item.Untagged}\n`);
      } catch (err) {
        errors.push(errorText(err));
      }
    }
    if (errors.length > 0) throw new CliError(errors.join('\n'));
  },
};
