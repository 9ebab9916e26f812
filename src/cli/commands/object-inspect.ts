import { ClientError } from '../../client/client-error.js';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { inspectObjects } from '../inspect-objects.js';
import { formatFlag } from '../options/format-flag.js';

export const objectInspect: CommandSpec = {
  usage: '[OPTIONS] NAME|ID [NAME|ID...]',
  description: 'Return low-level information on berth objects',
  flags: [
    formatFlag('plain', 'f'),
    { long: 'size', short: 's', kind: 'bool', description: 'Display total file sizes if the type is container' },
    { long: 'type', kind: 'value', description: 'Only inspect objects of the given type' },
  ],
  args: { min: 1 },
  run(ctx, args) {
    const type = args.value('type');
    if (type !== undefined && type !== 'container' && type !== 'image') {
      throw new CliError(`"${type}" is not a valid value for --type`);
    }
    const size = args.bool('size');
    return inspectObjects(ctx, args.positionals, args.value('format'), async (name) => {
      if (type === 'image') return ctx.client.images.inspect(name);
      if (type === 'container') return ctx.client.containers.inspect(name, { size });
      // Like docker: a container by that name first, then an image.
      try {
        return await ctx.client.containers.inspect(name, { size });
      } catch (err) {
        if (!ClientError.is(err, 'not_found')) throw err;
      }
      try {
        return await ctx.client.images.inspect(name);
      } catch (err) {
        if (!ClientError.is(err, 'not_found')) throw err;
      }
      throw new Error(`Error: No such object: ${name}`);
    });
  },
};
