import type { CommandSpec } from '../command-spec.js';
import { inspectObjects } from '../inspect-objects.js';
import { formatFlag } from '../options/format-flag.js';

export const imageInspect: CommandSpec = {
  usage: '[OPTIONS] IMAGE [IMAGE...]',
  description: 'Display detailed information on one or more images',
  flags: [formatFlag('plain', 'f')],
  args: { min: 1 },
  run: (ctx, args) => inspectObjects(ctx, args.positionals, args.value('format'), (name) => ctx.client.images.inspect(name)),
};
