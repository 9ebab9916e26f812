import type { CommandSpec } from '../command-spec.js';
import { inspectObjects } from '../inspect-objects.js';
import { formatFlag } from '../options/format-flag.js';

export const containerInspect: CommandSpec = {
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  description: 'Display detailed information on one or more containers',
  flags: [
    formatFlag('plain', 'f'),
    { long: 'size', short: 's', kind: 'bool', description: 'Display total file sizes' },
  ],
  args: { min: 1 },
  run: (ctx, args) => inspectObjects(ctx, args.positionals, args.value('format'),
    (name) => ctx.client.containers.inspect(name, { size: args.bool('size') })),
};
