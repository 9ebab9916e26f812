import type { CommandSpec } from '../command-spec.js';
import { inspectObjects } from '../inspect-objects.js';
import { formatFlag } from '../options/format-flag.js';

export const volumeInspect: CommandSpec = {
  usage: '[OPTIONS] VOLUME [VOLUME...]',
  description: 'Display detailed information on one or more volumes',
  flags: [formatFlag('plain', 'f')],
  args: { min: 1 },
  run: (ctx, args) => inspectObjects(ctx, args.positionals, args.value('format'), (name) => ctx.client.volumes.inspect(name)),
};
