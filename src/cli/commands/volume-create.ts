import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { stringMap } from '../options/string-map.js';

export const volumeCreate: CommandSpec = {
  usage: '[OPTIONS] [VOLUME]',
  description: 'Create a volume',
  flags: [
    { long: 'driver', short: 'd', kind: 'value', type: 'string', description: 'Specify volume driver name', defaultText: '"local"' },
    { long: 'label', kind: 'list', type: 'list', description: 'Set metadata for a volume' },
    { long: 'name', kind: 'value', type: 'string', description: 'Specify volume name', hidden: true },
    { long: 'opt', short: 'o', kind: 'list', type: 'map', description: 'Set driver specific options', defaultText: 'map[]' },
  ],
  args: { max: 1 },
  async run(ctx, args) {
    const fromFlag = args.value('name');
    const positional = args.positionals[0];
    if (fromFlag && positional) throw new CliError('conflicting options: cannot specify a volume-name through both --name and as a positional arg');
    const name = positional ?? fromFlag;
    const opts = args.list('opt') as string[];
    const labels = args.list('label') as string[];
    const vol = await ctx.client.volumes.create({
      Driver: args.value('driver') ?? 'local',
      ...(opts.length ? { DriverOpts: stringMap(opts) } : {}),
      ...(labels.length ? { Labels: stringMap(labels) } : {}),
      ...(name ? { Name: name } : {}),
    });
    ctx.out(`${vol.Name}\n`);
  },
};
