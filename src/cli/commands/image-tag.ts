import type { CommandSpec } from '../command-spec.js';
import { parseReference } from '../views/image-reference.js';

export const imageTag: CommandSpec = {
  usage: 'SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
  description: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
  flags: [],
  args: { exact: 2 },
  async run(ctx, args) {
    const [source = '', target = ''] = args.positionals;
    const ref = parseReference(target);
    if (ref.digest !== undefined) throw new Error('refusing to create a tag with a digest reference');
    await ctx.client.images.tag(source, ref.name, ref.tag ?? 'latest');
  },
};
