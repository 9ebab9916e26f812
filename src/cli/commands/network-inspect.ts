import type { CommandSpec } from '../command-spec.js';
import { inspectObjects } from '../inspect-objects.js';
import { formatFlag } from '../options/format-flag.js';

export const networkInspect: CommandSpec = {
  usage: '[OPTIONS] NETWORK [NETWORK...]',
  description: 'Display detailed information on one or more networks',
  flags: [
    formatFlag('plain', 'f'),
    { long: 'verbose', short: 'v', kind: 'bool', description: 'Verbose output for diagnostics' },
  ],
  args: { min: 1 },
  run: (ctx, args) => inspectObjects(ctx, args.positionals, args.value('format'),
    (name) => ctx.client.networks.inspect(name, { verbose: args.bool('verbose') })),
};
